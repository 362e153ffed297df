"""A copy of an .xlsx package with a few parts rewritten.

The source is opened through ``evalxl.package.XlsxPackage`` (its bomb and DTD guards
apply). Every part that is not rewritten is copied as its compressed bytes (after a check
that they inflate to their CRC) under the same name, in the same order, with the same
compression type, timestamp and attributes: its bytes come out identical. Rewritten parts keep their place; new
parts (a worksheet, a comments part, a VML drawing, a .rels) go at the end.

Relationships and [Content_Types].xml are edited through small helpers that parse the
part once and serialise it only when something changed.
"""

from __future__ import annotations

import io
import posixpath
import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from ..package import XlsxPackage, relationships, resolve_target
from . import xmlutil
from .xmlutil import NS_CT, NS_PKG_REL
from .zip_members import clone_info, copy_raw, write_member

NEW_PART_DATE = (1980, 1, 1, 0, 0, 0)  # as XlsxWriter does: the same bytes on every run
IN_MEMORY_MAX = 16 << 20  # a copy up to this size (compressed) is built in memory: two workers hold at most this much each


def rels_part_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relative_target(owner: str, target: str) -> str:
    """The Target of a relationship from ``owner`` to the part ``target``: what
    ``posixpath.relpath(target, folder)`` gives, without the working directory it asks the
    system for (part names are relative to the package's root; a name it would not take
    for one goes to relpath)."""
    folder = posixpath.dirname(owner)
    if target.startswith("/") or folder.startswith("/") or ".." in target or ".." in folder:
        return posixpath.relpath(target, folder or ".")
    start = [x for x in posixpath.normpath("/" + folder).split("/") if x]
    path = [x for x in posixpath.normpath("/" + target).split("/") if x]
    i = len(posixpath.commonprefix([start, path]))
    return "/".join([".."] * (len(start) - i) + path[i:]) or "."


class Rels:
    """The relationships of one part."""

    def __init__(self, owner: str, data: bytes | None):
        self.owner = owner
        self.part = rels_part_of(owner)
        self.exists = data is not None
        if data is not None:
            self.root = xmlutil.parse(data, self.part)
        else:
            self.root = etree.Element(f"{{{NS_PKG_REL}}}Relationships", nsmap={None: NS_PKG_REL})
        self.changed = False
        self._by_id: dict[str, tuple[str, str]] | None = None

    def _items(self):
        return [el for el in self.root if el.tag == f"{{{NS_PKG_REL}}}Relationship"]

    def resolve(self, target: str, mode: str | None = None) -> str | None:
        return resolve_target(self.owner, target, mode)

    def get(self, rid: str) -> tuple[str, str | None] | None:
        """(type, target part) of a relationship id (the first of a repeated one, as the reader)."""
        if self._by_id is None:  # built once: a 5 000-sheet workbook asks 5 000 times
            self._by_id = relationships(self.owner, self.root)
        return self._by_id.get(rid)

    def of_type(self, rtype: str) -> list[tuple[str, str]]:
        out = []
        for el in self._items():
            if el.get("Type") == rtype:
                target = self.resolve(el.get("Target", ""), el.get("TargetMode"))
                if target:
                    out.append((el.get("Id", ""), target))
        return out

    def add(self, rtype: str, target: str) -> str:
        ids = {el.get("Id") for el in self._items()}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        el = etree.SubElement(self.root, f"{{{NS_PKG_REL}}}Relationship")
        el.set("Id", rid)
        el.set("Type", rtype)
        el.set("Target", relative_target(self.owner, target))
        self.changed = True
        self._by_id = None
        return rid

    def remove(self, rid: str) -> None:
        for el in self._items():
            if el.get("Id") == rid:
                self.root.remove(el)
                self.changed = True
                self._by_id = None

    def to_bytes(self) -> bytes:
        return xmlutil.serialize(self.root)


class ContentTypes:
    PART = "[Content_Types].xml"

    def __init__(self, data: bytes):
        self.root = xmlutil.parse(data, self.PART)
        self.changed = False
        self._by: dict[str, dict[str, etree._Element]] = {}  # Override by PartName, Default by Extension

    def _index(self, kind: str, attr: str) -> dict[str, etree._Element]:
        """The first <kind> by its ``attr``, lower-cased: built once, not scanned per ask."""
        idx = self._by.get(kind)
        if idx is None:
            idx = self._by[kind] = {}
            for el in self.root.iter(f"{{{NS_CT}}}{kind}"):
                idx.setdefault((el.get(attr) or "").lower(), el)
        return idx

    def _find(self, kind: str, attr: str, value: str) -> etree._Element | None:
        return self._index(kind, attr).get(value.lower())

    def has(self, part: str) -> bool:
        if self._find("Override", "PartName", "/" + part) is not None:
            return True
        ext = part.rsplit(".", 1)[-1] if "." in part else ""
        return self._find("Default", "Extension", ext) is not None

    def override(self, part: str, content_type: str) -> None:
        el = self._find("Override", "PartName", "/" + part)
        if el is not None and el.get("ContentType") == content_type:
            return
        if el is None:
            el = etree.SubElement(self.root, f"{{{NS_CT}}}Override")
            el.set("PartName", "/" + part)
            self._index("Override", "PartName")[("/" + part).lower()] = el
        el.set("ContentType", content_type)
        self.changed = True

    def remove_override(self, part: str) -> None:
        el = self._find("Override", "PartName", "/" + part)
        if el is not None:
            self.root.remove(el)
            self._by.pop("Override", None)  # a second entry of that name may come first now
            self.changed = True

    def default(self, ext: str, content_type: str) -> None:
        if self._find("Default", "Extension", ext) is not None:
            return
        el = etree.Element(f"{{{NS_CT}}}Default")
        el.set("Extension", ext)
        el.set("ContentType", content_type)
        self._index("Default", "Extension")[ext.lower()] = el
        defaults = list(self.root.iter(f"{{{NS_CT}}}Default"))
        if defaults:
            defaults[-1].addnext(el)
        else:
            self.root.insert(0, el)
        self.changed = True

    def to_bytes(self) -> bytes:
        return xmlutil.serialize(self.root)


class PackagePatch:
    """The source package, plus the parts to rewrite, add and remove."""

    def __init__(self, pkg: XlsxPackage):
        self.pkg = pkg
        self.infos = pkg.zip.infolist()
        self._sizes = {i.filename: i.file_size for i in self.infos}
        self.replaced: dict[str, bytes] = {}
        self.added: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self._rels: dict[str, Rels] = {}
        self._ct: ContentTypes | None = None
        self._source_names: set[str] | None = None  # lower-cased, for unique_name

    # -- parts ------------------------------------------------------------------------------

    def has(self, part: str) -> bool:
        return part not in self.removed and (part in self.added or self.pkg.has(part))

    def read(self, part: str) -> bytes:
        if part in self.replaced:
            return self.replaced[part]
        if part in self.added:
            return self.added[part]
        return self.pkg.read(part)

    def write(self, part: str, data: bytes) -> None:
        if self.pkg.has(part):
            if part not in self.replaced and len(data) == self._sizes.get(part) and self.pkg.read(part) == data:
                return  # unchanged after all: the part is copied as it was
            self.replaced[part] = data
            self.removed.discard(part)
        else:
            self.added[part] = data

    def is_untouched(self, part: str) -> bool:
        """A part of the source that will be copied as it is (not rewritten or removed)."""
        return part not in self.replaced and part not in self.removed and part not in self.added and self.pkg.has(part)

    def remove(self, part: str) -> None:
        self.added.pop(part, None)
        self.replaced.pop(part, None)
        if self.pkg.has(part):
            self.removed.add(part)

    def unique_name(self, template: str, start: int = 1) -> str:
        """template like "xl/comments{}.xml": the first free name, case-insensitively."""
        if self._source_names is None:
            self._source_names = {i.filename.lower() for i in self.infos}
        taken = self._source_names | {p.lower() for p in self.added}
        n = start
        while template.format(n).lower() in taken:
            n += 1
        return template.format(n)

    def part_names(self) -> list[str]:
        names = [i.filename for i in self.infos if i.filename not in self.removed]
        return names + [p for p in self.added if p not in names]

    # -- relationships and content types ----------------------------------------------------

    def rels(self, owner: str) -> Rels:
        if owner not in self._rels:
            part = rels_part_of(owner)
            self._rels[owner] = Rels(owner, self.read(part) if self.has(part) else None)
        return self._rels[owner]

    def content_types(self) -> ContentTypes:
        if self._ct is None:
            self._ct = ContentTypes(self.read(ContentTypes.PART))
        return self._ct

    def _flush(self) -> None:
        for rels in self._rels.values():
            if rels.changed:
                self.write(rels.part, rels.to_bytes())
                if not rels.exists:
                    rels.exists = True
        if self._ct is not None and self._ct.changed:
            self.write(ContentTypes.PART, self._ct.to_bytes())

    # -- output -----------------------------------------------------------------------------

    def save(self, dst: Path | BinaryIO, in_memory_max: int = IN_MEMORY_MAX) -> None:
        """Write the package to ``dst`` (a path, or a file open for writing at its start):
        built in memory and written in one call when it is small (zipfile seeks back over
        each member's header, a flush and a system call apiece on a file), streamed to the
        file when large. The same bytes either way."""
        self._flush()
        size = sum(i.compress_size for i in self.infos) + sum(map(len, self.replaced.values())) \
            + sum(map(len, self.added.values()))
        if size > in_memory_max:
            self._write_zip(dst)
            return
        buf = io.BytesIO()
        self._write_zip(buf)
        if hasattr(dst, "write"):
            dst.write(buf.getbuffer())
            return
        with open(dst, "wb") as fh:
            fh.write(buf.getbuffer())

    def _write_zip(self, dst: Path | BinaryIO) -> None:
        written: set[str] = set()
        # a name the input holds twice: the entry every reader uses (the last) is kept alone
        used = {info.filename: info for info in self.infos}
        with zipfile.ZipFile(dst, "w", allowZip64=True) as out:
            for info in self.infos:
                name = info.filename
                if name in self.removed or name in written or used[name] is not info:
                    continue
                zi = clone_info(info)
                if name in self.replaced:
                    write_member(out, zi, self.replaced[name])
                elif info.is_dir():
                    out.writestr(zi, b"")
                elif info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    copy_raw(self.pkg.zip, info, out, zi)
                else:  # a compression we read but do not write: inflated, deflated again
                    with self.pkg.zip.open(info) as src, out.open(zi, "w", force_zip64=info.file_size > 0x7FFFFFFF) as dst_fh:
                        shutil.copyfileobj(src, dst_fh, 1 << 20)
                written.add(name)
            for name, data in self.added.items():
                zi = zipfile.ZipInfo(name, NEW_PART_DATE)
                zi.compress_type = zipfile.ZIP_DEFLATED  # write_member gives it zipfile's 0600
                zi.create_system = 0
                write_member(out, zi, data)
