"""The 汇总 sheet, designed to be printed and sent to the finance bureau as it is, and the
工作底稿 sheet that keeps the working columns out of it.

汇总: 序号, 主管部门, 实施单位, 项目名称, 全年预算数, 全年执行数, 执行率, 自评得分,
复核得分, 差异, 评价等级; grouped by the normalised department with a subtotal each and a
total (summary_data.py says what each figure is); A4 landscape at 100 % (columns sized to
fit, so the 10-point text prints at 10 points), the header rows repeated on every page,
page numbers, and the lines to sign (填报单位 / 审核人 / 联系电话 / 日期).

工作底稿: the same projects by the same 序号 with the errors and warnings counted, the
findings accepted (已确认), the main problems, the source file and a link to the sheet of
its corrected copy, and why a row is grouped or not counted.
"""

from __future__ import annotations

from typing import Sequence

from .sheetkit import Formats, Widths, new_sheet, page, put, source
from .summary_data import DUPLICATE, Aggregate, ProjectRow, aggregates

PRINT_COLUMNS = ["序号", "主管部门", "实施单位", "项目名称", "全年预算数", "全年执行数", "执行率", "自评得分", "复核得分",
                 "差异", "评价等级"]
# Fixed widths (character units) that fit A4 landscape at 100 %: LibreOffice prints a unit
# about 0.102 in wide (measured on docs/summary.png: 102 units took 1 145 px at 110 dpi),
# so the 10.9 in between the margins hold 107 units; these are 102 (Excel's unit is
# narrower, so they fit there too). 14 holds a department's usual 8 characters.
PRINT_WIDTHS = [4, 14, 14, 18, 9, 9, 8, 7, 7, 6, 6]
NOTE = ("注：小计、合计行的全年预算数、全年执行数为合计数，执行率 = 全年执行数 ÷ 全年预算数；自评得分、复核得分为平均分，"
        "只计两项得分都有的项目（括号中注明个数）；差异 = 复核得分 − 自评得分；评价等级按复核得分评定。")
WORK_COLUMNS = ["序号", "主管部门（归组）", "主管部门（填报）", "实施单位", "项目名称", "错误数", "警告数", "已确认", "主要问题",
                "来源文件", "工作表", "备注"]
SIGN_LINE = ["填报单位（盖章）：", "审核人：", "联系电话：", "日期：　　年　　月　　日"]


def print_sheet(book, fmt: Formats, rows: Sequence[ProjectRow], year: int | None) -> None:
    title = f"{year}年度项目支出绩效自评汇总表" if year else "项目支出绩效自评汇总表"
    ws, widths, last, header = new_sheet(book, fmt, "汇总", PRINT_COLUMNS, title, "金额单位：万元")
    widths.floors = PRINT_WIDTHS  # its rows' heights are for these widths (_row_heights)
    groups, total = aggregates(rows)
    r = header + 1
    for i, row in enumerate(rows):
        _project(ws, fmt, widths, r, row)
        r += 1
        if (i + 1 == len(rows) or rows[i + 1].group != row.group) and row.group in groups:
            _aggregate(ws, fmt, widths, r, row.group, groups[row.group], grand=False)
            r += 1
    _aggregate(ws, fmt, widths, r, "", total, grand=True)
    ws.merge_range(r + 1, 0, r + 1, last, NOTE, fmt.note)
    ws.set_row(r + 1, 30)
    _sign_lines(ws, fmt, r + 3)
    for col, width in enumerate(PRINT_WIDTHS):
        ws.set_column(col, col, width)
    _row_heights(ws, widths)
    page(ws, header, last, fit=False)  # print at 100 %: the columns already fit the page
    ws.set_print_scale(100)
    ws.set_header("&R&9 " + title)  # a space: "&9" followed by a digit would be read as the size
    ws.flush()  # its rows out of memory (sheet_stream.py)


def _row_heights(ws, widths: Widths) -> None:
    """Rows whose text wraps in the fixed widths get their height (LibreOffice keeps a
    row's stored height)."""
    from ..textwidth import text_width
    from .sheetkit import LINE_HEIGHT, wrapped_lines

    for row, cells in widths.texts.items():
        lines = max((wrapped_lines(t, PRINT_WIDTHS[c]) for c, t in cells if c < len(PRINT_WIDTHS)
                     and ("\n" in t or text_width(t) > PRINT_WIDTHS[c] - 1.5)), default=1)
        if lines > 1:
            ws.set_row(row, LINE_HEIGHT * lines + 2)


def _project(ws, fmt: Formats, widths: Widths, r: int, row: ProjectRow) -> None:
    t = row.table
    counted = row.counted
    f = fmt if counted else fmt.muted
    values = [(row.serial if counted else "—", f.int if counted else f.center), (row.group, f.text), (t.unit, f.text),
              (t.name, f.text), (t.budget, f.money), (t.executed, f.money), (t.rate, f.rate), (t.entered_total, f.score),
              (t.recomputed_total, f.score), (row.diff, f.score), (t.grade if counted else DUPLICATE, f.center)]
    for col, (value, cf) in enumerate(values):
        put(ws, widths, r, col, value, cf)


def _aggregate(ws, fmt: Formats, widths: Widths, r: int, department: str, a: Aggregate, grand: bool) -> None:
    text, money, rate, center = (fmt.t_text, fmt.t_money, fmt.t_rate, fmt.t_int) if grand else (
        fmt.g_text, fmt.g_money, fmt.g_rate, fmt.g_int)
    values = [(None, center), (department, text), (None, text), (a.label, text), (a.budget, money),
              (a.executed, money), (a.rate, rate), (a.entered, money), (a.recomputed, money), (a.diff, money), (None, center)]
    for col, (value, cf) in enumerate(values):
        put(ws, widths, r, col, value, cf)


def _sign_lines(ws, fmt: Formats, r: int) -> None:
    spans = [(0, 2), (3, 3), (4, 7), (8, 10)]
    for (a, b), text in zip(spans, SIGN_LINE):
        if a == b:
            ws.write_string(r, a, text, fmt.sign)
        else:
            ws.merge_range(r, a, r, b, text, fmt.sign)
    ws.set_row(r, 24)


def work_sheet(book, fmt: Formats, rows: Sequence[ProjectRow]) -> None:
    ws, widths, last, header = new_sheet(book, fmt, "工作底稿", WORK_COLUMNS, "汇总表工作底稿（不随汇总表报送）",
                                         "序号与「汇总」工作表相同；「—」为重复报送、未计入汇总的表")
    r = header + 1
    for row in rows:
        t = row.table
        errors, warnings = row.errors, row.warnings
        values = [(row.serial if row.counted else "—", fmt.int if row.counted else fmt.center), (row.group, fmt.text),
                  (t.department, fmt.text), (t.unit, fmt.text), (t.name, fmt.text),
                  (errors, fmt.error if errors else fmt.int), (warnings, fmt.warning if warnings else fmt.int),
                  (row.waived, fmt.int), (row.problems, fmt.text)]
        for col, (value, cf) in enumerate(values):
            put(ws, widths, r, col, value, cf)
        source(ws, widths, fmt, r, 9, row.file, t.sheet)
        put(ws, widths, r, 11, "；".join(row.notes), fmt.text)
        r += 1
    widths.apply(ws)
    ws.autofilter(header, 0, max(r - 1, header), last)
    page(ws, header, last)
    ws.flush()
