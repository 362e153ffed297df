"""`evalxl check PATH…`: audit workbooks and print every finding, grouped by file and table."""

# No `from __future__ import annotations`: typer would eval every annotation's text on each start.
from functools import partial
from pathlib import Path
from typing import List, Optional

import typer

from . import common

HELP = """审核自评表：重算每一项得分，列出每一处错误、警告和提示（按文件、按表，注明单元格、填报值和应为值）。每个文件审核完即输出。

路径可以是文件或文件夹（递归查找其中的 .xlsx / .xlsm / .xls；临时锁定文件和其他文件列为「跳过」）。部门整体绩效自评表和评分表一并审核（D 规则）；跨文件的问题（重复报送、主管部门写法不一、多个年度）最后列出（B 规则）。

第一个路径所在文件夹（及其上级文件夹）或当前文件夹中的 evalxl.toml 会被使用。

退出码：0 未发现错误；1 发现错误；2 用法错误（参数有误、路径不存在、规则配置或设置文件有误、规则代码不存在，或给出的路径中没有任何自评表）；3 有文件无法读取（优先于 1）；5 内部错误。"""

SHORT = "审核自评表，按文件、按表列出每一处错误、警告和提示"

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
# report_text.SEVERITY_NAMES' words (a test holds them equal): that module, and the findings
# it imports, wait until there is a file to report on
SEVERITY_WORDS = ("error", "warning", "notice", "错误", "警告", "提示")


def check(
    paths: List[Path] = typer.Argument(..., help="要审核的工作簿文件或文件夹", show_default=False, metavar="路径"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出审核结果（到标准输出；进度和提示在标准错误）"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只列出问题：不显示进度、没有问题的表和文件"),
    statistics: bool = typer.Option(False, "--statistics", help="只显示每条规则发现的问题数（按数量排序）"),
    severity: str = typer.Option("notice", "--severity", help="只显示这一级别及更严重的问题：error（错误）、warning（警告）、notice（提示，全部）",
                                 metavar="级别"),
    profile_path: Optional[Path] = typer.Option(None, "--profile", help=common.PROFILE_HELP, show_default=False, metavar="文件或名称"),
    config_path: Optional[Path] = typer.Option(None, "--config", help=common.CONFIG_HELP, show_default=False, metavar="文件"),
    select: Optional[List[str]] = typer.Option(None, "--select", help=common.SELECT_HELP, show_default=False, metavar="规则代码"),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help=common.IGNORE_HELP, show_default=False, metavar="规则代码"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help=common.JOBS_HELP, show_default=False, min=1, metavar="进程数"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=common.TIMEOUT_HELP, show_default=False, min=0, metavar="秒"),
) -> None:
    from .. import console
    from ..inbox import discover

    if severity.lower() not in SEVERITY_WORDS:
        raise common.usage_error(f"--severity 应为 error、warning 或 notice（错误、警告、提示），不是「{severity}」")
    try:
        entries = discover(paths)
    except FileNotFoundError as exc:
        raise common.usage_error(f"路径不存在：{exc}")
    chosen = common.resolve(profile_path, select, ignore, config_path, paths[0])
    view = _view(severity, quiet) if entries or not as_json else None  # None: nothing to show
    if chosen.config is not None and not quiet:
        console.err(f"使用设置文件：{chosen.config}")
    # no file found: no pool, no result store, and none of the rules imported
    results, across, records = _audit(entries, chosen, view, jobs, timeout, as_json, statistics) if entries else (
        [], [], iter(()) if as_json else None)
    code = exit_code(results)
    nothing = not any(r.status == "ok" for r in results)  # ok: a table, or a report's text, was audited
    if nothing and code != EXIT_UNREADABLE:  # a wrong path, not a pass
        code = EXIT_USAGE
    if as_json:
        console.write_json_chunks(report_chunks(results, chosen.profile, code, records))
    else:
        console.write("\n".join(closing_lines(results, across, view, statistics)))
    if nothing:
        console.err("给出的路径中没有找到任何自评表（项目支出绩效自评表或部门整体表）：请确认路径，"
                    "或用 evalxl inspect 查看文件的读取结果")
    raise typer.Exit(code)


def _view(severity: str, quiet: bool):
    from .. import console
    from ..report_text import SEVERITY_NAMES, View

    return View(console.terminal_width(), SEVERITY_NAMES[severity.lower()], quiet)


def _audit(entries, chosen, view, jobs, timeout, as_json: bool, statistics: bool):
    """Every file of ``entries`` through the pool, each printed (unless ``as_json`` or
    ``statistics``) as soon as it and the files before it are done; then _finish."""
    from .. import console
    from ..batch import audit_only, default_jobs, in_pool, skipped_result
    from ..report_text import file_block
    from ..results import ResultStore

    profile, quiet = chosen.profile, view.quiet
    todo = [e for e in entries if not e.skipped]
    position = {id(e): i for i, e in enumerate(entries)}
    store = ResultStore(len(entries))  # the results wait on disk: memory does not grow with the batch
    for i, e in enumerate(entries):
        if e.skipped:
            store.put(i, skipped_result(e))
    printed = done = 0

    def finished(entry, result) -> None:
        nonlocal printed, done
        i = position[id(entry)]
        store.put(i, result)
        done += 1
        if not quiet:
            console.err(f"[{done}/{len(todo)}] 审核 {entry.rel}")
        if as_json or statistics:
            return
        # print every file up to the last one finished, in order: as soon as it is done
        while printed < len(entries) and store.light[printed] is not None:
            lines = file_block(result if printed == i else store.load(printed), view)
            if lines:
                console.write("\n".join(lines))
            printed += 1

    render = None
    if as_json:  # each file's record made in its worker
        from .check_json import pieces

        render = partial(pieces, view)
    limit = profile.limits.get("file_timeout_seconds", 60.0) if timeout is None else timeout
    tasks = [(e, (str(e.path), e.rel, profile, chosen.select, chosen.ignore, chosen.waivers)) for e in todo]
    with store:
        in_pool(audit_only, tasks, jobs or default_jobs(), limit, finished, render=render,
                whole=partial(_waived_here, chosen.waivers) if as_json else None)
        if not (as_json or statistics):
            for i in range(printed, len(entries)):  # skipped files after the last audited one
                lines = file_block(store.load(i), view)
                if lines:
                    console.write("\n".join(lines))
        return _finish(store, profile, chosen, view if as_json else None)


def _finish(store, profile, chosen, view=None):
    """Reports against other files (R001), then the B rules across the batch and the
    waivers; returns every file slim (counts), the findings across files, and with a
    ``view`` each file's JSON record spooled to a temporary file (an iterator over them):
    joined from what its worker made (check_json.record), unless a waiver may touch it."""
    import tempfile

    from ..batch import finish_batch
    from ..rules import select_rules
    from ..rules.narrative import check_across

    lights = store.lights()
    check_across(lights, any(r.code == "R001" for r in select_rules(chosen.select, chosen.ignore, profile)))
    finish_batch(lights, profile, chosen.select, chosen.ignore)
    added = {id(x) for r in lights for x in r.findings}
    results, across = [], []
    spool = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="evalxl-check-") if view is not None else None
    for i, lt in enumerate(store.light):
        if lt is None:
            continue
        made = None if store.kept(i) else store.made(i)  # the worker kept the whole only where a waiver may touch it
        slim, findings, text = _finished(store, i, made, view, chosen.waivers)
        results.append(slim)
        across += [x for x in findings if id(x) in added]
        if spool is not None:
            spool.write(text + "\n")
    return results, across, (_read_back(spool) if spool is not None else None)


def _waived_here(waivers, r) -> bool:
    """Whether an evalxl.toml waiver names file ``r``: its record is then made from the whole
    result, finished with the waivers (the worker keeps it for that); else from its pieces."""
    return bool(waivers and waivers.for_file(r.file))


def _finished(store, i: int, made, view, waivers):
    """File ``i`` finished: its slim copy, its findings in order and (with a ``view``) its record's text."""
    from ..console import _one
    from ..results import slim
    from .check_json import file_record, record, slim_record

    if made is not None:
        lt = store.light[i]
        return slim_record(lt, made), sorted(lt.findings, key=lambda x: x.sort_key()), record(lt, made, view)
    r = store.finished(i, waivers)
    return slim(r), r.findings, (_one(file_record(r, view)) if view is not None else None)


def _read_back(spool):
    from ..console import RawJSON

    spool.seek(0)
    with spool:
        for line in spool:
            yield RawJSON(line.rstrip("\n"))


def closing_lines(results, across, view, statistics: bool) -> list[str]:
    from .. import console
    from ..report_text import finding_lines, statistics as stats, total_line

    lines: list[str] = []
    if statistics:
        lines += stats(results, view) + [""]
    else:
        shown = view.shown(across)
        if shown:
            lines.append("跨文件：")
            for f in shown:
                where = f"  {f.file}" + (f" 表 {f.table_index + 1}「{f.table}」" if f.table_index is not None else "")
                where += f"（工作表「{f.sheet}」）" if f.sheet else ""
                lines += console.wrap(where, view.width, "", "    ")
                lines += finding_lines(f, "    ", view, f.sheet)
            lines.append("")
    lines += console.wrap(total_line(results), view.width, "", "  ")
    return lines


def exit_code(results) -> int:
    if any(r.status == "unreadable" for r in results):
        return EXIT_UNREADABLE
    if any(f.severity.value == "error" for r in results for f in r.findings):
        return EXIT_ERRORS
    return EXIT_OK


# --------------------------------------------------------------------------- json


def report_head(results, profile, code: int) -> dict:
    """Everything of the report but its files: the profile, the exit code, the totals."""
    from collections import Counter

    levels = {s.value: n for s, n in Counter(f.severity for r in results for f in r.findings).items()}
    return {
        "profile": profile.name,
        "profile_source": profile.source,
        "exit_code": code,
        "summary": {
            "files": sum(1 for r in results if r.status != "skipped"),
            "tables": sum(len(r.tables) for r in results),
            "department_tables": sum(len(r.departments) for r in results),
            "errors": levels.get("error", 0),
            "warnings": levels.get("warning", 0),
            "notices": levels.get("notice", 0),
            "unreadable": sum(1 for r in results if r.status == "unreadable"),
            "no_table": sum(1 for r in results if r.status == "no_table"),
            "skipped": sum(1 for r in results if r.status == "skipped"),
            "waived": sum(len(r.waived) for r in results),
        },
    }


def report_chunks(results, profile, code: int, records):
    """`check --json`'s text piece by piece: the head (``results`` slim is enough), then
    the files' ``records`` (an iterator), never the whole report at once."""
    from ..console import json_record_chunks

    return json_record_chunks({**report_head(results, profile, code), "files": iter(records)})
