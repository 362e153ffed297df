"""Issue 13 points 1 and 9: exit codes that mean what a script expects, the same code for
a missing path in every command, and run's last lines naming the files it could not read."""

from __future__ import annotations

import shutil

import pytest
from clirun import ROOT, evalxl
from seedbooks import right_workbook, wrong_workbook

from evalxl.batch import RunResult
from evalxl.findings import FileResult, Finding, Severity


@pytest.fixture
def inbox(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    wrong_workbook(box / "医保信息化建设.xlsx")  # 5 errors
    return box


def test_run_with_findings_exits_0_and_strict_exits_1(inbox, tmp_path):
    r = evalxl("run", inbox, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr  # findings are run's product
    assert "错误 5 项" in r.stderr
    r = evalxl("run", inbox, "--out", tmp_path / "out", "--fail-on-error")  # --strict's other name
    assert r.returncode == 1, r.stderr


def test_unreadable_files_exit_3_and_are_named_last(inbox, tmp_path):
    (inbox / "坏文件.xlsx").write_bytes(b"PK\x03\x04 not a zip at all")
    (inbox / "空.xls").write_bytes(b"")
    r = evalxl("run", inbox, "--out", tmp_path / "out", "--strict")
    assert r.returncode == 3, r.stderr  # 3 wins over --strict's 1
    lines = r.stderr.strip().splitlines()
    assert lines[-2] == "无法读取 2 个文件（原因见文件清单）：坏文件.xlsx、空.xls"
    assert lines[-1].startswith("输出：")
    assert (tmp_path / "out" / "自评汇总表.xlsx").exists()  # the rest still written


def test_exit_status_order():
    """4 (an output not written) wins over 3 (a file not read), which wins over 1 (errors,
    with --strict only)."""
    err = Finding("I001", Severity.ERROR, "x")
    ok = FileResult("a.xlsx", "ok", findings=[err])
    bad = FileResult("b.xlsx", "unreadable", "坏")
    assert RunResult(files=[ok]).exit_status() == 0
    assert RunResult(files=[ok]).exit_status(strict=True) == 1
    assert RunResult(files=[ok, bad]).exit_status(strict=True) == 3
    assert RunResult(files=[ok, bad], output_errors=[("自评汇总表.xlsx", "请先关闭 Excel 中打开的 自评汇总表.xlsx")]).exit_status() == 4
    assert RunResult(files=[ok]).exit_code == 0


def test_output_errors_are_printed_and_exit_4(tmp_path, monkeypatch, capsys):
    """run's command prints each output it could not write and ends with 4."""
    import typer

    from evalxl.commands import run as run_cmd
    from evalxl.profile import national

    def fake_run(settings, progress):
        report = RunResult(files=[FileResult("a.xlsx", "ok")])
        report.summary = tmp_path / "自评汇总表.xlsx"
        report.findings_json = tmp_path / "findings.json"
        report.output_errors = [(str(report.summary), "请先关闭 Excel 中打开的 自评汇总表.xlsx")]
        return report

    monkeypatch.setattr("evalxl.batch.run", fake_run)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(typer.Exit) as exc:
        run_cmd.run(tmp_path, tmp_path / "out", None, None, 1, 0, None, None, False)
    assert exc.value.exit_code == 4
    err = capsys.readouterr().err  # the output error (its message names the file), then the final lines
    assert err.startswith("错误：请先关闭 Excel 中打开的 自评汇总表.xlsx\n完成：1 个文件")
    assert national()  # the profile loads in this process too


@pytest.mark.parametrize("cmd", [["check"], ["inspect"], ["run", "--out", "OUT"]])
def test_missing_path_is_exit_2_in_every_command(cmd, tmp_path):
    args = [a if a != "OUT" else tmp_path / "out" for a in cmd]
    r = evalxl(*args, tmp_path / "不存在")
    assert r.returncode == 2, r.stderr
    assert "不存在" in r.stderr and "Traceback" not in r.stderr


def test_template_out_folder_is_created(tmp_path):
    r = evalxl("template", "--out", f"{tmp_path / '表格'}/", "--year", "2025")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "表格" / "项目支出绩效自评表.xlsx").is_file()
    r = evalxl("template", "--out", tmp_path / "新" / "下级" / "表.xlsx")
    assert r.returncode == 0 and (tmp_path / "新" / "下级" / "表.xlsx").is_file()


def test_inspect_takes_a_folder(tmp_path):
    box = tmp_path / "box"
    (box / "子").mkdir(parents=True)
    right_workbook(box / "子" / "a.xlsx")
    shutil.copy2(ROOT / "samples" / "病历评审费用项目.xlsx", box / "b.xlsx")
    (box / "说明.txt").write_text("x", encoding="utf-8")
    r = evalxl("inspect", box)
    assert r.returncode == 0, r.stderr
    assert "行政运行经费" in r.stdout and "病历评审费用项目" in r.stdout and "说明.txt" not in r.stdout


def test_funds_score_headed_self_score_is_read(tmp_path):
    """A correct table whose funds 得分 column is headed 自评得分 gets no false F007."""
    import openpyxl

    path = right_workbook(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws["I5"].value == "得分"
    ws["I5"] = "自评得分"
    wb.save(path)
    r = evalxl("check", path)
    assert r.returncode == 0, r.stdout
    assert "F007" not in r.stdout and "未发现问题" in r.stdout
