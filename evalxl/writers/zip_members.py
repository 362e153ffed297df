"""Members of the corrected copy's zip, written without zipfile's per-member writer.

zipfile has no public API to write bytes it did not compress itself, and its writer costs
more per member than a small part's deflate (a ZipInfo, a write handle, a seek back over
the local header to patch sizes). Here each member is written once, with its sizes and CRC
known up front: the local header as ``ZipFile._open_to_write`` writes it, the entry
registered as ``_ZipWriteFile.close`` registers it, so ``ZipFile.close`` writes the central
directory as usual.

- ``copy_raw``: an untouched member, as its compressed bytes (checked against its CRC;
  a small plain one read whole through ``zip_member``, as the reader reads a part).
- ``write_member``: new content, deflated here in one call.
"""

from __future__ import annotations

import zipfile
import zlib

from ..zip_member import inflate_checked, read_raw

# zlib's fastest level: the copy's rewritten parts are small XML (a sheet is ~10 kB) read
# once by Excel; level 6 (zipfile's default) costs twice the CPU for ~9 % fewer bytes.
DEFLATE_LEVEL = 1
RAW_IN_ONE = 1 << 20  # a member up to this size (compressed and not) is read and checked whole


def _start(out: zipfile.ZipFile, zi: zipfile.ZipInfo) -> None:
    """The local header of ``zi`` (sizes and CRC set) at the end of ``out``."""
    zip64 = zi.file_size > zipfile.ZIP64_LIMIT or zi.compress_size > zipfile.ZIP64_LIMIT
    out.fp.seek(out.start_dir)
    zi.header_offset = out.fp.tell()
    out._writecheck(zi)
    out._didModify = True
    out.fp.write(zi.FileHeader(zip64))


def _finish(out: zipfile.ZipFile, zi: zipfile.ZipInfo) -> None:
    out.start_dir = out.fp.tell()
    out.filelist.append(zi)
    out.NameToInfo[zi.filename] = zi


def write_member(out: zipfile.ZipFile, zi: zipfile.ZipInfo, data: bytes) -> None:
    """``data`` as member ``zi`` (deflated, or stored when ``zi`` says so): what
    ``out.writestr(zi, data)`` writes, but for the deflate level."""
    zi.flag_bits = 0  # sizes known: no data descriptor
    if not zi.external_attr:
        zi.external_attr = 0o600 << 16  # as zipfile gives a member without attributes
    zi.CRC = zlib.crc32(data)
    zi.file_size = len(data)
    if zi.compress_type == zipfile.ZIP_DEFLATED:
        deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)  # zlib.compress takes wbits only from 3.11
        data = deflate.compress(data) + deflate.flush()
    else:
        zi.compress_type = zipfile.ZIP_STORED
    zi.compress_size = len(data)
    _start(out, zi)
    out.fp.write(data)
    _finish(out, zi)


def copy_raw(src: zipfile.ZipFile, info: zipfile.ZipInfo, out: zipfile.ZipFile, zi: zipfile.ZipInfo) -> None:
    """Copy a member as its compressed bytes: deflating it again costs ten times what
    inflating does (a 2 MB picture, every untouched sheet). The bytes are read once: each
    chunk is written and inflated into nothing, so a stream that does not match its CRC
    fails the copy (with the error zipfile's own reading raises) as a re-deflate would."""
    zi.compress_type = info.compress_type
    zi.CRC, zi.compress_size, zi.file_size = info.CRC, info.compress_size, info.file_size
    zi.flag_bits = info.flag_bits & 0x6  # the deflate level bits; no data descriptor, sizes are known
    if info.compress_size <= RAW_IN_ONE and info.file_size <= RAW_IN_ONE:
        # the plain case in one read and one inflate (zipfile's open costs more than a
        # small part's inflate); anything else goes the way below, which raises as before
        raw = read_raw(src, info)
        if raw is not None and inflate_checked(raw, info) is not None:
            _start(out, zi)
            out.fp.write(raw)
            _finish(out, zi)
            return
    with src.open(info) as fh:  # zipfile's checks of the local header (name, flags, encryption)
        raw = fh._fileobj  # positioned at the member's compressed bytes
        _start(out, zi)
        check = _Inflated(info)
        left = info.compress_size
        while left:
            chunk = raw.read(min(left, 1 << 20))
            if not chunk:
                if check.done:
                    raise zipfile.BadZipFile(f"truncated member: {info.filename}")
                raise EOFError  # as zipfile's reading of a truncated member
            out.fp.write(chunk)
            left -= len(chunk)
            check.feed(chunk, last=not left)
        check.verify()
    _finish(out, zi)


class _Inflated:
    """A member's CRC over what it inflates to, as ``ZipExtFile`` reads it: inflating stops
    at the end of the deflate stream, the content is cut at its recorded size."""

    def __init__(self, info: zipfile.ZipInfo):
        self.info = info
        self.inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        self.crc = 0
        self.left = info.file_size
        self.done = False

    def feed(self, chunk: bytes, last: bool) -> None:
        if self.done:
            return
        if self.inflate is None:
            data = chunk
            self.done = last
        else:
            data = self.inflate.decompress(chunk)
            if self.inflate.eof or last:
                data += self.inflate.flush()
                self.done = True
        data = data[:self.left]
        self.left -= len(data)
        self.crc = zlib.crc32(data, self.crc)
        if self.left <= 0:
            self.done = True

    def verify(self) -> None:
        if self.crc != self.info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self.info.filename!r}")


def clone_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(info.filename, info.date_time)
    zi.compress_type = info.compress_type if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) else zipfile.ZIP_DEFLATED
    zi.external_attr = info.external_attr
    zi.internal_attr = info.internal_attr
    zi.create_system = info.create_system
    zi.comment = info.comment
    return zi
