"""A StreamedSheet's rows leave memory as they are flushed, with the very bytes
xlsxwriter writes when it holds every cell to the end: spans per 16-row block, row
heights, blanks, comments, shared strings, and style numbers given in sheet order."""

from __future__ import annotations

import zipfile

import pytest
import xlsxwriter

from evalxl.writers.sheet_stream import StreamedSheet


def _book(path, streamed: bool, in_memory: bool = False) -> None:
    book = xlsxwriter.Workbook(str(path), {"in_memory": in_memory})
    plain, bold, red = book.add_format(), book.add_format({"bold": True}), book.add_format({"font_color": "red"})
    first = book.add_worksheet("甲", StreamedSheet if streamed else None)
    second = book.add_worksheet("乙", StreamedSheet if streamed else None)
    for r in range(40):
        first.write_string(r, r % 5, f"文本 {r % 7}", bold if r % 3 else plain)  # spans differ block to block
        if r % 4 == 0:
            first.write_number(r, 6, r * 1.5, plain)
        if r == 20:
            first.write_comment(r, 8, "批注")  # a comment widens its block's span
        if r % 9 == 0:
            first.set_row(r, 30)
        if r == 33:
            first.write_blank(r, 2, None, plain)
        if r == 12:  # cells written by xlsxwriter's own _write_cell between common ones (C and G): in order
            first.write_string(r, 3, "无格式")  # no format
            first.write_formula(r, 5, "=1+1", plain, 2)
        if streamed and r % 5 == 4:
            first.flush(r + 1)  # at no block boundary: only whole blocks are rendered
    if streamed:
        first.flush()
    for r in range(25):
        second.write_string(r, 0, f"行 {r}", red if r > 10 else plain)  # red first used here, after 甲
        if streamed and r % 16 == 15:
            second.flush(r + 1)
    book.close()


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # core.xml: the time written


@pytest.mark.parametrize("in_memory", [False, True])  # the rows copied into a file's bytes, or into a StringIO
def test_streamed_rows_are_the_bytes_xlsxwriter_writes(tmp_path, in_memory):
    _book(tmp_path / "plain.xlsx", streamed=False, in_memory=in_memory)
    _book(tmp_path / "streamed.xlsx", streamed=True, in_memory=in_memory)
    plain, streamed = _members(tmp_path / "plain.xlsx"), _members(tmp_path / "streamed.xlsx")
    # by hand: rows 0-15 and 32-39 use columns A-E and G (a number every 4th row): 1:7;
    # rows 16-31 also hold the comment in I: 1:9
    sheet = plain["xl/worksheets/sheet1.xml"]
    assert sheet.count(b'spans="1:7"') == 16 + 8 and sheet.count(b'spans="1:9"') == 16
    assert streamed == plain
