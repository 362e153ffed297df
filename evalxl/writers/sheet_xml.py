"""A worksheet part edited in place, byte by byte.

The sheet XML is never re-serialised as a whole: rows and cells are found by their tags
(a row cannot nest, a cell holds no other cell), the few ``<c>`` elements that change are
parsed on their own (inside a wrapper carrying the root's namespace declarations), edited
with lxml and spliced back. Every other byte of the part stays as the unit's program
wrote it, and a 100 000-row sheet costs a scan, not a tree. The values a recalculation
needs are read by pattern from plain cells (a ``<v>``, maybe an ``<f>``, nothing a parser
must resolve), by parsing any other row.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from lxml import etree

from ..a1 import address, col_index
from . import xmlutil
from .cell_xml import cell_value, typed_value
from .xmlutil import q

_ATTRS = xmlutil.ATTRS
_R_CELL = re.compile(rb"""(?:^|\s)r\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d+)["']""")
_R_ROW = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")

WRAPPER = b"evalxl-fragment"
UNKNOWN = object()  # plain_value: only row_values can tell
_C_TAG = q("c")


@lru_cache(maxsize=4096)
def _col_index(letters: bytes) -> int:
    return col_index(letters.decode("ascii"))


def _matched_value(m: re.Match, strings: Callable[[], list[str]]) -> object:
    """The value of a cell ``_plain_cell`` matched (UnicodeDecodeError for bytes not UTF-8)."""
    _, t, v = m.groups()
    return typed_value(t.decode("utf-8") if t is not None else "n", v.decode("utf-8") if v else None, strings)


class SheetXmlError(Exception):
    """The part is not a worksheet this module can edit (no root, no sheetData)."""


@dataclass
class RowSpan:
    num: int
    start: int
    end: int  # exclusive
    tag_end: int  # just after the start tag
    self_closing: bool
    cells: list["CellSpan"] | None = None
    plain: bool | None = None  # see SheetXml._row_plain


@dataclass
class CellSpan:
    row: int
    col: int
    start: int
    end: int


@dataclass
class _Edit:
    start: int
    end: int
    data: bytes
    order: int


@dataclass
class SheetXml:
    data: bytes
    part: str = "sheet"
    _edits: list[_Edit] = field(default_factory=list)

    def __post_init__(self) -> None:
        xmlutil.refuse_dtd(self.data, self.part)
        root = xmlutil.first_start_tag(self.data)
        if root is None:
            raise SheetXmlError(f"{self.part}: no root element")
        self.root_tag = root
        self.prefix = xmlutil.prefix_of(root.group(2)).encode("ascii")
        p = re.escape(self.prefix)
        sd = re.compile(rb"<" + p + rb"sheetData(?=[\s/>])" + _ATTRS + rb"(/?)>").search(self.data, root.end())
        if sd is None:
            raise SheetXmlError(f"{self.part}: no sheetData")
        self.ns = xmlutil.ns_declarations(root.group(0)) + xmlutil.ns_declarations(sd.group(0))
        self.sheetdata_start = sd.start()
        self.sheetdata_tag_end = sd.end()
        self.sheetdata_empty = bool(sd.group(2))
        if self.sheetdata_empty:
            self.sheetdata_close = self.sheetdata_end = sd.end()
        else:
            close = b"</" + self.prefix + b"sheetData>"
            pos = self.data.find(close, sd.end())
            if pos < 0:
                raise SheetXmlError(f"{self.part}: sheetData not closed")
            self.sheetdata_close, self.sheetdata_end = pos, pos + len(close)
        end_root = self.data.rfind(b"</" + root.group(2) + b">")
        self.root_close = end_root if end_root >= self.sheetdata_end else len(self.data)
        self._row_start = re.compile(rb"<" + p + rb"row(?=[\s/>])" + _ATTRS + rb"(/?)>")
        self._cell_re = re.compile(rb"<" + p + rb"c(?=[\s/>])" + _ATTRS + rb"(?:/>|>.*?</" + p + rb"c>)", re.S)
        # a cell holding at most an <f> and a <v> with plain text, read without a parser:
        # (column letters of r, t, the <v>'s text)
        self._plain_cell = re.compile(
            rb"\s*<" + p + rb"c(?:\s+(?:r\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?\d+[\"']|t\s*=\s*[\"']([^\"'<]*)[\"']"
            + rb"""|[A-Za-z_][\w.\-:]*\s*=\s*(?:"[^"<]*"|'[^'<]*')))*\s*(?:/>|>\s*(?:<""" + p
            + rb"f(?:\s[^<>]*)?(?:/>|>[^<]*</" + p + rb"f\s*>)\s*)?(?:<" + p + rb"v\s*/>|<" + p
            + rb"v\s*>([^<]*)</" + p + rb"v\s*>)?\s*</" + p + rb"c\s*>)")
        self._cell_start = re.compile(rb"<" + p + rb"c[\s/>]")
        # the pattern reads cells only where their prefix surely means the main namespace
        bound = re.findall(rb"""xmlns""" + (b":" + re.escape(self.prefix[:-1]) if self.prefix else b"")
                           + rb"""\s*=\s*["']([^"']*)["']""", self.ns)
        self._main_ns = bool(bound) and bound[-1] == xmlutil.NS_MAIN.encode()
        self._rows: list[RowSpan] | None = None
        self._tail: list[xmlutil.Span] | None = None
        self._head: list[xmlutil.Span] | None = None
        self._by_num: dict[int, RowSpan] = {}

    # -- finding rows and cells -----------------------------------------------------------

    def rows(self) -> list[RowSpan]:
        if self._rows is None:
            out: list[RowSpan] = []
            num = 0
            data, pos, close = self.data, self.sheetdata_tag_end, self.sheetdata_close
            end_tag = b"</" + self.prefix + b"row>"
            while not self.sheetdata_empty:
                # a start tag, then the first end tag after it (rows do not nest): what a
                # lazy pattern over the whole row finds, without stepping through its bytes
                m = self._row_start.search(data, pos, close)
                if m is None:
                    break
                if m.group(2):
                    end = m.end()
                else:
                    end = data.find(end_tag, m.end(), close)
                    if end < 0:
                        pos = m.start() + 1
                        continue
                    end += len(end_tag)
                r = _R_ROW.search(m.group(1))
                num = int(r.group(1)) if r else num + 1
                out.append(RowSpan(num, m.start(), end, m.end(), bool(m.group(2))))
                pos = end
            self._rows = out
            self._by_num = {r.num: r for r in out}
        return self._rows

    def row(self, num: int) -> RowSpan | None:
        self.rows()
        return self._by_num.get(num)

    def cells(self, row: RowSpan) -> list[CellSpan]:
        if row.cells is None:
            out: list[CellSpan] = []
            col = 0
            if not row.self_closing:
                for m in self._cell_re.finditer(self.data, row.tag_end, row.end):
                    r = _R_CELL.search(m.group(1))
                    col = _col_index(r.group(1)) if r else col + 1
                    out.append(CellSpan(row.num, col, m.start(), m.end()))
            row.cells = out
        return row.cells

    def row_values(self, row: RowSpan, strings: Callable[[], list[str]]) -> dict[int, object]:
        """Each cell's value (as ``cell_value`` gives it) by column. A row of plain cells
        is read by pattern (a SUM over 200 rows reads them all); any other row is parsed."""
        values = self._plain_values(row, strings)
        if values is not None:
            return values
        cells = self.cells(row)
        # the row parsed once, not cell by cell; cell by cell only if its children are not
        # exactly the cells found
        parsed = [el for el in self.parse(row.start, row.end) if el.tag == _C_TAG]
        if len(parsed) != len(cells):
            parsed = [self.parse(c.start, c.end) for c in cells]
        return {c.col: cell_value(el, strings) for c, el in zip(cells, parsed)}

    def _plain_values(self, row: RowSpan, strings: Callable[[], list[str]]) -> dict[int, object] | None:
        """None unless the row holds nothing but plain cells: no entity, CDATA, comment,
        carriage return, namespace declaration or inline string, which only a parser reads
        right. The cells are walked one after the other, as ``cells`` finds them."""
        data = self.data
        values: dict[int, object] = {}
        if row.self_closing:
            return values
        if not self._parser_free(data[row.start:row.end]):
            return None
        pos, end = row.tag_end, row.end - len(self.prefix) - 6  # before </row>
        col = 0
        match = self._plain_cell.match
        try:
            while pos < end:
                m = match(data, pos, end)
                if m is None:
                    return None if data[pos:end].strip() else values
                letters = m.group(1)
                col = _col_index(letters) if letters else col + 1
                values[col] = _matched_value(m, strings)
                pos = m.end()
        except UnicodeDecodeError:
            return None
        return values

    def plain_value(self, row: RowSpan, col: int, strings: Callable[[], list[str]]) -> object:
        """One cell's value read by pattern where it is plain and its row names every
        cell's column in r (as Excel writes it: r first): what ``row_values`` gives for
        it, without reading the rest of the row. UNKNOWN where only ``row_values`` can tell
        (a cell not found is not known to be empty)."""
        if not self._row_plain(row):
            return UNKNOWN
        needle = b"<" + self.prefix + b'c r="' + address(row.num, col).encode("ascii") + b'"'
        data = self.data
        pos = data.find(needle, row.tag_end, row.end)
        if pos < 0 or data.find(needle, pos + len(needle), row.end) >= 0:
            return UNKNOWN
        m = self._plain_cell.match(data, pos, row.end)
        if m is None:
            return UNKNOWN
        try:
            return _matched_value(m, strings)
        except UnicodeDecodeError:
            return UNKNOWN

    def _row_plain(self, row: RowSpan) -> bool:
        """No entity, carriage return, comment, CDATA or namespace declaration in the row,
        and r first in each of its cells."""
        if row.plain is None:
            body = self.data[row.start:row.end]
            row.plain = (self._parser_free(body) and b"<!" not in body
                         and len(self._cell_start.findall(body)) == body.count(b"<" + self.prefix + b'c r="'))
        return row.plain

    def _parser_free(self, body: bytes) -> bool:
        """No entity, carriage return or namespace declaration in a row, and its prefix
        surely the main namespace's: what both pattern readings require."""
        return self._main_ns and b"&" not in body and b"\r" not in body and b"xmlns" not in body

    def cell(self, row: int, col: int) -> CellSpan | None:
        r = self.row(row)
        if r is None:
            return None
        return next((c for c in self.cells(r) if c.col == col), None)

    def formula_cells(self) -> list[CellSpan]:
        """Every cell holding an ``<f>`` element, in document order."""
        rows = self.rows()
        if not rows:
            return []
        starts = [r.start for r in rows]
        f_re = re.compile(rb"<" + re.escape(self.prefix) + rb"f(?=[\s/>])")
        seen: set[tuple[int, int]] = set()
        out: list[CellSpan] = []
        for m in f_re.finditer(self.data, self.sheetdata_tag_end, self.sheetdata_close):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0:
                continue
            row = rows[i]
            for c in self.cells(row):
                if c.start <= m.start() < c.end and (c.row, c.col) not in seen:
                    seen.add((c.row, c.col))
                    out.append(c)
                    break
        return out

    # -- fragments ------------------------------------------------------------------------

    def parse(self, start: int, end: int) -> etree._Element:
        """The element in data[start:end], parsed with the root's namespaces in scope."""
        wrapped = b"<" + WRAPPER + self.ns + b">" + self.data[start:end] + b"</" + WRAPPER + b">"
        wrapper = etree.fromstring(wrapped, xmlutil.parser())
        return wrapper[0]

    def new_element(self, local: str) -> etree._Element:
        """An empty element of the main namespace inside a wrapper, ready to edit."""
        wrapper = etree.fromstring(b"<" + WRAPPER + self.ns + b"/>", xmlutil.parser())
        return etree.SubElement(wrapper, q(local))

    @staticmethod
    def to_bytes(el: etree._Element) -> bytes:
        """An element parsed by ``parse`` (or made by ``new_element``), as bytes to splice."""
        wrapper = el.getparent()
        for other in list(wrapper):
            if other is not el:
                wrapper.remove(other)
        data = etree.tostring(wrapper, encoding="UTF-8", xml_declaration=False)
        head = data.index(b">") + 1
        tail = data.rindex(b"</")
        return data[head:tail]

    # -- edits ----------------------------------------------------------------------------

    def replace(self, start: int, end: int, data: bytes) -> None:
        self._edits.append(_Edit(start, end, data, len(self._edits)))

    def insert(self, pos: int, data: bytes) -> None:
        self.replace(pos, pos, data)

    @property
    def changed(self) -> bool:
        return bool(self._edits)

    def result(self) -> bytes:
        if not self._edits:
            return self.data
        view = memoryview(self.data)  # slices of a view copy nothing: a 30 MB sheet is joined once
        out = []
        pos = 0
        for e in sorted(self._edits, key=lambda e: (e.start, e.end, e.order)):
            if e.start < pos:
                raise SheetXmlError(f"{self.part}: overlapping edits")
            out.append(view[pos:e.start])
            out.append(e.data)
            pos = e.end
        out.append(view[pos:])
        return b"".join(out)

    # -- the parts around sheetData ---------------------------------------------------------

    def tail(self) -> list[xmlutil.Span]:
        """The elements after </sheetData> (mergeCells … extLst); ``data`` never changes
        (edits are kept aside), so they are found once."""
        if self._tail is None:
            self._tail = xmlutil.top_level(self.data, self.sheetdata_end, self.root_close)
        return self._tail

    def head(self) -> list[xmlutil.Span]:
        """The elements before <sheetData> (sheetPr, dimension, sheetViews, cols …)."""
        if self._head is None:
            self._head = xmlutil.top_level(self.data, self.root_tag.end(), self.sheetdata_start)
        return self._head

    def column_styles(self) -> list[tuple[int, int, int]]:
        """(min, max, style) of every <col> with a style."""
        out = []
        for span in self.head():
            if span.name != "cols" or span.self_closing:
                continue
            for col in self.parse(span.start, span.end):
                try:
                    lo, hi = int(col.get("min", "0")), int(col.get("max", "0"))
                    s = int(col.get("style", "0"))
                except ValueError:
                    continue
                if s:
                    out.append((lo, hi, s))
        return out

    def default_style(self, row: int, col: int) -> int:
        """The style a missing cell shows: its row's (customFormat) or its column's."""
        r = self.row(row)
        if r is not None:
            tag = self.data[r.start:r.tag_end]
            if re.search(rb"""customFormat\s*=\s*["'](1|true)["']""", tag):
                m = re.search(rb"""(?:^|\s)s\s*=\s*["'](\d+)["']""", tag)
                if m:
                    return int(m.group(1))
        for lo, hi, s in self.column_styles():
            if lo <= col <= hi:
                return s
        return 0
