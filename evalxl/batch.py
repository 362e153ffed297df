"""`evalxl run`: every workbook of an inbox through read → rules → corrected copy, then
the 汇总表 and findings.json.

Files are processed in a process pool (pebble: a worker that overruns the per-file time
limit is killed and replaced, so one bad file cannot stall the batch); results are put
back in inbox order, so the outputs do not depend on --jobs. The inbox is only read.
Every output is written to a temp file in OUTDIR and renamed into place.
"""

from __future__ import annotations

import os
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Sequence

from . import atomic
from .findings import FileResult, Severity
from .inbox import Entry, discover
from .profile import Profile

SUMMARY_NAME = "自评汇总表.xlsx"
FINDINGS_NAME = "findings.json"
CORRECTED_DIR = "corrected"


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


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)
    summary: Path | None = None
    findings_json: Path | None = None
    output_errors: list[tuple[str, str]] = field(default_factory=list)  # (output path, Chinese message)

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
    if out.exists() and not out.is_dir():
        raise UsageError(f"输出位置 {out} 已存在且不是文件夹")
    return inbox_r, out_r


WINDOWS_FORBIDDEN = str.maketrans({c: "_" for c in '<>:"|?*\\'} | {chr(i): "_" for i in range(32)})
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_REL_CHARS = 180  # corrected/<rel> under an OUTDIR must stay within Windows' 260


def safe_part(part: str) -> str:
    """One path component that Windows accepts: no forbidden characters, no trailing
    dot or space, no reserved device name (CON, NUL, COM1 …)."""
    part = part.translate(WINDOWS_FORBIDDEN).rstrip(" .") or "_"
    if part.split(".")[0].upper() in WINDOWS_RESERVED:
        part = "_" + part
    return part


def _shorten(rel: PurePosixPath, suffix: str) -> PurePosixPath:
    """A relative path too long for Windows keeps its start and a hash of the whole."""
    import hashlib

    text = str(rel.with_suffix(suffix))
    if len(text) <= MAX_REL_CHARS:
        return rel.with_suffix(suffix)
    digest = hashlib.sha1(str(rel).encode("utf-8")).hexdigest()[:8]
    return PurePosixPath(text[: MAX_REL_CHARS - 20].rstrip(" ./") + f"…{digest}{suffix}")


def corrected_names(entries: Sequence[Entry]) -> dict[str, str]:
    """rel -> path of its corrected copy under OUTDIR: corrected/<same relative path>, .xls
    becoming .xlsx (.xlsm stays .xlsm), every component safe on Windows. Two inputs that
    would land on one name (a.xls and a.xlsx side by side) keep apart: the second is
    named a（xls）.xlsx."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    todo = [e for e in entries if not e.skipped]
    # Files that keep their extension claim their names first: a.xlsx stays a.xlsx and
    # the a.xls beside it becomes a（xls）.xlsx.
    todo.sort(key=lambda e: PurePosixPath(e.rel).suffix.lower() not in (".xlsx", ".xlsm"))
    for e in todo:
        rel = PurePosixPath(*(safe_part(p) for p in PurePosixPath(e.rel).parts))
        suffix = ".xlsm" if rel.suffix.lower() == ".xlsm" else ".xlsx"
        name = _shorten(rel, suffix)
        if str(name).lower() in taken:
            name = _shorten(rel.with_name(f"{rel.stem}（{rel.suffix.lstrip('.').lower()}）{rel.suffix}"), suffix)
        taken.add(str(name).lower())
        out[e.rel] = str(PurePosixPath(CORRECTED_DIR) / name)
    return out


def process_file(path: str, rel: str, out_dir: str, corrected_rel: str, profile: Profile,
                 select: Sequence[str] | None, ignore: Sequence[str] | None, waivers: Any = None) -> FileResult:
    """One file, in a worker: audit, then write its corrected copy (waived findings are
    not corrected). Never raises."""
    from .pipeline import audit_file

    wb, result = audit_file(path, rel, profile, select, ignore, waivers=waivers)
    if wb is None or result.status == "unreadable":
        return result
    try:
        from .writers.corrected import write_corrected

        from .package import Limits

        write_corrected(Path(path), Path(out_dir) / corrected_rel, result.findings, source_format=wb.format,
                        limits=Limits.from_settings(profile.limits))
        result.corrected = corrected_rel
    except Exception as exc:  # the audit stands even when the copy cannot be written
        note = f"更正件未能写出（{type(exc).__name__}），审核结果不受影响"
        result.message = f"{result.message}；{note}" if result.message else note
    return result


def _failed(entry: Entry, message: str) -> FileResult:
    return FileResult(entry.rel, "unreadable", message)


def run(settings: RunSettings, progress: Callable[[int, int, str], None] | None = None) -> RunResult:
    inbox, out = check_folders(settings.inbox, settings.out)
    out.mkdir(parents=True, exist_ok=True)
    atomic.sweep(out)  # temp files a killed run may have left
    entries = discover([inbox])
    names = corrected_names(entries)
    todo = [e for e in entries if not e.skipped]
    results: dict[str, FileResult] = {
        e.rel: FileResult(e.rel, "skipped", e.skip_reason or "") for e in entries if e.skipped
    }
    total = len(todo)
    done = 0

    def finished(entry: Entry, result: FileResult) -> None:
        nonlocal done
        done += 1
        results[entry.rel] = result
        if progress:
            progress(done, total, entry.rel)

    if todo:
        _process_all(todo, names, out, settings, finished)
    files = [results[e.rel] for e in entries]
    finish_batch(files, settings.profile, settings.select, settings.ignore, settings.waivers)
    report = RunResult(files=files)
    report.summary = out / SUMMARY_NAME
    report.findings_json = out / FINDINGS_NAME
    write_outputs(report, settings.profile)
    return report


def _process_all(todo: list[Entry], names: dict[str, str], out: Path, settings: RunSettings,
                 finished: Callable[[Entry, FileResult], None]) -> None:
    tasks = [(e, (str(e.path), e.rel, str(out), names[e.rel], settings.profile, settings.select, settings.ignore,
                  settings.waivers)) for e in todo]
    in_pool(process_file, tasks, settings.jobs, settings.timeout, finished)


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


def in_pool(fn, tasks: list[tuple[Entry, tuple]], jobs: int, timeout: float,
            finished: Callable[[Entry, FileResult], None]) -> None:
    """fn(*args) for every (entry, args) in a process pool of ``jobs`` workers, each file
    under the time limit (a worker that overruns is killed and replaced); ``finished`` is
    called in task order, so what is built from the results does not depend on ``jobs``."""
    from pebble import ProcessExpired, ProcessPool
    from pebble.common.types import CONSTS

    if not tasks:
        return
    # pebble's manager polls every sleep_unit (0.1 s by default), and closing the pool
    # waits one: a tenth of a second on every run. 10 ms costs no measurable CPU here.
    CONSTS.sleep_unit = 0.01
    with ProcessPool(max_workers=max(1, min(jobs, len(tasks)))) as pool:
        futures = [(e, pool.schedule(fn, args=args, timeout=timeout or None)) for e, args in tasks]
        for entry, future in futures:
            try:
                result = future.result()
            except FutureTimeout:
                result = _failed(entry, f"处理超过 {timeout:g} 秒仍未完成，已中止（文件可能过大或结构异常），其余文件照常处理")
            except ProcessExpired as exc:
                result = _failed(entry, f"处理该文件的进程异常退出（退出码 {exc.exitcode}，可能内存不足），其余文件照常处理")
            except Exception as exc:
                result = _failed(entry, f"处理时发生内部错误（{type(exc).__name__}），请将此文件反馈给 evalxl 开发者")
            finished(entry, result)


def write_outputs(report: RunResult, profile: Profile) -> None:
    from .writers import findings_json
    from .writers.summary import write_summary

    with atomic.atomic_path(report.summary) as tmp:
        write_summary(tmp, report.files, [g.name for g in profile.grades])
    atomic.write_text(report.findings_json, findings_json.dumps(report.files, profile.name))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
