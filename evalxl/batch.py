"""`evalxl run`: every workbook of an inbox through read → rules → corrected copy, then
the 汇总表 and findings.json.

Files are processed in worker processes (pool.py: a worker that overruns the per-file time
limit is killed and replaced, so one bad file cannot stall the batch); results are put
back in inbox order, so the outputs do not depend on --jobs. The inbox is only read.
Outputs are staged in OUTDIR and committed at the end (outdir.Outdir): OUTDIR locked for
the run, a run stopped early leaves it as it was, a rerun keeps the user's edits.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from .findings import FileResult, Severity
from .inbox import Entry, discover
from .naming import corrected_names, fit_suffix
from .profile import Profile

SUMMARY_NAME = "自评汇总表.xlsx"
FINDINGS_NAME = "findings.json"


class UsageError(Exception):
    """A command-line mistake; the message is Chinese. Exit code 2."""


@dataclass
class RunSettings:
    inbox: Path
    out: Path
    profile: Profile
    jobs: int = 1
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    timeout: float = 60.0  # seconds per file; 0 for none
    waivers: Any = None  # config.Waivers of the inbox's evalxl.toml
    keep_files: bool = True  # RunResult.files whole (the web page shows them); False: slim (counts only)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    summary: Path | None = None
    findings_json: Path | None = None
    output_errors: list[tuple[str, str]] = field(default_factory=list)  # (output path, Chinese message)
    notes: list[str] = field(default_factory=list)  # Chinese: user files kept, stale copies removed

    @property
    def exit_code(self) -> int:
        """The run's exit code without --strict (see :meth:`exit_status`)."""
        return self.exit_status()

    def exit_status(self, strict: bool = False) -> int:
        """0 every output written (findings are the product, not a failure); 4 an output
        could not be written; 3 some files could not be read; 1 errors found, only when
        ``strict`` (a script that wants to stop on them). The first that applies wins."""
        if self.output_errors:
            return 4
        if any(f.status == "unreadable" for f in self.files):
            return 3
        if strict and any(f.count(Severity.ERROR) for f in self.files):
            return 1
        return 0

    def unreadable(self) -> list[str]:
        return [f.file for f in self.files if f.status == "unreadable"]

    def department_tables(self) -> int:
        return sum(len(f.departments) for f in self.files)

    def counts(self) -> tuple[int, int, int, int]:
        """(files, tables, errors, warnings); tables: 项目支出绩效自评表."""
        return (
            len(self.files),
            sum(len(f.tables) for f in self.files),
            sum(f.count(Severity.ERROR) for f in self.files),
            sum(f.count(Severity.WARNING) for f in self.files),
        )


def check_folders(inbox: Path, out: Path) -> tuple[Path, Path]:
    """Refuse an OUTDIR equal to or inside INBOX: its outputs would become inputs."""
    if not inbox.exists():
        raise UsageError(f"收件文件夹不存在：{inbox}")
    if not inbox.is_dir():
        raise UsageError(f"收件位置应为文件夹，{inbox} 不是文件夹")
    inbox_r, out_r = inbox.resolve(), out.resolve()
    if out_r == inbox_r or inbox_r in out_r.parents:
        raise UsageError(f"输出文件夹 {out} 位于收件文件夹 {inbox} 之内（或与之相同），请另选输出位置，收件文件夹只读不写")
    if out_r in inbox_r.parents:  # e.g. re-auditing OUTDIR/corrected into OUTDIR: a rerun would rewrite the inbox
        raise UsageError(f"收件文件夹 {inbox} 位于输出文件夹 {out} 之内，重新运行会改写收件文件；"
                         "请把要审核的文件复制到输出文件夹之外，或另选输出文件夹")
    if out.exists() and not out.is_dir():
        raise UsageError(f"输出位置 {out} 已存在且不是文件夹")
    return inbox_r, out_r


def process_file(path: str, rel: str, out_dir: str, corrected_rel: str, profile: Profile,
                 select: Sequence[str] | None, ignore: Sequence[str] | None,
                 shown_dir: str | None = None, timeout: float = 0,
                 waivers: Any = None) -> FileResult | tuple[FileResult, tuple[str, str]]:
    """One file, in a worker: audit, then write its corrected copy under ``out_dir`` (the
    staging folder; ``shown_dir`` is the OUTDIR the user knows, for messages). Never raises;
    a copy that cannot be written for want of space or rights comes back as an output error.
    The copy gets what is left of the file's ``timeout``: a writer that overruns it ends
    with a note, and the audit's findings are kept (the pool would kill the whole worker).
    Findings an evalxl.toml waiver accepts (``waivers``) are not corrected."""
    import time

    from .pipeline import audit_file

    started = time.monotonic()
    wb, result = audit_file(path, rel, profile, select, ignore, waivers=waivers)
    if wb is None or result.status == "unreadable":
        return result
    from .writers.corrected import write_corrected

    from .package import Limits

    corrected_rel = fit_suffix(corrected_rel, wb.format)
    try:
        with _deadline(timeout * 0.9 - (time.monotonic() - started) if timeout else None):
            if wb.format == "docx":  # a Word document comes back as a Word document
                from .writers.corrected_docx import write_corrected_docx

                write_corrected_docx(Path(path), Path(out_dir) / corrected_rel, result.findings,
                                     limits=Limits.from_settings(profile.limits))
            else:
                write_corrected(Path(path), Path(out_dir) / corrected_rel, result.findings, source_format=wb.format,
                                limits=Limits.from_settings(profile.limits))
        result.corrected = corrected_rel
    except _WriterTimeout:
        _note(result, f"更正件未能在 {timeout:g} 秒的时限内写出（文件结构过于庞大），审核结果不受影响")
    except Exception as exc:  # the audit stands even when the copy cannot be written
        from .outdir import os_error, write_error

        if os_error(exc) is None or _input_error(exc, path):
            _note(result, _copy_failed(exc))
            return result
        shown = Path(shown_dir or out_dir) / corrected_rel  # the file system's fault: an output error
        message = write_error(shown, os_error(exc))
        _note(result, f"更正件未能写出：{message}；审核结果不受影响")
        return result, (str(shown), message)
    return result


class _WriterTimeout(BaseException):
    """Raised in a worker when the corrected copy overruns its share of the time limit."""


@contextlib.contextmanager
def _deadline(seconds: float | None):
    """SIGALRM after ``seconds`` (None: no limit; a worker runs in its main thread)."""
    import signal

    import threading

    if seconds is None or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    if seconds <= 0:
        raise _WriterTimeout

    def ring(*_):
        raise _WriterTimeout

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _input_error(exc: BaseException, path: str) -> bool:
    """An OSError that is the input's (a damaged zip member raises one), not the output's."""
    from .package import UnreadableFile

    err = exc if isinstance(exc, OSError) else None
    return isinstance(exc, UnreadableFile) or (err is not None and err.errno is None) or (
        err is not None and err.filename is not None and os.path.abspath(str(err.filename)) == os.path.abspath(path))


def _note(result: FileResult, note: str) -> None:
    result.message = f"{result.message}；{note}" if result.message else note


def _copy_failed(exc: Exception) -> str:
    from .package import UnreadableFile

    if isinstance(exc, UnreadableFile):
        return f"更正件未能写出：{exc.message}；审核结果不受影响"
    return (f"更正件未能写出：文件内部结构有异常（{type(exc).__name__}），无法在保持其余内容不变的前提下修改它；"
            "审核结果不受影响，在 Excel 中另存后重新提交即可得到更正件")


def run(settings: RunSettings, progress: Callable[[int, int, str], None] | None = None,
        on_result: Callable[[FileResult], None] | None = None) -> RunResult:
    """The whole run. OUTDIR is locked for its length; outputs are staged and committed at
    the end, so an interrupted run (Ctrl-C: KeyboardInterrupt propagates) leaves OUTDIR as
    it was. An output that cannot be written is listed in ``output_errors``, never raised.
    ``progress(done, total, rel)`` after each file; ``on_result`` gets each file's result
    as soon as it is known (the skipped ones first), for a live view; an exception it
    raises ends the run like Ctrl-C does."""
    from .outdir import Outdir, OutputError

    inbox, out = check_folders(settings.inbox, settings.out)
    try:
        od = Outdir(out).open()
    except OutputError as exc:
        return RunResult(output_errors=[(str(exc.path), exc.message)])
    try:
        report = _run_in(od, inbox, settings, progress, on_result)
    except BaseException:
        od.abort()
        raise
    od.close()
    return report


def _run_in(od, inbox: Path, settings: RunSettings, progress, on_result=None) -> RunResult:
    from .results import Packed, ResultStore

    entries = discover([inbox])
    names = corrected_names(entries)
    todo = [i for i, e in enumerate(entries) if not e.skipped]
    errors: list[tuple[str, str]] = []
    with ResultStore(len(entries)) as store:  # the parent keeps no FileResult: they wait on disk
        for i, e in enumerate(entries):
            if e.skipped:
                known = skipped_result(e)
                store.put(i, known)
                if on_result:
                    on_result(known)

        done = 0

        def finished(index: int, outcome) -> None:
            nonlocal done
            done += 1
            if isinstance(outcome, tuple):
                outcome, error = outcome
                errors.append(error)
            store.put(index, outcome)
            if on_result:
                on_result(outcome.full() if isinstance(outcome, Packed) else outcome)
            if progress:
                progress(done, len(todo), entries[index].rel)

        tasks = [(i, (str(entries[i].path), entries[i].rel, str(od.staging), names[entries[i].rel], settings.profile,
                      settings.select, settings.ignore, str(od.root), settings.timeout, settings.waivers)) for i in todo]
        from .run_outputs import rendered, write_outputs  # run's alone (check never needs them)

        in_pool(process_file, tasks, settings.jobs, settings.timeout, finished, label=lambda i: entries[i].rel,
                render=rendered)
        files = store.lights()
        narrative_across(files, settings, {e.rel: e.path for e in entries}, od.staging, store)
        finish_batch(files, settings.profile, settings.select, settings.ignore)  # the waivers: as they are read back
        outputs = {SUMMARY_NAME, FINDINGS_NAME} | {f.corrected for f in files if f.corrected}
        for f in files:  # the names the copies will have (a user-edited copy keeps its own)
            if f.corrected:
                f.corrected = od.final_name(f.corrected)
        report = RunResult()
        report.summary, report.findings_json = od.root / SUMMARY_NAME, od.root / FINDINGS_NAME
        errors.extend(write_outputs(report, settings, od, store, SUMMARY_NAME, FINDINGS_NAME))
    report.summary = od.root / od.final_name(SUMMARY_NAME)  # once staged: the same bytes may replace a file
    report.findings_json = od.root / od.final_name(FINDINGS_NAME)
    committed = od.commit(outputs, outputs | set(names.values()))  # its notes include what opening OUTDIR recovered
    report.output_errors = errors + committed.errors
    report.notes = committed.notes
    return report


def skipped_result(e: Entry) -> FileResult:
    """A file not audited: skipped, or unreadable when it (or its folder) could not be opened."""
    return FileResult(e.rel, "unreadable" if e.unreadable else "skipped", e.skip_reason or "")


def narrative_across(files: list[FileResult], settings: RunSettings, sources: dict[str, Path], out: Path,
                     store=None) -> None:
    """A report's statements that its own tables did not answer, against the workbooks of
    the same unit in the inbox (R001), once every file is read; a report that gets findings
    so has its corrected copy written again with them (comments, 审核意见). ``files`` may be
    a ResultStore's light copies (``store``): the copy gets the stored findings and the new."""
    from .package import Limits
    from .rules.narrative import check_across
    from .rules.registry import select_rules
    from .writers.corrected_docx import write_corrected_docx

    selected = any(r.code == "R001" for r in select_rules(settings.select, settings.ignore, settings.profile))
    position = {id(f): i for i, f in enumerate(store.light)} if store is not None else {}
    for f in check_across(files, selected):
        if f.corrected and f.format == "docx":
            findings = store.load(position[id(f)]).findings + f.findings if store is not None else f.findings
            try:
                write_corrected_docx(sources[f.file], out / f.corrected, findings,
                                     limits=Limits.from_settings(settings.profile.limits))
            except Exception as exc:  # the audit stands even when the copy cannot be written
                f.message = f"更正件未能写出（{type(exc).__name__}），审核结果不受影响"


def audit_only(path: str, rel: str, profile: Profile, select: Sequence[str] | None,
               ignore: Sequence[str] | None, waivers: Any = None) -> FileResult:
    """One file, in a worker, for `check`: the audit without the copy (the model stays in
    the worker; only the report crosses back)."""
    from .pipeline import audit_file

    return audit_file(path, rel, profile, select, ignore, waivers=waivers)[1]


def finish_batch(files: list[FileResult], profile: Profile, select: Sequence[str] | None,
                 ignore: Sequence[str] | None, waivers: Any = None) -> None:
    """The findings across files (B rules), then the waivers over them, in place."""
    from .rules import check_batch, select_rules

    check_batch(files, select_rules(select, ignore, profile), profile)
    if waivers is not None:
        for f in files:
            waivers.apply(f)


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops them: no traceback per worker.
    A writer cut short by a full disk leaves a zip object whose finaliser fails again:
    its "Exception ignored" trace is not for the user (the error itself is reported)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.unraisablehook = lambda *_: None


def in_pool(fn, tasks: list[tuple], jobs: int, timeout: float, finished: Callable, label=None,
            render: Callable | None = None, whole: Callable | None = None) -> None:
    """fn(*args) for every (key, args) in ``jobs`` worker processes (pool.py), each file
    under the time limit; ``finished(key, result)`` in task order, so what is built from
    the results does not depend on ``jobs``; a file whose worker overran or died gets an
    unreadable result saying so. On Ctrl-C the workers are ended at once. ``render``: what
    the workers make of each result for the reports (results.Packing);
    ``whole(result)``: whether the whole result is kept too (always, without it)."""
    from . import preload
    from .pool import run_tasks
    from .results import Packing

    if not tasks:
        return
    writes = fn is process_file  # run: a corrected copy per file, and the reports after the pool
    preload.before_fork(tasks, jobs, writes=writes)

    def handed(key, ok, value) -> None:
        finished(key, value if ok else FileResult(label(key) if label else key.rel, "unreadable", value))

    packing = Packing(fn, render, whole)
    run_tasks(packing, tasks, jobs, timeout, handed, init=_worker_init, meanwhile=preload.beside_pool(writes))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
