"""The streaming sheet reader: formulas and their cached values, as Excel and openpyxl
write them."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from evalxl.package import XlsxPackage
from evalxl.reader.grid import Grid, read_xlsx


def _book(tmp_path, cells: str):
    """A minimal package whose only sheet holds ``cells`` in row 1, after a label in Z1
    (rows far from any label are not kept: see RowWindow)."""
    path = _package(tmp_path, f'<row r="1">{cells}<c r="Z1" t="inlineStr"><is><t>三级指标</t></is></c></row>')
    with XlsxPackage(path) as pkg:
        [(ref, grid)] = list(read_xlsx(pkg))
    return grid


def _package(tmp_path, sheet_data: str):
    """A minimal .xlsx whose only sheet, S, holds ``sheet_data`` (the <row>s)."""
    path = tmp_path / "f.xlsx"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {ns}><sheetData>{sheet_data}</sheetData></worksheet>')
    return path


def test_formula_cached_values(tmp_path):
    grid = _book(tmp_path, '<c r="A1"><f>1+1</f><v>2</v></c>'  # cached number
                           '<c r="B1"><f>1+1</f><v></v></c>'  # openpyxl: no cached value
                           '<c r="C1"><f>1+1</f></c>'  # no <v> at all
                           '<c r="D1" t="str"><f>IF(1,"","x")</f><v></v></c>'  # Excel: a cached ""
                           '<c r="E1" t="str"><f>"a"</f><v>a</v></c>')
    got = {col: (c.formula, c.value, c.cached) for col, c in grid.rows[1].items() if col < 26}
    assert got[1] == ("=1+1", 2, True)
    assert got[2] == ("=1+1", None, False)
    assert got[3] == ("=1+1", None, False)
    assert got[4] == ('=IF(1,"","x")', None, True)
    assert got[5] == ('="a"', "a", True)


def test_shared_formulas_are_translated(tmp_path):
    grid = _book(tmp_path, '<c r="A1"><f t="shared" ref="A1:C1" si="0">X1*2</f><v>0</v></c>'
                           '<c r="B1"><f t="shared" si="0"/><v>0</v></c><c r="C1"><f t="shared" si="0"/><v>0</v></c>')
    assert [grid.rows[1][c].formula for c in (1, 2, 3)] == ["=X1*2", "=Y1*2", "=Z1*2"]


def test_rows_far_from_any_label_are_not_kept():
    from evalxl.reader.grid import RawCell, RowWindow

    window = RowWindow(lambda cells: 1 in cells and cells[1].value == "label", before=2, after=3)
    rows: dict = {}
    for r in range(1, 21):
        window.offer(rows, r, {1: RawCell("label" if r == 10 else r)})
    # 2 rows above the label row 10, and 3 below it
    assert sorted(rows) == [8, 9, 10, 11, 12, 13]


def test_a_sheet_of_300000_label_rows_is_read_in_bounded_memory(tmp_path):
    """Issue 14 defect 15: every row holds a label word (项目名称), so the row window
    keeps every row; 300 000 of them took ~220 MB (and ~5 s) in one reader. A sheet keeps
    at most MAX_ROWS (10 000) rows, and the user is told where reading stopped: rows
    1..10 000 are kept, row 10 001 is the first one left unread."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>项目名称</t></is></c><c r="B{r}"><v>{r}</v></c></row>'
                   for r in range(1, 300_001))
    path = _package(tmp_path, rows)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork+exec from the pytest process
    code = f"""
import json, re
from evalxl.reader import read_workbook
wb = read_workbook({str(path)!r})
hwm = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))
print(json.dumps({{"notes": [[n.kind, n.cell, n.message] for n in wb.notes], "rss_mb": hwm / 1024}}))
"""
    root = Path(__file__).resolve().parents[2]
    got = json.loads(subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout)
    [[kind, cell, message]] = got["notes"]
    assert (kind, cell) == ("sheet_too_long", "A10001")
    assert "10000 行" in message and "第 10001 行之前" in message and "未审核" in message
    # the old reader peaked at ~220 MB here; 10 000 kept rows cost a few MB above the
    # interpreter's own ~30 MB
    assert got["rss_mb"] < 100


def test_merge_maps_fresh_and_from_the_memo_alike():
    """index_merges keeps the maps of a template's merges for the next sheet with the same
    merges; a sheet's merges changed later are indexed anew, the first sheet untouched."""
    from evalxl.reader import grid as grid_module

    grid_module._MERGE_INDEXES.clear()
    merges = [(1, 1, 2, 2), (3, 2, 3, 4)]
    # by hand: A1:B2 covers B1, A2, B2 (anchor A1), reaching down into row 2 from column 1;
    # B3:D3 covers C3 and D3, within its own row
    anchor = {(1, 2): (1, 1), (2, 1): (1, 1), (2, 2): (1, 1), (3, 3): (3, 2), (3, 4): (3, 2)}
    span = {(1, 1): (2, 2), (3, 2): (3, 4)}
    first, second = Grid("一", merges=list(merges)), Grid("二", merges=list(merges))
    first.index_merges()
    second.index_merges()  # from the memo
    for g in (first, second):
        assert g._anchor == anchor and g._span == span and g.merged_into(2) == [1] and g.merged_into(3) == []
    second.merges.append((5, 1, 6, 1))
    second.index_merges()
    assert second.anchor(6, 1) == (5, 1) and second.merged_into(6) == [1]
    assert first.anchor(6, 1) == (6, 1) and first._anchor == anchor
