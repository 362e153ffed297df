"""Helpers of the Word tests: the sample documents, small documents built in a test, a
legacy .doc, and reading a cell of a .docx back by its place."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORD = ROOT / "samples" / "word"
REPORT = WORD / "明光市医疗保障局_2021年度部门项目绩效自评报告.docx"
SEED003 = WORD / "华容区医疗保障局_2023年度部门整体绩效自评表.docx"
TABLE_ONLY = WORD / "区医保局_医保信息化建设项目自评表.docx"
SEED002 = WORD / "衡山县医疗保障局_2020年度部门整体支出绩效自评报告.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def fixture_module(name: str):
    """A script of tests/fixtures/ loaded as a module (build_word imports build_samples)."""
    if name in sys.modules:
        return sys.modules[name]
    folder = ROOT / "tests" / "fixtures"
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def report_document(path: Path, paragraphs: list[str], tables: list[dict]) -> Path:
    """A .docx: ``paragraphs``, then each table (build_samples' layout A data) as a Word table."""
    bw = fixture_module("build_word")
    doc = bw.new_document("测试")
    for text in paragraphs:
        doc.add_paragraph(text)
    for t in tables:
        bw.add_table(doc, bw.layout_a_top, t)
    bw.save(doc, path)
    return path


def legacy_doc(path: Path) -> Path:
    """A minimal OLE2 compound file holding a WordDocument stream (what a .doc is), written
    by hand: header, one FAT sector, one directory sector, the stream in 8 sectors."""
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)
    fat = [fat_sect, end] + [3 + i for i in range(7)] + [end]
    fat += [free] * (128 - len(fat))
    fat_sector = struct.pack("<128I", *fat)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le") if name else b""
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, nostream, nostream, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("WordDocument", 2, nostream, 2, 4096)
                 + entry("", 0, nostream, 0, 0) * 2)
    path.write_bytes(bytes(header) + fat_sector + directory + b"\x00" * 4096)
    return path


def cell_at(document, place: dict):
    """The python-docx cell a finding's place names (n-th table, row, n-th cell of the row)."""
    from docx.table import _Cell

    tbl = document.tables[place["table"] - 1]._tbl
    tr = tbl.tr_lst[place["row"] - 1]
    return _Cell(tr.tc_lst[place["col"] - 1], None)
