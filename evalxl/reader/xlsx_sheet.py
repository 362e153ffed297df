"""The .xlsx path of the reader: one worksheet part streamed with lxml into a Grid (no
openpyxl object model: it is several times slower and only values, formulas, formats and
merges are needed).
"""

from __future__ import annotations

import math
from typing import Iterator

from ..a1 import address, split_address
from ..package import NS_MAIN, XlsxPackage
from .grid import Grid, RawCell, RowWindow, has_label


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
    """Stream one worksheet part into a Grid."""
    grid = Grid(name)
    tag_row, tag_merge = f"{{{NS_MAIN}}}row", f"{{{NS_MAIN}}}mergeCell"
    sheet = _SheetState(strings, formats)
    rows = grid.rows
    window = RowWindow(has_label)
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
    grid.truncated_at = window.full_at
    if sheet.shared_pending:
        _expand_shared(grid, sheet.shared_masters, sheet.shared_pending)
    grid.index_merges()
    return grid


def _add_merge(grid: Grid, ref: str) -> None:
    if ":" in ref:
        a, b = ref.split(":", 1)
        try:
            r1, c1 = split_address(a)
            r2, c2 = split_address(b)
            grid.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        except ValueError:
            pass


_TAG_C, _TAG_V, _TAG_F, _TAG_IS, _TAG_T = (f"{{{NS_MAIN}}}{t}" for t in ("c", "v", "f", "is", "t"))


class _SheetState:
    """What reading one sheet's rows shares: its strings and formats, and its shared formulas."""

    __slots__ = ("strings", "formats", "fmt_of", "shared_masters", "shared_pending")

    def __init__(self, strings: list[str], formats: list[str]):
        self.strings = strings
        self.formats = formats
        self.fmt_of: dict[str | None, str] = {}  # style index -> number format, looked up once
        self.shared_masters: dict[str, tuple[str, str]] = {}  # si -> (formula text, anchor address)
        self.shared_pending: list[tuple[int, int, str]] = []


def _read_row(el, row_no: int, sheet: _SheetState) -> dict[int, RawCell]:
    """The cells of one <row> that hold a value or a formula, by column."""
    tag_c, tag_v, tag_f, tag_is = _TAG_C, _TAG_V, _TAG_F, _TAG_IS
    formats, fmt_of = sheet.formats, sheet.fmt_of
    nformats = len(formats)
    cells: dict[int, RawCell] = {}
    col_no = 0
    skipped_ref = None  # the r of the last styled blank passed over, if it had one
    for c in el:
        if c.tag != tag_c:
            continue
        ref = c.get("r")
        if not len(c) and c.get("t") != "inlineStr":
            # A styled blank (a border, a fill): most cells of a form. Its column only
            # matters to a following cell without an r attribute.
            if ref:
                skipped_ref = ref
            else:
                col_no = (_col_of(skipped_ref) if skipped_ref else col_no) + 1
                skipped_ref = None
            continue
        if ref:
            col_no = _col_of(ref) or col_no + 1
        else:
            col_no = (_col_of(skipped_ref) if skipped_ref else col_no) + 1
        skipped_ref = None
        t = c.get("t", "n")
        s = c.get("s")
        fmt = fmt_of.get(s)
        if fmt is None:
            fmt = fmt_of[s] = formats[int(s)] if s and s.isdigit() and int(s) < nformats else "General"
        v_text = None
        has_v = False
        f_el = None
        is_el = None
        if len(c) == 1 and c[0].tag == tag_v:  # most cells: a value and nothing else
            v_text = c[0].text
            has_v = True
        else:
            for child in c:
                tag = child.tag
                if tag == tag_v:
                    v_text = child.text
                    has_v = True
                elif tag == tag_f:
                    f_el = child
                elif tag == tag_is:
                    is_el = child
        value = _typed_value(t, v_text, is_el, sheet.strings)
        formula = None
        cached = True
        if f_el is not None:
            ftext = f_el.text
            if f_el.get("t") == "shared":
                si = f_el.get("si", "")
                if ftext:
                    sheet.shared_masters[si] = (ftext, ref or "")
                else:
                    sheet.shared_pending.append((row_no, col_no, si))
            formula = "=" + ftext if ftext else "="
            # An empty <v/> is "no cached value" (openpyxl writes it so), except on a
            # string result: Excel saves a formula that gives "" as t="str" <v></v>.
            cached = v_text is not None or is_el is not None or (has_v and t == "str")
        if formula is None and (value is None or value == ""):
            continue  # a styled blank: nothing to read
        cells[col_no] = RawCell(value, formula, cached, fmt)
    return cells


def _typed_value(t: str, v_text: str | None, is_el, strings: list[str]) -> str | float | int | bool | None:
    """A cell's value by its type attribute t: shared string, inline string, text, bool, number."""
    value: str | float | int | bool | None = None
    if t == "s":
        if v_text is not None:
            try:
                value = strings[int(v_text)]
            except (ValueError, IndexError):
                value = None
    elif t == "inlineStr":
        if is_el is not None:
            value = "".join(x.text or "" for x in is_el.iter(_TAG_T))
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
