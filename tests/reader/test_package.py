"""The package guards: what a damaged or hostile zip gives."""

from pathlib import Path

import pytest

from evalxl.package import UnreadableFile
from evalxl.reader import read_workbook

GOOD = Path(__file__).resolve().parents[2] / "samples" / "病历评审费用项目.xlsx"


def _set_flag(data: bytearray, magic: bytes, offset: int) -> None:
    i = 0
    while (i := data.find(magic, i)) >= 0:
        data[i + offset] |= 1
        i += 4


def test_zip_password_flag_is_reported_as_encrypted(tmp_path):
    data = bytearray(GOOD.read_bytes())
    _set_flag(data, b"PK\x01\x02", 8)  # central directory: general purpose flag, bit 0
    _set_flag(data, b"PK\x03\x04", 6)  # local headers
    path = tmp_path / "zip密码.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile) as exc:
        read_workbook(path)
    assert exc.value.kind == "encrypted" and "加密" in exc.value.message


def test_unknown_compression_method_is_corrupt(tmp_path):
    data = bytearray(GOOD.read_bytes())
    i = 0
    while (i := data.find(b"PK\x03\x04", i)) >= 0:  # compression method 99 in the local headers
        data[i + 8] = 99
        i += 4
    i = 0
    while (i := data.find(b"PK\x01\x02", i)) >= 0:
        data[i + 10] = 99
        i += 4
    path = tmp_path / "压缩方式.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile) as exc:
        read_workbook(path)
    assert exc.value.kind == "corrupt"


@pytest.mark.parametrize("head, refused", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', True),
    (b'<?xml version="1.0"?><!ENTITY a "b"><x/>', True),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16-le"), True),
    (b'<worksheet><f>Sheet1!A1</f></worksheet>', False),  # a "!" that is no DTD
    (b'<worksheet>' + b" " * 4096 + b'<!DOCTYPE x></worksheet>', False),  # only the head is looked at
    (b'<worksheet/>', False),
])
def test_refuse_dtd_looks_at_the_head_for_a_dtd(head, refused):
    from evalxl.zip_guard import refuse_dtd

    if refused:
        with pytest.raises(UnreadableFile) as exc:
            refuse_dtd(head, "xl/x.xml")
        assert exc.value.kind == "hostile_xml"
    else:
        refuse_dtd(head, "xl/x.xml")
