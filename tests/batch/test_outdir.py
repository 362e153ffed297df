"""OUTDIR state (issue 13 points 2–4, issue 14 defects 1, 5, 7, 11): outputs that cannot be
written, Ctrl-C, reruns that keep the user's work, the OUTDIR lock, INBOX inside OUTDIR."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from evalxl import batch
from evalxl.batch import RunSettings
from evalxl.profile import national

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TWO = ("病历评审费用项目.xlsx", "区医保局_医保信息化建设项目自评表.xlsx")


def evalxl(*args):
    return subprocess.run([sys.executable, "-m", "evalxl.cli", *map(str, args)], capture_output=True, timeout=300)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in TWO:
        shutil.copyfile(SAMPLES / name, folder / name)
    return folder


def run(inbox: Path, out: Path):
    return batch.run(RunSettings(inbox=inbox, out=out, profile=national(), jobs=1))


def snapshot(out: Path) -> dict[str, str]:
    """Every visible file under OUTDIR and its hash (evalxl's hidden state files left out)."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and not any(s.startswith(".") for s in p.relative_to(out).parts)}


def whole(path: Path) -> bool:
    if path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
        return True
    with zipfile.ZipFile(path) as z:
        return z.testzip() is None


# -- INBOX inside OUTDIR (defect 1) ----------------------------------------------------------------

def test_inbox_inside_outdir_is_refused_and_left_alone(inbox, tmp_path):
    out = tmp_path / "out"
    assert run(inbox, out).exit_code == 0  # every output written (issue 13: findings are not a failure)
    keep = out / "corrected" / ".evalxl-tmp-keep.xlsx"  # a user's file with our temp prefix
    keep.write_bytes(b"unit data")
    before = snapshot(out) | {"keep": keep.read_bytes().hex()}
    p = evalxl("run", out / "corrected", "--out", out)
    assert p.returncode == 2
    assert "位于输出文件夹" in p.stderr.decode("utf-8")
    assert snapshot(out) | {"keep": keep.read_bytes().hex()} == before


# -- reruns that keep the user's work --------------------------------------------------------------

def test_rerun_never_overwrites_an_edited_copy(inbox, tmp_path):
    out = tmp_path / "out"
    run(inbox, out)
    edited = out / "corrected" / TWO[0]
    edited.write_bytes(edited.read_bytes() + b"user")  # the officer edited the copy
    mine = edited.read_bytes()
    report = run(inbox, out)
    assert edited.read_bytes() == mine
    new = out / "corrected" / "病历评审费用项目（新）.xlsx"
    assert whole(new)
    assert any("已原样保留" in n and "病历评审费用项目（新）.xlsx" in n for n in report.notes)
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {f["corrected"] for f in data["files"]} == {"corrected/病历评审费用项目（新）.xlsx", f"corrected/{TWO[1]}"}
    # a third run replaces its own （新） copy and still leaves the user's alone
    run(inbox, out)
    assert edited.read_bytes() == mine and sorted(p.name for p in (out / "corrected").iterdir()) == sorted(
        [TWO[0], TWO[1], "病历评审费用项目（新）.xlsx"])


def test_rerun_removes_own_copies_of_files_gone_from_the_inbox(inbox, tmp_path):
    out = tmp_path / "out"
    (inbox / "单位甲").mkdir()
    shutil.copyfile(SAMPLES / TWO[0], inbox / "单位甲" / "甲.xlsx")
    shutil.copyfile(SAMPLES / TWO[0], inbox / "乙.xlsx")
    run(inbox, out)
    (out / "corrected" / "乙.xlsx").write_bytes(b"edited by the user")
    (inbox / "单位甲" / "甲.xlsx").unlink()
    (inbox / "乙.xlsx").unlink()
    report = run(inbox, out)
    assert not (out / "corrected" / "单位甲").exists()  # ours, unchanged: removed with its folder
    assert (out / "corrected" / "乙.xlsx").read_bytes() == b"edited by the user"  # the user's: kept
    assert any("乙.xlsx" in n and "已原样保留" in n for n in report.notes)


def test_a_file_not_written_by_evalxl_is_not_replaced(inbox, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "findings.json").write_text("我的文件", encoding="utf-8")
    report = run(inbox, out)
    assert (out / "findings.json").read_text(encoding="utf-8") == "我的文件"
    assert report.findings_json == out / "findings（新）.json" and whole(report.findings_json)


# -- the lock (defect 5) ---------------------------------------------------------------------------

def test_a_second_concurrent_run_says_so_and_changes_nothing(inbox, tmp_path):
    from evalxl import outdir

    out = tmp_path / "out"
    run(inbox, out)
    before = snapshot(out)
    held = outdir.Outdir(out).open()  # another run in progress
    try:
        p = evalxl("run", inbox, "--out", out)
    finally:
        held.abort()
    err = p.stderr.decode("utf-8")
    assert p.returncode == 4 and "正被另一个 evalxl 运行使用" in err and "Traceback" not in err
    assert snapshot(out) == before


# -- outputs that cannot be written (defect 7, issue 13 point 2) -----------------------------------

def test_a_folder_in_place_of_findings_json(inbox, tmp_path):
    out = tmp_path / "out"
    (out / "findings.json").mkdir(parents=True)
    p = evalxl("run", inbox, "--out", out)
    err = p.stderr.decode("utf-8")
    assert p.returncode == 4 and "Traceback" not in err
    assert "findings.json 处已有一个同名文件夹" in err
    assert whole(out / "自评汇总表.xlsx") and all(whole(out / "corrected" / n) for n in TWO)


def test_outdir_under_a_file(inbox, tmp_path):
    (tmp_path / "afile").write_text("x")
    p = evalxl("run", inbox, "--out", tmp_path / "afile" / "sub")
    err = p.stderr.decode("utf-8")
    assert p.returncode == 4 and "Traceback" not in err and "无法使用输出文件夹" in err


def test_summary_open_in_excel(inbox, tmp_path, monkeypatch):
    """Windows refuses to replace a workbook Excel holds open: PermissionError at the rename."""
    from evalxl import outdir

    out = tmp_path / "out"
    run(inbox, out)
    old_summary = (out / "自评汇总表.xlsx").read_bytes()
    (inbox / TWO[1]).unlink()  # the rerun's outputs differ from the first run's
    real = os.replace

    def excel_holds_summary(src, dst):
        if Path(dst) == out / "自评汇总表.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(outdir.os, "replace", excel_holds_summary)
    report = run(inbox, out)
    assert report.exit_code == 4
    [(path, message)] = report.output_errors
    assert path == str(out / "自评汇总表.xlsx") and "请先关闭 Excel 中打开的 自评汇总表.xlsx" in message
    assert (out / "自评汇总表.xlsx").read_bytes() == old_summary  # whole, not half-written
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))  # the other outputs are written
    assert [f["file"] for f in data["files"]] == [TWO[0]]
    assert not (out / "corrected" / TWO[1]).exists()
    monkeypatch.setattr(outdir.os, "replace", real)  # Excel closed: the next run writes it
    assert run(inbox, out).exit_code != 4 and (out / "自评汇总表.xlsx").read_bytes() != old_summary


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True).returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)  # lazy: never left mounted by a busy file


def _assert_no_half_written(out: Path) -> None:
    for path in out.rglob("*"):
        rel = path.relative_to(out).parts
        if path.is_file() and not any(s.startswith(".") for s in rel):
            assert whole(path), path
    assert not list(out.glob(".evalxl-staging-*"))


def test_disk_full(inbox, tmp_path, monkeypatch):
    """A real small tmpfs where the test may mount one; else OSError(ENOSPC) at the writes."""
    for i in range(10):  # 12 copies of ~12 KB and a 汇总表 do not fit in 96 KB
        shutil.copyfile(SAMPLES / TWO[i % 2], inbox / f"{i}_{TWO[i % 2]}")
    small = tmp_path / "small"
    mounted = _mount_tmpfs(small, "size=96k")
    if not mounted:
        from evalxl.writers import corrected, summary

        def full(*a, **k):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(summary, "write_summary", full)
        monkeypatch.setattr(corrected, "_write", full)  # the workers are forked with it
    try:
        out = small / "out"
        report = run(inbox, out)
        assert report.exit_code == 4 and report.output_errors
        assert all("磁盘空间不足" in m for _, m in report.output_errors), report.output_errors
        _assert_no_half_written(out)
    finally:
        if mounted:
            _umount(small)


def test_read_only_outdir(inbox, tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    mounted = _mount_tmpfs(ro, "size=1m,ro")
    if not mounted:
        real = Path.mkdir

        def read_only(self, *a, **k):
            if ro in (self, *self.parents):
                raise OSError(errno.EROFS, "Read-only file system", str(self))
            return real(self, *a, **k)

        monkeypatch.setattr(Path, "mkdir", read_only)
    try:
        report = run(inbox, ro / "out")
        assert report.exit_code == 4
        [(path, message)] = report.output_errors
        assert "只读" in message and path == str(ro / "out")
    finally:
        if mounted:
            _umount(ro)


# -- Ctrl-C (defect 11, issue 13 point 3) ----------------------------------------------------------

def test_ctrl_c_stops_the_run_and_leaves_outdir_as_it_was(inbox, tmp_path):
    out = tmp_path / "out"
    run(inbox, out)
    before = snapshot(out)
    for i in range(120):  # enough that a fast machine is still busy when Ctrl-C comes
        shutil.copyfile(SAMPLES / TWO[i % 2], inbox / f"{i:03d}.xlsx")
    proc = subprocess.Popen([sys.executable, "-m", "evalxl.cli", "run", str(inbox), "--out", str(out), "--jobs", "2"],
                            stderr=subprocess.PIPE, start_new_session=True)
    line = proc.stderr.readline().decode("utf-8")  # the first file is done: the run is in full swing
    assert line.startswith("["), line
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it: to the run and its workers
    err = proc.communicate(timeout=60)[1].decode("utf-8")
    assert proc.returncode == 130
    assert "已中断" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert not list(out.glob(".evalxl-staging-*"))


# -- a commit cut short --------------------------------------------------------------------------

def test_a_commit_cut_short_is_finished_by_the_next_run(tmp_path):
    """A kill after the journal was written: the next run first finishes that commit."""
    from evalxl import outdir

    out = tmp_path / "out"
    od = outdir.Outdir(out).open()
    od.staged("corrected/a.xlsx").parent.mkdir(parents=True)
    od.staged("corrected/a.xlsx").write_bytes(b"new a")
    od.staged("findings.json").write_text("{}")
    plan = {"staging": od.staging.name, "moves": [["corrected/a.xlsx", "corrected/a.xlsx"], ["findings.json", "findings.json"]],
            "removals": [], "manifest": {}}
    (out / outdir.JOURNAL_NAME).write_text(json.dumps(plan))
    os.replace(od.staged("findings.json"), out / "findings.json")  # killed after the first rename
    od._lock.release()  # the killed process's lock is gone with it
    again = outdir.Outdir(out).open()
    again.abort()
    assert (out / "corrected" / "a.xlsx").read_bytes() == b"new a" and (out / "findings.json").read_text() == "{}"
    assert not (out / outdir.JOURNAL_NAME).exists() and not list(out.glob(".evalxl-staging-*"))


def test_outputs_of_a_run_before_the_manifest_are_replaced_when_identical(inbox, tmp_path):
    """An OUTDIR from before the manifest: a file holding exactly what this run writes is
    replaced in place, not kept beside a （新） copy."""
    first, legacy = tmp_path / "first", tmp_path / "legacy"
    run(inbox, first)
    shutil.copytree(first, legacy, ignore=shutil.ignore_patterns(".*"))
    report = run(inbox, legacy)
    assert not [n for n in report.notes if "corrected/" in n or "findings.json" in n], report.notes
    assert not list((legacy / "corrected").rglob("*（新）*")) and not (legacy / "findings（新）.json").exists()
    # (the 汇总表 carries its creation time: an older one stays, the new one beside it, said so)


def test_a_copy_that_could_not_be_written_leaves_the_old_one(inbox, tmp_path, monkeypatch):
    """The file is still in INBOX: its older copy is not deleted as if the file were gone."""
    out = tmp_path / "out"
    run(inbox, out)
    old = (out / "corrected" / TWO[0]).read_bytes()
    from evalxl.writers import corrected

    real = corrected._write

    def full_for_one(src, dst, *a, **k):
        if Path(src).name == TWO[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(corrected, "_write", full_for_one)  # the workers are forked with it
    report = run(inbox, out)
    assert report.exit_code == 4 and "磁盘空间不足" in report.output_errors[0][1]
    assert (out / "corrected" / TWO[0]).read_bytes() == old
    assert not any("已删除" in n for n in report.notes)
