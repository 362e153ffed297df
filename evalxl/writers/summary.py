"""The department's 自评汇总表 (xlsxwriter): 汇总, 部门整体, 问题清单, 等级分布, 文件清单.

汇总 and 等级分布 are about the 项目支出绩效自评表 only; the department-wide tables (部门
整体绩效自评表, 评分表) have their own sheet 部门整体, one row per table.

It reads only the report (FileResult / TableResult / Finding): no rules, no reader.
Text that came from an input workbook is always written as a string, never as a formula
or a link, whatever it looks like (=HYPERLINK(…), +cmd|…, @SUM).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Sequence

from ..findings import DepartmentResult, FileResult, Severity, TableResult, format_number

STATUS_NAMES = {"ok": "已审核", "no_table": "无自评表", "unreadable": "无法读取", "skipped": "已跳过"}
NO_DEPARTMENT = "（未填主管部门）"
# Widest a column may grow (its text wraps beyond): a page that fits A4 landscape at a
# readable size, not a 270-character row shrunk to half.
MAX_WIDTH = {"主要问题": 40, "说明": 60, "项目名称": 26, "来源文件": 28, "工作表": 14, "文件": 40, "主管部门": 18, "实施单位": 16,
             "单位名称": 20, "问题": 40}
LINE_HEIGHT = 13.5  # points per wrapped line of 10-point 宋体

SUMMARY_COLUMNS = ["序号", "主管部门", "实施单位", "项目名称", "全年预算数", "全年执行数", "执行率", "填报得分",
                   "复核得分", "差异", "评价等级", "错误数", "警告数", "主要问题", "来源文件", "工作表"]
FINDING_COLUMNS = ["序号", "文件", "工作表", "单元格", "项目名称", "规则", "级别", "填报值", "复核值", "已更正", "说明"]
FILE_COLUMNS = ["序号", "文件", "状态", "自评表数", "错误数", "警告数", "说明", "更正件"]
DEPARTMENT_COLUMNS = ["序号", "单位", "表格", "年度", "填报总分", "复核总分", "差异", "完成率", "评价等级", "错误数", "警告数",
                      "需人工复核", "主要问题", "来源文件", "工作表"]
NO_UNIT = "（未填单位名称）"


def text_width(text: Any) -> int:
    """Display width: a CJK (wide) character counts double."""
    return _text_width(text if isinstance(text, str) else ("" if text is None else str(text)))


@lru_cache(maxsize=65536)
def _text_width(s: str) -> int:
    longest = max(s.split("\n"), key=len, default="")
    if longest.isascii():
        return len(longest)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


@dataclass
class _Row:
    file: FileResult
    table: TableResult

    @property
    def department(self) -> str:
        return self.table.department or NO_DEPARTMENT


def main_problems(table: TableResult | DepartmentResult, limit: int = 2) -> str:
    """The first errors (then warnings) of a table, short, for the 主要问题 column; the
    full list is on 问题清单 and in each corrected copy's 审核意见."""
    ranked = sorted((f for f in table.findings if f.severity != Severity.NOTICE), key=lambda f: f.severity.rank)
    parts = []
    for f in ranked[:limit]:
        message = f.message if len(f.message) <= 32 else f.message[:31] + "…"
        parts.append(message)
    more = len(ranked) - len(parts)
    if more > 0:
        parts.append(f"另有 {more} 项")
    unverified = getattr(table, "unverified_points", 0)
    if unverified:  # points of the total resting on rows that cannot be verified (T006)
        parts.insert(0, f"{format_number(unverified)} 分无法核对")
    return "；".join(parts)


def summary_year(files: Sequence[FileResult]) -> int | None:
    years = Counter(t.year for f in files for t in f.tables if t.year)
    return years.most_common(1)[0][0] if years else None


def write_summary(path: Path, files: Sequence[FileResult], grade_names: Sequence[str]) -> None:
    """Write the 汇总表 to ``path`` (the caller makes it atomic). ``files`` in report order;
    a file's ``corrected`` path is relative to ``path``'s folder."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    })
    book.set_properties({"title": "项目支出绩效自评汇总表", "author": "evalxl"})
    fmt = _Formats(book)
    rows = [_Row(f, t) for f in files for t in f.tables]
    _summary_sheet(book, fmt, rows, summary_year(files))
    _department_sheet(book, fmt, files)
    _findings_sheet(book, fmt, files)
    _grades_sheet(book, fmt, rows, grade_names)
    _files_sheet(book, fmt, files)
    book.close()


class _Formats:
    def __init__(self, book):
        base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"})
        self.subtitle = book.add_format({"font_name": "宋体", "font_size": 10, "align": "right"})
        self.header = book.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"})
        self.text = book.add_format({**base, "text_wrap": True})
        self.center = book.add_format({**base, "align": "center"})
        self.money = book.add_format({**base, "num_format": "0.00"})
        self.score = book.add_format({**base, "num_format": "0.00"})
        self.rate = book.add_format({**base, "num_format": "0.00%"})
        self.int = book.add_format({**base, "num_format": "0", "align": "center"})
        self.link = book.add_format({**base, "font_color": "#0563C1", "underline": 1, "text_wrap": True})
        group = {"bold": True, "bg_color": "#F2F2F2"}
        self.g_text = book.add_format({**base, **group, "text_wrap": True})
        self.g_money = book.add_format({**base, **group, "num_format": "0.00"})
        self.g_rate = book.add_format({**base, **group, "num_format": "0.00%"})
        self.g_int = book.add_format({**base, **group, "num_format": "0", "align": "center"})
        grand = {"bold": True, "bg_color": "#FFF2CC"}
        self.t_text = book.add_format({**base, **grand, "text_wrap": True})
        self.t_money = book.add_format({**base, **grand, "num_format": "0.00"})
        self.t_rate = book.add_format({**base, **grand, "num_format": "0.00%"})
        self.t_int = book.add_format({**base, **grand, "num_format": "0", "align": "center"})
        self.error = book.add_format({**base, "font_color": "#C00000", "align": "center"})
        self.warning = book.add_format({**base, "font_color": "#9C5700", "align": "center"})


class _Widths:
    """Column widths that fit their content (CJK counted double), and row heights that fit
    the wrapped text once the widths are known (xlsxwriter cannot autofit, and LibreOffice
    keeps a row's stored height, so long text would overlap the next row)."""

    def __init__(self, headers: Sequence[str]):
        self.headers = headers
        self.widths = [text_width(h) + 2 for h in headers]
        self.texts: dict[int, list[tuple[int, str]]] = {}

    def see(self, col: int, value: Any, row: int | None = None) -> None:
        self.widths[col] = max(self.widths[col], text_width(value) + 2)
        if row is not None and isinstance(value, str):
            self.texts.setdefault(row, []).append((col, value))

    def see_width(self, col: int, width: int) -> None:
        if width > self.widths[col]:
            self.widths[col] = width

    def final(self) -> list[float]:
        return [min(w, MAX_WIDTH.get(name, 30)) for name, w in zip(self.headers, self.widths)]

    def apply(self, ws) -> None:
        widths = self.final()
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        for row, cells in self.texts.items():
            lines = max((_lines(text, widths[col]) for col, text in cells
                         if "\n" in text or text_width(text) > widths[col] - 1.5), default=1)
            if lines > 1:
                ws.set_row(row, LINE_HEIGHT * lines + 2)


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    room = max(width - 1.5, 1)
    return sum(max(1, -(-text_width(part) // int(room))) for part in text.split("\n"))


def _put(ws, widths: _Widths, row: int, col: int, value: Any, fmt) -> None:
    """Write one value: input text always as a string; numbers as numbers; None blank."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
        widths.see_width(col, len(f"{value:.2f}") + 2)  # as 0.00 shows it: digits only
    else:
        ws.write_string(row, col, str(value), fmt)
        widths.see(col, str(value), row)


# Characters Excel reads specially in a file link's target: % starts an escape, # starts
# the location. Escaped here, always, so a name holding 100% or #1 opens its own file
# (xlsxwriter escapes only a target with no %XX in it yet, and splits at the first #).
_LINK_ESCAPES = str.maketrans({c: f"%{ord(c):02x}" for c in '%#" <>[]^`{}'})


def _escape_link(path: str) -> str:
    return path.translate(_LINK_ESCAPES)


def _link(ws, widths: _Widths, row: int, col: int, target: str | None, sheet: str | None, text: str, fmt, plain) -> None:
    """A relative link to the corrected copy (and its sheet), or plain text without one."""
    if not target:
        _put(ws, widths, row, col, text, plain)
        return
    url = "external:" + _escape_link(str(PurePosixPath(target)))
    if sheet:
        url += "#'" + sheet.replace("'", "''") + "'!A1"
    if len(url) > 2079:  # Excel's limit on a link; fall back to text
        _put(ws, widths, row, col, text, plain)
        return
    ws.write_url(row, col, url, fmt, string=text)
    widths.see(col, text, row)


def _source(ws, widths: _Widths, fmt, r: int, col: int, file: FileResult, sheet: str) -> None:
    """来源: the file as plain text (it wraps), then its sheet as a short link into the
    corrected copy (LibreOffice neither wraps a link nor breaks it at a line feed)."""
    _put(ws, widths, r, col, file.file, fmt.text)
    anchor = None if file.format == "docx" else sheet  # a Word table is no sheet to jump to: open the document
    _link(ws, widths, r, col + 1, file.corrected, anchor, sheet, fmt.link, fmt.text)


def _new_sheet(book, fmt, name: str, columns: Sequence[str], title: str, subtitle: str | None = None):
    """A sheet with its merged title, an optional note line under it, and the header row.
    Returns (sheet, widths, last column, header row)."""
    ws = book.add_worksheet(name)
    last = len(columns) - 1
    ws.merge_range(0, 0, 0, last, title, fmt.title)
    ws.set_row(0, 30)
    header = 1
    if subtitle is not None:
        ws.merge_range(1, 0, 1, last, subtitle, fmt.subtitle)
        header = 2
    for col, column in enumerate(columns):
        ws.write_string(header, col, column, fmt.header)
    return ws, _Widths(columns), last, header


def _page(ws, header_row: int, last_col: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.freeze_panes(header_row + 1, 0)


# --------------------------------------------------------------------------- 汇总


def _summary_sheet(book, fmt: _Formats, rows: list[_Row], year: int | None) -> None:
    title = f"{year}年度项目支出绩效自评汇总表" if year else "项目支出绩效自评汇总表"
    ws, widths, last, header = _new_sheet(book, fmt, "汇总", SUMMARY_COLUMNS, title, "金额单位：万元")
    r = header + 1
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.department, []).append(row)
    serial = 0
    group_rows: list[int] = []
    for department, members in groups.items():
        first = r
        for row in members:
            serial += 1
            _project_row(ws, fmt, widths, r, serial, row)
            r += 1
        _aggregate_row(ws, fmt, widths, r, first, r - 1, [m.table for m in members],
                       f"{department} 小计（{len(members)} 个项目）", department, grand=False)
        group_rows.append(r)
        r += 1
    tables = [m.table for m in rows]
    _aggregate_row(ws, fmt, widths, r, header + 1, r - 1, tables, f"合计（{len(tables)} 个项目）", "", grand=True,
                   skip_rows=group_rows)
    widths.apply(ws)
    ws.autofilter(header, 0, max(r - 1, header), last)
    _page(ws, header, last)


def _project_row(ws, fmt, widths, r: int, serial: int, row: _Row) -> None:
    t = row.table
    diff = None
    if t.entered_total is not None and t.recomputed_total is not None:
        diff = round(t.recomputed_total - t.entered_total, 2)
    values = [serial, t.department, t.unit, t.name, t.budget, t.executed, t.rate, t.entered_total,
              t.recomputed_total, diff, t.grade, t.count(Severity.ERROR), t.count(Severity.WARNING), main_problems(t)]
    formats = [fmt.int, fmt.text, fmt.text, fmt.text, fmt.money, fmt.money, fmt.rate, fmt.score, fmt.score, fmt.score,
               fmt.center, fmt.int, fmt.int, fmt.text]
    for col, (value, f) in enumerate(zip(values, formats)):
        if col == 11 and value:
            f = fmt.error
        elif col == 12 and value:
            f = fmt.warning
        _put(ws, widths, r, col, value, f)
    _source(ws, widths, fmt, r, 14, row.file, t.sheet)


def _aggregate_row(ws, fmt, widths, r: int, first: int, last: int, tables: list[TableResult], label: str,
                   department: str, grand: bool, skip_rows: Iterable[int] = ()) -> None:
    """A subtotal (per 主管部门) or the grand total: sums of money and counts, average
    scores, the rate of the sums. Formulas carry their values so any reader sees them."""
    text, money, rate, integer = (fmt.t_text, fmt.t_money, fmt.t_rate, fmt.t_int) if grand else (fmt.g_text, fmt.g_money, fmt.g_rate, fmt.g_int)
    skip = set(skip_rows)
    ranges = _ranges(first, last, skip)

    def cells(col: int) -> str:
        from xlsxwriter.utility import xl_range

        return ",".join(xl_range(a, col, b, col) for a, b in ranges)

    def total(values):
        vals = [v for v in values if v is not None]
        return round(sum(vals), 6) if vals else 0

    def mean(values):
        vals = [v for v in values if v is not None]
        return round(sum(vals) / len(vals), 6) if vals else None

    ws.write_blank(r, 0, None, integer)
    ws.write_string(r, 1, department, text)
    ws.write_blank(r, 2, None, text)
    ws.write_string(r, 3, label, text)
    widths.see(3, label)
    budget = total(t.budget for t in tables)
    executed = total(t.executed for t in tables)
    if ranges:
        ws.write_formula(r, 4, f"=SUM({cells(4)})", money, budget)
        ws.write_formula(r, 5, f"=SUM({cells(5)})", money, executed)
        from xlsxwriter.utility import xl_rowcol_to_cell

        e, f = xl_rowcol_to_cell(r, 4), xl_rowcol_to_cell(r, 5)
        ws.write_formula(r, 6, f"=IF({e}=0,\"\",{f}/{e})", rate, (executed / budget) if budget else "")
        for col, attr in ((7, "entered_total"), (8, "recomputed_total"), (9, None)):
            if attr:
                value = mean(getattr(t, attr) for t in tables)
            else:
                diffs = [t.recomputed_total - t.entered_total for t in tables if t.entered_total is not None and t.recomputed_total is not None]
                value = round(sum(diffs) / len(diffs), 6) if diffs else None
            formula = f"=IFERROR(AVERAGE({cells(col)}),\"\")"
            ws.write_formula(r, col, formula, money, "" if value is None else value)
        ws.write_blank(r, 10, None, text)
        ws.write_formula(r, 11, f"=SUM({cells(11)})", integer, sum(t.count(Severity.ERROR) for t in tables))
        ws.write_formula(r, 12, f"=SUM({cells(12)})", integer, sum(t.count(Severity.WARNING) for t in tables))
    else:
        for col in range(4, 13):
            ws.write_blank(r, col, None, text)
    for col in (13, 14, 15):
        ws.write_blank(r, col, None, text)


def _ranges(first: int, last: int, skip: set[int]) -> list[tuple[int, int]]:
    """Row runs from first to last, leaving out the subtotal rows."""
    out: list[tuple[int, int]] = []
    start = None
    for row in range(first, last + 1):
        if row in skip:
            if start is not None:
                out.append((start, row - 1))
                start = None
        elif start is None:
            start = row
    if start is not None:
        out.append((start, last))
    return out


# --------------------------------------------------------------------------- 部门整体


def _department_sheet(book, fmt: _Formats, files: Sequence[FileResult]) -> None:
    """One row per department-wide table: the unit, the kind of table, the entered and the
    recomputed total (a 评分表, or a 自评表 with scores) or the completion rate (a 自评表
    without), the grade, the findings counted, the rows a person must review, a link."""
    items = [(f, d) for f in files for d in f.departments]
    years = {d.year for _, d in items if d.year}
    year = years.pop() if len(years) == 1 else None  # one year for all, else none in the title
    title = f"{year}年度部门整体绩效自评审核情况" if year else "部门整体绩效自评审核情况"
    ws, widths, last, header = _new_sheet(
        book, fmt, "部门整体", DEPARTMENT_COLUMNS, title,
        "复核总分：按评价标准和基础数据表重算；完成率：（已完成 + 部分完成折算）÷ 适用的指标数")
    r = header + 1
    for serial, (f, d) in enumerate(items, 1):
        _department_row(ws, fmt, widths, r, serial, f, d)
        r += 1
    if not items:
        ws.merge_range(r, 0, r, last, "（本次未收到部门整体绩效自评表或评分表）", fmt.text)
        r += 1
    widths.apply(ws)
    ws.autofilter(header, 0, max(r - 1, header), last)
    _page(ws, header, last)


def _department_row(ws, fmt: _Formats, widths: _Widths, r: int, serial: int, f: FileResult, d: DepartmentResult) -> None:
    diff = None
    if d.entered_total is not None and d.recomputed_total is not None:
        diff = round(d.recomputed_total - d.entered_total, 2)
    values = [(serial, fmt.int), (d.unit or NO_UNIT, fmt.text), (d.kind_name, fmt.text), (d.year, fmt.int),
              (d.entered_total, fmt.score), (d.recomputed_total, fmt.score), (diff, fmt.score),
              (d.completion_rate, fmt.rate), (d.grade, fmt.center),
              (d.count(Severity.ERROR), fmt.error if d.count(Severity.ERROR) else fmt.int),
              (d.count(Severity.WARNING), fmt.warning if d.count(Severity.WARNING) else fmt.int),
              (d.review_rows, fmt.int), (main_problems(d), fmt.text)]
    for col, (value, cf) in enumerate(values):
        _put(ws, widths, r, col, value, cf)
    if d.entered_total is not None and d.entered_total_from == "rows":
        ws.write_comment(r, 4, "表中没有合计行：此为各行填报得分之和", {"author": "evalxl"})
    if d.completion_rate is not None and d.completion:
        ws.write_comment(r, 7, d.completion_text, {"author": "evalxl", "x_scale": 2})
    _source(ws, widths, fmt, r, 13, f, d.sheet)


# --------------------------------------------------------------------------- 问题清单


def _findings_sheet(book, fmt: _Formats, files: Sequence[FileResult]) -> None:
    ws, widths, last, header = _new_sheet(book, fmt, "问题清单", FINDING_COLUMNS, "审核发现的问题清单")
    r = header + 1
    for f in (f for file in files for f in file.findings):
        sev_fmt = {Severity.ERROR: fmt.error, Severity.WARNING: fmt.warning}.get(f.severity, fmt.center)
        values = [(r - header, fmt.int), (f.file, fmt.text), (f.sheet, fmt.text), (f.cell, fmt.center), (f.table, fmt.text),
                  (f.code, fmt.center), (f.severity.label, sev_fmt), (_shown(f.entered), fmt.text),
                  (_shown(f.expected), fmt.text), ("是" if f.fixed else "", fmt.center), (f.message, fmt.text)]
        for col, (value, cf) in enumerate(values):
            _put(ws, widths, r, col, value, cf)
        r += 1
    widths.apply(ws)
    ws.autofilter(header, 0, max(r - 1, header), last)
    _page(ws, header, last)


def _shown(value: Any) -> str:
    """Entered and expected values as text: 9.6, "100%", 稳健运行."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


# --------------------------------------------------------------------------- 等级分布


def _grades_sheet(book, fmt: _Formats, rows: list[_Row], grade_names: Sequence[str]) -> None:
    ws = book.add_worksheet("等级分布")
    ws.merge_range(0, 0, 0, 2, "评价等级分布（按复核得分）", fmt.title)
    ws.set_row(0, 30)
    for col, name in enumerate(["评价等级", "项目数", "占比"]):
        ws.write_string(1, col, name, fmt.header)
    counts = Counter(r.table.grade for r in rows)
    total = len(rows)
    names = list(grade_names) + sorted(g for g in counts if g and g not in grade_names)
    for i, name in enumerate(names):
        n = counts.get(name, 0)
        ws.write_string(2 + i, 0, name, fmt.center)
        ws.write_number(2 + i, 1, n, fmt.int)
        ws.write_formula(2 + i, 2, f"=IF($B${3 + len(names)}=0,0,B{3 + i}/$B${3 + len(names)})", fmt.rate, n / total if total else 0)
    end = 2 + len(names)
    ws.write_string(end, 0, "合计", fmt.t_text)
    ws.write_formula(end, 1, f"=SUM(B3:B{end})", fmt.t_int, total)
    ws.write_formula(end, 2, f"=IF(B{end + 1}=0,0,1)", fmt.t_rate, 1 if total else 0)
    ws.set_column(0, 2, 12)
    chart = book.add_chart({"type": "column"})
    chart.add_series({
        "name": "项目数",
        "categories": ["等级分布", 2, 0, end - 1, 0],
        "values": ["等级分布", 2, 1, end - 1, 1],
        "data_labels": {"value": True},
        "fill": {"color": "#4472C4"},
    })
    chart.set_title({"name": "项目评价等级分布", "name_font": {"name": "宋体", "size": 12}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"name": "项目数", "major_gridlines": {"visible": True}, "min": 0})
    ws.insert_chart(1, 4, chart, {"x_scale": 1.2, "y_scale": 1.2})
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)


# --------------------------------------------------------------------------- 文件清单


def _files_sheet(book, fmt: _Formats, files: Sequence[FileResult]) -> None:
    ws, widths, last, header = _new_sheet(book, fmt, "文件清单", FILE_COLUMNS, "收到的文件及处理情况")
    for i, f in enumerate(files):
        r = header + 1 + i
        note = f.message
        if f.departments:
            dep = f"含部门整体表 {len(f.departments)} 张（见「部门整体」工作表）"
            note = f"{note}；{dep}" if note else dep
        values = [(i + 1, fmt.int), (f.file, fmt.text), (STATUS_NAMES.get(f.status, f.status), fmt.center),
                  (len(f.tables) + len(f.departments), fmt.int), (f.count(Severity.ERROR), fmt.int),
                  (f.count(Severity.WARNING), fmt.int), (note, fmt.text)]
        for col, (value, cf) in enumerate(values):
            _put(ws, widths, r, col, value, cf)
        name = PurePosixPath(f.corrected).name if f.corrected else ""
        _link(ws, widths, r, 7, f.corrected, None, name, fmt.link, fmt.text)
    widths.apply(ws)
    ws.autofilter(header, 0, header + max(len(files), 1), last)
    _page(ws, header, last)
