"""evalxl.pipeline.audit_file: read → rules, never a traceback."""

from __future__ import annotations

import openpyxl
from seedbooks import wrong_workbook

from evalxl import pipeline
from evalxl.findings import Severity
from evalxl.profile import national


def test_ok(tmp_path):
    wb, r = pipeline.audit_file(wrong_workbook(tmp_path / "a.xlsx"), "sub/a.xlsx", national())
    assert wb is not None and r.status == "ok" and r.format == "xlsx" and len(r.tables) == 2
    assert all(f.file == "sub/a.xlsx" for f in r.findings)
    assert r.count(Severity.ERROR) == 5
    assert r.findings == sorted(r.findings, key=lambda f: f.sort_key())


def test_unreadable(tmp_path):
    p = tmp_path / "a.xlsx"
    p.write_bytes(b"%PDF-1.4 not a workbook")
    wb, r = pipeline.audit_file(p, "a.xlsx", national())
    assert wb is None and r.status == "unreadable" and r.message and r.findings == []


def test_reader_bug_becomes_unreadable(tmp_path, monkeypatch):
    import evalxl.reader

    def boom(path, limits=None):
        raise KeyError("x")

    monkeypatch.setattr(evalxl.reader, "read_workbook", boom)
    wb, r = pipeline.audit_file(tmp_path / "a.xlsx", "a.xlsx", national())
    assert r.status == "unreadable" and "内部错误（KeyError）" in r.message


def test_rules_bug_becomes_unreadable(tmp_path, monkeypatch):
    import evalxl.rules

    def boom(*a, **k):
        raise ZeroDivisionError

    monkeypatch.setattr(evalxl.rules, "check_workbook", boom)
    wb, r = pipeline.audit_file(wrong_workbook(tmp_path / "a.xlsx"), "a.xlsx", national())
    assert r.status == "unreadable" and "审核时发生内部错误（ZeroDivisionError）" in r.message


def test_no_table(tmp_path):
    book = openpyxl.Workbook()
    book.active.cell(1, 1, "说明")
    book.save(tmp_path / "a.xlsx")
    wb, r = pipeline.audit_file(tmp_path / "a.xlsx", "a.xlsx", national())
    assert r.status == "no_table" and "未找到" in r.message
