"""The formula of a 指标说明, read into an expression over named quantities (evalxl/formula.py):
seed 002's own notes verbatim, the issue's examples, every bracket width and operator
spelling. Values by hand, the arithmetic in the comments."""

from __future__ import annotations

import pytest

from evalxl.formula import BinOp, FormulaError, Name, Neg, Num, ZeroDivisor, extract, parse_expression

# Seed 002's 指标说明, verbatim
N_STAFF = ("在职人员控制率=（在职人员数/编制数）×100%，在职人员数：部门（单位）实际在职人数，以财政局确定的部门决算"
           "编制口径为准。\n编制数：机构编制部门核定批复的部门（单位）的人员编制数。")
N_CHANGE = "“三公经费”变动率=[（本年度“三公经费”预算数-上年度“三公经费”预算数）/上年度“三公经费”预算数]×100%"
N_DONE = "预算完成率=（上年结转+年初预算+本年追加预算-年末结余）/（上年结转+年初预算+本年追加预算）×100%。"
N_CTRL = "预算控制率=（本年追加预算/年初预算）×100%。"
N_AREA = "楼堂馆所面积控制率=实际建设面积/批准建设面积×100% 。\n该指标以2017年完工的新建楼堂馆所为评价内容。"
N_PUBLIC = "公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%。\n公用经费支出是指部门基本支出中的一般商品和服务支出。"
N_THREE_TYPO = "“三公经费”控制率-（“三公经费”实际支出数/“三公经费”预算安排数）×100%。"  # '-' where '=' belongs
N_KEYWORK = "根据市绩效办2019年对各部门为民办实事和部门重点工程与重点工作考核分数折算。\n该项得分=（绩效办对应部分考核得分/该部分总分）×8。"


def test_budget_completion_rate_of_the_issue():
    f = extract(N_DONE, "预算完成率")
    assert f.label == "预算完成率" and f.percent
    assert f.names == ["上年结转", "年初预算", "本年追加预算", "年末结余"]
    values = {"上年结转": 50, "年初预算": 1200, "本年追加预算": 150, "年末结余": 70}
    # (50 + 1200 + 150 − 70) ÷ (50 + 1200 + 150) = 1330 ÷ 1400 = 0.95 → 95%
    assert f.value(values) == pytest.approx(95)
    assert f.render(values) == "(50 + 1200 + 150 − 70) ÷ (50 + 1200 + 150)"


def test_budget_control_rate_of_the_issue():
    f = extract(N_CTRL, "预算控制率")
    # 150 ÷ 1200 = 0.125 → 12.5%
    assert f.value({"本年追加预算": 150, "年初预算": 1200}) == pytest.approx(12.5)
    assert f.render() == "本年追加预算 ÷ 年初预算"


def test_seed_notes_with_explanations_after_the_formula():
    staff = extract(N_STAFF, "在职人员控制率")
    assert staff.names == ["在职人员数", "编制数"]
    # 67 ÷ 48 = 1.395833… → 139.5833%
    assert staff.value({"在职人员数": 67, "编制数": 48}) == pytest.approx(139.5833, abs=1e-4)
    # the left side 楼堂馆所面积控制率 is part of the indicator's name 新建楼堂馆所面积控制率
    assert extract(N_AREA, "新建楼堂馆所面积控制率").names == ["实际建设面积", "批准建设面积"]
    assert extract(N_PUBLIC, "公用经费控制率").names == ["实际支出公用经费总额", "预算安排公用经费总额"]


def test_square_brackets_around_round_ones_and_quoted_names():
    f = extract(N_CHANGE, "“三公经费”变动率")
    assert f.names == ["本年度“三公经费”预算数", "上年度“三公经费”预算数"]
    # (13 − 2.94) ÷ 2.94 = 3.42177… → 342.18%
    v = {"本年度“三公经费”预算数": 13, "上年度“三公经费”预算数": 2.94}
    assert f.value(v) == pytest.approx(342.1769, abs=1e-4)
    assert f.render(v) == "(13 − 2.94) ÷ 2.94"


def test_no_formula_a_typo_and_a_score_formula_are_none():
    assert extract(N_THREE_TYPO, "“三公经费”控制率") is None  # no 「=」: the fallback formula serves
    assert extract(N_KEYWORK, "重点工作实际完成率") is None  # 该项得分=… scores, it is not the value
    assert extract("预决算信息是指与部门预算、执行、决算、监督、绩效等管理相关的信息。", "预决算信息公开性") is None
    assert extract(None) is None and extract("", "x") is None


@pytest.mark.parametrize("text", [
    "a=【（甲＋乙）－丙】÷丁×100%",
    "a=［(甲+乙)-丙］/丁*100%",
    "a=〔（甲+乙）−丙〕／丁 × 100",
    "a=((甲 + 乙) – 丙) ÷ 丁x100%",
])
def test_every_bracket_width_and_operator_spelling(text):
    f = extract(text)
    # ((6 + 4) − 2) ÷ 4 = 2 → ×100% = 200%
    assert f.percent and f.value({"甲": 6, "乙": 4, "丙": 2, "丁": 4}) == pytest.approx(200)


def test_precedence_unary_minus_numbers_and_percent_literals():
    e = parse_expression("甲+乙×2-丙/4")
    assert e == BinOp("-", BinOp("+", Name("甲"), BinOp("*", Name("乙"), Num(2))), BinOp("/", Name("丙"), Num(4)))
    assert parse_expression("-(甲-乙)") == Neg(BinOp("-", Name("甲"), Name("乙")))
    assert parse_expression("甲×10%") == BinOp("*", Name("甲"), Num(0.1))
    # a name may start with its year: 2022年年初预算数 is one name, not 2022 × …
    assert parse_expression("2022年年初预算数/100") == BinOp("/", Name("2022年年初预算数"), Num(100))


def test_a_rate_without_the_percent_mark_is_still_in_percent():
    # 支出实现率=实际支出/预算数: a 率 is a percentage; 80 ÷ 100 = 0.8 → 80%
    f = extract("支出实现率=实际支出/预算数")
    assert f.percent and f.value({"实际支出": 80, "预算数": 100}) == pytest.approx(80)


@pytest.mark.parametrize("bad", ["(甲+乙", "甲+", "甲 乙", "×甲", "甲)"])
def test_broken_expressions_raise_with_a_chinese_message(bad):
    with pytest.raises(FormulaError) as err:
        parse_expression(bad)
    assert err.value.message.startswith("公式")


def test_a_zero_divisor_is_named():
    f = extract(N_CTRL)
    with pytest.raises(ZeroDivisor) as err:
        f.value({"本年追加预算": 150, "年初预算": 0})
    assert err.value.expr == Name("年初预算")


def test_the_formula_of_the_indicator_is_picked_among_several():
    note = "结转结余率=结转结余总额/支出预算总额×100%；资金结余率=年末结余/预算资金×100%"
    assert extract(note, "资金结余率").names == ["年末结余", "预算资金"]
    assert extract(note, "结转结余率").names == ["结转结余总额", "支出预算总额"]
    assert extract(note, "其他指标") is None  # two formulas, neither names it: not guessed


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = "预算完成率=（）()[]【】+-−×÷*/%.0123456789“”年初上结转 ，。；\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_any_note_gives_a_formula_or_none(note):
    # never an exception other than the parser's own, never a formula without names
    f = extract(note, "预算完成率")
    assert f is None or f.names
    try:
        parse_expression(note)
    except FormulaError as err:
        assert err.message.startswith("公式")
