"""Findings of a Word document named the way a Word user finds a cell.

The rules name cells by the A1 address of the grid the reader made of each Word table
(they never know the source format). For a .docx, each such finding is given

- ``place``: {"table": n, "row": r, "col": c}: the document's n-th table, its r-th row,
  the c-th cell of that row (counted as a Word user counts them, a merged cell once);
  {"table": n} for a finding on a table as a whole;
- ``cell`` and every address in its message: 「第5行 第7列」 (an address after another
  table's name, 「表格2」C25, by that table's rows and cells); ``sheet`` already names the
  table as the reader named it (「附件2 表格」, 「表格3」);
- a fix's cell likewise (the corrected-copy writer goes by ``place``).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from .findings import Finding
from .model import Sheet, Workbook

ADDRESS_RE = re.compile(r"(?:「([^」]{1,60})」)?(?<![A-Za-z0-9])([A-Z]{1,3}[1-9][0-9]{0,5})(?![A-Za-z0-9])")


def shown(row: int, col: int) -> str:
    return f"第{row}行 第{col}列"


def rewrite(text: str, own: Sheet, sheets: dict[str, Sheet]) -> str:
    """Every A1 address in ``text`` as a Word place: in ``own`` table, or in the table
    whose name stands just before it in 「」."""

    def name(m: re.Match) -> str:
        other = sheets.get(m.group(1) or "")
        cells = (other or own).word_cells
        pos = cells.get(m.group(2))
        if pos is None:
            return m.group(0)
        return (f"「{m.group(1)}」" if m.group(1) else "") + shown(*pos)

    return ADDRESS_RE.sub(name, text)


def word_sheets(wb: Workbook) -> dict[str, Sheet]:
    return {s.name: s for s in wb.sheets if s.word_table is not None}


def localise(findings: Iterable[Finding], wb: Workbook) -> None:
    sheets = word_sheets(wb)
    for f in findings:
        sheet = sheets.get(f.sheet or "")
        if sheet is None or f.place is not None:
            continue
        f.message = rewrite(f.message, sheet, sheets)
        pos = sheet.word_cells.get(f.cell or "")
        if pos is None:
            f.place = {"table": sheet.word_table}
            continue
        f.place = {"table": sheet.word_table, "row": pos[0], "col": pos[1]}
        if f.fix is not None:
            fix_pos = sheet.word_cells.get(f.fix.cell)
            if fix_pos is not None and fix_pos != pos:
                f.extra["fix_place"] = {"table": sheet.word_table, "row": fix_pos[0], "col": fix_pos[1]}
            f.fix = dataclasses.replace(f.fix, cell=shown(*fix_pos) if fix_pos else f.fix.cell)
        f.cell = shown(*pos)
