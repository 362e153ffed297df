"""The 问题清单's rows written as finished XML (summary_findings.py) against the way they
were written before, cell by cell through xlsxwriter (sheetkit.put, widths measured, each
row's height fitted, flushed sixteen rows at a time; kept here verbatim as the reference):
the whole 汇总表 the same byte for byte, member by member, on the cases the fast path
treats apart (blanks, line breaks and long text that wraps, every severity, waived rows,
a text too long for a cell, blocks of 16 rows, no finding at all)."""

from __future__ import annotations

import zipfile

import pytest

from evalxl.findings import FileResult, Finding, Severity, TableResult
from evalxl.writers import summary
from evalxl.writers.sheetkit import new_sheet, page, put
from evalxl.writers.summary_data import FINDING_FIELDS, finding_row
from evalxl.writers.summary_findings import FINDING_COLUMNS


def _reference_findings_sheet(book, fmt, data) -> None:
    ws, widths, last, header = new_sheet(book, fmt, "问题清单", FINDING_COLUMNS, "审核发现的问题清单")
    for _, values in _reference_rows(fmt, data, header):
        for col, (value, _) in enumerate(values):
            widths.measure(col, value)
    final = widths.final()
    r = header
    for r, values in _reference_rows(fmt, data, header):
        for col, (value, cf) in enumerate(values):
            put(ws, widths, r, col, value, cf)
        widths.fit_row(ws, r, final)
        if (r + 1) % 16 == 0:
            ws.flush(r + 1)
    widths.apply(ws)
    ws.autofilter(header, 0, r, last)
    page(ws, header, last)
    ws.flush()


def _reference_rows(fmt, data, header):
    r = header + 1
    severity_fmt = {Severity.ERROR: fmt.error, Severity.WARNING: fmt.warning}
    for spool, state in ((data.findings, ""), (data.waived, "已确认（不计入）")):
        for file, sheet, cell, table, code, severity, entered, expected, fixed, message, _widths in spool:
            yield r, [(r - header, fmt.int), (file, fmt.text), (sheet, fmt.text), (cell, fmt.center), (table, fmt.text),
                      (code, fmt.center), (severity.label, severity_fmt.get(severity, fmt.center)), (entered, fmt.text),
                      (expected, fmt.text), ("是" if fixed and not state else "", fmt.center), (message, fmt.text),
                      (state, fmt.center)]
            r += 1


def _files(n_findings: int, waived: int = 0) -> list[FileResult]:
    severities = [Severity.ERROR, Severity.WARNING, Severity.NOTICE]
    messages = ["得分应为 9.6", "第一行\n第二行：换行的说明", "很长的说明" * 30, "", "A" * 70]
    files = []
    for k in range(3):
        t = TableResult(0, "表1", f"项目{k}", department="医保局", unit="医保中心", year=2023, budget=10.0, executed=9.0)
        f = FileResult(f"文件{k}.xlsx", "ok", tables=[t])
        for i in range(n_findings):
            x = Finding(f"F00{i % 5}", severities[i % 3], messages[i % 5], sheet=None if i % 7 == 3 else "表1",
                        cell=None if i % 4 == 1 else f"C{i + 2}", entered=[9.5, None, "优", 100][i % 4],
                        expected=[9.6, "良", None, 80.25][i % 4], file=f.file, table="" if i % 6 == 5 else t.name,
                        table_index=0)
            f.findings.append(x)
        for i in range(waived):
            f.waived.append(Finding("W001", Severity.WARNING, f"已确认的问题 {i}", sheet="表1", cell="D4", file=f.file,
                                    table=t.name, table_index=0))
        files.append(f)
    return files


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # core.xml: the time written


@pytest.mark.parametrize("n_findings, waived", [(0, 0), (1, 0), (7, 2), (23, 5)])
def test_rows_written_as_xml_are_xlsxwriters_bytes(tmp_path, monkeypatch, n_findings, waived):
    files = _files(n_findings, waived)
    summary.write_summary(tmp_path / "fast.xlsx", files, ["优", "良", "中", "差"])
    monkeypatch.setattr(summary, "findings_sheet", _reference_findings_sheet)
    summary.write_summary(tmp_path / "reference.xlsx", files, ["优", "良", "中", "差"])
    fast, reference = _members(tmp_path / "fast.xlsx"), _members(tmp_path / "reference.xlsx")
    # by hand: 3 files × (n + waived) rows below the title and header (rows 1 and 2)
    rows = 3 * (n_findings + waived)
    sheet = fast["xl/worksheets/sheet4.xml"].decode()
    assert f'<row r="{2 + rows}"' in sheet if rows else '<row r="3"' not in sheet
    # the title's row has its height; the second finding of a file (a line break) and the
    # third (150 wide characters, width 300, in the 说明 column's 60) get one for their text
    assert (sheet.count('customHeight="1"') > 1) == (n_findings > 1)
    assert fast == reference


def test_a_text_too_long_for_a_cell_is_cut_as_xlsxwriter_cuts_it(tmp_path, monkeypatch):
    files = _files(1)
    # 17 000 characters outside the BMP: 34 000 UTF-16 units, over a cell's 32 767
    files[0].findings[0].entered = "😀" * 17000
    summary.write_summary(tmp_path / "fast.xlsx", files, ["优"])
    monkeypatch.setattr(summary, "findings_sheet", _reference_findings_sheet)
    summary.write_summary(tmp_path / "reference.xlsx", files, ["优"])
    fast = _members(tmp_path / "fast.xlsx")
    assert "😀" * 16383 in fast["xl/sharedStrings.xml"].decode() and "😀" * 16384 not in fast["xl/sharedStrings.xml"].decode()
    assert fast == _members(tmp_path / "reference.xlsx")


def test_a_finding_rows_widths_are_its_values_widths_one_a_column():
    x = Finding("F001", Severity.ERROR, "得分应为 9.6\n见评分标准", sheet="表1", cell="C5", entered=9.5, expected=9.6,
                file="甲.xlsx", table="项目一")
    row = finding_row(x)
    # by hand: 序号 0 (the sheet's), 甲.xlsx 2+5, 表1 2+1, C5 2, 项目一 6, F001 4, 错误 4, 9.5 3, 9.6 3,
    # 已更正 0 (no fix), the message's widest line 得分应为 9.6 = 8+1+3, 状态 0 (the sheet's)
    assert len(FINDING_COLUMNS) == FINDING_FIELDS == len(row[-1])
    assert row[-1] == (0, 7, 3, 2, 6, 4, 4, 3, 3, 0, 12, 0)
