"""A row's values for recalculation (issue 18): plain cells are read by pattern, any other
row by the XML parser. Both paths must give what the parser gives cell by cell."""

from __future__ import annotations

from evalxl.writers.cell_xml import cell_value
from evalxl.writers.formulas import XlError
from evalxl.writers.sheet_xml import SheetXml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS = ["甲", "乙", "丙"]


def _sheet(rows: str, root: str = f'<worksheet xmlns="{MAIN}">', close: str = "</worksheet>") -> SheetXml:
    return SheetXml(f'<?xml version="1.0"?>{root}<sheetData>{rows}</sheetData>{close}'.encode(), "t")


def _parsed(sheet: SheetXml, num: int) -> dict:
    """The reference: every <c> of the row parsed on its own."""
    row = sheet.row(num)
    return {c.col: cell_value(sheet.parse(c.start, c.end), lambda: STRINGS) for c in sheet.cells(row)}


PLAIN = ('<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="4"><v> 9.5 </v></c>'
         '<c r="C3" t="str"><f>A3&amp;""</f><v>丙</v></c><c r="D3"><f>SUM(B1:B2)</f><v>10</v></c>'
         '<c r="E3" t="b"><v>1</v></c><c r="F3" t="e"><v>#DIV/0!</v></c><c r="G3"/><c><v></v></c>'
         '<c t="n"><v>x</v></c></row>')


def test_plain_cells_are_read_by_pattern_as_the_parser_reads_them():
    sheet = _sheet(PLAIN.replace("A3&amp;", "A3+"))  # no entity: the pattern path
    row = sheet.row(3)
    fast = sheet._plain_values(row, lambda: STRINGS)
    assert fast is not None
    # by hand: A3 shared string 2 -> 丙; B3 " 9.5 " -> 9.5; C3 cached text; D3 cached 10;
    # E3 true; F3 an error; G3 empty; H3 (no r: the column after G) <v></v> -> None;
    # I3 a number cell holding "x" keeps the text
    assert fast == {1: "丙", 2: 9.5, 3: "丙", 4: 10.0, 5: True, 6: XlError("#DIV/0!"), 7: None, 8: None, 9: "x"}
    assert fast == _parsed(sheet, 3)
    assert sheet.row_values(row, lambda: STRINGS) == fast


def test_rows_only_a_parser_reads_right_take_the_parser_path_with_the_same_values():
    rows = (PLAIN  # an entity in a formula
            + '<row r="4"><c r="A4" t="inlineStr"><is><t>丁</t></is></c><c r="B4"><v>1</v></c></row>'
            + '<row r="5"><c r="A5" t="str"><v>a&amp;b</v></c></row>'
            + '<row r="6"><c r="A6"><v>1</v></c><!-- note --><c r="B6"><v>2</v></c></row>'
            + '<row r="7"><c r="A7" t="str"><v>x\r\ny</v></c></row>')
    sheet = _sheet(rows)
    for num, expected in ((3, None), (4, {1: "丁", 2: 1.0}), (5, {1: "a&b"}), (6, {1: 1.0, 2: 2.0}),
                          (7, {1: "x\ny"})):  # the parser reads CR LF as LF
        row = sheet.row(num)
        assert sheet._plain_values(row, lambda: STRINGS) is None, num
        got = sheet.row_values(row, lambda: STRINGS)
        assert got == _parsed(sheet, num), num
        if expected is not None:
            assert got == expected, num


def test_a_prefix_bound_to_another_namespace_is_not_read_by_pattern():
    # Strict OOXML's namespace: the parser finds no main-namespace <v>, so every value is None
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    sheet = _sheet('<row r="1"><c r="A1"><v>5</v></c></row>', f'<worksheet xmlns="{strict}">')
    row = sheet.row(1)
    assert sheet._plain_values(row, lambda: STRINGS) is None
    assert sheet.row_values(row, lambda: STRINGS) == {1: None} == _parsed(sheet, 1)
    # a prefix bound to the main namespace reads by pattern
    prefixed = SheetXml(f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>5</x:v></x:c>'
                        '</x:row></x:sheetData></x:worksheet>'.encode(), "t")
    assert prefixed._plain_values(prefixed.row(1), lambda: STRINGS) == {1: 5.0} == _parsed(prefixed, 1)


def test_one_cell_read_by_pattern_is_what_its_row_gives():
    from evalxl.writers.sheet_xml import UNKNOWN

    rows = ('<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><f>A1</f><v>7</v></c><c r="C3" t="inlineStr">'
            '<is><t>丁</t></is></c></row>'
            '<row r="4"><c r="A4"><v>1</v></c><c><v>2</v></c></row>'  # a cell without r: its column is inferred
            '<row r="5"><c r="A5"><v>1</v></c><!-- <c r="B5"><v>9</v></c> --></row>')
    sheet = _sheet(rows)
    row3, row4, row5 = sheet.row(3), sheet.row(4), sheet.row(5)
    strings = lambda: STRINGS  # noqa: E731
    full = sheet.row_values(row3, strings)
    assert full == {1: "乙", 2: 7.0, 3: "丁"}  # by hand: string 1 is 乙, B3's cached 7, C3 inline
    assert sheet.plain_value(row3, 1, strings) == "乙" and sheet.plain_value(row3, 2, strings) == 7.0
    assert sheet.plain_value(row3, 3, strings) is UNKNOWN  # an inline string: the parser's
    assert sheet.plain_value(row3, 4, strings) is UNKNOWN  # not there: not known to be empty
    assert sheet.plain_value(row4, 1, strings) is UNKNOWN  # B4 has no r
    assert sheet.row_values(row4, strings) == {1: 1.0, 2: 2.0}
    assert sheet.plain_value(row5, 1, strings) is UNKNOWN  # a comment in the row: the row is read whole
