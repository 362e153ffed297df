"""The memoised paths of the rules (issue 18) against the direct ones, on the cases where a
memo could go wrong: 0 and -0 are equal keys but show apart, 10 and 10.0 are equal keys,
and a memoised value must not be shared where the caller could change it."""

from __future__ import annotations

import math

from evalxl import criteria, scoring
from evalxl.bonus import bonus_points
from evalxl.findings import format_number
from evalxl.model import Cell, Quantity
from evalxl.profile import national
from evalxl.rule_text import clauses
from evalxl.rules.cells import shown

P = national()


def _sign(x: float) -> float:
    return math.copysign(1.0, x)


def test_round_half_up_keeps_the_sign_of_zero_whichever_comes_first():
    # the memo would hand -0.0 back for 0.0 once -0.0 was rounded first: zero is returned as is
    assert _sign(scoring.round_half_up(-0.0, 2)) == -1.0
    assert _sign(scoring.round_half_up(0.0, 2)) == 1.0
    assert _sign(scoring.round_half_up(-0.0, 2)) == -1.0
    # a tiny negative still rounds to -0 (Decimal('-0.00')), memoised or not
    assert _sign(scoring.round_half_up(-1e-12, 2)) == -1.0
    assert _sign(scoring.round_half_up(-1e-12, 2)) == -1.0


def test_round_half_up_memoised_equals_decimal_rounding():
    # by hand: 9.375 -> 9.38 (half up), 8.245 -> 8.25 (8.2449999… is float noise), -2.5 -> -3 at 0 decimals
    for x, d, want in ((9.375, 2, 9.38), (8.245, 2, 8.25), (-2.5, 0, -3.0), (9.375, 1, 9.4), (9.375, 2, 9.38)):
        assert scoring.round_half_up(x, d) == want
    assert scoring.round_half_up(10, 2) == 10.0 and type(scoring.round_half_up(10, 2)) is float


def test_accepts_tries_every_rounding_once_memoised():
    # raw 9.375: kept 9.38; 2 decimals 9.38, 1 decimal 9.4 (from 9.375 and from 9.38), so 9.38 and 9.4 pass
    assert scoring.accepts(9.38, 9.375, P)
    assert scoring.accepts(9.4, 9.375, P)
    assert scoring.accepts(9.4, 9.375, P)  # a second time, from the memo
    assert not scoring.accepts(9.3, 9.375, P)
    assert not scoring.accepts(math.nan, 9.375, P)


def test_quantitative_score_with_a_zero_is_not_memoised_with_its_sign():
    # weight -0.0 (a cell typed "-0"): met, raw = the weight itself, -0.0, whether 0.0 came first or not
    assert _sign(scoring.quantitative_score(1.0, 2.0, 0.0, scoring.POSITIVE, 2).raw) == 1.0
    assert _sign(scoring.quantitative_score(1.0, 2.0, -0.0, scoring.POSITIVE, 2).raw) == -1.0
    # memoised: 10 of 12 -> 10 ÷ 12 × 10 = 8.33; the second call gives the same result
    first = scoring.quantitative_score(12.0, 10.0, 10.0, scoring.POSITIVE, 2)
    assert (first.met, first.score, first.ratio) == (False, 8.33, "10÷12×10")
    assert scoring.quantitative_score(12.0, 10.0, 10.0, scoring.POSITIVE, 2) == first
    # an int weight is not served a float one's result (typed memo): raw is the weight as given
    assert type(scoring.quantitative_score(1.0, 2.0, 10.0, scoring.POSITIVE, 2).raw) is float
    assert type(scoring.quantitative_score(1.0, 2.0, 10, scoring.POSITIVE, 2).raw) is int


def test_shown_quantity_memo_and_zero():
    pct = Cell("E5", 0.96, Quantity(96.0, "%"), number_format="0%")
    assert shown(pct) == "96%" and shown(pct) == "96%"
    # -0 and 0 with a unit: equal Quantity keys, different texts (f"{-0.0:.10g}" is "-0")
    assert shown(Cell("E6", -0.0, Quantity(-0.0, "次"))) == "-0次"
    assert shown(Cell("E7", 0.0, Quantity(0.0, "次"))) == "0次"
    assert shown(Cell("E8", -0.0, Quantity(-0.0, "次"))) == "-0次"


def test_format_number_float_first_path_equals_the_general_one():
    # by hand: 9.600000001 -> 9.6; -0.0 -> 0; 10.0 -> 10; NaN -> ""; int 10 and bool through the general path
    assert [format_number(x) for x in (9.600000001, -0.0, 10.0, math.nan, 10, True, None, "x")] == \
        ["9.6", "0", "10", "", "10", "True", "", "x"]


def test_memoised_rule_texts_are_not_shared_mutable():
    text = "≦100%，计5分；每超过一个百分点扣0.5分，扣完为止"
    a = clauses(text)
    a.append("changed")
    assert clauses(text) == ["<=100%,计5分", "每超过1%扣0.5分,扣完为止"]
    first = criteria.parse(text)
    assert criteria.parse(text) is first  # frozen, so one parse serves every row
    assert criteria.parse(" " + text) is not None  # another text, its own entry
    assert bonus_points("创新做法另加2分") == 2.0 and bonus_points("超额完成不加分") is None
