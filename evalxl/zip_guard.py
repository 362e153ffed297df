"""The guards every read of an input package passes: the limits checked on a zip's central
directory before anything is inflated (bombs, passwords), XML refused when it carries a DTD,
one hardened lxml parser, and the error a file evalxl cannot read raises (Chinese message).
"""

from __future__ import annotations

import lzma
import threading
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Iterator

from lxml import etree

# What a damaged package raises while a part is inflated or streamed: a bad CRC, a broken
# deflate stream, a truncated member.
# zipfile raises NotImplementedError for an unknown compression method and RuntimeError for
# an encrypted member.
# LZMA / bzip2 members (never written by Excel) that fail to inflate raise their own errors.
CORRUPT_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError,
                  lzma.LZMAError)


class UnreadableFile(Exception):
    """A file evalxl cannot read. ``message`` is Chinese and tells the user what to do."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # empty | not_workbook | corrupt | encrypted | zip_bomb | hostile_xml | unsupported
        self.message = message


@dataclass(frozen=True)
class Limits:
    """Bounds checked before a part is inflated. The defaults pass any real 自评表 workbook
    (a 100 000-row sheet is ~15 MB of XML) and refuse a bomb long before memory runs out."""

    max_part_bytes: int = 256 * 1024 * 1024  # uncompressed size of one part
    max_total_bytes: int = 1024 * 1024 * 1024  # uncompressed size of the whole package
    max_ratio: float = 200.0  # uncompressed / compressed, for parts above ratio_floor_bytes
    ratio_floor_bytes: int = 4 * 1024 * 1024
    max_parts: int = 10_000


    @classmethod
    def from_settings(cls, settings: dict[str, float]) -> "Limits":
        """From a profile's [limits] (max_part_mb, max_total_mb, max_ratio)."""
        base = cls()
        mb = 1024 * 1024
        return cls(
            max_part_bytes=int(settings.get("max_part_mb", base.max_part_bytes / mb) * mb),
            max_total_bytes=int(settings.get("max_total_mb", base.max_total_bytes / mb) * mb),
            max_ratio=float(settings.get("max_ratio", base.max_ratio)),
        )


DEFAULT_LIMITS = Limits()


def _hardened_parser(**kw) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, **kw)


# One hardened parser for every part read or rewritten (building one per parse costs more
# than a small part does).
HARDENED_PARSER = _hardened_parser()


class _NoTree:
    """A parser target that keeps nothing: libxml2 checks the XML, no tree is built."""

    def close(self) -> None:
        return None


_CHECKERS = threading.local()  # a parser's error log is read after its parse: one parser a thread


def well_formed(data: bytes) -> bool:
    """True when libxml2, with the hardened parser's options, reads ``data`` without a
    single error or warning (a namespace error included): the check before a part is read
    by a faster means than a tree (evalxl.xml_scan). Twice as fast as a parse to a tree;
    any doubt answers False, and the caller parses the part as it always did."""
    parser = getattr(_CHECKERS, "parser", None)
    if parser is None:
        parser = _CHECKERS.parser = _hardened_parser(target=_NoTree())
    try:
        etree.fromstring(data, parser)
    except Exception:  # XMLSyntaxError and whatever else a broken part raises
        return False
    return len(parser.error_log) == 0


def refuse_dtd(head: bytes, part: str) -> None:
    """OOXML parts never carry a DTD; one that does is an entity or external-entity attack."""
    if head.find(b"!", 0, 4096) < 0:
        return  # every mark below holds a "!": one byte looked for, no 4 KB copied (most parts)
    probe = head[:4096]
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe or b"<\x00!\x00D\x00O\x00C" in probe:
        raise UnreadableFile("hostile_xml", f"文件内部结构异常（{part} 含有 DTD 实体声明），已拒绝解析，请在 Excel 中另存后重新提交")


def check_zip_bomb(infos: list[zipfile.ZipInfo], lim: Limits) -> None:
    """Refuse a zip from its central directory, before anything is inflated: too many
    members, a member or a whole too large once inflated, an abnormal ratio, a password."""
    if len(infos) > lim.max_parts:
        raise UnreadableFile("zip_bomb", f"文件包含 {len(infos)} 个部件，超出上限，疑似异常文件，已拒绝处理")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableFile("encrypted", "文件的压缩包被加密（zip 密码），请去除密码、在 Excel 中另存后重新提交")
        size = info.file_size
        total += size
        if size > lim.max_part_bytes:
            raise UnreadableFile("zip_bomb", f"文件部件 {info.filename} 解压后达 {size // 2**20} MB，超出上限，疑似压缩炸弹，已拒绝处理")
        if size > lim.ratio_floor_bytes and size > lim.max_ratio * max(info.compress_size, 1):
            raise UnreadableFile("zip_bomb", f"文件部件 {info.filename} 压缩比异常（{size / max(info.compress_size, 1):.0f} 倍），疑似压缩炸弹，已拒绝处理")
    if total > lim.max_total_bytes:
        raise UnreadableFile("zip_bomb", f"文件解压后共 {total // 2**20} MB，超出上限，疑似压缩炸弹，已拒绝处理")

_ITERPARSE_OPTS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def iterparse(fh: IO[bytes], tags: tuple[str, ...]) -> Iterator[tuple[str, etree._Element]]:
    """lxml iterparse with the hardened options, for the sheet reader."""
    return etree.iterparse(fh, events=("end",), tag=tags, **_ITERPARSE_OPTS)
