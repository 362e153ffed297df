"""A sheet's rows as the table scans read them, each worked out once per sheet: a row's
texts, which rows can hold which labels (row flags), its cells with merges resolved, the
first filled cell of a column span (of one row, or down the rows of a block), and the
model Cell of a raw one.

Every table of a sheet (tables.py, department.py) is found and read by several scans over
the same rows: the header search, the fields above a header, the indicator block, the
block's end, the 基础数据表. The texts and flags of every row are worked out when the scan
of a sheet starts (the header search asks them of every row); the rest at its first asking.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from ..a1 import address
from ..model import Cell, Empty, Value
from . import labels
from .grid import Grid, RawCell
from .values import parse_cell


def make_cell(pos: tuple[int, int], raw: RawCell) -> Cell:
    # every cell a table reads comes through here: plain dict memos (no LRU bookkeeping),
    # emptied when full so a batch of unique values cannot grow them
    value, fmt = raw.value, raw.number_format
    typed = _TYPED.get((value, fmt, value.__class__))  # the class: 1, 1.0 and True are different cells
    if typed is None:
        if len(_TYPED) >= _MEMO_SIZE:
            _TYPED.clear()
        typed = _TYPED[(value, fmt, value.__class__)] = _typed(value, fmt)
    return Cell(_ADDRESSES.get(pos) or _address(pos), value, typed, raw.formula, raw.cached, fmt)


_MEMO_SIZE = 4096
_TYPED: dict[tuple, Value] = {}
_ADDRESSES: dict[tuple[int, int], str] = {}


def _address(pos: tuple[int, int]) -> str:
    got = _ADDRESSES.get(pos)
    if got is None:
        if len(_ADDRESSES) >= 4 * _MEMO_SIZE:
            _ADDRESSES.clear()
        got = _ADDRESSES[pos] = address(*pos)
    return got


def _typed(value: str | float | int | bool | None, number_format: str) -> Value:
    """A cell's typed value (make_cell memoises it: the same few values and formats recur
    in every table of a batch)."""
    # A printed instruction left in a cell (「对照年度目标，说明…(100字以内)」) is no value.
    if isinstance(value, str) and labels.is_instruction(value):
        return Empty()
    return parse_cell(value, number_format)


def _text(raw: RawCell | None) -> str:
    if raw is None or raw.value is None:
        return ""
    return raw.value if isinstance(raw.value, str) else str(raw.value)


@lru_cache(maxsize=4096)
def _is_blank_text(text: str) -> bool:
    """Blank, or a placeholder such as "……" or "—"."""
    return isinstance(parse_cell(text), Empty)


_NO_TEXTS: list[tuple[int, str]] = []  # a row with no cells (never appended to)
TEXT, OWN, ANY = 0, 1, 2  # how _column reads a span (see there)


class SheetRows:
    """The rows of one sheet, and what the scans ask of them, cached."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.rows = grid.row_numbers()
        self._resolved: dict[int, list[tuple[int, tuple[int, int], RawCell]]] = {}
        # Every scan starts from the rows' texts and flags (the header search asks them of
        # every row): worked out for the whole sheet at once, in one pass.
        self._texts: dict[int, list[tuple[int, str]]] = {}
        self._flags: dict[int, int] = {}
        flags_of, grid_rows, sheet_flags = labels.text_flags, grid.rows, 0
        for row in self.rows:  # (col, text) of the row's string cells that are not blank, left to right
            texts = self._texts[row] = [(c, v) for c, cell in grid_rows[row].items()
                                        if isinstance(v := cell.value, str) and v.strip()]
            flags = 0
            if texts:
                texts.sort()  # the columns are unique: the texts are never compared
                for _, text in texts:
                    flags |= flags_of(text)
            self._flags[row] = flags
            sheet_flags |= flags
        self.sheet_flags = sheet_flags  # every row's flags or'ed: what the sheet can hold at all

    def _row_texts(self, row: int) -> list[tuple[int, str]]:
        """(col, text) of the string cells stored in a row (merge anchors only)."""
        return self._texts.get(row, _NO_TEXTS)

    def row_flags(self) -> dict[int, int]:
        """row -> the labels.text_flags of its texts, or'ed: which rows can hold a 绩效指标
        header, a 项目资金 header or a 基础数据表 label."""
        return self._flags

    def _resolved_row(self, row: int) -> list[tuple[int, tuple[int, int], RawCell]]:
        """Every cell of a row with content, merges resolved: (col, anchor, cell); a merge is
        listed once, at its first column in this row."""
        got = self._resolved.get(row)
        if got is not None:
            return got
        grid = self.grid
        here, rows, anchor = grid.rows.get(row) or {}, grid.rows, grid._anchor
        merged = grid.merged_into(row)
        out = []
        for col in (sorted(set(here).union(merged)) if merged else sorted(here)):
            pos = anchor.get((row, col))  # Grid.get inlined: every cell of the rows the scans resolve
            if pos is None:
                pos, cell = (row, col), here.get(col)
            else:
                r = rows.get(pos[0])
                cell = r.get(pos[1]) if r else None
            if cell is not None and (cell.value not in (None, "") or cell.formula):
                out.append((col, pos, cell))
        self._resolved[row] = out
        return out

    def _rows_in(self, lo: int, hi: int) -> list[int]:
        """The sheet's rows from lo to hi."""
        rows = self.rows
        return rows[bisect_left(rows, lo):bisect_right(rows, hi)]

    def _cell_in_span(self, row: int, span: tuple[int, int], own_only: bool) -> Cell | None:
        """The first cell with content in a column span of a row. With own_only, a merge
        anchored in an earlier row does not count (its value belongs to that row)."""
        got = self.grid.first_filled(row, span[0], span[1], own_only)
        return make_cell(*got) if got is not None else None

    def _text_in_span(self, row: int, span: tuple[int, int]) -> tuple[tuple[int, int], str] | None:
        """(anchor, text) of the first cell in a column span of a row whose text is not blank."""
        anchor, rows = self.grid._anchor, self.grid.rows  # Grid.get inlined: asked of every span of every row
        for col in range(span[0], span[1] + 1):
            pos = anchor.get((row, col)) or (row, col)
            r = rows.get(pos[0])
            cell = r.get(pos[1]) if r else None
            if cell is None or (value := cell.value) is None:
                continue
            text = value if isinstance(value, str) else str(value)  # _text inlined
            if text and not _is_blank_text(text):
                return pos, text
        return None

    def _column(self, rows: list[int], span: tuple[int, int], mode: int) -> list:
        """A column span read down several rows at once (the rows of an indicator block):
        for each row, what _text_in_span (mode TEXT: (anchor, text)) or grid.first_filled
        (OWN: own_only, ANY: merges from above count; (anchor, cell)) gives, or None."""
        if mode == TEXT:
            return [self._text_in_span(row, span) for row in rows]
        first_filled, (c1, c2), own_only = self.grid.first_filled, span, mode == OWN
        return [first_filled(row, c1, c2, own_only) for row in rows]

    def _cells(self, rows: list[int], span: tuple[int, int] | None, mode: int) -> list[Cell | None]:
        """The model Cell of each row's hit in a column span (see _column); all None
        where the header has no such column."""
        if span is None:
            return [None] * len(rows)
        return [make_cell(*hit) if hit is not None else None for hit in self._column(rows, span, mode)]
