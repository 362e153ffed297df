"""A worksheet as a grid of raw cells: value, formula, cached flag, number format, merges.

The .xlsx path streams the sheet XML with lxml (no openpyxl object model: it is several
times slower and we need only values, formulas and formats). The .xls path uses xlrd.
Both give the same Grid, so the table locator never knows which format it reads.
"""

from __future__ import annotations

import math

from collections import deque
from dataclasses import dataclass, field
from typing import Iterator

from ..a1 import CELL_RE as _CELL_RE, address, col_index, col_letter, split_address  # noqa: F401 (re-exported)
from ..package import NS_MAIN, XlsxPackage


@dataclass(slots=True)
class RawCell:
    value: str | float | int | bool | None
    formula: str | None = None  # with a leading "="
    cached: bool = True
    number_format: str = "General"


@dataclass
class Grid:
    name: str
    rows: dict[int, dict[int, RawCell]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    # the first row left unread because the sheet holds more rows than MAX_ROWS (None: all read)
    truncated_at: int | None = None
    _anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    _span: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    # row -> first columns of the merges that reach down into it from a row above
    _merged_in: dict[int, list[int]] = field(default_factory=dict)

    def index_merges(self) -> None:
        """Map every cell covered by a merge to the merge's anchor (top-left)."""
        self._anchor.clear()
        self._span.clear()
        self._merged_in.clear()
        for r1, c1, r2, c2 in self.merges:
            self._span[(r1, c1)] = (r2, c2)
            if r2 - r1 <= 5000:
                for r in range(r1 + 1, r2 + 1):
                    self._merged_in.setdefault(r, []).append(c1)
            # A merge over a whole column or thousands of rows is a formatting accident;
            # covering it cell by cell would cost memory for nothing we read.
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 5000:
                continue
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._anchor[(r, c)] = (r1, c1)

    def merged_into(self, row: int) -> list[int]:
        """First columns of the merges that cover ``row`` from an anchor above it."""
        return self._merged_in.get(row, [])

    @property
    def max_row(self) -> int:
        return max(self.rows, default=0)

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        return self._anchor.get((row, col), (row, col))

    def span(self, row: int, col: int) -> tuple[int, int]:
        """The bottom-right of the merge anchored at (row, col), or the cell itself."""
        return self._span.get((row, col), (row, col))

    def is_covered(self, row: int, col: int) -> bool:
        """True for a cell inside a merge that is not its anchor."""
        return (row, col) in self._anchor

    def own(self, row: int, col: int) -> RawCell | None:
        """The cell as stored, without resolving merges."""
        r = self.rows.get(row)
        return r.get(col) if r else None

    def get(self, row: int, col: int) -> tuple[tuple[int, int], RawCell | None]:
        """The cell at (row, col), resolved to its merge anchor: ((row, col), cell)."""
        # the table scan's innermost call: own() inlined
        pos = self._anchor.get((row, col))
        if pos is None:
            r = self.rows.get(row)
            return (row, col), (r.get(col) if r else None)
        r = self.rows.get(pos[0])
        return pos, (r.get(pos[1]) if r else None)

    def first_filled(self, row: int, c1: int, c2: int, own_only: bool) -> tuple[tuple[int, int], RawCell] | None:
        """The first cell with content (a value or a formula) in columns c1..c2 of a row,
        merges resolved: (anchor, cell). With own_only, a merge anchored in an earlier row
        does not count. The table scan asks this of every span of every row."""
        anchor, rows = self._anchor, self.rows
        here = rows.get(row)
        for col in range(c1, c2 + 1):
            pos = anchor.get((row, col))
            if pos is None:
                if here is None:
                    continue
                pos, cell = (row, col), here.get(col)
            else:
                if own_only and pos[0] != row:
                    continue
                r = rows.get(pos[0])
                cell = r.get(pos[1]) if r else None
            if cell is None or (cell.value in (None, "") and not cell.formula):
                continue
            return pos, cell
        return None

    def row_items(self, row: int) -> list[tuple[int, RawCell]]:
        r = self.rows.get(row)
        return sorted(r.items()) if r else []

    def row_numbers(self) -> list[int]:
        return sorted(self.rows)


# --------------------------------------------------------------------------- bounded memory


MAX_ROWS = 10_000
"""Rows kept per sheet. A 自评表 fills a few hundred rows (the largest national form with
200 indicators, about 230); a sheet whose label rows go on past this is not a form, and
keeping all of it would let the input's shape decide the reader's memory (300 000 rows
of 项目名称 cost ~2 KB a row). What lies beyond is left unread, and the user is told."""


class RowWindow:
    """Keeps only the rows a table can be in, so a sheet of 100 000 data rows beside a
    table streams in bounded memory: the rows near a label row (a title, 项目名称, a
    header, 总分 …) are kept, ``before`` rows above it and ``after`` rows below the last
    one; every other row is dropped as it streams past. At most ``max_rows`` (plus one
    ``before``) rows are kept: ``full_at`` is then the first row refused."""

    def __init__(self, is_label_row, before: int = 200, after: int = 1000, max_rows: int = MAX_ROWS):
        self.is_label_row = is_label_row
        self.before, self.after = before, after
        self.max_rows = max_rows
        self.full_at: int | None = None
        self.buffer: deque[tuple[int, dict]] = deque()
        self.keep_until = 0
        self.dropped = 0

    def offer(self, rows: dict[int, dict], row_no: int, cells: dict) -> None:
        if self.full_at is not None:
            return
        if len(rows) >= self.max_rows:
            self.full_at = row_no
            self.buffer.clear()
            return
        if self.is_label_row(cells):
            while self.buffer:
                r, c = self.buffer.popleft()
                if r >= row_no - self.before:
                    rows[r] = c
            self.keep_until = row_no + self.after
        if row_no <= self.keep_until:
            rows[row_no] = cells
            return
        self.buffer.append((row_no, cells))
        while self.buffer and self.buffer[0][0] < row_no - self.before:
            self.buffer.popleft()
            self.dropped += 1


def has_label(cells: dict) -> bool:
    """True for a row holding a label a table is found by."""
    from . import labels

    for cell in cells.values():
        v = cell.value
        if isinstance(v, str) and len(v) <= 40 and labels.is_anchor_label(v):
            return True
    return False


# --------------------------------------------------------------------------- .xlsx


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
    tag_c, tag_v, tag_f, tag_is, tag_t = (f"{{{NS_MAIN}}}{t}" for t in ("c", "v", "f", "is", "t"))
    tag_row, tag_merge = f"{{{NS_MAIN}}}row", f"{{{NS_MAIN}}}mergeCell"
    shared_masters: dict[str, tuple[str, str]] = {}  # si -> (formula text, anchor address)
    shared_pending: list[tuple[int, int, str]] = []
    nformats = len(formats)
    fmt_of: dict[str | None, str] = {}  # style index -> number format, looked up once
    rows = grid.rows
    window = RowWindow(has_label)
    row_no = 0
    for el in pkg.elements(part, (tag_row, tag_merge)):
        if el.tag == tag_merge:
            ref = el.get("ref", "")
            if ":" in ref:
                a, b = ref.split(":", 1)
                try:
                    r1, c1 = split_address(a)
                    r2, c2 = split_address(b)
                    grid.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
                except ValueError:
                    pass
            continue
        if window.full_at is not None:
            continue  # past the rows a sheet may keep: only its merges are still read
        r_attr = el.get("r")
        row_no = int(r_attr) if r_attr and r_attr.isdigit() else row_no + 1
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
            value: str | float | int | bool | None = None
            if t == "s":
                if v_text is not None:
                    try:
                        value = strings[int(v_text)]
                    except (ValueError, IndexError):
                        value = None
            elif t == "inlineStr":
                if is_el is not None:
                    value = "".join(x.text or "" for x in is_el.iter(tag_t))
            elif t in ("str", "e"):
                value = v_text
            elif t == "b":
                value = v_text == "1" if v_text is not None else None
            elif v_text is not None and v_text != "":
                try:
                    value = _to_number(v_text)
                except ValueError:
                    value = v_text
            formula = None
            cached = True
            if f_el is not None:
                ftext = f_el.text
                if f_el.get("t") == "shared":
                    si = f_el.get("si", "")
                    if ftext:
                        shared_masters[si] = (ftext, ref or "")
                    else:
                        shared_pending.append((row_no, col_no, si))
                formula = "=" + ftext if ftext else "="
                # An empty <v/> is "no cached value" (openpyxl writes it so), except on a
                # string result: Excel saves a formula that gives "" as t="str" <v></v>.
                cached = v_text is not None or is_el is not None or (has_v and t == "str")
            if formula is None and (value is None or value == ""):
                continue  # a styled blank: nothing to read
            cells[col_no] = RawCell(value, formula, cached, fmt)
        if cells:
            window.offer(rows, row_no, cells)
    grid.truncated_at = window.full_at
    if shared_pending:
        _expand_shared(grid, shared_masters, shared_pending)
    grid.index_merges()
    return grid


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


def read_xls(book) -> Iterator[tuple[str, str, Grid]]:
    """Every sheet of an xlrd Book (opened with formatting_info=True) as a Grid.
    .xls keeps no formula text that xlrd can give back: formula cells read as their values."""
    import xlrd

    xf_formats = []
    for xf in book.xf_list:
        fmt = book.format_map.get(xf.format_key)
        xf_formats.append(fmt.format_str if fmt is not None else "General")
    states = {0: "visible", 1: "hidden", 2: "veryHidden"}
    for sheet in book.sheets():
        grid = Grid(sheet.name)
        for r in range(sheet.nrows):
            cells: dict[int, RawCell] = {}
            for c in range(sheet.ncols):
                ctype = sheet.cell_type(r, c)
                if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                v = sheet.cell_value(r, c)
                xfi = sheet.cell_xf_index(r, c)
                fmt = xf_formats[xfi] if 0 <= xfi < len(xf_formats) else "General"
                if (ctype == xlrd.XL_CELL_NUMBER or ctype == xlrd.XL_CELL_DATE) and not math.isfinite(v):
                    value = repr(v)  # NaN / inf in a BIFF number record: text, as in .xlsx
                elif ctype == xlrd.XL_CELL_NUMBER or ctype == xlrd.XL_CELL_DATE:
                    value = int(v) if float(v).is_integer() and abs(v) < 1e15 else float(v)
                elif ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(v)
                elif ctype == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(v, "#ERR")
                else:
                    value = v
                cells[c + 1] = RawCell(value, None, True, fmt)
            if cells and len(grid.rows) >= MAX_ROWS:
                grid.truncated_at = r + 1
                break
            if cells:
                grid.rows[r + 1] = cells
        for rlo, rhi, clo, chi in sheet.merged_cells:
            grid.merges.append((rlo + 1, clo + 1, rhi, chi))
        grid.index_merges()
        yield sheet.name, states.get(getattr(sheet, "visibility", 0), "visible"), grid
