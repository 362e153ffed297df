"""A table drawn as the officer sees it in Excel: its region of the sheet, merged cells
merged, every cell keyed by its location so the page can mark the findings' cells.

    table_grid(path, fmt, kind, index, limits) -> dict (JSON-ready)

    {"title": "…", "columns": ["A", "B", …], "rows": [{"label": "5", "cells": [
        {"key": "H22", "text": "9.6", "rowspan": 1, "colspan": 1}, …]}]}

The page knows nothing of sheets or addresses: a finding marks the cell whose ``key``
equals its ``cell``. Sources are chosen by the file's format (FileResult.format), each
keying cells in its findings' location form: a worksheet's by A1 address, a Word table's
as 「第15行 第8列」 (wordplace.shown: the row, the n-th cell of that row as Word counts
them). Another format plugs in with a function in SOURCES returning the same shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..a1 import address, col_letter
from ..findings import format_number
from ..package import Limits

MAX_CELLS = 20_000  # a table region larger than this is cut (the page would not draw it)


def _text(cell) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if "%" in (cell.number_format or ""):
            return format_number(value * 100) + "%"
        return format_number(value)
    return str(value).strip()


def _region(path: Path, kind: str, index: int, limits: Limits):
    """The reader's model and one of its tables, as the findings were made from it."""
    from ..reader import read_workbook

    wb = read_workbook(path, limits)
    tables = wb.tables if kind == "table" else wb.department_tables
    if not 0 <= index < len(tables):
        raise LookupError(index)
    return wb, tables[index]


def _name(t) -> str:
    return getattr(t, "name", "") or getattr(t, "title", "")


def _sheet_grid(path: Path, fmt: str, sheet: str, limits: Limits):
    from ..package import XlsxPackage
    from ..reader.grid import read_xls, read_xlsx

    if fmt == "xls":
        import xlrd

        book = xlrd.open_workbook(str(path), formatting_info=True)
        try:
            for name, _state, grid in read_xls(book):
                if name == sheet:
                    return grid
        finally:
            book.release_resources()
    else:
        with XlsxPackage(path, limits) as pkg:
            for ref, grid in read_xlsx(pkg):
                if ref.name == sheet:
                    return grid
    raise LookupError(sheet)


def _draw(grid, first: int, last: int, key: Callable[[int, int], str]) -> tuple[int, int, list[dict]]:
    """The rows first..last of a grid over the columns they use, each merge drawn once;
    (first column, last column, rows)."""
    grid.index_merges()
    used = [c for r in range(first, last + 1) for c, _ in grid.row_items(r)]
    for r1, c1, r2, c2 in grid.merges:
        if r1 <= last and r2 >= first:
            used += [c1, c2]
    if not used:
        raise LookupError(grid)
    c_first, c_last = min(used), max(used)
    last = min(last, first + MAX_CELLS // max(1, c_last - c_first + 1))
    rows = []
    for r in range(first, last + 1):
        cells = []
        for c in range(c_first, c_last + 1):
            anchor = grid.anchor(r, c)
            # a merge is drawn once, from its first cell inside the region
            top, left = max(anchor[0], first), max(anchor[1], c_first)
            if (r, c) != (top, left):
                continue
            r2, c2 = grid.span(*anchor)
            cells.append({
                "key": key(*anchor),
                "text": _text(grid.own(*anchor)),
                "rowspan": min(r2, last) - top + 1,
                "colspan": min(c2, c_last) - left + 1,
            })
        rows.append({"label": str(r), "cells": cells})
    return c_first, c_last, rows


def spreadsheet_grid(path: Path, fmt: str, kind: str, index: int, limits: Limits) -> dict:
    _wb, t = _region(path, kind, index, limits)
    grid = _sheet_grid(path, fmt, t.sheet, limits)
    c_first, c_last, rows = _draw(grid, t.first_row, t.last_row, address)
    name = _name(t)
    return {"title": f"{t.sheet}　第 {t.first_row}–{rows[-1]['label']} 行" + (f"　{name}" if name else ""),
            "columns": [col_letter(c) for c in range(c_first, c_last + 1)], "rows": rows}


def word_grid(path: Path, fmt: str, kind: str, index: int, limits: Limits) -> dict:
    """A Word table's rows, each cell keyed the way the Word findings name it (「第5行 第7列」:
    the row, and the n-th cell of that row as Word counts them). Word has no column
    letters: the heading stays empty."""
    from ..reader import read_grids
    from ..wordplace import shown

    wb, t = _region(path, kind, index, limits)
    sheet = next(s for s in wb.sheets if s.name == t.sheet)
    grid = read_grids(path, limits)[t.sheet]

    def key(r: int, c: int) -> str:
        pos = sheet.word_cells.get(address(r, c))
        return shown(*pos) if pos else address(r, c)

    c_first, c_last, rows = _draw(grid, t.first_row, t.last_row, key)
    name = _name(t)
    return {"title": f"{t.sheet}　第 {t.first_row}–{rows[-1]['label']} 行" + (f"　{name}" if name else ""),
            "columns": [""] * (c_last - c_first + 1), "rows": rows}


SOURCES: dict[str, Callable[[Path, str, str, int, Limits], dict]] = {
    "xlsx": spreadsheet_grid,
    "xlsm": spreadsheet_grid,
    "xls": spreadsheet_grid,
    "docx": word_grid,
}


def table_grid(path: Path, fmt: str, kind: str, index: int, limits: Limits) -> dict:
    source = SOURCES.get(fmt)
    if source is None:
        raise LookupError(fmt)
    return source(path, fmt, kind, index, limits)
