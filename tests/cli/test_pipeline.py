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


def test_read_limits_made_once_per_settings_follow_the_profile(tmp_path, monkeypatch):
    import dataclasses

    import evalxl.reader
    from evalxl.package import Limits

    seen = []
    monkeypatch.setattr(evalxl.reader, "read_workbook", lambda path, limits=None: seen.append(limits) or 1 / 0)
    p = national()
    small = dataclasses.replace(p, limits={**p.limits, "max_part_mb": 1.0})
    for profile in (p, small, p):
        pipeline.audit_file(tmp_path / "a.xlsx", "a.xlsx", profile)
    # by hand: max_part_mb 1 -> 1 × 1024 × 1024 = 1 048 576 bytes; the national profile's own value otherwise
    assert seen[1].max_part_bytes == 1048576
    assert seen[0] == seen[2] == Limits.from_settings(p.limits) and seen[0] is seen[2]
    assert seen[0] != seen[1]
