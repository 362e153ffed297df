"""The department forms of other provinces, as small workbooks typed the way those forms are
laid out (described in ../shared/real/README.md): 贵州 (年初预算数 only, execution above
budget), 福建 (支出实现率 / 资金结余率 as formulas over the budget). Expected values by hand."""

from __future__ import annotations

import openpyxl
from deptkit import audit, by_code, scoring_book

from evalxl.findings import Severity


def guizhou_book(path, executed=105, score=10):
    """部门整体支出绩效自评表 with a funds block of 年初预算数 only (no 全年预算数)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年度部门整体支出绩效自评表"])
    ws.append(["部门", "某县水务局"])
    ws.append(["预算资金（万元）", None, "年初预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", 100, executed, 10, f"{executed}%", score])
    ws.append([None, "其中：当年财政拨款", 100, executed, "—", f"{executed}%", "—"])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    ws.append([None, "产出指标（90分）", "数量指标", "农村供水工程数量", "≥10处", "12处", 90, 90])
    wb.save(path)
    return path


def test_guizhou_execution_above_the_initial_budget_scores_full_and_is_reported(tmp_path):
    r = audit(guizhou_book(tmp_path / "gz.xlsx"))
    [d] = r.departments
    assert d.kind == "self_eval" and d.unit == "某县水务局"
    # 执行率 = 全年执行数 105 ÷ 年初预算数 100 = 105%, capped: min(105%, 100%) × 10 = 10 = entered
    [over] = by_code(r, "F004")
    assert over.severity == Severity.WARNING and over.fix is None and "105%" in over.message
    assert not [f for f in r.findings if f.code.startswith("F") and f.severity == Severity.ERROR]
    # 10 + 90 = 100 → 优
    assert (d.recomputed_total, d.grade) == (100, "优")


def test_guizhou_funds_score_below_full_is_corrected(tmp_path):
    # 95 ÷ 100 = 95% → 0.95 × 10 = 9.5, entered 10
    r = audit(guizhou_book(tmp_path / "gz.xlsx", executed=95, score=10))
    [f] = [f for f in r.findings if f.code.startswith("F") and f.fix is not None]
    assert f.cell == "G4" and f.expected == 9.5


RATE_RULE = "支出实现率≥90%计满分；每低于1%扣0.5分，扣完为止。"
RATE_NOTE = "支出实现率=实际支出/预算数×100%"
BALANCE_RULE = "资金结余率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；大于20%不得分。"
BALANCE_NOTE = "资金结余率=结余资金/预算资金×100%"


def test_fujian_rates_from_their_formulas(tmp_path):
    basic = [["部门整体支出绩效评价基础数据表"],
             ["预算执行情况", "全年预算数", "实际支出", "结余资金"],
             [None, 800, 680, 120]]
    r = audit(scoring_book(tmp_path / "fj.xlsx", [
        ("过程（10分）", "预算执行（10分）", "支出实现率", 5, RATE_RULE, RATE_NOTE, 5),
        (None, None, "资金结余率", 5, BALANCE_RULE, BALANCE_NOTE, 5),
    ], basic=basic, title="2023年度部门整体支出绩效评价指标评分表"))
    got = {f.cell: f for f in by_code(r, "D001")}
    # 支出实现率 = 680 ÷ 800 = 85%: 5 points below 90% × 0.5 = 2.5 → 5 − 2.5 = 2.5
    assert got["G3"].expected == 2.5 and "支出实现率 = 680 ÷ 800 = 85%" in got["G3"].message
    assert "实际支出 680 见「基础数据表」C3，预算数 800 见「基础数据表」B3" in got["G3"].message
    # 资金结余率 = 120 ÷ 800 = 15% → the 10–20% band → 3
    assert got["G4"].expected == 3 and "资金结余率 = 120 ÷ 800 = 15%，在「10-20%(含)」一档" in got["G4"].message
    assert r.departments[0].recomputed_total == 5.5  # 2.5 + 3
