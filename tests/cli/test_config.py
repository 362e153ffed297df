"""Issue 13 point 8: evalxl.toml found the way linters find theirs (INBOX and the folders
above it, nearest first, then the current folder), its profile, select / ignore, and
waivers that accept a finding (已确认: not counted, not corrected, listed); `evalxl
profile export` writes the national profile as a province's starting point."""

from __future__ import annotations

import json

import openpyxl
import pytest
from clirun import ROOT, evalxl
from seedbooks import wrong_workbook

from evalxl.config import ConfigError, Waiver, find_config, load_config
from evalxl.profile import NATIONAL, load_profile

# wrong_workbook's sheet 医保信息化建设: I001 at H15 (9.6, due 9.9) and H22 (9.6, due 10),
# F003 at F6, W001 at A12, T001 at I24 = 5 errors; C005, C004 warnings; C003 notice.


@pytest.fixture
def box(tmp_path):
    b = tmp_path / "收件" / "二〇二一"
    b.mkdir(parents=True)
    wrong_workbook(b / "医保信息化建设.xlsx")
    return b


def test_waiver_accepts_one_cell(box, tmp_path):
    (box / "evalxl.toml").write_text('[waivers]\n"医保信息化建设.xlsx" = ["I001@H15", "C005"]\n', encoding="utf-8")
    r = evalxl("check", box)
    # 5 − 1 errors, 2 − 1 warnings; the waived ones listed as 已确认, not counted
    assert "表 1「医保信息化建设」（工作表「医保信息化建设」）：错误 4 项，警告 1 项，提示 1 项" in r.stdout
    assert "已确认（evalxl.toml，不计入）：C005 E4、I001 H15" in r.stdout
    assert "错误 I001 H22" in r.stdout and "错误 I001 H15" not in r.stdout
    assert "合计：审核 1 个文件、2 张自评表；错误 4 项，警告 1 项，提示 1 项；已确认 2 项（不计入）" in r.stdout
    assert f"使用设置文件：{box / 'evalxl.toml'}" in r.stderr
    data = json.loads(evalxl("check", "--json", box).stdout)
    f = data["files"][1]
    assert [(x["code"], x["cell"]) for x in f["waived"]] == [("C005", "E4"), ("I001", "H15")]


def test_waived_finding_is_not_corrected_and_is_listed(box, tmp_path):
    (box / "evalxl.toml").write_text('[waivers]\n"*.xlsx" = ["I001@医保信息化建设!H15"]\n', encoding="utf-8")
    out = tmp_path / "out"
    r = evalxl("run", box, "--out", out)
    assert r.returncode == 0, r.stderr
    assert "已确认 1 项（不计入）" in r.stderr
    ws = openpyxl.load_workbook(out / "corrected" / "医保信息化建设.xlsx")["医保信息化建设"]
    assert ws["H15"].value == 9.6  # accepted by the officer: left as entered
    assert ws["H22"].value == 10  # the other I001 still corrected
    sheet = openpyxl.load_workbook(out / "自评汇总表.xlsx")["问题清单"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    waived = [r for r in rows if r[11] == "已确认（不计入）"]
    assert [(r[5], r[3]) for r in waived] == [("I001", "H15")]
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert [(x["code"], x["cell"]) for x in data["waived"]] == [("I001", "H15")]


def test_config_select_ignore_and_profile(box, tmp_path):
    (box / "省.toml").write_text('name = "某省"\n[rules]\nignore = ["W"]\n', encoding="utf-8")
    (box / "evalxl.toml").write_text('profile = "省.toml"\nignore = ["F003"]\n', encoding="utf-8")
    data = json.loads(evalxl("check", "--json", box).stdout)
    codes = {x["code"] for f in data["files"] for x in f["findings"]}
    assert data["profile"] == "某省" and "F003" not in codes and "W001" not in codes and "I001" in codes
    # the command line wins: --select replaces the file's choice
    data = json.loads(evalxl("check", "--json", "--select", "F003", box).stdout)
    assert {x["code"] for f in data["files"] for x in f["findings"]} == set()  # F003 selected, then ignored by the file


def test_search_order(box, tmp_path):
    upper = box.parent / "evalxl.toml"
    upper.write_text('ignore = ["C"]\n', encoding="utf-8")
    assert find_config(box) == upper  # a folder above the inbox
    here = box / "evalxl.toml"
    here.write_text('ignore = ["T"]\n', encoding="utf-8")
    assert find_config(box) == here  # the nearest wins
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    (elsewhere / "evalxl.toml").write_text("", encoding="utf-8")
    assert find_config(tmp_path / "无关", cwd=elsewhere) == elsewhere / "evalxl.toml"  # then the current folder
    r = evalxl("check", "--json", box, cwd=elsewhere, env={"PYTHONPATH": str(ROOT)})  # this checkout's evalxl
    codes = {x["code"] for f in json.loads(r.stdout)["files"] for x in f["findings"]}
    assert "T001" not in codes and "C004" in codes


@pytest.mark.parametrize("text, said", [
    ('selct = ["F"]\n', "未知的设置「selct」"),
    ('ignore = ["X9"]\n', "「X9」不是已知的规则代码"),
    ('[waivers]\n"a.xlsx" = ["Q001@H1"]\n', "「Q001@H1」不是已知的规则代码"),
    ('ignore = [\n', "格式有误"),
])
def test_bad_config_is_a_chinese_usage_error(box, text, said):
    (box / "evalxl.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=said):
        load_config(box / "evalxl.toml")
    r = evalxl("check", box)
    assert r.returncode == 2 and said in r.stderr and "Traceback" not in r.stderr


def test_waiver_parsing():
    assert Waiver.parse("i001@h15") == Waiver("I001", "H15", None)
    assert Waiver.parse("I001@'2021年 自评表'!H15") == Waiver("I001", "H15", "2021年 自评表")
    assert Waiver.parse("C") == Waiver("C", None, None)


def test_profile_export(tmp_path):
    r = evalxl("profile", "export")
    assert r.returncode == 0 and r.stdout == NATIONAL.read_text(encoding="utf-8")
    target = tmp_path / "省" / "省规则.toml"
    r = evalxl("profile", "export", "--out", target)
    assert r.returncode == 0 and "已写出全国通用规则配置" in r.stderr
    assert load_profile(target).weights == load_profile(None).weights  # a valid starting point
    r = evalxl("profile", "export", "--out", target)
    assert r.returncode == 2 and "文件已存在" in r.stderr
