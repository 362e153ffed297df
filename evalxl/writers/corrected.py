"""The corrected copy of a workbook.

    write_corrected(src, dst, findings, source_format="xlsx")

The copy looks exactly like what the unit sent, except where a number was wrong. The
package is edited surgically (see xlsx_patch): every part is copied byte for byte except

- the sheet XML of a table with fixes, where only the ``<c>`` of the corrected cells (a
  highlight style, the new value) and of the formulas that depend on them (a new cached
  value) change (sheet_xml, sheet_fix);
- styles.xml (a highlight clone of each corrected cell's style, the 审核意见 styles);
- the comments part and VML drawing of those sheets (a note on each corrected cell:
  「原填报 9.6；应为 10：…」), extended when the sheet has notes already (comments);
- workbook.xml, its .rels and [Content_Types].xml, for the 审核意见 sheet appended at the
  end (review_sheet) and for ``fullCalcOnLoad`` (workbook_xml).

A second run over a corrected copy replaces its 审核意见 sheet (found by a hidden defined
name) instead of adding another. A workbook without any finding is copied byte for byte.
An .xls is first rebuilt as .xlsx (xls_convert), then corrected. ``dst`` is written to a
temp file in its own folder and renamed into place; nothing is written beside ``src``.
"""

from __future__ import annotations

import hashlib
import io
import math
import posixpath
import shutil
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from .. import atomic
from ..a1 import CELL_RE, split_address
from ..findings import Finding
from ..package import DEFAULT_LIMITS, REL_STYLES, Limits, XlsxPackage
from . import review_sheet
from .comments import SheetNotes
from .sheet_fix import FillRequest, FixRequest, SheetFixer
from .sheet_xml import SheetXml, SheetXmlError
from .styles import Styles
from .workbook_xml import WorkbookXml, parse_ref_sheet
from .xlsx_patch import PackagePatch
from .xmlutil import CT_STYLES

MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="\xe5\xae\x8b\xe4\xbd\x93"/><family val="3"/><charset val="134"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)

__all__ = ["write_corrected"]


def write_corrected(src: Path, dst: Path, findings: list[Finding], *, source_format: str,
                    limits: Limits = DEFAULT_LIMITS) -> None:
    """The corrected copy of ``src`` at ``dst`` (atomically). ``limits`` are the zip guards
    the reader applied, so a file it accepted is not refused here."""
    src, dst = Path(src), Path(dst)  # dst's folder is made by atomic_file
    if source_format == "xls":
        from .xls_convert import convert

        converted = io.BytesIO()  # built in memory: no temp file to create, reread and remove
        convert(src, converted)
        _write(converted, dst, findings, limits)
        return
    _write(src, dst, findings, limits)


def _write(src: Path | io.BytesIO, dst: Path, findings: list[Finding], limits: Limits) -> None:
    with XlsxPackage(src, limits) as pkg, atomic.atomic_file(dst) as out:
        corrector = Corrector(pkg, findings)
        if corrector.untouched():
            if isinstance(src, io.BytesIO):
                out.write(src.getbuffer())
            else:
                with open(src, "rb") as fh:
                    shutil.copyfileobj(fh, out)
        else:
            corrector.write(out)


REVIEW_SEAL = b"<!--evalxl-review sha256="


def _seal(data: bytes) -> bytes:
    """The review sheet's XML with its digest in a trailing comment (valid XML, ignored by
    every reader): how a rerun knows the sheet a marker names is evalxl's own."""
    return data + REVIEW_SEAL + hashlib.sha256(data).hexdigest().encode() + b"-->"


class Corrector:
    def __init__(self, pkg: XlsxPackage, findings: list[Finding]):
        self.pkg = pkg
        self.findings = list(findings)
        self.patch = PackagePatch(pkg)
        self.book = WorkbookXml(self.patch)
        self._styles: Styles | None = None
        self._strings: list[str] | None = None

    # -- lazily loaded parts -----------------------------------------------------------------

    def _related(self, rtype: str) -> str | None:
        return next((t for _, t in self.book.rels.of_type(rtype) if self.patch.has(t)), None)

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            part = self._related(REL_STYLES)
            if part is None:
                part = self._mend_styles()
            self._styles = Styles(self.patch.read(part), part)
        return self._styles

    def _mend_styles(self) -> str:
        """No styles part the workbook's relationships reach. A relationship that points
        nowhere is dropped (a second one would make the copy unreadable); the styles part
        it lost, when present at its usual place, is linked again; else the workbook gets
        minimal styles (a generator that wrote none)."""
        for rid, _ in self.book.rels.of_type(REL_STYLES):
            self.book.rels.remove(rid)
        usual = posixpath.join(posixpath.dirname(self.book.part), "styles.xml")
        if self.patch.has(usual):
            part = usual
        else:
            part = self.patch.unique_name(posixpath.join(posixpath.dirname(self.book.part), "styles{}.xml"))
            self.patch.write(part, MINIMAL_STYLES)
        self.patch.content_types().override(part, CT_STYLES)
        self.book.rels.add(REL_STYLES, part)
        return part

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = self.pkg.shared_strings()
        return self._strings

    # -- the review sheet already there -----------------------------------------------------

    def _existing_review(self):
        marker = self.book.defined_name(review_sheet.MARKER_NAME)
        if marker is None:
            return None, None
        entry = self.book.sheet(parse_ref_sheet(marker.text or "") or "")
        if entry is None or entry.part is None or not self._is_ours(entry):
            return marker, None  # a marker on a sheet evalxl did not write: that sheet is the user's
        return marker, entry

    def _is_ours(self, entry) -> bool:
        """The sheet a marker names is evalxl's review when its bytes are the ones evalxl
        wrote (sealed with their digest: a workbook cannot carry it by chance), or, once
        Excel has re-saved the copy (and dropped the seal), when it bears the review's name."""
        data = self.patch.read(entry.part)
        body, sep, tail = data.rpartition(REVIEW_SEAL)
        if sep and tail == _seal(body)[len(body) + len(REVIEW_SEAL):]:
            return True
        return entry.name.startswith(review_sheet.SHEET_NAME)

    def untouched(self) -> bool:
        return not self.findings and self._existing_review()[0] is None

    # -- the run ----------------------------------------------------------------------------

    def write(self, out: BinaryIO) -> None:
        applied, changed, removed = self._apply_fixes()
        self._write_review(applied)
        if changed:
            self.book.recalculate_on_open()
        if removed:
            self.book.drop_calc_chain()
        self.book.flush()
        if self._styles is not None and self._styles.changed:
            self.patch.write(self._related(REL_STYLES), self._styles.to_bytes())
        self.patch.save(out)

    def _requests(self):
        """Fixes and fills grouped by sheet, in the order of the findings."""
        fixes: dict[str, dict[tuple[int, int], FixRequest]] = {}
        fills: dict[str, list[FillRequest]] = {}
        for f in self.findings:
            if not f.sheet:
                continue
            if f.fix is not None:
                if not CELL_RE.match(f.fix.cell or ""):
                    continue
                if isinstance(f.fix.value, float) and not math.isfinite(f.fix.value):
                    continue
                pos = split_address(f.fix.cell)
                group = fixes.setdefault(f.sheet, {})
                if pos in group:
                    if group[pos].value == f.fix.value:
                        group[pos].findings.append(f)
                    continue  # a second, different value for one cell: listed, not applied
                group[pos] = FixRequest(pos[0], pos[1], f.fix.value, f.fix.number_format, [f])
            elif f.cell and CELL_RE.match(f.cell) and isinstance(f.expected, (int, float)) and not isinstance(f.expected, bool):
                r, c = split_address(f.cell)
                fills.setdefault(f.sheet, []).append(FillRequest(r, c, float(f.expected)))
        return fixes, fills

    def _apply_fixes(self) -> tuple[set[int], bool, bool]:
        fixes, fills = self._requests()
        applied: set[int] = set()
        changed = removed = False
        for entry in self.book.sheets():
            if entry.part is None or (entry.name not in fixes and entry.name not in fills):
                continue
            wanted = list(fixes.get(entry.name, {}).values())
            try:
                sheet = SheetXml(self.patch.read(entry.part), entry.part)
                fixer = SheetFixer(sheet, entry.name, None, self.strings, styles_factory=lambda: self.styles)
                result = fixer.run(wanted, fills.get(entry.name, []))
                if result.notes:
                    notes = SheetNotes(self.patch, entry.part, sheet)
                    for ref, text in result.notes.items():
                        notes.add(ref, text)
                    notes.finish()
            except (SheetXmlError, etree.XMLSyntaxError, ValueError):
                # a sheet this writer cannot edit keeps its bytes: its findings are listed
                # in 审核意见 without 已更正
                continue
            if sheet.changed:
                self.patch.write(entry.part, sheet.result())
                changed = True
            removed = removed or result.formulas_removed
            applied.update(id(f) for f in result.applied)
        return applied, changed, removed

    def _write_review(self, applied: set[int]) -> None:
        marker, entry = self._existing_review()
        names = {s.name for s in self.book.sheets()}
        review = review_sheet.build(self.findings, applied, names - ({entry.name} if entry else set()), self.styles)
        if entry is not None:
            self.patch.write(entry.part, _seal(review.data))
        else:
            if marker is not None:  # the sheet it named is gone
                self.book.remove_defined_name(marker)
            entry = self.book.add_sheet(self.book.free_name(review_sheet.SHEET_NAME), _seal(review.data))
        quoted = review_sheet.quote_sheet(entry.name)
        self.book.set_defined_name(review_sheet.MARKER_NAME, f"{quoted}!$A$1", hidden=True)
        self.book.set_defined_name("_xlnm.Print_Titles", f"{quoted}!{review.print_titles}", local=entry.index)
