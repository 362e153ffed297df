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

# (主管部门 as entered, 实施单位, 项目名称, 全年预算数, 全年执行数, 自评得分, 复核得分, 等级)
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
# Groups by the normalised department, in order of first appearance (files sorted by
# relative path, tables in sheet order): 明光市医疗保险局 differs from 明光市医疗保障局 in one
# character and is grouped under the spelling two tables use (B002).
GROUPS = [
    ("区医保局", ["医保信息化建设", "业务处室管理工作经费"]),
    ("医保局", ["市外医疗保障专项经费", "医保医疗救助项目资金支出", "定向不达标人工工资"]),
    ("明光市医疗保障局", ["行政运行经费", "三医建设业务经费", "病历评审费用项目"]),
]
# Subtotals and the total, by hand. Money: sums; 执行率: the sums' rate; scores: averages over
# the projects with both scores (医保医疗救助 has no entered total, so 医保局 and the total
# average one project fewer), to 2 decimals; 差异 = 复核 − 自评 of the row.
#  区医保局: 80+7 = 87; (99.6+99.5)/2 = 99.55; (99.9+90)/2 = 94.95; 94.95−99.55 = −4.60
#  医保局: 10+30+27 = 67; (99.4+99.5)/2 = 99.45; (75+100)/2 = 87.50; 87.50−99.45 = −11.95
#  明光市医疗保障局: 15+24+6 = 45; 100; 100; 0
#  合计: 199; (99.6+99.5+99.4+99.5+100+100+100)/7 = 698/7 = 99.714… → 99.71;
#        (99.9+90+75+100+100+100+100)/7 = 664.9/7 = 94.985… → 94.99; 94.99−99.71 = −4.72
AGGREGATES = {
    "区医保局": ("小计（2 项，得分取平均）", 87, 87, 1.0, 99.55, 94.95, -4.60),
    "医保局": ("小计（3 项，得分取 2 项平均）", 67, 67, 1.0, 99.45, 87.50, -11.95),
    "明光市医疗保障局": ("小计（3 项，得分取平均）", 45, 45, 1.0, 100, 100, 0),
    "": ("合计（8 项，得分取 7 项平均）", 199, 199, 1.0, 99.71, 94.99, -4.72),
}
HEADER = ["序号", "主管部门", "实施单位", "项目名称", "全年预算数", "全年执行数", "执行率", "自评得分", "复核得分",
          "差异", "评价等级"]


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


def _check_aggregate(row, department):
    label, budget, executed, rate, entered, recomputed, diff = AGGREGATES[department]
    assert row[1] == (department or None) and row[3] == label
    assert (row[4], row[5]) == (pytest.approx(budget), pytest.approx(executed))
    assert row[6] == pytest.approx(rate)
    assert (row[7], row[8], row[9]) == (pytest.approx(entered), pytest.approx(recomputed), pytest.approx(diff, abs=1e-9))
    assert row[9] == pytest.approx(row[8] - row[7])  # 差异 of the same row, as printed


def test_sheets_and_title(book):
    assert book.sheetnames == ["汇总", "工作底稿", "部门整体", "问题清单", "等级分布", "文件清单"]
    ws = book["汇总"]
    assert ws["A1"].value == "2021年度项目支出绩效自评汇总表"
    assert [c.value for c in ws[3]] == HEADER and ws.max_column == len(HEADER)  # the working columns are gone


def test_project_rows_grouped_with_subtotals(book):
    ws = book["汇总"]
    rows = _rows(ws, 4)
    i = 0
    serial = 0
    for department, names in GROUPS:
        for name in names:
            serial += 1
            row = rows[i]
            _, unit, budget, executed, entered, recomputed, grade = PROJECTS[name]
            assert row[0] == serial
            assert (row[1], row[2], row[3]) == (department, unit, name)
            assert (row[4], row[5]) == (budget, executed)
            assert row[6] == pytest.approx(executed / budget)
            assert row[7] == entered
            assert row[8] == pytest.approx(recomputed)
            assert row[9] == (None if entered is None else pytest.approx(recomputed - entered))
            assert row[10] == grade
            i += 1
        _check_aggregate(rows[i], department)
        i += 1
    _check_aggregate(rows[i], "")
    note = rows[i + 1][0]
    assert note.startswith("注：") and "差异 = 复核得分 − 自评得分" in note
    signs = [v for v in rows[i + 3] if v]
    assert signs[:3] == ["填报单位（盖章）：", "审核人：", "联系电话："] and signs[3].startswith("日期：")


def test_totals_carry_their_values(outputs):
    """Plain numbers, so any reader (calamine, a viewer that does not recalculate) sees them."""
    import python_calamine

    _, out = outputs
    wb = python_calamine.CalamineWorkbook.from_path(str(out / "自评汇总表.xlsx"))
    rows = wb.get_sheet_by_name("汇总").to_python()
    total = next(r for r in rows if str(r[3]).startswith("合计"))
    # 80 + 7 + 10 + 30 + 27 + 15 + 6 + 24 = 199 万元: the seed narrative's "共涉及资金 199 万元"
    assert total[4] == pytest.approx(199) and total[5] == pytest.approx(199)
    assert total[8] == pytest.approx(94.99)


def test_number_formats(book):
    ws = book["汇总"]
    assert ws["E4"].number_format == "0.00"
    assert ws["G4"].number_format == "0.00%"
    assert ws["I4"].number_format == "0.00"


def test_page_setup_prints_at_readable_size(book):
    """A4 landscape at 100 % (no fit-to-page shrinking), every font at least 9 pt, the
    columns within the page, header rows on every page, page numbers."""
    ws = book["汇总"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize in (9, "9")
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert ws.page_setup.scale in (None, 100, "100")
    assert ws.print_title_rows == "$3:$3"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    sizes = {ws.cell(r, c).font.sz for r in range(1, ws.max_row + 1) for c in range(1, 12) if ws.cell(r, c).value is not None}
    assert min(sizes) >= 9
    # A4 landscape 297 mm − 2 × 0.4 in margins = 10.89 in; LibreOffice's column unit prints
    # about 0.102 in wide (measured on docs/summary.png), so at most 106 units fit.
    # (a stored width carries 0.71 of padding; a dimension may span several columns)
    width = sum((d.max - d.min + 1) * (d.width - 0.7109375) for d in ws.column_dimensions.values() if d.max <= 11)
    assert 90 <= width <= 106


def test_duplicate_counted_once(tmp_path):
    """A revised copy of 病历评审费用项目 sent beside the original: reported (B001), shown as
    重复，未计入 without a 序号, and left out of every sum: the total stays 199 over 8 projects."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in SAMPLES.iterdir():
        if p.is_file():
            shutil.copy2(p, inbox / p.name)
    shutil.copy2(SAMPLES / "病历评审费用项目.xlsx", inbox / "病历评审费用项目（修改版）.xlsx")
    out = tmp_path / "out"
    report = run(RunSettings(inbox=inbox, out=out, profile=national(), jobs=2))
    dup = next(f for f in report.files if f.file == "病历评审费用项目（修改版）.xlsx")
    assert [x.code for x in dup.findings if x.severity.value != "notice"] == ["B001"]
    ws = openpyxl.load_workbook(out / "自评汇总表.xlsx")["汇总"]
    rows = _rows(ws, 4)
    twice = [r for r in rows if r[3] == "病历评审费用项目"]
    assert [r[0] for r in twice] == [8, "—"] and twice[1][10] == "重复，未计入"
    _check_aggregate(next(r for r in rows if str(r[3]).startswith("合计")), "")
    _check_aggregate(next(r for r in rows if r[1] == "明光市医疗保障局" and str(r[3]).startswith("小计")), "明光市医疗保障局")
    grades = openpyxl.load_workbook(out / "自评汇总表.xlsx")["等级分布"]
    assert grades.cell(3, 2).value == 7  # 优: still 7 projects


def test_work_sheet_keeps_the_working_columns(book, outputs):
    _, out = outputs
    ws = book["工作底稿"]
    header = [c.value for c in ws[3]]
    assert header == ["序号", "主管部门（归组）", "主管部门（填报）", "实施单位", "项目名称", "错误数", "警告数", "已确认", "主要问题",
                      "来源文件", "工作表", "备注"]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 5).value == "三医建设业务经费")
    assert (ws.cell(row, 1).value, ws.cell(row, 2).value, ws.cell(row, 3).value) == (7, "明光市医疗保障局", "明光市医疗保险局")
    assert "按「明光市医疗保障局」归组" in ws.cell(row, 12).value
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 5).value == "医保信息化建设")
    # 医保信息化建设: F003, W001, I001 ×2, T001 (5 errors); C005, C004 (2 warnings)
    assert (ws.cell(row, 6).value, ws.cell(row, 7).value) == (5, 2)


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
    ws = book["工作底稿"]
    links = {ws.cell(r, 5).value: ws.cell(r, 11).hyperlink for r in range(4, ws.max_row + 1) if ws.cell(r, 11).hyperlink}
    link = links["定向不达标人工工资"]
    target = link.target.replace("\\", "/")
    assert target == "corrected/定向不达标人工工资.xlsx"  # .xls comes back as .xlsx
    assert (out / target).exists()
    assert links["市外医疗保障专项经费"].location == "'市外医疗'!A1"
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 5).value == "定向不达标人工工资")
    assert (ws.cell(row, 10).value, ws.cell(row, 11).value) == ("定向不达标人工工资.xls", "定向不达标人工工资")


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
