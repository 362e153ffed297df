"""Who may talk to the server, and which requests may change anything.

- Bound to a loopback address, only a loopback Host header is answered (a web page
  elsewhere cannot reach the server through DNS rebinding).
- Bound to any other address, every request needs the access token: once as ``?token=``
  (it then lives in a cookie), or the answer is a Chinese refusal and nothing else.
- Every browser gets a random session cookie; jobs belong to it.
- A request that changes state (POST, DELETE) must carry the session's CSRF token in the
  X-CSRF-Token header and, when the browser sends an Origin, come from this server's own.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import parse_qsl, urlencode

SESSION_COOKIE = "evalxl_session"
ACCESS_COOKIE = "evalxl_access"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}

REFUSED = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>需要访问令牌</title>
<body style="font-family:sans-serif;margin:3em;line-height:1.7"><h1>需要访问令牌</h1>
<p>这台 evalxl 服务器对局域网开放，只接受带访问令牌的访问。请使用启动 evalxl 时显示的完整地址（含 <code>?token=…</code>），或向管理员索取。</p></body></html>"""
BAD_HOST = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>地址不正确</title>
<body style="font-family:sans-serif;margin:3em;line-height:1.7"><h1>地址不正确</h1>
<p>evalxl 只在本机地址上提供服务，请使用启动时显示的地址（http://127.0.0.1:端口/）。</p></body></html>"""


def same(given: str, secret: str) -> bool:
    """Constant-time comparison that any text may be given to (compare_digest refuses
    non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode("utf-8"))


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name part of a Host header: 127.0.0.1:8765 -> 127.0.0.1, [::1]:80 -> ::1."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """ASGI middleware: the host and token checks, and the upload body limit."""

    def __init__(self, app, *, token: str | None, loopback: bool, max_body: int, secret: bytes):
        self.app = app
        self.token = token
        self.loopback = loopback
        self.max_body = max_body
        self.secret = secret

    def csrf(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.loopback and not is_loopback(host_name(headers.get("host", ""))):
            return await _html(send, 403, BAD_HOST)
        if self.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            given = query.get("token")
            if given is not None and same(given, self.token):
                rest = urlencode({k: v for k, v in query.items() if k != "token"})
                path = scope.get("raw_path") or scope["path"].encode("utf-8")
                where = path.decode("latin-1") + (f"?{rest}" if rest else "")
                return await _redirect(send, where, f"{ACCESS_COOKIE}={self.token}")
            if not same(_cookie(headers, ACCESS_COOKIE), self.token):
                return await _html(send, 403, REFUSED)
        if scope["method"] == "POST":
            receive = _limited(receive, self.max_body)
        await self.app(scope, receive, _hardened(send))

    def may_change(self, request, session: str) -> bool:
        """The CSRF check for a state-changing request."""
        sent = request.headers.get(CSRF_HEADER, "")
        if not session or not same(sent, self.csrf(session)):
            return False
        origin = request.headers.get("origin")
        if origin is None:
            return True
        return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


# The page loads nothing from elsewhere and is never framed (clickjacking of 清除); the
# token in an address never leaves in a Referer.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def _hardened(send):
    async def sending(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
        await send(message)

    return sending


class BodyTooLarge(Exception):
    pass


def _limited(receive, limit: int):
    seen = 0

    async def counted():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise BodyTooLarge()
        return message

    return counted


def _cookie(headers: dict, name: str) -> str:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def new_session() -> str:
    return secrets.token_urlsafe(32)


def cookie_header(name: str, value: str) -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"


async def _html(send, status: int, body: str) -> None:
    data = body.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


async def _redirect(send, where: str, cookie: str) -> None:
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", where.encode("latin-1")),
        (b"set-cookie", f"{cookie}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")),
        (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
