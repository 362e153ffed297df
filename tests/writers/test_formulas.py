"""The evaluator of cached values: what self-evaluation forms use, with Excel's rules.
Expected values are worked out by hand (and agree with what Excel shows)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalxl.writers.formulas import DIV0, VALUE, Ref, Unsupported, XlError, evaluate_text, parse, refs

# H6..H9: a score typed as text, a number, a blank, a word; D6/E6 the funds
CELLS = {(6, 4): 72.0, (6, 5): 80.0, (6, 8): "9.6", (7, 8): 10.0, (9, 8): "未完成", (10, 8): "100%", (11, 8): True}


def ev(formula: str, cells=CELLS, sheet: str | None = "项目表"):
    return evaluate_text(formula, lambda r, c: cells.get((r, c)), sheet)


@pytest.mark.parametrize("formula, expected", [
    ("=D6/E6", 0.9),  # 执行率 72 ÷ 80
    ("MIN(D6/E6,1)*10", 9.0),  # 资金得分
    ("SUM(H6:H9)", 10.0),  # text, blank and words in a range are skipped
    ("SUM(H7,5,H8)", 15.0),
    ("H6+1", 10.6),  # numeric text is a number in arithmetic
    ("H10*10", 10.0),  # "100%" too
    ("H8+1", 1.0),  # a blank is 0
    ("H11+1", 2.0),  # TRUE is 1
    ("AVERAGE(H6:H9)", 10.0),  # only the number 10 counts
    ("MAX(H6:H9,3)", 10.0),
    ("MIN(H8:H9)", 0.0),  # no number at all
    ("COUNT(H6:H11)", 1.0),
    ("ROUND(2.675,2)", 2.68),  # half away from zero on the decimal, as Excel
    ("ROUND(-2.5,0)", -3.0),
    ("ROUNDDOWN(9.99,1)", 9.9),
    ("ROUNDUP(9.91,1)", 10.0),
    ("ROUND(96/97*10,2)", 9.9),
    ("ABS(-3)", 3.0),
    ('IF(H7>=10,"达成","未达成")', "达成"),
    ('IF(H7<10,"未达成")', False),
    ("IF(H7=10,H7,0)", 10.0),
    ('IF(H9="未完成",0,10)', 0.0),
    ('IF(H9="未完成",,10)', 0.0),  # an empty branch is 0
    ("IFERROR(1/H8,0)", 0.0),
    ("AND(H7>5,D6<E6)", True),
    ("OR(H7>50,D6>E6)", False),
    ("-2^2", 4.0),  # negation binds first in Excel
    ("2^3^2", 64.0),  # left to right
    ("50%*4", 2.0),
    ("1+2*3-4/2", 5.0),
    ("(1+2)*3", 9.0),
    ("$D$6*2", 144.0),
    ("项目表!D6+0", 72.0),  # the sheet's own name
    ("'项目表'!$D$6", 72.0),
    ("_xlfn.ROUND(1.25,1)", 1.3),
    ("TRUE", True),
    ("H7>9.99", True),
    ('"abc"="ABC"', True),  # text compares without case
])
def test_values(formula, expected):
    got = ev(formula)
    if isinstance(expected, float):
        assert got == pytest.approx(expected, abs=1e-12)
    else:
        assert got == expected


@pytest.mark.parametrize("formula, error", [("1/H8", DIV0), ("D6/0", DIV0), ("H9+1", VALUE), ("AVERAGE(H8:H9)", DIV0),
                                            ("SUM(H12,1/0)", DIV0)])
def test_excel_errors_are_values(formula, error):
    assert ev(formula) == error


def test_an_error_in_a_cell_spreads():
    assert ev("SUM(A1:A2)", {(1, 1): XlError("#N/A"), (2, 1): 1.0}) == XlError("#N/A")


@pytest.mark.parametrize("formula", [
    "Sheet2!A1+1",  # another sheet
    "SUM(A:A)",  # a whole column
    "分值合计*2",  # a defined name
    "VLOOKUP(A1,B1:C3,2,0)",  # a function it does not know
    'A1&"分"',  # text concatenation
    "A1:A3+1",  # a range where one value is expected
    "SUM(A1",  # broken
    "",
])
def test_what_it_does_not_handle_is_refused(formula):
    with pytest.raises(Unsupported):
        ev(formula)


def test_references_are_listed_with_ranges_normalised():
    node = parse("SUM(I6,H16:H10)+$G$17", "表")
    assert refs(node) == [Ref(6, 9, 6, 9), Ref(10, 8, 16, 8), Ref(17, 7, 17, 7)]
    assert Ref(10, 8, 16, 8).contains(15, 8) and not Ref(10, 8, 16, 8).contains(17, 8)


def test_a_blank_result_shows_as_zero():
    assert ev("H8") == 0.0


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=30))
def test_sum_of_a_range_is_the_exact_sum(values):
    cells = {(r + 1, 1): v for r, v in enumerate(values)}
    assert ev(f"SUM(A1:A{len(values)})", cells) == pytest.approx(math.fsum(values), abs=1e-6)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_round_agrees_with_half_away_from_zero(x, n):
    from decimal import ROUND_HALF_UP, Decimal

    expected = float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP))
    assert ev(f"ROUND(A1,{n})", {(1, 1): x}) == expected
