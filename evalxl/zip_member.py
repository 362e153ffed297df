"""A zip member's bytes read straight from the archive: one seek and one read of its local
header and compressed data, then one inflate (zipfile's ZipExtFile costs several times
more Python for the small parts of a workbook).

Only the plain case is read here: stored or deflated, no encryption, a local header that
names the member as the central directory does, and data that inflates to exactly the
size and CRC the central directory gives. Anything else answers None and the caller asks
zipfile, which then reads or raises exactly as before.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

_LOCAL = struct.Struct("<4s2sH2s4s4s4s4sHH")  # zipfile's sizeFileHeader layout (30 bytes)
_SPECIAL_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, compressed patched data, strong encryption


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, or None when it is not the plain case (see the module's doc)."""
    raw = read_raw(zf, info)
    if raw is None:
        return None
    return inflate_checked(raw, info)


def read_raw(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's compressed bytes after a check of its local header, or None when it
    is not the plain case (see the module's doc)."""
    fp = zf.fp
    method = info.compress_type
    if fp is None or info.flag_bits & _SPECIAL_FLAGS or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    size = info.compress_size
    with zf._lock:  # the archive's file position is shared with zipfile's own readers
        fp.seek(info.header_offset)
        head = fp.read(_LOCAL.size)
        if len(head) != _LOCAL.size:
            return None
        magic, _, flags, _, _, _, _, _, name_len, extra_len = _LOCAL.unpack(head)
        if magic != b"PK\x03\x04":
            return None
        end = getattr(info, "_end_offset", None)  # newer zipfiles refuse overlapping members (a bomb)
        if end is not None and info.header_offset + _LOCAL.size + name_len + extra_len + size > end:
            return None
        rest = fp.read(name_len + extra_len + size)
    if len(rest) != name_len + extra_len + size:
        return None
    try:
        encoding = "utf-8" if flags & 0x800 else (getattr(zf, "metadata_encoding", None) or "cp437")  # 3.11+
        name = rest[:name_len].decode(encoding)
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename:
        return None
    return rest[name_len + extra_len:]


def inflate_checked(raw: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """What a member's compressed bytes hold, when they inflate (bounded) to exactly the
    size and CRC the central directory gives; else None."""
    if info.compress_type == zipfile.ZIP_STORED:
        data = raw
    else:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(raw, info.file_size + 1)  # bounded: a lying size inflates no further
        except zlib.error:
            return None
        if not inflater.eof:
            return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data
