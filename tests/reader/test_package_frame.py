"""The package's frame (relationships, content types, sheet list, number formats) read once
per distinct part in a run (evalxl.package_frame): a part met again is taken from the memo
and must read exactly as a fresh parse does, errors included."""

import re
import zipfile
from pathlib import Path

import pytest

from evalxl import package_frame
from evalxl.package import NS_MAIN, UnreadableFile, XlsxPackage, probe_package
from evalxl.pipeline import audit_file
from evalxl.profile import load_profile

GOOD = Path(__file__).resolve().parents[2] / "samples" / "病历评审费用项目.xlsx"


def _with(tmp_path: Path, name: str, changed: dict[str, bytes]) -> Path:
    """GOOD with some members' content replaced."""
    path = tmp_path / name
    with zipfile.ZipFile(GOOD) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, changed.get(info.filename, src.read(info.filename)))
    return path


STYLES = (f'<styleSheet xmlns="{NS_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/><xf numFmtId="x"/></cellXfs>'
          '</styleSheet>').encode()


def test_number_formats_read_fresh_and_from_the_memo_alike(tmp_path):
    path = _with(tmp_path, "格式.xlsx", {"xl/styles.xml": STYLES})
    package_frame._FRAME.clear()
    # by hand: xf 0 -> id 0 General; xf 1 -> id 164, the custom 0.0%; xf 2 -> built-in id 9, 0%;
    # xf 3 -> "x" is no id, read as 0: General
    expected = ["General", "0.0%", "0%", "General"]
    with XlsxPackage(path) as pkg:
        first = pkg.number_formats()
    assert first == expected
    assert any(key[0] == "styles" for key in package_frame._FRAME)  # kept for the next workbook
    first.append("changed by its caller")  # a caller's copy: the memo is not touched
    with XlsxPackage(path) as pkg:
        assert pkg.number_formats() == expected


def test_a_styles_part_that_is_no_xml_is_corrupt_every_time(tmp_path):
    path = _with(tmp_path, "坏样式.xlsx", {"xl/styles.xml": b"<styleSheet><cellXfs>"})
    package_frame._FRAME.clear()
    for _ in range(2):  # a failed parse is never kept: the second package fails as the first
        with XlsxPackage(path) as pkg, pytest.raises(UnreadableFile) as exc:
            pkg.number_formats()
        assert exc.value.kind == "corrupt" and "xl/styles.xml" in exc.value.message


def _types_with_comment(before_workbook: bool) -> bytes:
    with zipfile.ZipFile(GOOD) as z:
        text = z.read("[Content_Types].xml").decode()
    entry = re.search(r'<Override PartName="/xl/workbook.xml"[^>]*/>', text).group(0)
    return text.replace(entry, "<!-- x -->" + entry if before_workbook else entry + "<!-- x -->").encode()


def test_content_types_with_a_comment_read_past_it(tmp_path):
    # a comment among the entries is no entry: before or after the workbook's own entry, the
    # workbook is found (the entry-by-entry search before package_frame broke on one reached
    # first, with AttributeError, and the file was reported unreadable)
    after = _with(tmp_path, "注释在后.xlsx", {"[Content_Types].xml": _types_with_comment(False)})
    before = _with(tmp_path, "注释在前.xlsx", {"[Content_Types].xml": _types_with_comment(True)})
    package_frame._FRAME.clear()
    for _ in range(2):  # fresh, then from the memo
        for path in (after, before):
            kind, pkg = probe_package(path)
            assert kind == "xlsx" and pkg.office_kind() == ("workbook", "xl/workbook.xml")
            pkg.close()


def test_a_workbook_with_a_comment_in_its_content_types_is_audited(tmp_path):
    before = _with(tmp_path, "注释在前.xlsx", {"[Content_Types].xml": _types_with_comment(True)})
    wb, result = audit_file(before, before.name, load_profile(None))
    assert result.status != "unreadable", result.message
    plain, _ = audit_file(GOOD, GOOD.name, load_profile(None))
    assert len(wb.tables) == len(plain.tables) == 1  # the sample's one table, read as without the comment
    assert [i.name for i in wb.tables[0].indicators] == [i.name for i in plain.tables[0].indicators]


def test_sheets_and_relationships_read_fresh_and_from_the_memo_alike(tmp_path):
    with zipfile.ZipFile(GOOD) as z:
        workbook = z.read("xl/workbook.xml").decode()
    # a second sheet without a name (read as Sheet2, its place) and a third named "" (kept as
    # ""), both pointing at the one worksheet; a fourth whose relationship is missing (left out)
    sheets = re.search(r"<sheets>.*</sheets>", workbook).group(0)
    more = sheets.replace("</sheets>", '<sheet sheetId="2" r:id="rId1"/><sheet name="" sheetId="3" r:id="rId1"/>'
                                       '<sheet name="无" sheetId="4" r:id="rId99"/></sheets>')
    path = _with(tmp_path, "工作表.xlsx", {"xl/workbook.xml": workbook.replace(sheets, more).encode()})
    package_frame._FRAME.clear()
    read = []
    for _ in range(2):
        with XlsxPackage(path) as pkg:
            read.append(([(s.name, s.part, s.state, s.rel_id, s.index) for s in pkg.sheets()], pkg.rels("")))
    assert read[0] == read[1]
    assert read[0][0] == [("病历评审", "xl/worksheets/sheet1.xml", "visible", "rId1", 0),
                          ("Sheet2", "xl/worksheets/sheet1.xml", "visible", "rId1", 1),
                          ("", "xl/worksheets/sheet1.xml", "visible", "rId1", 2)]
    read[0][1].clear()  # a caller's copy
    with XlsxPackage(path) as pkg:
        assert pkg.rels("") == read[1][1] != {}
