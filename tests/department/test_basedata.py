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


# --------------------------------------------------------------------------- printed formulas (issue 17)

N_DONE = "预算完成率=（上年结转+年初预算+本年追加预算-年末结余）/（上年结转+年初预算+本年追加预算）×100%。"
N_CTRL = "预算控制率=（本年追加预算/年初预算）×100%。"


def _budget(initial_label="年初预算数", initial_year=None, balance=70):
    items = [
        BaseItem("carryover", "", "上年结转", Cell("B3", 50, Quantity(50, "")), None, None),
        BaseItem("initial_budget", "", initial_label, Cell("C3", 1200, Quantity(1200, "")), initial_year, None),
        BaseItem("added_budget", "", "本年追加预算", Cell("D3", 150, Quantity(150, "")), None, None),
    ]
    if balance is not None:
        items.append(BaseItem("year_end_balance", "", "年末结余", Cell("E3", balance, Quantity(balance, "")), None, None))
    return [BaseData("基础数据表", 1, 3, items=items)]


def test_budget_completion_rate_from_the_printed_formula():
    b = bind("预算完成率", _budget(), 2022, N_DONE)
    # (50 + 1200 + 150 − 70) ÷ (50 + 1200 + 150) = 1330 ÷ 1400 = 95%
    assert b.ok and b.printed and b.value == pytest.approx(95)
    assert b.formula == "预算完成率 = (50 + 1200 + 150 − 70) ÷ (50 + 1200 + 150) = 95%"
    assert b.sources == ("上年结转 50 见「基础数据表」B3，年初预算 1200 见「基础数据表」C3，本年追加预算 150 见「基础数据表」D3，"
                         "年末结余 70 见「基础数据表」E3")


@pytest.mark.parametrize("label, year", [("年初预算", None), ("年初预算数", None), ("2022年年初预算数", 2022)])
def test_one_quantity_whatever_the_spelling(label, year):
    # the reader keys 年初预算 / 年初预算数 / 2022年年初预算数 alike; 150 ÷ 1200 = 12.5%
    b = bind("预算控制率", _budget(label, year), 2022, N_CTRL)
    assert b.value == pytest.approx(12.5) and b.formula == "预算控制率 = 150 ÷ 1200 = 12.5%"


def test_a_quantity_the_data_lacks_is_named():
    b = bind("预算完成率", _budget(balance=None), 2022, N_DONE)
    assert not b.ok and b.missing == ["年末结余"]
    # a year that is not the one evaluated binds nothing either
    b = bind("预算控制率", _budget("2021年年初预算数", 2021), 2022, N_CTRL)
    assert b.missing == ["年初预算"]


def test_a_name_bound_to_two_cells_is_not_guessed():
    two = _budget() + _budget()
    two[1].sheet = "另一基础数据表"
    two[1].items[2] = BaseItem("added_budget", "", "本年追加预算", Cell("D3", 160, Quantity(160, "")), None, None)
    b = bind("预算控制率", two, 2022, N_CTRL)
    # 本年追加预算 150 in one sheet, 160 in the other: which one is meant is not known
    assert not b.ok
    assert b.missing == ["本年追加预算（对应多个单元格 「另一基础数据表」D3、「基础数据表」D3，无法确定取哪一个）"]


def test_two_cells_with_one_number_leave_no_choice():
    two = _budget() + _budget()
    two[1].sheet = "另一基础数据表"
    # both sheets say 150 and 1200: 150 ÷ 1200 = 12.5% whichever is read
    assert bind("预算控制率", two, 2022, N_CTRL).value == pytest.approx(12.5)


def test_a_zero_divisor_names_its_quantity():
    data = _budget()
    data[0].items[1] = BaseItem("initial_budget", "", "年初预算", Cell("C3", 0, Quantity(0, "")), None, None)
    assert bind("预算控制率", data, 2022, N_CTRL).missing == ["年初预算（为 0，无法作除数）"]


def test_seed_formulas_bind_with_their_own_names(base):
    # seed 002 prints 公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%:
    # 实际支出 → 决算数, 预算安排 → 预算数, 总额 dropped; 2020: 195.72 ÷ 71.35 = 274.31%
    note = "公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%。"
    b = bind("公用经费控制率", base, 2020, note)
    assert b.printed and b.formula == "公用经费控制率 = 195.72 ÷ 71.35 = 274.31%"
    assert b.sources == "实际支出公用经费总额 195.72 见「基础数据表」D19，预算安排公用经费总额 71.35 见「基础数据表」C19"
    # “三公经费”变动率: 上年度“三公经费”预算数 is 2019's budget; the seed has 2019's 决算数 only
    note = "“三公经费”变动率=[（本年度“三公经费”预算数-上年度“三公经费”预算数）/上年度“三公经费”预算数]×100%"
    assert bind("“三公经费”变动率", base, 2020, note).missing == ["2019年“三公经费”预算数"]
