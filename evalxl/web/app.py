"""The web page's server: Starlette routes over the job store; no audit logic here.

    create_app(ServeSettings) -> ASGI app

GET  /                               the page (sets the session cookie, carries the CSRF token)
GET  /api/profiles                   the profiles to choose from
POST /api/jobs                       upload files / a folder / a .zip; starts a job
GET  /api/jobs                       this browser's jobs
GET  /api/jobs/{id}                  a job's progress and, when done, its results
DELETE /api/jobs/{id}                清除
GET  /api/jobs/{id}/grid             a table drawn as a grid (file, kind, index)
GET  /api/jobs/{id}/download/{what}  summary | findings | corrected (file=) | corrected-all
GET  /rules/{code}                   a rule's documentation
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import batch
from ..profile import Profile
from . import guard, view
from .jobs import JobStore
from .uploads import UploadTooLarge

STATIC = Path(__file__).with_name("static")
MAX_SESSIONS = 10_000


@dataclass
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None  # required when host is not loopback
    profiles: dict[str, Profile] = field(default_factory=dict)  # id -> profile, first is the default
    jobs: int = 1
    keep_seconds: float = 3600.0
    workdir: Path | None = None  # where job folders go (a fresh temp folder by default)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Web:
    def __init__(self, settings: ServeSettings):
        self.settings = settings
        self.default = next(iter(settings.profiles.values()))
        base = settings.workdir or Path(tempfile.mkdtemp(prefix="evalxl-web-"))
        self.store = JobStore(base, settings.jobs, settings.keep_seconds)
        self.sessions: dict[str, None] = {}  # issued session ids, oldest first
        self.guard: guard.Guard | None = None
        self.page = (STATIC / "index.html").read_text("utf-8")

    # -- sessions -------------------------------------------------------------------------

    def session(self, request: Request) -> str:
        value = request.cookies.get(guard.SESSION_COOKIE, "")
        return value if value in self.sessions else ""

    def job(self, request: Request):
        session = self.session(request)
        return self.store.get(request.path_params["job"], session) if session else None

    # -- pages ----------------------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        session = self.session(request)
        fresh = not session
        if fresh:
            session = guard.new_session()
            self.sessions[session] = None
            if len(self.sessions) > MAX_SESSIONS:  # bounded: the oldest browser must reload
                del self.sessions[next(iter(self.sessions))]
        page = self.page.replace("{{csrf}}", self.guard.csrf(session))
        response = HTMLResponse(page, headers={"Cache-Control": "no-store"})
        if fresh:
            response.headers.append("set-cookie", guard.cookie_header(guard.SESSION_COOKIE, session))
        return response

    async def rule_page(self, request: Request) -> Response:
        from ..rules import FAMILIES, get_rule

        r = get_rule(request.path_params["code"])
        if r is None:
            return HTMLResponse(view.page("没有这条规则", "<p>没有这个代码的审核规则。</p>"), status_code=404)
        body = (f"<p class=meta>{html.escape(r.severity.label)}　{html.escape(FAMILIES[r.code[0]])}　{html.escape(r.name)}</p>"
                f"<h2>{html.escape(r.title())}</h2><pre>{html.escape(r.body())}</pre>")
        return HTMLResponse(view.page(f"{r.code} 规则说明", body))

    async def profiles(self, request: Request) -> Response:
        return JSONResponse([{"id": k, "title": p.title or p.name} for k, p in self.settings.profiles.items()])

    # -- jobs -----------------------------------------------------------------------------

    async def create(self, request: Request) -> Response:
        session = self.session(request)
        if not self.guard.may_change(request, session):
            return _error(403, "页面已过期或请求来源不明，请刷新页面后重试")
        try:
            form = await request.form(max_files=self._max_files() + 10, max_fields=50)
        except guard.BodyTooLarge:
            return _error(413, f"上传的文件合计超过 {self._max_mb()} MB，请分批审核")
        except Exception:  # a malformed form, or too many parts
            return _error(400, "上传的内容无法识别，或文件数超出上限，请重新选择文件")
        profile = self.settings.profiles.get(str(form.get("profile") or ""), self.default)
        uploads = [u for u in form.getlist("files") if hasattr(u, "read")]
        if not uploads:
            return _error(400, "没有收到文件，请选择自评表、文件夹或压缩包")
        job, inbox = self.store.new(session, profile)
        try:
            await run_in_threadpool(_save_all, inbox, uploads)
        except UploadTooLarge as exc:
            self.store.delete(job)
            return _error(413, str(exc))
        except OSError:  # a full disk, a name the file system refuses: nothing half-kept
            self.store.delete(job)
            return _error(500, "上传的文件未能保存（磁盘空间不足或文件名无法使用），请重试或分批审核")
        finally:
            await form.close()
        self.store.start(job, inbox)
        return JSONResponse({"id": job.id})

    async def list_jobs(self, request: Request) -> Response:
        self.store.sweep()
        session = self.session(request)
        jobs = self.store.of_session(session) if session else []
        return JSONResponse([view.brief(j) for j in jobs])

    async def show(self, request: Request) -> Response:
        job = self.job(request)
        if job is None:
            return _error(404, "没有这项审核（可能已清除或已过期）")
        return JSONResponse(view.job_data(job))

    async def delete(self, request: Request) -> Response:
        if not self.guard.may_change(request, self.session(request)):
            return _error(403, "页面已过期或请求来源不明，请刷新页面后重试")
        job = self.job(request)
        if job is None:
            return _error(404, "没有这项审核（可能已清除或已过期）")
        await run_in_threadpool(self.store.delete, job)
        return JSONResponse({"deleted": job.id})

    async def grid(self, request: Request) -> Response:
        job = self.job(request)
        q = request.query_params
        result = job.file(q.get("file", "")) if job else None
        if result is None or result.status != "ok":
            return _error(404, "没有这张表")
        from ..package import Limits
        from .grid import table_grid

        try:
            data = await run_in_threadpool(table_grid, job.inbox / result.file, result.format, q.get("kind", "table"),
                                           int(q.get("index", "0")), Limits.from_settings(job.profile.limits))
        except Exception:  # a grid that cannot be drawn: say so, the findings stand
            return _error(404, "这张表无法以表格形式显示，请查看问题清单")
        return JSONResponse(data)

    async def download(self, request: Request) -> Response:
        job = self.job(request)
        if job is None or job.report is None:
            return _error(404, "没有这项审核的结果（可能已清除或已过期）")
        what = request.path_params["what"]
        if what == "summary":
            return FileResponse(job.out / batch.SUMMARY_NAME, filename=batch.SUMMARY_NAME)
        if what == "findings":
            return FileResponse(job.out / batch.FINDINGS_NAME, filename=batch.FINDINGS_NAME)
        if what == "corrected-all":
            path = await run_in_threadpool(job.corrected_zip)
            return FileResponse(path, filename=path.name)
        if what == "corrected":
            result = job.file(request.query_params.get("file", ""))
            if result is not None and result.corrected:  # only paths the run wrote, never one sent
                return FileResponse(job.out / result.corrected, filename=Path(result.corrected).name)
        return _error(404, "没有这个文件")

    def _max_files(self) -> int:
        return int(self.default.limits.get("max_upload_files", 2000))

    def _max_mb(self) -> int:
        return int(self.default.limits.get("max_upload_mb", 200))


def _save_all(inbox, uploads) -> None:
    for upload in uploads:
        name = upload.filename or "未命名"
        saved = inbox.add(name, upload.file)
        if saved is not None and saved.suffix.lower() == ".zip":
            inbox.unpack(saved, name)


async def _not_found(request: Request, exc) -> Response:
    return _error(404, "没有这个页面")


async def _internal(request: Request, exc) -> Response:
    return _error(500, "服务器内部错误，请刷新页面后重试；如仍出错，请联系 evalxl 开发者")


def create_app(settings: ServeSettings):
    web = Web(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        sweeper = asyncio.create_task(_sweep_every(web.store, 60))
        try:
            yield
        finally:
            sweeper.cancel()
            web.store.close()

    app = Starlette(routes=[
        Route("/", web.index),
        Route("/rules/{code}", web.rule_page),
        Route("/api/profiles", web.profiles),
        Route("/api/jobs", web.create, methods=["POST"]),
        Route("/api/jobs", web.list_jobs),
        Route("/api/jobs/{job}", web.show),
        Route("/api/jobs/{job}", web.delete, methods=["DELETE"]),
        Route("/api/jobs/{job}/grid", web.grid),
        Route("/api/jobs/{job}/download/{what}", web.download),
        Mount("/static", StaticFiles(directory=STATIC)),
    ], exception_handlers={404: _not_found, 500: _internal}, lifespan=lifespan)
    max_body = int(web._max_mb() * 2**20) + 2**20  # the form's own bytes on top
    web.guard = guard.Guard(app, token=settings.token, loopback=guard.is_loopback(settings.host),
                            max_body=max_body, secret=secrets.token_bytes(32))
    web.guard.web = web
    return web.guard


async def _sweep_every(store: JobStore, seconds: float) -> None:
    while True:
        await asyncio.sleep(seconds)
        await run_in_threadpool(store.sweep)
