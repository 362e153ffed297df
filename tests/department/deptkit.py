"""Small department-wide workbooks for the tests, written with openpyxl as a unit would
type them (no merges unless asked), and the samples' paths.

    scoring_book(path, rows, basic=None, total=None)     a 评分表 (seed 002's columns)
    self_eval_book(path, rows, scores=False, ...)        a 部门整体绩效自评表 (seed 003's columns)
    audit(path) -> FileResult                            read → rules, as `check` does
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from evalxl.pipeline import audit_file
from evalxl.profile import national

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEED002 = SAMPLES / "衡山县医疗保障局_2020年度部门整体支出绩效评价.xlsx"
SEED003 = SAMPLES / "华容区医疗保障局_2023年度部门整体绩效自评表.xlsx"

SCORING_HEAD = ["一级指标", "二级指标", "三级\n指标", "分值", "评价标准", "指标说明", "得分"]

# Seed 002's 基础数据表, as in the sample (rows 3–6, 19 and 24): enough for the bindings.
BASIC_002 = [
    ["部门整体支出绩效评价基础数据表"],
    ["填报单位：", "衡山县医疗保障局"],
    ["财政供养人员情况", "编制数", "2020年实际在职人数", "控制率"],
    [None, 48, 67, None],
    ["经费控制情况", "2019年决算数", "2020年预算数", "2020年决算数"],
    ["三公经费", 2.94, 13, 3.06],
    ["公用经费", 229.12, 71.35, 195.72],
    ["政府采购金额", 171.83, None, None],
]


def scoring_book(path: Path, rows: list, basic: list | None = None, total: tuple | None = None,
                 basic_in_same_sheet: bool = False, title: str = "部门整体支出绩效评价指标评分表") -> Path:
    """rows: (一级, 二级, 三级, 分值, 评价标准, 指标说明, 得分) from row 3, columns A–G; an
    一级 / 二级 of None leaves the cell blank (carried from above). total: (label, 分值, 得分)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评分表"
    ws.append([title])
    ws.append(SCORING_HEAD)
    for r in rows:
        ws.append(list(r))
    if total is not None:
        label, weight, score = total
        ws.append([label, None, None, weight, None, None, score])
    if basic is not None:
        target = ws if basic_in_same_sheet else wb.create_sheet("基础数据表")
        if basic_in_same_sheet:
            target.append([])
        for r in basic:
            target.append(list(r))
    wb.save(path)
    return path


SELF_HEAD = ["一级指标", "二级指标", "三级指标", "指标分类", "年初目标值（A）", "实际完成值（B）"]


def self_eval_book(path: Path, rows: list, scores: bool = False, deviation: str | None = None,
                   improvement: str | None = "按预算执行", unit: str = "某县医疗保障局", total: tuple | None = None,
                   explanation_column: bool = False) -> Path:
    """rows: (一级, 二级, 三级, 年初目标值, 实际完成值[, 分值, 得分][, 偏差原因]) from row 7."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "部门整体"
    ws.append(["2023年度部门整体绩效自评表"])
    ws.append(["单位名称", unit])
    ws.append(["基本支出总额（万元）", 100, "项目支出总额（万元）", 50])
    ws.append(["年度目标", "完成年度工作任务"])
    ws.append([])
    head = [None, *SELF_HEAD] + (["分值", "得分"] if scores else []) + (["偏差原因分析"] if explanation_column else [])
    ws.append(head)
    for r in rows:
        l1, l2, l3, a, b, *rest = r
        ws.append([None, l1, l2, l3, "绩效基本型", a, b, *rest])
    if total is not None:
        label, weight, score = total
        ws.append([label, None, None, None, None, None, None, weight, score])
    ws.append(["偏差大或目标未完成原因分析", deviation])
    ws.append(["改进措施及结果应用方案", improvement])
    wb.save(path)
    return path


def audit(path: Path, profile=None):
    _, result = audit_file(path, Path(path).name, profile or national())
    assert result.status == "ok", result.message
    return result


def by_code(result, code: str) -> list:
    return [f for f in result.findings if f.code == code]


def cells(result, code: str) -> list[str | None]:
    return [f.cell for f in by_code(result, code)]
