"""Helpers of the web tests (their fixtures are in conftest.py): the server in this process on a free loopback port (its job
folders under a temp folder the tests can look into), a headless system Chromium driven
by Selenium (one per module), HTTP sessions of their own, and the hostile files of
tests/fixtures/build_hostile.py."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from evalxl.web.app import ServeSettings
from evalxl.web.profiles import available
from evalxl.web.server import Background

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
CHROMEDRIVER = "/usr/bin/chromedriver"


def hostile():
    spec = importlib.util.spec_from_file_location("build_hostile", ROOT / "tests" / "fixtures" / "build_hostile.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_hostile"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def seven_samples(dest: Path) -> Path:
    """A folder with the 7 seed samples (samples/*, not samples/real/)."""
    folder = dest / "样例"
    folder.mkdir(parents=True, exist_ok=True)
    for p in sorted(SAMPLES.iterdir()):
        if p.is_file():
            shutil.copyfile(p, folder / p.name)
    assert len(list(folder.iterdir())) == 7
    return folder


def start(tmp: Path, **kw):
    """A server whose job folders are under ``tmp/jobs``."""
    kw.setdefault("jobs", 2)
    settings = ServeSettings(port=0, profiles=kw.pop("profiles", None) or available(), workdir=tmp / "jobs", **kw)
    return Background(settings)


def chromium():
    """A headless Chromium; skipped locally when missing, a failure in CI (CI=true)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    missing = [name for name, ok in (("chromium", binary), ("chromium-driver", os.path.exists(CHROMEDRIVER))) if not ok]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("selenium")
    if missing:
        message = f"browser tests need {', '.join(missing)} (Debian: chromium chromium-driver; pip: selenium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--lang=zh-CN", "--disable-gpu"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class Client:
    """An HTTP client with its own cookie jar: one browser session, without a browser."""

    def __init__(self, url: str, cookies: dict | None = None):
        self.url = url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.headers = {}
        if cookies:
            self.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.csrf = ""

    def open_page(self) -> str:
        page = self.get("")[1].decode("utf-8")
        self.csrf = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        return page

    def request(self, path: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.url + path.lstrip("/"), data=data, method=method,
                                     headers={**self.headers, **(headers or {})})
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def get(self, path: str):
        return self.request(path)

    def json(self, path: str):
        status, body = self.get(path)
        return status, json.loads(body)

    def upload(self, files: list[tuple[str, bytes]], profile: str = "national", csrf: str | None = None,
               origin: str | None = None):
        boundary = "evalxl-test-boundary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="profile"\r\n\r\n{profile}\r\n'.encode()]
        for name, data in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode("utf-8") + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}",
                   "X-CSRF-Token": self.csrf if csrf is None else csrf}
        if origin:
            headers["Origin"] = origin
        status, body = self.request("api/jobs", "POST", b"".join(parts), headers)
        return status, json.loads(body)

    def wait(self, job: str) -> dict:
        import time

        for _ in range(1200):
            status, data = self.json(f"api/jobs/{job}")
            assert status == 200, data
            if data["state"] in ("done", "failed"):
                return data
            time.sleep(0.05)
        raise AssertionError("job did not finish")
