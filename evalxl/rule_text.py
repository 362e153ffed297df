"""Rule text (评价标准 / 评分标准) read one way: NFKC, no whitespace, operators and
「一个百分点」 spelled one way; cut into clauses; numbers shown with 2 decimals at most.
Shared by the rule shapes (evalxl.criteria) and the bonus clauses (evalxl.bonus).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .scoring import round_half_up

_CN_DIGITS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
              "九": "9", "十": "10", "半": "0.5"}
_OPS = {"≦": "<=", "≤": "<=", "⩽": "<=", "≧": ">=", "≥": ">=", "⩾": ">=", "《": "<", "》": ">"}


def fmt(x: float) -> str:
    """2 decimals at most, no trailing zeros: 139.58, 19.79, 0, 5."""
    x = round_half_up(float(x), 2)
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_WS = re.compile(r"\s+")
_DASHES = re.compile(r"[~～—–]+")
_INCLUSIVE = re.compile(r"\((?:包)?含(?:本数)?\)")
_CN_POINTS = re.compile(r"([一二两三四五六七八九十半])个百分点")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)个百分点")
_CLAUSE_END = re.compile(r"[;。\n\r]+")


# Pure str -> str, called for the same few rule texts on every row of every table: memoised.
@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """NFKC, no whitespace, operators and 「一个百分点」 spelled one way."""
    s = unicodedata.normalize("NFKC", text or "")
    s = _WS.sub("", s)
    for a, b in _OPS.items():
        s = s.replace(a, b)
    s = _DASHES.sub("-", s)
    s = _INCLUSIVE.sub("(含)", s)
    s = _CN_POINTS.sub(lambda m: _CN_DIGITS[m.group(1)] + "%", s)
    s = _POINTS.sub(r"\1%", s)
    return s


def clauses(text: str) -> list[str]:
    """The rule text cut at ；。 and line breaks, each clause normalized."""
    return list(_clauses(text or ""))


@lru_cache(maxsize=4096)
def _clauses(text: str) -> tuple[str, ...]:
    parts = _CLAUSE_END.split(unicodedata.normalize("NFKC", text))
    return tuple(c for c in (normalize(p).strip(",") for p in parts) if c)
