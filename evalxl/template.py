"""The blank 项目支出绩效自评表 (issue 8): the national layout of SPEC §2, built with
xlsxwriter from a Profile and a year.

    build(profile, year, values=None) -> bytes       the workbook, byte-identical per input
    plan(profile, values=None) -> Plan               where every part of the form lies

Every number and word of the rules comes from the profile: the weights (funds 分值, the
一级 labels 产出指标（50分）…, the bounds of the data validation), the 一级 and 二级 names,
and the scoring rules the second sheet 填表说明 explains (bands, direction words,
rounding, grades).

Sheet 1, columns A..I, as the national form (财预〔2020〕10号 附件):

    title; （2025年度）; 项目名称; 主管部门 | 实施单位;
    项目资金（万元） merged down beside 年初预算数 | 全年预算数（A） | 全年执行数（B） | 分值 |
        执行率（B/A） | 得分, rows 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金;
    年度总体目标: 预期目标 | 实际完成情况;
    绩效指标 merged down beside 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 |
        得分 | 偏差原因分析及改进措施, ROWS_PER_LEVEL2 rows under every 二级 (指标1：, 指标2：);
    总分; 填报人 / 联系电话 / 填报日期.

Formulas (each written with the value Excel would compute, so a reader that does not
recalculate sees it too; "" where the formula shows blank):

    执行率   =IF(F6="","",IF(E6<>"",IF(E6>0,F6/E6,""),IF(D6>0,F6/D6,"")))
             B ÷ 全年预算数, or ÷ 年初预算数 where 全年预算数 is blank (SPEC §3.1); blank, never
             #DIV/0!, while an amount is missing or the budget is 0.
    资金得分 =IF(H6="","",ROUND(MIN(H6,1)*G6,2))       min(执行率, 100%) × 分值, 2 decimals
    总分分值 =SUM(G6,G12:G30)     总分得分 =SUM(I6,H12:H30)

The SUM ranges run from the indicator header row (text, which SUM skips) to the last
indicator row, so a row a unit inserts anywhere inside the 绩效指标 block, also right under
its header, is inside the range and counted.

Input cells are shaded and unlocked; labels and derived cells are locked; the sheet is
protected without a password (rows may still be inserted, deleted and resized). Data
validation: amounts ≥ 0; 分值 between 0 and the total weight; 得分 between 0 and the
total weight and not above its row's 分值. A4 portrait, one page wide.

``values`` fills the form (for tests and examples); its shape is documented at
``build``. Without it every input cell is blank.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from .a1 import address, col_letter
from .findings import format_number
from .profile import Profile, ProfileError
from . import scoring

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


def _stored(x: float | None) -> float | int | None:
    """A cached number as Excel stores it: 9 rather than 9.0."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 1e15 else x


def _excel_sum(items) -> float | int:
    """SUM as Excel computes it: numbers only, text and blanks skipped."""
    return _stored(sum(x for x in (_number(v) for v in items) if x is not None))


# --------------------------------------------------------------------------- the workbook


class _Styles:
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


def _lines(text: str, width: float, size: float = 10) -> int:
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


def _fit(label: str, width: float) -> str:
    """A 二级 label too long for its column breaks before its last word 指标, as the
    national form prints it (服务对象满意度 / 指标), rather than wherever it overflows."""
    if _lines(label, width) > 1 and label.endswith("指标") and len(label) > 2:
        return label[:-2] + "\n指标"
    return label


def _height(lines: int, size: float = 10) -> float:
    """Row height (points) for ``lines`` lines of text at ``size`` points."""
    return lines * size * 1.4 + 7


class _Sheet:
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
            return _height(_lines(text, width, size), size)

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


def build(profile: Profile, year: int, values: Mapping[str, Any] | None = None) -> bytes:
    """The workbook as bytes. A pure function of its inputs.

    ``values`` (all keys optional; amounts and scores as numbers, targets as typed):

        {"name": "…", "department": "…", "unit": "…",
         "funds": {"total": (年初预算数, 全年预算数, 全年执行数), "current": (…), "carryover": (…),
                   "other": (…)},
         "goal": ("预期目标", "实际完成情况"),
         "indicators": {"数量指标": [{"name": "…", "target": "≥96%", "actual": "97%",
                                      "weight": 10, "score": 10, "explanation": ""}, …], …},
         "filler": "…", "phone": "…", "date": datetime.date(…)}

    A 二级 given more rows than ROWS_PER_LEVEL2 gets as many rows as it is given.
    """
    import xlsxwriter

    values = values or {}
    p = plan(profile, values)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {
        "in_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    })
    book.set_properties({
        "title": f"{TITLE}（{year}年度）",
        "subject": "项目支出绩效自评表（财预〔2020〕10号 附件格式）",
        "author": "evalxl",
        "company": "",
        "keywords": "项目支出绩效自评表, 绩效自评, evalxl",
        "comments": f"由 evalxl template 生成；评分规则：{profile.title}",
        "created": CREATED,
    })
    s = _Styles(book)
    ws = book.add_worksheet(SHEET_NAME)
    sh = _Sheet(ws)
    _write_form(sh, s, p, profile, year, values)
    _write_notes(book, s, profile, p)
    ws.activate()
    book.close()
    return buf.getvalue()


def _write_form(sh: _Sheet, s: _Styles, p: Plan, profile: Profile, year: int, values: Mapping[str, Any]) -> None:
    ws = sh.ws
    for i, w in enumerate(WIDTHS):
        ws.set_column(i, i, w)
    total_weight = profile.weights["total"]
    funds_weight = profile.weights["funds"]

    # Title, year, project fields.
    sh.put(p.title, 1, TITLE, s(bold=True, font_size=18, align="center"), (p.title, NCOLS), size=18)
    sh.put(p.year, 1, f"（{year}年度）", s(align="center", font_size=11), (p.year, NCOLS), size=11)
    sh.put(p.name, 1, "项目名称", s.label(), (p.name, 2))
    sh.put(p.name, 3, values.get("name"), s.input(), (p.name, NCOLS))
    sh.put(p.department, 1, "主管部门", s.label(), (p.department, 2))
    sh.put(p.department, 3, values.get("department"), s.input(), (p.department, 5))
    sh.put(p.department, 6, "实施单位", s.label(), (p.department, 7))
    sh.put(p.department, 8, values.get("unit"), s.input(), (p.department, NCOLS))

    # 项目资金（万元）.
    fh = p.funds_header
    sh.put(fh, 1, "项目资金\n（万元）", s.label(), (fh + len(FUNDS_ROWS), 1))
    sh.put(fh, 2, None, s.head(), (fh, 3))
    for i, head in enumerate(FUNDS_HEADS):
        sh.put(fh, F_INITIAL + i, head, s.head())
    money = s.number_input(num_format="#,##0.00")
    funds_values = values.get("funds") or {}
    for kind, label in FUNDS_ROWS:
        r = p.funds[kind]
        sh.put(r, 2, label, s.label(align="left", indent=1), (r, 3))
        amounts = list(funds_values.get(kind) or ()) + [None] * 3
        for j in range(3):
            sh.put(r, F_INITIAL + j, amounts[j], money)
        if kind != "total":
            for c in (F_WEIGHT, F_RATE, F_SCORE):
                sh.put(r, c, "—", s.label())
    fr = p.funds["total"]
    D, E, F, G, H = (f"{col_letter(c)}{fr}" for c in (F_INITIAL, F_ANNUAL, F_EXECUTED, F_WEIGHT, F_RATE))
    sh.put(fr, F_WEIGHT, funds_weight, s.label())
    amounts = list(funds_values.get("total") or ()) + [None] * 3
    rate = rate_of(*amounts[:3])
    sh.formula(fr, F_RATE, f'=IF({F}="","",IF({E}<>"",IF({E}>0,{F}/{E},""),IF({D}>0,{F}/{D},"")))', _stored(rate),
               s.derived(num_format="0.00%"))
    funds_score = None
    if rate is not None:
        funds_score = scoring.round_half_up(min(rate, 1.0) * funds_weight, profile.decimals)
    sh.formula(fr, F_SCORE, f'=IF({H}="","",ROUND(MIN({H},1)*{G},{profile.decimals}))', _stored(funds_score),
               s.derived())
    last_funds = p.funds[FUNDS_ROWS[-1][0]]
    ws.data_validation(fr - 1, F_INITIAL - 1, last_funds - 1, F_EXECUTED - 1, {
        "validate": "decimal", "criteria": ">=", "value": 0,
        "input_title": "金额（万元）",
        "input_message": "填写金额，单位为万元，不小于 0。\n当年财政拨款 + 上年结转资金 + 其他资金 应等于年度资金总额。",
        "error_title": "金额有误",
        "error_message": "金额应为不小于 0 的数字，单位为万元。",
    })

    # 年度总体目标.
    g = p.goal
    goal = list(values.get("goal") or ()) + [None, None]
    sh.put(g, 1, "年度总体\n目标", s.label(), (g + 1, 1))
    sh.put(g, 2, "预期目标", s.head(), (g, 5))
    sh.put(g, 6, "实际完成情况", s.head(), (g, NCOLS))
    sh.put(g + 1, 2, goal[0], s.input(valign="top"), (g + 1, 5))
    sh.put(g + 1, 6, goal[1], s.input(valign="top"), (g + 1, NCOLS))

    # 绩效指标.
    hr = p.indicator_header
    first, last = p.first_indicator, p.last_indicator
    sh.put(hr, 1, "绩效指标", s.label(), (last, 1))
    for i, head in enumerate(INDICATOR_HEADS):
        sh.put(hr, C_L1 + i, head, s.head())
    for part in PARTS:
        r1, r2 = p.level1[part]
        sh.put(r1, C_L1, level1_label(profile, part), s.label(), (r2, C_L1))
    groups: dict[tuple[str, str], list[IndicatorRow]] = {}
    for ind in p.indicators:
        groups.setdefault((ind.part, ind.level2), []).append(ind)
    for (part, level2), rows in groups.items():
        sh.put(rows[0].row, C_L2, _fit(level2, WIDTHS[C_L2 - 1]) or None, s.label(), (rows[-1].row, C_L2))
    weights, scores = [], []
    for ind in p.indicators:
        v = ind.values
        r = ind.row
        sh.put(r, C_NAME, v.get("name", f"指标{ind.slot + 1}："), s.input())
        sh.put(r, C_TARGET, v.get("target"), s.number_input())
        sh.put(r, C_ACTUAL, v.get("actual"), s.number_input())
        sh.put(r, C_WEIGHT, v.get("weight"), s.number_input())
        sh.put(r, C_SCORE, v.get("score"), s.number_input())
        sh.put(r, C_EXPL, v.get("explanation"), s.input())
        weights.append(v.get("weight"))
        scores.append(v.get("score"))
    total = format_number(total_weight)
    wcol, scol = col_letter(C_WEIGHT), col_letter(C_SCORE)
    ws.data_validation(first - 1, C_WEIGHT - 1, last - 1, C_WEIGHT - 1, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": _stored(total_weight),
        "input_title": "分值",
        "input_message": f"填写本指标的分值：0 至 {total} 之间的数字。\n"
                         f"同一一级指标下各指标分值之和应等于一级指标标注的分值。",
        "error_title": "分值有误",
        "error_message": f"分值应为 0 至 {total} 之间的数字。",
    })
    w0, s0 = f"{wcol}{first}", f"{scol}{first}"
    ws.data_validation(first - 1, C_SCORE - 1, last - 1, C_SCORE - 1, {
        "validate": "custom",
        "value": f"=AND(ISNUMBER({s0}),{s0}>=0,{s0}<={total},OR(NOT(ISNUMBER({w0})),{s0}<={w0}))",
        "input_title": "得分",
        "input_message": f"填写本指标的得分：0 至 {total} 之间的数字，且不超过本行分值。\n"
                         f"达到年度指标值记满分；未达到的按比例计分，并填写偏差原因分析及改进措施。",
        "error_title": "得分有误",
        "error_message": f"得分应为 0 至 {total} 之间的数字，且不超过本行的分值。",
    })
    ws.conditional_format(first - 1, C_SCORE - 1, last - 1, C_SCORE - 1, {
        "type": "formula",
        "criteria": f"=AND(ISNUMBER({s0}),ISNUMBER({w0}),{s0}>{w0})",
        "format": s.book.add_format({"bg_color": ERROR_FILL, "font_color": ERROR_FONT}),
    })

    # 总分: SUM over the whole indicator block, header row included (see the module doc).
    t = p.total
    sh.put(t, 1, "总分", s.label(bold=True), (t, C_ACTUAL))
    block_w = f"{wcol}{hr}:{wcol}{last}"
    block_s = f"{scol}{hr}:{scol}{last}"
    sh.formula(t, C_WEIGHT, f"=SUM({G},{block_w})", _excel_sum([funds_weight, *weights]), s.derived(bold=True))
    sh.formula(t, C_SCORE, f"=SUM({address(fr, F_SCORE)},{block_s})", _excel_sum([funds_score, *scores]),
               s.derived(bold=True))
    sh.put(t, C_EXPL, None, s.label())
    tw = f"${wcol}${t}"
    ws.conditional_format(t - 1, C_WEIGHT - 1, t - 1, C_WEIGHT - 1, {
        "type": "formula",
        "criteria": f"=AND(COUNT(${wcol}${first}:${wcol}${last})>0,ABS({tw}-{total})>0.000001)",
        "format": s.book.add_format({"bg_color": ERROR_FILL, "font_color": ERROR_FONT}),
    })

    # 填报人 / 联系电话 / 填报日期.
    f = p.footer
    right = s(align="right")
    line = s(align="left", bottom=1, locked=False, bg_color=INPUT_FILL)
    sh.put(f, 1, "填报人：", right, (f, 2))
    sh.put(f, 3, values.get("filler"), line)
    sh.put(f, 4, "联系电话：", right)
    sh.put(f, 5, values.get("phone"), line, (f, 6))
    sh.put(f, 7, "填报日期：", right, (f, 8))
    sh.put(f, 9, values.get("date"), s(align="left", bottom=1, locked=False, bg_color=INPUT_FILL,
                                         num_format='yyyy"年"m"月"d"日"'))

    # Heights: a form's rows, never cramped; text rows as tall as their text.
    minimum = {p.title: 36, p.year: 22, p.goal + 1: 72, t: 26, f: 30}
    sh.heights(range(p.title, p.footer + 1), minimum, default=24)

    # Print: A4 portrait, one page wide, centred; the whole form is the print area.
    ws.set_paper(9)
    ws.set_portrait()
    ws.set_margins(left=0.45, right=0.45, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.print_area(0, 0, f - 1, NCOLS - 1)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.hide_gridlines(2)
    ws.protect("", {
        "format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True,
        "select_locked_cells": True, "select_unlocked_cells": True,
    })


# --------------------------------------------------------------------------- 填表说明


def _pct(x: float) -> str:
    return f"{format_number(x * 100)}%"


def notes_lines(profile: Profile, p: Plan | None = None) -> list[str]:
    """The scoring rules of the profile in plain Chinese, one paragraph per item."""
    w = {k: format_number(v) for k, v in profile.weights.items()}
    l1 = {part: level1_label(profile, part).split("\n")[0] for part in PARTS}
    p = p or plan(profile)
    fr = p.funds["total"]
    bands = sorted(profile.bands, key=lambda b: -b.high)
    band_text = []
    for i, b in enumerate(bands):
        if b.low <= 0:
            band_text.append(f"{b.name}：得分为分值的 {_pct(b.high)} 以下")
        elif i == 0:
            band_text.append(f"{b.name}：得分为分值的 {_pct(b.low)}（含）至 {_pct(b.high)}")
        else:
            band_text.append(f"{b.name}：得分为分值的 {_pct(b.low)}（含）至 {_pct(b.high)}（不含）")
    grades = []
    for i, g in enumerate(profile.grades):
        if i == 0:
            grades.append(f"{g.name}：{format_number(g.min)} 分及以上")
        elif g.min <= 0:
            grades.append(f"{g.name}：{format_number(profile.grades[i - 1].min)} 分以下")
        else:
            grades.append(f"{g.name}：{format_number(g.min)} 分（含）至 {format_number(profile.grades[i - 1].min)} 分")
    neg_l2 = "、".join(profile.negative_level2)
    neg_kw = "、".join(profile.negative_keywords)
    partial = "、".join(f"{x}X" for x in profile.partial_prefixes)
    partial_words = "、".join(profile.partial_words)
    failed = "、".join(f"{x}X" for x in profile.failed_prefixes)
    failed_words = "、".join(profile.failed_words)
    accept = "或".join(f"{d} 位" for d in profile.accept_decimals)
    decimals = profile.decimals
    l2 = {part: "、".join(profile.level2[part]) for part in PARTS}
    lines = [
        f"本表为项目支出绩效自评表（财政部《项目支出绩效评价管理办法》，财预〔2020〕10号，附件格式），"
        f"每个项目填写一张。评分规则：{profile.title}。",
        "浅黄色底纹的单元格由填报单位填写；灰色底纹的单元格（执行率、资金得分、总分）由公式自动计算，"
        "其余单元格为表格标签，均已锁定。工作表保护未设密码，确需修改格式时可在「审阅」中撤销工作表保护。",
        f"分值：预算执行率 {w['funds']} 分，{l1['output']} {w['output']} 分，{l1['benefit']} {w['benefit']} 分，"
        f"{l1['satisfaction']} {w['satisfaction']} 分，合计 {w['total']} 分。同一一级指标下各三级指标的分值之和"
        f"应等于一级指标标注的分值；资金分值与全部指标分值合计应等于 {w['total']} 分（总分行的分值自动合计，"
        f"不等于 {w['total']} 时显示为红色）。",
        f"二级指标：{l1['output']}分为{l2['output']}；{l1['benefit']}分为{l2['benefit']}；"
        f"{l1['satisfaction']}为{l2['satisfaction']}。每个二级指标下预留了 {ROWS_PER_LEVEL2} 行（指标1：、指标2：），"
        f"在「指标N：」处填写三级指标名称；不用的行留空即可。",
        "需要更多指标行时，选中该二级指标的第二行，右键「插入」整行：新行在本部分之内，总分公式会自动计入新行的分值和得分。"
        "请勿在总分行的正上方插入行。",
        "项目资金：金额单位为万元，填写不小于 0 的数字。当年财政拨款 + 上年结转资金 + 其他资金 应等于年度资金总额"
        "（年初预算数、全年预算数、全年执行数各列分别相等）。",
        f"执行率 = 全年执行数（B）÷ 全年预算数（A），未填全年预算数时用年初预算数，自动计算（{address(fr, F_RATE)}）。"
        f"资金得分 = 执行率 × 分值 {w['funds']}，执行率超过 100% 的按 100% 计，保留 {decimals} 位小数，"
        f"自动计算（{address(fr, F_SCORE)}）。",
        "定量指标（年度指标值和实际完成值都是数值，单位一致）：达到年度指标值的记满分；未达到的，"
        "越大越好的指标得分 = 实际完成值 ÷ 年度指标值 × 分值，越小越好的指标得分 = 年度指标值 ÷ 实际完成值 × 分值；"
        "超额完成不加分，得分不超过分值。",
        "越大越好还是越小越好：先看年度指标值中的符号，≥、＞、不低于、不少于、以上等为越大越好，≤、＜、不高于、"
        f"不超过、以内等为越小越好；没有符号时，{neg_l2}以及名称含「{neg_kw}」的指标越小越好，其余越大越好。",
        f"定性指标（文字）按三档记分。{'；'.join(band_text)}。实际完成值与年度指标值相同的为"
        f"{profile.band('achieved').name}；实际完成值为「{partial}」（X 为年度指标值）或「{partial_words}」的为"
        f"{profile.band('partial').name}；为「{failed}」或「{failed_words}」的为{profile.band('failed').name}。",
        f"每个指标的得分不小于 0，不超过本行分值（超过时得分显示为红色）。得分保留 {decimals} 位小数，四舍五入；"
        f"与重算得分保留 {accept}小数后相等的，视为正确。",
        "有分值的指标必须填写年度指标值和实际完成值，否则无法核对，审核时按 0 分计。",
        "得分低于分值的指标，必须在「偏差原因分析及改进措施」中说明未完成的原因和改进措施。",
        f"总分 = 资金得分 + 各指标得分，自动计算。评价等级：{'；'.join(grades)}。",
        "填写完毕后请核对：项目名称、主管部门、实施单位、填报人、联系电话、填报日期均已填写。",
    ]
    return lines


def _write_notes(book, s: _Styles, profile: Profile, p: Plan) -> None:
    ws = book.add_worksheet(NOTES_SHEET)
    widths = (5, 92)
    ws.set_column(0, 0, widths[0])
    ws.set_column(1, 1, widths[1])
    ws.merge_range(0, 0, 0, 1, "填表说明", s(bold=True, font_size=16, align="center"))
    ws.set_row(0, 32)
    body = s(align="left", valign="top", font_size=10.5)
    num = s(align="right", valign="top", font_size=10.5)
    for i, text in enumerate(notes_lines(profile, p), start=1):
        ws.write_string(i, 0, f"{i}.", num)
        ws.write_string(i, 1, text, body)
        ws.set_row(i, round(_height(_lines(text, widths[1], 10.5), 10.5), 1))
    ws.set_paper(9)
    ws.set_portrait()
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
