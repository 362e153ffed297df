"""Bonus clauses of a printed rule text: how many points above the 分值 it allows.

    bonus_points(text) -> float | None     None: no bonus; math.inf: a bonus without a number
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from .rule_text import normalize

# 「加2分」「额外加 3 分」「最高加5分」「最多可加2分」「加分不超过3分」「酌情加分」; not 「不加分」
# 「不予加分」「不得加分」 (超额完成不加分 is the opposite of a bonus).
_BONUS = re.compile(r"(?P<neg>不予|不得|不再|不|无|没有)?(?:可|另|额外|再|最高|最多|酌情|适当|给予|予以)*加"
                    r"(?:(?P<pts>\d+(?:\.\d+)?)分|分(?:(?:不超过|不高于|最高|最多|上限|以)(?P<cap>\d+(?:\.\d+)?)分)?)")


def bonus_points(text: str | None) -> float | None:
    """The points a printed rule text (评价标准 / 评分标准) allows above the 分值: the largest
    number its bonus clauses name (加2分, 最高加5分, 加分不超过3分), ``math.inf`` for a
    clause without a number (酌情加分), None when it grants no bonus (also 超额完成不加分)."""
    if not text:
        return None
    return _bonus_points(str(text))


@lru_cache(maxsize=8192)
def _bonus_points(text: str) -> float | None:
    s = normalize(text)
    best: float | None = None
    for m in _BONUS.finditer(s):
        if m.group("neg"):
            continue
        pts = m.group("pts") or m.group("cap")
        value = float(pts) if pts else math.inf
        best = value if best is None else max(best, value)
    return best
