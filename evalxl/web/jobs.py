"""Jobs: one upload, its own temporary folder, one run of the batch.

Each job lives in ``<base>/<id>/`` (``inbox/`` what was uploaded, ``out/`` what `evalxl
run` writes there). The id is 32 random bytes: it is the only way to a job, and a job
answers only the browser session that made it. Jobs run one at a time in a background
thread through ``batch.run`` (its process pool, its time limit, its writers); the page
polls their state. Finished jobs are deleted after ``keep_seconds`` and on 清除.
"""

from __future__ import annotations

import secrets
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import batch
from ..findings import FileResult
from ..profile import Profile
from .guard import same
from .uploads import Inbox, Refused, remove

ALL_CORRECTED = "更正件.zip"


class Cancelled(Exception):
    """Raised from the batch's result callback when a running job is cleared or the
    server stops: the batch ends as on Ctrl-C (pending files cancelled, workers ended)."""


@dataclass
class Job:
    id: str
    session: str
    folder: Path
    profile: Profile
    created: float = field(default_factory=time.time)
    state: str = "uploading"  # uploading | queued | running | done | failed
    cleared: bool = False
    message: str = ""  # Chinese, when failed
    names: list[str] = field(default_factory=list)  # inbox-relative paths, in upload order
    refused: list[Refused] = field(default_factory=list)
    live: dict[str, FileResult] = field(default_factory=dict)  # rel -> result, as they come
    report: batch.RunResult | None = None
    finished: float | None = None

    @property
    def inbox(self) -> Path:
        return self.folder / "inbox"

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def file(self, rel: str) -> FileResult | None:
        if self.report is None:
            return None
        return next((f for f in self.report.files if f.file == rel), None)

    def corrected_zip(self) -> Path:
        """Every corrected copy in one .zip, under the inbox's relative paths (made once)."""
        target = self.folder / ALL_CORRECTED
        if not target.exists():
            tmp = target.with_suffix(".tmp")
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                for f in self.report.files if self.report else []:
                    if f.corrected:
                        zf.write(self.out / f.corrected, f.corrected.split("/", 1)[1])
            tmp.replace(target)
        return target


class JobStore:
    def __init__(self, base: Path, jobs: int, keep_seconds: float):
        self.base = base
        self.jobs = jobs
        self.keep_seconds = keep_seconds
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        # One job at a time: each already uses every core through the batch's process pool.
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evalxl-job")
        self.closing = False

    def new(self, session: str, profile: Profile) -> tuple[Job, Inbox]:
        self.sweep()
        job_id = secrets.token_urlsafe(32)
        folder = self.base / job_id
        (folder / "inbox").mkdir(parents=True)
        job = Job(job_id, session, folder, profile)
        with self._lock:
            self._jobs[job_id] = job
        limits = profile.limits
        from ..package import Limits

        inbox = Inbox(job.inbox, int(limits.get("max_upload_mb", 200) * 2**20),
                      int(limits.get("max_upload_files", 2000)), Limits.from_settings(limits))
        return job, inbox

    def start(self, job: Job, inbox: Inbox) -> None:
        job.refused = inbox.refused
        from ..inbox import is_hidden, is_lock_file

        names = (p.relative_to(job.inbox).as_posix() for p in job.inbox.rglob("*") if p.is_file())
        # what discover() passes over silently (hidden files and folders) is not listed either
        job.names = sorted(n for n in names if not any(is_hidden(part) and not is_lock_file(part) for part in n.split("/")))
        job.state = "queued"
        self._runner.submit(self._run, job)

    def _run(self, job: Job) -> None:
        if job.cleared:
            return
        job.state = "running"
        settings = batch.RunSettings(
            inbox=job.inbox, out=job.out, profile=job.profile, jobs=self.jobs,
            timeout=job.profile.limits.get("file_timeout_seconds", 60.0),
        )
        def live(result: FileResult) -> None:
            if job.cleared or self.closing:
                raise Cancelled
            job.live[result.file] = result

        try:
            job.report = batch.run(settings, on_result=live)
            state = "done"
            if job.report.output_errors:  # a full disk, a folder that went: said, not hidden
                state = "failed"
                job.message = "审核结果未能全部写出：" + "；".join(m for _, m in job.report.output_errors[:3])
        except Cancelled:
            state = "failed"
            job.message = "审核已取消"
        except Exception as exc:  # the page shows a sentence, never a traceback
            state = "failed"
            job.message = f"审核未能完成（{type(exc).__name__}），请重试；如仍失败，请将文件反馈给 evalxl 开发者"
        job.finished = time.time()
        job.state = state  # last: whoever sees "done" sees the report and the finish time
        if job.cleared:  # 清除 pressed while it ran
            remove(job.folder)

    def get(self, job_id: str, session: str) -> Job | None:
        job = self._jobs.get(job_id)
        if job is None or not same(job.session, session):
            return None
        return job

    def of_session(self, session: str) -> list[Job]:
        return sorted((j for j in list(self._jobs.values())
                       if j.state != "uploading" and same(j.session, session)),
                      key=lambda j: j.created)

    def delete(self, job: Job) -> None:
        """清除: forget the job and delete its folder (a running job's when it ends)."""
        with self._lock:
            self._jobs.pop(job.id, None)
            job.cleared = True
            if job.state not in ("queued", "running"):
                remove(job.folder)

    def sweep(self) -> None:
        """Delete the jobs finished more than keep_seconds ago."""
        now = time.time()
        for job in list(self._jobs.values()):
            if job.finished is not None and now - job.finished > self.keep_seconds:
                self.delete(job)

    def close(self) -> None:
        """On stop: drop the queued jobs, end the running one at its next file (its files
        would otherwise be written again after the folder went), then delete every folder."""
        self.closing = True
        self._runner.shutdown(wait=True, cancel_futures=True)
        remove(self.base)
