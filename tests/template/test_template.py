"""The blank template (issue 8): it reads as one empty table; a copy filled with correct
values passes `evalxl check`; a 9.6 where 10 is due is reported; every number and word
comes from the profile; two builds are byte-identical and the committed copies are a
fresh build; the command writes it atomically and never overwrites by accident."""

from __future__ import annotations

import copy
import datetime as dt
import importlib.resources
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from evalxl import template
from evalxl.findings import Severity
from evalxl.pipeline import audit_file
from evalxl.profile import load_profile, national
from evalxl.reader import read_workbook

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "templates" / template.FILE_NAME
YEAR = 2025

# A project filled as a unit would, every score correct: the 质量指标 row is SPEC §4's
# example (target 96%, actual 97%: met, full 10); 培训人次 is not met (270 of 300) and
# scores 10 × 270/300 = 9 with its reason given; funds 72 of 80 → 90% → 9.
FILLED = {
    "name": "医保信息化建设",
    "department": "某县医疗保障局",
    "unit": "某县医疗保障事业服务中心",
    "funds": {"total": (80, 80, 72), "current": (70, 70, 64), "carryover": (10, 10, 8), "other": (0, 0, 0)},
    "goal": ("完成医保信息平台建设并上线运行。", "医保信息平台已建成并上线运行。"),
    "indicators": {
        "数量指标": [
            {"name": "定点医药机构接入数", "target": "≥120家", "actual": "126家", "weight": 10, "score": 10},
            {"name": "培训人次", "target": "300人次", "actual": "270人次", "weight": 10, "score": 9,
             "explanation": "部分机构人员调整，培训未全部完成；次年一季度补训。"},
        ],
        "质量指标": [{"name": "系统运行稳定率", "target": "96%", "actual": "97%", "weight": 10, "score": 10}],
        "时效指标": [{"name": "上线时间", "target": "12月底前", "actual": "12月底前", "weight": 10, "score": 10}],
        "成本指标": [{"name": "项目成本", "target": "≤80万元", "actual": "72万元", "weight": 10, "score": 10}],
        "社会效益指标": [{"name": "参保群众办事便利度", "target": "明显提升", "actual": "明显提升", "weight": 15,
                          "score": 15}],
        "可持续影响指标": [{"name": "平台持续运行", "target": "长期", "actual": "长期", "weight": 15, "score": 15}],
        "服务对象满意度指标": [{"name": "参保群众满意度", "target": "≥90%", "actual": "95%", "weight": 10,
                                "score": 10}],
    },
    "filler": "张三",
    "phone": "0550-1234567",
    "date": dt.date(2026, 3, 15),
}
FILLED_TOTAL = 9 + 10 + 9 + 10 + 10 + 10 + 15 + 15 + 10  # 98


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("blank") / template.FILE_NAME, template.build(national(), YEAR))


def filled(**change) -> dict:
    v = copy.deepcopy(FILLED)
    v.update(change)
    return v


# --------------------------------------------------------------------------- reading the blank


def test_blank_reads_as_one_empty_table(blank):
    wb = read_workbook(blank)
    assert [s.name for s in wb.sheets] == [template.SHEET_NAME, template.NOTES_SHEET]
    assert [s.tables for s in wb.sheets] == [1, 0]
    assert wb.notes == []  # the 填表说明 sheet is not taken for anything
    (t,) = wb.tables
    assert t.kind == "project" and t.title == "项目支出绩效自评表" and t.year == YEAR
    p = template.plan(national())
    # project fields: labels found, values empty (the shaded input cells are not values)
    for f, label, addr in ((t.project_name, "项目名称", "A3"), (t.department, "主管部门", "A4"), (t.unit, "实施单位", "F4")):
        assert (f.label, f.label_address, f.value) == (label, addr, None)
    # funds: the four rows, amounts empty, 分值 from the profile, formulas for 执行率 / 得分
    funds = t.funds
    assert funds.header_row == p.funds_header == 5
    assert funds.columns == ["initial_budget", "annual_budget", "executed", "weight", "rate", "score"]
    assert funds.total.row == 6 and [r.kind for r in funds.sources] == ["current", "carryover", "other"]
    for row in (funds.total, *funds.sources):
        assert row.initial_budget is None and row.annual_budget is None and row.executed is None
    assert funds.total.weight.raw == 10 and funds.total.weight.address == "G6"
    assert funds.total.rate.formula.startswith("=IF(F6=") and funds.total.rate.address == "H6"
    assert funds.total.score.formula == '=IF(H6="","",ROUND(MIN(H6,1)*G6,2))'
    assert all(r.weight.raw == "—" for r in funds.sources)
    # indicators: two rows under every 二级 of the profile, names 指标1：/指标2：, nothing filled
    assert t.indicator_header_row == 12
    assert t.indicator_columns == {"level1": "B", "level2": "C", "level3": "D", "target": "E", "actual": "F",
                                   "weight": "G", "score": "H", "explanation": "I"}
    prof = national()
    expected = [(prof.level1[part][0], prof.weights[part], l2, f"指标{i}：")
                for part in template.PARTS for l2 in prof.level2[part] for i in (1, 2)]
    assert [(i.level1, i.level1_weight, i.level2, i.name) for i in t.indicators] == expected
    assert len(t.indicators) == 18 and all(i.is_leftover for i in t.indicators)
    assert [i.row for i in t.indicators] == list(range(13, 31))
    # total: 分值 and 得分 as SUM over the whole blocks, with sensible cached values
    assert (t.total.row, t.total.label) == (31, "总分")
    assert t.total.weight.formula == "=SUM(G6,G12:G30)" and t.total.weight.raw == 10
    assert t.total.score.formula == "=SUM(I6,H12:H30)" and t.total.score.raw == 0
    assert t.last_row == 31


def test_blank_inspect_lists_one_empty_table(blank):
    p = subprocess.run([sys.executable, "-m", "evalxl.cli", "inspect", str(blank)], capture_output=True,
                       env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    out = p.stdout.decode("utf-8")
    assert p.returncode == 0, p.stderr.decode()
    assert "2 个工作表，1 张自评表" in out
    assert "工作表「填表说明」：未找到项目支出绩效自评表" in out
    assert "表 1：（未填项目名称）" in out and "项目名称：未填（标签在 A3）" in out
    assert "绩效指标 18 行（表头在第 12 行）" in out
    assert out.count("空行（模板遗留）") == 18
    assert "总分（第 31 行）" in out


# --------------------------------------------------------------------------- filled copies, checked


def audit(path: Path):
    _, result = audit_file(path, path.name, national())
    assert result.status == "ok", result.message
    return result


def test_filled_with_correct_values_gives_no_finding(tmp_path):
    path = write(tmp_path / "filled.xlsx", template.build(national(), YEAR, filled()))
    result = audit(path)
    serious = [f for f in result.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert serious == [], [f.message for f in serious]
    # only the unused template rows are noted (C003), nothing else
    assert {f.code for f in result.findings} <= {"C003"}
    (t,) = result.tables
    assert t.rate == pytest.approx(0.9)
    assert t.entered_total == FILLED_TOTAL and t.recomputed_total == FILLED_TOTAL and t.grade == "优"
    # the cached values a non-recalculating reader sees are Excel's
    (table,) = read_workbook(path).tables
    assert table.funds.total.rate.raw == pytest.approx(0.9)
    assert table.funds.total.score.raw == 9
    assert table.total.weight.raw == 100 and table.total.score.raw == FILLED_TOTAL


def test_check_command_passes_the_filled_copy(tmp_path):
    path = write(tmp_path / "filled.xlsx", template.build(national(), YEAR, filled()))
    p = subprocess.run([sys.executable, "-m", "evalxl.cli", "check", str(path)], capture_output=True,
                       env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    out = p.stdout.decode("utf-8")
    assert p.returncode == 0, out + p.stderr.decode()
    assert "错误 0 项，警告 0 项" in out


def test_96_where_10_is_due_is_reported(tmp_path):
    v = filled()
    v["indicators"]["质量指标"][0]["score"] = 9.6
    path = write(tmp_path / "wrong.xlsx", template.build(national(), YEAR, v))
    result = audit(path)
    errors = {f.code: f for f in result.findings if f.severity == Severity.ERROR}
    row = template.plan(national(), v).indicators[2].row  # the 质量指标 row
    assert row == 15
    f = errors.pop("I001")  # the rules engine's code for a quantitative score
    assert (f.sheet, f.cell, f.entered, f.expected) == (template.SHEET_NAME, "H15", 9.6, 10)
    assert f.message.startswith("H15 得分填报 9.6，应为 10：实际完成值 97% 已达到年度指标值 96%，应记满分")
    # the total formula sums the 9.6, so the total is reported too, and nothing else
    assert set(errors) == {"T001"}
    assert errors["T001"].cell == "H31" and errors["T001"].entered == FILLED_TOTAL - 0.4
    assert errors["T001"].expected == FILLED_TOTAL
    assert not [f for f in result.findings if f.severity == Severity.WARNING]


def test_more_rows_than_the_template_has(tmp_path):
    """A 二级 given more rows than the template's two gets them; they are counted."""
    v = filled()
    extra = {"name": "接入药店数", "target": "≥50家", "actual": "60家", "weight": 5, "score": 5}
    v["indicators"]["数量指标"] = [dict(v["indicators"]["数量指标"][0], weight=5, score=5),
                                  v["indicators"]["数量指标"][1], extra]
    path = write(tmp_path / "more.xlsx", template.build(national(), YEAR, v))
    (t,) = read_workbook(path).tables
    assert [i.name for i in t.indicators[:4]] == ["定点医药机构接入数", "培训人次", "接入药店数", "系统运行稳定率"]
    assert t.total.weight.formula == "=SUM(G6,G12:G31)"
    result = audit(path)
    assert not [f for f in result.findings if f.severity in (Severity.ERROR, Severity.WARNING)]


def test_rate_falls_back_to_initial_budget_and_is_capped(tmp_path):
    """No 全年预算数: 执行率 = B ÷ 年初预算数; above budget the score is capped at the 分值
    (and F004 says so); blank amounts give a blank rate, never #DIV/0!."""
    v = filled(funds={"total": (80, None, 88), "current": (80, None, 88)})
    path = write(tmp_path / "over.xlsx", template.build(national(), YEAR, v))
    (t,) = read_workbook(path).tables
    assert t.funds.total.rate.raw == pytest.approx(1.1) and t.funds.total.score.raw == 10
    codes = {f.code for f in audit(path).findings if f.severity != Severity.NOTICE}
    assert codes == {"F004"}
    assert template.rate_of(None, None, None) is None
    assert template.rate_of(80, 0, 50) is None  # 全年预算数 0: blank, as the formula shows
    assert template.rate_of(80, None, 60) == 0.75
    assert template.rate_of(80, 100, "") is None


# --------------------------------------------------------------------------- the profile decides


CUSTOM = """
title = "某省规则"
[weights]
funds = 20
output = 40
benefit = 30
satisfaction = 10
[level1]
output = ["产出"]
[level2]
benefit = ["社会效益指标", "可持续影响指标"]
[qualitative]
bands = [
  { key = "achieved", name = "完成", low = 0.9, high = 1.0 },
  { key = "partial", name = "基本完成", low = 0.5, high = 0.8 },
  { key = "failed", name = "未完成", low = 0.0, high = 0.5 },
]
[rounding]
decimals = 1
[grades]
levels = [{ name = "好", min = 85 }, { name = "一般", min = 60 }, { name = "差", min = 0 }]
"""


def test_every_number_and_word_comes_from_the_profile(tmp_path):
    (tmp_path / "p.toml").write_text(CUSTOM, encoding="utf-8")
    prof = load_profile(tmp_path / "p.toml")
    path = write(tmp_path / "custom.xlsx", template.build(prof, 2024))
    (t,) = read_workbook(path).tables
    assert t.year == 2024
    assert t.funds.total.weight.raw == 20
    assert t.funds.total.score.formula == '=IF(H6="","",ROUND(MIN(H6,1)*G6,1))'
    assert [(i.level1, i.level1_weight) for i in t.indicators[::2]] == (
        [("产出", 40)] * 4 + [("效益指标", 30)] * 2 + [("满意度指标", 10)])
    assert [i.level2 for i in t.indicators[8:12]] == ["社会效益指标", "社会效益指标", "可持续影响指标", "可持续影响指标"]
    assert t.total.weight.raw == 20
    notes = "\n".join(template.notes_lines(prof))
    for words in ("某省规则", "预算执行率 20 分", "产出 40 分", "合计 100 分", "完成：得分为分值的 90%（含）至 100%",
                  "基本完成：得分为分值的 50%（含）至 80%（不含）", "未完成：得分为分值的 50% 以下",
                  "保留 1 位小数", "好：85 分及以上", "一般：60 分（含）至 85 分", "差：60 分以下"):
        assert words in notes, words
    # and the validation's bounds follow the profile's total
    wb = openpyxl.load_workbook(path)
    dv = {str(d.sqref): d for d in wb[template.SHEET_NAME].data_validations.dataValidation}
    assert set(dv) == {"D6:F9", "G13:G26", "H13:H26"} and dv["G13:G26"].formula2 == "100"


def test_notes_sheet_explains_the_national_rules(blank):
    wb = openpyxl.load_workbook(blank)
    ws = wb[template.NOTES_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for words in ("财预〔2020〕10号", "预算执行率 10 分，产出指标 50 分，效益指标 30 分，满意度指标 10 分，合计 100 分",
                  "执行率 = 全年执行数（B）÷ 全年预算数（A）", "执行率超过 100% 的按 100% 计",
                  "实际完成值 ÷ 年度指标值 × 分值", "年度指标值 ÷ 实际完成值 × 分值", "超额完成不加分",
                  "成本指标以及名称含「控制率、成本、费用", "达成：得分为分值的 80%（含）至 100%",
                  "部分达成：得分为分值的 60%（含）至 80%（不含）", "未达成：得分为分值的 60% 以下",
                  "偏差原因分析及改进措施", "优：90 分及以上", "良：80 分（含）至 90 分", "差：60 分以下"):
        assert words in text, words
    # no cell of the notes is a label the reader anchors a table on
    from evalxl.reader import labels

    assert not any(labels.indicator_column(str(c.value)) == "level3" for row in ws.iter_rows() for c in row if c.value)


# --------------------------------------------------------------------------- the form itself


def test_inputs_shaded_and_unlocked_derived_locked_sheet_protected(blank):
    wb = openpyxl.load_workbook(blank)
    ws = wb[template.SHEET_NAME]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.insertRows is False and ws.protection.formatRows is False  # False: allowed
    inputs = ["C3", "C4", "H4", "D6", "E6", "F6", "D9", "F9", "B11", "F11", "C32", "E32", "I32"]
    inputs += [f"{c}{r}" for r in range(13, 31) for c in "DEFGHI"]
    for a in inputs:
        cell = ws[a]
        assert cell.protection.locked is False, a
        assert cell.fill.fgColor.rgb.endswith(template.INPUT_FILL[1:]), a
    derived = ["H6", "I6", "G31", "H31"]
    for a in derived:
        assert ws[a].data_type == "f" and ws[a].protection.locked is True, a
        assert ws[a].fill.fgColor.rgb.endswith(template.DERIVED_FILL[1:]), a
    for a in ("A3", "G6", "G7", "B13", "C13", "A31", "D12"):
        assert ws[a].protection.locked is True, a
    assert ws["H6"].number_format == "0.00%"


def test_merges_as_in_the_national_form(blank):
    ws = openpyxl.load_workbook(blank)[template.SHEET_NAME]
    merges = {str(m) for m in ws.merged_cells.ranges}
    for m in ("A1:I1", "A2:I2", "A3:B3", "C3:I3", "A4:B4", "C4:E4", "F4:G4", "H4:I4", "A5:A9", "B6:C6", "B9:C9",
              "A10:A11", "B10:E10", "F10:I10", "B11:E11", "F11:I11", "A12:A30", "B13:B20", "B21:B28", "B29:B30",
              "C13:C14", "C29:C30", "A31:F31"):
        assert m in merges, m
    assert ws["B13"].value == "产出指标\n（50分）" and ws["B29"].value == "满意度指标\n（10分）"


def test_data_validation(blank):
    ws = openpyxl.load_workbook(blank)[template.SHEET_NAME]
    dv = {str(d.sqref): d for d in ws.data_validations.dataValidation}
    money = dv["D6:F9"]
    assert (money.type, money.operator, money.formula1) == ("decimal", "greaterThanOrEqual", "0")
    weight = dv["G13:G30"]
    assert (weight.type, weight.operator or "between", weight.formula1, weight.formula2) == ("decimal", "between", "0", "100")
    score = dv["H13:H30"]
    assert score.type == "custom"
    assert score.formula1 == "AND(ISNUMBER(H13),H13>=0,H13<=100,OR(NOT(ISNUMBER(G13)),H13<=G13))"
    for d in (money, weight, score):
        assert d.showInputMessage and d.promptTitle and d.prompt and d.showErrorMessage and d.error
        assert any("\u4e00" <= ch <= "\u9fff" for ch in d.prompt + d.error)  # Chinese


def test_print_setup_and_widths(blank):
    ws = openpyxl.load_workbook(blank)[template.SHEET_NAME]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1 wide is the default
    assert ws.print_area == f"'{template.SHEET_NAME}'!$A$1:$I$32"
    widths = {}
    for dim in ws.column_dimensions.values():  # <col min max> groups equal neighbours
        for col in range(dim.min, dim.max + 1):
            widths[col] = dim.width
    widths = [widths[c] for c in range(1, 10)]
    assert widths == pytest.approx([w + 0.7109375 for w in template.WIDTHS])


def test_formula_ranges_cover_the_whole_indicator_block():
    """From the header row (text, skipped by SUM) to the last indicator row: a row inserted
    anywhere in the block, also right under its header, falls inside the range."""
    p = template.plan(national())
    assert (p.indicator_header, p.first_indicator, p.last_indicator, p.total) == (12, 13, 30, 31)
    assert p.total_weight_cell == "G31" and p.total_score_cell == "H31"


# --------------------------------------------------------------------------- reproducible, committed


def test_two_builds_are_byte_identical():
    assert template.build(national(), YEAR) == template.build(national(), YEAR)
    assert template.build(national(), YEAR, filled()) == template.build(national(), YEAR, filled())
    assert template.build(national(), YEAR) != template.build(national(), YEAR + 1)


def committed_year(path: Path) -> int:
    (t,) = read_workbook(path).tables
    return t.year


def test_committed_template_is_a_fresh_build():
    """templates/ holds what `evalxl template --year Y` writes today; regenerate it (and
    the package copy) when the template changes:
        evalxl template --year Y --force --out templates/
        evalxl template --year Y --force --out evalxl/templates/"""
    assert COMMITTED.read_bytes() == template.build(national(), committed_year(COMMITTED))


def test_shipped_template_is_a_fresh_build(tmp_path):
    shipped = importlib.resources.files("evalxl") / "templates" / template.FILE_NAME
    data = shipped.read_bytes()
    path = write(tmp_path / "shipped.xlsx", data)
    assert data == template.build(national(), committed_year(path))
    assert data == COMMITTED.read_bytes()


def test_package_data_lists_the_template():
    cfg = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "templates/*.xlsx" in cfg


# --------------------------------------------------------------------------- the command


def cli(*args, cwd: Path):
    return subprocess.run([sys.executable, "-m", "evalxl.cli", "template", *map(str, args)], capture_output=True,
                          cwd=cwd, env=dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT)))


def test_command_writes_the_default_file_for_last_year(tmp_path):
    p = cli(cwd=tmp_path)
    assert p.returncode == 0, p.stderr.decode()
    out = tmp_path / template.FILE_NAME
    last_year = dt.date.today().year - 1
    assert p.stdout.decode() == f"已写出空白模板：{template.FILE_NAME}（{last_year}年度，评分规则：全国通用规则（财预〔2020〕10号））\n"
    assert out.read_bytes() == template.build(national(), last_year)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600
    assert [x.name for x in tmp_path.iterdir()] == [template.FILE_NAME]  # no temp file left


def test_command_year_out_and_profile(tmp_path):
    (tmp_path / "p.toml").write_text(CUSTOM, encoding="utf-8")
    (tmp_path / "out").mkdir()
    p = cli("--year", 2023, "--out", "out", "--profile", "p.toml", cwd=tmp_path)
    assert p.returncode == 0, p.stderr.decode()
    data = (tmp_path / "out" / template.FILE_NAME).read_bytes()
    assert data == template.build(load_profile(tmp_path / "p.toml"), 2023)
    p = cli("--out", "表.xlsx", "--year", 2024, cwd=tmp_path)
    assert p.returncode == 0 and committed_year(tmp_path / "表.xlsx") == 2024


def test_command_never_overwrites_without_force(tmp_path):
    target = tmp_path / "filled.xlsx"
    target.write_bytes(b"a unit's filled workbook")
    p = cli("--out", target, cwd=tmp_path)
    assert p.returncode == 2
    assert "文件已存在" in p.stderr.decode() and "--force" in p.stderr.decode()
    assert target.read_bytes() == b"a unit's filled workbook"
    p = cli("--out", target, "--force", "--year", 2025, cwd=tmp_path)
    assert p.returncode == 0 and target.read_bytes() == template.build(national(), 2025)


def test_command_usage_errors_in_chinese(tmp_path):
    (tmp_path / "bad.toml").write_text("[weights]\nfunds = 'ten'\n", encoding="utf-8")
    p = cli("--profile", "bad.toml", cwd=tmp_path)
    assert p.returncode == 2 and "错误：规则配置中「weights.funds」应为数字" in p.stderr.decode()
    p = cli("--out", "a.xls", cwd=tmp_path)
    assert p.returncode == 2 and "应以 .xlsx 结尾" in p.stderr.decode()
    p = cli("--year", 1999, cwd=tmp_path)
    assert p.returncode == 2
    (tmp_path / "empty.toml").write_text("[level1]\noutput = []\n", encoding="utf-8")
    p = cli("--profile", "empty.toml", cwd=tmp_path)
    assert p.returncode == 2 and "「level1.output」为空" in p.stderr.decode()
    assert list(tmp_path.glob("*.xlsx")) == []


def test_values_must_name_the_profiles_level2():
    with pytest.raises(ValueError, match="二级指标"):
        template.plan(national(), {"indicators": {"数量": []}})
    with pytest.raises(TypeError):
        template.build(national(), YEAR, filled(name=["not", "text"]))


def test_openpyxl_reads_it_back():
    """Another library opens it (no repair), both sheets."""
    wb = openpyxl.load_workbook(io.BytesIO(template.build(national(), YEAR)))
    assert wb.sheetnames == [template.SHEET_NAME, template.NOTES_SHEET]
