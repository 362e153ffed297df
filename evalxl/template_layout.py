"""Where every part of the blank 项目支出绩效自评表 lies (rows, columns, labels, colours),
and the values its formulas show, computed as Excel computes them.

    plan(profile, values=None) -> Plan
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from .a1 import address
from .findings import format_number
from .profile import Profile, ProfileError

TITLE = "项目支出绩效自评表"
SHEET_NAME = "项目支出绩效自评表"
NOTES_SHEET = "填表说明"
FILE_NAME = "项目支出绩效自评表.xlsx"
ROWS_PER_LEVEL2 = 2
PARTS = ("output", "benefit", "satisfaction")
FUNDS_ROWS = (
    ("total", "年度资金总额"),
    ("current", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
# Line breaks where the national form breaks its labels (the reader ignores them).
FUNDS_HEADS = ("年初预算数", "全年预算数\n（A）", "全年执行数\n（B）", "分值", "执行率\n（B/A）", "得分")
INDICATOR_HEADS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                   "偏差原因分析\n及改进措施")
# Column widths (characters) of A..I: every label on its lines at 10 pt 宋体 (a CJK
# character is 13 px, a width unit 7 px), and the form one A4 page wide at about 95%.
WIDTHS = (8, 10, 14, 18, 10, 10, 6, 8, 16)
NCOLS = len(WIDTHS)
# Fixed document properties: two builds of the same inputs give the same bytes.
CREATED = dt.datetime(2020, 2, 25, 0, 0, 0)  # 财预〔2020〕10号 was issued on 25 February 2020

FONT = "宋体"
INPUT_FILL = "#FFF2CC"  # pale yellow: cells the unit fills
DERIVED_FILL = "#F2F2F2"  # pale grey: computed, locked
HEADER_FILL = "#DDEBF7"
ERROR_FILL = "#FFC7CE"
ERROR_FONT = "#9C0006"

# Columns (1-based): A..I.
C_LABEL, C_L1, C_L2, C_NAME, C_TARGET, C_ACTUAL, C_WEIGHT, C_SCORE, C_EXPL = range(1, 10)
# The funds block: 年初预算数 in D … 得分 in I.
F_INITIAL, F_ANNUAL, F_EXECUTED, F_WEIGHT, F_RATE, F_SCORE = range(4, 10)


@dataclass
class IndicatorRow:
    row: int
    part: str
    level2: str
    slot: int  # 0, 1 … within its 二级
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """Rows of every part of the form (1-based, as Excel numbers them)."""

    title: int = 1
    year: int = 2
    name: int = 3
    department: int = 4
    funds_header: int = 5
    funds: dict[str, int] = field(default_factory=dict)  # kind -> row
    goal: int = 0  # the 预期目标 | 实际完成情况 label row; the texts are one row below
    indicator_header: int = 0
    indicators: list[IndicatorRow] = field(default_factory=list)
    level1: dict[str, tuple[int, int]] = field(default_factory=dict)  # part -> (first, last row)
    total: int = 0
    footer: int = 0

    @property
    def first_indicator(self) -> int:
        return self.indicators[0].row

    @property
    def last_indicator(self) -> int:
        return self.indicators[-1].row

    # Addresses a test or a writer may want.
    @property
    def rate_cell(self) -> str:
        return address(self.funds["total"], F_RATE)

    @property
    def funds_score_cell(self) -> str:
        return address(self.funds["total"], F_SCORE)

    @property
    def funds_weight_cell(self) -> str:
        return address(self.funds["total"], F_WEIGHT)

    @property
    def total_weight_cell(self) -> str:
        return address(self.total, C_WEIGHT)

    @property
    def total_score_cell(self) -> str:
        return address(self.total, C_SCORE)


# --------------------------------------------------------------------------- the plan


def level1_label(profile: Profile, part: str) -> str:
    """产出指标（50分）: the profile's first spelling of the part, with its weight."""
    if not profile.level1[part]:
        raise ProfileError(f"规则配置中「level1.{part}」为空，无法生成模板的一级指标")
    return f"{profile.level1[part][0]}\n（{format_number(profile.weights[part])}分）"


def plan(profile: Profile, values: Mapping[str, Any] | None = None) -> Plan:
    values = values or {}
    given = dict(values.get("indicators") or {})
    known = {l2 for part in PARTS for l2 in profile.level2[part]}
    unknown = [k for k in given if k not in known]
    if unknown:
        raise ValueError(f"values['indicators'] names 二级指标 the profile does not have: {unknown}")
    p = Plan()
    for i, (kind, _) in enumerate(FUNDS_ROWS):
        p.funds[kind] = p.funds_header + 1 + i
    p.goal = p.funds_header + len(FUNDS_ROWS) + 1
    p.indicator_header = p.goal + 2
    r = p.indicator_header + 1
    for part in PARTS:
        first = r
        for level2 in profile.level2[part] or ("",):
            rows = list(given.get(level2, ()))
            for slot in range(max(ROWS_PER_LEVEL2, len(rows))):
                p.indicators.append(IndicatorRow(r, part, level2, slot, rows[slot] if slot < len(rows) else {}))
                r += 1
        p.level1[part] = (first, r - 1)
    p.total = r
    p.footer = r + 1
    return p


# --------------------------------------------------------------------------- cached values


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def rate_of(initial: Any, annual: Any, executed: Any) -> float | None:
    """What the 执行率 formula computes: None where it shows blank."""
    ex, a, i = _number(executed), _number(annual), _number(initial)
    if executed is None or executed == "":
        return None
    if annual is not None and annual != "":
        return ex / a if ex is not None and a is not None and a > 0 else None
    return ex / i if ex is not None and i is not None and i > 0 else None


def cached_number(x: float | None) -> float | int | None:
    """A cached number as Excel stores it: 9 rather than 9.0."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 1e15 else x


def excel_sum(items) -> float | int:
    """SUM as Excel computes it: numbers only, text and blanks skipped."""
    return cached_number(sum(x for x in (_number(v) for v in items) if x is not None))
