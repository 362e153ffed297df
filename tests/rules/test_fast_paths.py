"""The short paths of the rules (issue 18, round 2) against the plain ones they replace,
on the cases where they could part: memoised unit readings, band bounds, the numeric
short cut of is_instruction and the spelled-out leftover test."""

from __future__ import annotations

import math

from evalxl import scoring
from evalxl.model import Cell, Empty, Indicator, Quantity, Text
from evalxl.profile import national
from evalxl.rules.cells import _INSTRUCTION, is_instruction

P = national()


def _comparable_direct(target, actual):
    """comparable() before its unit reading was memoised (the reference)."""
    if not isinstance(target, Quantity) or not isinstance(actual, Quantity):
        return None
    tq, aq = scoring.squash(target.qualifier), scoring.squash(actual.qualifier)
    if tq and aq and tq != aq:
        return None
    tu, au = scoring._unit(target.unit), scoring._unit(actual.unit)
    t, a = float(target.number), float(actual.number)
    if tu == au:
        return t, a
    if tu and au:
        (tb, tf), (ab, af) = scoring._scaled(tu), scoring._scaled(au)
        return (t * tf, a * af) if tb == ab else None
    if tu == "%" and abs(a) <= 1 and abs(t) > 1:
        return t, a * 100
    if au == "%" and abs(t) <= 1 and abs(a) > 1:
        return t * 100, a
    return t, a


def test_comparable_with_memoised_units_equals_the_direct_reading():
    q = Quantity
    pairs = [
        (q(96, "%"), q(97, "%")), (q(96, "%"), q(0.97)), (q(0.96), q(97, "%")), (q(96, "%"), q(97)),
        (q(15, "万元", "<="), q(150000, "元")), (q(1.2, "万人次"), q(12000, "人次")), (q(12, "次"), q(10, "个")),
        (q(100, "元", qualifier="每人每月"), q(120, "元", qualifier="每人每月")),
        (q(100, "元", qualifier="每人每月"), q(120, "元", qualifier="每人每年")), (q(5, "日"), q(4, "天")),
        (q(-0.0, "%"), q(0.0)), (q(0.5), q(50, "%")), (q(2), q(150, "%")), (q(3, "亿元"), q(2, "万元")),
    ]
    for t, a in pairs + [(b, a) for a, b in pairs]:
        for _ in range(2):  # the second time from the memo
            got, want = scoring.comparable(t, a), _comparable_direct(t, a)
            assert got == want, (t, a)
            if got is not None:  # the sign of a zero survives too
                assert [math.copysign(1, x) for x in got] == [math.copysign(1, x) for x in want]
    # by hand: 0.97 against 96% is a fraction (97 against 96); 15万元 ≤ against 150000元 is 150000 vs 150000
    assert scoring.comparable(q(96, "%"), q(0.97)) == (96.0, 97.0)
    assert scoring.comparable(q(15, "万元", "<="), q(150000, "元")) == (150000.0, 150000.0)
    assert scoring.comparable(q(12, "次"), q(10, "个")) is None
    assert scoring.comparable(Text("健全"), q(1)) is None


def test_band_accepts_with_memoised_bounds():
    # partial band 60%–80% of 分值 7.5: 4.5 … 6.0 (tolerance 0.005·7.5 either side, P.tolerance)
    band = P.band("partial")
    assert (band.low, band.high) == (0.6, 0.8)
    for w, inside, outside in ((7.5, (4.5, 6.0, 5.2), (4.4, 6.1)), (10, (6, 8), (5.9, 8.1)), (10.0, (6.0, 8.0), (8.2,))):
        for _ in range(2):
            assert all(scoring.band_accepts(e, band, w, P) for e in inside)
            assert not any(scoring.band_accepts(e, band, w, P) for e in outside)
    # 分值 3.33: 60% is 1.998, rounded 2.0 (1 decimal) and 2.0 (2 decimals): the band starts at 1.998
    assert scoring.band_accepts(1.998, band, 3.33, P)
    assert scoring._band_bounds(0.6, 0.8, 3.33, (2, 1)) == (1.998, 2.7)  # 0.8 × 3.33 = 2.664 → 2.66 / 2.7


def _instruction_direct(cell):
    return cell is not None and bool(_INSTRUCTION.search(cell.text))


def test_is_instruction_short_cut_for_numbers_and_blanks():
    cells = [
        Cell("A1", 100, Quantity(100)), Cell("A1", 96.5, Quantity(96.5, "%")), Cell("A1", None, Empty()),
        Cell("A1", "100字以内", Empty()), Cell("A1", "对照年度目标，说明相关任务目标的完成情况", Empty()),
        Cell("A1", "未达到90%的需说明原因", Text("未达到90%的需说明原因")), Cell("A1", "达成", Text("达成")),
        Cell("A1", True, Text("TRUE")), None,
        # the word test before the regex: 说明 / 字以内 present but no branch matches, and the reverse
        Cell("A1", "使用说明书已发放", Text("使用说明书已发放")), Cell("A1", "字以内", Text("字以内")),
        Cell("A1", "  对照目标说明  ", Text("对照目标说明")), Cell("A1", "50 字以内", Empty()),
    ]
    for c in cells:
        assert is_instruction(c) == _instruction_direct(c)
    assert [is_instruction(c) for c in cells[3:6]] == [True, True, True]


def test_is_leftover_on_blank_dash_and_filled_rows():
    blank, dash = Cell("E5", None, Empty()), Cell("E5", "—", Empty())
    ten = Cell("F5", 10, Quantity(10))
    cases = [
        Indicator(5, "产出指标", None, None, "数量指标", "x"),
        Indicator(5, "产出指标", None, None, "数量指标", "x", target=blank, actual=dash),
        Indicator(5, "产出指标", None, None, "数量指标", "x", weight=ten),
        Indicator(5, "产出指标", None, None, "数量指标", "x", target=blank, score=ten),
    ]
    assert [i.is_leftover for i in cases] == [True, True, False, False]


def test_quantity_text_memo_keyed_by_fields_shows_as_str():
    from evalxl.rules.cells import shown

    # by hand: ≥90%, 每人每月120元, 1.5万元; 10 and 10.0 both show "10次"
    cases = [(Quantity(90, "%", ">="), 0.9, "≥90%"), (Quantity(120, "元", qualifier="每人每月"), 120, "每人每月120元"),
             (Quantity(1.5, "万元"), 1.5, "1.5万元"), (Quantity(10, "次"), 10, "10次"), (Quantity(10.0, "次"), 10.0, "10次")]
    for _ in range(2):
        for q, raw, want in cases:
            assert shown(Cell("A1", raw, q)) == want == str(q)
