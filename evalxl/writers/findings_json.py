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
from typing import Any, Iterator, Sequence

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


def chunks(files: Sequence[FileResult], profile: str) -> Iterator[str]:
    """The text of findings.json piece by piece (a record at a time): at 10 000 workbooks
    the whole report as dicts, then as one string, then as bytes was the run's peak."""
    from ..console import json_record_chunks

    yield from json_record_chunks({
        "version": VERSION,
        "profile": profile,
        "files": (file_data(f) for f in files),
        "findings": (finding_data(x) for f in files for x in f.findings),
        "waived": (finding_data(x) for f in files for x in f.waived),  # 已确认 by an evalxl.toml waiver
    })
    yield "\n"


def dumps(files: Sequence[FileResult], profile: str) -> str:
    return "".join(chunks(files, profile))


def write(path, files: Sequence[FileResult], profile: str) -> None:
    """findings.json written as it is built, in pieces of about 1 MB."""
    with open(path, "wb") as fh:
        buf: list[str] = []
        size = 0
        for piece in chunks(files, profile):
            buf.append(piece)
            size += len(piece)
            if size >= 1 << 20:
                fh.write("".join(buf).encode("utf-8"))
                buf, size = [], 0
        fh.write("".join(buf).encode("utf-8"))
