"""Run the rules over a workbook: assess each table once, run every selected rule, keep
one error per cell, and report per table.

    check_workbook(wb, profile, select=None, ignore=None)
        -> (list[TableResult], list[Finding])     per-table results, workbook-level findings

One cell gets at most one error finding: when several rules report an error on the same
cell of the same sheet, the rule with the lowest ``precedence`` wins (see base.PRECEDENCE:
a percentage where a score is due, then a recomputed score, then an empty score, then
the bounds 0 ≤ 得分 ≤ 分值, then the sums); ties go to the lower code. The codes of the
dropped findings are kept in the winner's ``extra["suppressed"]``. Warnings and notices
are never dropped.
"""

from __future__ import annotations

from typing import Iterable

from ..findings import Finding, Severity, TableResult
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


def table_result(table: Table, index: int, a: TableAssessment, findings: list[Finding]) -> TableResult:
    f = a.funds
    return TableResult(
        index=index,
        sheet=table.sheet,
        name=table.name,
        department=table.department.text if table.department else "",
        unit=table.unit.text if table.unit else "",
        year=table.year,
        budget=f.budget,
        executed=f.executed,
        rate=f.rate,
        entered_total=a.total.entered,
        recomputed_total=a.total.recomputed,
        grade=a.total.grade,
        findings=findings,
    )


def check_table(table: Table, index: int, profile: Profile, rules: Iterable[Rule],
                workbook: Workbook | None = None) -> tuple[TableResult, TableAssessment]:
    a = assess(table, profile)
    ctx = Context(profile=profile, workbook=workbook, table_index=index, assessment=a)
    rules = [r for r in rules if r.scope == "table"]
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(table, ctx))
    findings = resolve_precedence(findings, {r.code: r for r in rules})
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
    if rules is None:
        rules = select_rules(select, ignore, profile)
    results = [check_table(t, i, profile, rules, wb)[0] for i, t in enumerate(wb.tables)]
    ctx = Context(profile=profile, workbook=wb)
    wb_findings: list[Finding] = []
    for rule in rules:
        if rule.scope == "workbook":
            wb_findings.extend(rule.check(wb, ctx))
    wb_findings.sort(key=lambda f: f.sort_key())
    return results, wb_findings
