"""findings.json: every finding and the status of every file, machine-readable.

    {"version": 1, "profile": "national",
     "files": [{"file", "status", "message", "tables", "corrected", "errors", "warnings", "notices",
                "departments": [{"index", "sheet", "kind", "kind_name", "unit", "year", "scored",
                                 "entered_total", "entered_total_from", "recomputed_total",
                                 "completion_rate", "completion", "grade", "review_rows",
                                 "errors", "warnings", "notices"}],
                "project_tables": [{"index", "sheet", "name", "entered_total", "recomputed_total",
                                    "unverified_points", "unfilled", "grade"}]}],
     "findings": [{"code", "severity", "file", "sheet", "cell", "table", "table_index",
                   "department", "entered", "expected", "fixed", "fix", "message", "rule",
                   "place", "extra"}]}

"place" says where a Word user finds a finding of a .docx: {"table": 2, "row": 5,
"col": 7} (the document's n-th table, its row, the n-th cell of that row) or
{"paragraph": 8} (the report's text); null in a workbook.

"tables" counts the 项目支出绩效自评表; the department-wide tables are listed apart, and
their findings carry "department" (the table's position in its file; null otherwise).
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from ..console import _one, json_records
from ..findings import FileResult, Finding, Severity

VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and Infinity are not JSON
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def finding_data(f: Finding) -> dict:
    """One finding, for findings.json and `check --json` alike."""
    return {
        "code": f.code,
        "severity": f.severity.value,
        "file": f.file,
        "sheet": f.sheet,
        "cell": f.cell,
        "table": f.table,
        "table_index": f.table_index,
        "department": f.department,
        "entered": _plain(f.entered),
        "expected": _plain(f.expected),
        "fixed": f.fixed,
        "fix": None if f.fix is None else {"cell": f.fix.cell, "value": _plain(f.fix.value),
                                           "number_format": f.fix.number_format},
        "message": f.message,
        "rule": f.rule,
        "place": f.place,
        "extra": {k: _plain(v) if not isinstance(v, (list, dict)) else v for k, v in f.extra.items()},
    }


def department_data(d) -> dict:
    """One department-wide table's result."""
    return {
        "index": d.index,
        "sheet": d.sheet,
        "kind": d.kind,
        "kind_name": d.kind_name,
        "unit": d.unit,
        "year": d.year,
        "scored": d.scored,
        "entered_total": _plain(d.entered_total),
        "entered_total_from": d.entered_total_from,
        "recomputed_total": _plain(d.recomputed_total),
        "completion_rate": d.completion_rate,
        "completion": d.completion,
        "grade": d.grade,
        "review_rows": d.review_rows,
        "errors": d.count(Severity.ERROR),
        "warnings": d.count(Severity.WARNING),
        "notices": d.count(Severity.NOTICE),
    }


def table_data(t) -> dict:
    """One project table's result: its totals and the points resting on unverifiable rows."""
    return {
        "index": t.index,
        "sheet": t.sheet,
        "name": t.name,
        "entered_total": _plain(t.entered_total),
        "recomputed_total": _plain(t.recomputed_total),
        "unverified_points": _plain(t.unverified_points),
        "unfilled": t.unfilled,
        "grade": t.grade,
    }


def file_data(f: FileResult) -> dict:
    """One file's status and counts."""
    return {
        "file": f.file,
        "status": f.status,
        "message": f.message,
        "tables": len(f.tables),
        "corrected": f.corrected,
        "errors": f.count(Severity.ERROR),
        "warnings": f.count(Severity.WARNING),
        "notices": f.count(Severity.NOTICE),
        "departments": [department_data(d) for d in f.departments],
        "project_tables": [table_data(t) for t in f.tables],
    }


def report_data(files: Sequence[FileResult], profile: str) -> dict:
    return {
        "version": VERSION,
        "profile": profile,
        "files": [file_data(f) for f in files],
        "findings": [finding_data(x) for f in files for x in f.findings],
        "waived": [finding_data(x) for f in files for x in f.waived],  # 已确认 by an evalxl.toml waiver
    }


class Writer:
    """findings.json written as the results come, in order (``add`` each, then ``close``):
    the file records straight into the file, the findings and the waived ones spooled to
    temporary files and appended at the end. The text is ``json_records(report_data(…))``'s,
    without ever holding the report (at 10 000 workbooks the run's peak)."""

    SECTIONS = ("findings", "waived")

    def __init__(self, path, profile: str):
        import tempfile

        self._out = open(path, "wb")
        self._spools = {name: tempfile.TemporaryFile(prefix="evalxl-json-") for name in self.SECTIONS}
        self._count = dict.fromkeys(("files", *self.SECTIONS), 0)
        head = {"version": json_records(VERSION), "profile": json_records(profile)}
        self._out.write(("{\n" + "".join(f" {_one(k)}: {v},\n" for k, v in head.items())
                         + f" {_one('files')}: ").encode("utf-8"))

    def _records(self, fh, section: str, texts: list[str]) -> None:
        """A file's records of ``section``, each a JSON text, in one write."""
        if texts:
            fh.write((("[\n  " if not self._count[section] else ",\n  ") + ",\n  ".join(texts)).encode("utf-8"))
            self._count[section] += len(texts)

    def _close_list(self, fh, section: str) -> None:
        fh.write(b"\n ]" if self._count[section] else b"[]")

    def add(self, f: FileResult, made: list | None = None) -> None:
        """``made``: each finding's record as a worker wrote it (run_outputs.rendered), or None."""
        self._records(self._out, "files", [_one(file_data(f))])
        self._records(self._spools["findings"], "findings",
                      [made[k][0] if made and made[k] else _one(finding_data(x)) for k, x in enumerate(f.findings)])
        self._records(self._spools["waived"], "waived", [_one(finding_data(x)) for x in f.waived])  # 已确认 by a waiver

    def close(self) -> None:
        import shutil

        try:
            self._close_list(self._out, "files")
            for section in self.SECTIONS:
                spool = self._spools[section]
                self._close_list(spool, section)
                self._out.write(f",\n {_one(section)}: ".encode("utf-8"))
                spool.seek(0)
                shutil.copyfileobj(spool, self._out, 1 << 20)
            self._out.write(b"\n}\n")
        finally:
            self.discard()

    def discard(self) -> None:
        for spool in self._spools.values():
            spool.close()
        self._out.close()


def write(path, files: Sequence[FileResult], profile: str) -> None:
    """findings.json of ``files``, written as it is built (Writer)."""
    w = Writer(path, profile)
    try:
        for f in files:
            w.add(f)
    except BaseException:
        w.discard()
        raise
    w.close()
