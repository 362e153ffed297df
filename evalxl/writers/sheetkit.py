"""What every sheet of the 汇总表 shares: formats (宋体, at least 9 pt in print), column
widths that fit their content, row heights that fit wrapped text, values and links
written safely (input text always as a string), the title and header, the print setup.
"""

from __future__ import annotations

from types import SimpleNamespace
from pathlib import PurePosixPath
from typing import Any, Sequence

from ..findings import DepartmentResult, FileResult, Severity, TableResult, format_number
from ..textwidth import text_width

# Widest a column may grow (its text wraps beyond): a page that fits A4 landscape at a
# readable size, not a 270-character row shrunk to half.
MAX_WIDTH = {"主要问题": 40, "说明": 60, "项目名称": 26, "来源文件": 28, "工作表": 14, "文件": 40, "主管部门": 18, "实施单位": 16,
             "单位名称": 20, "问题": 40}
LINE_HEIGHT = 13.5  # points per wrapped line of 10-point 宋体


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



class Formats:
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
        self.note = book.add_format({"font_name": "宋体", "font_size": 9, "text_wrap": True, "valign": "top"})
        self.sign = book.add_format({"font_name": "宋体", "font_size": 11, "valign": "vcenter"})
        # a row shown but not counted (a duplicate): grey italic, the same number formats
        muted = {**base, "font_color": "#808080", "italic": True}
        self.muted = SimpleNamespace(
            text=book.add_format({**muted, "text_wrap": True}), center=book.add_format({**muted, "align": "center", "text_wrap": True}),
            int=book.add_format({**muted, "num_format": "0", "align": "center"}),
            money=book.add_format({**muted, "num_format": "0.00"}), score=book.add_format({**muted, "num_format": "0.00"}),
            rate=book.add_format({**muted, "num_format": "0.00%"}))
        self.warning = book.add_format({**base, "font_color": "#9C5700", "align": "center"})


class Widths:
    """Column widths that fit their content (CJK counted double), and row heights that fit
    the wrapped text once the widths are known (xlsxwriter cannot autofit, and LibreOffice
    keeps a row's stored height, so long text would overlap the next row)."""

    def __init__(self, headers: Sequence[str], floors: Sequence[float] | None = None):
        self.headers = headers
        self.widths = [text_width(h) + 2 for h in headers]
        self.texts: dict[int, list[tuple[int, str]]] = {}
        # a text this narrow never wraps, whatever the final widths (they only grow from
        # the headers', up to the cap): not kept, so memory holds only the long texts
        self.floors = list(floors) if floors is not None else [min(w, MAX_WIDTH.get(h, 30))
                                                               for h, w in zip(headers, self.widths)]

    def see(self, col: int, value: Any, row: int | None = None) -> None:
        width = text_width(value)
        self.widths[col] = max(self.widths[col], width + 2)
        if row is not None and isinstance(value, str) and (width > self.floors[col] - 1.5 or "\n" in value):
            self.texts.setdefault(row, []).append((col, value))

    def see_width(self, col: int, width: int) -> None:
        if width > self.widths[col]:
            self.widths[col] = width

    def final(self) -> list[float]:
        return [min(w, MAX_WIDTH.get(name, 30)) for name, w in zip(self.headers, self.widths)]

    def measure(self, col: int, value: Any) -> None:
        """What ``put`` of ``value`` does to the column's width."""
        if value is None or value == "":
            return
        self.see_width(col, shown_width(value) + 2)

    def apply(self, ws) -> None:
        widths = self.final()
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        for row in list(self.texts):
            self.fit_row(ws, row, widths)

    def fit_row(self, ws, row: int, widths: Sequence[float]) -> None:
        """The row's height for its wrapped texts, once the final ``widths`` are known."""
        cells = self.texts.pop(row, ())
        lines = max((wrapped_lines(text, widths[col]) for col, text in cells
                     if "\n" in text or text_width(text) > widths[col] - 1.5), default=1)
        if lines > 1:
            ws.set_row(row, LINE_HEIGHT * lines + 2)


def shown_width(value: Any) -> int:
    """The width ``Widths.measure`` takes ``value`` to need (less the 2 of padding): 0 for a
    blank cell."""
    if type(value) is str:  # nearly every value, first
        return text_width(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)):
        return len(f"{value:.2f}")  # as 0.00 shows it: digits only
    return text_width(str(value))


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    room = max(width - 1.5, 1)
    return sum(max(1, -(-text_width(part) // int(room))) for part in text.split("\n"))


def put(ws, widths: Widths, row: int, col: int, value: Any, fmt) -> None:
    """Write one value: input text always as a string; numbers as numbers; None blank."""
    if value is None or value == "":
        ws._write_blank(row, col, None, fmt)  # write_blank's own body, without its A1-notation wrapper
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)):
        ws._write_number(row, col, value, fmt)
        widths.see_width(col, shown_width(value) + 2)  # Widths.measure's, the value known a number
    else:
        text = str(value)
        ws._write_string(row, col, text, fmt)
        widths.see(col, text, row)


# Characters Excel reads specially in a file link's target: % starts an escape, # starts
# the location. Escaped here, always, so a name holding 100% or #1 opens its own file
# (xlsxwriter escapes only a target with no %XX in it yet, and splits at the first #).
_LINK_ESCAPES = str.maketrans({c: f"%{ord(c):02x}" for c in '%#" <>[]^`{}'})


def _escape_link(path: str) -> str:
    return path.translate(_LINK_ESCAPES)


def link(ws, widths: Widths, row: int, col: int, target: str | None, sheet: str | None, text: str, fmt, plain) -> None:
    """A relative link to the corrected copy (and its sheet), or plain text without one."""
    if not target:
        put(ws, widths, row, col, text, plain)
        return
    url = "external:" + _escape_link(str(PurePosixPath(target)))
    if sheet:
        url += "#'" + sheet.replace("'", "''") + "'!A1"
    if len(url) > 2079:  # Excel's limit on a link; fall back to text
        put(ws, widths, row, col, text, plain)
        return
    ws.write_url(row, col, url, fmt, string=text)
    widths.see(col, text, row)


def source(ws, widths: Widths, fmt, r: int, col: int, file: FileResult, sheet: str) -> None:
    """来源: the file as plain text (it wraps), then its sheet as a short link into the
    corrected copy (LibreOffice neither wraps a link nor breaks it at a line feed)."""
    put(ws, widths, r, col, file.file, fmt.text)
    anchor = None if file.format == "docx" else sheet  # a Word table is no sheet to jump to: open the document
    link(ws, widths, r, col + 1, file.corrected, anchor, sheet, fmt.link, fmt.text)


def new_sheet(book, fmt, name: str, columns: Sequence[str], title: str, subtitle: str | None = None):
    """A sheet with its merged title, an optional note line under it, and the header row
    (a StreamedSheet: its rows can leave memory once final). Returns (sheet, widths, last
    column, header row)."""
    from .sheet_stream import StreamedSheet

    ws = book.add_worksheet(name, StreamedSheet)
    last = len(columns) - 1
    ws.merge_range(0, 0, 0, last, title, fmt.title)
    ws.set_row(0, 30)
    header = 1
    if subtitle is not None:
        ws.merge_range(1, 0, 1, last, subtitle, fmt.subtitle)
        header = 2
    for col, column in enumerate(columns):
        ws.write_string(header, col, column, fmt.header)
    return ws, Widths(columns), last, header


def page(ws, header_row: int, last_col: int, fit: bool = True) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    if fit:
        ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.freeze_panes(header_row + 1, 0)
