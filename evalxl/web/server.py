"""Start the page's server: check the address, pick the token, print where to go, open
the browser, and stop cleanly on Ctrl-C."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser

from .. import console
from .app import ServeSettings, create_app
from .guard import is_loopback


class ServeError(Exception):
    """Cannot start; the message is Chinese."""


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ServeError(f"无法在 {host}:{port} 上启动（{exc.strerror or exc}）：端口可能已被占用，请用 --port 换一个端口") from exc


WILDCARDS = ("0.0.0.0", "::", "")


def _url(host: str, settings: ServeSettings) -> str:
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.port}/" + (f"?token={settings.token}" if settings.token else "")


def _lan_address() -> str | None:
    """This machine's address on the local network (a UDP connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return None


def addresses(settings: ServeSettings) -> tuple[str, str | None]:
    """(the address this machine's browser opens, the one colleagues use, if any)."""
    if settings.host in WILDCARDS:
        lan = _lan_address()
        return _url("127.0.0.1", settings), _url(lan, settings) if lan else None
    return _url(settings.host, settings), None


def serve(settings: ServeSettings, open_browser: bool = True) -> None:
    import uvicorn

    if not is_loopback(settings.host) and not settings.token:
        settings.token = secrets.token_urlsafe(18)
    _check_port(settings.host, settings.port)
    app = create_app(settings)
    url, lan = addresses(settings)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning",
                            access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    console.err(f"evalxl 审核页面已启动：{url}")
    if lan:
        console.err(f"局域网内其他电脑请访问：{lan}")
    if settings.token:
        console.err("该地址对局域网开放：访问时必须带上面地址中的访问令牌（token），请只告诉需要使用的同事。")
    console.err("关闭本窗口或按 Ctrl+C 即停止服务；停止后上传的文件和审核结果随之删除。")
    if open_browser and _has_display():
        threading.Thread(target=_open_when_ready, args=(server, url), daemon=True).start()
    elif open_browser:
        console.err("未检测到图形界面，请在浏览器中打开上面的地址。")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    console.err("evalxl 审核页面已停止。")


def _has_display() -> bool:
    """A graphical session to open a browser in (else webbrowser would start a text
    browser such as lynx in this very terminal)."""
    import os
    import sys

    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _open_when_ready(server, url: str) -> None:
    import time

    for _ in range(200):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)


class Background:
    """The server in a thread of this process, on a free loopback port (tests, benchmarks,
    screenshots): ``with Background(settings) as url: …``."""

    def __init__(self, settings: ServeSettings):
        self.settings = settings

    def __enter__(self) -> str:
        import asyncio

        import uvicorn

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((self.settings.host, self.settings.port))
        self.settings.port = sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.settings), log_level="warning", access_log=False))
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve(sockets=[sock])), daemon=True)
        self.thread.start()
        import time

        while not self.server.started:
            if not self.thread.is_alive():
                raise ServeError("测试服务器未能启动")
            time.sleep(0.02)
        self.sock = sock
        return f"http://{self.settings.host}:{self.settings.port}/"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
