"""The department's 自评汇总表 (xlsxwriter): 汇总 (to print and send) and 工作底稿
(summary_sheets.py), 部门整体, 问题清单, 等级分布, 文件清单.

汇总 and 等级分布 are about the 项目支出绩效自评表 only (a duplicate counted once); the department-wide tables (部门
整体绩效自评表, 评分表) have their own sheet 部门整体, one row per table.

It reads only the report (FileResult / TableResult / Finding): no rules, no reader.
Text that came from an input workbook is always written as a string, never as a formula
or a link, whatever it looks like (=HYPERLINK(…), +cmd|…, @SUM).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Sequence

from ..findings import FileResult
from .sheetkit import Formats, Widths, link, new_sheet, page, put, source
from .summary_data import DepartmentRow, FileRow, ProjectRow, SummaryData
from .summary_findings import findings_sheet
from .summary_sheets import print_sheet, work_sheet

STATUS_NAMES = {"ok": "已审核", "no_table": "无自评表", "unreadable": "无法读取", "skipped": "已跳过"}
FILE_COLUMNS = ["序号", "文件", "状态", "自评表数", "错误数", "警告数", "说明", "更正件"]
DEPARTMENT_COLUMNS = ["序号", "单位", "表格", "年度", "填报总分", "复核总分", "差异", "完成率", "评价等级", "错误数", "警告数",
                      "需人工复核", "主要问题", "来源文件", "工作表"]
NO_UNIT = "（未填单位名称）"



class SummaryWriter:
    """The 汇总表 fed file by file, in report order (``add``), written at ``close``; no
    finding is kept meanwhile (SummaryData)."""

    def __init__(self, path: Path, grade_names: Sequence[str]):
        self.path, self.grade_names = path, grade_names
        self.data = SummaryData()

    def add(self, f: FileResult, made: list | None = None) -> None:
        self.data.add(f, made)

    def close(self) -> None:
        try:
            write_summary(self.path, self.data, self.grade_names)
        finally:
            self.data.close()

    def discard(self) -> None:
        self.data.close()


def write_summary(path: Path, files: Sequence[FileResult] | SummaryData, grade_names: Sequence[str]) -> None:
    """Write the 汇总表 to ``path`` (the caller makes it atomic). ``files`` in report order
    (or a SummaryData fed with them); a file's ``corrected`` path is relative to ``path``'s
    folder."""
    import xlsxwriter

    data = files if isinstance(files, SummaryData) else SummaryData.of(files)
    book = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    })
    book.set_properties({"title": "项目支出绩效自评汇总表", "author": "evalxl"})
    fmt = Formats(book)
    rows = data.rows()
    print_sheet(book, fmt, rows, summary_year(rows))
    work_sheet(book, fmt, rows)
    _department_sheet(book, fmt, data.departments)
    findings_sheet(book, fmt, data)
    _grades_sheet(book, fmt, [r for r in rows if r.counted], grade_names)
    _files_sheet(book, fmt, data.files)
    book.close()
    if data is not files:
        data.close()


def summary_year(rows: Sequence[ProjectRow]) -> int | None:
    years = Counter(r.table.year for r in rows if r.table.year)
    return years.most_common(1)[0][0] if years else None


# --------------------------------------------------------------------------- 部门整体


def _department_sheet(book, fmt: Formats, items: Sequence[DepartmentRow]) -> None:
    """One row per department-wide table: the unit, the kind of table, the entered and the
    recomputed total (a 评分表, or a 自评表 with scores) or the completion rate (a 自评表
    without), the grade, the findings counted, the rows a person must review, a link."""
    years = {row.table.year for row in items if row.table.year}
    year = years.pop() if len(years) == 1 else None  # one year for all, else none in the title
    title = f"{year}年度部门整体绩效自评审核情况" if year else "部门整体绩效自评审核情况"
    ws, widths, last, header = new_sheet(
        book, fmt, "部门整体", DEPARTMENT_COLUMNS, title,
        "复核总分：按评价标准和基础数据表重算；完成率：（已完成 + 部分完成折算）÷ 适用的指标数")
    r = header + 1
    for serial, row in enumerate(items, 1):
        _department_row(ws, fmt, widths, r, serial, row)
        r += 1
    if not items:
        ws.merge_range(r, 0, r, last, "（本次未收到部门整体绩效自评表或评分表）", fmt.text)
        r += 1
    widths.apply(ws)
    ws.autofilter(header, 0, max(r - 1, header), last)
    page(ws, header, last)
    ws.flush()  # every sheet before 问题清单 whole: formats are numbered on first use


def _department_row(ws, fmt: Formats, widths: Widths, r: int, serial: int, row: DepartmentRow) -> None:
    d = row.table
    diff = None
    if d.entered_total is not None and d.recomputed_total is not None:
        diff = round(d.recomputed_total - d.entered_total, 2)
    values = [(serial, fmt.int), (d.unit or NO_UNIT, fmt.text), (d.kind_name, fmt.text), (d.year, fmt.int),
              (d.entered_total, fmt.score), (d.recomputed_total, fmt.score), (diff, fmt.score),
              (d.completion_rate, fmt.rate), (d.grade, fmt.center),
              (row.errors, fmt.error if row.errors else fmt.int),
              (row.warnings, fmt.warning if row.warnings else fmt.int),
              (d.review_rows, fmt.int), (row.problems, fmt.text)]
    for col, (value, cf) in enumerate(values):
        put(ws, widths, r, col, value, cf)
    if d.entered_total is not None and d.entered_total_from == "rows":
        ws.write_comment(r, 4, "表中没有合计行：此为各行填报得分之和", {"author": "evalxl"})
    if d.completion_rate is not None and d.completion:
        ws.write_comment(r, 7, d.completion_text, {"author": "evalxl", "x_scale": 2})
    source(ws, widths, fmt, r, 13, row.file, d.sheet)


# --------------------------------------------------------------------------- 等级分布


def _grades_sheet(book, fmt: Formats, rows: list[ProjectRow], grade_names: Sequence[str]) -> None:
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


def _files_sheet(book, fmt: Formats, files: Sequence[FileRow]) -> None:
    ws, widths, last, header = new_sheet(book, fmt, "文件清单", FILE_COLUMNS, "收到的文件及处理情况")
    for i, row in enumerate(files):
        r = header + 1 + i
        f = row.file
        values = [(i + 1, fmt.int), (f.file, fmt.text), (STATUS_NAMES.get(f.status, f.status), fmt.center),
                  (row.tables, fmt.int), (row.errors, fmt.int), (row.warnings, fmt.int), (row.note, fmt.text)]
        for col, (value, cf) in enumerate(values):
            put(ws, widths, r, col, value, cf)
        name = PurePosixPath(f.corrected).name if f.corrected else ""
        link(ws, widths, r, 7, f.corrected, None, name, fmt.link, fmt.text)
    widths.apply(ws)
    ws.autofilter(header, 0, header + max(len(files), 1), last)
    page(ws, header, last)
