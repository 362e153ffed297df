"""What a formula's name means in the 基础数据表's labels (evalxl/vocabulary.py, pure): the
quantity, its basis (预算 / 决算) and its year, absolute or relative to the one evaluated."""

from __future__ import annotations

import pytest

from evalxl.vocabulary import Quantity, base_column, quantity


@pytest.mark.parametrize("name, want", [
    # one quantity, whatever the spelling
    ("年初预算", Quantity("initial_budget", None, None, None)),
    ("年初预算数", Quantity("initial_budget", None, None, None)),
    ("2022年年初预算数", Quantity("initial_budget", None, 2022, None)),
    ("上年结转", Quantity("carryover", None, None, None)),  # 上年 here is the quantity's name, not a year
    ("本年追加预算", Quantity("added_budget", None, None, None)),
    ("年末结余", Quantity("year_end_balance", None, None, None)),
    # seed 002's names: basis and year around a row label of the money block
    ("实际支出公用经费总额", Quantity("public_funds", "final", None, None)),
    ("预算安排公用经费总额", Quantity("public_funds", "budget", None, None)),
    ("“三公经费”实际支出数", Quantity("three_public", "final", None, None)),
    ("“三公经费”预算安排数", Quantity("three_public", "budget", None, None)),
    ("上年度“三公经费”预算数", Quantity("three_public", "budget", None, -1)),
    ("本年度“三公经费”预算数", Quantity("three_public", "budget", None, 0)),
    ("2019年“三公经费”决算数", Quantity("three_public", "final", 2019, None)),
    ("实际政府采购金额", Quantity("procurement", "final", None, None)),
    ("政府采购预算数", Quantity("procurement", "budget", None, None)),
    ("在职人员数", Quantity("staff_actual", None, None, None)),
    ("实际建设面积", Quantity("building_area", "final", None, None)),
    # 福建: a bare 预算数 / 预算资金 is the budget as a whole
    ("预算数", Quantity("annual_budget", None, None, None)),
    ("实际支出", Quantity("executed", None, None, None)),
    ("结余资金", Quantity("year_end_balance", None, None, None)),
])
def test_names_of_formulas(name, want):
    assert quantity(name) == want


@pytest.mark.parametrize("name", ["绩效办对应部分考核得分", "该部分总分", "社会公众满意度", ""])
def test_names_the_data_cannot_hold(name):
    assert quantity(name) is None


def test_money_columns_keep_year_and_basis():
    assert base_column("2020年预算数") == ("", "budget", 2020)
    assert base_column("2019年度决算数") == ("", "final", 2019)
    assert base_column("编制数") == ("staff_quota", None, None)
