"""The recomputation of one table, done once and read by every rule.

``assess(table, profile)`` looks at the funds block, every indicator row and the total,
and says for each what it is (quantitative / qualitative / unverifiable / leftover), what
score it should have, whether the entered score is accepted, what counts in the
recomputed total, and why, in a short Chinese phrase the messages reuse. Rules never
recompute a score themselves: they read this.

What counts in the recomputed total (SPEC §3.6, §3.7 and the decisions of issue 4):
- a row whose entered score is accepted: the entered score (so that rounding by hand,
  accepted row by row, never makes the total wrong);
- a row whose score is known and entered wrong or left empty: the recomputed score;
- a qualitative row whose band cannot be told, a row whose target and actual cannot be
  compared, a row without 分值: the entered score, kept within 0 … 分值 (0 if none);
- a row with a 分值 but no 实际完成值 or no 年度指标值: 0;
- a template leftover: nothing.
The funds score counts the same way. Without a funds block there is no recomputed total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..findings import format_number
from ..model import Cell, Empty, FundsRow, Indicator, Quantity, Table
from ..profile import Band, Profile
from .. import scoring
from ..scoring import Direction

SCORE_UNITS = ("", "分")
WEIGHT_UNITS = ("", "分", "%")
AMOUNT_UNITS = ("", "万元")

QUANTITATIVE = "quantitative"
QUALITATIVE = "qualitative"
UNVERIFIABLE = "unverifiable"
LEFTOVER = "leftover"


# --------------------------------------------------------------------------- cells


def shown(cell: Cell | None) -> str:
    """A cell's content as the user reads it: 96% (also when stored as 0.96 with a %
    format), 9.6, 达成预期指标; "" for a blank cell."""
    if cell is None:
        return ""
    if cell.is_formula and not cell.cached:
        return cell.formula or ""
    v = cell.value
    if isinstance(v, Quantity) and isinstance(cell.raw, (int, float)) and not isinstance(cell.raw, bool):
        return str(v) if v.unit or v.op or v.qualifier else format_number(v.number)
    if isinstance(v, Empty):
        return cell.text
    return cell.text or str(v)


def is_blank(cell: Cell | None) -> bool:
    """No cell, or a blank one (a formula without cached value is not blank)."""
    if cell is None:
        return True
    if cell.is_formula and not cell.cached:
        return False
    return cell.is_empty


def score_reading(cell: Cell | None) -> tuple[str, float | None]:
    """("empty" | "number" | "percent" | "text" | "uncached", number)."""
    if cell is not None and cell.is_formula and not cell.cached:
        return "uncached", None
    if is_blank(cell):
        return "empty", None
    v = cell.value
    if isinstance(v, Quantity) and v.op is None and not v.qualifier:
        if v.unit in SCORE_UNITS:
            return "number", float(v.number)
        if v.unit == "%":
            return "percent", float(v.number)
    return "text", None


def weight_reading(cell: Cell | None) -> tuple[str, float | None]:
    """("empty" | "number" | "invalid", number). A 权重 typed as 10% reads as 10."""
    if is_blank(cell) or (cell is not None and cell.is_formula and not cell.cached):
        return "empty", None
    v = cell.value
    if isinstance(v, Quantity) and v.op is None and not v.qualifier and v.unit in WEIGHT_UNITS and v.number >= 0:
        return "number", float(v.number)
    return "invalid", None


def amount(cell: Cell | None) -> float | None:
    """An amount of the funds block (万元)."""
    if is_blank(cell):
        return None
    v = cell.value
    if isinstance(v, Quantity) and v.op is None and not v.qualifier and v.unit in AMOUNT_UNITS:
        return float(v.number)
    return None


def column_address(table: Table, role: str, row: int) -> str | None:
    """The address of a role's cell in an indicator row, also when the cell is blank."""
    letters = table.indicator_columns.get(role)
    if not letters:
        return None
    return f"{letters.split(':')[0]}{row}"


def short(name: str, limit: int = 24) -> str:
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1] + "…"


def indicator_label(ind: Indicator, limit: int = 24) -> str:
    """How a message names an indicator: 「三级指标」 (with the rows sharing its 分值), else
    its 二级 or 一级, else its row."""
    name = ind.name or ind.level2 or ind.level1
    if ind.shared_names:
        name = "、".join((name, *ind.shared_names))
    return f"「{short(name, limit)}」" if name else f"第 {ind.row} 行"


class NamedRow:
    """The name and message label of a row's indicator, for the row assessments."""

    indicator: Indicator
    label_limit: ClassVar[int] = 24

    @property
    def name(self) -> str:
        ind = self.indicator
        return ind.name or ind.level2 or ind.level1

    @property
    def label(self) -> str:
        return indicator_label(self.indicator, self.label_limit)


# --------------------------------------------------------------------------- rows


@dataclass
class RowAssessment(NamedRow):
    indicator: Indicator
    index: int  # position among the table's indicators
    kind: str  # QUANTITATIVE | QUALITATIVE | UNVERIFIABLE | LEFTOVER
    problem: str | None = None  # why UNVERIFIABLE: no_weight, bad_weight, missing_target,
    # missing_actual, missing_both, not_comparable
    weight: float | None = None
    weight_state: str = "empty"
    direction: Direction | None = None
    target_number: float | None = None  # on the common scale (quantitative)
    actual_number: float | None = None
    met: bool | None = None
    band: Band | None = None  # qualitative: the band the actual puts the row in
    raw: float | None = None  # the exact recomputed score, where known
    expected: float | None = None  # the recomputed score, rounded (the correction)
    entered: float | None = None
    score_state: str = "empty"  # see score_reading
    accepted: bool | None = None  # None: nothing to compare
    counted: float = 0.0  # what the row adds to the recomputed total
    reason: str = ""  # why the expected score, in Chinese
    score_address: str | None = None
    target_address: str | None = None
    actual_address: str | None = None
    weight_address: str | None = None
    explanation_address: str | None = None

    @property
    def known(self) -> bool:
        """The right score is known."""
        return self.expected is not None


def _clamp(x: float | None, weight: float | None) -> float:
    if x is None:
        return 0.0
    x = max(x, 0.0)
    return min(x, weight) if weight is not None else x


def assess_row(table: Table, ind: Indicator, index: int, profile: Profile) -> RowAssessment:
    r = RowAssessment(indicator=ind, index=index, kind=LEFTOVER)
    r.score_address = ind.score.address if ind.score is not None else column_address(table, "score", ind.row)
    r.target_address = ind.target.address if ind.target is not None else column_address(table, "target", ind.row)
    r.actual_address = ind.actual.address if ind.actual is not None else column_address(table, "actual", ind.row)
    r.weight_address = ind.weight.address if ind.weight is not None else column_address(table, "weight", ind.row)
    r.explanation_address = (
        ind.explanation.address if ind.explanation is not None else column_address(table, "explanation", ind.row)
    )
    r.score_state, r.entered = score_reading(ind.score)
    if r.score_state == "percent":
        r.entered = None
    r.weight_state, r.weight = weight_reading(ind.weight)

    if ind.is_leftover:
        return r

    no_target, no_actual = is_blank(ind.target), is_blank(ind.actual)
    if r.weight is None:
        r.kind, r.problem = UNVERIFIABLE, ("no_weight" if r.weight_state == "empty" else "bad_weight")
        r.counted = _clamp(r.entered, None)
        r.reason = "分值未填" if r.weight_state == "empty" else f"分值「{shown(ind.weight)}」不是数字"
        return r
    if no_target or no_actual:
        r.kind = UNVERIFIABLE
        r.problem = "missing_both" if (no_target and no_actual) else ("missing_target" if no_target else "missing_actual")
        r.counted = 0.0
        r.reason = {
            "missing_both": "年度指标值和实际完成值均未填",
            "missing_target": "年度指标值未填",
            "missing_actual": "实际完成值未填",
        }[r.problem]
        return r

    w = r.weight
    target_text, actual_text = shown(ind.target), shown(ind.actual)
    same_text = scoring.identical(ind.target.text or target_text, ind.actual.text or actual_text)
    pair = scoring.comparable(ind.target.value, ind.actual.value)
    both_quantities = isinstance(ind.target.value, Quantity) and isinstance(ind.actual.value, Quantity)

    if pair is not None:
        r.kind = QUANTITATIVE
        r.direction = scoring.direction(ind.target.value, ind.level2, ind.name, profile)
        r.target_number, r.actual_number = pair
        res = scoring.quantitative_score(pair[0], pair[1], w, r.direction.sign, profile.decimals)
        r.met, r.raw, r.expected = res.met, res.raw, res.score
        r.reason = _quant_reason(r, target_text, actual_text, res)
        r.accepted = _accepted_number(r, lambda e: scoring.accepts(e, res.raw, profile))
        r.counted = r.entered if r.accepted else r.expected
        return r

    if both_quantities and not same_text:
        r.kind, r.problem = UNVERIFIABLE, "not_comparable"
        r.counted = _clamp(r.entered, w)
        r.reason = f"年度指标值「{target_text}」与实际完成值「{actual_text}」的单位或口径不同，无法比较"
        return r

    # Qualitative: text against text (or text against a number).
    r.kind = QUALITATIVE
    key = "achieved" if same_text else scoring.qualitative_band(
        ind.target.text or target_text, ind.actual.text or actual_text, profile)
    if key is None:
        r.counted = _clamp(r.entered, w)
        r.reason = f"无法从实际完成值「{actual_text}」判断完成档次"
        return r
    band = profile.band(key)
    r.band = band
    r.met = key == "achieved"
    r.expected = w if key == "achieved" else scoring.band_top(band, w, profile.decimals)
    r.raw = r.expected
    r.reason = _band_reason(r, band, target_text, actual_text, same_text)
    r.accepted = _accepted_number(r, lambda e: scoring.band_accepts(e, band, w, profile))
    r.counted = r.entered if r.accepted else r.expected
    return r


def _accepted_number(r: RowAssessment, test) -> bool | None:
    if r.score_state == "uncached":
        return None
    if r.score_state == "empty":
        return False
    if r.score_state != "number" or r.entered is None:
        return False
    return bool(test(r.entered))


def _quant_reason(r: RowAssessment, target_text: str, actual_text: str, res: scoring.QuantResult) -> str:
    d = r.direction
    assert d is not None
    w = format_number(r.weight)
    if d.negative:
        why = f"（{d.describe()}）"
        if res.met:
            return f"实际完成值 {actual_text} 未超过年度指标值 {target_text}{why}，应记满分 {w}"
        return f"实际完成值 {actual_text} 高于年度指标值 {target_text}{why}，应得 {res.ratio} = {format_number(res.score)}"
    why = f"（{d.describe()}）" if d.source == "operator" else ""
    if res.met:
        over = r.actual_number is not None and r.target_number is not None and r.actual_number != r.target_number
        extra = "，超额完成不加分" if over and r.entered is not None and r.weight is not None and \
            r.entered > r.weight + 1e-9 else ""
        return f"实际完成值 {actual_text} 已达到年度指标值 {target_text}{why}{extra}，应记满分 {w}"
    return f"实际完成值 {actual_text} 未达到年度指标值 {target_text}{why}，应得 {res.ratio} = {format_number(res.score)}"


def _band_reason(r: RowAssessment, band: Band, target_text: str, actual_text: str, same_text: bool) -> str:
    w = r.weight or 0.0
    if same_text:
        return f"实际完成值「{actual_text}」与年度指标值一致，为{band.name}，应记满分 {format_number(w)}"
    low, high = round(band.low * 100), round(band.high * 100)
    return (
        f"实际完成值「{actual_text}」（年度指标值「{target_text}」）为{band.name}，得分应在分值的 {low}%–{high}% 之间，"
        f"按该档上限应为 {format_number(r.expected)}"
    )


# --------------------------------------------------------------------------- funds


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
    problem: str | None = None  # no_block | no_total_row | missing_budget | missing_executed | zero_budget

    @property
    def known(self) -> bool:
        return self.expected is not None


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
    a = FundsAssessment(present=True, row=row)
    annual, initial = amount(row.annual_budget), amount(row.initial_budget)
    if annual is not None:
        a.budget, a.budget_label, a.budget_cell = annual, "全年预算数", row.annual_budget
    elif initial is not None:
        a.budget, a.budget_label, a.budget_cell = initial, "年初预算数", row.initial_budget
    else:
        a.budget_label = "全年预算数" if "annual_budget" in f.columns else "年初预算数"
        a.budget_cell = row.annual_budget if "annual_budget" in f.columns else row.initial_budget
    a.executed, a.executed_cell = amount(row.executed), row.executed
    state, w = weight_reading(row.weight)
    if w is not None:
        a.weight, a.weight_source = w, "cell"
    elif f.header_weight is not None:
        a.weight, a.weight_source = float(f.header_weight), "header"
    else:
        a.weight, a.weight_source = profile.weights["funds"], "profile"
    a.score_state, a.entered = score_reading(row.score)
    if a.score_state == "percent":
        a.entered_percent = float(row.score.value.number)  # type: ignore[union-attr]
        a.entered = None
    a.score_address = funds_address(table, "score")

    if a.budget is None:
        a.problem = "missing_budget"
    elif a.executed is None:
        a.problem = "missing_executed"
    elif a.budget <= 0:
        a.problem = "zero_budget"
    if a.problem:
        a.counted = 0.0
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


# --------------------------------------------------------------------------- the table


@dataclass
class TotalAssessment:
    present: bool
    entered: float | None = None
    score_state: str = "empty"
    score_address: str | None = None
    recomputed: float | None = None  # funds counted + rows counted, rounded
    strict: float | None = None  # funds expected + rows expected where known (rounded)
    accepted: bool | None = None
    grade: str | None = None  # from the recomputed total
    entered_grade: str | None = None


@dataclass
class TableAssessment:
    table: Table
    profile: Profile
    funds: FundsAssessment
    rows: list[RowAssessment] = field(default_factory=list)
    total: TotalAssessment = field(default_factory=lambda: TotalAssessment(False))


def assess(table: Table, profile: Profile) -> TableAssessment:
    funds = assess_funds(table, profile)
    rows = [assess_row(table, ind, i, profile) for i, ind in enumerate(table.indicators)]
    ta = TableAssessment(table=table, profile=profile, funds=funds, rows=rows)
    t = TotalAssessment(present=table.total is not None)
    if table.total is not None:
        cell = table.total.score
        t.score_state, t.entered = score_reading(cell)
        if t.score_state == "percent":
            t.entered = None
        t.score_address = cell.address if cell is not None else None
    if funds.problem not in ("no_block", "no_total_row"):
        counted = funds.counted + sum(r.counted for r in rows)
        strict = (funds.raw if funds.raw is not None else funds.counted) + sum(
            r.raw if r.raw is not None else r.counted for r in rows)
        t.recomputed = scoring.round_half_up(counted, profile.decimals)
        t.strict = scoring.round_half_up(strict, profile.decimals)
        t.grade = scoring.grade(t.recomputed, profile)
        if t.entered is not None:
            t.entered_grade = scoring.grade(t.entered, profile)
            t.accepted = scoring.accepts(t.entered, counted, profile) or scoring.accepts(t.entered, strict, profile)
        elif t.score_state in ("empty", "text", "percent"):
            t.accepted = False
    ta.total = t
    return ta
