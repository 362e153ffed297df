"""What start-up leaves out, and that each short cut says what the long way says: a
command line that names its command builds that command only; `check` with nothing found
imports no pool, rules or findings; the modules every worker needs are imported before the
pool forks, so that no worker imports one of its own."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from clirun import ROOT, evalxl


def _modules_after(code: str) -> set[str]:
    """The modules loaded once ``code`` has run in a fresh interpreter (run from the repository root)."""
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())


def test_check_with_nothing_found_imports_no_pool_rules_or_findings(tmp_path):
    code = ("import contextlib, io\nfrom evalxl import cli\n"
            "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
            f"    cli.main(['check', {str(tmp_path)!r}, '--json'])")
    loaded = _modules_after(code)
    assert "evalxl.commands.check" in loaded and "evalxl.profile" in loaded  # the measure works
    heavy = {"evalxl.rules", "evalxl.batch", "evalxl.pool", "evalxl.findings", "evalxl.model", "evalxl.reader",
             "evalxl.results", "multiprocessing", "lxml", "xlsxwriter", "pandas", "openpyxl"}
    assert not loaded & heavy
    others = {"evalxl.commands.run", "evalxl.commands.inspect", "evalxl.commands.template", "evalxl.commands.rules",
              "evalxl.commands.serve", "evalxl.commands.profile"}
    assert not loaded & others  # the command line named check: no other command was built


def test_check_with_nothing_found_still_reports_as_before(tmp_path):
    done = evalxl("check", tmp_path, "--json")
    assert done.returncode == 2  # nothing to audit is a wrong path, not a pass
    data = json.loads(done.stdout)
    assert data["profile"] == "national" and data["exit_code"] == 2 and data["files"] == []
    assert set(data["summary"].values()) == {0}
    assert "没有找到任何自评表" in done.stderr
    bad = evalxl("check", tmp_path, "--json", "--severity", "serious")  # still checked with nothing to show
    assert bad.returncode == 2 and "--severity 应为 error、warning 或 notice" in bad.stderr and bad.stdout == ""
    unknown = evalxl("check", tmp_path, "--select", "Q999")  # codes are still checked before any work
    assert unknown.returncode == 2 and "「Q999」不是已知的规则代码" in unknown.stderr


def test_the_pool_path_gives_an_empty_report_for_no_file(tmp_path):
    from evalxl.commands import check, common

    chosen = common.resolve(None, None, None, None, tmp_path)
    results, across, records = check._audit([], chosen, check._view("notice", False), None, None, True, False)
    assert (results, across, list(records)) == ([], [], [])


def test_severity_words_are_report_texts():
    from evalxl.commands.check import SEVERITY_WORDS
    from evalxl.report_text import SEVERITY_NAMES

    assert sorted(SEVERITY_WORDS) == sorted(SEVERITY_NAMES)


def _run(app, argv) -> tuple[int, str, str]:
    from evalxl.clitext import run_app

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run_app(app, argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [["check", "-h"], ["run", "-h"], ["run", "/nonexistent-in"], ["check"],
                                  ["check", "/nonexistent-evalxl", "-j", "x"], ["rule", "-h"], ["profile", "-h"],
                                  ["profile", "export", "-h"], ["template", "--bogus"]])
def test_an_app_of_one_command_says_what_the_whole_app_says(argv, monkeypatch):
    from evalxl import cli

    monkeypatch.setenv("COLUMNS", "100")
    assert _run(cli.build_app(argv[:1]), argv) == _run(cli.build_app(), argv)


def test_the_whole_app_lists_every_command_in_order():
    done = evalxl("-h")
    assert done.returncode == 0
    rows = done.stdout.split("命令：")[1].splitlines()
    listed = [line.split()[0] for line in rows if line[:2] == "  " and line[2:3].strip()]  # not a wrapped line
    assert listed == ["run", "check", "inspect", "template", "rules", "rule", "serve", "profile"]


def test_importing_the_command_line_leaves_the_collector_on():
    loaded = subprocess.run([sys.executable, "-c", "import gc, evalxl.cli; print(gc.isenabled())"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert loaded.stdout.strip() == "True"
    off = subprocess.run([sys.executable, "-c", "import gc; gc.disable(); import evalxl.cli; print(gc.isenabled())"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert off.stdout.strip() == "False"  # a host that turned it off keeps it off


WORKER = """
import sys, tempfile
from functools import partial
from pathlib import Path
from evalxl import batch, preload
from evalxl.commands import common
files = [Path(p) for p in {files!r}]
chosen = common.resolve(None, None, None, None, files[0].parent)
fn = batch.{fn}
from evalxl.results import Packing  # in_pool has it before the fork
from evalxl.report_text import View  # check has it before the pool: its view
if fn is batch.audit_only:  # check --json: the render its caller imports before the pool
    from evalxl.commands.check_json import pieces
    render = partial(pieces, View())
else:  # run's
    from evalxl.run_outputs import rendered as render
preload.before_fork([(i, (str(p),)) for i, p in enumerate(files)], 2, writes=fn is batch.process_file)
before = set(sys.modules)
out = tempfile.mkdtemp()
work = Packing(fn, render)  # as a worker runs each file: the result packed, its findings rendered
for p in files:
    if fn is batch.audit_only:
        work(str(p), p.name, chosen.profile, chosen.select, chosen.ignore, chosen.waivers)
    else:
        work(str(p), p.name, out, p.name, chosen.profile, chosen.select, chosen.ignore, out, 60, chosen.waivers)
print(" ".join(sorted(set(sys.modules) - before)))
"""


@pytest.mark.parametrize("fn", ["audit_only", "process_file"])
def test_a_worker_imports_nothing_the_parent_could_have(fn):
    samples = ROOT / "samples"
    xlsx = sorted(samples.glob("*.xlsx"))[:2]
    xls = sorted((samples / "real").glob("*.xls"))[:1] + sorted(samples.glob("*.xls"))[:1]
    docx = sorted((samples / "word").glob("*.docx"))[:2]
    assert len(xlsx) == len(xls) == len(docx) == 2  # two of each kind: one for each of 2 workers
    files = [str(p) for p in xlsx + xls + docx]
    done = subprocess.run([sys.executable, "-c", WORKER.format(files=files, fn=fn)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    new = done.stdout.split()
    # encodings.*: codecs Python loads for a zip's or an .xls's names, by name, when first met
    assert [m for m in new if not m.startswith("encodings.")] == []


def test_the_workers_modules_are_loaded_with_the_collector_paused_then_frozen():
    code = """
import gc, sys
from evalxl import preload
gc.disable() if sys.argv[1] == "off" else None
frozen = gc.get_freeze_count()
preload.before_fork([(0, ("a.xlsx",))], 1, writes=False)
once = gc.get_freeze_count()
preload.before_fork([(0, ("a.xlsx",))], 1, writes=False)  # nothing new imported: nothing frozen
print(gc.isenabled(), once > frozen, gc.get_freeze_count() == once)
"""
    for state, enabled in (("on", "True"), ("off", "False")):
        done = subprocess.run([sys.executable, "-c", code, state], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert done.stdout.split() == [enabled, "True", "True"], done.stderr[-2000:]


def test_run_loads_no_network_or_mail_modules_before_the_pool():
    # xml.sax.saxutils, for one escape(), pulled in urllib.request, http.client and email:
    # ≈ 25 ms of every run's start-up for modules no evalxl code path uses
    xlsx = sorted((ROOT / "samples").glob("*.xlsx"))[:2]
    code = ("from evalxl import batch, preload\n"
            f"preload.before_fork([(i, (p,)) for i, p in enumerate({[str(p) for p in xlsx]!r})], 2, writes=True)")
    loaded = _modules_after(code)
    assert "evalxl.writers.comments" in loaded  # the measure works: the copy's writers are loaded
    assert not loaded & {"urllib.request", "http.client", "email", "xml.sax.saxutils"}
