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

Here: the form's cells, formulas, validation and print setup. Where things lie is
evalxl.template_layout, the xlsxwriter helpers are evalxl.template_sheet, the 填表说明 text
is evalxl.template_notes (plan, rate_of, notes_lines and the layout names are re-exported).
"""

from __future__ import annotations

import io
from typing import Any, Mapping

from . import scoring
from .a1 import address, col_letter
from .findings import format_number
from .profile import Profile
from .template_layout import (C_ACTUAL, C_EXPL, C_L1, C_L2, C_NAME, C_SCORE, C_TARGET, C_WEIGHT, CREATED,
                              DERIVED_FILL, ERROR_FILL, ERROR_FONT, F_ANNUAL, F_EXECUTED, F_INITIAL, F_RATE, F_SCORE,
                              F_WEIGHT, FILE_NAME, FUNDS_HEADS, FUNDS_ROWS, INDICATOR_HEADS, INPUT_FILL, NCOLS, PARTS,
                              NOTES_SHEET, SHEET_NAME, TITLE, WIDTHS, IndicatorRow, Plan, cached_number, excel_sum,
                              level1_label, plan, rate_of)  # noqa: F401 (some only re-exported)
from .template_notes import notes_lines, write_notes  # noqa: F401 (re-exported)
from .template_sheet import FormSheet, FormStyles, fit_level2

# --------------------------------------------------------------------------- the workbook


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
    s = FormStyles(book)
    ws = book.add_worksheet(SHEET_NAME)
    sh = FormSheet(ws)
    _write_form(sh, s, p, profile, year, values)
    write_notes(book, s, profile, p)
    ws.activate()
    book.close()
    return buf.getvalue()


def _write_form(sh: FormSheet, s: FormStyles, p: Plan, profile: Profile, year: int, values: Mapping[str, Any]) -> None:
    ws = sh.ws
    for i, w in enumerate(WIDTHS):
        ws.set_column(i, i, w)
    _write_heading(sh, s, p, year, values)
    funds_score = _write_funds(sh, s, p, profile, values)
    _write_goal(sh, s, p, values)
    weights, scores = _write_indicators(sh, s, p, profile)
    _validate_indicators(sh, s, p, profile)
    _write_total(sh, s, p, profile, funds_score, weights, scores)
    _write_footer(sh, s, p, values)
    # Heights: a form's rows, never cramped; text rows as tall as their text.
    minimum = {p.title: 36, p.year: 22, p.goal + 1: 72, p.total: 26, p.footer: 30}
    sh.heights(range(p.title, p.footer + 1), minimum, default=24)
    _set_print(ws, p)


def _write_heading(sh: FormSheet, s: FormStyles, p: Plan, year: int, values: Mapping[str, Any]) -> None:
    # Title, year, project fields.
    sh.put(p.title, 1, TITLE, s(bold=True, font_size=18, align="center"), (p.title, NCOLS), size=18)
    sh.put(p.year, 1, f"（{year}年度）", s(align="center", font_size=11), (p.year, NCOLS), size=11)
    sh.put(p.name, 1, "项目名称", s.label(), (p.name, 2))
    sh.put(p.name, 3, values.get("name"), s.input(), (p.name, NCOLS))
    sh.put(p.department, 1, "主管部门", s.label(), (p.department, 2))
    sh.put(p.department, 3, values.get("department"), s.input(), (p.department, 5))
    sh.put(p.department, 6, "实施单位", s.label(), (p.department, 7))
    sh.put(p.department, 8, values.get("unit"), s.input(), (p.department, NCOLS))


def _write_funds(sh: FormSheet, s: FormStyles, p: Plan, profile: Profile, values: Mapping[str, Any]) -> float | None:
    """The 项目资金 block; returns the 资金得分 its formula shows (None: blank)."""
    ws = sh.ws
    funds_weight = profile.weights["funds"]
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
    sh.formula(fr, F_RATE, f'=IF({F}="","",IF({E}<>"",IF({E}>0,{F}/{E},""),IF({D}>0,{F}/{D},"")))', cached_number(rate),
               s.derived(num_format="0.00%"))
    funds_score = None
    if rate is not None:
        funds_score = scoring.round_half_up(min(rate, 1.0) * funds_weight, profile.decimals)
    sh.formula(fr, F_SCORE, f'=IF({H}="","",ROUND(MIN({H},1)*{G},{profile.decimals}))', cached_number(funds_score),
               s.derived())
    last_funds = p.funds[FUNDS_ROWS[-1][0]]
    ws.data_validation(fr - 1, F_INITIAL - 1, last_funds - 1, F_EXECUTED - 1, {
        "validate": "decimal", "criteria": ">=", "value": 0,
        "input_title": "金额（万元）",
        "input_message": "填写金额，单位为万元，不小于 0。\n当年财政拨款 + 上年结转资金 + 其他资金 应等于年度资金总额。",
        "error_title": "金额有误",
        "error_message": "金额应为不小于 0 的数字，单位为万元。",
    })
    return funds_score


def _write_goal(sh: FormSheet, s: FormStyles, p: Plan, values: Mapping[str, Any]) -> None:
    # 年度总体目标.
    g = p.goal
    goal = list(values.get("goal") or ()) + [None, None]
    sh.put(g, 1, "年度总体\n目标", s.label(), (g + 1, 1))
    sh.put(g, 2, "预期目标", s.head(), (g, 5))
    sh.put(g, 6, "实际完成情况", s.head(), (g, NCOLS))
    sh.put(g + 1, 2, goal[0], s.input(valign="top"), (g + 1, 5))
    sh.put(g + 1, 6, goal[1], s.input(valign="top"), (g + 1, NCOLS))


def _write_indicators(sh: FormSheet, s: FormStyles, p: Plan, profile: Profile) -> tuple[list, list]:
    """The 绩效指标 block; returns the 分值 and 得分 entered, row by row."""
    # 绩效指标.
    hr = p.indicator_header
    last = p.last_indicator
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
        sh.put(rows[0].row, C_L2, fit_level2(level2, WIDTHS[C_L2 - 1]) or None, s.label(), (rows[-1].row, C_L2))
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
    return weights, scores


def _validate_indicators(sh: FormSheet, s: FormStyles, p: Plan, profile: Profile) -> None:
    """分值 and 得分 data validation, and 得分 above 分值 shown red."""
    ws = sh.ws
    total_weight = profile.weights["total"]
    first, last = p.first_indicator, p.last_indicator
    total = format_number(total_weight)
    wcol, scol = col_letter(C_WEIGHT), col_letter(C_SCORE)
    ws.data_validation(first - 1, C_WEIGHT - 1, last - 1, C_WEIGHT - 1, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": cached_number(total_weight),
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


def _write_total(sh: FormSheet, s: FormStyles, p: Plan, profile: Profile, funds_score: float | None,
                 weights: list, scores: list) -> None:
    ws = sh.ws
    fr, hr = p.funds["total"], p.indicator_header
    first, last = p.first_indicator, p.last_indicator
    funds_weight = profile.weights["funds"]
    total = format_number(profile.weights["total"])
    wcol, scol = col_letter(C_WEIGHT), col_letter(C_SCORE)
    G = f"{col_letter(F_WEIGHT)}{fr}"
    # 总分: SUM over the whole indicator block, header row included (see the module doc).
    t = p.total
    sh.put(t, 1, "总分", s.label(bold=True), (t, C_ACTUAL))
    block_w = f"{wcol}{hr}:{wcol}{last}"
    block_s = f"{scol}{hr}:{scol}{last}"
    sh.formula(t, C_WEIGHT, f"=SUM({G},{block_w})", excel_sum([funds_weight, *weights]), s.derived(bold=True))
    sh.formula(t, C_SCORE, f"=SUM({address(fr, F_SCORE)},{block_s})", excel_sum([funds_score, *scores]),
               s.derived(bold=True))
    sh.put(t, C_EXPL, None, s.label())
    tw = f"${wcol}${t}"
    ws.conditional_format(t - 1, C_WEIGHT - 1, t - 1, C_WEIGHT - 1, {
        "type": "formula",
        "criteria": f"=AND(COUNT(${wcol}${first}:${wcol}${last})>0,ABS({tw}-{total})>0.000001)",
        "format": s.book.add_format({"bg_color": ERROR_FILL, "font_color": ERROR_FONT}),
    })


def _write_footer(sh: FormSheet, s: FormStyles, p: Plan, values: Mapping[str, Any]) -> None:
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


def _set_print(ws, p: Plan) -> None:
    f = p.footer
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


