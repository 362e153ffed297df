"""zip_member.read_member, the fast read of a package's parts, against zipfile: the same
bytes in the plain case, and None (zipfile then decides) in every case it does not read."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from evalxl.package import UnreadableFile, XlsxPackage
from evalxl.zip_member import read_member

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TEXT = "<sheet>项目名称 绩效自评</sheet>".encode() * 50  # compresses well: deflate really works


def _zip(method=zipfile.ZIP_DEFLATED, name="xl/a.xml", data=TEXT) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("first.xml"), b"<x/>")
        info = zipfile.ZipInfo(name)
        info.compress_type = method
        zf.writestr(info, data)
    return bytearray(buf.getvalue())


def _member(raw: bytes, name="xl/a.xml"):
    zf = zipfile.ZipFile(io.BytesIO(bytes(raw)))
    return zf, zf.getinfo(name)


def _zipfile_read(zf, info):
    try:
        return zf.read(info)
    except Exception as exc:  # what zipfile does with the damage
        return type(exc)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.xlsx")))
def test_every_part_of_a_sample_reads_as_zipfile_reads_it(sample):
    with zipfile.ZipFile(SAMPLES / sample) as zf:
        for info in zf.infolist():
            assert read_member(zf, info) == zf.read(info), info.filename


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_stored_and_deflated_members(method):
    zf, info = _member(_zip(method))
    assert read_member(zf, info) == TEXT == zf.read(info)


def _central(raw: bytearray) -> int:
    """Where the member's central record starts: 46 bytes before its name's second mention."""
    i = raw.find(b"xl/a.xml", raw.find(b"xl/a.xml") + 1) - 46
    assert raw[i:i + 4] == b"PK\x01\x02"
    return i


def _patch_crc(raw: bytearray) -> bytearray:
    i = _central(raw)
    raw[i + 16] ^= 0xFF  # CRC-32 at offset 16 of a central record
    return raw


def _patch_local_name(raw: bytearray) -> bytearray:
    i = raw.find(b"xl/a.xml")  # the local header's name comes first in the file
    raw[i:i + 8] = b"xl/b.xml"
    return raw


def _patch_data(raw: bytearray) -> bytearray:
    i = raw.find(b"xl/a.xml") + len(b"xl/a.xml")  # no extra field: the data follows the name
    raw[i:i + 6] = b"\xff" * 6  # a broken deflate stream
    return raw


def _patch_size(raw: bytearray) -> bytearray:
    i = _central(raw)
    size = struct.unpack_from("<I", raw, i + 24)[0]
    struct.pack_into("<I", raw, i + 24, size - 1)  # uncompressed size one byte short
    return raw


def _patch_magic(raw: bytearray) -> bytearray:
    i = raw.find(b"xl/a.xml") - 30  # the member's local header
    raw[i:i + 4] = b"PK\x00\x00"
    return raw


@pytest.mark.parametrize("damage", [_patch_crc, _patch_local_name, _patch_data, _patch_magic])
def test_a_damaged_member_is_left_to_zipfile(damage):
    zf, info = _member(damage(_zip()))
    assert read_member(zf, info) is None
    assert _zipfile_read(zf, info) in (zipfile.BadZipFile, zlib.error, EOFError)  # zipfile refuses it too


def test_a_member_one_byte_short_in_the_directory_is_left_to_zipfile():
    # zipfile truncates to the size the directory says (then fails its CRC): not the plain case
    zf, info = _member(_patch_size(_zip()))
    assert read_member(zf, info) is None
    assert _zipfile_read(zf, info) is zipfile.BadZipFile


def test_bzip2_member_is_read_by_zipfile():
    zf, info = _member(_zip(zipfile.ZIP_BZIP2))
    assert read_member(zf, info) is None
    assert zf.read(info) == TEXT


def test_encrypted_flag_is_left_to_zipfile():
    raw = _zip()
    i = _central(raw)
    raw[i + 8] |= 1  # general purpose flag bit 0 in the central record
    zf, info = _member(raw)
    assert read_member(zf, info) is None


@pytest.mark.parametrize("damage", [_patch_crc, _patch_local_name, _patch_data])
def test_package_read_of_a_damaged_member_is_corrupt(damage, tmp_path):
    """XlsxPackage.read still says what zipfile's error says: the part is damaged."""
    path = tmp_path / "坏.xlsx"
    path.write_bytes(bytes(damage(_zip())))
    pkg = XlsxPackage.__new__(XlsxPackage)  # only read() is asked: no workbook part needed
    pkg.zip = zipfile.ZipFile(path)
    with pytest.raises(UnreadableFile) as exc:
        pkg.read("xl/a.xml")
    assert exc.value.kind == "corrupt" and "xl/a.xml" in exc.value.message
    assert pkg.read("first.xml") == b"<x/>"


def test_a_member_overlapping_the_next_is_left_to_zipfile():
    # newer zipfiles know where each member must end (_end_offset) and refuse one that runs
    # past it; this Python's ZipInfo may have no such slot, so a stand-in carries it
    from types import SimpleNamespace

    zf, info = _member(_zip())
    fields = ("compress_type", "flag_bits", "compress_size", "header_offset", "file_size", "CRC", "orig_filename")
    data_end = info.header_offset + 30 + len("xl/a.xml") + info.compress_size  # no extra field
    late = SimpleNamespace(**{f: getattr(info, f) for f in fields}, _end_offset=data_end - 1)
    assert read_member(zf, late) is None
    assert read_member(zf, SimpleNamespace(**vars(late) | {"_end_offset": data_end})) == TEXT


def test_a_zipfile_without_metadata_encoding_reads_the_same():
    # Python 3.10's ZipFile has no metadata_encoding (3.11 added it); Excel's names carry no
    # UTF-8 flag, so every part of a workbook takes that branch: cp437, as zipfile reads it
    zf, info = _member(_zip(name="xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml")
    assert not info.flag_bits & 0x800
    if hasattr(zf, "metadata_encoding"):  # 3.11+: taken away, as 3.10 has it
        del zf.metadata_encoding
    assert read_member(zf, info) == TEXT
