"""One file through the audit: read → rules → a FileResult. Never raises.

    audit_file(path, rel, profile, select=None, ignore=None) -> (Workbook | None, FileResult)

An unreadable file (UnreadableFile) or any unexpected exception becomes status
"unreadable" with a Chinese message, never a traceback; a workbook with neither a project
table nor a department-wide table is "no_table"; otherwise "ok". Every finding gets the
file's relative path.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .findings import FileResult, Finding
from .model import Workbook
from .profile import Profile

INTERNAL_READ = "读取时发生内部错误（{name}），请将此文件反馈给 evalxl 开发者"
INTERNAL_CHECK = "审核时发生内部错误（{name}），请将此文件反馈给 evalxl 开发者"
NO_TABLE = "未找到项目支出绩效自评表（按表头「三级指标、年度指标值、实际完成值、分值、得分」查找），也未找到部门整体绩效自评表或评分表"


@lru_cache(maxsize=8)
def _limits(settings: tuple):
    """The read limits of a profile's [limits] items, made once per run, not once per file
    (Limits is frozen, so one serves every file)."""
    from .package import Limits

    return Limits.from_settings(dict(settings))


def audit_file(
    path: str | Path,
    rel: str,
    profile: Profile,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    rules: list | None = None,
    waivers=None,
) -> tuple[Workbook | None, FileResult]:
    """``waivers`` (config.Waivers): findings an evalxl.toml accepts move to ``waived``."""
    try:
        from .reader import UnreadableFile, read_workbook
    except Exception as exc:  # the reader itself cannot load: say so per file, not as a traceback
        return None, FileResult(rel, "unreadable", INTERNAL_READ.format(name=type(exc).__name__))
    try:
        wb = read_workbook(path, _limits(tuple(profile.limits.items())))
    except UnreadableFile as exc:
        return None, FileResult(rel, "unreadable", exc.message)
    except Exception as exc:  # a reader bug must not end the run with a traceback
        return None, FileResult(rel, "unreadable", INTERNAL_READ.format(name=type(exc).__name__))
    try:
        from .rules import check_departments, check_workbook, select_rules

        if rules is None:
            rules = select_rules(select, ignore, profile)
        tables, wb_findings = check_workbook(wb, profile, rules=rules)
        departments = check_departments(wb, profile, rules=rules)
        for f in list(wb_findings):  # a workbook rule's finding about one table goes with it (R001, R002)
            if f.table_index is not None and 0 <= f.table_index < len(tables):
                tables[f.table_index].findings.append(f)
                wb_findings.remove(f)
            elif f.department is not None and 0 <= f.department < len(departments):
                departments[f.department].findings.append(f)
                wb_findings.remove(f)
    except Exception as exc:
        return wb, FileResult(rel, "unreadable", INTERNAL_CHECK.format(name=type(exc).__name__), format=wb.format)
    findings: list[Finding] = []
    for t in tables:
        findings.extend(t.findings)
    for d in departments:
        findings.extend(d.findings)
    findings.extend(wb_findings)
    for f in findings:
        f.file = rel
    findings.sort(key=lambda f: f.sort_key())
    statements, narrative = [], ""
    if wb.format == "docx":
        try:
            from .rules.narrative import untied
            from .wordplace import localise

            localise(findings, wb)
            statements, narrative = untied(wb.statements, tables), "\n".join(wb.narrative)
        except Exception as exc:
            return wb, FileResult(rel, "unreadable", INTERNAL_CHECK.format(name=type(exc).__name__), format=wb.format)
    audited = bool(tables or departments or wb.statements)  # a report's text is audited too (R001)
    result = FileResult(
        file=rel,
        status="ok" if audited else "no_table",
        message="" if audited else NO_TABLE,
        format=wb.format,
        tables=tables,
        findings=findings,
        departments=departments,
        statements=statements,
        narrative=narrative,
    )
    if waivers is not None:
        waivers.apply(result)
    return wb, result
