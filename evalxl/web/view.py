"""A job as the page shows it: JSON-ready data built from the batch's own results (the
findings through the same serialiser as findings.json), and the plain rule page."""

from __future__ import annotations

import html

from ..findings import FileResult, Severity
from ..writers.findings_json import _plain, department_data, finding_data
from .jobs import Job

STATUS = {"ok": "已审核", "no_table": "无自评表", "unreadable": "无法读取", "skipped": "已跳过"}
STATE = {"uploading": "上传中", "queued": "排队中", "running": "审核中", "done": "已完成", "failed": "未完成"}


def brief(job: Job) -> dict:
    return {"id": job.id, "created": job.created, "state": job.state, "state_text": STATE[job.state],
            "files": len(job.names)}


def _table(t) -> dict:
    diff = None
    if t.entered_total is not None and t.recomputed_total is not None:
        diff = round(t.entered_total - t.recomputed_total, 4)
    return {"index": t.index, "sheet": t.sheet, "name": t.name, "unit": t.unit, "department": t.department,
            "entered_total": _plain(t.entered_total), "recomputed_total": _plain(t.recomputed_total),
            "difference": _plain(diff), "grade": t.grade,
            "errors": t.count(Severity.ERROR), "warnings": t.count(Severity.WARNING)}


def _file(f: FileResult) -> dict:
    return {
        "file": f.file, "status": f.status, "status_text": STATUS.get(f.status, f.status), "message": f.message,
        "format": f.format, "corrected": f.corrected,
        "errors": f.count(Severity.ERROR), "warnings": f.count(Severity.WARNING),
        "tables": [_table(t) for t in f.tables],
        "departments": [department_data(d) for d in f.departments],
        "findings": [finding_data(x) for x in f.findings],
    }


def job_data(job: Job) -> dict:
    data = brief(job)
    data["message"] = job.message
    data["profile"] = job.profile.title or job.profile.name
    data["refused"] = [{"name": r.name, "reason": r.reason} for r in job.refused]
    if job.report is None:
        # live: every uploaded file, with its result as soon as the pool returns it
        running = job.state == "running"
        data["files"] = [
            {"file": n, "status": job.live[n].status, "status_text": STATUS.get(job.live[n].status, ""),
             "message": job.live[n].message} if n in job.live else
            {"file": n, "status": "pending", "status_text": "审核中" if running else "排队中", "message": ""}
            for n in job.names
        ]
        data["done"] = sum(1 for n in job.names if n in job.live)
        data["total"] = len(job.names)
        return data
    files = job.report.files
    n_files, tables, errors, warnings = job.report.counts()
    data["done"] = data["total"] = n_files
    data["counts"] = {"files": n_files, "tables": tables, "departments": job.report.department_tables(),
                      "errors": errors, "warnings": warnings,
                      "unreadable": sum(1 for f in files if f.status == "unreadable"),
                      "skipped": sum(1 for f in files if f.status == "skipped")}
    data["files"] = [_file(f) for f in files]
    return data


def page(title: str, body: str) -> str:
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<link rel="stylesheet" href="/static/style.css"></head><body class="doc"><h1>{html.escape(title)}</h1>{body}</body></html>"""
