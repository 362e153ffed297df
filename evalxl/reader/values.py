"""One cell -> one typed value: Empty, Text or Quantity (number, unit, operator, qualifier).

    parse_cell(0.96, "0%")            -> Quantity(96.0, "%")
    parse_cell("≤15万元")             -> Quantity(15.0, "万元", "<=")
    parse_cell("控制在3个工作日以内")  -> Quantity(3.0, "个工作日", "<=")
    parse_cell("满意度≥90%")          -> Quantity(90.0, "%", ">=", "满意度")
    parse_cell("每人每月100元")        -> Quantity(100.0, "元", None, "每人每月")
    parse_cell("达成预期指标")         -> Text("达成预期指标")
    parse_cell("—")                   -> Empty()

Text is matched after NFKC (full-width digits and signs become half-width) with every
space, line break and zero-width character removed; a Text keeps what the user typed
(only stripped at both ends), so messages can quote it.

A text reads as a quantity when it is, in this order (every part but the number optional):

    [qualifier] [operator] number [unit] [suffix operator]

with exactly one number in it. The operator may stand before or after the qualifier
(``不低于每人100元``, ``每人每月不低于100元``, ``满意度≥90%``). Anything else is Text.

The functions are pure and never raise. ``parse_text`` is cached for short strings.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from ..model import Empty, Quantity, Text, Value

__all__ = ["UNITS", "is_percent_format", "operator", "parse_cell", "parse_text", "split_target"]

# --------------------------------------------------------------------------- tables

# Units a number may carry. Spelled as they read after normalisation (NFKC, no spaces);
# kept longest first so that, however they are matched, 人次 wins over 人 and 个工作日
# over 工作日. The text after the number must be exactly one of them (once a suffix
# operator such as 以上 is removed). ㎡ (NFKC "m2") and m² read as 平方米, see _SQUARE_METRE.
UNITS: tuple[str, ...] = tuple(sorted((
    "%", "‰",
    "次", "人", "人次", "万人", "万人次", "户", "万户",
    "万元", "元", "亿元", "千元",
    "天", "日", "工作日", "个工作日", "个月", "月", "年", "小时", "分钟",
    "个", "份", "家", "件", "项", "台", "套", "所", "场", "期", "批", "批次", "张", "本", "册",
    "万册", "篇", "条", "名", "座", "辆", "处", "类", "种", "只", "头",
    "公里", "千米", "米", "厘米", "平方米", "吨", "亩", "分",
    "元/人", "元/人/月", "元/月", "元/人·年", "元/人/年", "人/天", "次/年", "次/月",
), key=len, reverse=True))
_UNIT_SET = frozenset(UNITS)
# Units spelled in words that mean a listed one: ≥100百分比 is ≥100%; "150万" an amount is 150万元.
_UNIT_ALIASES = {"百分比": "%", "百分率": "%", "万": "万元"}

# Operators written as symbols, after NFKC (so ＞ is already >, ＞＝ already >=).
# 》 and 《 are common typos for > and < (the Chinese IME puts them on the same keys).
# ⩾ ⩽ are the slanted forms Chinese standards print.
_SYMBOL_OPS: tuple[tuple[str, str], ...] = (
    (">=", ">="), ("=>", ">="), ("<=", "<="), ("=<", "<="),
    ("≥", ">="), ("≧", ">="), ("⩾", ">="),
    ("≤", "<="), ("≦", "<="), ("⩽", "<="),
    (">", ">"), ("》", ">"),
    ("<", "<"), ("《", "<"),
    ("=", "="),  # ＝ and ﹦ are "=" after NFKC; ═ (box drawing) is translated to it
)
# Operators written as words before the number.
_WORD_OPS: tuple[tuple[str, str], ...] = (
    ("大于或等于", ">="), ("大于等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
    ("至少", ">="),
    ("高于", ">"), ("大于", ">"), ("超过", ">"), ("多于", ">"),
    ("小于或等于", "<="), ("小于等于", "<="), ("不高于", "<="), ("不超过", "<="), ("不大于", "<="),
    ("不多于", "<="), ("最多", "<="), ("至多", "<="),
    ("低于", "<"), ("小于", "<"), ("少于", "<"),
)
# 控制在 (…以内 / …以下 / nothing) reads as "<=", but it is weak: any other operator in
# the same cell wins (控制在90%以上 -> ">=").
_WEAK_WORD = "控制在"
_WEAK_OP = "<="
# Every operator that may stand before the number, longest first so 不低于 is tried
# before 低于 and >= before >.
_PREFIX_OPS: tuple[tuple[str, str], ...] = tuple(
    sorted(_SYMBOL_OPS + _WORD_OPS + ((_WEAK_WORD, _WEAK_OP),), key=lambda p: len(p[0]), reverse=True)
)
# Operators written after the number (and its unit).
_SUFFIX_OPS: tuple[tuple[str, str], ...] = (
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="),
)

MAX_QUALIFIER = 8  # characters

# --------------------------------------------------------------------------- regexes

# Zero-width characters go; U+2212 (minus sign) becomes "-"; the middle dots users type
# in 元/人·年 become "·".
_TRANSLATE = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    0x2212: "-",
    0x30FB: "·", 0x2022: "·", 0x2027: "·", 0x2219: "·", 0x22C5: "·",
    0x2550: "=",  # ═ typed for ＝ in 指标性质 columns
}
_WS = re.compile(r"\s+")  # Unicode whitespace: spaces, U+3000 (already " " after NFKC), \n, \t ...
# A placeholder: only dashes/slashes/underscores, or only dots (…, ..., ......, 。。。).
_PLACEHOLDER = re.compile(r"(?:[-_/\\\u2010-\u2015\u2500\u2501]+|[.。·]+)")
_INCLUSIVE = re.compile(r"\((?:含|包含|含本数)\)")  # (含) / （含） anywhere is dropped
_SQUARE_METRE = re.compile(r"(?<=[0-9.])m2(?![0-9])")  # ㎡ and m² after NFKC: not a 2nd number
# A number: optional sign, digits with or without thousands separators, optional decimals.
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")

# A token of an Excel number format. Excel scales by 100 for every % that is a format
# character; a % inside "quotes", escaped with a backslash (\%), after _ (a space as wide
# as the next character) or * (fill with the next character), or inside [...] (colour,
# condition, locale) is displayed as a literal and does not scale. `0.0\%` is the usual
# trick to show a % sign without the ×100. Only the first section (up to an unquoted ;)
# is looked at: it is the one for positive numbers and the one Excel names the format by.
_FORMAT_TOKEN = re.compile(r'"[^"]*"?|\\.|[_*].|\[[^\]]*\]?|(;)|(%)', re.S)

_SHORT = 64  # strings up to this length go through the cache


# --------------------------------------------------------------------------- API


def is_percent_format(code: str) -> bool:
    """A number format that shows a number ×100 with a % sign: "0%", "0.00%",
    "0.0%;[Red]-0.0%". Not '0.00"%"' nor "0.00\\%" (a literal %, see _FORMAT_TOKEN)."""
    if not isinstance(code, str) or "%" not in code:
        return False
    return _is_percent_format(code)


@lru_cache(maxsize=1024)
def _is_percent_format(code: str) -> bool:
    for m in _FORMAT_TOKEN.finditer(code):
        if m.group(1):  # end of the first section
            return False
        if m.group(2):
            return True
    return False


def parse_cell(raw: str | int | float | bool | None, number_format: str = "General") -> Value:
    """The typed reading of one cell's raw value (a formula's cached value).

    Numbers are read as stored (scaled ×100 with unit "%" under a percent format);
    strings go through ``parse_text`` whatever the format (Excel does not apply number
    formats to text). Never raises."""
    if raw is None:
        return Empty()
    if isinstance(raw, str):
        return _parse_text(raw)
    if isinstance(raw, bool):
        return Text("TRUE" if raw else "FALSE")
    if isinstance(raw, (int, float)):
        return _parse_number(raw, number_format)
    try:  # dates, Decimal ...: read as written
        text = str(raw)
    except Exception:  # an object whose str() fails: give it a name rather than raise
        return Text(object.__repr__(raw))
    return _parse_text(text)


def parse_text(text: str) -> Value:
    """The string path of ``parse_cell``: Empty, a Quantity, or Text(text.strip())."""
    if not isinstance(text, str):
        return parse_cell(text)
    return _parse_text(text)


# --------------------------------------------------------------------------- internals


def _clean(number: int | float) -> float | None:
    """Rounded to 10 decimals (0.96 * 100 -> 96.0), -0.0 -> 0.0; None if not a finite
    float (NaN, ±inf, an int too large for a float)."""
    try:
        value = float(round(number, 10))
    except (OverflowError, ValueError):
        return None
    if not math.isfinite(value):
        return None
    return value + 0.0


def _parse_number(raw: int | float, number_format: str) -> Value:
    # raw * 100 before float(): an int is scaled exactly, then rounded once.
    if is_percent_format(number_format):
        number, unit = _clean(raw * 100), "%"
    else:
        number, unit = _clean(raw), ""
    if number is None:  # NaN, ±inf, overflow: not a quantity a form can hold
        return Text(_safe_str(raw))
    return Quantity(number, unit)


def _safe_str(raw: object) -> str:
    try:
        return str(raw)
    except Exception:  # e.g. an int beyond Python's digit limit
        return object.__repr__(raw)


def _parse_text(text: str) -> Value:
    if len(text) <= _SHORT:
        return _parse_text_cached(text)
    return _parse_text_uncached(text)


@lru_cache(maxsize=16384)
def _parse_text_cached(text: str) -> Value:
    return _parse_text_uncached(text)


def _parse_text_uncached(text: str) -> Value:
    s = _normalize(text)
    if not s or _PLACEHOLDER.fullmatch(s):
        return Empty()
    q = _quantity(s)
    return q if q is not None else Text(text.strip())


def _normalize(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _WS.sub("", s)


def _quantity(s: str) -> Quantity | None:
    """The quantity a normalised, non-empty text spells, or None."""
    m = _NUMBER.search(s)
    if m is None:
        return None
    if "(" in s:
        s = _INCLUSIVE.sub("", s)
    if "m2" in s:
        s = _SQUARE_METRE.sub("平方米", s)
    numbers = _NUMBER.finditer(s)
    m = next(numbers, None)
    if m is None or next(numbers, None) is not None:  # none, or a range / date / code
        return None
    before, after = s[: m.start()], s[m.end():]

    # After the number: [unit] [suffix operator], nothing else.
    suffix_op = None
    if after:
        for word, name in _SUFFIX_OPS:
            if after.endswith(word):
                suffix_op, after = name, after[: -len(word)]
                break
        after = _UNIT_ALIASES.get(after, after)
        if after and after not in _UNIT_SET:
            return None

    # Before it: operators (symbols or words) at either end, the rest is the qualifier.
    prefix_op = None
    weak = False
    while before:
        for token, name in _PREFIX_OPS:
            if before.endswith(token):
                before = before[: -len(token)]
                break
            if before.startswith(token):
                before = before[len(token):]
                break
        else:
            break
        if token == _WEAK_WORD:
            weak = True
        elif prefix_op is None:
            prefix_op = name
        elif prefix_op != name:  # ≥ 不超过 ...: contradictory
            return None

    qualifier = before
    if qualifier and not _is_qualifier(qualifier, m.group()):
        return None

    op = _resolve(prefix_op, suffix_op, weak)
    if op is False:
        return None
    try:
        number = _clean(float(m.group().replace(",", "")))
    except ValueError:  # cannot happen for what _NUMBER matches; never raise all the same
        return None
    if number is None:  # a digit string too long for a float
        return None
    return Quantity(number, after, op, qualifier)


def operator(text: str | None) -> str | None:
    """The operator a 指标性质 cell states: "≥" / "≧" / ">=" / "不低于" -> ">="; "=" / "＝" / "﹦" /
    "═" -> "="; anything else (blank, 定性, 正向) -> None."""
    if not isinstance(text, str):
        return None
    s = _normalize(text)
    for token, name in _PREFIX_OPS:
        if s == token and token != _WEAK_WORD:
            return name
    return None


def split_target(op_text: str | None, value: Value, unit_text: str | None) -> Value:
    """One target from the three cells of a split target: 指标性质 | 指标值 | 度量单位.
    A number takes the unit and the operator; a number already carrying its own unit or
    operator, or a text (有效), stays as it was typed."""
    if not isinstance(value, Quantity):
        return value
    unit = value.unit
    if not unit and isinstance(unit_text, str):
        u = _normalize(unit_text)
        unit = _UNIT_ALIASES.get(u, u)
    return Quantity(value.number, unit, value.op or operator(op_text), value.qualifier)


def _resolve(prefix_op: str | None, suffix_op: str | None, weak: bool) -> str | None | bool:
    """One operator from what stood before and after the number; False if they disagree.

    A prefix and a suffix pointing the same way read as the prefix (高于90%以上 -> ">",
    不低于90%以上 -> ">="); pointing opposite ways the text is not a quantity. 控制在 only
    counts when nothing else gives an operator."""
    if prefix_op and suffix_op:
        return prefix_op if prefix_op[0] == suffix_op[0] else False
    return prefix_op or suffix_op or (_WEAK_OP if weak else None)


def _is_qualifier(words: str, number: str) -> bool:
    """At most MAX_QUALIFIER letters (每人每月, 达成预期指标), no digits, no stray symbols.
    A sign right after a Latin letter is a hyphen in a code (GB-2020, A-1), not a minus."""
    if len(words) > MAX_QUALIFIER:
        return False
    for ch in words:
        if not unicodedata.category(ch).startswith("L"):
            return False
    if number[0] in "+-" and words[-1].isascii():
        return False
    return True
