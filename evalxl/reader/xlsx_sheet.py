"""The .xlsx path of the reader: one worksheet part streamed with lxml into a Grid (no
openpyxl object model: it is several times slower and only values, formulas, formats and
merges are needed).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterator

from ..a1 import address, split_address
from ..package import NS_MAIN, XlsxPackage
from . import sheet_scan as scan
from . import labels
from .grid import Grid, RawCell, RowWindow


def _to_number(text: str) -> float | int:
    f = float(text)
    if not math.isfinite(f):  # NaN, Infinity, 1e309: not a number a table can hold; read as text
        raise ValueError(text)
    if f.is_integer() and abs(f) < 1e15 and "e" not in text.lower() and "." not in text:
        return int(f)
    return f


def _col_of(ref: str) -> int:
    """The column of an A1 reference ("AB12" -> 28); 0 if it has no letters."""
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        elif ch != "$":
            break
    return n


def read_xlsx_sheet(pkg: XlsxPackage, part: str, name: str, strings: list[str], formats: list[str]) -> Grid:
    """One worksheet part into a Grid: scanned as text when its shape allows (sheet_scan),
    else streamed as an element tree; both read the same cells."""
    data = pkg.small_part(part)
    if data is not None:
        from .xlsx_scan import scan_sheet  # here: it builds on this module's cells

        try:
            return scan_sheet(data, name, _SheetState(strings, formats))
        except scan.ScanRefused:
            pass
    return _tree_sheet(pkg, part, name, _SheetState(strings, formats))


def _tree_sheet(pkg: XlsxPackage, part: str, name: str, sheet: "_SheetState") -> Grid:
    """The part streamed with lxml: any well-formed shape, and parts too large to scan."""
    grid = Grid(name)
    tag_row, tag_merge = f"{{{NS_MAIN}}}row", f"{{{NS_MAIN}}}mergeCell"
    rows = grid.rows
    window = RowWindow(_has_label)
    row_no = 0
    for el in pkg.elements(part, (tag_row, tag_merge)):
        if el.tag == tag_merge:
            _add_merge(grid, el.get("ref", ""))
            continue
        if window.full_at is not None:
            continue  # past the rows a sheet may keep: only its merges are still read
        r_attr = el.get("r")
        row_no = int(r_attr) if r_attr and r_attr.isdigit() else row_no + 1
        cells = _read_row(el, row_no, sheet)
        if cells:
            window.offer(rows, row_no, cells)
    return _finish(grid, window, sheet)


def _has_label(cells: dict[int, RawCell]) -> bool:
    """A row holding a label a table is found by (RowWindow keeps the rows around it)."""
    for cell in cells.values():
        v = cell.value
        if isinstance(v, str) and len(v) <= 40 and labels.is_anchor_label(v):  # memoised there
            return True
    return False


def _finish(grid: Grid, window: RowWindow, sheet: "_SheetState") -> Grid:
    grid.truncated_at = window.full_at
    if sheet.shared_pending:
        _expand_shared(grid, sheet.shared_masters, sheet.shared_pending)
    grid.index_merges()
    return grid


def _add_merge(grid: Grid, ref: str) -> None:
    box = _merge_box(ref)
    if box is not None:
        grid.merges.append(box)


@lru_cache(maxsize=16384)  # a template's merges recur in every workbook made from it
def _merge_box(ref: str) -> tuple[int, int, int, int] | None:
    """"B2:A1" -> (1, 1, 2, 2): rows and columns ordered; None when ref is no range."""
    if ":" in ref:
        a, b = ref.split(":", 1)
        try:
            r1, c1 = split_address(a)
            r2, c2 = split_address(b)
            return (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
        except ValueError:
            pass
    return None


_TAG_C, _TAG_V, _TAG_F, _TAG_IS, _TAG_T = (f"{{{NS_MAIN}}}{t}" for t in ("c", "v", "f", "is", "t"))
_COLUMNS: dict[str, int] = {}  # column letters -> number, filled as met


class _SheetState:
    """What reading one sheet's rows shares: its strings and formats, and its shared formulas."""

    __slots__ = ("strings", "formats", "fmt_of", "shared_masters", "shared_pending")

    def __init__(self, strings: list[str], formats: list[str]):
        self.strings = strings
        self.formats = formats
        self.fmt_of: dict[str | None, str] = {}  # style index -> number format, looked up once
        self.shared_masters: dict[str, tuple[str, str]] = {}  # si -> (formula text, anchor address)
        self.shared_pending: list[tuple[int, int, str]] = []

    def format_of(self, s: str | None) -> str:
        fmt = self.fmt_of.get(s)
        if fmt is None:
            formats = self.formats
            fmt = self.fmt_of[s] = formats[int(s)] if s and s.isdigit() and int(s) < len(formats) else "General"
        return fmt


def _read_row(el, row_no: int, sheet: _SheetState) -> dict[int, RawCell]:
    """The cells of one <row> element that hold a value or a formula, by column."""
    tag_c, tag_v, tag_f, tag_is = _TAG_C, _TAG_V, _TAG_F, _TAG_IS
    cells: dict[int, RawCell] = {}
    col_no = 0
    skipped_ref = None  # the r of the last styled blank passed over, if it had one
    for c in el:
        if c.tag != tag_c:
            continue
        ref = c.get("r")
        if not len(c) and c.get("t") != "inlineStr":  # a styled blank (a border, a fill): most cells of a form
            skipped_ref, col_no = _passed_blank(ref, skipped_ref, col_no)
            continue
        if ref:
            col_no = _col_of(ref) or col_no + 1
        else:
            col_no = (_col_of(skipped_ref) if skipped_ref else col_no) + 1
        skipped_ref = None
        v_text = None
        has_v = False
        formula = None
        inline = None
        for child in c:  # the last of a repeated child wins
            tag = child.tag
            if tag == tag_v:
                v_text = child.text
                has_v = True
            elif tag == tag_f:
                formula = (child.text, child.get("t"), child.get("si", ""))
            elif tag == tag_is:
                inline = "".join(x.text or "" for x in child.iter(_TAG_T))
        cell = _make_cell(sheet, row_no, col_no, ref, c.get("t", "n"), c.get("s"), v_text, has_v, formula, inline)
        if cell is not None:
            cells[col_no] = cell
    return cells


def _passed_blank(ref: str | None, skipped_ref: str | None, col_no: int) -> tuple[str | None, int]:
    """(skipped_ref, col_no) after a styled blank: its column only matters to a following
    cell without an r attribute."""
    if ref:
        return ref, col_no
    return None, (_col_of(skipped_ref) if skipped_ref else col_no) + 1


def _make_cell(sheet: _SheetState, row_no: int, col_no: int, ref: str | None, t: str, s: str | None,
               v_text: str | None, has_v: bool, formula: tuple | None, inline: str | None) -> RawCell | None:
    """A cell from what its element holds: ``formula`` (text, t, si) of its <f>, ``inline``
    the text of its <is>; None for a cell with neither a value nor a formula."""
    fmt = sheet.format_of(s)  # first, as ever: a style index int() refuses fails the read
    value = _typed_value(t, v_text, inline, sheet.strings)
    text = None
    cached = True
    if formula is not None:
        ftext, ftype, si = formula
        if ftype == "shared":
            if ftext:
                sheet.shared_masters[si] = (ftext, ref or "")
            else:
                sheet.shared_pending.append((row_no, col_no, si))
        text = "=" + ftext if ftext else "="
        # An empty <v/> is "no cached value" (openpyxl writes it so), except on a
        # string result: Excel saves a formula that gives "" as t="str" <v></v>.
        cached = v_text is not None or inline is not None or (has_v and t == "str")
    elif value is None or value == "":
        return None  # a styled blank: nothing to read
    return RawCell(value, text, cached, fmt)


def _typed_value(t: str, v_text: str | None, inline: str | None, strings: list[str]) -> str | float | int | bool | None:
    """A cell's value by its type attribute t: shared string, inline string, text, bool, number."""
    value: str | float | int | bool | None = None
    if t == "s":
        if v_text is not None:
            try:
                value = strings[int(v_text)]
            except (ValueError, IndexError):
                value = None
    elif t == "inlineStr":
        value = inline
    elif t in ("str", "e"):
        value = v_text
    elif t == "b":
        value = v_text == "1" if v_text is not None else None
    elif v_text is not None and v_text != "":
        try:
            value = _to_number(v_text)
        except ValueError:
            value = v_text
    return value


def _expand_shared(grid: Grid, masters: dict[str, tuple[str, str]], pending: list[tuple[int, int, str]]) -> None:
    """Give the dependents of a shared formula their own text, translated from the master."""
    from openpyxl.formula.translate import Translator  # only workbooks with shared formulas pay for it

    for row, col, si in pending:
        master = masters.get(si)
        cell = grid.own(row, col)
        if master is None or cell is None:
            continue
        text, origin = master
        try:
            cell.formula = Translator("=" + text, origin=origin).translate_formula(address(row, col))
        except Exception:
            cell.formula = "=" + text


def read_xlsx(pkg: XlsxPackage) -> Iterator[tuple[object, Grid]]:
    strings = pkg.shared_strings()
    formats = pkg.number_formats()
    for ref in pkg.sheets():
        yield ref, read_xlsx_sheet(pkg, ref.part, ref.name, strings, formats)


# --------------------------------------------------------------------------- .xls
