"""`check --json`'s record of a file joined in the parent from what its worker made
(check_json.pieces → check_json.record) must read byte for byte as the record made whole
from the finished result (file_record, the path a waiver in evalxl.toml still takes): on
files the rules across files add findings to after the worker is done (B001 in a table,
a finding about the whole file), at every level the view can show, with department tables
and a waiver the worker applied; and the slim copy must count as the whole result does."""

from __future__ import annotations

import pickle
from functools import partial
from pathlib import Path

import pytest

from evalxl import batch
from evalxl.commands.check_json import file_record, pieces, record, slim_record
from evalxl.config import Waiver, Waivers
from evalxl.console import _one
from evalxl.findings import Finding, Severity
from evalxl.profile import national
from evalxl.report_text import View
from evalxl.results import Packed, ResultStore, slim

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
GOOD = SAMPLES / "区医保局_医保信息化建设项目自评表.xlsx"
DEPARTMENT = SAMPLES / "华容区医疗保障局_2023年度部门整体绩效自评表.xlsx"
OTHER = SAMPLES / "医保中心_项目自评表（2021年）.xlsx"
FILES = [(GOOD, "a.xlsx"), (GOOD, "b.xlsx"), (DEPARTMENT, "c.xlsx"), (GOOD, "d.xlsx"), (OTHER, "e.xlsx")]


def _stored(store: ResultStore, view: View, profile) -> None:
    first = batch.audit_only(str(OTHER), "e.xlsx", profile, None, None).findings[0]
    in_worker = Waivers((("e.xlsx", (Waiver(first.code, first.cell),)),))  # as a worker applies evalxl.toml
    for i, (src, rel) in enumerate(FILES):
        result = batch.audit_only(str(src), rel, profile, None, None, in_worker)
        store.put(i, pickle.loads(pickle.dumps(Packed(result, partial(pieces, view)))))  # across a pipe
    batch.finish_batch(store.lights(), profile, None, None)
    # what R001 adds: a finding about the whole file (no table), a notice, with no cell
    d = store.light[3]
    d.findings.append(Finding("R001", Severity.NOTICE, "自评报告所述与表格不符", file=d.file))


@pytest.mark.parametrize("level", [Severity.NOTICE, Severity.WARNING, Severity.ERROR])
def test_a_joined_record_reads_as_the_whole_one(level):
    profile, view = national(), View(100, level, False)
    with ResultStore(len(FILES)) as store:
        _stored(store, view, profile)
        joined = [record(store.light[i], store.made(i), view) for i in range(len(FILES))]
        slims = [slim_record(store.light[i], store.made(i)) for i in range(len(FILES))]
        whole = [store.finished(i) for i in range(len(FILES))]
    assert joined == [_one(file_record(r, view)) for r in whole]
    for s, r in zip(slims, whole):
        assert sorted((x.code, x.severity.rank) for x in s.findings) == sorted((x.code, x.severity.rank) for x in r.findings)
        assert sorted(x.code for x in s.waived) == sorted(x.code for x in r.waived)
        assert (len(s.tables), len(s.departments), s.status, s.message) == (len(r.tables), len(r.departments), r.status, r.message)

    # the cases are ones that differ: b and d repeat a's project (B001, a warning, in table 0);
    # d also got R001 about the whole file; c has department tables; e a finding waived
    b, d = whole[1], whole[3]
    assert [x.code for x in b.tables[0].findings].count("B001") == 1 and "B001" not in [x.code for x in whole[0].findings]
    assert "R001" in [x.code for x in d.findings] and whole[2].departments and whole[4].waived
    # by hand: b's table 0 counts one warning more than a's (the same workbook, plus B001),
    # whatever the view shows
    a_warnings = sum(1 for x in whole[0].tables[0].findings if x.severity is Severity.WARNING)
    assert f'"warnings": {a_warnings + 1},' in joined[1]
    assert ('"code": "B001"' in joined[1]) == (level is not Severity.ERROR)  # an error-only view hides it
    # B001 names the table's first cell or none: it is placed among the worker's findings, not appended
    codes = [x.code for x in view.shown(d.findings)]
    assert level is Severity.ERROR or codes.index("B001") < len(codes) - 1


def test_the_slim_copy_counts_as_the_whole_result():
    profile, view = national(), View()
    with ResultStore(len(FILES)) as store:
        _stored(store, view, profile)
        slims = [slim_record(store.light[i], store.made(i)) for i in range(len(FILES))]
        whole = [slim(store.finished(i)) for i in range(len(FILES))]
    assert [[s.count(v) for v in Severity] for s in slims] == [[r.count(v) for v in Severity] for r in whole]
    assert [len(s.waived) for s in slims] == [len(r.waived) for r in whole] != [0] * len(FILES)
