"""The recomputation of one table, done once and read by every rule.

``assess(table, profile)`` looks at the funds block, every indicator row and the total,
and says for each what it is (quantitative / qualitative / unverifiable / leftover), what
score it should have, whether the entered score is accepted, what counts in the
recomputed total, and why, in a short Chinese phrase the messages reuse. Rules never
recompute a score themselves: they read this.

What counts in the recomputed total (SPEC §3.6, §3.7, issues 4 and 12):
- a row whose entered score is accepted: the entered score (so that rounding by hand,
  accepted row by row, never makes the total wrong);
- a row whose score is known and entered wrong or left empty: the recomputed score;
- a row that cannot be verified (no 年度指标值 or 实际完成值, the band cannot be told,
  target and actual cannot be compared, no 分值, a ★ row with an unmet 「其中」 sub-row):
  the entered score, kept within 0 … 分值 — so a total is corrected only when it is wrong
  with those scores kept; their points are ``unverified_points``;
- a score above 分值 that the row's printed rule text allows (加分): the entered score;
- a template leftover: nothing.
The funds score counts the same way. Without a funds block, with a funds 分值 as large as
the total's, with 分值 adding up to more than the total's, or in a table published
unfilled (no 完成值, no 得分), there is no recomputed total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import format_number
from ..model import Indicator, Quantity, Table
from ..profile import Band, Profile
from .. import scoring
from ..bonus import bonus_points
from ..scoring import Direction
from .cells import (AMOUNT_UNITS, SCORE_UNITS, WEIGHT_UNITS, NamedRow, amount, column_address, indicator_label,
                    is_blank, is_instruction, is_unfilled_value, score_reading, short, shown, weight_reading)
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
    over_target: bool = False  # met far above the target (profile's over_target_factor)
    bonus: float | None = None  # a score above 分值 the printed rule text allows (points allowed)
    sub_unmet: tuple[str, ...] = ()  # a ★ row: names of its 「其中」 sub-rows not met

    @property
    def known(self) -> bool:
        """The right score is known."""
        return self.expected is not None

    @property
    def unverified(self) -> bool:
        """The row's score is counted as entered without being verified."""
        return self.kind != LEFTOVER and self.expected is None


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
    if not ind.sub_rows and ind.is_leftover:
        return r
    _assess_values(r, ind, profile)
    _allow_bonus(r, profile)
    return r


def _assess_values(r: RowAssessment, ind: Indicator, profile: Profile) -> None:
    if r.weight is None:
        r.kind, r.problem = UNVERIFIABLE, ("no_weight" if r.weight_state == "empty" else "bad_weight")
        r.counted = _clamp(r.entered, None)
        r.reason = "分值未填" if r.weight_state == "empty" else f"分值「{shown(ind.weight)}」不是数字"
        return
    no_target, no_actual = is_blank(ind.target), is_unfilled_value(ind.actual)
    if ind.sub_rows and (no_target or no_actual):
        _assess_parent(r, ind, profile)
        return
    if no_target or no_actual:
        # SPEC §3.7: cannot be verified; the entered score is kept (within 0..分值).
        r.kind = UNVERIFIABLE
        r.problem = "missing_both" if (no_target and no_actual) else ("missing_target" if no_target else "missing_actual")
        r.counted = _clamp(r.entered, r.weight)
        r.reason = {
            "missing_both": "年度指标值和实际完成值均未填",
            "missing_target": "年度指标值未填",
            "missing_actual": "实际完成值未填",
        }[r.problem] + ("（仍是填表说明文字）" if is_instruction(ind.actual) else "")
        return

    w = r.weight
    target_text, actual_text = shown(ind.target), shown(ind.actual)
    pair = scoring.comparable(ind.target.value, ind.actual.value)

    if pair is not None:
        r.kind = QUANTITATIVE
        r.direction = scoring.direction(ind.target.value, ind.level2, ind.name, profile)
        r.target_number, r.actual_number = pair
        if _above_exact(ind.target.value, pair, profile):
            r.met, r.problem = False, "above_exact"
            r.counted = _clamp(r.entered, w)
            r.reason = f"实际完成值 {actual_text} 超过了应恰好达到的年度指标值 {target_text}，规则未规定如何记分"
            return
        res = scoring.quantitative_score(pair[0], pair[1], w, r.direction.sign, profile.decimals,
                                         profile.negative_rule)
        r.met, r.raw, r.expected = res.met, res.raw, res.score
        r.reason = _quant_reason(r, target_text, actual_text, res)
        r.accepted = _accepted_number(r, scoring.accepts, res.raw, profile)
        r.counted = r.entered if r.accepted else r.expected
        f = profile.over_target_factor
        r.over_target = bool(f and r.met and not r.direction.negative and pair[0] > 0 and pair[1] > f * pair[0])
        return

    # Only now are the texts compared: a quantitative row never needs it.
    same_text = scoring.identical(ind.target.text or target_text, ind.actual.text or actual_text)
    both_quantities = isinstance(ind.target.value, Quantity) and isinstance(ind.actual.value, Quantity)
    if both_quantities and not same_text:
        r.kind, r.problem = UNVERIFIABLE, "not_comparable"
        r.counted = _clamp(r.entered, w)
        r.reason = f"年度指标值「{target_text}」与实际完成值「{actual_text}」的单位或口径不同，无法比较"
        return

    # Qualitative: text against text (or text against a number).
    r.kind = QUALITATIVE
    key = "achieved" if same_text else scoring.qualitative_band(
        ind.target.text or target_text, ind.actual.text or actual_text, profile)
    if key is None:
        r.counted = _clamp(r.entered, w)
        r.reason = f"无法从实际完成值「{actual_text}」判断完成档次"
        return
    band = profile.band(key)
    r.band = band
    r.met = key == "achieved"
    r.expected = w if key == "achieved" else scoring.band_top(band, w, profile.decimals)
    r.raw = r.expected
    r.reason = _band_reason(r, band, target_text, actual_text, same_text)
    r.accepted = _accepted_number(r, scoring.band_accepts, band, w, profile)
    r.counted = r.entered if r.accepted else r.expected


def _above_exact(target, pair: tuple[float, float], profile: Profile) -> bool:
    """An ＝ target missed from above, where the profile reads ＝ as exact."""
    if profile.equal_target != "exact" or not isinstance(target, Quantity) or target.op != "=":
        return False
    t, a = pair
    return a > t + 1e-9 * max(1.0, abs(t), abs(a))


def sub_row_met(sub: Indicator, profile: Profile) -> bool | None:
    """Whether a 「其中」 sub-row met its own target: compared quantitatively (direction from
    its operator or name); an identical or 达成 text counts as met; None when it cannot be
    told (blank, text, units that do not compare)."""
    if sub.target is None or sub.actual is None or is_blank(sub.target) or is_blank(sub.actual):
        return None
    pair = scoring.comparable(sub.target.value, sub.actual.value)
    if pair is not None:
        if _above_exact(sub.target.value, pair, profile):
            return False
        sign = scoring.direction(sub.target.value, sub.level2, sub.name, profile).sign
        return scoring.quantitative_score(pair[0], pair[1], 1.0, sign, 6, profile.negative_rule).met
    band = scoring.qualitative_band(sub.target.text, sub.actual.text, profile)
    return True if band == "achieved" else (False if band in ("partial", "failed") else None)


def _assess_parent(r: RowAssessment, ind: Indicator, profile: Profile) -> None:
    """A ★ row whose values sit on its 「其中」 sub-rows: met when every sub-row is met (full
    分值); otherwise how the parts combine is not written anywhere, so the entered score is
    kept (within 0..分值) and the row is reported."""
    results = [(sub, sub_row_met(sub, profile)) for sub in ind.sub_rows]
    r.counted = _clamp(r.entered, r.weight)
    unknown = [sub for sub, met in results if met is None]
    unmet = [sub for sub, met in results if met is False]
    r.sub_unmet = tuple(short(s.name or f"第 {s.row} 行", 16) for s in unmet)
    if unmet:
        r.kind, r.met, r.problem = QUANTITATIVE, False, "sub_rows_unmet"
        r.reason = f"其中「{'」「'.join(r.sub_unmet)}」未达到年度指标值"
        return
    if unknown:
        r.kind, r.problem = UNVERIFIABLE, "sub_rows_unknown"
        names = "」「".join(short(s.name or f"第 {s.row} 行", 16) for s in unknown)
        r.reason = f"其中「{names}」的指标值或完成值未填或无法比较"
        return
    r.kind, r.met = QUANTITATIVE, True
    r.raw = r.expected = r.weight
    r.reason = f"其中 {len(results)} 项子指标均已达到年度指标值，应记满分 {format_number(r.weight)}"
    r.accepted = _accepted_number(r, scoring.accepts, r.weight, profile)
    r.counted = r.entered if r.accepted else r.expected


def _allow_bonus(r: RowAssessment, profile: Profile) -> None:
    """A score above 分值 that the row's printed rule text (评价标准 / 评分标准 / 得分计算方法)
    allows (加分, 最高加…分) stands: it counts as entered and is never corrected."""
    if r.entered is None or r.weight is None or r.entered <= r.weight + profile.tolerance or r.met is False:
        return
    ind = r.indicator
    texts = [c.text for c in (ind.criteria, ind.method) if c is not None and c.text]
    allowed = max((b for b in map(bonus_points, texts) if b is not None), default=None)
    if allowed is None or r.entered > r.weight + allowed + profile.tolerance:
        return
    r.bonus = allowed
    r.accepted = True
    r.counted = r.entered


def _accepted_number(r: RowAssessment, test, *args) -> bool | None:
    """``accepted`` of the entered score: test(entered, *args) when it is a number to test."""
    ok = _number_entered(r)
    return test(r.entered, *args) if ok else ok


def _number_entered(r: RowAssessment) -> bool | None:
    """True when the entered score is a number to test; otherwise what ``accepted`` is:
    None for a formula without cached value (nothing to compare), False for the rest."""
    if r.score_state == "number" and r.entered is not None:
        return True
    return None if r.score_state == "uncached" else False


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
    weights_exceed: bool = False  # the 分值 add up to more than the total's: no recomputed total


@dataclass
class TableAssessment:
    table: Table
    profile: Profile
    funds: FundsAssessment
    rows: list[RowAssessment] = field(default_factory=list)
    total: TotalAssessment = field(default_factory=lambda: TotalAssessment(False))
    unfilled: bool = False  # published unfilled: no 完成值 and no 得分 anywhere (nothing is recomputed)
    unverified_points: float = 0.0  # points of the recomputed total counted as entered, unverified

    @property
    def unverified_rows(self) -> list[RowAssessment]:
        return [r for r in self.rows if r.unverified and r.counted]


def is_unfilled(table: Table, rows: list[RowAssessment]) -> bool:
    """Published unfilled: indicator rows with no 完成值 (on them or their sub-rows) and no
    得分, and no total score."""
    live = [r for r in rows if r.kind != LEFTOVER]
    if not live or any(r.score_state != "empty" for r in live):
        return False
    if any(not is_unfilled_value(c) for r in live for c in [r.indicator.actual, *(s.actual for s in r.indicator.sub_rows)]):
        return False
    return table.total is None or is_blank(table.total.score)


def assess(table: Table, profile: Profile) -> TableAssessment:
    funds = assess_funds(table, profile)
    rows = [assess_row(table, ind, i, profile) for i, ind in enumerate(table.indicators)]
    ta = TableAssessment(table=table, profile=profile, funds=funds, rows=rows)
    ta.unfilled = is_unfilled(table, rows)
    t = TotalAssessment(present=table.total is not None)
    if table.total is not None:
        cell = table.total.score
        t.score_state, t.entered = score_reading(cell)
        if t.score_state == "percent":
            t.entered = None
        t.score_address = cell.address if cell is not None else None
    t.weights_exceed = _weights_exceed(table, funds, rows, profile)
    if funds.problem not in ("no_block", "no_total_row", "bad_weight") and not ta.unfilled and not t.weights_exceed:
        ta.unverified_points = scoring.round_half_up(
            sum(r.counted for r in ta.unverified_rows) + (0.0 if funds.known else funds.counted), profile.decimals)
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


def _weights_exceed(table: Table, funds: FundsAssessment, rows: list[RowAssessment], profile: Profile) -> bool:
    """The 分值 add up to more than the total's 分值 (10 + 100 in a 100-point table): the
    sum of the scores could exceed what the table allows, so there is no recomputed total
    (W002 says why; the 汇总表's 复核得分 stays blank)."""
    total = weight_reading(table.total.weight)[1] if table.total is not None else None
    total = total if total is not None else profile.weights["total"]
    s = (funds.weight if funds.present else 0.0) + sum(r.weight for r in rows if r.kind != LEFTOVER and r.weight)
    return s > total + 1e-6
