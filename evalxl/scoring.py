"""Pure scoring functions (SPEC §3), shared by the rules, the template and the summary.

Nothing here reads files or knows about findings: numbers and words in, numbers and
words out. Every number and word list comes from the Profile.

    direction(target, level2, name, profile)      -> Direction (positive / negative, and why)
    comparable(target, actual)                    -> (target, actual) on one scale, or None
    quantitative_score(t, a, weight, sign, dec)   -> QuantResult (met, raw, rounded)
    qualitative_band(target, actual, profile)     -> "achieved" / "partial" / "failed" / None
    band_accepts(entered, band, weight, profile)  -> bool
    execution_rate(budget, executed)              -> B/A, or None
    funds_score(budget, executed, weight, dec)    -> FundsResult (rate, raw, rounded)
    accepts(entered, raw, profile)                -> bool (SPEC §3.9 rounding)
    round_half_up(x, decimals)                    -> float
    grade(total, profile)                         -> 优 / 良 / 中 / 差
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
import math
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal

from .model import Quantity, Value
from .profile import Band, Profile

POSITIVE = "positive"
NEGATIVE = "negative"

_WS = re.compile(r"\s+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

# Units compare when they are spelled the same, or when one is the other with a 千 / 万 / 亿
# in front (15万元 against 150000元, 1.2万人次 against 12000人次): that conversion is exact.
_SCALE_PREFIXES = {"千": 1e3, "万": 1e4, "亿": 1e8}
_UNIT_SYNONYMS = {"％": "%", "日": "天", "个工作日": "工作日"}

OP_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


@lru_cache(maxsize=65536)
def squash(text: str | None) -> str:
    """NFKC, no whitespace, no zero-width characters: how two texts are compared."""
    if not text:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH))


@lru_cache(maxsize=256)
def squashed(words: tuple[str, ...]) -> frozenset[str]:
    """A profile's word list, squashed, as a set (built once per list, not per row)."""
    return frozenset(squash(w) for w in words)


def round_half_up(x: float, decimals: int) -> float:
    """Round as a finance officer does (9.375 -> 9.38, never banker's rounding); float
    noise (8.2449999999 for 8.245) is removed first. Beyond 1e15 (no score, no amount in
    万元 is that large) and for inf/nan there is nothing to round: the number comes back."""
    x = float(x)
    if x == 0 or not math.isfinite(x) or abs(x) >= 1e15:
        return x  # 0.0 and -0.0 come back as they are (the memo below would not tell them apart)
    return _rounded(x, decimals)


# The same scores, weights and ratios are rounded over and over (accepts() tries 2 and 1
# decimals from two bases): the Decimal work is done once per (value, decimals). Equal
# floats other than ±0 are the same number, so the memo is exact.
@lru_cache(maxsize=16384)
def _rounded(x: float, decimals: int) -> float:
    d = Decimal(repr(round(x, 9)))
    return float(d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def close(a: float, b: float, profile: Profile) -> bool:
    return abs(a - b) <= profile.tolerance * max(1.0, abs(a), abs(b))


def accepts(entered: float, raw: float, profile: Profile) -> bool:
    """SPEC §3.9: an entered score is accepted when it equals the recomputed score rounded
    to any of the profile's accept_decimals (2 or 1). The recomputed score is rounded both
    from its exact value and from its kept value (9.375 -> 9.38 -> 9.4), so a double
    rounding by hand is never called wrong."""
    tol = profile.tolerance  # close() spelled out: this runs for every scored row
    for v in _accepted(raw, profile.decimals, tuple(profile.accept_decimals)):
        if abs(entered - v) <= tol * max(1.0, abs(entered), abs(v)):
            return True
    return False


@lru_cache(maxsize=16384)
def _accepted(raw: float, decimals: int, accept_decimals: tuple[int, ...]) -> tuple[float, ...]:
    """The values an entered score may equal for the recomputed ``raw`` (each once): the
    same for every row with that score, so worked out once."""
    kept = round_half_up(raw, decimals)
    out: list[float] = []
    for d in (decimals, *accept_decimals):
        for base in (raw, kept):
            v = round_half_up(base, d)
            if v not in out:
                out.append(v)
    return tuple(out)


# --------------------------------------------------------------------------- direction


@dataclass(frozen=True)
class Direction:
    sign: str  # POSITIVE | NEGATIVE
    source: str  # "operator" | "level2" | "keyword" | "default"
    detail: str = ""  # the operator symbol, the 二级指标, or the keyword

    @property
    def negative(self) -> bool:
        return self.sign == NEGATIVE

    def describe(self) -> str:
        """Why this direction, in Chinese: 「年度指标值为 ≤，越小越好」."""
        if self.source == "operator" and self.detail == "＝":
            return "年度指标值带「＝」，未达到时按越大越好计分"
        if self.source == "operator":
            better = "越小越好" if self.negative else "越大越好"
            return f"年度指标值带「{self.detail}」，{better}"
        if self.source == "level2":
            return f"{self.detail}越低越好"
        if self.source == "keyword":
            return f"指标名称含「{self.detail}」，越低越好"
        return "越大越好"


def direction(target: Value | None, level2: str, name: str, profile: Profile) -> Direction:
    """SPEC §3.3: the target's operator decides; without one a 成本指标 or a name with one
    of the profile's keywords is negative; everything else is positive."""
    if isinstance(target, Quantity) and target.op:
        sign = NEGATIVE if target.op in ("<=", "<") else POSITIVE
        return Direction(sign, "operator", OP_SYMBOLS.get(target.op, "＝" if target.op == "=" else target.op))
    return _worded_direction(level2, name, tuple(profile.negative_level2), tuple(profile.negative_keywords))


@lru_cache(maxsize=8192)  # a batch repeats its 二级指标 and indicator names; Direction is frozen
def _worded_direction(level2: str, name: str, negative_level2: tuple[str, ...],
                      negative_keywords: tuple[str, ...]) -> Direction:
    l2 = squash(level2)
    for word in negative_level2:
        if word and squash(word) in l2:
            return Direction(NEGATIVE, "level2", word)
    n = squash(name)
    for word in negative_keywords:
        if word and squash(word) in n:
            return Direction(NEGATIVE, "keyword", word)
    return Direction(POSITIVE, "default")


# --------------------------------------------------------------------------- comparability


def _unit(u: str) -> str:
    u = squash(u)
    return _UNIT_SYNONYMS.get(u, u)


def _scaled(unit: str) -> tuple[str, float]:
    """万元 -> ("元", 10000); 元 -> ("元", 1)."""
    if len(unit) > 1 and unit[0] in _SCALE_PREFIXES:
        return unit[1:], _SCALE_PREFIXES[unit[0]]
    return unit, 1.0


def comparable(target: Value | None, actual: Value | None) -> tuple[float, float] | None:
    """Target and actual as two numbers on one scale, or None when they cannot be compared.

    Both must be quantities with equal units (or one unit empty) and equal qualifiers (or
    one empty): 12次 / 10次, 每人每月100元 / 每人每月120元, ≤15万元 / 16万元. A unit with
    千 / 万 / 亿 in front converts (15万元 / 150000元, 1.2万人次 / 12000人次). A percentage against a bare number: a bare number
    ≤ 1 against a percentage above 1 is a fraction (0.97 against 96% reads as 97%);
    otherwise both are read on the same scale (96 against 96%). An operator on either
    side is ignored here (its number counts).
    """
    if not isinstance(target, Quantity) or not isinstance(actual, Quantity):
        return None
    plan = _scales(target.qualifier, actual.qualifier, target.unit, actual.unit)
    if plan is None:
        return None
    t, a = float(target.number), float(actual.number)
    if plan is _SAME:
        return t, a
    if plan is _PERCENT_TARGET:  # one side is a bare number
        return (t, a * 100) if abs(a) <= 1 and abs(t) > 1 else (t, a)
    if plan is _PERCENT_ACTUAL:
        return (t * 100, a) if abs(t) <= 1 and abs(a) > 1 else (t, a)
    return t * plan[0], a * plan[1]


_SAME, _PERCENT_TARGET, _PERCENT_ACTUAL = ("same",), ("percent target",), ("percent actual",)


@lru_cache(maxsize=4096)  # a batch repeats its units and qualifiers (%, 次, 万元 …): their reading is done once
def _scales(tq: str, aq: str, tu: str, au: str) -> tuple | None:
    """How comparable() puts two quantities on one scale, from their qualifiers and units
    alone: None (they do not compare), _SAME (numbers as they are), _PERCENT_TARGET /
    _PERCENT_ACTUAL (the other side is a bare number: its size decides), or the two
    factors of a 千 / 万 / 亿 conversion."""
    tq, aq = squash(tq), squash(aq)
    if tq and aq and tq != aq:
        return None
    tu, au = _unit(tu), _unit(au)
    if tu == au:
        return _SAME
    if tu and au:
        (tb, tf), (ab, af) = _scaled(tu), _scaled(au)
        return (tf, af) if tb == ab else None
    if tu == "%":
        return _PERCENT_TARGET
    if au == "%":
        return _PERCENT_ACTUAL
    return _SAME


# --------------------------------------------------------------------------- quantitative


@dataclass(frozen=True)
class QuantResult:
    met: bool
    raw: float  # unrounded score, 0 <= raw <= weight
    score: float  # rounded to the profile's decimals
    ratio: str  # how the score was computed: "10÷12×10"; "" when met


def quantitative_score(target: float, actual: float, weight: float, sign: str, decimals: int,
                       negative_rule: str = "ratio") -> QuantResult:
    """SPEC §3.3: met -> full weight; positive not met -> actual ÷ target × weight;
    negative not met -> target ÷ actual × weight (``negative_rule="linear"``: (1 − (actual
    − target) ÷ target) × weight, 0 from twice the target); never more than the weight,
    never below 0."""
    if target and actual and weight:  # memoised, but for a 0 (0 and -0 are equal keys, and show apart)
        return _quantitative_score(target, actual, weight, sign, decimals, negative_rule)
    return _quantitative_score.__wrapped__(target, actual, weight, sign, decimals, negative_rule)


@lru_cache(maxsize=8192, typed=True)  # a batch repeats its targets, actuals and 分值; QuantResult is frozen
def _quantitative_score(target: float, actual: float, weight: float, sign: str, decimals: int,
                        negative_rule: str) -> QuantResult:
    eps = 1e-9 * max(1.0, abs(target), abs(actual))
    if sign == NEGATIVE:
        met = actual <= target + eps
        if met:
            raw = weight
            ratio = ""
        elif negative_rule == "linear":
            raw = (1 - (actual - target) / target) * weight if target > 0 else 0.0
            ratio = f"(1-({_n(actual)}-{_n(target)})÷{_n(target)})×{_n(weight)}"
        else:
            raw = target / actual * weight if target > 0 and actual > 0 else 0.0
            ratio = f"{_n(target)}÷{_n(actual)}×{_n(weight)}"
    else:
        met = actual >= target - eps
        if met:
            raw = weight
            ratio = ""
        else:
            raw = actual / target * weight if target > 0 and actual > 0 else 0.0
            ratio = f"{_n(actual)}÷{_n(target)}×{_n(weight)}"
    raw = min(max(raw, 0.0), weight)
    return QuantResult(met, raw, round_half_up(raw, decimals), ratio)


def _n(x: float) -> str:
    text = f"{round(float(x), 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- qualitative


def identical(target_text: str, actual_text: str) -> bool:
    """Target and actual say the same thing (after NFKC and without whitespace): met /
    达成 whatever they contain (also 每人每月100元 against itself)."""
    t, a = squash(target_text), squash(actual_text)
    return bool(t) and t == a


def qualitative_band(target_text: str, actual_text: str, profile: Profile) -> str | None:
    """SPEC §3.4: which band an actual text puts its indicator in, or None when it cannot
    be told. Identical -> achieved; 较X / 基本X / 部分X (X the target) or one of the
    profile's partial words -> partial; 未X / 不X or one of the failed words -> failed."""
    t, a = squash(target_text), squash(actual_text)
    if not a:
        return None
    if t and a == t:
        return "achieved"
    if a in squashed(tuple(profile.achieved_words)):
        return "achieved"
    if a in squashed(tuple(profile.failed_words)):
        return "failed"
    if t:
        for p in profile.failed_prefixes:
            if p and a == squash(p) + t:
                return "failed"
        for p in profile.partial_prefixes:
            if p and a == squash(p) + t:
                return "partial"
    if a in squashed(tuple(profile.partial_words)):
        return "partial"
    return None


def band_top(band: Band, weight: float, decimals: int) -> float:
    """The corrected score of a qualitative indicator: the top of its band."""
    return round_half_up(band.high * weight, decimals)


def band_accepts(entered: float, band: Band, weight: float, profile: Profile) -> bool:
    """An entered score lies in the band (both ends included, each end also as rounded to
    the accepted decimals, so the top of the band is always accepted)."""
    low, high = _band_bounds(band.low, band.high, weight, tuple(profile.accept_decimals))
    tol = profile.tolerance * max(1.0, abs(weight))
    return low - tol <= entered <= high + tol


@lru_cache(maxsize=4096)  # a batch repeats its bands and 分值; the bounds are only compared, so 0 and -0 may share a key
def _band_bounds(low: float, high: float, weight: float, accept_decimals: tuple[int, ...]) -> tuple[float, float]:
    """The lowest and highest score a band accepts for ``weight`` (each end also rounded)."""
    lows = [low * weight] + [round_half_up(low * weight, d) for d in accept_decimals]
    highs = [high * weight] + [round_half_up(high * weight, d) for d in accept_decimals]
    return min(lows), max(highs)


# --------------------------------------------------------------------------- funds


def execution_rate(budget: float | None, executed: float | None) -> float | None:
    """执行率 = B ÷ A as a fraction (0.9 for 90%); None when A is missing or not positive."""
    if budget is None or executed is None or budget <= 0:
        return None
    return executed / budget


@dataclass(frozen=True)
class FundsResult:
    rate: float  # B/A, uncapped
    raw: float  # min(rate, 1) × weight
    score: float  # rounded


def funds_score(budget: float, executed: float, weight: float, decimals: int) -> FundsResult | None:
    """SPEC §3.1: score = min(B/A, 100%) × 分值."""
    rate = execution_rate(budget, executed)
    if rate is None:
        return None
    raw = min(max(rate, 0.0), 1.0) * weight
    return FundsResult(rate, raw, round_half_up(raw, decimals))


def rate_accepts(entered_percent: float, rate: float, profile: Profile) -> bool:
    """An entered 执行率 (in percent) matches B/A shown to 0, 1 or 2 decimals; above budget
    the capped 100% is accepted too."""
    wanted = [rate * 100]
    if rate > 1:
        wanted.append(100.0)
    for w in wanted:
        for d in (0, 1, 2, 4):
            if close(entered_percent, round_half_up(w, d), profile):
                return True
    return False


# --------------------------------------------------------------------------- grade


def grade(total: float | None, profile: Profile) -> str | None:
    """SPEC §3.10: 优 ≥ 90; 良 80–90; 中 60–80; 差 < 60 (cut-offs from the profile)."""
    if total is None:
        return None
    return profile.grade(total)
