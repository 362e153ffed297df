"""Untouched parts of the corrected copy are copied as their compressed bytes (issue 18):
no inflate-and-deflate, so a 2 MB picture costs a copy, not a compression. A member whose
bytes do not match its CRC still fails the copy, as the re-deflate did.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from evalxl.package import XlsxPackage
from evalxl.writers.xlsx_patch import PackagePatch


def _raw(path: Path, name: str) -> bytes:
    """The compressed bytes of a member as stored in the file."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
        with open(path, "rb") as fh:
            fh.seek(info.header_offset)
            head = fh.read(30)
            skip = int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little")
            fh.seek(info.header_offset + 30 + skip)
            return fh.read(info.compress_size)


def _source(path: Path) -> Path:
    # deflated at level 9: a re-deflate at the copy's level (zip_members.DEFLATE_LEVEL, 1)
    # would give other bytes
    body = b"<x>" + b"".join(b"<r>%d</r>" % i for i in range(3000)) + b"</x>"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", b"<Types/>", compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        z.writestr("xl/media/image1.png", b"\x89PNG" + bytes(range(256)) * 40, compress_type=zipfile.ZIP_STORED)
        z.writestr("xl/workbook.xml", body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        z.writestr("xl/other.xml", b"<o/>", compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return path


def test_untouched_members_keep_their_compressed_bytes_and_rewritten_ones_change(tmp_path):
    src = _source(tmp_path / "a.xlsx")
    patch = PackagePatch(XlsxPackage(src))
    patch.write("xl/other.xml", b"<o>changed</o>")
    dst = tmp_path / "b.xlsx"
    patch.save(dst)
    patch.pkg.close()
    for name in ("[Content_Types].xml", "xl/media/image1.png", "xl/workbook.xml"):
        assert _raw(dst, name) == _raw(src, name), name
    with zipfile.ZipFile(dst) as out, zipfile.ZipFile(src) as before:
        assert out.testzip() is None  # every CRC checks
        assert out.read("xl/other.xml") == b"<o>changed</o>"
        assert out.read("xl/workbook.xml") == before.read("xl/workbook.xml")
        assert [i.filename for i in out.infolist()] == [i.filename for i in before.infolist()]
        assert out.getinfo("xl/media/image1.png").compress_type == zipfile.ZIP_STORED


def test_a_member_that_does_not_match_its_crc_fails_the_copy(tmp_path):
    src = _source(tmp_path / "a.xlsx")
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("xl/media/image1.png")
    # a stored member: flip one byte of its content (30-byte header + name, no extra field)
    at = info.header_offset + 30 + len(info.filename) + 100
    data[at] ^= 0xFF
    src.write_bytes(bytes(data))
    patch = PackagePatch(XlsxPackage(src))
    with pytest.raises(zipfile.BadZipFile):
        patch.save(tmp_path / "b.xlsx")
    patch.pkg.close()


@pytest.mark.parametrize("offset", [5, 40, -3])
def test_a_damaged_deflated_member_fails_the_copy_as_zipfile_fails_to_read_it(tmp_path, offset):
    # the copy reads each member once, inflating as it copies: a damaged stream must raise
    # what zipfile's own reading raises (the batch names the error type to the user)
    src = _source(tmp_path / "a.xlsx")
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename)
    data[start + (offset if offset >= 0 else info.compress_size + offset)] ^= 0x55
    src.write_bytes(bytes(data))
    with zipfile.ZipFile(src) as z, pytest.raises(Exception) as by_zipfile:
        z.read("xl/workbook.xml")
    patch = PackagePatch(XlsxPackage(src))
    with pytest.raises(type(by_zipfile.value)):
        patch.save(tmp_path / "b.xlsx")
    patch.pkg.close()


def test_a_copy_built_in_memory_is_the_copy_streamed_to_the_file(tmp_path):
    """A small copy is built in memory and written in one call, a large one streamed to
    its file (the size limit 0 forces streaming): the same bytes either way."""
    src = _source(tmp_path / "a.xlsx")
    patch = PackagePatch(XlsxPackage(src))
    patch.write("xl/other.xml", b"<o>changed</o>")
    patch.write("xl/new.xml", b"<n/>")  # a part the source lacks: added
    patch.save(tmp_path / "memory.xlsx")
    patch.save(tmp_path / "streamed.xlsx", in_memory_max=0)
    patch.pkg.close()
    memory, streamed = (tmp_path / "memory.xlsx").read_bytes(), (tmp_path / "streamed.xlsx").read_bytes()
    assert memory == streamed
    with zipfile.ZipFile(tmp_path / "memory.xlsx") as out:
        assert out.testzip() is None and out.read("xl/other.xml") == b"<o>changed</o>"


def test_a_rewritten_member_is_what_zipfile_writestr_would_write_but_for_its_deflate(tmp_path):
    """Rewritten and added parts are written by zip_members.write_member, not zipfile's
    writestr: the same content, CRC, header fields and central directory entry as
    writestr gives the same ZipInfo; a part stored in the source stays stored."""
    src = _source(tmp_path / "a.xlsx")
    body = b"<o>" + b"<r>changed</r>" * 500 + b"</o>"
    png = b"\x89PNG" + bytes(range(256)) * 41  # a stored part, rewritten
    patch = PackagePatch(XlsxPackage(src))
    patch.write("xl/other.xml", body)
    patch.write("xl/media/image1.png", png)
    patch.write("xl/new.xml", b"<n/>")
    patch.save(tmp_path / "b.xlsx")
    patch.pkg.close()
    with zipfile.ZipFile(tmp_path / "b.xlsx") as out, zipfile.ZipFile(src) as before:
        assert out.testzip() is None
        assert [i.filename for i in out.infolist()] == [i.filename for i in before.infolist()] + ["xl/new.xml"]
        # what zipfile itself writes for the same members, in a zip of its own
        with zipfile.ZipFile(tmp_path / "ref.zip", "w") as ref:
            for name, data in (("xl/other.xml", body), ("xl/media/image1.png", png), ("xl/new.xml", b"<n/>")):
                zi = zipfile.ZipInfo(name, out.getinfo(name).date_time)
                zi.compress_type = out.getinfo(name).compress_type
                zi.external_attr = out.getinfo(name).external_attr
                zi.create_system = out.getinfo(name).create_system
                ref.writestr(zi, data)
        with zipfile.ZipFile(tmp_path / "ref.zip") as ref:
            for name, data in (("xl/other.xml", body), ("xl/media/image1.png", png), ("xl/new.xml", b"<n/>")):
                mine, theirs = out.getinfo(name), ref.getinfo(name)
                assert out.read(name) == data == ref.read(name)
                for field in ("CRC", "file_size", "flag_bits", "compress_type", "create_version", "extract_version"):
                    assert getattr(mine, field) == getattr(theirs, field), (name, field)
        assert out.getinfo("xl/media/image1.png").compress_type == zipfile.ZIP_STORED
        assert out.getinfo("xl/other.xml").compress_type == zipfile.ZIP_DEFLATED
        assert out.getinfo("xl/new.xml").date_time == (1980, 1, 1, 0, 0, 0)


def test_a_small_member_read_whole_is_copied_as_the_chunked_read_copies_it(tmp_path, monkeypatch):
    """copy_raw reads a small plain member whole (zip_member.read_raw, one inflate to check
    it) and anything else in chunks through zipfile: the same copy either way, a local
    extra field (which the central directory does not repeat) skipped by both."""
    from evalxl.writers import zip_members

    src = _source(tmp_path / "a.xlsx")
    with zipfile.ZipFile(src, "a") as z:
        zi = zipfile.ZipInfo("xl/extra.xml", (2020, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.extra = b"\xfe\xca\x04\x00abcd"  # an unknown extra block in the local header
        z.writestr(zi, b"<e>" + b"x" * 500 + b"</e>")
    copies = []
    for limit in (zip_members.RAW_IN_ONE, 0):  # 0: every member through zipfile, in chunks
        monkeypatch.setattr(zip_members, "RAW_IN_ONE", limit)
        patch = PackagePatch(XlsxPackage(src))
        patch.write("xl/other.xml", b"<o>changed</o>")
        patch.save(tmp_path / f"b{limit}.xlsx")
        patch.pkg.close()
        copies.append((tmp_path / f"b{limit}.xlsx").read_bytes())
    assert copies[0] == copies[1]
    with zipfile.ZipFile(tmp_path / "b0.xlsx") as out:
        assert out.testzip() is None
    assert _raw(tmp_path / "b0.xlsx", "xl/extra.xml") == _raw(src, "xl/extra.xml")
