"""`evalxl run INBOX --out OUTDIR`: the whole job: corrected copies, the 汇总表, findings.json."""

# No `from __future__ import annotations`: typer would eval every annotation's text on each start.
from pathlib import Path
from typing import List, Optional

import typer

from . import common

HELP = """审核收件文件夹中的全部自评表，写出：更正后的工作簿（输出文件夹/corrected/，保持原有相对路径，.xls 转为 .xlsx）、部门自评汇总表（输出文件夹/自评汇总表.xlsx）和问题清单（输出文件夹/findings.json）。

收件文件夹只读不写；输出文件夹不能位于收件文件夹之内。收件文件夹或当前文件夹中的 evalxl.toml 会被使用（规则配置、选用或忽略的规则、已确认的问题）。

退出码：0 全部输出已写出（发现的错误写在输出中，不算失败）；1 发现错误（仅在加 --strict 时）；2 用法错误；3 有文件无法读取（其余文件照常处理，全部输出照常写出）；4 有输出文件无法写出；5 内部错误。多种情况同时出现时，取 4、3、1 中最先适用的一个。"""

SHORT = "审核收件文件夹，写出更正后的工作簿、自评汇总表和问题清单"


def run(
    inbox: Path = typer.Argument(..., help="收件文件夹（递归查找其中的 .xlsx / .xlsm / .xls）", show_default=False,
                                 metavar="收件文件夹"),
    out: Path = typer.Option(..., "--out", "-o", help="输出文件夹", show_default=False, metavar="输出文件夹"),
    profile_path: Optional[Path] = typer.Option(None, "--profile", help=common.PROFILE_HELP, show_default=False, metavar="文件或名称"),
    config_path: Optional[Path] = typer.Option(None, "--config", help=common.CONFIG_HELP, show_default=False, metavar="文件"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help=common.JOBS_HELP, show_default=False, min=1, metavar="进程数"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=common.TIMEOUT_HELP, show_default=False, min=0, metavar="秒"),
    select: Optional[List[str]] = typer.Option(None, "--select", help=common.SELECT_HELP, show_default=False, metavar="规则代码"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help=common.IGNORE_HELP, show_default=False, metavar="规则代码"),
    strict: bool = typer.Option(False, "--strict", "--fail-on-error", help="发现错误时以退出码 1 结束（供脚本判断；缺省只要输出全部写出即为 0）"),
) -> None:
    from .. import console
    from ..batch import RunSettings, UsageError, default_jobs
    from ..batch import run as run_batch

    chosen = common.resolve(profile_path, select, ignore, config_path, inbox if inbox.is_dir() else None)
    profile = chosen.profile
    settings = RunSettings(
        inbox=inbox, out=out, profile=profile, jobs=jobs or default_jobs(), select=chosen.select, ignore=chosen.ignore,
        timeout=profile.limits.get("file_timeout_seconds", 60.0) if timeout is None else timeout, waivers=chosen.waivers,
        keep_files=False,  # the closing lines need counts only: at 10 000 workbooks whole results were most of the memory
    )
    if chosen.config is not None:
        console.err(f"使用设置文件：{chosen.config}")
    try:
        with _Progress() as progress:
            report = run_batch(settings, progress.update)
    except UsageError as exc:
        raise common.usage_error(str(exc))
    except KeyboardInterrupt:
        console.err("已中断：本次运行未写出任何结果，输出文件夹保持运行前的状态。")
        raise typer.Exit(130)
    _print_outdir_state(report)
    if report.summary is not None:  # else OUTDIR itself could not be used: nothing was done
        for line in final_lines(report):
            console.err(line)
    raise typer.Exit(report.exit_status(strict))


def final_lines(report) -> list[str]:
    """The closing lines: what was audited, what was waived, which files could not be
    read (by name), where the outputs are."""
    files, tables, errors, warnings = report.counts()
    departments = report.department_tables()
    dep = f"，{departments} 张部门整体表" if departments else ""
    waived = sum(len(f.waived) for f in report.files)
    ok = f"，已确认 {waived} 项（不计入）" if waived else ""
    lines = [f"完成：{files} 个文件，{tables} 张自评表{dep}，错误 {errors} 项，警告 {warnings} 项{ok}。"]
    unreadable = report.unreadable()
    if unreadable:
        shown = "、".join(unreadable[:10]) + (f" 等 {len(unreadable)} 个" if len(unreadable) > 10 else "")
        lines.append(f"无法读取 {len(unreadable)} 个文件（原因见文件清单）：{shown}")
    if report.summary is not None:
        lines.append(f"输出：{report.summary}、{report.findings_json}、{report.summary.parent / 'corrected'}")
    return lines


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
