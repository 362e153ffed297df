"""How wide a text shows (textwidth.py): a wide or fullwidth character counts 2, any other 1;
a cell's text is as wide as its widest line. Each character's width is looked up once and
then summed from a table: the table must give what unicodedata says, character by character."""

from __future__ import annotations

import unicodedata

from evalxl.textwidth import display_width, text_width


def test_hand_worked_widths():
    assert display_width("项目A") == 5  # 2 + 2 + 1
    assert display_width("ＡＢ") == 4  # fullwidth (F): 2 + 2
    assert display_width("ｶﾀ") == 2  # halfwidth katakana (H): 1 + 1
    assert display_width("½°") == 2  # ambiguous (A): 1 + 1
    assert display_width("한글") == 4  # Hangul (W): 2 + 2
    assert display_width("abc") == 3
    assert text_width("甲乙\nabcde") == 5  # the lines are 4 and 5 wide: the widest
    assert text_width(None) == 0 and text_width(12.5) == 4  # "12.5"


def test_the_table_gives_unicodedatas_width_for_every_character_of_the_planes_in_use():
    # the BMP and the CJK extension planes, each character in a text of its own and all in one
    chars = [chr(c) for c in range(0x80, 0x2FFFF, 7) if not 0xD800 <= c <= 0xDFFF]
    by_unicodedata = [2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in chars]
    assert [display_width("a" + ch) - 1 for ch in chars] == by_unicodedata
    assert display_width("".join(chars)) == sum(by_unicodedata)
    assert 1 in by_unicodedata and 2 in by_unicodedata
