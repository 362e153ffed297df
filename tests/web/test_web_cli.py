"""`evalxl serve` from the command line, and `run` / `check` staying free of the web stack."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from webtools import ROOT, SAMPLES, Client

WEB_MODULES = ("starlette", "uvicorn", "multipart", "python_multipart", "anyio", "evalxl.web")


def _imported(args: list[str], tmp_path) -> set[str]:
    """Top-level modules a command imports, from python -X importtime."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "evalxl.cli", *args], cwd=ROOT,
                          capture_output=True, timeout=300, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")[-2000:]
    lines = [ln.split("|")[-1] for ln in done.stderr.decode("utf-8", "replace").splitlines() if ln.startswith("import time:")]
    return {ln.strip() for ln in lines}


def test_run_and_check_import_nothing_of_the_web(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.xlsx").write_bytes((SAMPLES / "病历评审费用项目.xlsx").read_bytes())
    for args in (["check", str(inbox)], ["run", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1"]):
        names = _imported(args, tmp_path)
        assert "evalxl.batch" in names or "evalxl.commands.check" in names  # the measure works
        assert not {n for n in names if n.split(".")[0] in WEB_MODULES or n.startswith("evalxl.web")}, args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_prints_its_address_answers_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "evalxl.cli", "serve", "--no-browser", "--port", str(port)],
                            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONIOENCODING": "gbk", "TMPDIR": str(tmp_path)})
    try:
        line = proc.stderr.readline().decode("gbk")
        assert f"http://127.0.0.1:{port}/" in line and "已启动" in line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    assert "绩效自评表审核" in resp.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not answer")
        client = Client(f"http://127.0.0.1:{port}/")
        client.open_page()
        assert client.upload([("a.xlsx", (SAMPLES / "病历评审费用项目.xlsx").read_bytes())])[0] == 200
        assert [p.name[:11] for p in tmp_path.iterdir()] == ["evalxl-web-"]  # the job's folder is there
        proc.send_signal(signal.SIGINT)  # while the job may still run
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    text = err.decode("gbk")
    assert "已停止" in text and "Traceback" not in text
    assert list(tmp_path.iterdir()) == []  # uploads and results deleted on stop


def test_serve_on_a_busy_port_is_a_chinese_usage_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "evalxl.cli", "serve", "--no-browser", "--port", str(port)],
                              cwd=ROOT, capture_output=True, timeout=60, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert done.returncode == 2
    err = done.stderr.decode("gbk")
    assert "端口" in err and "Traceback" not in err


def test_serve_opens_the_browser_on_its_address(tmp_path):
    # webbrowser honours $BROWSER: a stand-in that writes down the address it is given
    opener = tmp_path / "browser.py"
    seen = tmp_path / "seen.txt"
    opener.write_text(f"import sys, pathlib\npathlib.Path({str(seen)!r}).write_text(sys.argv[1])\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "DISPLAY": ":0", "BROWSER": f"{sys.executable} {opener} %s"}
    proc = subprocess.Popen([sys.executable, "-m", "evalxl.cli", "serve", "--port", str(port)], cwd=ROOT,
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        for _ in range(200):
            if seen.exists() and seen.read_text(encoding="utf-8"):
                break
            time.sleep(0.05)
        assert seen.read_text(encoding="utf-8") == f"http://127.0.0.1:{port}/"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
