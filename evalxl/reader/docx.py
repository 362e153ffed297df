"""A Word document's tables as grids, and its own text as paragraphs.

    word_tables(document) -> list[WordTable]     every body table, as the workbook reader's Grid
    word_paragraphs(document) -> list[str]       the text outside tables, one item per paragraph

Each Word table becomes a Grid like a worksheet's: row r and grid column c of the table
are row r and column c of the grid; a cell spread over several grid columns (gridSpan) or
continued down (vMerge) is a merge whose anchor holds the text; the text of every paragraph
in a cell is joined by line breaks. So the table locator (tables.py, department.py) reads
it by its labels, unchanged. A plain number typed in a cell ("15", "9.6") is a number, as
a spreadsheet would hold it; everything else stays text for the value parser.

A table's name says where a Word user finds it: 「附件2 表格」 when it follows a caption
附件2 (「附件2 表格2」 for a second one under that caption), else 「表格3」 (the third table
of the document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..a1 import address
from ..wordfile import body_blocks, cell_text, paragraph_text, table_rows, text_paragraphs
from .grid import Grid, RawCell

CAPTION_RE = re.compile(r"^\s*(附\s*件\s*[0-9０-９一二三四五六七八九十]+)")
NUMBER_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")


@dataclass
class WordTable:
    name: str  # 附件2 表格 / 表格3
    index: int  # position among the document's tables (1-based)
    grid: Grid
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # A1 -> (row, n-th cell of the row)
    lead: list[str] = field(default_factory=list)  # the paragraphs between the table before and this one


def _typed(text: str) -> str | int | float | None:
    t = text.strip()
    if not t:
        return None
    if NUMBER_RE.match(t):
        f = float(t)
        return int(f) if f.is_integer() and "." not in t and abs(f) < 1e15 else f
    return text


def table_grid(name: str, tbl) -> tuple[Grid, dict[str, tuple[int, int]]]:
    """The grid of one w:tbl and the Word position of each anchor cell."""
    grid = Grid(name)
    where: dict[str, tuple[int, int]] = {}
    open_down: dict[int, list[int]] = {}  # first grid column -> [r1, c1, c2, r2] of a vMerge in progress

    def close(col: int) -> None:
        r1, c1, c2, r2 = open_down.pop(col)
        if r2 > r1 or c2 > c1:
            grid.merges.append((r1, c1, r2, c2))

    for r, cells in enumerate(table_rows(tbl), 1):
        continued: set[int] = set()
        for wc in cells:
            last = wc.col + wc.span - 1
            run = open_down.get(wc.col)
            if wc.vmerge == "continue" and run is not None and run[2] == last:
                run[3] = r
                continued.add(wc.col)
                continue
            if run is not None:
                close(wc.col)
            value = _typed(cell_text(wc.tc))
            if value is not None:
                grid.rows.setdefault(r, {})[wc.col] = RawCell(value)
            where[address(r, wc.col)] = (r, wc.ordinal)
            if wc.vmerge is not None:  # "restart", or a stray "continue" with nothing above
                open_down[wc.col] = [r, wc.col, last, r]
                continued.add(wc.col)
            elif last > wc.col:
                grid.merges.append((r, wc.col, r, last))
        for col in [c for c in open_down if c not in continued]:
            close(col)
    for col in list(open_down):
        close(col)
    grid.index_merges()
    return grid, where


def word_tables(document) -> list[WordTable]:
    out: list[WordTable] = []
    caption, under = None, 0
    names: set[str] = set()
    index = 0
    lead: list[str] = []
    for kind, el in body_blocks(document):
        if kind == "p":
            text = paragraph_text(el).strip()
            m = CAPTION_RE.match(text)
            if m:
                caption, under = re.sub(r"\s+", "", m.group(1)), 0
            if text:
                lead.append(text)
            continue
        index += 1
        if caption:
            under += 1
            name = f"{caption} 表格" if under == 1 else f"{caption} 表格{under}"
        else:
            name = f"表格{index}"
        if name in names:
            name = f"{name}（第{index}个表格）"
        names.add(name)
        grid, cells = table_grid(name, el)
        out.append(WordTable(name, index, grid, cells, lead[-3:]))
        lead = []
    return out


def word_paragraphs(document) -> list[str]:
    """The text outside tables, paragraph by paragraph (empty ones left out)."""
    return [text for _, text in text_paragraphs(document)]


YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def title_from_lead(lead: list[str]) -> tuple[str, int | None]:
    """A table's title and year when they stand in the paragraphs just above it (「2023年度
    部门整体绩效自评表」), as Word users often type them: ("", None) when none does."""
    title = next((t for t in reversed(lead) if t.endswith("表") and len(t) <= 40), "")
    year = None
    for t in [title, *reversed(lead)]:
        m = YEAR_RE.search(t)
        if m and len(t) <= 40:
            year = int(m.group(1))
            break
    return title, year
