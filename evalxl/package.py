"""The only place that opens input workbooks.

It hands out the parts of an .xlsx (the sheets in order, the shared strings, the number
format of every cell style) and tells a workbook from a Word document. What a file's bytes
are is told by evalxl.sniff, the zip bomb / DTD guards live in evalxl.zip_guard; both are
re-exported here.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Iterator

from lxml import etree

from . import xml_scan
from .package_frame import BUILTIN_FORMATS, frame_memo, number_formats, overrides, sheet_list  # noqa: F401
from .zip_member import read_member
from .xls_book import open_xls  # noqa: F401 (re-exported: the .xls opener lives there)
from .sniff import OLE2_MAGIC, ZIP_MAGIC, classify_ole2, describe_other, sniff  # noqa: F401 (re-exported; sniffing lives there)
from .zip_guard import (CORRUPT_ERRORS, DEFAULT_LIMITS, HARDENED_PARSER, Limits, UnreadableFile,  # noqa: F401
                        check_zip_bomb, iterparse, refuse_dtd, well_formed)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_OFFICE_DOCUMENT = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_SHARED_STRINGS = NS_REL + "/sharedStrings"
REL_STYLES = NS_REL + "/styles"

STRICT_PREFIX = "http://purl.oclc.org/ooxml/"  # Strict Open XML (ISO 29500 strict) namespaces
NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_MAIN_PART_KINDS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "workbook",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "workbook",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "word",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "word",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "presentation",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": "presentation",
}
REFUSED_KINDS = {
    "word": ("not_workbook", "这是 Word 文档，不是工作簿（扩展名虽为表格，内容是 .docx），请提交自评表的 Excel 文件"),
    "presentation": ("not_workbook", "这是 PowerPoint 演示文稿，不是工作簿（扩展名虽为表格，内容是 .pptx），请提交自评表的 Excel 文件"),
    "strict_workbook": ("unsupported", "这是「Strict Open XML」格式的工作簿，evalxl 暂不支持，请在 Excel 中另存为「Excel 工作簿 (*.xlsx)」后重新提交"),
    "opendocument": ("unsupported", "文件是 OpenDocument 格式（.ods 等），请在 WPS 或 Excel 中另存为 .xlsx 后重新提交"),
}


SMALL_PART = 4 * 1024 * 1024  # parts up to this size are parsed whole, larger ones streamed

def sniff_zip(path: Path, limits: "Limits" = None) -> str:
    """What a zip package holds: "docx" for a Word document, "xlsx" for anything else (the
    workbook reader then says what is wrong with it). Asked of XlsxPackage.office_kind, the
    one place that tells the kinds apart (content types, then folders), after the bomb
    checks; only the package's small parts are read."""
    kind, pkg = probe_package(path, limits)
    if pkg is not None:
        pkg.close()
    return kind


@dataclass(frozen=True)
class SheetRef:
    name: str
    part: str  # zip member name: "xl/worksheets/sheet1.xml"
    state: str  # "visible" | "hidden" | "veryHidden"
    rel_id: str
    index: int  # 0-based position in the workbook


@lru_cache(maxsize=4096)  # every workbook names the same few parts
def resolve_target(owner: str, target: str, mode: str | None = None) -> str | None:
    """The part a relationship of ``owner`` points at (None for an external target)."""
    if mode == "External":
        return None
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(owner), target))


def relationships(owner: str, root: etree._Element) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of ``owner``'s .rels, internal targets only.
    A repeated Id resolves to its FIRST relationship: the reader and the corrected-copy
    writer both resolve through here, so a fix lands in the sheet the audit read."""
    out: dict[str, tuple[str, str]] = {}
    for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        target = resolve_target(owner, rel.get("Target", ""), rel.get("TargetMode"))
        if target is not None:
            out.setdefault(rel.get("Id", ""), (rel.get("Type", ""), target))
    return out


class XlsxPackage:
    """An .xlsx/.xlsm opened read-only, with every part checked before it is inflated."""

    _plain: dict[str, bytes] | None = None  # a part read ahead by _root_namespace, not yet by read()

    def __init__(self, path: Path | IO[bytes], limits: Limits = DEFAULT_LIMITS):
        # a package built in memory (an .xls converted for its corrected copy) is opened as is
        self.path = path if hasattr(path, "read") else Path(path)
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(self.path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableFile("corrupt", "文件已损坏或不完整（不是有效的 .xlsx 压缩包），请重新保存后提交") from exc
        self._check_bomb(infos)
        self.names = {i.filename for i in infos}
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self._kind: tuple[str, str | None] | None = None
        self.workbook_part = self._find_workbook_part()
        self._styles_formats: list[str] | None = None

    # -- guards ---------------------------------------------------------------------------

    def _check_bomb(self, infos: list[zipfile.ZipInfo]) -> None:
        check_zip_bomb(infos, self.limits)

    # -- parts ----------------------------------------------------------------------------

    def has(self, part: str) -> bool:
        return part in self.names

    def read(self, part: str) -> bytes:
        data = self._plain.pop(part, None) if self._plain else None
        if data is None:
            info = self.zip.NameToInfo.get(part)
            data = read_member(self.zip, info) if info is not None else None  # the plain case, fast
        if data is not None:
            refuse_dtd(data, part)
            return data
        try:
            data = self.zip.read(part)
        except KeyError as exc:
            raise UnreadableFile("corrupt", f"文件缺少部件 {part}，文件已损坏，请重新保存后提交") from exc
        except CORRUPT_ERRORS as exc:
            raise UnreadableFile("corrupt", f"文件部件 {part} 已损坏，无法解压，请重新保存后提交") from exc
        refuse_dtd(data, part)
        return data

    def open(self, part: str) -> IO[bytes]:
        """A stream of a part for iterparse, after the DTD check on its head."""
        try:
            with self.zip.open(part) as fh:
                refuse_dtd(fh.read(4096), part)
            return self.zip.open(part)
        except KeyError as exc:
            raise UnreadableFile("corrupt", f"文件缺少部件 {part}，文件已损坏，请重新保存后提交") from exc
        except CORRUPT_ERRORS as exc:
            raise UnreadableFile("corrupt", f"文件部件 {part} 已损坏，无法解压，请重新保存后提交") from exc

    def xml(self, part: str) -> etree._Element:
        return self._parse(part, self.read(part))

    @staticmethod
    def _parse(part: str, data: bytes) -> etree._Element:
        try:
            return etree.fromstring(data, HARDENED_PARSER)
        except etree.XMLSyntaxError as exc:
            raise UnreadableFile("corrupt", f"文件部件 {part} 不是有效的 XML，文件已损坏，请重新保存后提交") from exc

    def small_part(self, part: str) -> bytes | None:
        """A part up to SMALL_PART that libxml2 reads without an error, for a scan of its text
        (evalxl.xml_scan); None when missing, larger or broken (elements() then decides)."""
        info = self.zip.NameToInfo.get(part)  # getinfo() without its KeyError
        if info is None or info.file_size > SMALL_PART:
            return None
        data = self.read(part)
        return data if well_formed(data) else None

    def elements(self, part: str, tags: tuple[str, ...]) -> Iterator[etree._Element]:
        """The elements of a part with one of ``tags``, in document order. A part up to
        SMALL_PART bytes is parsed whole (faster); a larger one is streamed, each element
        cleared once the caller is done with it, so memory stays bounded."""
        try:
            size = self.zip.getinfo(part).file_size
        except KeyError as exc:
            raise UnreadableFile("corrupt", f"文件缺少部件 {part}，文件已损坏，请重新保存后提交") from exc
        if size <= SMALL_PART:
            yield from self.xml(part).iter(*tags)
            return
        with self.open(part) as fh:
            for _, el in iterparse(fh, tags):
                yield el
                el.clear()
                parent = el.getparent()
                while el.getprevious() is not None:
                    del parent[0]

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of a part: id -> (type, target part name). Read once per part."""
        got = self._rels.get(part)
        if got is None:
            got = self._rels[part] = self._read_rels(part)
        return got

    def _read_rels(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if not self.has(rels_part):
            return {}
        data = self.read(rels_part)
        return dict(frame_memo(("rels", part, data), lambda: relationships(part, self._parse(rels_part, data))))

    def _find_workbook_part(self) -> str:
        kind, target = self.office_kind()
        if kind in REFUSED_KINDS:
            raise UnreadableFile(*REFUSED_KINDS[kind])
        if target is not None:
            return target
        if self.has("xl/workbook.xml"):
            return "xl/workbook.xml"
        raise UnreadableFile("not_workbook", "压缩包中没有 Excel 工作簿，文件不是有效的 .xlsx，请重新保存后提交")

    def office_kind(self) -> tuple[str, str | None]:
        """What the package is, whatever its name says: ("workbook" | "strict_workbook" |
        "word" | "presentation" | "opendocument" | "unknown", the main part). The one place
        that tells a .docx or .pptx named .xlsx from a workbook. Asked once per package."""
        if self._kind is None:
            self._kind = self._office_kind()
        return self._kind

    def _office_kind(self) -> tuple[str, str | None]:
        for rtype, target in self.rels("").values():
            if not rtype.endswith("/officeDocument") or not self.has(target):
                continue
            kind = _MAIN_PART_KINDS.get(self._content_type(target) or "", "")
            if not kind:  # no content type: the folder says it (word/document.xml, ppt/…)
                kind = {"word": "word", "ppt": "presentation", "xl": "workbook"}.get(target.split("/")[0], "unknown")
            if kind == "workbook" and (rtype.startswith(STRICT_PREFIX) or self._root_namespace(target) == NS_STRICT_MAIN):
                kind = "strict_workbook"
            return kind, target
        if self.has("word/document.xml"):
            return "word", "word/document.xml"
        if self.has("mimetype") and b"opendocument" in self.zip.read("mimetype")[:100]:
            return "opendocument", None
        return "unknown", None

    def _content_type(self, part: str) -> str | None:
        if not self.has("[Content_Types].xml"):
            return None
        try:
            data = self.read("[Content_Types].xml")
            types = frame_memo(("types", data), lambda: overrides(self._parse("[Content_Types].xml", data)))
        except UnreadableFile:
            return None
        return types.get(part)

    def _root_namespace(self, part: str) -> str:
        info = self.zip.NameToInfo.get(part)
        data = read_member(self.zip, info) if info is not None else None  # the plain case: no ZipExtFile
        if data is not None:
            self._plain = {part: data}  # the workbook part: read() takes it instead of inflating it again
            head = data[:2048]
        else:
            try:
                with self.zip.open(part) as fh:
                    head = fh.read(2048)
            except CORRUPT_ERRORS + (KeyError,):
                return ""
        return NS_STRICT_MAIN if NS_STRICT_MAIN.encode() in head and NS_MAIN.encode() not in head else ""

    def sheets(self) -> list[SheetRef]:
        """Worksheets in workbook order; chart sheets and dialog sheets are left out."""
        part = self.workbook_part
        data = self.read(part)
        listed = frame_memo(("sheets", data), lambda: sheet_list(self._parse(part, data), NS_MAIN, NS_REL))
        rels = self.rels(part)
        out = []
        for index, (name, rid, state) in enumerate(listed):
            rtype, target = rels.get(rid, ("", ""))
            if not rtype.endswith("/worksheet") or not self.has(target):
                continue
            out.append(SheetRef(f"Sheet{index + 1}" if name is None else name, target, state, rid, index))
        return out

    def _related(self, suffix: str) -> str | None:
        for rtype, target in self.rels(self.workbook_part).values():
            if rtype.endswith(suffix) and self.has(target):
                return target
        return None

    def shared_strings(self) -> list[str]:
        """The shared string table, rich-text runs joined, phonetic runs left out."""
        part = self._related("/sharedStrings")
        if part is None:
            return []
        data = self.small_part(part)
        if data is not None:  # scanned as text (evalxl.xml_scan), else parsed as a tree
            try:
                return xml_scan.shared_strings(xml_scan.part_text(data, NS_MAIN))
            except xml_scan.ScanRefused:
                pass
        out: list[str] = []
        si_tag, t_tag, rph_tag = f"{{{NS_MAIN}}}si", f"{{{NS_MAIN}}}t", f"{{{NS_MAIN}}}rPh"
        for si in self.elements(part, (si_tag,)):
            parts = []
            for t in si.iter(t_tag):
                if t.getparent().tag != rph_tag:
                    parts.append(t.text or "")
            out.append("".join(parts))
        return out

    def number_formats(self) -> list[str]:
        """The number format code of each cellXfs entry, by style index."""
        if self._styles_formats is not None:
            return self._styles_formats
        part = self._related("/styles")
        if part is None:
            self._styles_formats = ["General"]
            return self._styles_formats
        data = self.read(part)
        self._styles_formats = list(frame_memo(("styles", data), lambda: number_formats(self._parse(part, data), NS_MAIN)))
        return self._styles_formats

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> "XlsxPackage":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _KindProbe(XlsxPackage):
    """A package opened only to ask office_kind (no main part required)."""

    def _find_workbook_part(self) -> str:
        return ""

    def as_workbook(self) -> XlsxPackage:
        """Read on as a workbook (the zip not opened twice): raises as XlsxPackage(path) would."""
        self.workbook_part = XlsxPackage._find_workbook_part(self)
        return self


def probe_package(path: Path, limits: "Limits" = None) -> tuple[str, "_KindProbe | None"]:
    """sniff_zip's answer and the package it opened, to be read on with as_workbook() (None
    when opening it failed: XlsxPackage(path) then raises the same error)."""
    try:
        pkg = _KindProbe(path, limits or DEFAULT_LIMITS)
    except UnreadableFile:
        return "xlsx", None
    try:
        kind, _ = pkg.office_kind()
    except UnreadableFile:
        pkg.close()
        return "xlsx", None
    return ("docx" if kind == "word" else "xlsx"), pkg


class DocxPackage(XlsxPackage):
    """A .docx opened read-only with the same guards (bombs refused from the central
    directory, DTDs refused); ``workbook_part`` is the main document part."""

    def _find_workbook_part(self) -> str:
        kind, target = self.office_kind()
        if kind == "word" and target is not None:
            return target
        raise UnreadableFile("corrupt", "Word 文档缺少正文部件（word/document.xml），文件已损坏，请重新保存后提交")

    def check_parts(self) -> None:
        """Refuse a DTD in any XML part before python-docx parses the package."""
        for name in sorted(self.names):
            if name.endswith((".xml", ".rels")):
                with self.open(name):
                    pass
