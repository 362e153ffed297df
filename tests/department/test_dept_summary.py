"""The 汇总表's sheet 部门整体 on the two department-wide samples (a `run` over them), the
CLI's text and JSON, and `evalxl rule` for the D codes. Numbers by hand from the seeds."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from deptkit import SEED002, SEED003

from evalxl.batch import RunSettings, run
from evalxl.findings import DepartmentResult, FileResult
from evalxl.profile import national

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from clirun import evalxl

HEADER = ["序号", "单位", "表格", "年度", "填报总分", "复核总分", "差异", "完成率", "评价等级", "错误数", "警告数",
          "需人工复核", "主要问题", "来源文件", "工作表"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    for p in (SEED002, SEED003):
        shutil.copy2(p, inbox / p.name)
    out = tmp_path_factory.mktemp("out")
    report = run(RunSettings(inbox=inbox, out=out, profile=national(), jobs=1))
    return report, out


@pytest.fixture(scope="module")
def sheet(outputs):
    _, out = outputs
    return openpyxl.load_workbook(out / "自评汇总表.xlsx")["部门整体"]


def test_sheet_order_and_header(outputs, sheet):
    _, out = outputs
    assert openpyxl.load_workbook(out / "自评汇总表.xlsx").sheetnames == ["汇总", "工作底稿", "部门整体", "问题清单", "等级分布", "文件清单"]
    assert sheet["A1"].value == "部门整体绩效自评审核情况"  # 2023 and 2020: no single year in the title
    assert [c.value for c in sheet[3]] == HEADER


def test_one_row_per_department_table(sheet):
    rows = {r[2]: r for r in sheet.iter_rows(min_row=4, max_row=5, values_only=True)}
    # files in inbox order: 华容区 (seed 003) before 衡山县 (seed 002)
    self_eval = rows["部门整体绩效自评表"]
    assert self_eval[:4] == (1, "华容区医疗保障局", "部门整体绩效自评表", 2023)
    # no score: no totals, no grade; completion (26 + 0.5 × 6) ÷ 33 = 87.88%; 1 warning (D015)
    assert self_eval[4:12] == (None, None, None, pytest.approx(29 / 33), None, 0, 1, 0)
    scoring = rows["部门整体支出绩效评价指标评分表"]
    assert scoring[:4] == (2, "（未填单位名称）", "部门整体支出绩效评价指标评分表", 2020)
    # entered 86 (sum of the rows), recomputed 73, −13, grade 中; D001 ×2; D004 + D008; 13 rows to review
    assert scoring[4:12] == (86, 73, -13, None, "中", 2, 2, 13)
    assert scoring[12].startswith("G3 得分填报 5，应为 0")


def test_formats_comments_and_links(sheet):
    assert sheet["H4"].number_format == "0.00%" and sheet["E5"].number_format == "0.00"
    assert sheet["H4"].comment.text == "完成率 87.88%（已完成 26、部分完成 6、未完成 1、不适用 4）"
    assert sheet["E5"].comment.text == "表中没有合计行：此为各行填报得分之和"
    link = sheet["O5"].hyperlink
    assert link.target.replace("\\", "/") == "corrected/衡山县医疗保障局_2020年度部门整体支出绩效评价.xlsx"
    assert sheet["N5"].value == "衡山县医疗保障局_2020年度部门整体支出绩效评价.xlsx" and sheet["O5"].value == "评分表"
    assert link.location == "'评分表'!A1"


def test_files_and_findings(outputs):
    report, out = outputs
    assert [f.status for f in report.files] == ["ok", "ok"]
    book = openpyxl.load_workbook(out / "自评汇总表.xlsx")
    ws = book["文件清单"]
    assert [ws.cell(r, 3).value for r in (3, 4)] == ["已审核", "已审核"]
    assert ws.cell(3, 7).value == "含部门整体表 1 张（见「部门整体」工作表）"
    codes = {book["问题清单"].cell(r, 6).value for r in range(3, book["问题清单"].max_row + 1)}
    assert {"D001", "D004", "D005", "D006", "D007", "D014", "D015"} <= codes
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    deps = {d["unit"]: d for f in data["files"] for d in f["departments"]}
    assert deps[""]["recomputed_total"] == 73 and deps["华容区医疗保障局"]["completion_rate"] == pytest.approx(29 / 33)
    assert all(f["department"] == 0 for f in data["findings"])


def test_summary_without_department_tables(tmp_path):
    from evalxl.writers.summary import write_summary

    path = tmp_path / "汇总.xlsx"
    write_summary(path, [], ["优", "良", "中", "差"])
    ws = openpyxl.load_workbook(path)["部门整体"]
    assert ws["A4"].value == "（本次未收到部门整体绩效自评表或评分表）"


def test_text_from_inputs_stays_text(tmp_path):
    from evalxl.writers.summary import write_summary

    evil = '=HYPERLINK("http://example.invalid","点我")'
    d = DepartmentResult(0, "S", "scoring", "部门整体支出绩效评价指标评分表", unit=evil, recomputed_total=90, grade="优")
    path = tmp_path / "汇总.xlsx"
    write_summary(path, [FileResult("a.xlsx", "ok", departments=[d])], ["优", "良", "中", "差"])
    cell = openpyxl.load_workbook(path)["部门整体"]["B4"]
    assert cell.value == evil and cell.data_type == "s"


def test_check_prints_department_tables():
    r = evalxl("check", SEED002, SEED003)
    assert r.returncode == 1  # errors found in the 评分表
    assert "部门整体 1「华容区医疗保障局」部门整体绩效自评表（工作表「部门整体自评表」）" in r.stdout
    assert "完成率 87.88%（已完成 26、部分完成 6、未完成 1、不适用 4）" in r.stdout
    assert "各行填报得分之和 86，重算合计 73，等级 中，需人工复核 13 行" in r.stdout
    assert "合计：审核 2 个文件、0 张自评表、2 张部门整体表" in r.stdout
    data = json.loads(evalxl("check", "--json", SEED002).stdout)
    [d] = data["files"][0]["departments"]
    assert (d["kind"], d["recomputed_total"], d["review_rows"]) == ("scoring", 73, 13)
    assert data["summary"]["department_tables"] == 1


def test_inspect_shows_department_tables():
    r = evalxl("inspect", SEED002)
    assert r.returncode == 0
    assert "部门整体表 1：部门整体支出绩效评价指标评分表（工作表「评分表」第 1–19 行）" in r.stdout
    assert "工作表「基础数据表」：基础数据表" in r.stdout and "编制数：48（B4）" in r.stdout


def test_rule_pages_of_the_department_family():
    r = evalxl("rule", "D005")
    assert r.returncode == 0 and r.stdout.startswith("D005 manual-review（提示，部门整体）")
    assert "需人工复核" in r.stdout
    r = evalxl("rule", "N002")
    assert r.returncode == 0 and "已停用" in r.stdout
    assert "D　部门整体" in evalxl("rules").stdout
