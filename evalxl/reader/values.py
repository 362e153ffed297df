"""One cell -> one typed value: Empty, Text or Quantity (number, unit, operator, qualifier).

    parse_cell(0.96, "0%")        -> Quantity(96.0, "%")
    parse_cell("≤15万元")         -> Quantity(15.0, "万元", "<=")
    parse_cell("控制在3个工作日以内") -> Quantity(3.0, "个工作日", "<=")
    parse_cell("每人每月100元")    -> Quantity(100.0, "元", None, "每人每月")
    parse_cell("达成预期指标")     -> Text("达成预期指标")
    parse_cell("—")               -> Empty()

Text is matched after NFKC (full-width digits and signs become half-width) with every
space, line break and zero-width character removed; Text keeps what the user typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import Empty, Quantity, Text, Value

# Units a number may carry, longest first so 人次 wins over 人 and 个工作日 over 工作日.
UNITS = tuple(sorted((
    "%", "‰", "次", "人", "人次", "万人", "万人次", "户", "万户", "万元", "元", "亿元", "千元",
    "天", "日", "工作日", "个工作日", "个月", "月", "年", "小时", "分钟", "个", "份", "家", "件",
    "项", "台", "套", "所", "场", "期", "批", "批次", "张", "本", "册", "万册", "篇", "条", "名",
    "座", "辆", "处", "类", "种", "公里", "千米", "米", "平方米", "吨", "亩", "分",
    "元/人", "元/人/月", "元/月", "元/人·年", "元/人/年", "人/天", "次/年", "次/月",
), key=len, reverse=True))

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WS = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"^(?:[-－–—_/／\\]+|[.。…·]+)$")
_INCLUSIVE = re.compile(r"\((?:含|包含)\)")

# Operators written as symbols (after NFKC: ＞ -> >, ＜ -> <).
_SYMBOL_OPS = (("≥", ">="), ("≧", ">="), (">=", ">="), ("=>", ">="), ("≤", "<="), ("≦", "<="),
               ("<=", "<="), ("=<", "<="), (">", ">"), ("》", ">"), ("<", "<"), ("《", "<"))
# Operators written as words before the number.
_PREFIX_WORDS = (("大于等于", ">="), ("大于或等于", ">="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
                 ("至少", ">="), ("小于等于", "<="), ("小于或等于", "<="), ("不高于", "<="), ("不超过", "<="),
                 ("不大于", "<="), ("不多于", "<="), ("最多", "<="), ("至多", "<="), ("控制在", "<="),
                 ("高于", ">"), ("大于", ">"), ("超过", ">"), ("多于", ">"), ("低于", "<"), ("小于", "<"),
                 ("少于", "<"))
# ... and after it.
_SUFFIX_WORDS = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="))

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")
_PERCENT_IN_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|(%)')

MAX_QUALIFIER = 8


def is_percent_format(code: str) -> bool:
    """A number format that shows a number ×100 with a % sign. A % inside quotes, after a
    backslash or inside [...] is a literal character and does not scale (Excel's rule)."""
    if not code or "%" not in code:
        return False
    section = code.split(";", 1)[0]
    return any(m.group(1) for m in _PERCENT_IN_FORMAT.finditer(section))


def _clean(number: float) -> float:
    return round(float(number), 10) + 0.0  # + 0.0 turns -0.0 into 0.0


def parse_cell(raw, number_format: str = "General") -> Value:
    if raw is None:
        return Empty()
    if isinstance(raw, bool):
        return Text("TRUE" if raw else "FALSE")
    if isinstance(raw, (int, float)):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Text(str(raw))
        if is_percent_format(number_format):
            return Quantity(_clean(raw * 100), "%")
        return Quantity(_clean(raw))
    return parse_text(str(raw))


def _normalize(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).replace("\u2212", "-")
    return _WS.sub("", s)


@lru_cache(maxsize=32768)
def parse_text(text: str) -> Value:
    s = _normalize(text)
    if not s or _PLACEHOLDER.match(s):
        return Empty()
    q = _quantity(s)
    return q if q is not None else Text(text.strip())


def _quantity(s: str) -> Quantity | None:
    s = _INCLUSIVE.sub("", s)
    if s.endswith(("m2", "m²")):  # NFKC spells ㎡ "m2": its digit is not a second number
        s = s[:-2] + "平方米"
    op = None
    for sym, name in _SYMBOL_OPS:
        if s.startswith(sym):
            op, s = name, s[len(sym):]
            break
    for word, name in _SUFFIX_WORDS:
        if s.endswith(word):
            if op is not None and op != name:
                return None
            op, s = name, s[: -len(word)]
            break
    numbers = list(_NUMBER.finditer(s))
    if len(numbers) != 1:
        return None
    m = numbers[0]
    before, after = s[: m.start()], s[m.end():]
    if after:
        unit = next((u for u in UNITS if after == u), None)
        if unit is None:
            return None
    else:
        unit = ""
    if before:
        for word, name in _PREFIX_WORDS:
            if before.startswith(word):
                if op is not None and op != name and not (word == "控制在" and op == "<="):
                    return None
                op, before = name, before[len(word):]
                break
        if before and (len(before) > MAX_QUALIFIER or any(ch.isdigit() for ch in before) or not _is_words(before)):
            return None
    try:
        number = float(m.group().replace(",", ""))
    except ValueError:
        return None
    return Quantity(_clean(number), unit, op, before)


def _is_words(text: str) -> bool:
    """A qualifier is words (每人每月, 达成预期指标), not stray symbols."""
    return all(unicodedata.category(ch)[0] == "L" for ch in text)
