"""Real 部门整体 tables (samples/real/, built by tests/fixtures/build_real_samples.py from
../shared/real/raw): read and audited as department-wide tables, every number by hand from
the page."""

from __future__ import annotations

import pytest
from deptkit import SAMPLES, audit, by_code

from evalxl.findings import Severity
from evalxl.reader import read_workbook

JINZHAI = SAMPLES / "real" / "金寨县茶谷和美丽乡村建设服务中心_2023年度部门整体支出绩效自评表.xlsx"


@pytest.fixture(scope="module")
def result():
    return audit(JINZHAI)


def test_anhui_form_is_read_as_department_wide():
    wb = read_workbook(JINZHAI)
    assert wb.tables == [] and len(wb.department_tables) == 1
    [t] = wb.department_tables
    # 部门 | 金寨县茶谷和美丽乡村建设服务中心 where a project form says 项目名称; (2023年度)
    assert (t.name, t.unit.value.address, t.year, t.kind, t.has_scores) == (
        "金寨县茶谷和美丽乡村建设服务中心", "C3", 2023, "self_eval", True)
    # the 预算资金 (万元) block: 年初预算数 329.77 | 全年预算数 329.77 | 全年执行数 338.31 | 分值 10
    f = t.funds.total
    assert (f.initial_budget.number, f.annual_budget.number, f.executed.number, f.weight.number) == (
        329.77, 329.77, 338.31, 10)
    assert f.score is None or f.score.is_empty
    # 8 indicators and the 成本指标 row the page was cut off in
    assert len(t.indicators) == 9 and t.indicators[-1].is_leftover and t.total is None


def test_anhui_funds_score_left_blank(result):
    [f] = by_code(result, "F007")
    # 338.31 ÷ 329.77 = 1.02590… → 102.59%, capped at 100% → 100% × 10 = 10
    assert (f.cell, f.expected, f.fix.value, f.severity) == ("I5", 10, 10, Severity.ERROR)
    [over] = by_code(result, "F004")  # execution above the budget is reported, never corrected
    assert over.cell == "F5" and over.fix is None and "102.59%" in over.message


def test_anhui_cut_off_table_weights_and_total(result):
    [w] = by_code(result, "D011")
    # 预算资金 10 + 产出指标 (10 + 10 + 10 + 10 + 5 + 5 + 5 + 5 = 60) = 70, not 100: the page ends early
    assert (w.entered, w.expected) == (70, 100) and "预算资金 10 + 产出指标 60" in w.message
    [d] = result.departments
    # entered 10 × 4 + 5 × 4 = 60 (the funds 得分 blank); recomputed 60 + 10 = 70 → 中 (60 ≤ 70 < 80)
    assert (d.entered_total, d.recomputed_total, d.grade) == (60, 70, "中")
    [leftover] = by_code(result, "C003")
    assert "第 20 行" in leftover.message
    # every met indicator is left alone: 4 against ≤4 is met, 3061 against ≥2000 too
    assert not by_code(result, "I001") and not by_code(result, "I002")
