"""Golden test of the 汇总表 on the samples: rows, groups, totals, grades, links, and text
from the inputs kept as text. Every expected number is worked out by hand from the seed
tables and SPEC §3 (the arithmetic is in the comments), never taken from evalxl's output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from evalxl.batch import RunSettings, run
from evalxl.profile import national

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

# (主管部门, 实施单位, 项目名称, 全年预算数, 全年执行数, 填报得分, 复核得分, 等级)
# Recomputed totals (funds score + every indicator score, SPEC §3.6-3.7):
#  医保信息化建设:   10 + (10+10+20+96/97×10=9.90) + (10+15+5) + 10            = 99.90
#  市外医疗保障专项经费: 10 + (10+20+10+0) + (0+10+5+0) + 10 (rows without values: 0) = 75
#  业务处室管理工作经费: 10 + (30+20) + (10+0+10) + 10                          = 90
#  医保医疗救助项目资金支出: 10 + (10+10+30) + (10+10+5+5) + 10               = 100 (no entered total: a formula without a cached value)
#  定向不达标人工工资: 10 + (10+15+10+15) + (10+10+10) + 10                    = 100
#  行政运行经费, 三医建设业务经费, 病历评审费用项目: every row met               = 100
PROJECTS = {
    "医保信息化建设": ("区医保局", None, 80, 80, 99.6, 99.9, "优"),
    "市外医疗保障专项经费": ("医保局", "医保中心", 10, 10, 99.4, 75, "中"),
    "业务处室管理工作经费": ("区医保局", "医保中心", 7, 7, 99.5, 90, "优"),
    "医保医疗救助项目资金支出": ("医保局", "医保中心", 30, 30, None, 100, "优"),
    "定向不达标人工工资": ("医保局", "实施中心", 27, 27, 99.5, 100, "优"),
    "行政运行经费": ("明光市医疗保障局", "明光市医疗保障局", 15, 15, 100, 100, "优"),
    "三医建设业务经费": ("明光市医疗保险局", "明光市医疗保险局", 24, 24, 100, 100, "优"),
    "病历评审费用项目": ("明光市医疗保障局", "明光市医疗保障局", 6, 6, 100, 100, "优"),
}
# Groups in order of first appearance (files sorted by relative path, tables in sheet order).
GROUPS = [
    ("区医保局", ["医保信息化建设", "业务处室管理工作经费"]),
    ("医保局", ["市外医疗保障专项经费", "医保医疗救助项目资金支出", "定向不达标人工工资"]),
    ("明光市医疗保障局", ["行政运行经费", "病历评审费用项目"]),
    ("明光市医疗保险局", ["三医建设业务经费"]),
]
HEADER = ["序号", "主管部门", "实施单位", "项目名称", "全年预算数", "全年执行数", "执行率", "填报得分", "复核得分",
          "差异", "评价等级", "错误数", "警告数", "主要问题", "来源文件", "工作表"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    for p in SAMPLES.iterdir():
        if p.is_file() and not p.name.startswith("."):
            shutil.copy2(p, inbox / p.name)
    out = tmp_path_factory.mktemp("out")
    report = run(RunSettings(inbox=inbox, out=out, profile=national(), jobs=2))
    return report, out


@pytest.fixture(scope="module")
def book(outputs):
    _, out = outputs
    return openpyxl.load_workbook(out / "自评汇总表.xlsx")


def _rows(ws, first: int):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first, max_col=len(HEADER))]


def test_sheets_and_title(book):
    assert book.sheetnames == ["汇总", "部门整体", "问题清单", "等级分布", "文件清单"]
    ws = book["汇总"]
    assert ws["A1"].value == "2021年度项目支出绩效自评汇总表"
    assert [c.value for c in ws[3]][: len(HEADER)] == HEADER


def test_project_rows_grouped_with_subtotals(book):
    ws = book["汇总"]
    rows = _rows(ws, 4)
    i = 0
    serial = 0
    for department, names in GROUPS:
        for name in names:
            serial += 1
            row = rows[i]
            dept, unit, budget, executed, entered, recomputed, grade = PROJECTS[name]
            assert row[0] == serial
            assert (row[1], row[2], row[3]) == (dept, unit, name)
            assert (row[4], row[5]) == (budget, executed)
            assert row[6] == pytest.approx(executed / budget)
            assert row[7] == entered
            assert row[8] == pytest.approx(recomputed)
            assert row[9] == (None if entered is None else pytest.approx(recomputed - entered))
            assert row[10] == grade
            i += 1
        sub = rows[i]
        assert sub[1] == department and sub[3] == f"{department} 小计（{len(names)} 个项目）"
        assert str(sub[4]).startswith("=SUM(")
        i += 1
    total = rows[i]
    assert total[3] == "合计（8 个项目）"


def test_totals_carry_their_values(outputs):
    """Formulas carry cached values, so a reader that does not recalculate sees them."""
    import python_calamine

    _, out = outputs
    wb = python_calamine.CalamineWorkbook.from_path(str(out / "自评汇总表.xlsx"))
    rows = wb.get_sheet_by_name("汇总").to_python()
    total = next(r for r in rows if str(r[3]).startswith("合计"))
    # 80 + 7 + 10 + 30 + 27 + 15 + 6 + 24 = 199 万元: the seed narrative's "共涉及资金 199 万元"
    assert total[4] == pytest.approx(199)
    assert total[5] == pytest.approx(199)
    assert total[6] == pytest.approx(1.0)
    # mean recomputed score: (99.9 + 75 + 90 + 100 + 100 + 100 + 100 + 100) / 8 = 95.6125
    assert total[8] == pytest.approx(95.6125)
    sub = next(r for r in rows if r[3] == "区医保局 小计（2 个项目）")
    assert sub[4] == pytest.approx(87) and sub[8] == pytest.approx((99.9 + 90) / 2)


def test_number_formats(book):
    ws = book["汇总"]
    assert ws["E4"].number_format == "0.00"
    assert ws["G4"].number_format == "0.00%"
    assert ws["I4"].number_format == "0.00"


def test_page_setup_and_filter(book):
    ws = book["汇总"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize in (9, "9")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref.startswith("A3:")
    assert ws.print_title_rows == "$3:$3"


def test_grade_distribution(book):
    ws = book["等级分布"]
    counts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, 7)}
    assert counts == {"优": 7, "良": 0, "中": 1, "差": 0}
    assert ws._charts, "the 等级分布 sheet has its column chart"


def test_file_list_names_every_file(book, outputs):
    report, _ = outputs
    ws = book["文件清单"]
    listed = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(3, 3 + len(report.files))}
    assert len(listed) == 7
    assert listed["定向不达标人工工资.xls"] == "已审核"
    assert listed["华容区医疗保障局_2023年度部门整体绩效自评表.xlsx"] == "已审核"  # department-wide: audited (issue 9)


def test_source_links_point_at_the_corrected_copies(book, outputs):
    _, out = outputs
    ws = book["汇总"]
    links = {ws.cell(r, 4).value: ws.cell(r, 16).hyperlink for r in range(4, ws.max_row + 1) if ws.cell(r, 16).hyperlink}
    link = links["定向不达标人工工资"]
    target = link.target.replace("\\", "/")
    assert target == "corrected/定向不达标人工工资.xlsx"  # .xls comes back as .xlsx
    assert (out / target).exists()
    assert links["市外医疗保障专项经费"].location == "'市外医疗'!A1"
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 4).value == "定向不达标人工工资")
    assert (ws.cell(row, 15).value, ws.cell(row, 16).value) == ("定向不达标人工工资.xls", "定向不达标人工工资")


def test_findings_sheet_lists_every_finding(book, outputs):
    report, _ = outputs
    ws = book["问题清单"]
    n = sum(len(f.findings) for f in report.files)
    assert ws.max_row == 2 + n
    codes = {ws.cell(r, 6).value for r in range(3, 3 + n)}
    assert {"F003", "I001", "T001", "W001"} <= codes


def test_formula_looking_text_stays_text(tmp_path):
    """A project name typed as =HYPERLINK(…) is written as a string, never a formula."""
    from evalxl.findings import FileResult, TableResult
    from evalxl.writers.summary import write_summary

    evil = '=HYPERLINK("http://example.invalid","点我")'
    table = TableResult(0, "S", evil, "+cmd|' /C calc'!A0", "@SUM(1)", 2021, 1, 1, 1.0, 100, 100, "优")
    path = tmp_path / "汇总.xlsx"
    write_summary(path, [FileResult("a.xlsx", "ok", tables=[table])], ["优", "良", "中", "差"])
    ws = openpyxl.load_workbook(path)["汇总"]
    for col, value in ((4, evil), (2, "+cmd|' /C calc'!A0"), (3, "@SUM(1)")):
        cell = ws.cell(4, col)
        assert cell.value == value and cell.data_type == "s"
