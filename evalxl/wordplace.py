"""Findings of a Word document named the way a Word user finds a cell.

The rules name cells by the A1 address of the grid the reader made of each Word table
(they never know the source format). For a .docx, each such finding is given

- ``place``: {"table": n, "row": r, "col": c}: the document's n-th table, its r-th row,
  the c-th cell of that row (counted as a Word user counts them, a merged cell once);
- ``cell`` and every address in its message: 「第5行 第7列」; ``sheet`` already names the
  table as the reader named it (「附件2 表格」, 「表格3」);
- a fix's cell likewise (the corrected-copy writer goes by ``place``).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from .findings import Finding
from .model import Workbook

ADDRESS_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,3}[1-9][0-9]{0,5})(?![A-Za-z0-9])")


def shown(row: int, col: int) -> str:
    return f"第{row}行 第{col}列"


def localise(findings: Iterable[Finding], wb: Workbook) -> None:
    sheets = {s.name: s for s in wb.sheets if s.word_table is not None}
    for f in findings:
        sheet = sheets.get(f.sheet or "")
        if sheet is None or not f.cell or f.place is not None:
            continue
        cells = sheet.word_cells
        pos = cells.get(f.cell)
        if pos is None:
            continue
        f.place = {"table": sheet.word_table, "row": pos[0], "col": pos[1]}

        def name(m: re.Match) -> str:
            p = cells.get(m.group(1))
            return shown(*p) if p else m.group(1)

        f.message = ADDRESS_RE.sub(name, f.message)
        if f.fix is not None:
            fix_pos = cells.get(f.fix.cell)
            if fix_pos is not None and fix_pos != pos:
                f.extra["fix_place"] = {"table": sheet.word_table, "row": fix_pos[0], "col": fix_pos[1]}
            f.fix = dataclasses.replace(f.fix, cell=shown(*fix_pos) if fix_pos else f.fix.cell)
        f.cell = shown(*pos)
