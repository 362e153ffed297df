"""`check`'s text: one block per file (file → table, the sheet named once in the table's
head, then its findings), wrapped to the terminal's width; a statistics table per rule
code; the closing total. Reads only the report (FileResult / Finding)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from . import console
from .findings import DepartmentResult, FileResult, Finding, Severity, format_number

SEVERITY_NAMES = {"error": Severity.ERROR, "warning": Severity.WARNING, "notice": Severity.NOTICE,
                  "错误": Severity.ERROR, "警告": Severity.WARNING, "提示": Severity.NOTICE}


@dataclass
class View:
    width: int = 100
    min_severity: Severity = Severity.NOTICE  # show this level and above
    quiet: bool = False  # findings only: no heads of clean tables, no clean files

    def shown(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if f.severity.rank <= self.min_severity.rank]


def _value(x, text: str | None = None) -> str:
    if text:
        return text
    return format_number(x) if x is not None else ""


def counts_text(findings: Sequence[Finding]) -> str:
    c = Counter(f.severity for f in findings)
    parts = [f"{s.label} {c[s]} 项" for s in (Severity.ERROR, Severity.WARNING, Severity.NOTICE) if c[s]]
    return "，".join(parts) if parts else "未发现问题"


def finding_lines(f: Finding, indent: str, view: View, sheet: str | None = None) -> list[str]:
    """One finding: level, code and message (the cell opens the message); the sheet only
    where it is not the table's; then what was entered and what is due."""
    where = f"（工作表「{f.sheet}」）" if f.sheet and f.sheet != sheet else ""
    if where and getattr(f, "place", None) is not None:  # a Word document: its table (附件2 表格) or 正文
        where = f"（{f.sheet}）"
    head = f"{indent}{f.severity.label} {f.code} {where}{f.message}"
    lines = console.wrap(head, view.width, "", indent + "    ")
    entered = _value(f.entered, f.extra.get("entered_text"))
    expected = _value(f.expected, f.extra.get("expected_text"))
    parts = ([f"填报：{entered}"] if entered else []) + ([f"应为：{expected}"] if expected else [])
    if parts:
        lines += console.wrap("；".join(parts), view.width, indent + "    ")
    return lines


def _where(sheet: str, word: bool) -> str:
    return sheet if word else f"工作表「{sheet}」"  # a Word table is named as such


def _table_head(t, word: bool = False) -> str:
    totals = []
    if t.entered_total is not None:
        totals.append(f"填报总分 {format_number(t.entered_total)}")
    if t.recomputed_total is not None:
        totals.append(f"重算总分 {format_number(t.recomputed_total)}")
    if t.grade:
        totals.append(f"等级 {t.grade}")
    head = f"  表 {t.index + 1}「{t.name or '未填项目名称'}」（{_where(t.sheet, word)}）：{counts_text(t.findings)}"
    return head + ("。" + "，".join(totals) if totals else "")


def _department_head(d: DepartmentResult, word: bool = False) -> str:
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
    head = f"  部门整体 {d.index + 1}「{d.unit or '未填单位名称'}」{d.kind_name}（{_where(d.sheet, word)}）：{counts_text(d.findings)}"
    return head + ("。" + "，".join(parts) if parts else "")


def file_block(r: FileResult, view: View, findings: bool = True) -> list[str]:
    """A file's lines; with ``findings`` False only the heads (for --statistics)."""
    if r.status == "skipped":
        return [] if view.quiet else console.wrap(f"跳过：{r.file}（{r.message}）", view.width, "", "  ")
    lines = [f"文件：{r.file}"]
    if r.status == "unreadable":
        return lines + console.wrap(f"无法读取：{r.message}", view.width, "  ", "    ") + [""]
    if r.status == "no_table":
        lines += console.wrap(r.message, view.width, "  ", "  ")
    word = r.format == "docx"
    blocks = [(_table_head(t, word), t.sheet, t.findings) for t in r.tables]
    blocks += [(_department_head(d, word), d.sheet, d.findings) for d in r.departments]
    loose = [f for f in r.findings if f.table_index is None and f.department is None]
    if loose:
        blocks.append(("  文档：" if word else "  工作簿：", None, loose))
    body = []
    for head, sheet, items in blocks:
        shown = view.shown(items) if findings else []
        if view.quiet and not shown:
            continue
        body += console.wrap(head, view.width, "", "    ")
        for f in shown:
            body += finding_lines(f, "    ", view, sheet)
    if r.waived:
        body += console.wrap("已确认（evalxl.toml，不计入）：" + "、".join(f"{f.code}{' ' + f.cell if f.cell else ''}" for f in r.waived),
                             view.width, "  ", "    ")
    if view.quiet and not body and r.status == "ok":
        return []
    return lines + body + [""]


def statistics(results: Sequence[FileResult], view: View) -> list[str]:
    """Findings counted per rule code, most frequent first (as ruff --statistics)."""
    from .rules import get_rule

    found = Counter(f.code for r in results for f in view.shown(r.findings))
    if not found:
        return ["未发现问题"]
    lines = []
    for code, n in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = get_rule(code)
        title = rule.title() if rule else ""
        level = rule.severity.label if rule else ""
        lines += console.wrap(f"{n:>5}  {code}  {level}  {title}", view.width, "", " " * 14)
    return lines


def total_line(results: Sequence[FileResult]) -> str:
    audited = [r for r in results if r.status != "skipped"]
    all_f = [f for r in results for f in r.findings]
    c = Counter(f.severity for f in all_f)
    tables = sum(len(r.tables) for r in results)
    departments = sum(len(r.departments) for r in results)
    dep = f"、{departments} 张部门整体表" if departments else ""
    line = (f"合计：审核 {len(audited)} 个文件、{tables} 张自评表{dep}；错误 {c[Severity.ERROR]} 项，"
            f"警告 {c[Severity.WARNING]} 项，提示 {c[Severity.NOTICE]} 项")
    waived = sum(len(r.waived) for r in results)
    if waived:
        line += f"；已确认 {waived} 项（不计入）"
    extra = []
    for status, word in (("unreadable", "无法读取"), ("no_table", "未找到自评表"), ("skipped", "跳过")):
        k = sum(1 for r in results if r.status == status)
        if k:
            extra.append(f"{word} {k} 个文件")
    return line + ("；" + "，".join(extra) if extra else "")
