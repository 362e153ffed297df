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

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from lxml import etree

from ..a1 import CELL_RE, col_letter
from ..findings import Finding, Severity, format_number
from . import xmlutil
from .styles import CellStyle, Styles
from .xmlutil import NS_MAIN, NS_REL, q

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


def text_width(text: Any) -> int:
    """Display width: a CJK (wide) character counts double."""
    s = "" if text is None else str(text)
    return _width(max(s.split("\n"), key=len, default=""))


@lru_cache(maxsize=8192)
def _width(line: str) -> int:
    # the same texts come back (a column's width, then each row's height; 指标 names, rules)
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def shown(value: Any) -> str:
    """Entered and expected values as text: 9.6, "100%", 稳健运行."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def entered_text(f: Finding) -> str:
    return str(f.extra.get("entered_text") or shown(f.entered))


def expected_text(f: Finding) -> str:
    if f.extra.get("expected_text"):
        return str(f.extra["expected_text"])
    return shown(f.expected)


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
    ``sheets`` the names a link may point at."""
    st_title = styles.cell_style(CellStyle(bold=True, size=14, border=False, horizontal="left", wrap=False))
    st_head = styles.cell_style(CellStyle(bold=True, fill_rgb="FFD9D9D9", horizontal="center"))
    st_text = styles.cell_style(CellStyle(horizontal="left", vertical="top"))
    st_center = styles.cell_style(CellStyle(horizontal="center", vertical="top"))
    st_link = styles.cell_style(CellStyle(link=True, horizontal="center", vertical="top"))
    st_num = styles.cell_style(CellStyle(horizontal="center", vertical="top", wrap=False))

    root = etree.Element(q("worksheet"), nsmap={None: NS_MAIN, "r": NS_REL})
    pr = etree.SubElement(root, q("sheetPr"))
    etree.SubElement(pr, q("pageSetUpPr")).set("fitToPage", "1")
    ncols = len(COLUMNS)
    last_row = HEADER_ROW + max(len(findings), 1)
    etree.SubElement(root, q("dimension")).set("ref", f"A1:{col_letter(ncols)}{last_row}")
    views = etree.SubElement(root, q("sheetViews"))
    view = etree.SubElement(views, q("sheetView"))
    view.set("workbookViewId", "0")
    pane = etree.SubElement(view, q("pane"))
    for k, v in (("ySplit", str(HEADER_ROW)), ("topLeftCell", f"A{HEADER_ROW + 1}"), ("activePane", "bottomLeft"), ("state", "frozen")):
        pane.set(k, v)
    sel = etree.SubElement(view, q("selection"))
    sel.set("pane", "bottomLeft")
    sel.set("activeCell", f"A{HEADER_ROW + 1}")
    sel.set("sqref", f"A{HEADER_ROW + 1}")
    etree.SubElement(root, q("sheetFormatPr")).set("defaultRowHeight", "14.25")

    rows: list[list[tuple[Any, int]]] = []
    links: list[tuple[str, str, str]] = []  # (cell, location, display)
    for i, f in enumerate(findings):
        r = HEADER_ROW + 1 + i
        cell_style = st_center
        if f.sheet and f.sheet in sheets and f.cell and CELL_RE.match(f.cell):
            links.append((f"C{r}", f"{quote_sheet(f.sheet)}!{f.cell}", f.cell))
            cell_style = st_link
        rows.append([
            (i + 1, st_num), (f.sheet or "", st_text), (f.cell or "", cell_style), (f.code, st_center),
            (f.severity.label, st_center), (entered_text(f), st_text), (expected_text(f), st_text),
            ("是" if id(f) in applied else "", st_center), (f.message, st_text),
        ])
    if not findings:
        rows.append([("", st_num)] + [("", st_text)] * (ncols - 2) + [(NOTHING_FOUND, st_text)])

    widths = []
    for c, name in enumerate(COLUMNS):
        lo, hi = WIDTHS[name]
        need = max([text_width(name)] + [text_width(row[c][0]) for row in rows]) + 2
        widths.append(min(max(lo, need), hi))
    cols = etree.SubElement(root, q("cols"))
    for c, w in enumerate(widths, start=1):
        col = etree.SubElement(cols, q("col"))
        for k, v in (("min", str(c)), ("max", str(c)), ("width", f"{w:g}"), ("customWidth", "1")):
            col.set(k, v)

    # The rows as text, parsed once (lxml's parser builds the tree in C): a tree built
    # element by element cost more than the rest of the corrected copy.
    out = [f'<sheetData xmlns="{NS_MAIN}"><row r="1" ht="24" customHeight="1">',
           _cell("A1", title_text(findings, len(applied)), st_title), f'</row><row r="{HEADER_ROW}">']
    out.extend(_cell(f"{col_letter(c)}{HEADER_ROW}", name, st_head) for c, name in enumerate(COLUMNS, start=1))
    out.append("</row>")
    letters = [col_letter(c) for c in range(1, ncols + 1)]
    for i, values in enumerate(rows):
        r = HEADER_ROW + 1 + i
        lines = max(_lines(value, widths[c]) for c, (value, _) in enumerate(values))
        # not every program fits a wrapped row to its text on opening: say how tall it is
        height = f' ht="{LINE_HEIGHT * lines + 3:g}" customHeight="1"' if lines > 1 else ""
        out.append(f'<row r="{r}"{height}>')
        out.extend(_cell(f"{letters[c]}{r}", value, style) for c, (value, style) in enumerate(values))
        out.append("</row>")
    out.append("</sheetData>")
    root.append(xmlutil.parse("".join(out).encode("utf-8"), SHEET_NAME))

    merges = etree.SubElement(root, q("mergeCells"))
    merges.set("count", "1")
    etree.SubElement(merges, q("mergeCell")).set("ref", f"A1:{col_letter(ncols)}1")
    if links:
        hl = etree.SubElement(root, q("hyperlinks"))
        for ref, location, display in links:
            h = etree.SubElement(hl, q("hyperlink"))
            h.set("ref", ref)
            h.set("location", location)
            h.set("display", display)
    etree.SubElement(root, q("printOptions")).set("horizontalCentered", "1")
    margins = etree.SubElement(root, q("pageMargins"))
    for k, v in (("left", "0.5"), ("right", "0.5"), ("top", "0.75"), ("bottom", "0.75"), ("header", "0.3"), ("footer", "0.3")):
        margins.set(k, v)
    setup = etree.SubElement(root, q("pageSetup"))
    for k, v in (("paperSize", "9"), ("orientation", "landscape"), ("fitToWidth", "1"), ("fitToHeight", "0")):
        setup.set(k, v)
    hf = etree.SubElement(root, q("headerFooter"))
    etree.SubElement(hf, q("oddFooter")).text = "&C第 &P 页，共 &N 页"
    return ReviewSheet(xmlutil.serialize(root), f"${HEADER_ROW - 1}:${HEADER_ROW}")


def _lines(value: Any, width: float) -> int:
    """How many lines a wrapped text takes in a column ``width`` characters wide."""
    if value is None or value == "" or isinstance(value, (int, float)):
        return 1
    usable = max(width - 1.5, 1)
    return sum(max(1, -(-text_width(part) // int(usable))) for part in clip(str(value)).split("\n"))


def _escape(text: str) -> str:
    # \r as a character reference: a parser would read a bare one as a line end
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _cell(ref: str, value: Any, style: int) -> str:
    """One <c> as XML text: a number as <v>, text as an inline string."""
    head = f'<c r="{ref}" s="{style}"' if style else f'<c r="{ref}"'
    if value is None or value == "":
        return head + "/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{head}><v>{format_number(value) if isinstance(value, float) else value}</v></c>"
    text = clip(str(value))
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text or "  " in text else ""
    return f'{head} t="inlineStr"><is><t{space}>{_escape(xmlutil.excel_text(text))}</t></is></c>'


MAX_QUOTE = 500  # characters of a cell quoted in the list: a 32 767-character cell would make
# the copy's sheet a highly compressible part that the next run refuses as a zip bomb


def clip(text: str) -> str:
    if len(text) <= MAX_QUOTE:
        return text
    return f"{text[:MAX_QUOTE]}…（共 {len(text)} 字，余下从略）"
