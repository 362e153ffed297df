"""`evalxl check PATH…`: audit workbooks and print every finding, grouped by file and table."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..profile import PROFILE_HELP

HELP = """审核自评表：重算每一项得分，列出每一处错误、警告和提示（按文件、按表，注明工作表和单元格、填报值和应为值）。

PATH 可以是文件或文件夹（递归查找其中的 .xlsx / .xlsm / .xls；临时锁定文件和其他文件列为「跳过」）。

部门整体绩效自评表和部门整体支出绩效评价指标评分表（连同基础数据表）一并审核（D 规则）。

退出码：0 未发现错误；1 发现错误；2 用法错误（参数有误、路径不存在、规则配置文件有误、规则代码不存在）；3 有文件无法读取（优先于 1）。既无项目支出绩效自评表也无部门整体表的文件和跳过的文件会列出，但不影响退出码。"""

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3


def check(
    paths: List[Path] = typer.Argument(..., help="要审核的工作簿文件或文件夹", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出审核结果（到标准输出；进度和提示在标准错误）"),
    profile_path: Optional[Path] = typer.Option(
        None, "--profile", help=PROFILE_HELP, show_default=False, metavar="FILE|NAME"),
    select: Optional[List[str]] = typer.Option(
        None, "--select", help="只运行这些规则（代码或前缀，逗号分隔，如 F,I001）", show_default=False, metavar="CODES"),
    ignore: Optional[List[str]] = typer.Option(
        None, "--ignore", help="不运行这些规则（代码或前缀，逗号分隔）", show_default=False, metavar="CODES"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行处理的进程数，缺省为 CPU 核数", show_default=False, min=1),
    timeout: Optional[float] = typer.Option(
        None, "--timeout", help="单个文件的处理时限（秒），缺省取规则配置中的 file_timeout_seconds（60）", show_default=False, min=0),
) -> None:
    from .. import console
    from ..batch import audit_only, default_jobs, in_pool, skipped_result
    from ..findings import FileResult
    from ..inbox import discover
    from ..profile import ProfileError, load_profile
    from ..rules import SelectionError, select_rules

    try:
        profile = load_profile(profile_path)
    except ProfileError as exc:
        console.err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE)
    try:
        select_rules(select, ignore, profile)  # unknown codes are a usage error, before any work
    except SelectionError as exc:
        console.err(f"错误：{exc.message}")
        raise typer.Exit(EXIT_USAGE)
    try:
        entries = discover(paths)
    except FileNotFoundError as exc:
        console.err(f"错误：路径不存在：{exc}")
        raise typer.Exit(EXIT_USAGE)

    todo = [e for e in entries if not e.skipped]
    done: dict[str, FileResult] = {e.rel: skipped_result(e) for e in entries if e.skipped}

    def finished(entry, result) -> None:
        done[entry.rel] = result
        console.err(f"[{len(done) - (len(entries) - len(todo))}/{len(todo)}] 审核 {entry.rel}")

    limit = profile.limits.get("file_timeout_seconds", 60.0) if timeout is None else timeout
    tasks = [(e, (str(e.path), e.rel, profile, select, ignore)) for e in todo]
    in_pool(audit_only, tasks, jobs or default_jobs(), limit, finished)
    results = [done[e.rel] for e in entries]
    from ..rules.narrative import check_across

    check_across(results, any(r.code == "R001" for r in select_rules(select, ignore, profile)))  # reports vs other files
    code = exit_code(results)
    if as_json:
        console.write_json(report_data(results, profile, code), records=True)
    else:
        console.write(render_text(results))
    if not todo:
        console.err("没有找到要审核的工作簿（.xlsx / .xlsm / .xls）")
    raise typer.Exit(code)


def exit_code(results) -> int:
    from ..findings import Severity

    if any(r.status == "unreadable" for r in results):
        return EXIT_UNREADABLE
    if any(f.severity == Severity.ERROR for r in results for f in r.findings):
        return EXIT_ERRORS
    return EXIT_OK


# --------------------------------------------------------------------------- text


def _value(x, text: str | None = None) -> str:
    from ..findings import format_number

    if text:
        return text
    return format_number(x) if x is not None else ""


def _finding_lines(f, indent: str) -> list[str]:
    where = f"（工作表「{f.sheet}」）" if f.sheet else " "
    if f.place is not None:  # a Word document: its table (附件2 表格) or 正文, not a worksheet
        where = f"（{f.sheet}）"
    lines = [f"{indent}{f.severity.label} {f.code}{where}{f.message}"]
    entered = _value(f.entered, f.extra.get("entered_text"))
    expected = _value(f.expected, f.extra.get("expected_text"))
    parts = []
    if entered:
        parts.append(f"填报：{entered}")
    if expected:
        parts.append(f"应为：{expected}")
    if parts:
        lines.append(f"{indent}    " + "；".join(parts))
    return lines


def _counts(findings) -> str:
    from ..findings import Severity

    e = sum(1 for f in findings if f.severity == Severity.ERROR)
    w = sum(1 for f in findings if f.severity == Severity.WARNING)
    n = sum(1 for f in findings if f.severity == Severity.NOTICE)
    if not (e or w or n):
        return "未发现问题"
    parts = [f"错误 {e} 项"] if e else []
    parts += [f"警告 {w} 项"] if w else []
    parts += [f"提示 {n} 项"] if n else []
    return "，".join(parts)


def render_text(results) -> str:
    from ..findings import Severity, format_number

    lines: list[str] = []
    for r in results:
        if r.status == "skipped":
            lines.append(f"跳过：{r.file}（{r.message}）")
            continue
        lines.append(f"文件：{r.file}")
        if r.status == "unreadable":
            lines.append(f"  无法读取：{r.message}")
            lines.append("")
            continue
        if r.status == "no_table":
            lines.append(f"  {r.message}")
        for t in r.tables:
            totals = []
            if t.entered_total is not None:
                totals.append(f"填报总分 {format_number(t.entered_total)}")
            if t.recomputed_total is not None:
                totals.append(f"重算总分 {format_number(t.recomputed_total)}")
            if t.grade:
                totals.append(f"等级 {t.grade}")
            sheet = t.sheet if r.format == "docx" else f"工作表「{t.sheet}」"
            head = f"  表 {t.index + 1}「{t.name or '未填项目名称'}」（{sheet}）：{_counts(t.findings)}"
            if totals:
                head += "。" + "，".join(totals)
            lines.append(head)
            for f in t.findings:
                lines.extend(_finding_lines(f, "    "))
        for d in r.departments:
            lines.append(_department_head(d, r.format == "docx"))
            for f in d.findings:
                lines.extend(_finding_lines(f, "    "))
        wb_findings = [f for f in r.findings if f.table_index is None and f.department is None]
        if wb_findings:
            lines.append("  文档：" if r.format == "docx" else "  工作簿：")
            for f in wb_findings:
                lines.extend(_finding_lines(f, "    "))
        lines.append("")
    audited = [r for r in results if r.status != "skipped"]
    all_f = [f for r in results for f in r.findings]
    tables = sum(len(r.tables) for r in results)
    departments = sum(len(r.departments) for r in results)
    dep = f"、{departments} 张部门整体表" if departments else ""
    summary = (
        f"合计：审核 {len(audited)} 个文件、{tables} 张自评表{dep}；"
        f"错误 {sum(1 for f in all_f if f.severity == Severity.ERROR)} 项，"
        f"警告 {sum(1 for f in all_f if f.severity == Severity.WARNING)} 项，"
        f"提示 {sum(1 for f in all_f if f.severity == Severity.NOTICE)} 项"
    )
    extra = []
    for status, word in (("unreadable", "无法读取"), ("no_table", "未找到自评表"), ("skipped", "跳过")):
        k = sum(1 for r in results if r.status == status)
        if k:
            extra.append(f"{word} {k} 个文件")
    if extra:
        summary += "；" + "，".join(extra)
    lines.append(summary)
    return "\n".join(lines)


def _department_head(d, word: bool = False) -> str:
    from ..findings import format_number

    parts = []
    if d.completion_rate is not None or d.completion:
        parts.append(d.completion_text)
    else:
        if d.entered_total is not None:
            word = "填报合计" if d.entered_total_from == "total_row" else "各行填报得分之和"
            parts.append(f"{word} {format_number(d.entered_total)}")
        if d.recomputed_total is not None:
            parts.append(f"重算合计 {format_number(d.recomputed_total)}")
        if d.grade:
            parts.append(f"等级 {d.grade}")
    if d.review_rows:
        parts.append(f"需人工复核 {d.review_rows} 行")
    sheet = d.sheet if word else f"工作表「{d.sheet}」"  # a Word table is named as such
    head = f"  部门整体 {d.index + 1}「{d.unit or '未填单位名称'}」{d.kind_name}（{sheet}）：{_counts(d.findings)}"
    return head + ("。" + "，".join(parts) if parts else "")


# --------------------------------------------------------------------------- json


def table_data(t) -> dict:
    from ..findings import Severity

    return {
        "index": t.index,
        "sheet": t.sheet,
        "name": t.name,
        "department": t.department,
        "unit": t.unit,
        "year": t.year,
        "budget": t.budget,
        "executed": t.executed,
        "rate": t.rate,
        "entered_total": t.entered_total,
        "recomputed_total": t.recomputed_total,
        "unverified_points": t.unverified_points,
        "grade": t.grade,
        "errors": t.count(Severity.ERROR),
        "warnings": t.count(Severity.WARNING),
        "notices": t.count(Severity.NOTICE),
    }


def report_data(results, profile, code: int) -> dict:
    from ..findings import Severity
    from ..writers.findings_json import department_data, finding_data

    files = []
    for r in results:
        files.append({
            "file": r.file,
            "status": r.status,
            "message": r.message,
            "format": r.format,
            "tables": [table_data(t) for t in r.tables],
            "departments": [department_data(d) for d in r.departments],
            "findings": [finding_data(f) for f in r.findings],
        })
    all_f = [f for r in results for f in r.findings]
    return {
        "profile": profile.name,
        "profile_source": profile.source,
        "exit_code": code,
        "summary": {
            "files": sum(1 for r in results if r.status != "skipped"),
            "tables": sum(len(r.tables) for r in results),
            "department_tables": sum(len(r.departments) for r in results),
            "errors": sum(1 for f in all_f if f.severity == Severity.ERROR),
            "warnings": sum(1 for f in all_f if f.severity == Severity.WARNING),
            "notices": sum(1 for f in all_f if f.severity == Severity.NOTICE),
            "unreadable": sum(1 for r in results if r.status == "unreadable"),
            "no_table": sum(1 for r in results if r.status == "no_table"),
            "skipped": sum(1 for r in results if r.status == "skipped"),
        },
        "files": files,
    }
