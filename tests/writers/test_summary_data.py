"""The 汇总's subtotals and total (pandas): every figure defined, by hand."""

from __future__ import annotations

import pytest

from evalxl.findings import FileResult, TableResult
from evalxl.writers.summary_data import aggregates, project_rows


def _table(i, name, dept, budget, executed, entered, recomputed):
    return TableResult(i, "表", name, dept, "单位", 2021, budget, executed, None, entered, recomputed, None)


def test_averages_over_the_same_projects_and_rate_of_the_sums():
    files = [FileResult("a.xlsx", "ok", tables=[
        _table(0, "甲", "局", 100, 90, 95, 90),  # both scores
        _table(1, "乙", "局", 50, 50, None, 80),  # no entered total: left out of both averages
        _table(2, "丙", "委", 10, None, None, None),  # no executed amount, no scores
    ])]
    groups, total = aggregates(project_rows(files))
    ju = groups["局"]
    # 100 + 50 = 150; 90 + 50 = 140; 140 / 150 = 0.9333…; averages over 甲 only: 95, 90; 90 − 95 = −5
    assert (ju.budget, ju.executed, ju.rate) == (150, 140, pytest.approx(140 / 150))
    assert (ju.scored, ju.entered, ju.recomputed, ju.diff) == (1, 95, 90, -5)
    assert ju.label == "小计（2 项，得分取 1 项平均）"
    wei = groups["委"]
    # no project with both scores: no average, the label says so; no executed amount: no rate
    assert (wei.budget, wei.executed, wei.rate, wei.entered, wei.diff) == (10, None, None, None, None)
    assert wei.label == "小计（1 项，得分不全，不计平均）"
    # total: 160 budget, 140 executed (丙 has none), rate 140 / 160
    assert (total.budget, total.executed, total.rate) == (160, 140, pytest.approx(0.875))
    assert total.label == "合计（3 项，得分取 1 项平均）"
