"""The recomputation of a table's funds block (SPEC §3.1), read by the F rules and the total."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import scoring
from ..findings import format_number
from ..model import Cell, FundsRow, Table
from ..profile import Profile
from .cells import AMOUNT_SCALE, amount, score_reading, weight_reading


@dataclass
class FundsAssessment:
    present: bool  # the table has a funds block with a 年度资金总额 row
    row: FundsRow | None = None
    budget: float | None = None  # the denominator A
    budget_label: str = "全年预算数"  # or 年初预算数
    budget_cell: Cell | None = None
    executed: float | None = None
    executed_cell: Cell | None = None
    weight: float = 10.0
    weight_source: str = "profile"  # "cell" | "header" | "profile"
    rate: float | None = None  # B/A, uncapped
    raw: float | None = None
    expected: float | None = None
    entered: float | None = None
    entered_percent: float | None = None  # a percentage typed into 得分
    score_state: str = "empty"
    score_address: str | None = None
    accepted: bool | None = None
    counted: float = 0.0
    unit: str = ""  # the block's amount unit (Funds.unit): "万元", "元", "" (万元)
    candidates: dict[float, float] = field(default_factory=dict)  # bad_weight: weight -> score it would give
    problem: str | None = None  # no_block | no_total_row | bad_weight | missing_budget | missing_executed | zero_budget

    @property
    def known(self) -> bool:
        return self.expected is not None

    def wanyuan(self, x: float | None) -> float | None:
        """An amount of this block in 万元 (the 汇总表's unit): 387664.62 元 -> 38.766462."""
        if x is None:
            return None
        return x * (AMOUNT_SCALE.get(self.unit or "万元") or 1e4) / 1e4


def funds_address(table: Table, role: str) -> str | None:
    """The address of a role's cell (score, executed …) in the 年度资金总额 row, also when
    it is blank (the column is the one its header stands in)."""
    f = table.funds
    if f is None or f.total is None:
        return None
    own = getattr(f.total, role)
    if own is not None:
        return own.address
    letter = f.column_letters.get(role)
    return f"{letter}{f.total.row}" if letter else None


def assess_funds(table: Table, profile: Profile) -> FundsAssessment:
    f = table.funds
    if f is None:
        return FundsAssessment(present=False, problem="no_block", weight=profile.weights["funds"])
    if f.total is None:
        return FundsAssessment(present=False, problem="no_total_row", weight=profile.weights["funds"])
    row = f.total
    a = FundsAssessment(present=True, row=row, unit=f.unit)
    annual, initial = amount(row.annual_budget, f.unit), amount(row.initial_budget, f.unit)
    if annual is not None:
        a.budget, a.budget_label, a.budget_cell = annual, "全年预算数", row.annual_budget
    elif initial is not None:
        a.budget, a.budget_label, a.budget_cell = initial, "年初预算数", row.initial_budget
    else:
        a.budget_label = "全年预算数" if "annual_budget" in f.columns else "年初预算数"
        a.budget_cell = row.annual_budget if "annual_budget" in f.columns else row.initial_budget
    a.executed, a.executed_cell = amount(row.executed, f.unit), row.executed
    state, w = weight_reading(row.weight)
    if w is not None:
        a.weight, a.weight_source = w, "cell"
    elif f.header_weight is not None:
        a.weight, a.weight_source = float(f.header_weight), "header"
    else:
        a.weight, a.weight_source = profile.weights["funds"], "profile"
    if a.weight_source == "cell" and _weight_swallows_total(table, a.weight, profile):
        a.problem = "bad_weight"
    a.score_state, a.entered = score_reading(row.score)
    if a.score_state == "percent":
        a.entered_percent = float(row.score.value.number)  # type: ignore[union-attr]
        a.entered = None
    a.score_address = funds_address(table, "score")

    if a.problem:  # the weight is wrong: neither the funds score nor the total can be verified
        a.rate = scoring.execution_rate(a.budget, a.executed)
        if a.rate is not None:
            weights = dict.fromkeys(w for w in (a.weight, f.header_weight, profile.weights["funds"]) if w is not None)
            a.candidates = {float(w): min(max(a.rate, 0.0), 1.0) * w for w in weights}
        return a
    if a.budget is None:
        a.problem = "missing_budget"
    elif a.executed is None:
        a.problem = "missing_executed"
    elif a.budget <= 0:
        a.problem = "zero_budget"
    if a.problem:
        # Cannot be verified: the entered score stands (within 0..分值), as for a row.
        a.counted = min(max(a.entered or 0.0, 0.0), a.weight)
        return a
    res = scoring.funds_score(a.budget, a.executed, a.weight, profile.decimals)
    assert res is not None
    a.rate, a.raw, a.expected = res.rate, res.raw, res.score
    if a.score_state == "uncached":
        a.accepted = None
    elif a.score_state == "number" and a.entered is not None:
        a.accepted = scoring.accepts(a.entered, res.raw, profile)
    else:
        a.accepted = False
    a.counted = a.entered if a.accepted else a.expected
    return a


def _weight_swallows_total(table: Table, weight: float, profile: Profile) -> bool:
    """A funds 分值 as large as the whole table's (100 of 100, a real 湖北 table) while the
    indicators carry 分值 too: that weight cannot be right, and no other can be chosen."""
    total = None
    if table.total is not None:
        total = weight_reading(table.total.weight)[1]
    total = total if total is not None else profile.weights["total"]
    if weight < total - profile.tolerance:
        return False  # the usual case: no need to read every row's 分值
    rows = sum(w for w in (weight_reading(i.weight)[1] for i in table.indicators) if w is not None)
    return rows > 0


def funds_reason(a: FundsAssessment) -> str:
    """执行率 = 全年执行数 72 ÷ 全年预算数 80 = 90%，得分 = 90% × 分值 10 = 9."""
    assert a.rate is not None and a.budget is not None and a.executed is not None
    pct = format_number(scoring.round_half_up(a.rate * 100, 2)) + "%"
    capped = "（超过 100% 按 100% 计）" if a.rate > 1 else ""
    used = "100%" if a.rate > 1 else pct
    return (
        f"执行率 = 全年执行数 {format_number(a.executed)} ÷ {a.budget_label} {format_number(a.budget)} = {pct}{capped}，"
        f"得分 = {used} × 分值 {format_number(a.weight)} = {format_number(a.expected)}"
    )
