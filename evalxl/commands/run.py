"""`evalxl run INBOX --out OUTDIR`: the whole job: corrected copies, the 汇总表, findings.json."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..profile import PROFILE_HELP

HELP = """审核收件文件夹中的全部自评表，写出：更正后的工作簿（OUTDIR/corrected/，保持原有相对路径，.xls 转为 .xlsx）、部门自评汇总表（OUTDIR/自评汇总表.xlsx）和问题清单（OUTDIR/findings.json）。

收件文件夹只读不写；输出文件夹不能位于收件文件夹之内。重复运行会替换 evalxl 自己的输出，不动其他文件。

退出码：0 未发现错误；1 发现错误；2 用法错误；3 有文件无法读取（其余文件照常处理，全部输出照常写出；优先于 1）。"""


def run(
    inbox: Path = typer.Argument(..., help="收件文件夹（递归查找其中的 .xlsx / .xlsm / .xls）", show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help="输出文件夹", show_default=False, metavar="OUTDIR"),
    profile_path: Optional[Path] = typer.Option(
        None, "--profile", help=PROFILE_HELP, show_default=False, metavar="FILE|NAME"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行处理的进程数，缺省为 CPU 核数", show_default=False, min=1),
    timeout: Optional[float] = typer.Option(
        None, "--timeout", help="单个文件的处理时限（秒），缺省取规则配置中的 file_timeout_seconds（60）", show_default=False, min=0),
    select: Optional[List[str]] = typer.Option(None, "--select", help="只运行这些规则（代码或前缀，逗号分隔）", show_default=False, metavar="CODES"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="不运行这些规则（代码或前缀，逗号分隔）", show_default=False, metavar="CODES"),
) -> None:
    from .. import console
    from ..batch import RunSettings, UsageError, default_jobs
    from ..batch import run as run_batch
    from ..profile import ProfileError, load_profile
    from ..rules import SelectionError, select_rules

    try:
        profile = load_profile(profile_path)
        select_rules(select, ignore, profile)  # unknown codes are a usage error, before any work
    except ProfileError as exc:
        console.err(f"错误：{exc}")
        raise typer.Exit(2)
    except SelectionError as exc:
        console.err(f"错误：{exc.message}")
        raise typer.Exit(2)
    settings = RunSettings(
        inbox=inbox, out=out, profile=profile, jobs=jobs or default_jobs(), select=select, ignore=ignore,
        timeout=profile.limits.get("file_timeout_seconds", 60.0) if timeout is None else timeout,
    )
    try:
        with _Progress() as progress:
            report = run_batch(settings, progress.update)
    except UsageError as exc:
        console.err(f"错误：{exc}")
        raise typer.Exit(2)
    except KeyboardInterrupt:
        console.err("已中断：本次运行未写出任何结果，输出文件夹保持运行前的状态。")
        raise typer.Exit(130)
    _print_outdir_state(report)
    if report.summary is None:  # OUTDIR itself could not be used: nothing was done
        raise typer.Exit(report.exit_code)
    files, tables, errors, warnings = report.counts()
    unreadable = sum(1 for f in report.files if f.status == "unreadable")
    extra = f"，{unreadable} 个文件无法读取" if unreadable else ""
    departments = report.department_tables()
    dep = f"，{departments} 张部门整体表" if departments else ""
    console.err(f"完成：{files} 个文件，{tables} 张自评表{dep}，错误 {errors} 项，警告 {warnings} 项{extra}。")
    console.err(f"输出：{report.summary}、{report.findings_json}、{report.summary.parent / 'corrected'}")
    raise typer.Exit(report.exit_code)


def _print_outdir_state(report) -> None:
    from .. import console

    for note in report.notes:
        console.err(f"注意：{note}")
    shown = 10  # a full disk fails every copy after it: the first few say why, then a count
    for _, message in report.output_errors[:shown]:
        console.err(f"错误：{message}")
    if len(report.output_errors) > shown:
        console.err(f"错误：另有 {len(report.output_errors) - shown} 个输出未能写出（各文件的说明中已注明原因）")


class _Progress:
    """Files done of total and the current file, on stderr; plain lines when stderr is
    not a terminal (a log file, CI) and no glyph outside GBK either way."""

    def __enter__(self):
        import sys

        self.progress = None
        if sys.stderr.isatty():  # rich only where a bar is drawn: not in a log, CI or a pipe
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            from .. import console

            self.console = console.stderr_console()
            self.progress = Progress(TextColumn("审核"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                                     console=self.console, transient=True)
            self.progress.__enter__()
            self.task = self.progress.add_task("", total=None)
        return self

    def update(self, done: int, total: int, current: str) -> None:
        from .. import console

        if self.progress is not None:
            self.progress.update(self.task, completed=done, total=total, description=console.safe(current, self.console.encoding))
        else:
            console.err(f"[{done}/{total}] {current}")

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.__exit__(*exc)
