"""Indicator values from the 基础数据表: which quantities a known indicator's formula names,
found among the workbook's BaseData; a quantity the data lacks is named, never guessed.
Numbers by hand from seed 002's 基础数据表."""

from __future__ import annotations

import pytest
from deptkit import SEED002

from evalxl.model import BaseData, BaseItem, Cell, Empty, Quantity
from evalxl.reader import read_workbook
from evalxl.rules.basedata import bind, evaluation_year, known


@pytest.fixture(scope="module")
def base():
    return read_workbook(SEED002).base_data


def test_evaluation_year_is_the_latest_column_year(base):
    # 2019年决算数 | 2020年预算数 | 2020年决算数, 2020年实际在职人数 → 2020; a title's year wins
    assert evaluation_year(None, base) == 2020
    assert evaluation_year(2021, base) == 2021


def test_staff_control_rate(base):
    b = bind("在职人员控制率", base, 2020)
    # 实际在职人数 67 ÷ 编制数 48 = 1.3958 → 139.58%
    assert b.ok and b.value == pytest.approx(139.5833, abs=1e-3)
    assert b.formula == "在职人员控制率 = 67 ÷ 48 = 139.58%"
    assert b.sources == "实际在职人数 67 见「基础数据表」C4，编制数 48 见「基础数据表」B4"


def test_public_funds_control_rate(base):
    b = bind("公用经费控制率", base, 2020)
    # 2020年决算数 195.72 ÷ 2020年预算数 71.35 = 2.74310… → 274.31%
    assert b.value == pytest.approx(274.3097, abs=1e-3)
    assert b.formula == "公用经费控制率 = 195.72 ÷ 71.35 = 274.31%"
    assert "D19" in b.sources and "C19" in b.sources


def test_three_public_control_rate(base):
    # “三公经费”控制率: 2020年决算数 3.06 ÷ 2020年预算数 13 = 23.54%
    b = bind("“三公经费”控制率", base, 2020)
    assert b.value == pytest.approx(23.5385, abs=1e-3) and b.formula == "“三公经费”控制率 = 3.06 ÷ 13 = 23.54%"


def test_three_public_change_lacks_last_years_budget(base):
    # (本年度预算数 13 − 上年度预算数 ?) ÷ 上年度预算数: the seed has 2019年决算数 2.94 only
    b = bind("“三公经费”变动率", base, 2020)
    assert not b.ok and b.missing == ["2019年“三公经费”预算数"]


def test_blank_cells_are_named(base):
    b = bind("政府采购执行率", base, 2020)
    assert not b.ok
    assert b.missing == ["2020年实际政府采购金额（「基础数据表」D24 未填）", "2020年政府采购预算数（「基础数据表」C24 未填）"]
    b = bind("新建楼堂馆所面积控制率", base, 2020)
    assert b.missing == ["实际建设面积（「基础数据表」C27 未填）", "批准建设面积（「基础数据表」B27 未填）"]


def test_unknown_indicators_are_not_bound(base):
    for name in ("预算完成率", "预算控制率", "社会公众或服务对象满意度"):
        assert known(name) is None and bind(name, base, 2020).definition is None


def test_names_match_without_quotes_and_spaces():
    assert known("\"三公经费\" 控制率").label == "“三公经费”控制率"
    assert known("楼堂馆所投资预算控制率").label == "新建楼堂馆所投资概算控制率"


def _item(key, basis, year, number, addr="B2"):
    value = Empty() if number is None else Quantity(number, "")
    return BaseItem(key, "", "", Cell(addr, number, value), year, basis)


def test_zero_denominator_and_columns_without_a_year():
    b = BaseData("基础", 1, 5, items=[_item("staff_quota", None, None, 0), _item("staff_actual", None, None, 5)])
    assert bind("在职人员控制率", [b], 2020).missing == ["编制数（为 0，无法作除数）"]
    # 预算数 | 决算数 without a year are the year evaluated
    b = BaseData("基础", 1, 5, items=[_item("public_funds", "budget", None, 50, "B3"), _item("public_funds", "final", None, 40, "C3")])
    got = bind("公用经费控制率", [b], 2020)
    assert got.value == pytest.approx(80) and got.formula == "公用经费控制率 = 40 ÷ 50 = 80%"
    # no year known at all: a term of the year evaluated cannot be found
    assert not bind("公用经费控制率", [b], None).ok
