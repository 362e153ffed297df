"""Hostile inboxes (issue 6): every bad file is reported with its reason, nothing is lost,
the inbox is never written to, bounded time and memory. The cases and what each must give
are the table in tests/fixtures/build_hostile.py."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from evalxl.batch import RunSettings, run
from evalxl.profile import national

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _builder():
    spec = importlib.util.spec_from_file_location("build_hostile", FIXTURES / "build_hostile.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_hostile"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


HOSTILE = _builder()


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under a folder (links included, not followed): content hash and mtime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(folder).as_posix()
            if p.is_symlink():
                out[rel] = ("link:" + os.readlink(p), 0)
            elif p.is_file():
                out[rel] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            else:
                out[rel] = ("dir", 0)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    inbox = base / "inbox"
    HOSTILE.build(inbox)
    before = snapshot(inbox)
    out = base / "out"
    report = run(RunSettings(inbox=inbox, out=out, profile=national(), jobs=2))
    return inbox, out, report, before


def test_run_finishes_with_exit_3(hostile):
    _, _, report, _ = hostile
    assert report.exit_code == 3  # some files could not be read; the rest were processed


@pytest.mark.parametrize("case", HOSTILE.CASES, ids=[c.rel[:30] for c in HOSTILE.CASES])
def test_every_file_gets_its_answer(hostile, case):
    _, out, _, _ = hostile
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    files = {f["file"]: f for f in data["files"]}
    if case.status == "absent":
        assert case.rel not in files  # hidden files and folders are passed over
        return
    entry = files[case.rel]
    assert entry["status"] == case.status, entry
    assert case.says in entry["message"], entry["message"]
    if case.notice:
        codes = {f["code"] for f in data["findings"] if f["file"] == case.rel}
        assert case.notice in codes


def test_inbox_is_unchanged(hostile):
    inbox, _, _, before = hostile
    assert snapshot(inbox) == before


def test_file_list_names_every_file_with_its_reason(hostile):
    _, out, report, _ = hostile
    ws = openpyxl.load_workbook(out / "自评汇总表.xlsx")["文件清单"]
    listed = {ws.cell(r, 2).value: (ws.cell(r, 3).value, ws.cell(r, 7).value) for r in range(3, ws.max_row + 1)}
    for case in HOSTILE.CASES:
        if case.status == "absent":
            continue
        status, reason = listed[case.rel]
        assert status == {"ok": "已审核", "unreadable": "无法读取", "skipped": "已跳过"}[case.status]
        if case.status != "ok":
            assert case.says in reason


def test_good_files_are_corrected_and_summarised(hostile):
    _, out, report, _ = hostile
    for f in report.files:
        if f.status == "ok":
            assert f.corrected, f.file
            assert (out / f.corrected).exists(), f.corrected
    # the two 自评表.xlsx of 一科 and 二科 keep apart
    names = {f.file: f.corrected for f in report.files}
    assert names["一科/自评表.xlsx"] != names["二科/自评表.xlsx"]
    ws = openpyxl.load_workbook(out / "自评汇总表.xlsx")["工作底稿"]  # the source file moved there (issue 13)
    sources = [ws.cell(r, 10).value for r in range(4, ws.max_row + 1)]
    assert any(s and s.startswith("一科/自评表.xlsx") for s in sources)
    assert any(s and s.startswith("二科/自评表.xlsx") for s in sources)


def test_output_names_are_safe_on_windows(hostile):
    _, out, report, _ = hostile
    for f in report.files:
        if f.corrected:
            assert len(f.corrected) <= 200
            assert not set('<>:"|?*\\') & set(f.corrected)


def test_formula_looking_text_is_text_in_the_summary(hostile):
    _, out, _, _ = hostile
    ws = openpyxl.load_workbook(out / "自评汇总表.xlsx")["汇总"]
    cells = [ws.cell(r, 4) for r in range(4, ws.max_row + 1)]
    evil = [c for c in cells if c.value == '=HYPERLINK("http://example.invalid","点我")']
    assert evil and all(c.data_type == "s" for c in evil)


def test_huge_sheet_reads_its_table(hostile):
    _, _, report, _ = hostile
    [f] = [f for f in report.files if f.file == "十万行.xlsx"]
    assert len(f.tables) == 1 and f.tables[0].name == "病历评审费用项目"


# --------------------------------------------------------------------------- bounds


def _measure(code: str) -> dict:
    """Run code in a fresh interpreter; it prints a JSON line; its peak RSS is added (MB).
    VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork+exec from the (large) pytest
    process, while VmHWM belongs to the new address space."""
    wrapper = code + (
        "\nimport json as _j, re as _re\n"
        "_hwm = int(_re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "print(_j.dumps({'rss_mb': _hwm / 1024}))"
    )
    p = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    out = {}
    for line in lines:
        out.update(line)
    return out


def test_zip_bomb_is_refused_fast_and_small(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    HOSTILE.zip_bomb(bomb)
    got = _measure(f"""
import time, json
from evalxl.reader import read_workbook, UnreadableFile
t = time.perf_counter()
try:
    read_workbook({str(bomb)!r}); kind = None
except UnreadableFile as exc:
    kind = exc.kind
print(json.dumps({{"kind": kind, "seconds": time.perf_counter() - t}}))
""")
    assert got["kind"] == "zip_bomb"
    assert got["seconds"] < 1.0
    assert got["rss_mb"] < 200


def test_huge_sheet_reads_in_bounded_memory(tmp_path):
    big = tmp_path / "big.xlsx"
    HOSTILE.huge_sheet(big)
    got = _measure(f"""
import json
from evalxl.reader import read_workbook
wb = read_workbook({str(big)!r})
print(json.dumps({{"tables": len(wb.tables)}}))
""")
    assert got["tables"] == 1
    # the whole sheet held in memory costs ~170 MB; the row window keeps it near the
    # interpreter's own footprint
    assert got["rss_mb"] < 120


def test_a_file_over_the_time_limit_is_ended_and_the_batch_goes_on(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    HOSTILE.huge_sheet(inbox / "慢.xlsx")
    HOSTILE.copy_of(HOSTILE.GOOD)(inbox / "快.xlsx")
    # Reading the 100 000-row sheet costs about 5 s of CPU here; the good file about 3 ms plus its copy.
    # 1.5 s ends the one with a wide margin and leaves the other room on a loaded machine.
    report = run(RunSettings(inbox=inbox, out=tmp_path / "out", profile=national(), jobs=2, timeout=1.5))
    status = {f.file: (f.status, f.message) for f in report.files}
    assert status["慢.xlsx"][0] == "unreadable" and "1.5 秒" in status["慢.xlsx"][1]
    assert status["快.xlsx"][0] == "ok"
