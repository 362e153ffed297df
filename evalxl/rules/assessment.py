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
from ..model import Indicator, Quantity, Table
from ..profile import Band, Profile
from .. import scoring
from ..scoring import Direction
from .cells import (AMOUNT_UNITS, SCORE_UNITS, WEIGHT_UNITS, NamedRow, amount, column_address, indicator_label,
                    is_blank, score_reading, short, shown, weight_reading)
from .funds_assessment import FundsAssessment, assess_funds, funds_address, funds_reason

__all__ = ["AMOUNT_UNITS", "SCORE_UNITS", "WEIGHT_UNITS", "NamedRow", "amount", "column_address", "indicator_label",
           "is_blank", "score_reading", "short", "shown", "weight_reading", "FundsAssessment", "assess_funds",
           "funds_address", "funds_reason", "assess", "assess_row", "RowAssessment", "TableAssessment",
           "TotalAssessment", "QUANTITATIVE", "QUALITATIVE", "UNVERIFIABLE", "LEFTOVER"]

QUANTITATIVE = "quantitative"
QUALITATIVE = "qualitative"
UNVERIFIABLE = "unverifiable"
LEFTOVER = "leftover"


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
