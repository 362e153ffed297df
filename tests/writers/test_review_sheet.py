"""The 审核意见 sheet: one row per finding, links to the cells, widths for Chinese text, A4
landscape with repeated titles; replaced, never stacked, when evalxl runs over its own
corrected copy; never read as a table."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
import xlsxwriter

from corrected_kit import NS, builder, cells, names, parts, sheet_parts, xml
from evalxl.findings import Finding, Fix, Severity
from evalxl.writers.corrected import write_corrected
from evalxl.textwidth import text_width
from evalxl.writers.review_sheet import COLUMNS, MARKER_NAME, NOTHING_FOUND

FX = builder("build_fidelity")
REVIEW = "审核意见"


@pytest.fixture(scope="module")
def review(fidelity):
    return openpyxl.load_workbook(fidelity.corrected)[REVIEW]


@pytest.fixture(scope="module")
def review_xml(fidelity):
    return xml(parts(fidelity.corrected)[sheet_parts(fidelity.corrected)[REVIEW]])


def test_it_is_the_last_sheet_and_visible(fidelity):
    wb = openpyxl.load_workbook(fidelity.corrected)
    assert wb.sheetnames[-1] == REVIEW and wb[REVIEW].sheet_state == "visible"


def test_header_and_one_row_per_finding(review, fidelity):
    rows = list(review.iter_rows(values_only=True))
    assert rows[0][0].startswith("审核意见：共 2 项（错误 2 项）；已在表中更正 2 处")
    assert rows[1] == COLUMNS == ("序号", "工作表", "单元格", "规则", "级别", "填报值", "复核值", "已更正", "说明")
    body = rows[2:]
    assert len(body) == len(fidelity.file.findings) == 2
    by_cell = {r[2]: r for r in body}
    assert [r[0] for r in body] == [1, 2]
    assert by_cell[FX.WRONG_CELL][1:8] == (FX.SHEET, FX.WRONG_CELL, "I001", "错误", "9.6", "10", "是")
    assert by_cell[FX.TOTAL_CELL][1:8] == (FX.SHEET, FX.TOTAL_CELL, "T001", "错误", "99.1", "99.5", "是")
    messages = {f.cell: f.message for f in fidelity.file.findings}
    assert all(r[8] == messages[r[2]] for r in body)


def test_cells_link_to_the_cell_they_name(review_xml):
    links = {h.get("ref"): h.get("location") for h in review_xml.iter(f"{{{NS['m']}}}hyperlink")}
    values = cells(_bytes(review_xml))
    assert links == {"C3": f"'{FX.SHEET}'!{_text(values['C3'])}", "C4": f"'{FX.SHEET}'!{_text(values['C4'])}"}
    assert {_text(values["C3"]), _text(values["C4"])} == {FX.WRONG_CELL, FX.TOTAL_CELL}
    assert all(h.get(f"{{{NS['r']}}}id") is None for h in review_xml.iter(f"{{{NS['m']}}}hyperlink"))


def test_widths_fit_the_chinese_text(review):
    width = {c: review.column_dimensions[c].width for c in "ABCDEFGHI"}
    assert width["B"] >= text_width(FX.SHEET) + 2 == 12  # 项目自评表: five wide characters
    assert 40 <= width["I"] <= 90  # 说明 wraps beyond 90
    assert width["A"] >= 6
    assert review["I3"].alignment.wrap_text


def test_page_setup_prints_a4_landscape_one_page_wide(review_xml, fidelity):
    setup = review_xml.find("m:pageSetup", NS)
    assert (setup.get("paperSize"), setup.get("orientation"), setup.get("fitToWidth"), setup.get("fitToHeight")) == ("9", "landscape", "1", "0")
    assert review_xml.find("m:sheetPr/m:pageSetUpPr", NS).get("fitToPage") == "1"
    pane = review_xml.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert (pane.get("ySplit"), pane.get("state")) == ("2", "frozen")
    wb = xml(parts(fidelity.corrected)["xl/workbook.xml"])
    defined = {(d.get("name"), d.get("localSheetId")): (d.text, d.get("hidden")) for d in wb.iter(f"{{{NS['m']}}}definedName")}
    assert defined[("_xlnm.Print_Titles", "3")] == (f"'{REVIEW}'!$1:$2", None)
    assert defined[(MARKER_NAME, None)] == (f"'{REVIEW}'!$A$1", "1")


def test_shared_strings_are_left_alone(fidelity):
    before, after = parts(fidelity.src), parts(fidelity.corrected)
    assert before["xl/sharedStrings.xml"] == after["xl/sharedStrings.xml"]
    assert all(c.get("t") in (None, "inlineStr") for c in cells(after[sheet_parts(fidelity.corrected)[REVIEW]]).values())


def test_the_reader_finds_no_table_in_it(fidelity):
    from evalxl.reader import read_workbook

    wb = read_workbook(fidelity.corrected)
    assert [t.sheet for t in wb.tables] == [FX.SHEET]
    assert not [n for n in wb.notes if n.sheet == REVIEW]


def test_a_second_run_with_the_same_findings_replaces_it_byte_for_byte(fidelity, tmp_path):
    again = tmp_path / "again.xlsx"
    write_corrected(fidelity.corrected, again, fidelity.file.findings, source_format="xlsx")
    assert openpyxl.load_workbook(again).sheetnames == openpyxl.load_workbook(fidelity.corrected).sheetnames
    a, b = parts(fidelity.corrected), parts(again)
    review_part = sheet_parts(again)[REVIEW]
    assert a[review_part] == b[review_part]
    assert a["xl/workbook.xml"] == b["xl/workbook.xml"]
    assert a["xl/styles.xml"] == b["xl/styles.xml"]  # the styles it added are found, not added again
    assert names(again) == names(fidelity.corrected)


def test_a_rerun_without_findings_says_so(fidelity_rerun):
    ws = openpyxl.load_workbook(fidelity_rerun.corrected)[REVIEW]
    findings = fidelity_rerun.file.findings
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    if findings:
        assert len(rows) == len(findings)
    else:
        assert rows == [(None,) * 8 + (NOTHING_FOUND,)]
        assert ws["A1"].value == f"{REVIEW}：{NOTHING_FOUND}"


def _book(path, extra_sheets=()):
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("表1")
    ws.write_string("A1", "得分")
    ws.write_number("B2", 9.6)
    for name in extra_sheets:
        book.add_worksheet(name).write_string("A1", "单位自己的审核意见")
    book.close()
    return path


def test_a_units_own_sheet_named_like_it_is_left_alone(tmp_path):
    src = _book(tmp_path / "in.xlsx", [REVIEW])
    out = tmp_path / "out.xlsx"
    f = Finding("I001", Severity.ERROR, "B2 得分填报 9.6，应为 10：测试", sheet="表1", cell="B2", entered=9.6, expected=10,
                fix=Fix("B2", 10))
    write_corrected(src, out, [f], source_format="xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["表1", REVIEW, f"{REVIEW}(2)"]
    assert wb[REVIEW]["A1"].value == "单位自己的审核意见"
    assert wb[f"{REVIEW}(2)"]["C3"].value == "B2"
    assert parts(out)["xl/worksheets/sheet2.xml"] == parts(src)["xl/worksheets/sheet2.xml"]
    # and a second run replaces evalxl's sheet, not the unit's
    again = tmp_path / "again.xlsx"
    write_corrected(out, again, [f], source_format="xlsx")
    assert openpyxl.load_workbook(again).sheetnames == ["表1", REVIEW, f"{REVIEW}(2)"]


def test_findings_without_a_cell_are_listed_without_a_link(tmp_path):
    src = _book(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    f = Finding("N001", Severity.NOTICE, "文件扩展名为 .xls，但内容是 .xlsx 格式，已按 .xlsx 读取")
    write_corrected(src, out, [f], source_format="xlsx")
    ws = openpyxl.load_workbook(out)[REVIEW]
    assert [c.value for c in ws[3]] == [1, None, None, "N001", "提示", None, None, None, f.message]
    assert ws["C3"].hyperlink is None


def test_no_finding_means_a_byte_identical_copy(tmp_path):
    src = _book(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    write_corrected(src, out, [], source_format="xlsx")
    assert out.read_bytes() == src.read_bytes()


def test_nothing_is_written_beside_the_source_and_no_temp_is_left(tmp_path):
    src_dir, out_dir = tmp_path / "in", tmp_path / "out"
    src_dir.mkdir()
    src = _book(src_dir / "in.xlsx")
    shutil.copystat(src, src)
    f = Finding("I001", Severity.ERROR, "B2 得分填报 9.6，应为 10：测试", sheet="表1", cell="B2", fix=Fix("B2", 10))
    write_corrected(src, out_dir / "out.xlsx", [f], source_format="xlsx")
    assert sorted(p.name for p in src_dir.iterdir()) == ["in.xlsx"]
    assert sorted(p.name for p in out_dir.iterdir()) == ["out.xlsx"]


def _bytes(el):
    from lxml import etree

    return etree.tostring(el)


def _text(c):
    return "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))


def test_no_header_of_it_is_a_label_the_reader_looks_for():
    from evalxl.reader import labels

    for text in COLUMNS + ("审核意见", NOTHING_FOUND):
        assert not labels.is_anchor_label(text), text
        assert labels.indicator_column(text) is None and labels.funds_column(text) is None, text
