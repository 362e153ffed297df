"""`evalxl check`: output grouped by file and table, JSON, exit codes, folders, profiles."""

from __future__ import annotations

import json

import pytest
from clirun import ROOT, evalxl
from seedbooks import right_workbook, table4_workbook, wrong_workbook


@pytest.fixture
def inbox(tmp_path):
    """A folder as a finance officer gets it: workbooks in subfolders, a lock file, a note,
    a hidden file."""
    box = tmp_path / "inbox"
    (box / "一中心").mkdir(parents=True)
    right_workbook(box / "一中心" / "行政运行经费.xlsx")
    wrong_workbook(box / "医保信息化建设.xlsx")
    (box / "~$医保信息化建设.xlsx").write_bytes(b"\x00" * 165)
    (box / "说明.txt").write_text("请于 3 月底前提交", encoding="utf-8")
    (box / ".DS_Store").write_bytes(b"\x00\x00")
    return box


def test_right_file_exits_0(tmp_path):
    r = evalxl("check", right_workbook(tmp_path / "a.xlsx"))
    assert r.returncode == 0, r.stderr
    assert "未发现问题" in r.stdout and "重算总分 100" in r.stdout
    assert "Traceback" not in r.stderr


def test_folder_findings_grouped_by_file_and_table(inbox):
    r = evalxl("check", inbox)
    assert r.returncode == 1, r.stderr
    out = r.stdout
    # files sorted by their path relative to the folder, skipped ones listed with a reason
    assert out.index("文件：一中心/行政运行经费.xlsx") < out.index("文件：医保信息化建设.xlsx")
    assert "跳过：~$医保信息化建设.xlsx（Excel / WPS / LibreOffice 打开文件时产生的临时锁定文件" in out
    assert "跳过：说明.txt（" in out
    assert ".DS_Store" not in out
    # the table with errors: its sheet named once in its head, then cell, entered and expected
    assert "表 1「医保信息化建设」（工作表「医保信息化建设」）：错误 5 项，警告 2 项，提示 1 项" in out
    assert "    错误 F003 F6 资金得分填成了百分比 100%，应为分数 10" in out
    assert "填报：100%；应为：10" in out
    assert "    错误 I001 H15 得分填报 9.6，应为 9.9" in out
    assert "    错误 T001 I24 单位自评总分填报 99.6，应为 99.9" in out
    assert out.count("工作表「医保信息化建设」") == 1  # in the table's head only, not on each of its 8 findings
    assert "表 2「行政运行经费」（工作表「行政运行经费」）：未发现问题" in out
    # 行政运行经费 (明光市医疗保障局, 2021) is in both workbooks: one warning across the files, at the end
    assert ("跨文件：\n  医保信息化建设.xlsx 表 2「行政运行经费」（工作表「行政运行经费」）\n"
            "    警告 B001 项目「行政运行经费」（明光市医疗保障局，2021年）与 「一中心/行政运行经费.xlsx」工作表「行政运行经费」 重复报送") in out
    assert "合计：审核 2 个文件、3 张自评表；错误 5 项，警告 3 项，提示 1 项；跳过 2 个文件" in out
    # progress on stderr, not on stdout
    assert "[1/2] 审核 一中心/行政运行经费.xlsx" in r.stderr and "审核 一中心" not in out


def test_json(inbox):
    r = evalxl("check", "--json", inbox)
    assert r.returncode == 1
    data = json.loads(r.stdout)  # stdout is JSON only
    assert data["exit_code"] == 1 and data["profile"] == "national"
    assert data["summary"]["errors"] == 5 and data["summary"]["skipped"] == 2
    files = {f["file"]: f for f in data["files"]}
    assert files["说明.txt"]["status"] == "skipped"
    wrong = files["医保信息化建设.xlsx"]
    assert wrong["status"] == "ok" and wrong["format"] == "xlsx"
    t = wrong["tables"][0]
    assert (t["name"], t["entered_total"], t["recomputed_total"], t["grade"], t["errors"]) == (
        "医保信息化建设", 99.6, 99.9, "优", 5)
    f003 = next(f for f in wrong["findings"] if f["code"] == "F003")
    assert f003 == {**f003, "severity": "error", "sheet": "医保信息化建设", "cell": "F6", "entered": "100%",
                    "expected": 10, "file": "医保信息化建设.xlsx", "table": "医保信息化建设", "table_index": 0,
                    "rule": "funds-score-as-percent"}
    assert f003["fix"] == {"cell": "F6", "value": 10, "number_format": None}
    assert "审核" in r.stderr


def test_unreadable_file_exits_3(tmp_path):
    right_workbook(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_bytes(b"this is not a workbook at all")
    r = evalxl("check", tmp_path)
    assert r.returncode == 3
    assert "文件：b.xlsx" in r.stdout and "无法读取：" in r.stdout
    assert "Traceback" not in r.stderr + r.stdout
    data = json.loads(evalxl("check", "--json", tmp_path).stdout)
    assert {f["file"]: f["status"] for f in data["files"]} == {"a.xlsx": "ok", "b.xlsx": "unreadable"}


def test_unreadable_wins_over_errors(tmp_path):
    wrong_workbook(tmp_path / "a.xlsx")
    (tmp_path / "b.xls").write_bytes(b"")
    assert evalxl("check", tmp_path).returncode == 3


def test_workbook_without_table_is_listed_and_exits_0(tmp_path):
    """Beside a workbook with a table, one without is listed and does not change the code."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.cell(1, 1, "说明")
    wb.save(tmp_path / "blank.xlsx")
    right_workbook(tmp_path / "a.xlsx")
    r = evalxl("check", tmp_path)
    assert r.returncode == 0 and "未找到项目支出绩效自评表" in r.stdout and "未找到自评表 1 个文件" in r.stdout


def test_no_table_anywhere_says_so_and_exits_2(tmp_path):
    """Issue 13 point 9: a folder where no file holds a table is a wrong path, not a pass."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.cell(1, 1, "说明")
    wb.save(tmp_path / "blank.xlsx")
    (tmp_path / "说明.txt").write_text("x", encoding="utf-8")
    r = evalxl("check", tmp_path)
    assert r.returncode == 2, r.stderr
    assert "给出的路径中没有找到任何自评表" in r.stderr
    empty = tmp_path / "空"
    empty.mkdir()
    r = evalxl("check", empty)
    assert r.returncode == 2 and "没有找到任何自评表" in r.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["check", "/no/such/folder"], "路径不存在"),
        (["check", "--select", "X9", "."], "不是已知的规则代码"),
        (["check", "--ignore", "F3", "."], "不是已知的规则代码"),
    ],
)
def test_usage_errors_exit_2(args, words):
    r = evalxl(*args)
    assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr


def test_bad_profile_exits_2_naming_the_key(tmp_path):
    p = tmp_path / "p.toml"
    p.write_text("[weights]\nfund = 10\n", encoding="utf-8")
    r = evalxl("check", "--profile", p, right_workbook(tmp_path / "a.xlsx"))
    assert r.returncode == 2 and "weights.fund" in r.stderr and r.stdout == ""
    p.write_text("[rules]\nignore = [\"Z\"]\n", encoding="utf-8")
    r = evalxl("check", "--profile", p, tmp_path / "a.xlsx")
    assert r.returncode == 2 and "rules.ignore" in r.stderr
    r = evalxl("check", "--profile", tmp_path / "missing.toml", tmp_path / "a.xlsx")
    assert r.returncode == 2 and "不存在" in r.stderr


def test_profile_changes_the_result(tmp_path):
    # a profile that stops the rules of the funds, indicator and total families: nothing left is an error
    p = tmp_path / "p.toml"
    p.write_text("[rules]\nignore = [\"F\", \"I\", \"T\", \"W\"]\n", encoding="utf-8")
    r = evalxl("check", "--profile", p, wrong_workbook(tmp_path / "a.xlsx"))
    assert r.returncode == 0 and "错误" not in r.stdout.split("合计")[0]


def test_select_and_ignore(tmp_path):
    path = wrong_workbook(tmp_path / "a.xlsx")
    r = evalxl("check", "--select", "F", path)
    assert r.returncode == 1 and "F003" in r.stdout and "I001" not in r.stdout
    r = evalxl("check", "--ignore", "F003,I,T,W", path)
    assert r.returncode == 0 and "F003" not in r.stdout


def test_gbk_console(inbox):
    r = evalxl("check", inbox, env={"PYTHONIOENCODING": "gbk"})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "医保信息化建设" in r.stdout
    r = evalxl("check", "--json", inbox, env={"PYTHONIOENCODING": "gbk"})
    assert json.loads(r.stdout)["summary"]["errors"] == 5


def test_help_documents_the_exit_codes():
    r = evalxl("check", "--help")
    assert r.returncode == 0
    for words in ("0 未发现错误", "1 发现错误", "2 用法错误", "3 有文件无法读取"):
        assert words in r.stdout


def test_samples_folder_runs_clean():
    # `evalxl check samples/` (the workbooks transcribed from the seeds, errors included):
    # no traceback, exit code 1 (errors found), every workbook read.
    r = evalxl("check", ROOT / "samples")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert "合计：" in r.stdout and "无法读取" not in r.stdout


def test_right_sample_tables_give_no_error_and_no_warning():
    # samples/README.md: both tables of the 明光市 workbook (seed 001 tables 1, 2) and the
    # 病历评审费用项目 workbook are right.
    data = json.loads(evalxl("check", "--json", ROOT / "samples").stdout)
    files = {f["file"]: f for f in data["files"]}
    # the one warning: across the batch, table 2's 主管部门 明光市医疗保险局 beside 医疗保障局 (B002)
    for name, warned in (("明光市医疗保障局_2021年度项目自评表.xlsx", [("B002", 1)]), ("病历评审费用项目.xlsx", [])):
        f = files[name]
        assert f["status"] == "ok" and f["tables"]
        # (B001: samples/word's report carries these tables too, the same projects sent twice;
        # tests/rules/test_across.py tests it)
        assert [(x["code"], x["table_index"]) for x in f["findings"]
                if x["severity"] != "notice" and x["code"] != "B001"] == warned
        assert all(t["recomputed_total"] == t["entered_total"] == 100 for t in f["tables"])


def test_seed_table4_through_the_reader(tmp_path):
    # Seed 001 table 4 read from a workbook: the same findings as the model-built table in
    # tests/rules/test_seed_tables.py (the 30 in a row worth 10, the rows with a 分值 and
    # no values, the wrong total 99.4 → 75).
    data = json.loads(evalxl("check", "--json", table4_workbook(tmp_path / "t4.xlsx")).stdout)
    [f] = data["files"]
    got = sorted((x["code"], x["cell"]) for x in f["findings"])
    # W003 (issue 12, SPEC §3: a weight the form states for the indicators): the label
    # 「项目支出绩效指标（50分）」 over rows worth 90 is reported on it.
    assert got == [("C001", "G16"), ("C001", "G17"), ("C001", "G20"), ("I001", "I18"),
                   ("I001", "I19"), ("I001", "I21"), ("T001", "J22"), ("T005", "J22"), ("W003", "A12")]
    assert f["tables"][0]["recomputed_total"] == 75 and f["tables"][0]["grade"] == "中"
