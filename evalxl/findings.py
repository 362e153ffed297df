"""Findings: what a rule reports, shared by the rules (which make them) and the writers
(which print, apply and summarise them). In the manner of frictionless-py's report: a
stable code, a severity, a location, the entered and expected values, a message built
from the rule's template, and, where the right value is known, a fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any

from .a1 import split_address


class Severity(str, Enum):
    ERROR = "error"  # a wrong number
    WARNING = "warning"  # something missing or suspicious
    NOTICE = "notice"  # worth knowing, nothing wrong

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTICE: "提示"}


@dataclass(frozen=True)
class Fix:
    """Write ``value`` into ``cell`` of the finding's sheet. ``value`` is a number for a
    corrected score; the note the writer attaches says what stood there and why."""

    cell: str
    value: float | int | str
    number_format: str | None = None  # e.g. "0.00%" when the corrected value is a rate

    @classmethod
    def score(cls, cell, value: float | int) -> "Fix":
        """A corrected score written into ``cell`` (a model Cell): a cell formatted as a
        percentage gets General, or the score would show as 1000%."""
        return cls(cell.address, value, "General" if "%" in (cell.number_format or "") else None)


@dataclass
class Finding:
    code: str  # stable rule code: "F003"
    severity: Severity
    message: str  # Chinese, names the cell, says what is wrong and what it should be
    sheet: str | None = None
    cell: str | None = None  # A1 address
    entered: Any = None  # the value as entered (raw), where there is one
    expected: Any = None  # the recomputed value, where there is one
    fix: Fix | None = None
    file: str = ""  # relative path of the workbook, set by the batch
    table: str = ""  # project name of the table, for grouping
    table_index: int | None = None  # position of the table in its workbook (0-based)
    rule: str = ""  # the rule's name: "funds-score-as-percent"
    extra: dict[str, Any] = field(default_factory=dict)
    department: int | None = None  # position among the workbook's department-wide tables (0-based)
    # Where a Word user finds it: {"table": 2, "row": 5, "col": 7} (the n-th table of the
    # document, its row, the n-th cell of that row) or {"paragraph": 8}; None in a workbook.
    place: dict | None = None

    @property
    def fixed(self) -> bool:
        return self.fix is not None

    def sort_key(self) -> tuple:
        pos = _position(self.cell) if self.cell else (0, 0)
        # project tables, then workbook-level findings' place is kept (-1 first), then the
        # department-wide tables after every project table
        if self.department is not None:
            return (self.file, 1, self.department, self.sheet or "", pos, self.code)
        return (self.file, 0, self.table_index if self.table_index is not None else -1, self.sheet or "", pos, self.code)


@lru_cache(maxsize=4096)  # findings of a batch land on a few hundred distinct cells
def _position(cell: str) -> tuple[int, int]:
    try:
        return split_address(cell)
    except ValueError:
        return (0, 0)


def format_number(x: Any) -> str:
    """Numbers as a finance officer writes them: 10, 9.6, 8.33 (no 10.0, no 9.600000001)."""
    if type(x) is float:  # the usual case, first
        return _number_text(x) if x == x else ""
    if isinstance(x, bool) or x is None:
        return "" if x is None else str(x)
    if isinstance(x, (int, float)):
        if isinstance(x, float) and not (x == x):  # NaN
            return ""
        return _number_text(x)
    return str(x)


# Equal numbers (5, 5.0; 0.0, -0.0) print the same here, so the memo is exact.
@lru_cache(maxsize=16384)
def _number_text(x: float) -> str:
    text = f"{round(float(x), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- the report
# What the rules engine returns per table and per file, and the writers consume: writers
# read the model and this report, never the rules.


@dataclass
class TableResult:
    index: int  # position of the table in its workbook (0-based)
    sheet: str
    name: str  # 项目名称
    department: str = ""  # 主管部门
    unit: str = ""  # 实施单位
    year: int | None = None
    budget: float | None = None  # 全年预算数 (年初预算数 where the form has none), 万元
    executed: float | None = None  # 全年执行数, 万元
    rate: float | None = None  # 执行率 recomputed, as a fraction (0.9 for 90%)
    entered_total: float | None = None  # 总分 得分 as entered
    recomputed_total: float | None = None  # funds score + every indicator score, recomputed
    grade: str | None = None  # 优 / 良 / 中 / 差, from the recomputed total
    findings: list[Finding] = field(default_factory=list)
    unverified_points: float = 0.0  # points of the recomputed total counted as entered, unverifiable (issue 12)
    unfilled: bool = False  # published unfilled: no 完成值, no 得分; nothing recomputed

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass
class DepartmentResult:
    """One department-wide table: a 部门整体绩效自评表 or a 部门整体支出绩效评价指标评分表."""

    index: int  # position among the workbook's department-wide tables (0-based)
    sheet: str
    kind: str  # "self_eval" | "scoring"
    kind_name: str  # 部门整体绩效自评表 / 部门整体支出绩效评价指标评分表
    unit: str = ""  # 单位名称 (填报单位)
    year: int | None = None
    scored: bool = False  # the table has 分值 / 得分 (a 评分表 always)
    entered_total: float | None = None  # the 合计 row as entered, else the sum of the entered scores
    entered_total_from: str = ""  # "total_row" | "rows" | ""
    recomputed_total: float | None = None
    grade: str | None = None  # from the recomputed total (none for a completion rate)
    completion_rate: float | None = None  # a 自评表 without scores: share of indicators met (0.8788)
    completion: dict[str, int] = field(default_factory=dict)  # met, partial, not_met, missing, not_applicable, unjudged
    review_rows: int = 0  # rows whose score needs a person (需人工复核, cannot verify, unknown rule text)
    unverified_points: float = 0.0  # points of the recomputed total counted as entered, unverifiable
    findings: list[Finding] = field(default_factory=list)

    @property
    def completion_text(self) -> str:
        """完成率 87.88%（已完成 26、部分完成 6、未完成 1、不适用 4）; "" without one."""
        c = self.completion
        if not c:
            return ""
        rate = "—" if self.completion_rate is None else format_number(round(self.completion_rate * 100, 2)) + "%"
        parts = [f"已完成 {c.get('met', 0)}", f"部分完成 {c.get('partial', 0)}", f"未完成 {c.get('not_met', 0)}"]
        if c.get("missing"):
            parts.append(f"缺值 {c['missing']}")
        parts.append(f"不适用 {c.get('not_applicable', 0)}")
        if c.get("unjudged"):
            parts.append(f"无法判断 {c['unjudged']}")
        return f"完成率 {rate}（{'、'.join(parts)}）"

    @property
    def label(self) -> str:
        """How findings name the table: 部门整体绩效自评表（华容区医疗保障局）."""
        return f"{self.kind_name}（{self.unit}）" if self.unit else self.kind_name

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass
class FileResult:
    file: str  # path relative to the inbox
    status: str  # "ok" | "no_table" | "unreadable" | "skipped"
    message: str = ""  # Chinese: why unreadable / skipped, or a note
    format: str = ""
    tables: list[TableResult] = field(default_factory=list)  # 项目支出绩效自评表
    findings: list[Finding] = field(default_factory=list)  # every finding of the file, tables' included
    corrected: str | None = None  # path of the corrected copy, relative to the output folder
    departments: list[DepartmentResult] = field(default_factory=list)  # department-wide tables
    waived: list[Finding] = field(default_factory=list)  # accepted by an evalxl.toml waiver (已确认): not counted
    # A Word report: the numbers its text states that no table of its own answered (the
    # batch ties them to other files of the unit), and its text (to tell the unit by name)
    statements: list = field(default_factory=list)
    narrative: str = ""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)
