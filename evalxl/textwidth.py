"""How wide a text shows in a terminal or a spreadsheet column: a CJK (wide or fullwidth)
character counts double. One measure for the console, the 审核意见 sheet, notes and the
汇总表."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any


class _CharWidths(dict):
    """Each character's width (2 for East Asian wide or fullwidth), looked up once: summing
    a text's lookups runs at the speed of a dict, not of a call per character."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_CHAR_WIDTH = _CharWidths().__getitem__


@lru_cache(maxsize=8192)
def display_width(line: str) -> int:
    # the same texts come back (a column's width, then each row's height; 指标 names, rules)
    if line.isascii():
        return len(line)
    return sum(map(_CHAR_WIDTH, line))


def text_width(text: Any) -> int:
    """Display width of a cell's text: that of its line with the most characters (not
    always its widest line: 「甲乙丙\nabcd」 measures 4)."""
    return _text_width(text if type(text) is str else "" if text is None else str(text))


@lru_cache(maxsize=16384)
def _text_width(s: str) -> int:
    # by the text itself (True and 1 would share a key): a file's or a unit's name comes back
    # on every row of the 汇总表, a column's width then each row's height measure it again
    return display_width(max(s.split("\n"), key=len, default=""))
