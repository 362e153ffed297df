"""A legacy .xls comes back as .xlsx: values, merges, widths, heights, number formats,
fonts, fills, borders, alignment and hidden sheets survive the conversion, then the
correction is applied as to any .xlsx. The .xls is built here with xlwt."""

from __future__ import annotations

import openpyxl
import pytest

from corrected_kit import parts, sheet_parts
from evalxl.findings import Finding, Fix, Severity
from evalxl.writers.corrected import write_corrected
from evalxl.writers.xls_convert import convert


@pytest.fixture(scope="module")
def xls(tmp_path_factory):
    import xlwt

    path = tmp_path_factory.mktemp("xls") / "自评表.xls"
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("自评表")
    hidden = book.add_sheet("参数")
    hidden.write(0, 0, "达成")
    hidden.visibility = 1
    title = xlwt.easyxf("font: name 宋体, height 320, bold on; align: horiz center")
    score = xlwt.easyxf("font: name 宋体, bold on, colour red; pattern: pattern solid, fore_colour yellow; "
                        "borders: left thin, right thin, top thin, bottom medium; align: horiz center, vert center",
                        num_format_str="0.00")
    pct = xlwt.easyxf("font: name 宋体", num_format_str="0%")
    wrap = xlwt.easyxf("font: name 宋体, italic on; align: wrap on, vert top")
    ws.write_merge(0, 0, 0, 2, "项目支出绩效自评表", title)
    ws.write(1, 0, "得分", wrap)
    ws.write(1, 1, 9.6, score)
    ws.write(2, 0, "执行率")
    ws.write(2, 1, 0.95, pct)
    ws.write(3, 0, "完成")
    ws.write(3, 1, True)
    ws.write(4, 0, "=不是公式")
    ws.col(0).width = 20 * 256
    ws.col(1).width = 12 * 256
    ws.row(2).height_mismatch = True
    ws.row(2).height = 600  # twips: 30 points
    book.save(str(path))
    return path


@pytest.fixture(scope="module")
def converted(xls, tmp_path_factory):
    out = tmp_path_factory.mktemp("conv") / "out.xlsx"
    convert(xls, out)
    return out


def test_values_and_sheets(converted):
    wb = openpyxl.load_workbook(converted)
    assert wb.sheetnames == ["自评表", "参数"]
    assert wb["参数"].sheet_state == "hidden"
    ws = wb["自评表"]
    assert [ws[a].value for a in ("A1", "A2", "B2", "A3", "B3", "B4")] == ["项目支出绩效自评表", "得分", 9.6, "执行率", 0.95, True]
    assert ws["A5"].value == "=不是公式" and ws["A5"].data_type == "s"  # text stays text


def test_merges_widths_heights(converted):
    ws = openpyxl.load_workbook(converted)["自评表"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1"]
    assert ws.column_dimensions["A"].width == pytest.approx(20, abs=0.3)
    assert ws.column_dimensions["B"].width == pytest.approx(12, abs=0.3)
    assert ws.row_dimensions[3].height == pytest.approx(30)


def test_formats_fonts_fills_borders_alignment(converted):
    ws = openpyxl.load_workbook(converted)["自评表"]
    b2 = ws["B2"]
    assert b2.number_format == "0.00"
    assert b2.font.b and b2.font.name == "宋体" and b2.font.color.rgb == "FFFF0000"
    assert b2.fill.fill_type == "solid" and b2.fill.fgColor.rgb == "FFFFFF00"
    assert (b2.border.left.style, b2.border.bottom.style) == ("thin", "medium")
    assert (b2.alignment.horizontal, b2.alignment.vertical) == ("center", "center")
    assert ws["B3"].number_format == "0%"
    assert ws["A2"].alignment.wrap_text and ws["A2"].alignment.vertical == "top" and ws["A2"].font.i
    assert ws["A1"].font.sz == 16 and ws["A1"].alignment.horizontal == "center"


def test_an_xls_is_corrected_as_xlsx(xls, tmp_path):
    out = tmp_path / "自评表.xlsx"
    f = Finding("I001", Severity.ERROR, "B2 得分填报 9.6，应为 10：已达标", sheet="自评表", cell="B2", entered=9.6,
                expected=10, fix=Fix("B2", 10))
    write_corrected(xls, out, [f], source_format="xls")
    assert out.read_bytes()[:2] == b"PK"
    wb = openpyxl.load_workbook(out)
    ws = wb["自评表"]
    assert ws["B2"].value == 10 and ws["B2"].fill.fgColor.rgb == "FFFFFF00"
    assert ws["B2"].font.b and ws["B2"].border.bottom.style == "medium"  # the clone keeps the rest of the style
    assert ws["B2"].comment.text.startswith("原填报 9.6；应为 10：已达标")
    assert wb.sheetnames == ["自评表", "参数", "审核意见"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["自评表.xlsx"]  # no temp left behind


def test_an_xls_without_findings_is_converted_only(xls, tmp_path):
    out = tmp_path / "copy.xlsx"
    write_corrected(xls, out, [], source_format="xls")
    assert openpyxl.load_workbook(out).sheetnames == ["自评表", "参数"]
    assert "xl/comments1.xml" not in parts(out) and set(sheet_parts(out)) == {"自评表", "参数"}


def test_the_sample_xls_reads_the_same_after_conversion(tmp_path):
    from corrected_kit import SAMPLES
    from evalxl.reader import read_workbook

    src = SAMPLES / "定向不达标人工工资.xls"
    out = tmp_path / "converted.xlsx"
    convert(src, out)
    a, b = read_workbook(src), read_workbook(out)
    assert [t.name for t in a.tables] == [t.name for t in b.tables]
    for ta, tb in zip(a.tables, b.tables, strict=True):
        assert [(i.row, i.name, i.score.raw if i.score else None) for i in ta.indicators] == \
               [(i.row, i.name, i.score.raw if i.score else None) for i in tb.indicators]
        assert ta.total.score.raw == tb.total.score.raw


def test_the_book_the_audit_read_is_converted_alike(tmp_path):
    """The copy reuses the book the reader just opened from the same file (no second
    parse): the converted bytes are those of a fresh open, and a file changed since (other
    size or mtime) is parsed again."""
    import io
    import os

    from corrected_kit import SAMPLES
    from evalxl import xls_book
    from evalxl.reader import read_workbook

    src = tmp_path / "a.xls"
    src.write_bytes((SAMPLES / "定向不达标人工工资.xls").read_bytes())
    xls_book._LAST_XLS.clear()
    fresh = io.BytesIO()
    convert(src, fresh)  # nothing to reuse: parsed here
    read_workbook(src)
    assert xls_book._LAST_XLS
    reused = io.BytesIO()
    convert(src, reused)
    assert not xls_book._LAST_XLS  # the reader's book was taken (a fresh open would be kept here)
    assert reused.getvalue() == fresh.getvalue()
    read_workbook(src)
    stale = xls_book._LAST_XLS["book"]
    os.utime(src, ns=(10**18, 10**18))  # the file changed after the audit read it
    assert xls_book.open_xls(src, reuse=True) is not stale
