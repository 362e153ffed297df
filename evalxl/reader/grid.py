"""A worksheet as a grid of raw cells: value, formula, cached flag, number format, merges.

The .xlsx path (evalxl.reader.xlsx_sheet, read_xlsx re-exported here) streams the sheet
XML with lxml; the .xls path here uses xlrd. Both give the same Grid, so the table
locator never knows which format it reads.
"""

from __future__ import annotations

import math

from collections import deque
from dataclasses import dataclass, field
from typing import Iterator

from ..a1 import CELL_RE as _CELL_RE, address, col_index, col_letter, split_address  # noqa: F401 (re-exported)


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
        """Map every cell covered by a merge to the merge's anchor (top-left). The maps are
        read only: a sheet with the very merges of one indexed before (a batch's template)
        shares that sheet's maps."""
        key = tuple(self.merges)
        got = _MERGE_INDEXES.get(key)
        if got is None:
            got = _index(key)
            if len(key) + sum(map(len, got)) <= 4000:  # a template's merges: at most 64 × 4000 entries kept
                if len(_MERGE_INDEXES) >= 64:
                    _MERGE_INDEXES.clear()
                _MERGE_INDEXES[key] = got
        self._anchor, self._span, self._merged_in = got

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


_MERGE_INDEXES: dict[tuple, tuple[dict, dict, dict]] = {}  # merges -> Grid's (_anchor, _span, _merged_in)


def _index(merges: tuple[tuple[int, int, int, int], ...]) -> tuple[dict, dict, dict]:
    anchor: dict[tuple[int, int], tuple[int, int]] = {}
    span: dict[tuple[int, int], tuple[int, int]] = {}
    merged_in: dict[int, list[int]] = {}
    for r1, c1, r2, c2 in merges:
        span[(r1, c1)] = (r2, c2)
        if r2 - r1 <= 5000:
            for r in range(r1 + 1, r2 + 1):
                merged_in.setdefault(r, []).append(c1)
        # A merge over a whole column or thousands of rows is a formatting accident;
        # covering it cell by cell would cost memory for nothing we read.
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 5000:
            continue
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    anchor[(r, c)] = (r1, c1)
    return anchor, span, merged_in


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


def skip_xlrd_colour_check() -> None:
    """xlrd, opening a book with formatting_info, walks every XF's attributes recursively to
    note which palette colours are used (Book.colour_indexes_used) and to print an unknown
    one to its log: diagnostics that nothing reads (our log is discarded) and about a third
    of its time on a small .xls. Its own palette epilogue still notes the fonts' colours.
    Done once, before the first book is opened. xlrd is in maintenance at 2.0; should a
    release drop the name, books open with its check as before."""
    from xlrd import formatting

    own = getattr(formatting, "check_colour_indexes_in_obj", None)
    if own is not None and own is not _no_colour_check:
        XLRD_COLOUR_CHECK.append(own)  # kept for the test that compares
        formatting.check_colour_indexes_in_obj = _no_colour_check


XLRD_COLOUR_CHECK: list = []  # xlrd's own check, once replaced


def _no_colour_check(book, obj, orig_index) -> None:
    return None


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
        ncols = sheet.ncols
        for r in range(sheet.nrows):
            cells: dict[int, RawCell] = {}
            values = sheet.row_values(r, 0, ncols)
            for c, ctype in enumerate(sheet.row_types(r, 0, ncols)):  # a row's types at once: most are empty
                if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                v = values[c]
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


def __getattr__(name: str):
    # the .xlsx reader moved to evalxl.reader.xlsx_sheet; kept reachable here for older imports
    if name in ("read_xlsx", "read_xlsx_sheet"):
        from . import xlsx_sheet
        return getattr(xlsx_sheet, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
