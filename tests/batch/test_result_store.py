"""The batch's results kept on disk (results.ResultStore) and finished as they are read
back must give the outputs that finishing them in memory (finish_batch in place) gives:
the same findings.json bytes and the same 汇总表, on a batch where the rules across files
add findings (B001: the same project sent twice) and a waiver moves some aside."""

from __future__ import annotations

import copy
import pickle
import zipfile
from pathlib import Path

from evalxl import batch
from evalxl.config import Waiver, Waivers
from evalxl.profile import national
from evalxl.results import Packed, ResultStore, slim
from evalxl.run_outputs import rendered
from evalxl.writers import findings_json
from evalxl.writers.summary import SummaryWriter, write_summary

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
GOOD = SAMPLES / "区医保局_医保信息化建设项目自评表.xlsx"
OTHER = SAMPLES / "病历评审费用项目.xlsx"


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # core.xml: the time written


def test_stored_results_finish_as_in_memory(tmp_path):
    profile = national()
    # a.xlsx and b.xlsx hold the same project: B001 on b; the waiver takes b's first code
    # d.xlsx: a third copy, its B001 placed among findings a worker rendered (no waiver there)
    audited = [batch.audit_only(str(src), rel, profile, None, None)
               for src, rel in ((GOOD, "a.xlsx"), (GOOD, "b.xlsx"), (OTHER, "c.xlsx"), (GOOD, "d.xlsx"))]
    audited.insert(1, batch.FileResult("skip.txt", "skipped", "不是工作簿"))
    first_code = audited[2].findings[0].code
    waivers = Waivers((("b.xlsx", (Waiver(first_code),)),))

    in_memory = copy.deepcopy(audited)
    batch.finish_batch(in_memory, profile, None, None, waivers)
    findings_json.write(tmp_path / "memory.json", in_memory, profile.name)
    write_summary(tmp_path / "memory.xlsx", in_memory, ["优", "良", "中", "差"])

    with ResultStore(len(audited)) as store:
        for i in (2, 0, 4, 3, 1):  # as a pool returns them: any order; packed by a worker, across a pipe
            render = rendered if i in (2, 4) else None  # b: rendered, and its waiver takes a finding aside
            packed = Packed(copy.deepcopy(audited[i]), render) if i in (0, 2, 4) else copy.deepcopy(audited[i])
            store.put(i, pickle.loads(pickle.dumps(packed)) if i in (0, 2, 4) else packed)
        batch.finish_batch(store.lights(), profile, None, None)
        json_out = findings_json.Writer(tmp_path / "store.json", profile.name)
        book = SummaryWriter(tmp_path / "store.xlsx", ["优", "良", "中", "差"])
        finished = []
        for f, made in store.final_rendered(waivers):
            json_out.add(f, made)
            book.add(f, made)
            finished.append(slim(f))
            if f.file == "d.xlsx":  # by hand: d's own findings rendered, its B001 (added since) not
                assert made is not None and [m is None for m in made].count(True) == 1
                assert [x.code for x, m in zip(f.findings, made) if m is None] == ["B001"]
        json_out.close()
        book.close()

    assert any(x.code == "B001" for f in in_memory for x in f.findings)  # the case is one that differs
    # d's B001 names no cell: it sorts before its table's cell findings, not after them as appended
    assert [x.code for x in in_memory[4].findings].index("B001") == 0 and len(in_memory[4].findings) > 1
    assert in_memory[2].waived and [len(f.waived) for f in finished] == [len(f.waived) for f in in_memory]
    assert (tmp_path / "store.json").read_bytes() == (tmp_path / "memory.json").read_bytes()
    assert _members(tmp_path / "store.xlsx") == _members(tmp_path / "memory.xlsx")
    # the slim copies count as the whole ones do
    assert [f.count(s) for f in finished for s in batch.Severity] == [f.count(s) for f in in_memory for s in batch.Severity]


def test_a_packed_result_reads_as_the_result():
    """What check prints of a file as it comes (report_text.file_block) reads the packed
    result's attributes: the whole result's, unpickled once; its light copy has no findings."""
    result = batch.audit_only(str(GOOD), "a.xlsx", national(), None, None)
    packed = pickle.loads(pickle.dumps(Packed(result)))
    assert result.findings  # the sample has findings: the light copy differs from the whole
    assert packed.light.findings == [] and packed.light.tables[0].name == result.tables[0].name
    assert (packed.file, packed.status, packed.findings) == (result.file, result.status, result.findings)
    assert packed.full() is packed.full()


def test_a_result_packed_without_its_whole_keeps_what_its_worker_made():
    """check --json keeps the whole result only for a file a waiver names (the rest is read
    back as what the worker made): one not kept is refused if read whole, never read wrong."""
    import pytest

    result = batch.audit_only(str(GOOD), "a.xlsx", national(), None, None)
    render = lambda r: [x.code for x in r.findings]  # noqa: E731  stands in for check_json.pieces
    with ResultStore(2) as store:
        store.put(0, pickle.loads(pickle.dumps(Packed(copy.deepcopy(result), render, whole=False))))
        store.put(1, pickle.loads(pickle.dumps(Packed(copy.deepcopy(result), render))))
        assert store.made(0) == store.made(1) == [x.code for x in result.findings] != []
        assert store.light[0].file == "a.xlsx" and [t.name for t in store.light[0].tables] == [t.name for t in result.tables]
        with pytest.raises(LookupError):
            store.load(0)
        assert [x.code for x in store.load(1).findings] == [x.code for x in result.findings]
