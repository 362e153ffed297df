"""Writing the template with xlsxwriter: the workbook's formats, cells and merges, and row
heights from the text each row holds (wrapped at the column widths).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from .a1 import address
from .template_layout import DERIVED_FILL, FONT, HEADER_FILL, INPUT_FILL, WIDTHS


class FormStyles:
    """Every format of the workbook, made once (xlsxwriter keeps them per workbook)."""

    def __init__(self, book):
        self.book = book
        self.cache: dict[tuple, Any] = {}

    def __call__(self, **props) -> Any:
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "text_wrap": True}
        base.update(props)
        key = tuple(sorted(base.items()))
        if key not in self.cache:
            self.cache[key] = self.book.add_format(base)
        return self.cache[key]

    def label(self, **kw):
        return self(**{"border": 1, "align": "center", **kw})

    def head(self, **kw):
        return self(**{"border": 1, "align": "center", "bold": True, "bg_color": HEADER_FILL, **kw})

    def input(self, **kw):
        if kw.setdefault("align", "left") == "left":
            kw.setdefault("indent", 1)
        return self(border=1, locked=False, bg_color=INPUT_FILL, **kw)

    def number_input(self, **kw):
        return self.input(**{"align": "center", **kw})

    def derived(self, **kw):
        return self(**{"border": 1, "align": "center", "bg_color": DERIVED_FILL, **kw})


def wrapped_lines(text: str, width: float, size: float = 10) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (Excel's
    unit: 7 px a character plus 5 px padding), at ``size`` points: a CJK character is
    about one em wide, a Latin one about half."""
    usable = max(1.0, width * 7.0)  # the column's pixels less about 5 px of cell padding
    em = size * 96 / 72
    n = 0
    for seg in str(text).split("\n"):
        px = sum(em if ord(ch) > 0x2E7F else em * 0.55 for ch in seg)
        n += max(1, math.ceil(px / usable))
    return n


def fit_level2(label: str, width: float) -> str:
    """A 二级 label too long for its column breaks before its last word 指标, as the
    national form prints it (服务对象满意度 / 指标), rather than wherever it overflows."""
    if wrapped_lines(label, width) > 1 and label.endswith("指标") and len(label) > 2:
        return label[:-2] + "\n指标"
    return label


def row_height(lines: int, size: float = 10) -> float:
    """Row height (points) for ``lines`` lines of text at ``size`` points."""
    return lines * size * 1.4 + 7


class FormSheet:
    """Writes cells and merges and remembers the text of each row for its height."""

    def __init__(self, ws):
        self.ws = ws
        self.texts: list[tuple[int, int, int, int, str, float]] = []

    def put(self, r: int, c: int, value: Any, fmt, end: tuple[int, int] | None = None, size: float = 10) -> None:
        r2, c2 = end or (r, c)
        if (r2, c2) != (r, c):
            self.ws.merge_range(r - 1, c - 1, r2 - 1, c2 - 1, "", fmt)
        if value is None or value == "":
            self.ws.write_blank(r - 1, c - 1, None, fmt)
        elif isinstance(value, (dt.date, dt.datetime)):
            self.ws.write_datetime(r - 1, c - 1, value, fmt)
        elif isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise TypeError(f"cannot write {value!r} at {address(r, c)}")
        elif isinstance(value, str):
            self.ws.write_string(r - 1, c - 1, value, fmt)
            self.texts.append((r, c, r2, c2, value, size))
        else:
            self.ws.write_number(r - 1, c - 1, value, fmt)

    def formula(self, r: int, c: int, text: str, cached: Any, fmt) -> None:
        self.ws.write_formula(r - 1, c - 1, text, fmt, "" if cached is None else cached)

    def heights(self, rows: range, minimum: dict[int, float], default: float) -> None:
        """Heights of ``rows`` from the text each row holds, wrapped at the column widths;
        no row lower than ``minimum`` gives, or than ``default``."""
        heights: dict[int, float] = {r: minimum.get(r, default) for r in rows}

        def need(text, c1, c2, size):
            # A merge is as wide as its columns together (Excel units add up, padding too).
            width = sum(WIDTHS[c - 1] for c in range(c1, c2 + 1)) + (c2 - c1) * 5 / 7
            return row_height(wrapped_lines(text, width, size), size)

        for r1, c1, r2, c2, text, size in self.texts:
            if r1 == r2:
                heights[r1] = max(heights.get(r1, default), need(text, c1, c2, size))
        for r1, c1, r2, c2, text, size in self.texts:
            if r1 == r2:
                continue
            have = sum(heights.get(r, default) for r in range(r1, r2 + 1))
            want = need(text, c1, c2, size)
            if want > have:
                extra = (want - have) / (r2 - r1 + 1)
                for r in range(r1, r2 + 1):
                    heights[r] = heights.get(r, default) + extra
        for r, h in sorted(heights.items()):
            self.ws.set_row(r - 1, round(h, 1))
