"""Auditing Word documents: the same rules, findings placed as a Word user finds the cell,
and the report's text checked against its tables (R001).

Recomputed totals, worked by hand (SPEC §3; the same arithmetic as the 汇总表 golden test):
  表格3 医保信息化建设: 10 + (10+10+20+96/97×10=9.90) + (10+15+5) + 10 = 99.90
  表格4 市外医疗保障专项经费: 10 + (10+20+10+0) + (0+10+5+0) + 10 = 75 (rows without values: 0)
  表格5 业务处室管理工作经费: 10 + (30+20) + (10+0+10) + 10 = 90
  表格6 医保医疗救助项目资金支出: 10 + (10+10+30) + (10+10+5+5) + 10 = 100
  表格7 定向不达标人工工资: 10 + (10+15+10+15) + (10+10+10) + 10 = 100
"""

from __future__ import annotations

import copy
import json
import shutil

import pytest

from evalxl.batch import RunSettings, run
from evalxl.inbox import discover
from evalxl.pipeline import audit_file
from evalxl.profile import national
from wordkit import REPORT, ROOT, TABLE_ONLY, fixture_module, legacy_doc, report_document


@pytest.fixture(scope="module")
def audited():
    return audit_file(REPORT, REPORT.name, national())


def _r001(result):
    return [f for f in result.findings if f.code == "R001"]


def test_table_findings_carry_word_places(audited):
    _, result = audited
    t3 = result.tables[2]
    i001 = {f.place["row"]: f for f in t3.findings if f.code == "I001"}
    # 成本指标 96% / 97% (lower is better): 96 ÷ 97 × 10 = 9.897 -> 9.9; 满意度 96 / 96 met -> 10
    assert i001[15].place == {"table": 3, "row": 15, "col": 8} and i001[15].fix.value == pytest.approx(9.9)
    assert i001[22].place == {"table": 3, "row": 22, "col": 8} and i001[22].fix.value == 10
    assert i001[15].sheet == "表格3" and i001[15].cell == "第15行 第8列"
    assert i001[15].message.startswith("第15行 第8列 得分填报 9.6，应为 9.9")
    total = next(f for f in t3.findings if f.code == "T001")
    # the total sits in the 7th cell of row 24 ([A:C] D E F G H I); the message names the cells it sums
    assert total.place == {"table": 3, "row": 24, "col": 7} and total.fix.value == pytest.approx(99.9)
    assert "第15行 第8列 应为 9.9" in total.message and "H15" not in total.message
    funds = next(f for f in t3.findings if f.code == "F003")
    assert funds.place == {"table": 3, "row": 6, "col": 5} and funds.fix.value == 10


def test_no_message_of_a_word_table_names_an_a1_cell(audited):
    import re

    _, result = audited
    for f in result.findings:
        assert not re.search(r"(?<![A-Za-z0-9])[A-Z]{1,2}\d{1,3}(?![A-Za-z0-9])", f.message), f.message


def test_narrative_against_tables_by_hand(audited):
    _, result = audited
    got = {f.place["paragraph"]: f for f in _r001(result)}
    # 8 经常性 99.3 vs 表格3 entered 99.6 (recomputed 99.9): tied by order (names differ, amounts 80/80 agree)
    # 10 市外 99.4 = entered 99.4 but recomputed 75; 11 业务档案 99.5 = 99.5, recomputed 90;
    # 12 医保智能 99.5 = 99.5, recomputed 100; 13 在岗不在编 99.5 = 99.5, recomputed 100.
    # 6 行政运行费, 7 三员建设费, 14 病历评审费用项目: 100 everywhere: nothing.
    assert sorted(got) == [8, 10, 11, 12, 13]
    f = got[8]
    assert f.message.startswith("报告中“经常性业务经费项目”自评得分为 99.3 分，自评表（表格3“医保信息化建设”）填报 99.6 分（重算 99.9 分）")
    assert "按报告中项目的顺序和金额对应" in f.message and "原文：「" in f.message
    assert (f.entered, f.extra["table_value"], f.extra["tied_by"]) == (99.3, 99.6, "order")
    assert f.severity.value == "error" and f.fix is None
    assert "重算为 75 分" in got[10].message and got[10].extra["table_value"] == 99.4
    # the R001 of a table goes with that table's findings
    assert f in result.tables[2].findings


def _project(name, budget, executed, total):
    """Seed 001's 8th project (layout A, all met) under another name and amounts."""
    bs = fixture_module("build_samples")
    t = copy.deepcopy(bs.SEED001_P8)
    t["name"] = name
    t["funds"][0] = ("total", "年度资金总额：", [budget, budget, executed, 10, "100%", 10])
    t["funds"][1] = ("current", "其中：当年财政拨款", [budget, budget, executed, "-", "-", "-"])
    t["total"] = (100, total)
    return t


def test_amounts_rates_and_words_compared_by_name(tmp_path):
    doc = report_document(tmp_path / "报告.docx", [
        "“医保政策宣传经费”项目绩效自评综述：项目绩效自评得分为九十九点三分。全年预算数为八十万元，执行数为 800,000元，"
        "完成预算的百分之百。",
        "本单位自评得分为 50 分。",  # names no project: left alone
        "“不在本文档的项目”自评得分为 90 分。",  # no table of its own: left for the batch
        "另，医保政策宣传经费项目全年预算数为 81 万元。",  # no quotes, but the table's name stands in it
    ], [_project("医保政策宣传经费", 80, 79.5, 100)])
    wb, result = audit_file(doc, doc.name, national())
    got = {f.extra["kind"]: f for f in _r001(result)}
    # 得分: stated 99.3, entered 100; recomputed: funds min(79.5/80, 1) × 10 = 9.9375 -> 9.94, + 90 = 99.94
    assert got["score"].message.startswith("报告中“医保政策宣传经费”自评得分为 99.3 分，自评表（表格1“医保政策宣传经费”）填报 100 分（重算 99.94 分）")
    # 全年预算数 八十万元 = 80 万元 = the table's 80: nothing; the unquoted sentence's 81 differs
    assert got["budget"].message.startswith("报告中“医保政策宣传经费”全年预算数为 81 万元，自评表（表格1“医保政策宣传经费”）全年预算数为 80 万元")
    assert got["budget"].place == {"paragraph": 4}
    # 执行数 800,000元 = 80 万元 vs 79.5
    assert "执行数为 80 万元，自评表（表格1“医保政策宣传经费”）全年执行数为 79.5 万元" in got["executed"].message
    # 百分之百 = 100% vs 79.5 ÷ 80 = 99.375% -> 99.38%
    assert "完成预算的 100%，自评表（表格1“医保政策宣传经费”）执行率为 99.38%" in got["rate"].message
    # left for the batch: the statements no table of this document answers
    assert [(s.project, s.number) for s in result.statements] == [("", 50), ("不在本文档的项目", 90)]


def test_report_tied_to_a_workbook_of_the_same_unit(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(ROOT / "samples" / "病历评审费用项目.xlsx", inbox)  # 明光市医疗保障局, total 100
    report_document(inbox / "明光市报告.docx", [
        "明光市医疗保障局2021年度项目绩效自评报告",
        "“病历评审费用项目”绩效自评综述：项目绩效自评得分为 98 分。全年预算数为 6 万元。",
    ], [])
    report_document(inbox / "别的单位报告.docx", [  # another unit: its statement is not tied to 明光市's table
        "某县医疗保障局2021年度项目绩效自评报告",
        "“病历评审费用项目”绩效自评综述：项目绩效自评得分为 97 分。",
    ], [])
    result = run(RunSettings(inbox=inbox, out=tmp_path / "out", profile=national(), jobs=1))
    by_file = {f.file: f for f in result.files}
    mine = _r001(by_file["明光市报告.docx"])
    assert len(mine) == 1  # 全年预算数 6 = the workbook's 6: only the score differs
    assert mine[0].message.startswith(
        "报告中“病历评审费用项目”自评得分为 98 分，自评表（病历评审费用项目.xlsx 工作表「病历评审」“病历评审费用项目”）填报 100 分（重算 100 分）")
    assert not _r001(by_file["别的单位报告.docx"])
    import docx

    copy = docx.Document(str(tmp_path / "out" / "corrected" / "明光市报告.docx"))  # written again with it
    assert [c.text for c in copy.comments] == [mine[0].message]
    data = json.loads((tmp_path / "out" / "findings.json").read_text("utf-8"))
    r = next(f for f in data["findings"] if f["code"] == "R001")
    assert r["file"] == "明光市报告.docx" and r["place"] == {"paragraph": 2}


def test_ignoring_r001_leaves_the_batch_step_out(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(ROOT / "samples" / "病历评审费用项目.xlsx", inbox)
    report_document(inbox / "报告.docx", ["明光市医疗保障局", "“病历评审费用项目”自评得分为 98 分。"], [])
    result = run(RunSettings(inbox=inbox, out=tmp_path / "out", profile=national(), jobs=1, ignore=["R"]))
    assert not [f for x in result.files for f in x.findings if f.code == "R001"]


def test_inbox_audits_word_files(tmp_path):
    shutil.copy(TABLE_ONLY, tmp_path / "表.docx")
    shutil.copy(TABLE_ONLY, tmp_path / "其实是Word.xlsx")
    shutil.copy(ROOT / "samples" / "病历评审费用项目.xlsx", tmp_path / "其实是工作簿.docx")
    legacy_doc(tmp_path / "旧.doc")
    entries = {e.rel: e for e in discover([tmp_path])}
    assert not entries["表.docx"].skipped and not entries["旧.doc"].skipped
    result = run(RunSettings(inbox=tmp_path, out=tmp_path.parent / "out_inbox", profile=national(), jobs=1))
    by_file = {f.file: f for f in result.files}
    assert by_file["表.docx"].status == "ok" and by_file["表.docx"].corrected == "corrected/表.docx"
    # read as what the bytes are (a notice), the copy named for what it is
    assert by_file["其实是Word.xlsx"].corrected == "corrected/其实是Word.docx"
    assert by_file["其实是工作簿.docx"].corrected == "corrected/其实是工作簿.xlsx"
    assert {f.code for f in by_file["其实是工作簿.docx"].findings} == {"N001"}
    assert "N001" in {f.code for f in by_file["其实是Word.xlsx"].findings}
    assert by_file["旧.doc"].status == "unreadable"
    assert by_file["旧.doc"].message == "这是旧版 Word 文档（.doc），请另存为 .docx 后重新提交"


def test_department_report_against_its_scoring_table():
    """Seed 002: the report says 99 twice; the 评分表's rows add up to 86, recomputed 73
    (5+5 +5+4+5+5 +8+7+6+8+6+5 +8 +blank +3+6 = 86; 86 − 5 − 8 = 73, see tests/department).
    Paragraphs: 1 附件, 2 title, 3 单位名称, 4 1、, 5 基本情况, 6 三、, 7 总支出, 8 五、,
    9 「…评价得分为99分…」, 10 七、, 11 1、细化… (too long to be a heading), 12 八、, 13 「绩效自评结果得分99分…」."""
    from wordkit import SEED002

    _, result = audit_file(SEED002, SEED002.name, national())
    [d] = result.departments
    r002 = [f for f in d.findings if f.code == "R002"]
    assert [f.place for f in r002] == [{"paragraph": 9}, {"paragraph": 13}]
    assert r002[0].message.startswith(
        "报告中部门整体自评得分为 99 分，部门整体支出绩效评价指标评分表（表格1）各行填报得分合计 86 分（重算 73 分）")
    # a cell of the other table (the 基础数据表, 表格2) is named by that table's rows and cells:
    # its row 2 (after the two title lines lifted above it) is [A merged from above] 48 67 …
    d001 = next(f for f in d.findings if f.code == "D001" and "在职人员" in f.message)
    assert "67 见「表格2」第2行 第3列，编制数 48 见「表格2」第2行 第2列" in d001.message
    d013 = next(f for f in d.findings if f.code == "D013")
    assert d013.place == {"table": 1} and d013.cell is None


@pytest.mark.parametrize("stated,written,table,same", [
    (99.3, "99.3 分", 99.33, True),  # one decimal written: 99.33 rounds to 99.3
    (99.3, "九十九点三分", 99.26, True),
    (99.3, "99.3 分", 99.36, False),  # 99.36 rounds to 99.4
    (99, "99分", 99.4, False),  # no decimal written: only 99 itself
    (99.3, "99.3 分", 99.6, False),
])
def test_a_stated_score_as_far_as_it_is_written(stated, written, table, same):
    from evalxl.model import Statement
    from evalxl.rules.narrative import _same_score

    assert _same_score(Statement("甲", "score", stated, "", 1, 0, written), table) is same
