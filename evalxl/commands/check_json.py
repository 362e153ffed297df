"""`check --json`'s record of each file.

A file's record is made in its worker (``pieces``: each table, finding and the departments
already JSON text), so the parent only joins texts: it places the findings the rules across
files added since (B rules, R001) among the worker's, and counts them in their tables
(``record``). ``file_record`` is the same record made whole from a finished FileResult: the
path for a file the evalxl.toml waivers touch, and the measure ``record`` is held to."""

import dataclasses
import heapq
from operator import itemgetter
from typing import NamedTuple

from ..console import _one
from ..findings import FileResult, Severity
from ..writers.findings_json import department_data, finding_data

_KEY = itemgetter(0)


def table_data(t, counts: tuple[int, int, int] | None = None) -> dict:
    errors, warnings, notices = counts or _counts(t.findings)
    return {
        "index": t.index,
        "sheet": t.sheet,
        "name": t.name,
        "department": t.department,
        "unit": t.unit,
        "year": t.year,
        "budget": t.budget,
        "executed": t.executed,
        "rate": t.rate,
        "entered_total": t.entered_total,
        "recomputed_total": t.recomputed_total,
        "unverified_points": t.unverified_points,
        "grade": t.grade,
        "errors": errors,
        "warnings": warnings,
        "notices": notices,
    }


def _counts(findings, base: tuple[int, int, int] = (0, 0, 0)) -> tuple[int, int, int]:
    levels = [f.severity for f in findings]
    return (base[0] + levels.count(Severity.ERROR), base[1] + levels.count(Severity.WARNING),
            base[2] + levels.count(Severity.NOTICE))


def file_record(r: FileResult, view=None) -> dict:
    return {
        "file": r.file,
        "status": r.status,
        "message": r.message,
        "format": r.format,
        "tables": [table_data(t) for t in r.tables],
        "departments": [department_data(d) for d in r.departments],
        "findings": [finding_data(f) for f in (view.shown(r.findings) if view else r.findings)],
        "waived": [finding_data(f) for f in r.waived],
    }


class Pieces(NamedTuple):
    """A file's record as its worker made it, before the rules across files."""

    tables: list  # (JSON text, (errors, warnings, notices)) a table
    departments: str  # the list's JSON text
    findings: list  # (sort key, JSON text) a finding the view shows, in the report's order
    waived: str  # the list's JSON text
    brief: tuple  # the slim copy's findings, waived and departments (results.slim_parts)


def pieces(view, r: FileResult) -> Pieces:
    """In a worker (results.Packing's render): ``r``'s record as texts. Sorts r.findings
    as the report lists them (the stored result keeps that order)."""
    from ..results import slim_parts

    keys = {id(x): x.sort_key() for x in r.findings}
    r.findings.sort(key=lambda x: keys[id(x)])
    return Pieces([(_one(table_data(t, c)), c) for t in r.tables for c in (_counts(t.findings),)],
                  _one([department_data(d) for d in r.departments]),
                  [(keys[id(x)], _one(finding_data(x))) for x in view.shown(r.findings)],
                  _one([finding_data(f) for f in r.waived]), slim_parts(r))


def record(lt: FileResult, made: Pieces, view) -> str:
    """The JSON text ``_one(file_record(r, view))`` gives for the finished result r, from
    its light copy ``lt`` (which holds what the rules across files added: no waiver may
    touch the file) and what its worker ``made``. As json.dumps joins: "," between items,
    ": " after a key."""
    shown = made.findings
    added = view.shown(lt.findings)
    if added:  # merged as the stable sort of the worker's sorted findings and the added ones
        extra = sorted(((x.sort_key(), _one(finding_data(x))) for x in added), key=_KEY)
        shown = list(heapq.merge(shown, extra, key=_KEY))
    tables = ",".join(text if not t.findings else _one(table_data(t, _counts(t.findings, c)))
                      for (text, c), t in zip(made.tables, lt.tables))
    return (f'{{"file": {_one(lt.file)},"status": {_one(lt.status)},"message": {_one(lt.message)},'
            f'"format": {_one(lt.format)},"tables": [{tables}],"departments": {made.departments},'
            f'"findings": [{",".join(text for _, text in shown)}],"waived": {made.waived}}}')


def slim_record(lt: FileResult, made: Pieces) -> FileResult:
    """results.slim of the finished result, from its light copy and what its worker made
    (its tables are the light copy's: they hold only the few findings added since)."""
    from ..results import brief

    findings, waived, departments = made.brief
    return dataclasses.replace(lt, findings=findings + brief(lt.findings), waived=waived, statements=[],
                               narrative="", departments=departments)
