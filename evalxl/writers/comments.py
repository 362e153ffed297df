"""Notes (legacy comments) on corrected cells: the comments part and its VML drawing.

A sheet that already has notes keeps them: its comments part gets the new ones (author
"evalxl") and its VML drawing gets a shape per new note, with shape ids no other drawing
of the package uses. A sheet without notes gets both parts, the relationships, the
content types and a ``<legacyDrawing r:id>`` in the place CT_Worksheet's element order
gives it. A note already on a corrected cell is kept: evalxl's text is added below it
(a note written by an earlier run of evalxl is replaced instead).

The VML part is legacy markup that Excel itself does not always write as well-formed
XML, so an existing one is extended by inserting the new shapes as bytes before its
closing ``</xml>``; it is never re-serialised.
"""

from __future__ import annotations

import copy
import re
import weakref
from dataclasses import dataclass
from html import escape  # not xml.sax.saxutils: it imports urllib.request, http and email (≈ 25 ms a start)

from lxml import etree

from ..a1 import split_address
from . import xmlutil
from ..textwidth import text_width
from .sheet_xml import SheetXml
from .xlsx_patch import PackagePatch
from .xmlutil import CT_COMMENTS, CT_VML, NS_MAIN, NS_REL, REL_COMMENTS, REL_VML, q

AUTHOR = "evalxl"
NOTE_PREFIX = "原填报 "  # how every note of evalxl begins
NS_VML = "urn:schemas-microsoft-com:vml"
NS_OFFICE = "urn:schemas-microsoft-com:office:office"
NS_EXCEL = "urn:schemas-microsoft-com:office:excel"

# CT_Worksheet's elements that come after <legacyDrawing>.
AFTER_LEGACY_DRAWING = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                        "tableParts", "extLst", "AlternateContent")

_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_IDMAP = re.compile(rb"""(<o:idmap\b[^>]*?\bdata\s*=\s*["'])([^"']*)(["'])""")


@dataclass
class Note:
    ref: str  # "H15"
    text: str


# patch -> {VML part: (its bytes as written, None for the source's; their (largest shape
# id, largest idmap block))}: a workbook with notes on 30 sheets would otherwise scan
# every drawing, its own new ones included, 30 times
_VML_IDS: "weakref.WeakKeyDictionary[PackagePatch, dict[str, tuple[bytes | None, tuple[int, int]]]]" = (
    weakref.WeakKeyDictionary())


def _vml_ids(patch: PackagePatch) -> tuple[int, int]:
    """(largest shape id, largest idmap block) over every VML part of the package."""
    max_id, max_block = 1024, 0
    known = _VML_IDS.setdefault(patch, {})
    for name in patch.part_names():
        if not name.lower().endswith(".vml"):
            continue
        seen = known.get(name)
        if seen is not None and seen[0] is None and patch.is_untouched(name):
            got = seen[1]  # the source's part, not read again
        else:
            data = patch.read(name)
            if seen is None or seen[0] is not data:  # a part written since is scanned again
                seen = known[name] = (None if patch.is_untouched(name) else data, _ids_in(data))
            got = seen[1]
        max_id, max_block = max(max_id, got[0]), max(max_block, got[1])
    return max_id, max(max_block, max_id // 1024)


def _ids_in(data: bytes) -> tuple[int, int]:
    max_id = max_block = 0
    for m in _SHAPE_ID.finditer(data):
        max_id = max(max_id, int(m.group(1)))
    for m in _IDMAP.finditer(data):
        for part in m.group(2).split(b","):
            if part.strip().isdigit():
                max_block = max(max_block, int(part))
    return max_id, max_block


def _rpr() -> etree._Element:
    return copy.deepcopy(_RPR)  # one copy of a tree built once, not five elements built each time


def _new_rpr() -> etree._Element:
    rpr = etree.Element(q("rPr"))
    etree.SubElement(rpr, q("sz")).set("val", "9")
    etree.SubElement(rpr, q("color")).set("indexed", "81")
    etree.SubElement(rpr, q("rFont")).set("val", "宋体")
    etree.SubElement(rpr, q("family")).set("val", "3")
    etree.SubElement(rpr, q("charset")).set("val", "134")
    return rpr


_RPR = _new_rpr()
# the same run properties as text, for a comments part written from a template
_RUN_HEAD = ('<r><rPr><sz val="9"/><color indexed="81"/><rFont val="宋体"/><family val="3"/><charset val="134"/>'
             "</rPr>")


def _run(text: str) -> etree._Element:
    r = etree.Element(q("r"))
    r.append(_rpr())
    xmlutil.set_text(etree.SubElement(r, q("t")), text)
    return r


def _append_run(text: etree._Element, run: etree._Element) -> None:
    """Add a run to a note's text (CT_Rst: t?, r*, rPh*, phoneticPr?): plain text becomes
    a run of its own first, phonetic runs stay last."""
    plain = text.find(q("t"))
    if plain is not None:
        wrapper = etree.Element(q("r"))
        plain.addprevious(wrapper)
        wrapper.append(plain)
    runs = text.findall(q("r"))
    if runs:
        runs[-1].addnext(run)
    else:
        text.insert(0, run)


def _shape(shape_id: int, type_id: str, row0: int, col0: int, text: str, z: int) -> bytes:
    """The VML shape of a note (hidden until the cell is pointed at)."""
    lines = sum(max(1, -(-text_width(line) // 40)) for line in text.split("\n"))
    rows = min(max(lines + 1, 4), 20)
    top = max(row0 - 1, 0)
    anchor = f"{col0 + 1}, 15, {top}, 10, {col0 + 5}, 15, {top + rows}, 4"
    left_pt = 48 * (col0 + 1) + 11.25
    top_pt = 14.25 * top + 1.5
    return (
        f'<v:shape id="_x0000_s{shape_id}" type="#{type_id}" '
        f'style="position:absolute;margin-left:{left_pt:g}pt;margin-top:{top_pt:g}pt;width:240pt;height:{14.25 * rows:g}pt;'
        f'z-index:{z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{escape(anchor, quote=False)}</x:Anchor><x:AutoFill>False</x:AutoFill>"
        f"<x:Row>{row0}</x:Row><x:Column>{col0}</x:Column></x:ClientData></v:shape>"
    ).encode("utf-8")


_SHAPETYPE = (
    '<v:shapetype id="{id}" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


class SheetNotes:
    """The notes to add to one sheet; ``finish`` writes them into the package."""

    def __init__(self, patch: PackagePatch, sheet_part: str, sheet: SheetXml):
        self.patch = patch
        self.sheet_part = sheet_part
        self.sheet = sheet
        self.notes: dict[str, Note] = {}

    def add(self, ref: str, text: str) -> None:
        self.notes[ref] = Note(ref, text)

    # -- the comments part ------------------------------------------------------------------

    def _comments(self, part: str | None) -> tuple[etree._Element, list[Note]]:
        """The comments tree with the notes in it, and the notes that need a new shape."""
        if part is not None:
            root = xmlutil.parse(self.patch.read(part), part)
        else:
            root = etree.Element(q("comments"), nsmap={None: NS_MAIN})
            etree.SubElement(root, q("authors"))
            etree.SubElement(root, q("commentList"))
        authors = root.find(q("authors"))
        if authors is None:
            authors = etree.Element(q("authors"))
            root.insert(0, authors)
        names = [a.text or "" for a in authors.findall(q("author"))]
        if AUTHOR in names:
            author_id = names.index(AUTHOR)
        else:
            etree.SubElement(authors, q("author")).text = AUTHOR
            author_id = len(names)
        clist = root.find(q("commentList"))
        if clist is None:
            clist = etree.Element(q("commentList"))
            authors.addnext(clist)
        existing = {c.get("ref", "").upper(): c for c in clist.findall(q("comment"))}
        need_shape: list[Note] = []
        for note in sorted(self.notes.values(), key=lambda n: split_address(n.ref)):
            old = existing.get(note.ref.upper())
            if old is not None:
                text = old.find(q("text"))
                if text is None:
                    text = etree.SubElement(old, q("text"))
                old_author = old.get("authorId", "")
                if old_author == str(author_id):
                    for child in list(text):
                        text.remove(child)
                    text.append(_run(note.text))
                else:
                    # someone else's note: keep it, replace what an earlier run appended
                    for run in text.findall(q("r")):
                        t = run.find(q("t"))
                        if t is not None and (t.text or "").startswith("\n" + NOTE_PREFIX):
                            text.remove(run)
                    _append_run(text, _run("\n" + note.text))
                continue
            comment = etree.Element(q("comment"))
            comment.set("ref", note.ref)
            comment.set("authorId", str(author_id))
            etree.SubElement(comment, q("text")).append(_run(note.text))
            key = split_address(note.ref)
            for c in clist.findall(q("comment")):
                try:
                    if split_address(c.get("ref", "")) > key:
                        c.addprevious(comment)
                        break
                except ValueError:
                    continue
            else:
                clist.append(comment)
            need_shape.append(note)
        return root, need_shape

    def _new_comments(self) -> tuple[bytes, list[Note]]:
        """The comments part of a sheet without one, written from a template: the bytes
        ``_comments`` and serialisation would give, without a tree."""
        notes = sorted(self.notes.values(), key=lambda n: split_address(n.ref))
        body = "".join(f'<comment ref="{xmlutil.escape_attr(n.ref)}" authorId="0"><text>{_RUN_HEAD}'
                       f"{xmlutil.t_element(n.text)}</r></text></comment>" for n in notes)
        text = (f'<comments xmlns="{NS_MAIN}"><authors><author>{AUTHOR}</author></authors>'
                f"<commentList>{body}</commentList></comments>")
        return xmlutil.XML_DECLARATION + text.encode("utf-8"), notes

    # -- the VML drawing --------------------------------------------------------------------

    def _extend_vml(self, data: bytes, notes: list[Note]) -> bytes:
        max_id, _ = _vml_ids(self.patch)
        type_id = None
        for m in re.finditer(rb"<v:shapetype\b[^>]*>", data):
            tag = m.group(0)
            if re.search(rb"""o:spt\s*=\s*["']202["']""", tag):
                idm = re.search(rb"""\bid\s*=\s*["']([^"']+)["']""", tag)
                if idm:
                    type_id = idm.group(1).decode("utf-8", "replace")
                    break
        extra = b""
        if type_id is None:
            taken = {m.group(1) for m in re.finditer(rb"""\bid\s*=\s*["']([^"']+)["']""", data)}
            type_id = "_x0000_t202"
            n = 0
            while type_id.encode() in taken:
                n += 1
                type_id = f"_evalxl_t202_{n}"
            extra += _SHAPETYPE.format(id=type_id).encode("utf-8")
        ids = []
        z = len(_SHAPE_ID.findall(data)) + 1
        for i, note in enumerate(notes):
            row, col = split_address(note.ref)
            ids.append(max_id + 1 + i)
            extra += _shape(max_id + 1 + i, type_id, row - 1, col - 1, note.text, z + i)
        # the blocks of 1024 ids the new shapes use belong in the drawing's idmap
        m = _IDMAP.search(data)
        if m:
            blocks = [b.strip() for b in m.group(2).split(b",") if b.strip()]
            for block in sorted({str(i // 1024).encode() for i in ids}):
                if block not in blocks:
                    blocks.append(block)
            data = data[:m.start(2)] + b",".join(blocks) + data[m.end(2):]
        end = data.rfind(b"</xml>")
        if end < 0:
            raise ValueError("VML drawing without </xml>")
        root = re.search(rb"<xml\b[^>]*>", data)
        root_tag = root.group(0) if root else b""
        for prefix, uri in ((b"v", NS_VML), (b"o", NS_OFFICE), (b"x", NS_EXCEL)):
            if not re.search(rb"xmlns:" + prefix + rb"""\s*=\s*["']""" + re.escape(uri.encode()) + rb"""["']""", root_tag):
                # the drawing does not bind a prefix the new elements use: bind it on each
                decl = b" xmlns:" + prefix + b'="' + uri.encode() + b'"'
                extra = extra.replace(b"<v:shape ", b"<v:shape" + decl + b" ").replace(b"<v:shapetype ", b"<v:shapetype" + decl + b" ")
        return data[:end] + extra + data[end:]

    def _new_vml(self, notes: list[Note]) -> bytes:
        max_id, max_block = _vml_ids(self.patch)
        block = max_block + 1
        first = block * 1024 + 1
        shapes = b"".join(
            _shape(first + i, "_x0000_t202", split_address(n.ref)[0] - 1, split_address(n.ref)[1] - 1, n.text, i + 1)
            for i, n in enumerate(notes)
        )
        blocks = ",".join(str(b) for b in range(block, (first + len(notes) - 1) // 1024 + 1))
        head = (
            f'<xml xmlns:v="{NS_VML}" xmlns:o="{NS_OFFICE}" xmlns:x="{NS_EXCEL}">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
            + _SHAPETYPE.format(id="_x0000_t202")
        ).encode("utf-8")
        return head + shapes + b"</xml>"

    # -- everything together ----------------------------------------------------------------

    def _legacy_drawing(self) -> tuple[xmlutil.Span, str] | None:
        for span in self.sheet.tail():
            if span.name == "legacyDrawing":
                el = self.sheet.parse(span.start, span.end)
                rid = el.get(f"{{{NS_REL}}}id")
                if rid:
                    return span, rid
        return None

    def finish(self) -> list[str]:
        """Write the notes; returns the parts written or added. Everything is worked out
        before anything is written, so a drawing this module cannot extend leaves the
        package as it was."""
        if not self.notes:
            return []
        patch, ct = self.patch, self.patch.content_types()
        rels = patch.rels(self.sheet_part)
        folder = self.sheet_part.rsplit("/", 2)[0] if self.sheet_part.count("/") >= 2 else "xl"
        comments_part = next((t for _, t in rels.of_type(REL_COMMENTS) if patch.has(t)), None)
        if comments_part is None:
            comments_data, need_shape = self._new_comments()
        else:
            root, need_shape = self._comments(comments_part)
            comments_data = xmlutil.serialize(root)
        legacy = self._legacy_drawing()
        vml_part = None
        if legacy is not None:
            got = rels.get(legacy[1])
            if got and got[1] and patch.has(got[1]):
                vml_part = got[1]
        vml_data = None
        if need_shape:
            vml_data = self._extend_vml(patch.read(vml_part), need_shape) if vml_part else self._new_vml(need_shape)

        if comments_part is None:
            comments_part = patch.unique_name(folder + "/comments{}.xml")
            rels.add(REL_COMMENTS, comments_part)
        ct.override(comments_part, CT_COMMENTS)
        patch.write(comments_part, comments_data)
        written = [comments_part]
        if vml_data is not None:
            if vml_part is None:
                vml_part = patch.unique_name(folder + "/drawings/vmlDrawing{}.vml")
                rid = rels.add(REL_VML, vml_part)
                if not ct.has(vml_part):
                    ct.default("vml", CT_VML)
                self._add_legacy_drawing(rid, legacy[0] if legacy else None)
            patch.write(vml_part, vml_data)
            written.append(vml_part)
        return written

    def _add_legacy_drawing(self, rid: str, broken: xmlutil.Span | None) -> None:
        """<legacyDrawing r:id> in its schema place (a dangling one is replaced)."""
        sheet = self.sheet
        r_prefix = _prefix_for(sheet.ns, NS_REL)
        if r_prefix is None:
            attr = f'xmlns:r="{NS_REL}" r:id="{rid}"'
        else:
            attr = f'{r_prefix}id="{rid}"'
        tag = b"<" + sheet.prefix + b"legacyDrawing " + attr.encode("utf-8") + b"/>"
        if broken is not None:
            sheet.replace(broken.start, broken.end, tag)
            return
        for span in sheet.tail():
            if span.name in AFTER_LEGACY_DRAWING:
                sheet.insert(span.start, tag)
                return
        sheet.insert(sheet.root_close, tag)


def _prefix_for(ns_decls: bytes, uri: str) -> str | None:
    """"r:" when the declarations bind a prefix to uri, None when none does."""
    for m in re.finditer(rb"""xmlns:([\w.\-]+)\s*=\s*["']([^"']*)["']""", ns_decls):
        if m.group(2).decode("utf-8", "replace") == uri:
            return m.group(1).decode("ascii") + ":"
    return None
