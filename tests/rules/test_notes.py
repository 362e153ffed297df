"""N: workbook-level findings from the reader's notes. Each rule fires and does not fire."""

from __future__ import annotations

from tablekit import full_funds, indicator, make_table

from evalxl.findings import Severity
from evalxl.model import ReadNote, Workbook
from evalxl.profile import national
from evalxl.rules import check_workbook


def workbook(*notes):
    wb = Workbook("a.xls", "xlsx", notes=list(notes))
    wb.tables.append(make_table(full_funds(), [indicator("a", "1", "1", 90, 90)], total=(100, 100)))
    return wb


def codes(wb, **kw):
    tables, wb_findings = check_workbook(wb, national(), **kw)
    return [f.code for f in wb_findings], wb_findings


def test_format_mismatch():
    got, [f] = codes(workbook(ReadNote("format_mismatch", "文件扩展名为 .xls，但内容是 .xlsx 格式，已按 .xlsx 读取")))
    assert got == ["N001"] and f.severity == Severity.NOTICE and f.table_index is None and "xlsx" in f.message


def test_table_not_audited_is_retired():
    """N002 reported department-wide tables as not audited; they are audited now (D rules).
    The code is retired, never reused: selecting or ignoring it is accepted and does nothing."""
    from evalxl.rules import get_rule, retired, select_rules

    assert get_rule("N002") is None and retired("N002")[1] == "table-not-audited"
    assert select_rules(["N002"]) == [] and len(select_rules(None, ["N002"])) == len(select_rules())


def test_other_reader_note():
    got, [f] = codes(workbook(ReadNote("partial_table", "表格不完整", sheet="S")))
    assert got == ["N003"] and f.extra["kind"] == "partial_table"


def test_no_notes():
    assert codes(workbook())[0] == []


def test_table_results_come_with_the_workbook_findings():
    tables, _ = check_workbook(workbook(), national())
    assert len(tables) == 1 and tables[0].recomputed_total == 100 and tables[0].grade == "优"
