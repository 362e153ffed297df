"""The rule unit: one check, one stable code, one severity, a Chinese docstring.

A rule is a class with

- ``code``: a letter per family and three digits (F003), never reused;
- ``name``: a kebab-case name (funds-score-as-percent);
- ``severity``: error (a wrong number), warning (something missing or suspicious),
  notice (worth knowing);
- ``precedence``: when two *error* findings land on the same cell, the one whose rule has
  the lower precedence is kept and the other is dropped (its code is recorded in the kept
  finding's ``extra["suppressed"]``); see PRECEDENCE below;
- a docstring in Chinese: the first line is the title; then 检查 / 原因 / 示例 / 修正;
  ``evalxl rule CODE`` prints it;
- ``check(table, ctx)`` for a table rule, ``check(workbook, ctx)`` for a workbook rule
  (``scope = "workbook"``), or ``check(department_table, ctx)`` for a department-wide
  table (``scope = "department"``, reading ``ctx.department``), yielding findings made
  with ``self.finding(...)``.

Rules read the table's assessment (``ctx.assessment``), computed once per table, and never
recompute a score themselves.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

from ..findings import Finding, Fix, Severity
from ..model import Table, Workbook
from ..profile import Profile
from .assessment import TableAssessment

# Precedence of error findings on one cell (lower wins). The most specific rule, the one
# that knows the right value and why, wins over a generic one:
PRECEDENCE = {
    "percent": 10,  # a percentage where a score is due (F003)
    "recomputed": 20,  # a score recomputed and found wrong (F001, F002, I001, I002, T001)
    "empty": 30,  # a score left empty where it is computable (F007, I004, T003)
    "bounds": 40,  # 0 ≤ 得分 ≤ 分值 (I003): says only that the score is impossible
    "consistency": 50,  # sums that do not add up (F005, W001–W004): no right value known
}


@dataclass
class Context:
    """What a rule may read besides the table: the profile, the workbook, the table's
    position and its assessment."""

    profile: Profile
    workbook: Workbook | None = None
    table_index: int | None = None
    assessment: TableAssessment | None = None
    department: Any = None  # a department-wide table's DepartmentAssessment (scope "department")


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    precedence: ClassVar[int] = PRECEDENCE["recomputed"]
    scope: ClassVar[str] = "table"  # "table" | "workbook"

    # -- documentation -------------------------------------------------------------------

    @classmethod
    def doc(cls) -> str:
        return textwrap.dedent(inspect.cleandoc(cls.__doc__ or "")).strip()

    @classmethod
    def title(cls) -> str:
        return cls.doc().splitlines()[0].strip() if cls.doc() else cls.name

    @classmethod
    def body(cls) -> str:
        lines = cls.doc().splitlines()[1:]
        return "\n".join(lines).strip()

    # -- the check -----------------------------------------------------------------------

    def check(self, target: Any, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        ctx: Context,
        message: str,
        *,
        sheet: str | None = None,
        cell: str | None = None,
        entered: Any = None,
        expected: Any = None,
        fix: Fix | None = None,
        table: Table | None = None,
        **extra: Any,
    ) -> Finding:
        if table is None and ctx.assessment is not None:
            table = ctx.assessment.table
        if None in extra.values():  # most findings carry no None: the dict is kept as passed
            extra = {k: v for k, v in extra.items() if v is not None}
        return Finding(
            code=self.code,
            severity=self.severity,
            message=message,
            sheet=sheet if sheet is not None else (table.sheet if table is not None else None),
            cell=cell,
            entered=entered,
            expected=expected,
            fix=fix,
            table=table.name if table is not None else "",
            table_index=ctx.table_index if table is not None else None,
            rule=self.name,
            extra=extra,
        )


    def row_finding(self, ctx: Context, r: Any, message: str, *, cell: str | None, entered_from: str,
                    **extra: Any) -> Finding:
        """A finding on one indicator row ``r`` (an assessed project or department row): the entered
        value is that of the row's ``entered_from`` cell ("actual" or "score"), and the row number
        and indicator name go with it."""
        source = getattr(r.indicator, entered_from)
        return self.finding(ctx, message, cell=cell, entered=source.raw if source is not None else None,
                            row=r.indicator.row, indicator=r.name, **extra)

class TableRule(Rule):
    scope = "table"

    def check(self, table: Table, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


class WorkbookRule(Rule):
    scope = "workbook"

    def check(self, workbook: Workbook, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


class DepartmentRule(Rule):
    """A rule on a department-wide table (DepartmentTable); reads ctx.department."""

    scope = "department"

    def check(self, table: Any, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError
