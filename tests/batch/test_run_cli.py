"""`evalxl run` as the user calls it: folders, exit codes, re-runs, --jobs, a killed run,
a GBK console."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def evalxl(*args, env=None, **kw):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "evalxl.cli", *map(str, args)], capture_output=True, env=e, **kw)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "收件 (2021)"
    # the seed samples only: samples/real/ has tests of its own (tests/real/)
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns(".*", "real"))
    return folder


def test_outdir_inside_inbox_is_refused(inbox):
    p = evalxl("run", inbox, "--out", inbox / "输出")
    assert p.returncode == 2
    assert "位于收件文件夹" in p.stderr.decode("utf-8")
    assert not (inbox / "输出").exists()


def test_outdir_equal_to_inbox_is_refused(inbox):
    p = evalxl("run", inbox, "--out", inbox)
    assert p.returncode == 2


def test_missing_inbox_is_a_usage_error(tmp_path):
    p = evalxl("run", tmp_path / "没有这个文件夹", "--out", tmp_path / "out")
    assert p.returncode == 2 and "不存在" in p.stderr.decode("utf-8")


def test_unknown_rule_code_is_a_usage_error(inbox, tmp_path):
    p = evalxl("run", inbox, "--out", tmp_path / "out", "--select", "Z999")
    assert p.returncode == 2 and "Z999" in p.stderr.decode("utf-8")


def test_run_on_samples(inbox, tmp_path):
    out = tmp_path / "输出 [1]"
    p = evalxl("run", inbox, "--out", out)
    err = p.stderr.decode("utf-8")
    # the samples carry errors, every file is readable, every output written: 0 (issue 13:
    # findings are run's product, not its failure)
    assert p.returncode == 0, err
    # 7 workbooks + 4 Word documents (samples/word); tables 8 + 9 (eight in the report, one alone);
    # department-wide 2 + 2 (seed 003's 自评表, seed 002's 评分表)
    assert "完成：11 个文件，17 张自评表，4 张部门整体表" in err
    assert (out / "自评汇总表.xlsx").exists() and (out / "findings.json").exists()
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["profile"] == "national"
    assert {f["status"] for f in data["files"]} == {"ok"}  # the department-wide samples are audited too (issue 9)
    need = {"code", "severity", "file", "sheet", "cell", "entered", "expected", "fixed", "message"}
    assert all(need <= set(f) for f in data["findings"])


def test_rerun_replaces_own_outputs_and_nothing_else(inbox, tmp_path):
    out = tmp_path / "out"
    evalxl("run", inbox, "--out", out)
    keep = out / "我的笔记.txt"
    keep.write_text("别动", encoding="utf-8")
    first = (out / "findings.json").read_bytes()
    p = evalxl("run", inbox, "--out", out)
    assert p.returncode == 0
    assert keep.read_text(encoding="utf-8") == "别动"
    assert (out / "findings.json").read_bytes() == first
    assert not list(out.rglob(".evalxl-tmp-*"))


def _summary_cells(path: Path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def test_jobs_do_not_change_the_outputs(inbox, tmp_path):
    one, two = tmp_path / "j1", tmp_path / "j2"
    assert evalxl("run", inbox, "--out", one, "--jobs", "1").returncode == 0
    assert evalxl("run", inbox, "--out", two, "--jobs", "2").returncode == 0
    assert (one / "findings.json").read_bytes() == (two / "findings.json").read_bytes()
    assert _summary_cells(one / "自评汇总表.xlsx") == _summary_cells(two / "自评汇总表.xlsx")


def _valid(path: Path) -> bool:
    if path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
        return True
    with zipfile.ZipFile(path) as z:
        return z.testzip() is None


def test_a_killed_run_leaves_no_half_written_output(tmp_path):
    """SIGKILL at several moments: every file under a final name is whole; the next run
    completes normally and sweeps the temp files."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(12):
        for p in SAMPLES.iterdir():
            if p.is_file() and not p.name.startswith("."):
                shutil.copyfile(p, inbox / f"{i:02d}_{p.name}")
    out = tmp_path / "out"
    moments = random.Random(14).sample([x / 10 for x in range(2, 30)], 4)  # seconds after the start
    for delay in sorted(moments):
        proc = subprocess.Popen([sys.executable, "-m", "evalxl.cli", "run", str(inbox), "--out", str(out), "--jobs", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, as a closed terminal would
        except ProcessLookupError:
            pass
        proc.wait()
        for path in out.rglob("*"):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(out).parts):
                assert _valid(path), path  # every file under a final name is whole
    left = list(out.glob(".evalxl-staging-*"))  # what the last kill left, if it was mid-run
    p = evalxl("run", inbox, "--out", out)
    assert p.returncode == 0, p.stderr.decode("utf-8")
    if left:
        assert "上次运行" in p.stderr.decode("utf-8")  # said in Chinese, then cleaned
    assert not list(out.rglob(".evalxl-tmp-*")) and not list(out.glob(".evalxl-staging-*"))
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    copies = {p.relative_to(out).as_posix() for p in (out / "corrected").rglob("*") if p.is_file()}
    assert copies == {f["corrected"] for f in data["files"]}  # no copy of an older run beside the new 汇总表
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert len(data["files"]) == 12 * 7


def test_every_message_survives_a_gbk_console(tmp_path):
    """Progress, the final line, usage errors, check and inspect output, rule docs: all
    encode in GBK (PYTHONIOENCODING=gbk as a Chinese Windows console has it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_hostile", Path(__file__).resolve().parents[1] / "fixtures" / "build_hostile.py")
    hostile = importlib.util.module_from_spec(spec)
    sys.modules["build_hostile"] = hostile
    spec.loader.exec_module(hostile)
    inbox = tmp_path / "inbox"
    for case in hostile.CASES:
        if case.rel != "十万行.xlsx":
            path = inbox / case.rel
            path.parent.mkdir(parents=True, exist_ok=True)
            case.build(path)
    gbk = {"PYTHONIOENCODING": "gbk"}
    calls = [
        ("run", inbox, "--out", tmp_path / "out"),
        ("run", inbox, "--out", inbox / "x"),
        ("check", inbox),
        ("check", "--json", inbox),
        ("inspect", *sorted(p for p in inbox.iterdir() if p.is_file())),
        ("rules",),
        ("rule", "I001"),
        ("--help",),
        ("run", "--help"),
    ]
    for args in calls:
        p = evalxl(*args, env=gbk)
        for stream in (p.stdout, p.stderr):
            stream.decode("gbk")  # raises if anything is not GBK
        assert b"Traceback" not in p.stderr, (args, p.stderr.decode("gbk", "replace"))
        assert b"UnicodeEncodeError" not in p.stderr
