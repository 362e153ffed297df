"""The two .xlsx sheet readers give the same Grid: the regex scan over the part's text
(sheet_scan, the fast path) and the lxml tree (the path for any shape the scan refuses).
Each case is read both ways; the case says whether the scan reads it or steps aside."""

from __future__ import annotations

import zipfile

import pytest

from evalxl.package import NS_MAIN, XlsxPackage
from evalxl.reader import sheet_scan
from evalxl.reader import xlsx_scan, xlsx_sheet as xs

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
STRINGS = ["项目名称", "三级指标", "a&b"]
FORMATS = ["General", "0.00%", "yyyy/m/d"]


def sheet(body: str, head: str = f"<worksheet {NS}>", tail: str = "</worksheet>") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{head}{body}{tail}'.encode()


def scan(data: bytes, usual: bool = True):
    """The scan's Grid (None when it refused); usual=False: without the first pass for the
    usual shapes (xlsx_scan._scan_usual_rows), the full expressions alone."""
    first = xlsx_scan._scan_usual_rows
    if not usual:
        xlsx_scan._scan_usual_rows = lambda *a: None
    try:
        return xlsx_scan.scan_sheet(data, "S", xs._SheetState(STRINGS, FORMATS))
    except sheet_scan.ScanRefused:
        return None
    finally:
        xlsx_scan._scan_usual_rows = first


def both(tmp_path, data: bytes):
    """(scanned Grid or None when the scan refused, tree Grid)."""
    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", data)
    scanned = scan(data)
    pkg = XlsxPackage.__new__(XlsxPackage)  # just the part reader: no workbook around the sheet
    pkg.zip, pkg.path = zipfile.ZipFile(path), path
    try:
        tree = xs._tree_sheet(pkg, "xl/worksheets/sheet1.xml", "S", xs._SheetState(STRINGS, FORMATS))
    finally:
        pkg.zip.close()
    return scanned, tree


def content(grid):
    return ({r: {c: (type(x.value).__name__, x.value, x.formula, x.cached, x.number_format) for c, x in cells.items()}
             for r, cells in grid.rows.items()}, grid.merges, grid.truncated_at)


LABEL = '<c r="Z{r}" t="s"><v>1</v></c>'  # 三级指标: keeps the row (see RowWindow)

SCANNED = {
    "usual": '<sheetData><row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1"/>'
             '<c r="C1" s="1"><v>0.5</v></c><c r="D1"><v>12</v></c><c r="E1" t="b"><v>1</v></c>'
             '<c r="F1" t="e"><v>#DIV/0!</v></c><c r="G1" s="2"><v>44927</v></c>' + LABEL.format(r=1) + '</row></sheetData>'
             '<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="D2:C1"/></mergeCells>',
    "formulas": '<sheetData><row r="3"><c r="A3"><f>SUM(B3:C3)</f><v>3</v></c><c r="B3"><f>1+1</f><v></v></c>'
                '<c r="C3" t="str"><f>IF(1,"","x")</f><v></v></c><c r="D3"><f t="shared" ref="D3:F3" si="0">A3&amp;"&lt;"</f>'
                '<v>0</v></c><c r="E3"><f t="shared" si="0"/><v>0</v></c><c r="F3"><f t="shared" si="0"/></c>'
                + LABEL.format(r=3) + '</row></sheetData>',
    # openpyxl writes a formula without a cached value as <f>..</f><v/>: cached False, but on a
    # string result (t="str"), where an empty <v> is the cached "" (as <v></v>)
    "formulas with an empty v": '<sheetData><row r="1"><c r="A1"><f>SUM(B1:C1)</f><v/></c><c r="B1" t="str">'
                                '<f>"a"</f><v/></c><c r="C1" s="1"><f>1+1</f><v>2</v></c>' + LABEL.format(r=1) +
                                '</row></sheetData>',
    "inline strings, entities": '<sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>项目&#x540D;称</t></is></c>'
                                '<c r="B2" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">a </t></r><r><t>b</t></r>'
                                '<rPh sb="0" eb="1"><t>ピ</t></rPh></is></c><c r="C2" t="inlineStr"/><c r="D2" t="inlineStr"><is/></c>'
                                '<c r="E2" t="str"><v>&lt;x&gt; &amp; &#20320;</v></c><c r="F2" t="s"><v>2</v></c>'
                                + LABEL.format(r=2) + '</row></sheetData>',
    "cells without r after blanks": '<sheetData><row r="4"><c r="C4" s="1"/><c><v>1</v></c><c s="1"/><c t="s"><v>1</v></c>'
                                    '<c r="H4" s="1"/><c r="J4"/><c><v>2</v></c></row><row><c><v>7</v></c>'
                                    + LABEL.format(r=5) + '</row></sheetData>',
    "attributes in another order, spaces, quotes": "<sheetData>\n  <row  r='6' spans=\"1:2\" >\n    <c t=\"s\" r=\"A6\" s='1' >"
                                                   "<v >1</v ></c>\n    <c r=\"B6\" s=\"9\">\n      <v>3.0</v>\n    </c>"
                                                   "<c r=\"C6\" foo=\"a/b>c\"><v>1e3</v></c>\n  </row>\n</sheetData>",
    "odd values": '<sheetData><row r="7"><c r="A7"><v>-0</v></c><c r="B7"><v>1E+2</v></c><c r="C7"><v>NaN</v></c>'
                  '<c r="D7"><v> 5 </v></c><c r="E7" t="s"><v>9</v></c><c r="F7" t="d"><v>2024-01-01</v></c>'
                  '<c r="G7"><v>12345678901234567</v></c>' + LABEL.format(r=7) + '</row></sheetData>',
    "line ends and tabs": '<sheetData><row r="8"><c r="A8" t="str"><v>a\r\nb\rc&#13;d</v></c><c r="B8" t="str"><f>"x\r\ny"</f>'
                          '<v>x\ny</v></c>' + LABEL.format(r=8) + '</row></sheetData><mergeCells><mergeCell ref="A8:&#x42;9"/>'
                          '<mergeCell\tref="C8:D9"/></mergeCells>',
    "empty and repeated rows": '<sheetData><row r="9"/><row r="10"></row><row r="12">' + LABEL.format(r=12) +
                               '<c r="A12"><v>1</v><v>2</v></c></row><row spans="1:1"><c r="A13"><v>3</v></c></row></sheetData>',
    "no sheetData rows": '<sheetData/>',
    "rows far apart": '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="300">' + LABEL.format(r=300) +
                      '</row><row r="1300"><c r="A1300"><v>2</v></c></row><row r="1301"><c r="A1301"><v>3</v></c></row></sheetData>',
    # 0123 -> 123; 15 digits stay an int (< 1e15); 16 digits read as the float 1e15; an
    # Arabic-Indic three is the number 3 to float(); a superscript two is a digit to
    # str.isdigit but no number: text
    "whole numbers": '<sheetData><row r="1"><c r="A1"><v>0123</v></c><c r="B1"><v>999999999999999</v></c>'
                     '<c r="C1"><v>1000000000000000</v></c><c r="D1"><v>\u0663</v></c><c r="E1"><v>\u00b2</v></c>'
                     '<c r="F1" t="n"><v>7</v></c>' + LABEL.format(r=1) + '</row></sheetData>',
    "blank runs before an unusual cell": '<sheetData><row r="1"><c r="A1" s="1"/><c r="B1" s="1"/><c r="C1">'
                                         '<f t="shared" ref="C1:C2" si="0">A1</f><v>0</v></c><c r="D1" s="1"/></row>'
                                         '<row r="2"><c r="A2" s="2"/><c r="C2"><f t="shared" si="0"/><v>0</v></c>'
                                         + LABEL.format(r=2) + '<c r="AA2" s="1"/></row></sheetData>',
    # merges are looked for around <sheetData> after the usual pass, in the whole text after
    # the full one (which passes over an element among an inline string's runs)
    "merges before the rows": '<mergeCells><mergeCell ref="A1:B1"/></mergeCells><sheetData><row r="1">'
                              '<c r="A1"><v>1</v></c>' + LABEL.format(r=1) + '</row></sheetData><mergeCells>'
                              '<mergeCell ref="C1:D2"/></mergeCells>',
    "a merge among an inline string's runs": '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>x</t></r>'
                                             '<mergeCell ref="A1:B1"/></is></c>' + LABEL.format(r=1) + '</row>'
                                             '</sheetData>',
    # "?" and "!" are looked for before "<?" and "<!" (a PI, a comment): here they are neither
    "question and exclamation marks": '<sheetData><row r="1"><c r="A1" t="str"><v>why? no!</v></c>'
                                      '<c r="B1" t="str"><f>Sheet1!A1&amp;"?"</f><v>x</v></c>' + LABEL.format(r=1) +
                                      '</row></sheetData>',
    "no label": '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c></row></sheetData>',
}
REFUSED = {
    "a comment in a row": '<sheetData><row r="1"><!-- x --><c r="A1"><v>1</v></c>' + LABEL.format(r=1) + '</row></sheetData>',
    "CDATA": '<sheetData><row r="1"><c r="A1" t="str"><v><![CDATA[<b>]]></v></c>' + LABEL.format(r=1) + '</row></sheetData>',
    "an element among the cells": '<sheetData><row r="1"><x><c r="A1"><v>1</v></c></x>' + LABEL.format(r=1) + '</row></sheetData>',
    "an element in a cell": '<sheetData><row r="1"><c r="A1"><extLst/><v>1</v></c>' + LABEL.format(r=1) + '</row></sheetData>',
    "a processing instruction": '<sheetData><row r="1"><c r="A1"><v>1</v></c><?x y?>' + LABEL.format(r=1) +
                                '</row></sheetData>',
    "a row outside sheetData": '<sheetData/><extLst><row r="1"><c r="A1"><v>1</v></c></row></extLst>',
}


@pytest.mark.parametrize("case", SCANNED)
def test_scanned_shapes_read_as_the_tree_reads_them(tmp_path, case):
    scanned, tree = both(tmp_path, sheet(SCANNED[case]))
    assert scanned is not None, "the scan should read this shape"
    assert content(scanned) == content(tree)
    assert content(scan(sheet(SCANNED[case]), usual=False)) == content(tree)  # the full expressions alone


def test_the_usual_shapes_pass_is_taken_and_left(monkeypatch):
    taken = []
    first = xlsx_scan._scan_usual_rows
    monkeypatch.setattr(xlsx_scan, "_scan_usual_rows", lambda *a: taken.append(first(*a)) or taken[-1])
    for case in ("usual", "inline strings, entities", "formulas", "cells without r after blanks",
                 "formulas with an empty v"):
        scan(sheet(SCANNED[case]))
    # plain values, plain inline strings and plain formulas are usual; the inline string with
    # runs, a shared formula and cells without r are not: their "<" are not all in the usual matches
    assert [w is not None for w in taken] == [True, False, False, False, True]
    taken.clear()
    scan(sheet('<sheetData><row r="1"><c r="A1" s="1" t="inlineStr"><is><t>三级指标</t></is></c>'
               '<c r="B1"><f>1+1</f><v>2</v></c><c r="C1"><f>A1</f></c><c r="D1" s="2"/></row></sheetData>'))
    assert taken[0] is not None


def test_a_blank_cell_outside_a_row_is_passed_over_as_the_tree_does(tmp_path):
    # the tree reader reads rows alone, so the stray blank changes nothing, in either pass
    data = sheet('<sheetData><c r="A1" s="1"/><row r="1"><c r="A1"><v>1</v></c>' + LABEL.format(r=1) + '</row>'
                 '<c r="B2"/></sheetData>')
    scanned, tree = both(tmp_path, data)
    assert content(scanned) == content(tree) and tree.rows[1][1].value == 1
    assert content(scan(data, usual=False)) == content(tree)


def test_formulas_with_an_empty_v_by_hand():
    cells = scan(sheet(SCANNED["formulas with an empty v"])).rows[1]
    assert [(cells[c].formula, cells[c].cached, cells[c].value) for c in (1, 2, 3)] == [
        ("=SUM(B1:C1)", False, None), ('="a"', True, None), ("=1+1", True, 2)]


def test_whole_numbers_read_by_the_usual_pass_as_by_to_number():
    grid = scan(sheet(SCANNED["whole numbers"]))
    got = {c: x.value for c, x in grid.rows[1].items() if c != 26}
    assert got == {1: 123, 2: 999999999999999, 3: 1e15, 4: 3, 5: "\u00b2", 6: 7}
    assert [type(got[c]) for c in (1, 2, 3, 4)] == [int, int, float, int]


@pytest.mark.parametrize("case", REFUSED)
def test_shapes_the_scan_refuses_are_left_to_the_tree(tmp_path, case):
    scanned, tree = both(tmp_path, sheet(REFUSED[case]))
    assert scanned is None


def test_main_namespace_under_a_prefix_or_redeclared_is_refused(tmp_path):
    body = '<x:sheetData><x:row r="1"><x:c r="A1"><x:v>5</x:v></x:c></x:row></x:sheetData>'
    scanned, tree = both(tmp_path, sheet(body, f'<x:worksheet {NS.replace("xmlns", "xmlns:x")}>', "</x:worksheet>"))
    assert scanned is None and tree.rows == {}  # far from any label: the row is not kept
    inner = '<sheetData><row r="1"><c r="A1" xmlns="urn:other"><v>5</v></c></row></sheetData>'
    scanned, tree = both(tmp_path, sheet(inner))
    assert scanned is None and tree.rows == {}  # the cell is in another namespace: not a cell


def test_hand_read_values(tmp_path):
    scanned, _ = both(tmp_path, sheet(SCANNED["usual"] ))
    row = scanned.rows[1]
    assert row[1].value == "项目名称" and row[1].number_format == "0.00%"  # t="s" index 0; s="1" -> FORMATS[1]
    assert 2 not in row  # B1 is a styled blank
    assert row[3].value == 0.5 and row[4].value == 12 and isinstance(row[4].value, int)  # "12": no ".", an int
    assert row[5].value is True and row[6].value == "#DIV/0!" and row[7].number_format == "yyyy/m/d"
    assert scanned.merges == [(1, 1, 1, 2), (1, 3, 2, 4)]  # D2:C1 ordered: rows 1..2, columns C(3)..D(4)
    scanned, _ = both(tmp_path, sheet(SCANNED["formulas"]))
    row = scanned.rows[3]
    assert (row[4].formula, row[5].formula, row[6].formula) == ('=A3&"<"', '=B3&"<"', '=C3&"<"')  # D3's master moved 1, 2 right
    assert row[2].cached is False and row[3].cached is True  # <v></v>: no cached value, except a t="str" result
    scanned, _ = both(tmp_path, sheet(SCANNED["cells without r after blanks"]))
    # C4 blank, then r-less cells take the next columns: D(4); blank E(5); F(6) = "三级指标"; after J4, K(11)
    assert {c: x.value for c, x in scanned.rows[4].items()} == {4: 1, 6: "三级指标", 11: 2}
    assert {c: x.value for c, x in scanned.rows[5].items()} == {1: 7, 26: "三级指标"}  # a row without r: 4 + 1


def test_not_well_formed_or_a_large_part_is_not_scanned(tmp_path):
    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("bad.xml", sheet('<sheetData><row r="1"></sheetData>'))
        z.writestr("undeclared.xml", sheet('<sheetData><row r="1"><y:c r="A1"/></row></sheetData>'))
    pkg = XlsxPackage.__new__(XlsxPackage)
    pkg.zip, pkg.path = zipfile.ZipFile(path), path
    with pkg.zip:
        assert pkg.small_part("bad.xml") is None  # the tree reader then raises its own message
        assert pkg.small_part("undeclared.xml") is None  # a namespace error: a tree refuses it too
        assert pkg.small_part("missing.xml") is None


SST = {
    "plain, preserved, empty": '<si><t>项目名称</t></si><si><t xml:space="preserve"> a </t></si><si><t/></si><si/>'
                               '<si><t>&lt;&amp;&#x4E00;</t></si>',
    "rich text and phonetic runs": '<si><r><rPr><b/><sz val="11"/></rPr><t>三级</t></r><r><t>指标</t></r>'
                                   '<rPh sb="0" eb="2"><t>サン</t></rPh><phoneticPr fontId="1"/></si>'
                                   '<si><t>a</t><rPh sb="0" eb="1"><t>x</t></rPh><t>b</t></si>',
}
SST["an element whose name starts with si"] = '<si><t>a</t></si><sign/><si><t>b</t></si>'  # "<si" counts 3, the items 2
SST_REFUSED = {
    "an si inside an si": '<si><t>a</t><si><t>b</t></si></si>',
    "a run inside a phonetic run": '<si><t>a</t><rPh sb="0" eb="1"><r><t>x</t></r></rPh></si>',
    "a comment": '<si><t>a</t><!-- x --></si>',
}


def _strings(tmp_path, items: str, monkeypatch):
    """(the package's shared strings as read, as read with the scan refusing)."""
    from evalxl import xml_scan

    path = tmp_path / "s.xlsx"
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}" Target="{}"/>'
            '</Relationships>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("_rels/.rels", rels.format("officeDocument", "xl/workbook.xml"))
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {NS} {REL}><sheets/></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", rels.format("sharedStrings", "sharedStrings.xml"))
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<sst {NS}>{items}</sst>')
    with XlsxPackage(path) as pkg:
        scanned = pkg.shared_strings()
    monkeypatch.setattr(xml_scan, "shared_strings", lambda text: (_ for _ in ()).throw(xml_scan.ScanRefused()))
    with XlsxPackage(path) as pkg:
        return scanned, pkg.shared_strings()


@pytest.mark.parametrize("case", SST)
def test_shared_strings_scanned_as_the_tree_reads_them(tmp_path, monkeypatch, case):
    from evalxl import xml_scan

    text = xml_scan.part_text(f'<sst {NS}>{SST[case]}</sst>'.encode(), NS_MAIN)
    direct = xml_scan.shared_strings(text)  # the scan reads this shape: no ScanRefused
    scanned, tree = _strings(tmp_path, SST[case], monkeypatch)
    assert scanned == direct == tree


def test_shared_strings_by_hand():
    from evalxl import xml_scan

    read = [xml_scan.shared_strings(xml_scan.part_text(f'<sst {NS}>{SST[c]}</sst>'.encode(), NS_MAIN)) for c in SST]
    assert read[0] == ["项目名称", " a ", "", "", "<&一"]  # &#x4E00; is 一
    assert read[1] == ["三级指标", "ab"]  # the phonetic runs (サン, x) left out


@pytest.mark.parametrize("case", SST_REFUSED)
def test_shared_strings_the_scan_refuses(case):
    from evalxl import xml_scan

    with pytest.raises(xml_scan.ScanRefused):
        xml_scan.shared_strings(xml_scan.part_text(f'<sst {NS}>{SST_REFUSED[case]}</sst>'.encode(), NS_MAIN))


def test_rows_kept_near_labels_by_hand(tmp_path):
    scanned, _ = both(tmp_path, sheet(SCANNED["rows far apart"]))
    # label at 300: rows 100..1300 are kept (200 above, 1000 below); row 1 and row 1301 are not
    assert sorted(scanned.rows) == [300, 1300]
    scanned, _ = both(tmp_path, sheet(SCANNED["no label"]))
    assert scanned.rows == {}  # no label: no table can be there
    scanned, _ = both(tmp_path, sheet(SCANNED["usual"].replace('<row r="1"', '<row r="2"><c r="A2"><v>5</v></c></row><row r="1"')))
    assert list(scanned.rows) == [2, 1]  # rows out of order kept in the order they come


def test_a_processing_instruction_right_after_the_prolog_is_refused(tmp_path):
    body = '<sheetData><row r="1"><c r="A1"><v>1</v></c>' + LABEL.format(r=1) + '</row></sheetData>'
    scanned, tree = both(tmp_path, sheet(body, f"<?x y?><worksheet {NS}>"))
    assert scanned is None and tree.rows[1][1].value == 1
    assert content(scan(sheet(body))) == content(tree)  # without it, scanned
