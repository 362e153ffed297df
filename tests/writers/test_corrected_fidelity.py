"""The corrected copy keeps everything the unit sent (issue: the corrected copy).

The fidelity workbook (tests/fixtures/build_fidelity.py) holds an image, a picture in a
cell, a text box, a note, a hidden sheet, a list validation, conditional formats (one in
extLst), a defined name, print setup, frozen panes and formulas with cached values, and
one wrong score (H15: 9.6, 10 due) under a SUM total (H17). After `run`, the copy is
compared with the original part by part, as XlsxWriter's comparison tests do. Expected
values come from the fixture's definition and hand arithmetic.
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from corrected_kit import NS, builder, cached, cells, formula, infos, names, parts, shape, sheet_parts, xf_fill_rgb, xml

FX = builder("build_fidelity")
SHEET_PART = "xl/worksheets/sheet1.xml"
# the parts a correction of this workbook rewrites; every other part must be byte-identical
REWRITTEN = {
    "[Content_Types].xml",  # the 审核意见 sheet's override
    "xl/_rels/workbook.xml.rels",  # its relationship
    "xl/workbook.xml",  # its <sheet>, defined names, fullCalcOnLoad
    "xl/styles.xml",  # the highlight clone, the 审核意见 styles
    SHEET_PART,  # the corrected cells
    "xl/comments1.xml",  # the notes, added to the unit's note
    "xl/drawings/vmlDrawing1.vml",  # their shapes
}
NEW = ["xl/worksheets/sheet4.xml"]  # the 审核意见 sheet
# H15 corrected, H17 (总分, a fix on a formula: kept) and K20 (=H17/G17, depends on it)
CHANGED_CELLS = {FX.WRONG_CELL, FX.TOTAL_CELL, FX.RATIO_CELL}


@pytest.fixture(scope="module")
def before(fidelity):
    return parts(fidelity.src)


@pytest.fixture(scope="module")
def after(fidelity):
    assert fidelity.corrected is not None and fidelity.corrected.exists(), fidelity.file.message
    return parts(fidelity.corrected)


def test_the_run_reports_the_two_fixes(fidelity):
    fixed = {(f.code, f.cell, f.fix.value) for f in fidelity.file.findings if f.fix}
    assert fixed == {("I001", FX.WRONG_CELL, FX.WRONG_EXPECTED), ("T001", FX.TOTAL_CELL, FX.TOTAL_CORRECTED)}


def test_parts_keep_their_names_and_order_and_new_ones_come_last(fidelity):
    src, out = names(fidelity.src), names(fidelity.corrected)
    assert out[:len(src)] == src
    assert out[len(src):] == NEW


def test_every_part_not_rewritten_is_byte_identical(before, after):
    differ = {name for name in before if before[name] != after[name]}
    assert differ == REWRITTEN
    for name in set(before) - REWRITTEN:
        assert after[name] == before[name], name


def test_copied_parts_keep_compression_and_timestamps(fidelity):
    src, out = infos(fidelity.src), infos(fidelity.corrected)
    for name, info in src.items():
        assert out[name].compress_type == info.compress_type, name
        assert out[name].date_time == info.date_time, name


def test_only_the_corrected_cells_differ_in_the_sheet(before, after):
    a, b = cells(before[SHEET_PART]), cells(after[SHEET_PART])
    assert set(a) == set(b)
    differ = {ref for ref in a if shape(a[ref]) != shape(b[ref])}
    assert differ == CHANGED_CELLS
    # with those cells taken out, the two sheets are the same document
    ta, tb = xml(before[SHEET_PART]), xml(after[SHEET_PART])
    for tree in (ta, tb):
        for c in list(tree.iter(f"{{{NS['m']}}}c")):
            if c.get("r") in CHANGED_CELLS:
                c.getparent().remove(c)
    assert shape(ta) == shape(tb)


def test_the_wrong_score_is_replaced_and_highlighted(before, after):
    old, new = cells(before[SHEET_PART])[FX.WRONG_CELL], cells(after[SHEET_PART])[FX.WRONG_CELL]
    assert cached(old) == "9.6"
    assert cached(new) == "10" and new.get("t") is None and formula(new) is None
    assert xf_fill_rgb(after["xl/styles.xml"], int(new.get("s"))) == "FFFFFF00"
    # the highlight is a clone of the cell's own style: same font, border, format, alignment
    xfs_old = xml(before["xl/styles.xml"]).find("m:cellXfs", NS)
    xfs_new = xml(after["xl/styles.xml"]).find("m:cellXfs", NS)
    orig, clone = xfs_old[int(old.get("s"))], xfs_new[int(new.get("s"))]
    ignore = {"fillId", "applyFill"}
    assert {k: v for k, v in orig.attrib.items() if k not in ignore} == {k: v for k, v in clone.attrib.items() if k not in ignore}
    assert [shape(c) for c in orig] == [shape(c) for c in clone]
    # the original styles are all still there, unchanged and in place
    assert [shape(x) for x in xfs_new[:len(xfs_old)]] == [shape(x) for x in xfs_old]


def test_the_total_keeps_its_formula_and_caches_the_corrected_sum(before, after):
    old, new = cells(before[SHEET_PART])[FX.TOTAL_CELL], cells(after[SHEET_PART])[FX.TOTAL_CELL]
    assert formula(old) == formula(new) == FX.TOTAL_FORMULA
    assert float(cached(old)) == FX.TOTAL_CACHED
    assert float(cached(new)) == pytest.approx(FX.TOTAL_CORRECTED, abs=1e-9)  # 9.5 + 90


def test_formulas_depending_on_the_total_are_recomputed_others_untouched(before, after):
    a, b = cells(before[SHEET_PART]), cells(after[SHEET_PART])
    ratio = b[FX.RATIO_CELL]
    assert formula(ratio) == FX.RATIO_FORMULA
    assert float(cached(ratio)) == pytest.approx(FX.RATIO_CORRECTED, abs=1e-12)  # 99.5 / 100
    for ref in (FX.GRADE_CELL, FX.RATE_CELL, FX.FUNDS_SCORE_CELL):  # 优 stays 优; the funds do not move
        assert shape(a[ref]) == shape(b[ref])
    assert cached(b[FX.GRADE_CELL]) == FX.GRADE_CACHED


def test_readers_that_do_not_recalculate_see_the_corrected_values(fidelity):
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(fidelity.corrected)).get_sheet_by_name(FX.SHEET).to_python()
    assert rows[14][7] == 10 and rows[16][7] == pytest.approx(99.5)  # H15, H17
    ws = openpyxl.load_workbook(fidelity.corrected, data_only=True)[FX.SHEET]
    assert ws[FX.TOTAL_CELL].value == pytest.approx(99.5)
    assert ws[FX.RATIO_CELL].value == pytest.approx(0.995)

    from evalxl.reader import read_workbook

    [table] = read_workbook(fidelity.corrected).tables
    assert table.total.score.number == pytest.approx(99.5)
    assert table.total.score.formula == "=" + FX.TOTAL_FORMULA


def test_workbook_recalculates_on_open_and_keeps_the_rest(before, after):
    old, new = xml(before["xl/workbook.xml"]), xml(after["xl/workbook.xml"])
    calc = new.find("m:calcPr", NS)
    assert calc.get("fullCalcOnLoad") == "1"
    # take out what the correction added: the rest is the unit's workbook.xml (XlsxWriter
    # writes fullCalcOnLoad itself)
    for tree in (old, new):
        tree.find("m:calcPr", NS).attrib.pop("fullCalcOnLoad", None)
    sheets = new.find("m:sheets", NS)
    sheets.remove(sheets[-1])
    for dn in new.find("m:definedNames", NS).findall("m:definedName", NS):
        if dn.get("name") == "_evalxl_review" or (dn.get("name") == "_xlnm.Print_Titles" and dn.get("localSheetId") == "3"):
            dn.getparent().remove(dn)
    assert shape(old) == shape(new)


def test_hidden_sheet_defined_name_and_print_setup_survive(fidelity, after):
    wb = xml(after["xl/workbook.xml"])
    states = {s.get("name"): s.get("state", "visible") for s in wb.iter(f"{{{NS['m']}}}sheet")}
    assert states == {FX.SHEET: "visible", FX.NOTES_SHEET: "visible", FX.HIDDEN_SHEET: "hidden", "审核意见": "visible"}
    names_ = {(d.get("name"), d.get("localSheetId")): d.text for d in wb.iter(f"{{{NS['m']}}}definedName")}
    assert names_[(FX.DEFINED_NAME[0], None)] == FX.DEFINED_NAME[1].lstrip("=")
    assert names_[("_xlnm.Print_Titles", "0")] == f"{FX.SHEET}!$9:$9"
    assert names_[("_xlnm.Print_Area", "0")] == f"{FX.SHEET}!$A$1:$I$17"
    sheet = xml(after[SHEET_PART])
    setup = sheet.find("m:pageSetup", NS)
    assert (setup.get("paperSize"), setup.get("orientation"), setup.get("fitToHeight")) == ("9", "landscape", "0")
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert (pane.get("ySplit"), pane.get("state")) == ("9", "frozen")


def test_validation_and_conditional_formats_survive(after):
    sheet = xml(after[SHEET_PART])
    [dv] = sheet.findall("m:dataValidations/m:dataValidation", NS)
    assert dv.get("type") == "list" and dv.get("sqref") == FX.VALIDATION_CELL
    assert dv.find("m:formula1", NS).text == f"{FX.HIDDEN_SHEET}!$A$1:$A$3"
    rules = sheet.findall("m:conditionalFormatting/m:cfRule", NS)
    assert {r.get("type") for r in rules} == {"cellIs", "dataBar"}
    ext = sheet.find("m:extLst", NS)  # the 2010 data bar lives in extLst
    assert ext is not None and b"x14:dataBar" in after[SHEET_PART]


def test_image_picture_in_cell_and_text_box_survive(before, after):
    sheet = xml(after[SHEET_PART])
    drawing = sheet.find("m:drawing", NS)
    rels = {r.get("Id"): r.get("Target") for r in xml(after["xl/worksheets/_rels/sheet1.xml.rels"])}
    assert rels[drawing.get(f"{{{NS['r']}}}id")] == "../drawings/drawing1.xml"
    d = after["xl/drawings/drawing1.xml"]
    assert b"<xdr:pic>" in d and (b"<xdr:sp " in d or b"<xdr:sp>" in d)
    assert FX.TEXTBOX_TEXT.encode() in d
    assert after["xl/media/image1.png"] == before["xl/media/image1.png"]
    # the picture in K12 (rich value) keeps its value-metadata link and its parts
    assert cells(after[SHEET_PART])["K12"].get("vm") == "1"
    for name in ("xl/metadata.xml", "xl/richData/rdrichvalue.xml", "xl/richData/richValueRel.xml", "xl/media/image2.png"):
        assert after[name] == before[name]


def test_the_units_note_is_kept_and_the_notes_explain_each_correction(after):
    comments = xml(after["xl/comments1.xml"])
    authors = [a.text for a in comments.find("m:authors", NS)]
    assert authors == [FX.NOTE_AUTHOR, "evalxl"]
    notes = {c.get("ref"): ("".join(t.text for t in c.iter(f"{{{NS['m']}}}t")), authors[int(c.get("authorId"))])
             for c in comments.iter(f"{{{NS['m']}}}comment")}
    assert notes[FX.NOTE_CELL] == (FX.NOTE_TEXT, FX.NOTE_AUTHOR)
    text, author = notes[FX.WRONG_CELL]
    assert author == "evalxl" and text.startswith("原填报 9.6；应为 10：实际完成值 5年 已达到年度指标值 ≥5年")
    text, author = notes[FX.TOTAL_CELL]
    assert author == "evalxl" and text.startswith("原填报 99.1；应为 99.5：")
    assert "公式 =SUM(I6,H10:H16) 保留" in text
    assert set(notes) == {FX.NOTE_CELL, FX.WRONG_CELL, FX.TOTAL_CELL}


def test_every_note_has_a_shape_with_its_own_id(after):
    import re

    vml = after["xl/drawings/vmlDrawing1.vml"].decode("utf-8")
    ids = re.findall(r'<v:shape id="(_x0000_s\d+)"', vml)
    assert len(ids) == len(set(ids)) == 3
    anchors = set(re.findall(r"<x:Row>(\d+)</x:Row><x:Column>(\d+)</x:Column>", vml))
    assert anchors == {("2", "2"), ("14", "7"), ("16", "7")}  # C3, H15, H17 (0-based)


def test_openpyxl_sees_the_highlight_and_the_notes(fidelity):
    ws = openpyxl.load_workbook(fidelity.corrected)[FX.SHEET]
    for ref in (FX.WRONG_CELL, FX.TOTAL_CELL):
        assert ws[ref].fill.fgColor.rgb == "FFFFFF00"
        assert ws[ref].comment is not None and ws[ref].comment.author == "evalxl"
    assert ws[FX.NOTE_CELL].comment.text == FX.NOTE_TEXT
    assert ws[FX.TOTAL_CELL].value == "=" + FX.TOTAL_FORMULA


# --------------------------------------------------------------------------- fixed point


def test_run_over_its_own_corrected_copy_is_a_fixed_point(fidelity, fidelity_rerun):
    again = fidelity_rerun.file
    assert again.status == "ok"
    assert not [f for f in again.findings if f.fix is not None]
    first_errors = {(f.code, f.sheet, f.cell) for f in fidelity.file.findings if f.severity.value == "error"}
    assert {(f.code, f.sheet, f.cell) for f in again.findings if f.severity.value == "error"} <= first_errors - {
        (f.code, f.sheet, f.cell) for f in fidelity.file.findings if f.fix}
    # no cell changes: the table sheet comes back byte for byte, every part but 审核意见
    one, two = parts(fidelity.corrected), parts(fidelity_rerun.corrected)
    assert names(fidelity_rerun.corrected) == names(fidelity.corrected)
    review = sheet_parts(fidelity.corrected)["审核意见"]
    assert {n for n in one if one[n] != two[n]} <= {review}


def test_the_review_sheet_is_replaced_not_stacked(fidelity_rerun):
    wb = openpyxl.load_workbook(fidelity_rerun.corrected)
    assert wb.sheetnames == [FX.SHEET, FX.NOTES_SHEET, FX.HIDDEN_SHEET, "审核意见"]


def test_a_third_run_gives_the_same_bytes(fidelity_rerun, tmp_path):
    from corrected_kit import run_one

    third = run_one(fidelity_rerun.corrected, tmp_path)
    assert third.corrected.read_bytes() == fidelity_rerun.corrected.read_bytes()


def test_the_copy_is_a_valid_zip(fidelity):
    with zipfile.ZipFile(fidelity.corrected) as z:
        assert z.testzip() is None
