"""Project a read Workbook onto the JSON shape of tests/fixtures/real_expected/*.json (the
real samples, written by tests/fixtures/build_real_samples.py from its transcription).

Shape (CELL and the text rules as in tests/projection.py):
  {"format", "sheets": [{"name", "tables"}],
   "tables": [{"sheet", "form", "year", "project": {"name", "department", "unit"},
               "funds": null | {"unit": "万元", "header_weight": 10 | null,
                                "rows": {kind: {initial_budget, annual_budget, executed, weight,
                                                rate, score, reason}}},
               "indicators_weight": 90 | null,
               "indicators": [{"row", "level1", "level1_weight", "level2", "name", "key",
                               "target", "actual", "weight", "score", "explanation",
                               "sub_rows": [indicator, ...]}],
               "total": null | {"label", "weight", "score", "grade"}}]}
A split target (指标性质 | 指标值 | 度量单位) is [address of 指标值, raw, typed reading].
"""

from __future__ import annotations

from evalxl.model import DepartmentTable, FundsRow, Indicator, Table, Workbook
from tests.projection import cell, field, squash


def funds_row(r: FundsRow) -> dict:
    out = {role: cell(c) for role, c in r.cells().items()}
    out["reason"] = cell(r.reason)
    return out


def indicator(i: Indicator, split: bool = False) -> dict:
    target = cell(i.target)
    if target is not None and split:
        target.append(str(i.target.value))
    return {
        "row": i.row, "level1": squash(i.level1), "level1_weight": i.level1_weight, "level2": squash(i.level2),
        "name": squash(i.name), "key": i.key, "target": target, "actual": cell(i.actual), "weight": cell(i.weight),
        "score": cell(i.score), "explanation": cell(i.explanation), "sub_rows": [indicator(s, split) for s in i.sub_rows],
    }


def table(t: Table | DepartmentTable) -> dict:
    """A project table; or a 部门整体 table on the national form (安徽: 部门, 预算资金), read as
    department-wide (issue 17), in the same shape: no form, its 部门 as the unit."""
    if isinstance(t, DepartmentTable):
        out = table(Table(sheet=t.sheet, first_row=t.first_row, last_row=t.last_row, year=t.year, unit=t.unit,
                          funds=t.funds, indicator_columns=t.indicator_columns, indicators=t.indicators, total=t.total))
        out["form"] = None
        return out
    funds = None
    if t.funds is not None:
        rows = {}
        if t.funds.total is not None:
            rows["total"] = funds_row(t.funds.total)
        for r in t.funds.sources:
            rows[r.kind] = funds_row(r)
        funds = {"unit": t.funds.unit, "header_weight": t.funds.header_weight, "rows": rows}
    split = "op" in t.indicator_columns or "unit" in t.indicator_columns
    total = None
    if t.total is not None:
        total = {"label": t.total.label, "weight": cell(t.total.weight), "score": cell(t.total.score),
                 "grade": cell(t.total.grade)}
    return {
        "sheet": t.sheet, "form": t.form, "year": t.year,
        "project": {"name": field(t.project_name), "department": field(t.department), "unit": field(t.unit)},
        "funds": funds, "indicators_weight": t.indicators_weight,
        "indicators": [indicator(i, split) for i in t.indicators], "total": total,
    }


def workbook(wb: Workbook) -> dict:
    return {"format": wb.format, "sheets": [{"name": s.name, "tables": s.tables + s.department_tables} for s in wb.sheets],
            "tables": [table(t) for t in wb.tables] + [table(t) for t in wb.department_tables if t.funds is not None]}
