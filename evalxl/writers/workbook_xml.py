"""workbook.xml edited for the corrected copy: the 审核意见 sheet's <sheet>, its defined
names (print titles, the hidden marker that says the sheet is evalxl's), and
<calcPr fullCalcOnLoad="1"/>. Everything else in the part is left as it is.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from lxml import etree

from . import xmlutil
from .xlsx_patch import PackagePatch
from .xmlutil import CT_WORKSHEET, NS_MAIN, NS_REL, REL_CALC_CHAIN, REL_WORKSHEET, q

# CT_Workbook's children, in schema order.
_ORDER = ("fileVersion", "fileSharing", "workbookPr", "AlternateContent", "revisionPtr", "absPath",
          "workbookProtection", "bookViews", "sheets", "functionGroups", "externalReferences", "definedNames",
          "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
          "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class SheetEntry:
    el: etree._Element
    name: str
    rid: str
    part: str | None  # None for a sheet whose relationship is missing or external
    index: int  # position in <sheets>, what localSheetId counts


def parse_ref_sheet(text: str) -> str | None:
    """The sheet of a defined name's formula: "'审核意见'!$A$1" -> "审核意见"."""
    text = (text or "").strip()
    if text.startswith("'"):
        m = re.match(r"'((?:[^']|'')+)'!", text)
        return m.group(1).replace("''", "'") if m else None
    m = re.match(r"([^!]+)!", text)
    return m.group(1) if m else None


class WorkbookXml:
    def __init__(self, patch: PackagePatch):
        self.patch = patch
        self.part = patch.pkg.workbook_part
        self.root = xmlutil.parse(patch.read(self.part), self.part)
        self.rels = patch.rels(self.part)
        self.changed = False
        self._sheets: list[SheetEntry] | None = None  # asked three times a copy; add_sheet resets it

    # -- sheets -----------------------------------------------------------------------------

    def sheets(self) -> list[SheetEntry]:
        if self._sheets is None:
            self._sheets = self._read_sheets()
        return list(self._sheets)

    def _read_sheets(self) -> list[SheetEntry]:
        out = []
        holder = self.root.find(q("sheets"))
        if holder is None:
            return out
        for i, el in enumerate(holder.findall(q("sheet"))):
            rid = el.get(f"{{{NS_REL}}}id", "")
            got = self.rels.get(rid)
            part = got[1] if got and got[1] and self.patch.has(got[1]) else None
            out.append(SheetEntry(el, el.get("name", ""), rid, part, i))
        return out

    def sheet(self, name: str) -> SheetEntry | None:
        sheets = self.sheets()
        for s in sheets:
            if s.name == name:
                return s
        low = name.lower()
        return next((s for s in sheets if s.name.lower() == low), None)

    def free_name(self, wanted: str) -> str:
        taken = {s.name.lower() for s in self.sheets()}
        if wanted.lower() not in taken:
            return wanted
        n = 2
        while f"{wanted}({n})".lower() in taken:
            n += 1
        return f"{wanted}({n})"

    def add_sheet(self, name: str, data: bytes) -> SheetEntry:
        """A new worksheet at the end: part, relationship, content type, <sheet>."""
        name = _INVALID_SHEET_CHARS.sub("_", name)[:31]
        folder = posixpath.dirname(self.part)
        part = self.patch.unique_name(posixpath.join(folder, "worksheets", "sheet{}.xml"))
        self.patch.write(part, data)
        self.patch.content_types().override(part, CT_WORKSHEET)
        rid = self.rels.add(REL_WORKSHEET, part)
        holder = self._child("sheets")
        ids = []
        for el in holder.findall(q("sheet")):
            try:
                ids.append(int(el.get("sheetId", "0")))
            except ValueError:
                pass
        el = etree.SubElement(holder, q("sheet"))
        el.set("name", name)
        el.set("sheetId", str(max(ids, default=0) + 1))
        el.set(f"{{{NS_REL}}}id", rid)
        self.changed = True
        self._sheets = None
        return SheetEntry(el, name, rid, part, len(holder.findall(q("sheet"))) - 1)

    # -- defined names ----------------------------------------------------------------------

    def defined_names(self) -> list[etree._Element]:
        holder = self.root.find(q("definedNames"))
        return [] if holder is None else holder.findall(q("definedName"))

    def defined_name(self, name: str, local: int | None = None) -> etree._Element | None:
        for el in self.defined_names():
            if el.get("name", "").lower() == name.lower() and el.get("localSheetId") == (None if local is None else str(local)):
                return el
        return None

    def set_defined_name(self, name: str, value: str, local: int | None = None, hidden: bool = False) -> None:
        el = self.defined_name(name, local)
        if el is None:
            el = etree.SubElement(self._child("definedNames"), q("definedName"))
            el.set("name", name)
            if local is not None:
                el.set("localSheetId", str(local))
            if hidden:
                el.set("hidden", "1")
            self.changed = True
        if el.text != value:
            el.text = value
            self.changed = True

    def remove_defined_name(self, el: etree._Element) -> None:
        parent = el.getparent()
        parent.remove(el)
        if not len(parent):
            self.root.remove(parent)
        self.changed = True

    # -- calculation ------------------------------------------------------------------------

    def recalculate_on_open(self) -> None:
        calc = self._child("calcPr")
        if calc.get("fullCalcOnLoad") not in ("1", "true"):
            calc.set("fullCalcOnLoad", "1")
            self.changed = True

    def drop_calc_chain(self) -> None:
        """Remove calcChain.xml: a chain naming a cell that no longer holds a formula makes
        Excel repair the file; it rebuilds the chain itself on the full recalculation."""
        for rid, target in self.rels.of_type(REL_CALC_CHAIN):
            self.rels.remove(rid)
            self.patch.remove(target)
            self.patch.content_types().remove_override(target)

    # -- helpers ----------------------------------------------------------------------------

    def _child(self, name: str) -> etree._Element:
        el = self.root.find(q(name))
        if el is not None:
            return el
        el = xmlutil.insert_in_order(self.root, etree.Element(q(name)), _ORDER)
        self.changed = True
        return el

    def flush(self) -> None:
        if self.changed:
            self.patch.write(self.part, xmlutil.serialize(self.root))


__all__ = ["WorkbookXml", "SheetEntry", "parse_ref_sheet", "NS_MAIN"]
