"""The worked examples of issue 4, each a test (SPEC §3)."""

from __future__ import annotations

import pytest
from tablekit import full_funds, indicator, make_table, run

from evalxl.findings import Severity


def one_row(target, actual, weight, score, level2="数量指标", name="指标", explanation="已说明"):
    # The funds and the other weights make the table otherwise right: 10 + weight + rest = 100.
    rows = [indicator(name, target, actual, weight, score, explanation, level2=level2)]
    rest = 90 - weight
    if rest:
        rows.append(indicator("其余指标", "100%", "100%", rest, rest, level2="质量指标"))
    return make_table(full_funds(), rows, total=(100, None))


def row_assessment(table):
    _, a = run(table)
    return a.rows[0]


def score_findings(table):
    """Errors on the first row's 得分 cell (H11: funds on rows 5–7, indicators from row 11)."""
    result, a = run(table)
    assert a.rows[0].score_address == "H11"
    return [f for f in result.findings if f.cell == "H11" and f.severity == Severity.ERROR]


@pytest.mark.parametrize(
    "target, actual, weight, expected",
    [
        ("96%", "97%", 10, 10),  # positive: 97 ≥ 96 → full
        ("12次", "10次", 10, 8.33),  # 10 ÷ 12 × 10 = 8.333 → 8.33
        ("≤15万元", "16万元", 10, 9.38),  # negative by operator: 15 ÷ 16 × 10 = 9.375 → 9.38
        ("≤10%", "12%", 10, 8.33),  # 10 ÷ 12 × 10 = 8.333 → 8.33
        (">95%", "96%", 10, 10),  # 96 > 95 → full
        ("100%", "97%", 20, 19.4),  # 97 ÷ 100 × 20 = 19.4
        ("≥90%", "88%", 10, 9.78),  # 88 ÷ 90 × 10 = 9.777 → 9.78
        ("100%", "120%", 10, 10),  # over-completion: full, never more
    ],
)
def test_quantitative_examples(target, actual, weight, expected):
    r = row_assessment(one_row(target, actual, weight, None))
    assert r.kind == "quantitative"
    assert r.expected == expected
    assert r.expected <= weight


def test_96_97_entered_96_is_flagged_fix_10():
    [f] = score_findings(one_row("96%", "97%", 10, 9.6))
    assert f.code == "I001" and f.entered == 9.6 and f.expected == 10
    assert f.fix.cell == "H11" and f.fix.value == 10
    assert "已达到年度指标值 96%" in f.message and "应记满分" in f.message
    assert f.message.startswith("H11 得分填报 9.6，应为 10：")


def test_96_97_entered_96_is_flagged_as_a_cost_too():
    # 成本指标 → negative: 96 ÷ 97 × 10 = 9.897 → 9.9; 9.6 is wrong either way.
    [f] = score_findings(one_row("96%", "97%", 10, 9.6, level2="成本指标"))
    assert f.code == "I001" and f.expected == 9.9


@pytest.mark.parametrize(
    "target, actual, weight, entered",
    [
        ("12次", "10次", 10, 8.33),
        ("12次", "10次", 10, 8.3),  # 8.333 rounded to 1 decimal
        ("≤15万元", "16万元", 10, 9.38),
        ("≤15万元", "16万元", 10, 9.4),  # 9.375 → 9.4
        ("≥90%", "88%", 10, 9.78),
        ("≥90%", "88%", 10, 9.8),
        ("100%", "97%", 20, 19.4),
        ("100%", "120%", 10, 10),
    ],
)
def test_entered_score_accepted_under_rounding(target, actual, weight, entered):
    assert score_findings(one_row(target, actual, weight, entered)) == []


@pytest.mark.parametrize(
    "target, actual, weight, entered, expected",
    [
        ("12次", "10次", 10, 8.0, 8.33),
        ("≤15万元", "16万元", 10, 10, 9.38),  # full marks for a cost above target
        ("≤10%", "12%", 10, 10, 8.33),
        ("≥90%", "88%", 10, 9.7, 9.78),
        ("100%", "97%", 20, 20, 19.4),
        ("100%", "120%", 10, 12, 10),  # more than the weight for over-completion
    ],
)
def test_entered_score_wrong(target, actual, weight, entered, expected):
    [f] = score_findings(one_row(target, actual, weight, entered))
    assert f.code == "I001" and f.expected == expected and f.fix.value == expected


def test_qualitative_partial_entered_full_is_corrected_to_8():
    # 健全 / 较健全 → 部分达成 (80–60%); entered 10 is outside; top of the band: 0.8 × 10 = 8.
    [f] = score_findings(one_row("健全", "较健全", 10, 10))
    assert f.code == "I002" and f.entered == 10 and f.expected == 8 and f.fix.value == 8
    assert "部分达成" in f.message


def test_qualitative_partial_entered_8_is_accepted():
    assert score_findings(one_row("健全", "较健全", 10, 8)) == []


def test_funds_72_of_80():
    # 72 ÷ 80 = 90%; 90% × 10 = 9.
    table = make_table(full_funds(80, 72, rate="100%", score=10), [indicator("a", "1", "1", 90, 90)], total=(100, 100))
    result, a = run(table)
    assert a.funds.rate == 0.9 and a.funds.expected == 9
    got = {f.code: f for f in result.findings if f.severity == Severity.ERROR}
    assert got["F001"].fix.value == 0.9 and got["F001"].cell == "H6"
    assert got["F002"].fix.value == 9 and got["F002"].cell == "I6"
    assert got["T001"].expected == 99  # 9 + 90
    assert result.rate == 0.9 and result.recomputed_total == 99


def test_funds_72_of_80_right():
    table = make_table(full_funds(80, 72, rate="90%", score=9), [indicator("a", "1", "1", 90, 90)], total=(100, 99))
    result, _ = run(table)
    assert [f for f in result.findings if f.severity != Severity.NOTICE] == []
