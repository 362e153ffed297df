"""`evalxl inspect`: what was read, in Chinese; clear messages and exit codes for files
that hold no table or cannot be read; never a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(*args, env=None):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "evalxl.cli", "inspect", *map(str, args)], capture_output=True, env=e)


def test_prints_each_table_in_chinese():
    p = run(SAMPLES / "明光市医疗保障局_2021年度项目自评表.xlsx")
    out = p.stdout.decode("utf-8")
    assert p.returncode == 0, p.stderr.decode()
    assert "表 1：行政运行经费" in out and "表 2：三医建设业务经费" in out
    assert "工作表「说明」：未找到项目支出绩效自评表" in out
    assert "得分 20（H13）" in out


def test_json_is_the_model():
    p = run("--json", SAMPLES / "区医保局_医保信息化建设项目自评表.xlsx")
    assert p.returncode == 0
    data = json.loads(p.stdout.decode("utf-8"))
    table = data[0]["workbook"]["tables"][0]
    assert table["funds"]["total"]["score"] == {
        "address": "F6", "raw": "100%", "value": {"type": "quantity", "number": 100, "unit": "%"},
        "formula": None, "cached": True, "number_format": "General",
    }
    assert table["indicators"][3]["score"]["raw"] == 9.6


def test_workbook_without_a_table_exits_1(tmp_path):
    import xlsxwriter

    path = tmp_path / "空白.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet("Sheet1").write("A1", "这里没有自评表")
    p = run(path)
    assert p.returncode == 1
    assert "未找到项目支出绩效自评表" in p.stdout.decode("utf-8")
    assert b"Traceback" not in p.stderr


def test_corrupt_file_exits_3_with_a_chinese_message(tmp_path):
    good = (SAMPLES / "病历评审费用项目.xlsx").read_bytes()
    path = tmp_path / "损坏 (1).xlsx"
    path.write_bytes(good[: len(good) // 2])  # a half-saved file
    p = run(path)
    out = p.stdout.decode("utf-8")
    assert p.returncode == 3
    assert "无法读取" in out and "损坏" in out
    assert b"Traceback" not in p.stderr


def test_not_a_workbook(tmp_path):
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(b"%PDF-1.4 not really a workbook")
    p = run(path)
    assert p.returncode == 3
    assert "PDF" in p.stdout.decode("utf-8")


def test_missing_file(tmp_path):
    """A missing path is a usage error (2), as in check and run (issue 13 point 9)."""
    p = run(tmp_path / "不存在.xlsx")
    assert p.returncode == 2
    assert "路径不存在" in p.stderr.decode("utf-8")


def test_survives_a_gbk_console():
    p = run(SAMPLES / "病历评审费用项目.xlsx", env={"PYTHONIOENCODING": "gbk"})
    assert p.returncode == 0, p.stderr.decode("gbk", "replace")
    out = p.stdout.decode("gbk")
    assert "病历评审费用项目" in out
