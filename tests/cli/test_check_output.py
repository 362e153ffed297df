"""Issue 13 point 5: check's output: --quiet, --statistics (per rule code, as ruff),
--severity (that level and above), lines that fit the terminal's width."""

from __future__ import annotations

import json

import pytest
from clirun import evalxl
from seedbooks import right_workbook, wrong_workbook

from evalxl.console import display_width


@pytest.fixture
def box(tmp_path):
    b = tmp_path / "box"
    b.mkdir()
    right_workbook(b / "a.xlsx")
    wrong_workbook(b / "b.xlsx")  # 医保信息化建设: F003, W001, I001 ×2, T001; C005, C004; C003
    return b


def test_statistics_counts_per_rule(box):
    r = evalxl("check", "--statistics", box)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    # b.xlsx's table 2 is a.xlsx's 行政运行经费 again: B001 once. Most frequent first, then by code.
    assert lines[:4] == ["    2  I001  错误  定量指标得分与重算不符", "    1  B001  警告  同一项目重复报送",
                         "    1  C003  提示  模板遗留的空指标行", "    1  C004  警告  得分低于分值却未说明原因"]
    assert "文件：" not in r.stdout and "填报：" not in r.stdout  # counts only
    assert lines[-1] == "合计：审核 2 个文件、3 张自评表；错误 5 项，警告 3 项，提示 1 项"


def test_severity_filter_shows_that_level_and_above(box):
    out = evalxl("check", "--severity", "error", box).stdout
    assert "错误 F003" in out and "警告 C005" not in out and "提示 C003" not in out
    out = evalxl("check", "--severity", "warning", box).stdout
    assert "错误 F003" in out and "警告 C005" in out and "提示 C003" not in out
    stats = evalxl("check", "--statistics", "--severity", "error", box).stdout
    assert "I001" in stats and "C004" not in stats and "B001" not in stats
    data = json.loads(evalxl("check", "--json", "--severity", "error", box).stdout)
    assert {f["severity"] for x in data["files"] for f in x["findings"]} == {"error"}


def test_quiet_lists_findings_only(box):
    r = evalxl("check", "-q", box)
    assert r.returncode == 1
    assert r.stderr == ""  # no progress
    assert "文件：a.xlsx" not in r.stdout  # a clean file is not shown
    assert "表 2「行政运行经费」（工作表「行政运行经费」）：未发现问题" not in r.stdout  # nor a clean table
    assert "错误 F003 F6" in r.stdout and r.stdout.rstrip().splitlines()[-1].startswith("合计：")


def test_lines_fit_the_terminal_width(box):
    r = evalxl("check", box, env={"COLUMNS": "60"})
    assert max(display_width(line) for line in r.stdout.splitlines()) <= 60
    assert "        填报：9.6；应为：9.9" in r.stdout  # continuation lines keep their indent
    wide = evalxl("check", box).stdout  # piped, no COLUMNS: lines kept whole
    assert "错误 I001 H15 得分填报 9.6，应为 9.9：实际完成值 97% 高于年度指标值 96%（成本指标越低越好），应得 96÷97×10 = 9.9" in wide


def test_each_file_is_printed_as_soon_as_it_is_done(box, monkeypatch, capsys):
    """The pool reports files in order; each file's block is on stdout before the next
    file is even finished (not all at the end)."""
    import typer

    import evalxl.batch as batch
    from evalxl.commands.check import check

    seen_before_second: list[str] = []

    def pool(fn, tasks, jobs, timeout, finished, render=None, whole=None):
        for i, (entry, args) in enumerate(tasks):
            if i == 1:
                seen_before_second.append(capsys.readouterr().out)
            finished(entry, fn(*args))

    monkeypatch.setattr(batch, "in_pool", pool)
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(typer.Exit):
        check([box], False, False, False, "notice", None, None, None, None, 1, None)
    first = seen_before_second[0]
    assert first.startswith("文件：a.xlsx\n  表 1「行政运行经费」") and "文件：b.xlsx" not in first
    assert "文件：b.xlsx" in capsys.readouterr().out
