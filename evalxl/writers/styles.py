"""styles.xml edited for the corrected copy: highlight clones of cell styles and the few
styles of the 审核意见 sheet.

Every entry added (font, fill, border, number format, cell format) is first looked for
among the existing ones (compared in canonical form), so a second run over a corrected
copy reuses what the first added instead of growing the part, and the same findings give
the same style indices.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..package import BUILTIN_FORMATS, HARDENED_PARSER
from . import xmlutil
from .xmlutil import NS_MAIN, q, shape

HIGHLIGHT_RGB = "FFFFFF00"  # yellow

# CT_Stylesheet's children, in schema order.
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
          "tableStyles", "colors", "extLst")
_BUILTIN_IDS = {code: fid for fid, code in BUILTIN_FORMATS.items()}
_TEXT_FORMAT_ID = 49  # "@"


@dataclass(frozen=True)
class CellStyle:
    """A style for the 审核意见 sheet, built on the workbook's default font."""

    bold: bool = False
    size: float | None = None
    link: bool = False  # blue, underlined
    fill_rgb: str | None = None
    border: bool = True
    horizontal: str | None = None  # "center" | "left" ...
    vertical: str = "center"
    wrap: bool = True


class Styles:
    def __init__(self, data: bytes, part: str = "xl/styles.xml"):
        self.root = xmlutil.parse(data, part)
        self.changed = False
        self._highlights: dict[tuple[int, str | None], int] = {}
        self._found: dict[tuple[str, tuple], int] = {}  # _add_copy's answers
        self._fonts: dict[tuple, int] = {}  # _font's answers
        self._containers: dict[str, etree._Element | None] = {}
        # container -> (its entries' indices by tag and attributes, its entries, the
        # canonical forms computed so far)
        self._index: dict[str, tuple[dict[tuple, list[int]], list[etree._Element], dict[int, tuple]]] = {}

    # -- containers -------------------------------------------------------------------------

    def _find(self, name: str) -> etree._Element | None:
        """The container ``name``, looked for once (containers are added, never removed;
        an ElementPath find costs more than the rest of a style's lookup)."""
        el = self._containers.get(name)
        if el is None:
            el = self._containers[name] = next(self.root.iterchildren(q(name)), None)
        return el

    def _container(self, name: str) -> etree._Element:
        el = self._find(name)
        if el is not None:
            return el
        el = self._containers[name] = etree.Element(q(name))
        el.set("count", "0")
        xmlutil.insert_in_order(self.root, el, _ORDER, before_alternate=True)
        self.changed = True
        return el

    def _entries(self, name: str) -> list[etree._Element]:
        el = self._find(name)
        return [] if el is None else [c for c in el if isinstance(c.tag, str)]

    def _indexed(self, container: str) -> tuple[dict[tuple, list[int]], list[etree._Element], dict[int, tuple]]:
        """A container's entries by tag and attributes, its entries, and the canonical
        forms computed so far (only for entries that match a looked-for one that far)."""
        if container not in self._index:
            heads: dict[tuple, list[int]] = {}
            entries = self._entries(container)
            for i, e in enumerate(entries):
                heads.setdefault((e.tag, tuple(sorted(e.attrib.items()))), []).append(i)
            self._index[container] = (heads, entries, {})
        return self._index[container]

    def _add(self, container: str, entry: etree._Element, key: tuple | None = None) -> int:
        """The index of an entry equal to ``entry`` (``key``: its shape, when known),
        appending it when there is none."""
        if key is None:
            key = shape(entry)
        heads, entries, shapes = self._indexed(container)
        child_tags = [c[0] for c in key[3]]
        for i in heads.get(key[:2], ()):
            if i not in shapes:
                # children's tags first: most entries differ there, at a fraction of the cost
                if [c.tag for c in entries[i].iterchildren(etree.Element)] != child_tags:
                    continue
                shapes[i] = shape(entries[i])
            if shapes[i] == key:
                return i
        parent = self._container(container)
        parent.append(entry)
        n = len(entries)
        parent.set("count", str(n + 1))
        heads.setdefault(key[:2], []).append(n)
        entries.append(entry)
        shapes[n] = key
        self.changed = True
        return n

    # -- number formats ---------------------------------------------------------------------

    def number_format_id(self, code: str) -> int:
        if code in _BUILTIN_IDS:
            return _BUILTIN_IDS[code]
        numfmts = self._entries("numFmts")
        used = set()
        for nf in numfmts:
            try:
                fid = int(nf.get("numFmtId", "-1"))
            except ValueError:
                continue
            used.add(fid)
            if nf.get("formatCode") == code:
                return fid
        fid = max([163, *used]) + 1
        el = etree.Element(q("numFmt"))
        el.set("numFmtId", str(fid))
        el.set("formatCode", code)
        parent = self._container("numFmts")
        parent.append(el)
        parent.set("count", str(len(numfmts) + 1))
        self.changed = True
        return fid

    def xf(self, index: int) -> etree._Element | None:
        xfs = self._indexed("cellXfs")[1]  # listed once: a highlight asks per corrected cell
        return xfs[index] if 0 <= index < len(xfs) else None

    # -- the highlight ----------------------------------------------------------------------

    def highlight(self, index: int, number_format: str | None = None) -> int:
        """A cellXfs entry like ``index`` with a solid yellow fill (and, when given, the
        number format): one per original style and format."""
        key = (index, number_format)
        if key in self._highlights:
            return self._highlights[key]
        base = self.xf(index)
        if base is None:
            base = self.xf(0)
        clone = copy.deepcopy(base) if base is not None else etree.Element(q("xf"), numFmtId="0", fontId="0", fillId="0", borderId="0", xfId="0")
        fill_id = self._add_copy("fills", _solid_fill(HIGHLIGHT_RGB))
        clone.set("fillId", str(fill_id))
        clone.set("applyFill", "1")
        if number_format is not None:
            clone.set("numFmtId", str(self.number_format_id(number_format)))
            clone.set("applyNumberFormat", "1")
        elif clone.get("numFmtId") == str(_TEXT_FORMAT_ID):
            # a number written into a cell formatted as text would turn back into text on
            # the next edit in Excel: the corrected number gets the General format
            clone.set("numFmtId", "0")
            clone.set("applyNumberFormat", "1")
        result = self._add("cellXfs", clone)
        self._highlights[key] = result
        return result

    # -- styles of the 审核意见 sheet -------------------------------------------------------

    def _add_copy(self, container: str, proto: tuple[etree._Element, tuple]) -> int:
        """``_add`` of a prototype entry and its shape (made once): copied only when appended,
        and looked for once per workbook (entries are only appended, so the first equal one
        stays the first)."""
        memo = (container, proto[1])
        if memo not in self._found:
            self._found[memo] = self._add(container, copy.deepcopy(proto[0]), proto[1])
        return self._found[memo]

    def _font(self, style: CellStyle) -> int:
        """The workbook's default font, bold, sized or as a link: once per kind."""
        kind = (style.bold, style.size, style.link)
        if kind not in self._fonts:
            fonts = self._entries("fonts")  # the first font now: without any, the first one added
            base = (etree.tostring(fonts[0], with_tail=False), fonts[0].tail) if fonts else (b"", None)
            proto = _font_proto(*base, kind)
            self._fonts[kind] = self._add_copy("fonts", proto)
        return self._fonts[kind]

    def cell_style(self, style: CellStyle) -> int:
        font_id = self._font(style)
        fill_id = self._add_copy("fills", _solid_fill(style.fill_rgb)) if style.fill_rgb else 0
        border_id = self._add_copy("borders", _thin_border()) if style.border else 0
        return self._add_copy("cellXfs", _cell_xf(style, font_id, fill_id, border_id))

    def to_bytes(self) -> bytes:
        return xmlutil.serialize(self.root)


@lru_cache(maxsize=64)
def _font_proto(base: bytes, tail: str | None, kind: tuple) -> tuple[etree._Element, tuple]:
    """A review font made from a copy of the workbook's default font (``base``, serialised
    with the namespaces in scope, b"" for none; ``tail``, the text after it, which a copy
    keeps) and its shape (a prototype: ``_add`` gets a copy): once per process for each
    default font and kind, since workbooks of one template share their default font."""
    bold, size, link = kind
    font = etree.fromstring(base, HARDENED_PARSER) if base else etree.Element(q("font"))
    font.tail = tail
    drop = {"b"} | ({"u", "color"} if link else set()) | ({"sz"} if size else set())
    for child in list(font):
        if xmlutil.local_name(child.tag) in drop:
            font.remove(child)
    if bold:
        font.insert(0, etree.Element(q("b")))
    if link:
        font.insert(0, etree.Element(q("u")))
        color = etree.Element(q("color"))
        color.set("rgb", "FF0563C1")
        font.append(color)
    if size:
        sz = etree.Element(q("sz"))
        sz.set("val", f"{size:g}")
        font.insert(0, sz)
    return font, shape(font)


@lru_cache(maxsize=256)
def _cell_xf(style: CellStyle, font_id: int, fill_id: int, border_id: int) -> tuple[etree._Element, tuple]:
    """A review style's cellXfs entry and its shape (a prototype: ``_add_copy`` copies it),
    made once per process for each style and ids (workbooks of one template share them)."""
    xf = etree.Element(q("xf"))
    for k, v in (("numFmtId", "0"), ("fontId", str(font_id)), ("fillId", str(fill_id)),
                 ("borderId", str(border_id)), ("xfId", "0")):
        xf.set(k, v)
    if font_id:
        xf.set("applyFont", "1")
    if fill_id:
        xf.set("applyFill", "1")
    if border_id:
        xf.set("applyBorder", "1")
    xf.set("applyAlignment", "1")
    align = etree.SubElement(xf, q("alignment"))
    if style.horizontal:
        align.set("horizontal", style.horizontal)
    align.set("vertical", style.vertical)
    if style.wrap:
        align.set("wrapText", "1")
    return xf, shape(xf)


@lru_cache(maxsize=16)
def _solid_fill(rgb: str) -> tuple[etree._Element, tuple]:
    """A solid fill and its shape (a prototype: ``_add_copy`` copies it)."""
    fill = etree.Element(q("fill"))
    pattern = etree.SubElement(fill, q("patternFill"))
    pattern.set("patternType", "solid")
    etree.SubElement(pattern, q("fgColor")).set("rgb", rgb)
    etree.SubElement(pattern, q("bgColor")).set("indexed", "64")
    return fill, shape(fill)


@lru_cache(maxsize=1)
def _thin_border() -> tuple[etree._Element, tuple]:
    """A thin border and its shape (a prototype: ``_add_copy`` copies it)."""
    border = etree.Element(q("border"))
    for side in ("left", "right", "top", "bottom"):
        el = etree.SubElement(border, q(side))
        el.set("style", "thin")
        etree.SubElement(el, q("color")).set("indexed", "64")
    etree.SubElement(border, q("diagonal"))
    return border, shape(border)


__all__ = ["Styles", "CellStyle", "HIGHLIGHT_RGB", "NS_MAIN"]
