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


REAL = SAMPLES / "real"


def _width(text):
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_side_by_side_names_each_header_cell_and_each_rows_source():
    # 永德 (云南 split target): 年度指标值 is three columns; each header cell says what it
    # was read as, and row 16 shows its source cells (≧ | 100 | %) next to the one target
    # they make (≥100% at E16) and the 得分 7 at I16.
    p = run(REAL / "永德县明朗中学_2022年度项目支出绩效自评表.xlsx", env={"COLUMNS": "200"})
    out = p.stdout.decode("utf-8")
    assert p.returncode == 0, p.stderr.decode()
    assert "表样：指标值分列格式" in out
    assert "「指标性质」→ 指标性质 D｜「指标值」→ 年度指标值 E｜「度量单位」→ 度量单位 F" in out
    assert "「项目资金 (元)」→ 表头（金额单位 元）" in out
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip().startswith("第 16 行 源："))
    assert 'D「≧」  E「100」  F「%」  G「100%」  H「10」  I「7」' in lines[i]
    assert "年度指标值 E16 ≥100%｜实际完成值 G16 100%｜分值 H16 10｜得分 I16 7" in lines[i + 1]
    assert "由 指标性质 D16、度量单位 F16 合成指标值" in lines[i + 1]
    assert "等级 J25 优" in out


def test_side_by_side_shows_parts_under_their_star_row_and_unused_header_cells(tmp_path):
    # 河西村: the 其中 rows are shown under their ★ row, as parts; a header cell the reader
    # takes for nothing (a 备注 column added after 未完成原因…) is named as unused.
    import openpyxl

    book = openpyxl.load_workbook(REAL / "张庄寨镇人民政府_河西村特色种养补贴到户项目绩效自评表.xlsx")
    book.active["J11"] = "备注"
    path = tmp_path / "河西村.xlsx"
    book.save(path)
    out = run(path, env={"COLUMNS": "200"}).stdout.decode("utf-8")
    assert "「备注」→ 未采用" in out
    assert "表样：衔接资金绩效目标自评表格式（分值在年度指标值前）" in out
    assert "其中 第 13 行 源：D「其中桃树种植面积」  F「1.5亩」  G「1.5亩」" in out
    assert "计入上面的★指标，不单列" in out


def test_side_by_side_fits_a_narrow_terminal_and_a_gbk_console():
    p = run(REAL / "青神县发展和改革局_工资性支出自评表.xlsx", env={"COLUMNS": "60", "PYTHONIOENCODING": "gbk"})
    assert p.returncode == 0
    out = p.stdout.decode("gbk")
    assert max(_width(line) for line in out.splitlines()) <= 60
    assert "「调整后预算数」→ 全年预算数（执行率分母） D" in out.replace("\n      ", "")
    assert "表上写明的分值：资金 10、绩效指标 90、合计 100" in out


def test_brief_leaves_the_sources_out():
    out = run("--brief", REAL / "青神县发展和改革局_工资性支出自评表.xlsx").stdout.decode("utf-8")
    assert "逐行对照" not in out and "绩效指标 2 行" in out
