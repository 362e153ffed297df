"""I: the indicator scores (SPEC §3.3–§3.5). Each rule fires and does not fire; the one
error per cell precedence."""

from __future__ import annotations

import pytest
from tablekit import C, findings, full_funds, indicator, make_table, run

from evalxl.findings import Severity

SCORE = "H11"  # the first indicator's 得分 (funds on rows 5–7, indicators from row 11)


def single(target, actual, weight, score, name="指标", level2="数量指标", explanation="已说明"):
    rows = [indicator(name, target, actual, weight, score, explanation, level2=level2)]
    if weight < 90:
        rows.append(indicator("其余", "100%", "100%", 90 - weight, 90 - weight, level2="质量指标"))
    return make_table(full_funds(), rows, total=(100, None))


def at(table, code=None):
    result, _ = run(table)
    return [f for f in result.findings if f.cell == SCORE and (code is None or f.code == code)]


# --------------------------------------------------------------------------- I001


def test_quantitative_wrong():
    [f] = at(single("12次", "10次", 10, 10), "I001")
    assert f.severity == Severity.ERROR and f.expected == 8.33 and f.fix == f.fix.__class__(SCORE, 8.33, None)
    assert "10÷12×10 = 8.33" in f.message and "未达到" in f.message


def test_quantitative_right():
    assert at(single("12次", "10次", 10, 8.33), "I001") == []
    assert at(single("12次", "12次", 10, 10), "I001") == []


def test_negative_by_keyword_without_operator():
    # 费用 in the name, no operator: 100 ÷ 120 × 10 = 8.33
    [f] = at(single("100万元", "120万元", 10, 10, name="审计费用"), "I001")
    assert f.expected == 8.33 and "费用" in f.message


def test_negative_met_below_target():
    assert at(single("≤15万元", "14万元", 10, 10), "I001") == []


def test_percent_against_bare_fraction():
    # 96% against 0.97 typed without a % format: 0.97 reads as 97% → met.
    assert at(single("96%", 0.97, 10, 10), "I001") == []
    [f] = at(single("96%", 0.97, 10, 9.6), "I001")
    assert f.expected == 10


def test_percent_stored_as_fraction_with_format():
    assert at(single(C(0.96, "0%"), C(0.97, "0%"), 10, 10)) == []


def test_actual_with_operator_uses_its_number():
    assert at(single("95%", ">95%", 10, 10)) == []
    assert at(single(">95%", ">95%", 10, 10)) == []


def test_percentage_in_indicator_score_is_wrong():
    [f] = at(single("100%", "100%", 10, "100%"), "I001")
    assert f.expected == 10 and f.entered == "100%"


def test_fix_writes_a_number_over_a_percent_format():
    [f] = at(single("100%", "100%", 10, C(0.9, "0%")), "I001")
    assert f.fix.number_format == "General"


# --------------------------------------------------------------------------- I002


def test_qualitative_partial_full_marks_wrong():
    [f] = at(single("健全", "较健全", 10, 10), "I002")
    assert f.expected == 8 and f.fix.value == 8


def test_qualitative_failed():
    [f] = at(single("完成全年任务", "未完成", 10, 10), "I002")
    assert f.expected == 6  # top of 未达成: 0.6 × 10
    assert at(single("完成全年任务", "未完成", 10, 5)) == []


def test_qualitative_achieved_band():
    # identical text: 达成, scores 8–10 are in the band; 7 is not → 10.
    assert at(single("达成预期指标", "达成预期指标", 10, 9)) == []
    assert at(single("达成预期指标", "达成预期指标", 10, 8)) == []
    [f] = at(single("达成预期指标", "达成预期指标", 10, 7), "I002")
    assert f.expected == 10


def test_qualitative_band_unknown_stands():
    table = single("有效缓解", "明显改善", 10, 3)
    result, a = run(table)
    assert at(table) == []
    assert a.rows[0].counted == 3 and a.rows[0].expected is None


# --------------------------------------------------------------------------- I003


def test_out_of_bounds_when_band_unknown():
    [f] = at(single("有效缓解", "明显改善", 10, 12))
    assert f.code == "I003" and f.fix is None and f.expected is None
    assert "超过分值 10" in f.message


def test_negative_score():
    [f] = at(single("有效缓解", "明显改善", 10, -1))
    assert f.code == "I003" and "小于 0" in f.message


def test_out_of_bounds_reported_once_by_the_recomputing_rule():
    [f] = at(single("99%", "99%", 10, 30))
    assert f.code == "I001" and f.expected == 10 and f.extra["suppressed"] == ["I003"]


def test_in_bounds():
    assert at(single("有效缓解", "明显改善", 10, 10), "I003") == []


# --------------------------------------------------------------------------- I004


def test_score_empty_computable():
    [f] = at(single("100%", "97%", 20, None), "I004")
    assert f.expected == 19.4 and f.fix.value == 19.4 and f.fix.cell == SCORE


def test_score_filled_not_empty():
    assert at(single("100%", "97%", 20, 19.4), "I004") == []


# --------------------------------------------------------------------------- I005


def test_not_comparable():
    table = single("12次", "100%", 10, 9)
    result, a = run(table)
    [f] = [f for f in result.findings if f.code == "I005"]
    assert f.severity == Severity.WARNING and f.cell == "F11"
    assert a.rows[0].counted == 9  # the entered score stands
    assert at(table, "I001") == []


def test_comparable_units_not_reported():
    assert findings(single("12次", "10次", 10, 8.33), "I005") == []


# --------------------------------------------------------------------------- I006


def test_score_missing_and_unknown():
    [f] = findings(single("有效缓解", "明显改善", 10, None), "I006")
    assert f.severity == Severity.WARNING and f.cell == SCORE


def test_score_text_and_unknown():
    [f] = findings(single("有效缓解", "明显改善", 10, "满分"), "I006")
    assert "不是数字" in f.message


def test_score_missing_but_computable_is_i004_not_i006():
    assert findings(single("100%", "100%", 10, None), "I006") == []


@pytest.mark.parametrize("target, actual", [("达成", "达成"), ("12次", "12次")])
def test_a_right_row_gives_nothing(target, actual):
    result, _ = run(single(target, actual, 10, 10))
    assert [f for f in result.findings if f.code.startswith("I")] == []
