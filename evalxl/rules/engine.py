"""Run the rules over a workbook: assess each table once, run every selected rule, keep
one error per cell, and report per table.

    check_workbook(wb, profile, select=None, ignore=None)
        -> (list[TableResult], list[Finding])     per-table results, workbook-level findings
    check_departments(wb, profile, select=None, ignore=None)
        -> list[DepartmentResult]                 one per department-wide table

The department-wide tables (Workbook.department_tables) are checked apart: the D rules
(scope "department") on each, and, on a 部门整体绩效自评表 with 分值 and 得分, the project
rules of department.PROJECT_RULES on its indicators. Their findings carry
``Finding.department`` (the table's position) and the table's label in ``Finding.table``.

One cell gets at most one error finding: when several rules report an error on the same
cell of the same sheet, the rule with the lowest ``precedence`` wins (see base.PRECEDENCE:
a percentage where a score is due, then a recomputed score, then an empty score, then
the bounds 0 ≤ 得分 ≤ 分值, then the sums); ties go to the lower code. The codes of the
dropped findings are kept in the winner's ``extra["suppressed"]``. Warnings and notices
are never dropped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ..findings import DepartmentResult, Finding, Severity, TableResult
from ..model import Table, Workbook
from ..profile import Profile
from .assessment import TableAssessment, assess
from .base import Context, Rule
from .registry import select_rules


def resolve_precedence(findings: list[Finding], rules: dict[str, Rule]) -> list[Finding]:
    """Keep one error per (sheet, cell); keep everything else. Order is preserved."""
    best: dict[tuple[str | None, str], Finding] = {}
    for f in findings:
        if f.severity != Severity.ERROR or not f.cell:
            continue
        key = (f.sheet, f.cell)
        cur = best.get(key)
        if cur is None or (rules[f.code].precedence, f.code) < (rules[cur.code].precedence, cur.code):
            best[key] = f
    out = []
    for f in findings:
        if f.severity == Severity.ERROR and f.cell:
            winner = best[(f.sheet, f.cell)]
            if winner is not f:
                winner.extra.setdefault("suppressed", []).append(f.code)
                continue
        out.append(f)
    return out


@lru_cache(maxsize=16)
def _used(rules: tuple[Rule, ...], scope: str, project_codes: tuple[str, ...] = ()) -> tuple[tuple[Rule, ...], dict]:
    """The rules of a selection that run on a table of ``scope`` ("table", "workbook", or
    "department" with the project rules ``project_codes`` on its indicators), in the selection's order,
    and them by code: worked out once per run (which passes one selection), not per table."""
    used = tuple(r for r in rules if r.scope == scope or (r.scope == "table" and r.code in project_codes))
    return used, {r.code: r for r in used}


def table_result(table: Table, index: int, a: TableAssessment, findings: list[Finding]) -> TableResult:
    f = a.funds
    return TableResult(
        index=index,
        sheet=table.sheet,
        name=table.name,
        department=table.department.text if table.department else "",
        unit=table.unit.text if table.unit else "",
        year=table.year,
        budget=f.wanyuan(f.budget),
        executed=f.wanyuan(f.executed),
        rate=f.rate,
        entered_total=a.total.entered,
        recomputed_total=a.total.recomputed,
        grade=a.total.grade,
        findings=findings,
        unverified_points=a.unverified_points,
        unfilled=a.unfilled,
    )


def check_table(table: Table, index: int, profile: Profile, rules: Iterable[Rule],
                workbook: Workbook | None = None) -> tuple[TableResult, TableAssessment]:
    a = assess(table, profile)
    ctx = Context(profile=profile, workbook=workbook, table_index=index, assessment=a)
    rules, by_code = _used(tuple(rules), "table")
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(table, ctx))
    findings = resolve_precedence(findings, by_code)
    findings.sort(key=lambda f: f.sort_key())
    return table_result(table, index, a, findings), a


def check_workbook(
    wb: Workbook,
    profile: Profile,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    rules: list[Rule] | None = None,
) -> tuple[list[TableResult], list[Finding]]:
    """Per-table results (recomputed total and grade included) and workbook-level findings."""
    rules = tuple(select_rules(select, ignore, profile) if rules is None else rules)
    results = [check_table(t, i, profile, rules, wb)[0] for i, t in enumerate(wb.tables)]
    ctx = Context(profile=profile, workbook=wb)
    wb_findings: list[Finding] = []
    for rule in _used(rules, "workbook")[0]:
        wb_findings.extend(rule.check(wb, ctx))
    wb_findings.sort(key=lambda f: f.sort_key())
    return results, wb_findings


def check_department(wb: Workbook, index: int, profile: Profile, rules: Iterable[Rule]) -> DepartmentResult:
    from .department import PROJECT_RULES, REVIEW_CODES
    from .department_assessment import assess_department

    table = wb.department_tables[index]
    da = assess_department(table, wb.base_data, profile)
    ctx = Context(profile=profile, workbook=wb, table_index=None, assessment=da.project, department=da)
    used, by_code = _used(tuple(rules), "department", PROJECT_RULES if da.project is not None else ())
    findings: list[Finding] = []
    for rule in used:
        target = da.project_table if rule.scope == "table" else table
        findings.extend(rule.check(target, ctx))
    findings = resolve_precedence(findings, by_code)
    result = DepartmentResult(
        index=index, sheet=table.sheet, kind=table.kind, kind_name=table.kind_name,
        unit=table.unit.text if table.unit else "", year=da.year, scored=da.scored,
        entered_total=da.total.entered, entered_total_from=da.total.entered_from,
        recomputed_total=da.total.recomputed, grade=da.total.grade, unverified_points=da.unverified_points,
    )
    if not result.unit:
        units = [b.unit.text for b in wb.base_data if b.unit is not None and b.unit.text]
        result.unit = units[0] if units else ""
    if da.completion is not None:
        c = da.completion
        result.completion_rate = c.rate
        result.completion = {"met": c.met, "partial": c.partial, "not_met": c.not_met, "missing": c.missing,
                             "not_applicable": c.not_applicable, "unjudged": c.unjudged}
    for f in findings:
        f.department, f.table, f.table_index = index, result.label, None
        if f.sheet is None:
            f.sheet = table.sheet
    findings.sort(key=lambda f: f.sort_key())
    result.findings = findings
    rows = {f.extra.get("row") for f in findings if f.code in REVIEW_CODES and f.extra.get("row") is not None}
    result.review_rows = len(rows)
    return result


def check_departments(
    wb: Workbook,
    profile: Profile,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    rules: list[Rule] | None = None,
) -> list[DepartmentResult]:
    """One result per department-wide table of the workbook."""
    rules = tuple(select_rules(select, ignore, profile) if rules is None else rules)
    return [check_department(wb, i, profile, rules) for i in range(len(wb.department_tables))]
