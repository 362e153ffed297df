"""Project a read Workbook onto the plain JSON shape of tests/fixtures/samples_expected/*.json.

The expected files are written from the sample definitions (the transcription of the
seeds in tests/fixtures/build_samples.py), never from the reader's output; this projection is
the one place that says how the two are compared.

Shape:
  {"format": "xlsx", "sheets": [{"name": ..., "tables": 2}, ...],
   "tables": [{"sheet": ..., "year": 2021,
               "project": {"name": CELL, "department": CELL, "unit": CELL},
               "funds": null | {"total": ROW, "current": ROW, "carryover": ROW, "other": ROW},
               "indicators": [{"row": 12, "level1": "产出指标", "level1_weight": 50,
                               "level2": "数量指标", "name": "...", "target": CELL,
                               "actual": CELL, "weight": CELL, "score": CELL,
                               "explanation": CELL}, ...],
               "total": null | {"weight": CELL, "score": CELL}}]}
  CELL = null (no cell, or a blank one) | [address, raw] | [address, raw, formula]
  ROW  = null (row absent) | {role: CELL} for initial_budget, annual_budget, executed,
         weight, rate, score
Text in names (project fields, level1/2, name) is compared after removing whitespace.
"""

from __future__ import annotations

import re
import unicodedata

from evalxl.model import Cell, Field, FundsRow, Table, Workbook

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def cell(c: Cell | None):
    if c is None:
        return None
    if c.formula is None and (c.raw is None or (isinstance(c.raw, str) and c.raw.strip() == "")):
        return None
    raw = c.raw
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    out = [c.address, raw]
    if c.formula:
        out.append(c.formula)
    return out


def field(f: Field | None):
    if f is None or f.value is None or f.value.raw in (None, ""):
        return None
    return [f.value.address, squash(str(f.value.raw))]


def funds_row(r: FundsRow | None):
    if r is None:
        return None
    return {role: cell(c) for role, c in r.cells().items()}


def table(t: Table) -> dict:
    funds = None
    if t.funds is not None:
        funds = {"total": funds_row(t.funds.total)}
        for kind in ("current", "carryover", "other"):
            funds[kind] = funds_row(t.funds.source(kind))
    return {
        "sheet": t.sheet,
        "year": t.year,
        "project": {
            "name": field(t.project_name),
            "department": field(t.department),
            "unit": field(t.unit),
        },
        "funds": funds,
        "indicators": [
            {
                "row": i.row,
                "level1": squash(i.level1),
                "level1_weight": i.level1_weight,
                "level2": squash(i.level2),
                "name": squash(i.name),
                "target": cell(i.target),
                "actual": cell(i.actual),
                "weight": cell(i.weight),
                "score": cell(i.score),
                "explanation": cell(i.explanation),
            }
            for i in t.indicators
        ],
        "total": None if t.total is None else {"weight": cell(t.total.weight), "score": cell(t.total.score)},
    }


def workbook(wb: Workbook) -> dict:
    return {
        "format": wb.format,
        "sheets": [{"name": s.name, "tables": s.tables} for s in wb.sheets],
        "tables": [table(t) for t in wb.tables],
    }
