"""Issue 13 points 1 and 5: every word of the command line in Chinese (help, placeholders,
usage errors, unknown commands), --version, and never a traceback: a crash gives one
Chinese line, the path of a log holding the details, and exit code 5."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from clirun import ROOT, evalxl

# English that typer/click print by default; none of it may reach a user
ENGLISH = re.compile(r"Usage|Options|Arguments|Commands|Show this|default:|required|Error|Missing|Invalid|"
                     r"No such|Try '|Did you mean|<path>|<int|<float|INTEGER|FLOAT|TEXT|PATH|OUTDIR|FILE\b|CODES|"
                     r"Got unexpected|requires an argument|Aborted")

COMMANDS = [[], ["run"], ["check"], ["inspect"], ["template"], ["rules"], ["rule"], ["profile"], ["profile", "export"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "evalxl")
def test_help_is_chinese(cmd):
    r = evalxl(*cmd, "-h")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("用法：evalxl"), r.stdout[:80]
    assert not ENGLISH.search(r.stdout), ENGLISH.search(r.stdout)
    assert "选项：" in r.stdout and "显示本帮助并退出" in r.stdout


def test_placeholders_are_chinese():
    text = evalxl("run", "-h").stdout
    assert "用法：evalxl run [选项] 收件文件夹" in text
    for words in ("--out 输出文件夹", "--profile 文件", "--jobs 进程数", "--timeout 秒", "--select 规则代码", "[必填]",
                  "[不小于 1]"):
        assert words in text, words
    assert "用法：evalxl check [选项] 路径…" in evalxl("check", "-h").stdout


def test_help_documents_exit_codes_and_strict():
    top = evalxl("-h").stdout
    assert "退出码（run）：0 全部输出已写出" in top and "4 有输出文件无法写出" in top and "5 内部错误" in top
    run = evalxl("run", "-h").stdout
    assert "--strict" in run and "1 发现错误（仅在加 --strict 时）" in run


@pytest.mark.parametrize(
    "args, said",
    [
        (["chek", "samples"], "错误：未知命令「chek」，是否要用 check？"),
        (["frobnicate"], "错误：未知命令「frobnicate」（可用的命令：run、check、inspect"),
        (["run", "samples"], "错误：缺少选项 --out / -o"),
        (["check", "--jobs", "abc", "samples"], "错误：--jobs / -j 的值无效：应为整数"),
        (["check", "--jobs", "0", "samples"], "错误：--jobs / -j 的值无效：应不小于 1"),
        (["template", "--year", "1990"], "错误：--year 的值无效：应不小于 2000"),
        (["check", "--jbos", "2", "samples"], "错误：没有选项 --jbos，是否要用 --jobs"),
        (["check", "--select"], "错误：选项 --select 后面缺少值"),
        (["rules", "多余"], "错误：多余的参数：多余"),
        (["check", "--severity", "严重", "samples"], "错误：--severity 应为 error、warning 或 notice"),
    ],
)
def test_usage_errors_are_chinese(args, said):
    r = evalxl(*args)
    assert r.returncode == 2, r.stderr
    assert said in r.stderr, r.stderr
    assert not ENGLISH.search(r.stderr), r.stderr
    assert "Traceback" not in r.stderr


def test_usage_error_shows_the_usage_line_and_where_help_is():
    r = evalxl("run", "samples")
    assert r.stderr.startswith("用法：evalxl run [选项] 收件文件夹\n运行「evalxl run -h」查看帮助。")


def test_no_arguments_shows_help_exit_2():
    r = evalxl("run")
    assert r.returncode == 2 and "用法：evalxl run" in r.stderr and not ENGLISH.search(r.stderr)


def test_version():
    from evalxl import __version__

    r = evalxl("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"evalxl {__version__}"


def test_a_crash_is_a_chinese_line_and_a_log_never_a_traceback(tmp_path):
    """An unexpected exception anywhere in a command: exit 5 (never 1, which means
    "errors found"), one Chinese line on stderr naming the log, the traceback in the log."""
    code = ("import sys, evalxl.rules as R\n"
            "def broken(): raise ZeroDivisionError('boom')\n"
            "R.all_rules = broken\n"
            "from evalxl.cli import main\n"
            "main(['rules'])\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                       env={"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8",
                            "PYTHONPATH": str(ROOT)}, timeout=60)
    assert r.returncode == 5, r.stderr
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    found = re.search(r"内部错误：evalxl 未能完成（ZeroDivisionError）。详细信息已记录在 (\S+\.log)，请将此文件反馈给 evalxl 开发者。",
                      r.stderr)
    assert found, r.stderr
    log = found.group(1)
    assert log.startswith(str(tmp_path))
    text = open(log, encoding="utf-8").read()
    assert "Traceback" in text and "ZeroDivisionError: boom" in text


def test_gbk_console_gets_the_help():
    r = evalxl("check", "-h", env={"PYTHONIOENCODING": "gbk"})
    assert r.returncode == 0 and "用法：evalxl check" in r.stdout


def test_help_fits_the_terminal_width():
    """Wrapped by display width (a CJK character is two columns), not by len()."""
    from evalxl.console import display_width

    r = evalxl("check", "-h", env={"COLUMNS": "60"})
    assert max(display_width(line) for line in r.stdout.splitlines()) <= 60
    assert max(display_width(line) for line in evalxl("check", "-h").stdout.splitlines()) <= 100
