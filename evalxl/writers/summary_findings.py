"""The 问题清单 sheet of the 汇总表: every finding a row, then the ones an evalxl.toml
waiver accepted (状态 已确认, not counted).

Tens of thousands of rows at 10 000 workbooks, and the one long loop of a run after the
pool: its rows are written as the XML xlsxwriter would write for them (the same shared
strings, style indices and row heights, byte for byte; tests/writers/
test_summary_findings.py holds the two against each other), straight into the streamed
sheet, instead of through xlsxwriter's per-cell calls (0.35 s of CPU on 3 300 findings).
The widths come first, so that each row is final (its height) as it is written: each row
carries the widths its values need (summary_data.finding_row, measured in the worker for
most) and the spools keep the widest of each column, so no pass over every value is made.
"""

from __future__ import annotations

from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name

from ..findings import Severity
from ..textwidth import text_width
from .sheetkit import LINE_HEIGHT, Formats, new_sheet, page, wrapped_lines
from .summary_data import SummaryData

FINDING_COLUMNS = ["序号", "文件", "工作表", "单元格", "项目名称", "规则", "级别", "填报值", "复核值", "已更正", "说明", "状态"]
WAIVED = "已确认（不计入）"
FIXED, STATE = FINDING_COLUMNS.index("已更正"), FINDING_COLUMNS.index("状态")


def findings_sheet(book, fmt: Formats, data: SummaryData) -> None:
    ws, widths, last, header = new_sheet(book, fmt, "问题清单", FINDING_COLUMNS, "审核发现的问题清单")
    _measure(widths, data)
    final = widths.final()
    r = _write_rows(ws, fmt, data, header, final)
    widths.apply(ws)
    ws.autofilter(header, 0, r, last)
    page(ws, header, last)
    ws.flush()


def _measure(widths, data: SummaryData) -> None:
    """The columns' widths as measuring each row's values (Widths.measure) gives them: the
    widest value of each column the spools kept (RowSpool.widths), the last serial (the
    widest), 状态 on a waived row; a waived row shows no 已更正."""
    rows = data.findings.count + data.waived.count
    if rows:
        widths.measure(0, rows)
    if data.waived.count:
        widths.measure(STATE, WAIVED)
    for spool in (data.findings, data.waived):
        for col, need in enumerate(spool.widths):
            if need and not (spool is data.waived and col == FIXED):
                widths.see_width(col, need + 2)


def _finding_values(data: SummaryData):
    """Each row's twelve values (sheetkit.put's: text, a number, or None/"" for a blank
    cell), from the spooled findings then the waived, with the severity for its format and
    the widths the values need (finding_row's)."""
    serial = 0
    for spool, state in ((data.findings, ""), (data.waived, WAIVED)):
        for file, sheet, cell, table, code, severity, entered, expected, fixed, message, need in spool:
            serial += 1
            if state:
                need = (*need[:STATE], text_width(state))
            yield [serial, file, sheet, cell, table, code, severity.label, entered, expected,
                   "是" if fixed and not state else "", message, state], severity, need


def _write_rows(ws, fmt: Formats, data: SummaryData, header: int, widths: list[float]) -> int:
    """The rows below the header as finished XML; returns the last row's number (the header's
    when there is none). As xlsxwriter would: a string through the shared string table when
    written, a cell's style index on its first use, the rows' height set for their wrapped
    text, nothing past the sheet's last row."""
    ws.flush()  # title and header, in the block of the first rows: every row there spans every column
    heads = [f'<c r="{xl_col_to_name(c)}' for c in range(len(FINDING_COLUMNS))]  # a cell's start, its row number next
    span = f"1:{len(FINDING_COLUMNS)}"
    strings = ws.str_table
    known, counted = strings.string_table, 0  # a string seen before is only counted (_get_shared_string_index)
    by_severity = {Severity.ERROR: fmt.error, Severity.WARNING: fmt.warning}
    formats = [fmt.int, fmt.text, fmt.text, fmt.center, fmt.text, fmt.center, None, fmt.text, fmt.text, fmt.center,
               fmt.text, fmt.center]
    styles: dict = {}  # per severity, the row's style indices (asked in column order on first use, as xlsxwriter does) in its cells' XML
    limit = [w - 1.5 for w in widths]  # a text wider wraps (as sheetkit.fit_row decides)
    rooms = [int(max(w - 1.5, 1)) for w in widths]
    heights: dict[int, str] = {}  # by line count, a row's height attributes (_row_height)
    half = ws.xls_strmax // 2
    r = header
    with ws.rendering() as out:
        for values, severity, need in _finding_values(data):
            r += 1
            if r >= ws.xls_rowmax:
                continue
            ends = styles.get(severity)
            if ends is None:
                formats[6] = by_severity.get(severity, fmt.center)
                ends = styles[severity] = _cell_ends([f._get_xf_index() for f in formats])
            blank, number, text = ends
            cells, lines, n = [], 1, str(r + 1)
            for col, value in enumerate(values):
                if value is None or value == "":
                    cells.append(heads[col] + n + blank[col])
                    continue
                if type(value) is not str:
                    if _number(value):
                        cells.append(f"{heads[col]}{n}{number[col]}{value:.16G}</v></c>")
                        continue
                    value = _text(value)
                key = value if len(value) <= half else _fit(ws, value)
                index = known.get(key)
                if index is None:
                    index = strings._get_shared_string_index(key)
                else:
                    counted += 1
                cells.append(f"{heads[col]}{n}{text[col]}{index}</v></c>")
                if "\n" in value:
                    lines = max(lines, wrapped_lines(value, widths[col]))
                elif need[col] > limit[col]:  # wrapped_lines of one line: its width in the room's whole characters
                    lines = max(lines, -(-need[col] // rooms[col]))
            height = heights.get(lines)
            if height is None:
                height = heights[lines] = _row_height(ws, lines)
            out.write(f'<row r="{n}" spans="{span}"{height}>{"".join(cells)}</row>')
    strings.count += counted
    ws.rendered_to(min(r, ws.xls_rowmax - 1), len(FINDING_COLUMNS) - 1)
    return r


def _cell_ends(style: list[int]) -> tuple[list[str], list[str], list[str]]:
    """Per column, what follows a cell's reference for a blank, a number and a shared string
    of the row's style (the value and the end tag after the last two)."""
    return ([f'" s="{s}"/>' for s in style], [f'" s="{s}"><v>' for s in style],
            [f'" s="{s}" t="s"><v>' for s in style])


def _row_height(ws, lines: int) -> str:
    """The attributes xlsxwriter's _write_row gives a row of ``lines`` wrapped lines: none
    at the default height, else the height set_row stores (whole pixels) in points."""
    if lines == 1:
        return ""
    pixels = int((LINE_HEIGHT * lines + 2) * 4.0 / 3.0 + 0.5)
    return f' ht="{pixels * 0.75:.16g}" customHeight="1"'


def _number(value) -> bool:
    """A number cell, as sheetkit.put decides (only the 序号 is one: every other value of
    a finding row is text)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value) -> str:
    """What sheetkit.put writes of a value as a string."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value if isinstance(value, str) else str(value)


def _fit(ws, string: str) -> str:
    """xlsxwriter's cut of a string too long for a cell (32 767 UTF-16 units)."""
    if len(string) > ws.xls_strmax // 2 and _utf16_len(string) > ws.xls_strmax:
        return _utf16_truncate(string, ws.xls_strmax)
    return string
