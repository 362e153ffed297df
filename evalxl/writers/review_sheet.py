"""The 审核意见 worksheet: one row per finding.

Written by hand as SpreadsheetML with inline strings (sharedStrings.xml is left alone):
a title line, a header (序号, 工作表, 单元格, 规则, 级别, 填报值, 复核值, 已更正, 说明), then
the findings in the order given. 单元格 links to the cell (an internal hyperlink,
``location="'Sheet'!H15"``: no relationship needed). Columns are as wide as their Chinese
text needs (说明 wraps), the header stays frozen and repeats on every printed page, and
the sheet prints A4 landscape, one page wide.

Nothing in it is a label the reader looks for (no 三级指标 / 得分 header, no 总分 row), so
a second run over a corrected copy finds no table here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from ..a1 import CELL_RE, col_letter
from ..findings import Finding, Severity, format_number
from ..textwidth import text_width
from . import xmlutil
from .styles import CellStyle, Styles
from .xmlutil import NS_MAIN, NS_REL

SHEET_NAME = "审核意见"
MARKER_NAME = "_evalxl_review"  # a hidden defined name: this sheet is evalxl's own
COLUMNS = ("序号", "工作表", "单元格", "规则", "级别", "填报值", "复核值", "已更正", "说明")
# (minimum, maximum) width of each column, in Excel's character units
WIDTHS = {"序号": (6, 6), "工作表": (10, 24), "单元格": (8, 10), "规则": (7, 8), "级别": (6, 6),
          "填报值": (10, 24), "复核值": (10, 24), "已更正": (8, 8), "说明": (40, 90)}
HEADER_ROW = 2
NOTHING_FOUND = "本次审核未发现问题"
LINE_HEIGHT = 14.25  # points, one line of 11-point 宋体


@dataclass
class ReviewSheet:
    data: bytes
    print_titles: str  # "$1:$2"



def entered_text(f: Finding) -> str:
    return str(f.extra.get("entered_text") or format_number(f.entered))


def expected_text(f: Finding) -> str:
    if f.extra.get("expected_text"):
        return str(f.extra["expected_text"])
    return format_number(f.expected)


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def title_text(findings: Sequence[Finding], applied: int) -> str:
    if not findings:
        return f"{SHEET_NAME}：{NOTHING_FOUND}"
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    parts = [f"{s.label} {counts[s]} 项" for s in Severity if counts[s]]
    text = f"{SHEET_NAME}：共 {len(findings)} 项（{'，'.join(parts)}）"
    if applied:
        text += f"；已在表中更正 {applied} 处，以黄色底纹标出并附批注说明原填报值"
    return text


def build(findings: Sequence[Finding], applied: set[int], sheets: set[str], styles: Styles) -> ReviewSheet:
    """The worksheet XML. ``applied`` holds id() of the findings whose fix was written;
    ``sheets`` the names a link may point at. Written as text from templates, in one pass:
    an element tree built cell by cell cost more than the rest of the corrected copy."""
    st = _make_styles(styles)
    ncols = len(COLUMNS)
    rows, links = _rows(findings, applied, sheets, st)
    widths = _column_widths(rows)
    cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>' for c, w in enumerate(widths, start=1))
    text = "".join((
        f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">',
        _sheet_head(ncols, HEADER_ROW + max(len(findings), 1)),
        f"<cols>{cols}</cols>",
        _sheet_data(title_text(findings, len(applied)), rows, widths, st),
        _sheet_tail(ncols, links),
        "</worksheet>",
    ))
    return ReviewSheet(xmlutil.XML_DECLARATION + text.encode("utf-8"), f"${HEADER_ROW - 1}:${HEADER_ROW}")


def _make_styles(styles: Styles) -> dict[str, int]:
    # made in this order always: the style ids in the copy depend on it
    return {
        "title": styles.cell_style(CellStyle(bold=True, size=14, border=False, horizontal="left", wrap=False)),
        "head": styles.cell_style(CellStyle(bold=True, fill_rgb="FFD9D9D9", horizontal="center")),
        "text": styles.cell_style(CellStyle(horizontal="left", vertical="top")),
        "center": styles.cell_style(CellStyle(horizontal="center", vertical="top")),
        "link": styles.cell_style(CellStyle(link=True, horizontal="center", vertical="top")),
        "num": styles.cell_style(CellStyle(horizontal="center", vertical="top", wrap=False)),
    }


def _sheet_head(ncols: int, last_row: int) -> str:
    """sheetPr, dimension, the frozen header pane, the default row height."""
    first = f"A{HEADER_ROW + 1}"
    return (f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{col_letter(ncols)}{last_row}"/>'
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{HEADER_ROW}" topLeftCell="{first}" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="{first}" '
            f'sqref="{first}"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="14.25"/>')


def _rows(findings: Sequence[Finding], applied: set[int], sheets: set[str],
          st: dict[str, int]) -> tuple[list[list[tuple[Any, int]]], list[tuple[str, str, str]]]:
    """The list's rows as (value, style) cells, and its links (cell, location, display)."""
    rows: list[list[tuple[Any, int]]] = []
    links: list[tuple[str, str, str]] = []  # (cell, location, display)
    for i, f in enumerate(findings):
        r = HEADER_ROW + 1 + i
        cell_style = st["center"]
        if f.sheet and f.sheet in sheets and f.cell and CELL_RE.match(f.cell):
            links.append((f"C{r}", f"{quote_sheet(f.sheet)}!{f.cell}", f.cell))
            cell_style = st["link"]
        rows.append([
            (i + 1, st["num"]), (f.sheet or "", st["text"]), (f.cell or "", cell_style), (f.code, st["center"]),
            (f.severity.label, st["center"]), (entered_text(f), st["text"]), (expected_text(f), st["text"]),
            ("是" if id(f) in applied else "", st["center"]), (f.message, st["text"]),
        ])
    if not findings:
        rows.append([("", st["num"])] + [("", st["text"])] * (len(COLUMNS) - 2) + [(NOTHING_FOUND, st["text"])])
    return rows, links


def _column_widths(rows: list[list[tuple[Any, int]]]) -> list[float]:
    widths = []
    for c, name in enumerate(COLUMNS):
        lo, hi = WIDTHS[name]
        if lo == hi:  # a fixed width: no text can change it
            widths.append(lo)
            continue
        need = max([text_width(name)] + [text_width(row[c][0]) for row in rows]) + 2
        widths.append(min(max(lo, need), hi))
    return widths


def _sheet_data(title: str, rows: list[list[tuple[Any, int]]], widths: list[float], st: dict[str, int]) -> str:
    out = ['<sheetData><row r="1" ht="24" customHeight="1">', _cell("A1", title, st["title"]), f'</row><row r="{HEADER_ROW}">']
    out.extend(_cell(f"{col_letter(c)}{HEADER_ROW}", name, st["head"]) for c, name in enumerate(COLUMNS, start=1))
    out.append("</row>")
    letters = [col_letter(c) for c in range(1, len(COLUMNS) + 1)]
    for i, values in enumerate(rows):
        r = HEADER_ROW + 1 + i
        lines = max([_lines(value, widths[c]) for c, (value, _) in enumerate(values)])
        # not every program fits a wrapped row to its text on opening: say how tall it is
        height = f' ht="{LINE_HEIGHT * lines + 3:g}" customHeight="1"' if lines > 1 else ""
        out.append(f'<row r="{r}"{height}>')
        out.extend([f'<c r="{letters[c]}{r}"{_cell_body(value, style)}' for c, (value, style) in enumerate(values)])
        out.append("</row>")
    out.append("</sheetData>")
    return "".join(out)


def _sheet_tail(ncols: int, links: list[tuple[str, str, str]]) -> str:
    """The title's merge, the links, print options, margins, page setup and footer."""
    out = [f'<mergeCells count="1"><mergeCell ref="A1:{col_letter(ncols)}1"/></mergeCells>']
    if links:
        out.append("<hyperlinks>")
        out.extend(f'<hyperlink ref="{ref}" location="{xmlutil.escape_attr(location)}" display="{xmlutil.escape_attr(display)}"/>'
                   for ref, location, display in links)
        out.append("</hyperlinks>")
    out.append('<printOptions horizontalCentered="1"/><pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" '
               'header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
               'fitToHeight="0"/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>')
    return "".join(out)


@lru_cache(maxsize=4096, typed=True)  # the same texts recur: sheet names, codes, levels
def _lines(value: Any, width: float) -> int:
    """How many lines a wrapped text takes in a column ``width`` characters wide."""
    if value is None or value == "" or isinstance(value, (int, float)):
        return 1
    usable = max(width - 1.5, 1)
    return sum(max(1, -(-text_width(part) // int(usable))) for part in clip(str(value)).split("\n"))


def _cell(ref: str, value: Any, style: int) -> str:
    """One <c> as XML text: a number as <v>, text as an inline string."""
    return f'<c r="{ref}"{_cell_body(value, style)}'


@lru_cache(maxsize=4096, typed=True)
def _cell_body(value: Any, style: int) -> str:
    """A <c> after its r attribute (typed: 1 and True are different cells)."""
    head = f' s="{style}"' if style else ""
    if value is None or value == "":
        return head + "/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{head}><v>{format_number(value) if isinstance(value, float) else value}</v></c>"
    return f'{head} t="inlineStr"><is>{xmlutil.t_element(clip(str(value)))}</is></c>'


MAX_QUOTE = 500  # characters of a cell quoted in the list: a 32 767-character cell would make
# the copy's sheet a highly compressible part that the next run refuses as a zip bomb


def clip(text: str) -> str:
    if len(text) <= MAX_QUOTE:
        return text
    return f"{text[:MAX_QUOTE]}…（共 {len(text)} 字，余下从略）"
