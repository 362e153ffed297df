"""Cell values in a worksheet's XML: what a parsed ``<c>`` holds (a formula's cached value
included), a ``<v>``'s text by its cell type, and the edits of a corrected cell (a new
value, a new cached value), plus the dimension grown to cover new cells.
"""

from __future__ import annotations

from typing import Callable, Iterable

from lxml import etree

from ..a1 import col_letter, split_address
from . import xmlutil
from .formulas import XlError
from .xmlutil import q


def cell_value(c: etree._Element, strings: Callable[[], list[str]]) -> object:
    """The value a parsed ``<c>`` holds (a formula's cached value): float, str, bool,
    an ``XlError`` (from formulas), or None for an empty cell."""
    t = c.get("t", "n")
    v = c.find(q("v"))
    text = v.text if v is not None else None
    if t == "inlineStr":
        is_ = c.find(q("is"))
        if is_ is None:
            return None
        return "".join(x.text or "" for x in is_.iter(q("t")) if x.getparent().tag != q("rPh"))
    return typed_value(t, text, strings)


def typed_value(t: str, text: str | None, strings: Callable[[], list[str]]) -> object:
    """A <v>'s text as the value its cell type ``t`` (not inlineStr) says."""
    if text is None:
        return None
    if t == "s":
        try:
            return strings()[int(text)]
        except (ValueError, IndexError):
            return None
    if t == "str":
        return text
    if t == "b":
        return text.strip() in ("1", "true")
    if t == "e":
        return XlError(text.strip())
    try:
        return float(text)
    except ValueError:
        return text


def number_text(x: float | int) -> str:
    """A number as Excel writes it in <v>: 10, 9.6, 0.30000000000000004."""
    f = float(x)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def set_cached(c: etree._Element, value: object) -> None:
    """Set the cached value of a formula cell (keeps <f>): number, text, bool or error."""
    for child in c.findall(q("is")):
        c.remove(child)
    v = c.find(q("v"))
    if v is None:
        v = etree.Element(q("v"))
        f = c.find(q("f"))
        if f is not None:
            f.addnext(v)
        else:
            c.insert(0, v)
    if isinstance(value, bool):
        c.set("t", "b")
        v.text = "1" if value else "0"
    elif isinstance(value, (int, float)):
        if "t" in c.attrib:
            del c.attrib["t"]
        v.text = number_text(value)
    elif isinstance(value, XlError):
        c.set("t", "e")
        v.text = value.code
    else:
        c.set("t", "str")
        v.text = xmlutil.excel_text(str(value))


def set_value(c: etree._Element, value: float | int | str) -> None:
    """Replace a cell's content by a constant (drops <f>, <is>, shared-string type)."""
    for child in list(c):
        if xmlutil.local_name(child.tag) in ("f", "v", "is"):
            c.remove(child)
    for attr in ("vm", "cm"):
        c.attrib.pop(attr, None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        c.attrib.pop("t", None)
        v = etree.Element(q("v"))
        v.text = number_text(value)
        c.insert(0, v)
    else:
        c.set("t", "inlineStr")
        is_ = etree.Element(q("is"))
        xmlutil.set_text(etree.SubElement(is_, q("t")), str(value))
        c.insert(0, is_)


def widen_ref(ref: str, cells: Iterable[tuple[int, int]]) -> str:
    """A dimension ref grown to include cells: "A1:H20" + (22, 9) -> "A1:I22"."""
    try:
        if ":" in ref:
            a, b = ref.split(":", 1)
            r1, c1 = split_address(a)
            r2, c2 = split_address(b)
        else:
            r1, c1 = r2, c2 = split_address(ref)
    except ValueError:
        return ref
    for r, c in cells:
        r1, c1, r2, c2 = min(r1, r), min(c1, c), max(r2, r), max(c2, c)
    return f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}" if (r1, c1) != (r2, c2) else f"{col_letter(c1)}{r1}"
