"""Rule text (评价标准) -> a scoring function: the shapes of a 部门整体 评分表's rules.

    parse(text) -> Criterion | None          None: the text matches no shape (never guessed)

Five shapes, each a small pure unit, each tested on seed 002's own sentences:

- ``Deduction``: a threshold with a deduction per step.
  「≦100%，计5分；每超过一个百分点扣0.5分，扣完为止」, 「100%以下（含）计满分，每超出5%扣2分」,
  「100%计满分，每低于5%扣2分」, 「100%计满分，每超过（降低）5%扣2分」.
- ``Bands``: step bands on the value.
  「=0，计5分；0-10%（含），计4分；…；大于30%不得分」, 「90%（含）以上计6分；80%（含）-90%，计4分；…」.
- ``Checklist``: items with points each, 「①…，2分；②…，2分」 (not computable from data).
- ``Count``: a deduction per occurrence, 「每出现一例不符合要求的扣1分」 (not computable).
- ``Judgement``: bands of words, 「效果较好的计6分；一般3分；无效果0分」 (not computable).

Values and thresholds are percentages as numbers (139.58 for 139.58%). A deduction counts
the part of a step too (over by 39.58 points at 0.5 per point: 19.79 deducted), as the
issue's worked example does; the wording 「每超过…」 also allows counting whole steps only,
and ``Outcome.alt`` carries that reading so that an entered score following it is not
called wrong. Nothing here knows the table, the findings or the profile.

Text is read after NFKC (full-width digits, brackets and signs become half-width) with all
whitespace removed; ≦ ≤ ⩽ read as <=, ≧ ≥ ⩾ as >=, 《 》 as < >, 「一个百分点」 as 1%,
（包含） and （含本数） as （含）.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .bonus import bonus_points
from .rule_text import clauses, fmt, normalize  # noqa: F401 (re-exported)

EPS = 1e-9
_NUMBER = r"-?\d+(?:\.\d+)?"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Outcome:
    score: float  # the score by the rule, 0 ≤ score ≤ the full points (unrounded)
    text: str  # how, in Chinese: 「超过 39.58 个百分点，扣 19.79 分，扣完为止，应得 0 分」
    alt: float | None = None  # the score counting whole steps only, where it differs


@dataclass(frozen=True)
class Criterion:
    text: str  # the rule text as written
    shape: str = ""
    computable: bool = False  # a value from the data can be scored with it

    @property
    def points(self) -> float | None:
        """The points the text gives at best (None: 满分, whatever the 分值)."""
        return None

    def score(self, value: float, weight: float) -> Outcome | None:  # pragma: no cover - overridden
        return None

    def describe(self) -> str:
        return SHAPE_NAMES.get(self.shape, self.shape)


SHAPE_NAMES = {
    "deduction": "达标计分、超出（或低于）按步扣分",
    "bands": "按区间分档计分",
    "checklist": "逐项计分",
    "count": "按出现次数扣分",
    "judgement": "按评价等次计分",
}


# --------------------------------------------------------------------------- deduction


DIRECTIONS = {
    "over": ("超过", "超出", "高于", "多于", "增加", "上升"),
    "under": ("低于", "降低", "少于", "减少", "下降", "不足"),
}
_DIR_WORDS = "|".join(sorted({w for ws in DIRECTIONS.values() for w in ws}, key=len, reverse=True))
_DEDUCT = re.compile(
    rf"每(?P<dir>(?:{_DIR_WORDS})(?:(?:\(|或|和|/)(?:{_DIR_WORDS})\)?)?|偏离)"
    rf"(?P<step>{_NUMBER})%?,?(?:的?,?)扣(?:减)?(?P<per>{_NUMBER})分"
)
_FULL = r"(?P<full>满分|(?P<pts>\d+(?:\.\d+)?)分)"
_REF_OP = re.compile(rf"(?P<op><=|>=|<|>|=)(?P<ref>{_NUMBER})%?(?:\(含\))?[,的]*(?:计|得|为|给)?{_FULL}")
_REF_WORD = re.compile(
    rf"(?:达到|等于|为)?(?P<ref>{_NUMBER})%(?P<i1>\(含\))?(?P<word>及以下|以下|以内|及以上|以上)?(?P<i2>\(含\))?[,的]*"
    rf"(?:计|得|给|为)?{_FULL}"
)
_REF_STANDARD = re.compile(rf"以(?P<ref>{_NUMBER})%?为(?:标准|基准|目标)")


@dataclass(frozen=True)
class Deduction(Criterion):
    ref: float = 100.0  # the threshold, in percent
    direction: str = "over"  # "over" | "under" | "both": which side loses points
    step: float = 1.0  # percentage points per step
    per: float = 1.0  # points per step
    full: float | None = None  # points within the threshold; None: 满分

    @property
    def points(self) -> float | None:
        return self.full

    def score(self, value: float, weight: float) -> Outcome | None:
        if not (math.isfinite(value) and math.isfinite(weight)) or self.step <= 0:
            return None
        full = self.full if self.full is not None else weight
        if self.direction == "over":
            dev = max(0.0, value - self.ref)
        elif self.direction == "under":
            dev = max(0.0, self.ref - value)
        else:
            dev = abs(value - self.ref)
        if dev <= EPS * max(1.0, abs(self.ref)):
            side = {"over": "未超过", "under": "不低于", "both": "等于"}[self.direction]
            return Outcome(full, f"{side} {fmt(self.ref)}%，应得满分 {fmt(full)} 分")
        steps = dev / self.step
        deducted = steps * self.per
        score = max(0.0, full - deducted)
        whole = max(0.0, full - math.floor(steps + EPS) * self.per)
        word = "超过" if value > self.ref else "低于"
        how = f"每 {fmt(self.step)} 个百分点扣 {fmt(self.per)} 分，" if self.step != 1 else ""
        until = "，扣完为止" if deducted >= full - EPS else ""
        text = f"{word} {fmt(dev)} 个百分点，{how}扣 {fmt(deducted)} 分{until}，应得 {fmt(score)} 分"
        alt = whole if abs(whole - score) > EPS else None
        return Outcome(score, text, alt)


def _direction(word: str) -> str:
    if word == "偏离":
        return "both"
    sides = {d for d, words in DIRECTIONS.items() for w in words if w in word}
    return "both" if len(sides) == 2 else (sides.pop() if sides else "over")


def parse_deduction(text: str) -> Deduction | None:
    s = normalize(text)
    m = _DEDUCT.search(s)
    if not m:
        return None
    direction = _direction(m.group("dir"))
    step, per = float(m.group("step")), float(m.group("per"))
    if step <= 0 or per < 0:
        return None
    head = s[: m.start()]
    ref = full = None
    hit = _REF_OP.search(head) or _REF_WORD.search(head)
    if hit:
        ref = float(hit.group("ref"))
        full = float(hit.group("pts")) if hit.group("pts") else None
    else:
        std = _REF_STANDARD.search(s)
        if std:
            ref = float(std.group("ref"))
    if ref is None:
        return None  # a deduction without a threshold: from what? Not guessed.
    return Deduction(text=text.strip(), shape="deduction", computable=True, ref=ref, direction=direction,
                     step=step, per=per, full=full)


# --------------------------------------------------------------------------- bands


_POINTS_END = re.compile(
    rf"(?:[,:]?的?(?:计|得|给|为|可得)?)(?P<pts>{_NUMBER})分$|(?P<zero>不得分|不计分|不给分)$|(?P<full>(?:计|得)满分)$"
)


@dataclass(frozen=True)
class Band:
    label: str  # the condition as written (normalized): 0-10%(含)
    low: float
    low_in: bool
    high: float
    high_in: bool
    points: float

    def holds(self, v: float) -> bool:
        lo = v > self.low - EPS if self.low_in else v > self.low + EPS
        hi = v < self.high + EPS if self.high_in else v < self.high - EPS
        return lo and hi


_LOWER_OPS = {">=": True, "大于等于": True, "不低于": True, "不少于": True, "达到": True, ">": False, "大于": False,
              "高于": False, "超过": False}
_UPPER_OPS = {"<=": True, "小于等于": True, "不高于": True, "不超过": True, "<": False, "小于": False, "低于": False,
              "不足": False}
_OP_WORDS = "|".join(sorted([*_LOWER_OPS, *_UPPER_OPS], key=len, reverse=True))
_COND_RANGE = re.compile(rf"(?P<a>{_NUMBER})%?(?P<ai>\(含\))?(?:-|至|到)(?P<b>{_NUMBER})%?(?P<bi>\(含\))?(?:之间)?$")
_COND_ONE = re.compile(
    rf"(?P<op>{_OP_WORDS}|=|等于|为)?(?P<a>{_NUMBER})%?(?P<i1>\((?:不)?含\))?(?P<w>及以上|以上|及以下|以下|以内)?(?P<i2>\((?:不)?含\))?$"
)


def _condition(cond: str) -> tuple[float, bool, float, bool, int] | None:
    """A band's condition: (low, low included, high, high included, where the condition
    starts in ``cond``), or None. What stands before the condition must be words (the
    indicator's name), never a number."""
    cond = cond.rstrip(",:的")
    m = _COND_RANGE.search(cond)
    if m and not re.search(r"\d", cond[: m.start()]):
        a, b = float(m.group("a")), float(m.group("b"))
        ai, bi = bool(m.group("ai")), bool(m.group("bi"))
        if not ai and not bi:
            ai = True  # no （含）: the lower end belongs to the band
        lo, hi = min(a, b), max(a, b)
        return lo, ai, hi, bi, m.start()
    m = _COND_ONE.search(cond)
    if not m or re.search(r"\d", cond[: m.start()]):
        return None
    a = float(m.group("a"))
    op, word = m.group("op") or "", m.group("w") or ""
    incl = m.group("i1") or m.group("i2") or ""
    explicit = None if not incl else ("不含" not in incl)
    at = m.start()
    if word in ("以上", "及以上") or op in _LOWER_OPS:
        included = explicit if explicit is not None else (_LOWER_OPS.get(op, True) if op else True)
        return a, included, math.inf, False, at
    if word in ("以下", "及以下", "以内") or op in _UPPER_OPS:
        included = explicit if explicit is not None else (_UPPER_OPS.get(op, True) if op else True)
        return -math.inf, False, a, included, at
    if op in ("=", "等于", "为") or not cond[:at]:
        return a, True, a, True, at  # 预算控制率=0; a bare 100%
    return None


@dataclass(frozen=True)
class Bands(Criterion):
    bands: tuple[Band, ...] = ()

    @property
    def points(self) -> float | None:
        return max(b.points for b in self.bands)

    def score(self, value: float, weight: float) -> Outcome | None:
        if not math.isfinite(value):
            return None
        for b in self.bands:
            if b.holds(value):
                return Outcome(b.points, f"在「{b.label}」一档，应得 {fmt(b.points)} 分")
        return None


def parse_bands(text: str) -> Bands | None:
    bands: list[Band] = []
    for clause in clauses(text):
        m = _POINTS_END.search(clause)
        if not m:
            continue
        if m.group("full"):
            return None  # 计满分 inside bands: the 分值 decides; not this shape
        pts = 0.0 if m.group("zero") else float(m.group("pts"))
        cond = clause[: m.start()]
        got = _condition(cond)
        if got is None:
            return None
        label = cond.rstrip(",:的")[got[4]:]
        bands.append(Band(label or cond, got[0], got[1], got[2], got[3], pts))
    if len(bands) < 2:
        return None
    return Bands(text=text.strip(), shape="bands", computable=True, bands=tuple(bands))


# --------------------------------------------------------------------------- not computable


_ITEM_POINTS = re.compile(rf"[,:]?(?:计|得)?(?P<pts>{_NUMBER})分[,;。]*$")
_COUNT = re.compile(rf"每(?:出现|发现|有|存在|发生)(?:一|1)(?:例|次|项|处|个|起|条)[^;。]*?扣(?:减)?(?P<per>{_NUMBER})分")


def _items(text: str) -> list[str]:
    """The items of a list numbered ①②③ (split before NFKC, which turns ① into 1)."""
    if not any(ch in text for ch in _CIRCLED):
        return []
    parts = re.split(f"[{_CIRCLED}]", text)
    return [normalize(p).strip(";。,") for p in parts[1:]]


@dataclass(frozen=True)
class Checklist(Criterion):
    items: tuple[tuple[str, float], ...] = ()

    @property
    def points(self) -> float | None:
        return sum(p for _, p in self.items)

    def describe(self) -> str:
        return f"逐项计分（{len(self.items)} 项，共 {fmt(self.points or 0)} 分）"


def parse_checklist(text: str) -> Checklist | None:
    items = _items(text)
    if len(items) < 2:
        return None
    out = []
    for item in items:
        m = _ITEM_POINTS.search(item)
        if not m:
            return None
        out.append((item[: m.start()], float(m.group("pts"))))
    return Checklist(text=text.strip(), shape="checklist", items=tuple(out))


@dataclass(frozen=True)
class Count(Criterion):
    per: float = 1.0
    items: int = 0

    def describe(self) -> str:
        what = f"（列出 {self.items} 项要求）" if self.items else ""
        return f"每出现一例不符合要求扣 {fmt(self.per)} 分{what}"


def parse_count(text: str) -> Count | None:
    m = _COUNT.search(normalize(text))
    if not m:
        return None
    return Count(text=text.strip(), shape="count", per=float(m.group("per")), items=len(_items(text)))


@dataclass(frozen=True)
class Judgement(Criterion):
    levels: tuple[tuple[str, float], ...] = ()

    @property
    def points(self) -> float | None:
        return max(p for _, p in self.levels)

    def describe(self) -> str:
        return "按评价等次计分（" + "；".join(f"{fmt(p)} 分" for _, p in self.levels) + "）"


def parse_judgement(text: str) -> Judgement | None:
    levels = []
    for clause in clauses(text):
        m = _POINTS_END.search(clause)
        if not m or m.group("full"):
            continue
        cond = clause[: m.start()].rstrip(",:的")
        if not cond or re.search(r"\d", cond):
            return None
        levels.append((cond, 0.0 if m.group("zero") else float(m.group("pts"))))
    if len(levels) < 2:
        return None
    return Judgement(text=text.strip(), shape="judgement", levels=tuple(levels))


# --------------------------------------------------------------------------- parse


PARSERS = (parse_deduction, parse_bands, parse_checklist, parse_count, parse_judgement)


def parse(text: str | None) -> Criterion | None:
    """The shape of a rule text, or None when it matches none (reported, never guessed)."""
    if not text or not str(text).strip():
        return None
    return _parse(str(text))


# A 评分表 repeats the same rule texts on every workbook of a batch; a Criterion is frozen,
# so one parse per text serves them all.
@lru_cache(maxsize=4096)
def _parse(text: str) -> Criterion | None:
    if len(text) > 2000:
        return None
    shape_text = _without_bonus(text)
    for p in PARSERS:
        got = p(shape_text)
        if got is not None:
            return got if shape_text == text else dataclasses.replace(got, text=text.strip())
    return None


def _without_bonus(text: str) -> str:
    """The rule text without its bonus clauses (「创新做法另加2分」): they allow points above the
    分值 (bonus_points), they are not a shape's steps or items."""
    parts = re.split(r"(?<=[;；。\n])", text)
    kept = [p for p in parts if bonus_points(p) is None]
    return "".join(kept) if len(kept) < len(parts) and kept else text


__all__ = ["parse", "normalize", "clauses", "fmt", "Criterion", "Deduction", "Bands", "Band", "Checklist", "Count",
           "Judgement", "Outcome", "SHAPE_NAMES"]
