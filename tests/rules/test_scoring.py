"""The pure scoring functions (evalxl/scoring.py), SPEC §3."""

from __future__ import annotations

import math

import pytest

from evalxl import scoring
from evalxl.model import Quantity, Text
from evalxl.profile import national

P = national()


@pytest.mark.parametrize(
    "target, level2, name, sign, source",
    [
        (Quantity(15, "万元", "<="), "数量指标", "审查次数", "negative", "operator"),  # the operator decides …
        (Quantity(90, "%", ">="), "成本指标", "成本控制", "positive", "operator"),  # … even against 成本指标
        (Quantity(15, "万元"), "成本指标", "审查检查相关", "negative", "level2"),
        (Quantity(3, "%"), "质量指标", "差错率", "negative", "keyword"),
        (Quantity(30, "天"), "时效指标", "办结周期", "negative", "keyword"),
        (Quantity(100, "%"), "数量指标", "参保覆盖率", "positive", "default"),
    ],
)
def test_direction(target, level2, name, sign, source):
    d = scoring.direction(target, level2, name, P)
    assert (d.sign, d.source) == (sign, source)


@pytest.mark.parametrize(
    "target, actual, pair",
    [
        (Quantity(12, "次"), Quantity(10, "次"), (12, 10)),
        (Quantity(96, "%"), Quantity(0.97), (96, 97)),  # a bare fraction against a percent
        (Quantity(96, "%"), Quantity(96), (96, 96)),  # a bare number on the percent's scale
        (Quantity(0.5, "%"), Quantity(0.3), (0.5, 0.3)),  # both ≤ 1: same scale
        (Quantity(15, "万元", "<="), Quantity(160000, "元"), (150000, 160000)),  # money converts
        (Quantity(1.2, "万人次"), Quantity(11000, "人次"), (12000, 11000)),
        (Quantity(100, "元", qualifier="每人每月"), Quantity(120, "元", qualifier="每人每月"), (100, 120)),
        (Quantity(100, "元", qualifier="每人每月"), Quantity(120, "元"), (100, 120)),  # one qualifier empty
        (Quantity(95, "%", ">"), Quantity(96, "%", ">"), (95, 96)),  # an operator's number counts
    ],
)
def test_comparable(target, actual, pair):
    assert scoring.comparable(target, actual) == pytest.approx(pair)


@pytest.mark.parametrize(
    "target, actual",
    [
        (Quantity(12, "次"), Quantity(100, "%")),
        (Quantity(3, "人"), Quantity(3, "次")),
        (Quantity(3, "万人"), Quantity(3, "人次")),
        (Quantity(100, "元", qualifier="每人每月"), Quantity(100, "元", qualifier="每人每年")),
        (Text("健全"), Quantity(1)),
    ],
)
def test_not_comparable(target, actual):
    assert scoring.comparable(target, actual) is None


@pytest.mark.parametrize(
    "t, a, w, sign, score, met",
    [
        (96, 97, 10, "positive", 10, True),
        (12, 10, 10, "positive", 8.33, False),
        (15, 16, 10, "negative", 9.38, False),  # 9.375 rounds half up
        (10, 12, 10, "negative", 8.33, False),
        (100, 97, 20, "positive", 19.4, False),
        (90, 88, 10, "positive", 9.78, False),
        (100, 120, 10, "positive", 10, True),  # never more than the weight
        (15, 14, 10, "negative", 10, True),
        (0, 3, 10, "negative", 0, False),  # a zero target exceeded
        (10, 0, 10, "positive", 0, False),
    ],
)
def test_quantitative_score(t, a, w, sign, score, met):
    res = scoring.quantitative_score(t, a, w, sign, 2)
    assert res.score == score and res.met is met
    assert 0 <= res.raw <= w


@pytest.mark.parametrize(
    "target, actual, band",
    [
        ("健全", "健全", "achieved"),
        ("健 全", "健全", "achieved"),  # whitespace does not count
        ("每人每月100元", "每人每月100元", "achieved"),
        ("健全", "较健全", "partial"),
        ("达成预期指标", "基本达成预期指标", "partial"),
        ("有效缓解", "部分有效缓解", "partial"),
        ("完成全年任务", "基本完成", "partial"),  # a partial word, whatever the target
        ("健全", "不健全", "failed"),
        ("达成", "未达成", "failed"),
        ("完成全年任务", "未完成", "failed"),
        ("有效缓解", "明显改善", None),  # cannot be told
        ("不断提高", "不断提高", "achieved"),  # identical wins over the 不 prefix
        ("提高", "不断提高", None),  # 不断提高 is not 不 + 提高: no band
    ],
)
def test_qualitative_band(target, actual, band):
    assert scoring.qualitative_band(target, actual, P) == band


def test_band_accepts_both_ends():
    partial = P.band("partial")
    assert scoring.band_accepts(8, partial, 10, P)
    assert scoring.band_accepts(6, partial, 10, P)
    assert not scoring.band_accepts(8.5, partial, 10, P)
    assert not scoring.band_accepts(5.9, partial, 10, P)
    assert scoring.band_top(partial, 10, 2) == 8
    assert scoring.band_top(P.band("failed"), 10, 2) == 6
    # the top of a band of an odd weight, rounded by hand, is accepted: 0.8 × 3.33 = 2.664 → 2.66 / 2.7
    assert scoring.band_accepts(2.7, partial, 3.33, P)


@pytest.mark.parametrize(
    "entered, raw, ok",
    [
        (8.33, 8.3333, True),
        (8.3, 8.3333, True),
        (8.34, 8.3333, False),
        (8, 8.3333, False),
        (9.38, 9.375, True),
        (9.4, 9.375, True),
        (9.37, 9.375, False),  # no banker's rounding
        (10, 10, True),
        (9.6, 10, False),
    ],
)
def test_accepts(entered, raw, ok):
    assert scoring.accepts(entered, raw, P) is ok


def test_funds_score():
    res = scoring.funds_score(80, 72, 10, 2)
    assert res.rate == 0.9 and res.score == 9
    over = scoring.funds_score(80, 88, 10, 2)
    assert over.rate == pytest.approx(1.1) and over.score == 10
    assert scoring.funds_score(0, 5, 10, 2) is None


def test_rate_accepts():
    assert scoring.rate_accepts(90, 0.9, P)
    assert scoring.rate_accepts(95.65, 0.95652, P)
    assert scoring.rate_accepts(95.7, 0.95652, P)
    assert scoring.rate_accepts(96, 0.95652, P)
    assert not scoring.rate_accepts(100, 0.9, P)
    assert scoring.rate_accepts(110, 1.1, P) and scoring.rate_accepts(100, 1.1, P)  # capped or not


@pytest.mark.parametrize("total, grade", [(100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.9, "中"),
                                          (60, "中"), (59.99, "差"), (0, "差")])
def test_grade(total, grade):
    assert scoring.grade(total, P) == grade


def test_round_half_up():
    assert scoring.round_half_up(9.375, 2) == 9.38
    assert scoring.round_half_up(8.245, 2) == 8.25
    assert scoring.round_half_up(0.125, 2) == 0.13
    assert scoring.round_half_up(96 / 97 * 10, 2) == 9.9


def test_round_half_up_leaves_huge_and_non_finite_numbers_alone():
    # found by the fuzz test: 1e26 overflowed Decimal's 28-digit context
    from evalxl.scoring import round_half_up

    assert round_half_up(1e26, 2) == 1e26
    assert round_half_up(float("inf"), 2) == float("inf")
    assert math.isnan(round_half_up(float("nan"), 2))
    assert round_half_up(9.375, 2) == 9.38
