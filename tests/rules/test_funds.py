"""F: the funds block (SPEC §3.1, §3.2). Each rule fires and does not fire."""

from __future__ import annotations

import pytest
from tablekit import C, Layout, findings, full_funds, indicator, make_table, run

from evalxl.findings import Severity

ROWS = [indicator("a", "100%", "100%", 90, 90)]


def table(funds, total=(100, None), **kw):
    return make_table(funds, ROWS, total=total, **kw)


# --------------------------------------------------------------------------- F001


def test_rate_wrong():
    [f] = findings(table(full_funds(80, 72, rate="100%", score=9)), "F001")
    assert f.cell == "H6" and f.severity == Severity.ERROR
    assert f.entered == "100%" and f.expected == 0.9
    assert f.fix.value == 0.9 and f.fix.number_format == "0.00%"
    assert "72 ÷ 全年预算数 80 = 90%" in f.message


def test_rate_fix_keeps_the_cells_percent_format():
    [f] = findings(table(full_funds(80, 72, rate=C(1, "0.0%"), score=9)), "F001")
    assert f.fix.number_format == "0.0%" and f.extra["entered_text"] == "100%"


@pytest.mark.parametrize("rate", ["90%", C(0.9, "0%"), 0.9, "90.00%", C(0.9, "0.00%")])
def test_rate_right(rate):
    assert findings(table(full_funds(80, 72, rate=rate, score=9)), "F001") == []


@pytest.mark.parametrize("rate", ["110%", "100%"])
def test_rate_above_budget_capped_or_not_is_right(rate):
    assert findings(table(full_funds(80, 88, rate=rate, score=10)), "F001") == []


def test_rate_rounded_to_whole_percent_is_right():
    # 22 ÷ 23 = 95.65%: shown as 96%, 95.7% or 95.65% it is right.
    for rate in ("96%", "95.7%", "95.65%"):
        assert findings(table(full_funds(23, 22, rate=rate, score=9.57)), "F001") == []
    assert findings(table(full_funds(23, 22, rate="95%", score=9.57)), "F001") != []


def test_rate_formula_without_cache_is_not_checked():
    rate = C(None, formula="=F6/E6", cached=False)
    assert findings(table(full_funds(80, 72, rate=rate, score=9)), "F001") == []


# --------------------------------------------------------------------------- F002


def test_score_wrong():
    [f] = findings(table(full_funds(80, 72, rate="90%", score=10)), "F002")
    assert f.cell == "I6" and f.entered == 10 and f.expected == 9 and f.fix.value == 9
    assert "90% × 分值 10 = 9" in f.message


def test_score_as_text_is_wrong():
    [f] = findings(table(full_funds(80, 72, rate="90%", score="满分")), "F002")
    assert f.expected == 9


@pytest.mark.parametrize("score", [9, 9.0, "9"])
def test_score_right(score):
    assert findings(table(full_funds(80, 72, rate="90%", score=score)), "F002") == []


def test_score_rounding():
    # 7 ÷ 9 × 10 = 7.777…: 7.78 and 7.8 are right, 7.7 is not.
    assert findings(table(full_funds(9, 7, rate="77.78%", score=7.78)), "F002") == []
    assert findings(table(full_funds(9, 7, rate="77.78%", score=7.8)), "F002") == []
    [f] = findings(table(full_funds(9, 7, rate="77.78%", score=7.7)), "F002")
    assert f.expected == 7.78


def test_denominator_is_annual_budget_then_initial():
    # 年初 100, 全年 80, 执行 80: the rate is 80 ÷ 80 (全年预算数), not 80 ÷ 100.
    funds = {"total": [100, 80, 80, 10, "100%", 10], "current": [100, 80, 80, "-", "-", "-"]}
    result, a = run(table(funds, total=(100, 100)))
    assert a.funds.rate == 1 and a.funds.budget_label == "全年预算数"
    assert [f for f in result.findings if f.severity == Severity.ERROR] == []
    # without a 全年预算数 column, 年初预算数 is the denominator
    lay = Layout(funds={"initial_budget": "D", "executed": "E", "weight": "F", "score": "G"},
                 funds_order=("initial_budget", "executed", "weight", "score"))
    result, a = run(make_table({"total": [100, 80, 10, 8]}, ROWS, total=(100, 98), layout=lay))
    assert a.funds.rate == 0.8 and a.funds.budget_label == "年初预算数" and a.funds.expected == 8
    assert [f for f in result.findings if f.severity == Severity.ERROR] == []


def test_weight_from_cell_then_header_then_profile():
    rows15 = [indicator("a", "100%", "100%", 85, 85)]
    # the row's 分值 cell
    _, a = run(make_table({"total": [80, 80, 72, 15, "90%", 13.5]}, rows15, total=(100, 98.5)))
    assert (a.funds.weight, a.funds.weight_source, a.funds.expected) == (15, "cell", 13.5)
    # no 分值 cell: 分值（15分） in the header
    _, a = run(make_table({"total": [80, 80, 72, None, "90%", 13.5]}, rows15, total=(100, 98.5), header_weight=15))
    assert (a.funds.weight, a.funds.weight_source, a.funds.expected) == (15, "header", 13.5)
    # neither: the profile's funds weight (10)
    _, a = run(make_table({"total": [80, 80, 72, None, "90%", 9]}, ROWS, total=(100, 99)))
    assert (a.funds.weight, a.funds.weight_source, a.funds.expected) == (10, "profile", 9)


# --------------------------------------------------------------------------- F003


def test_score_as_percent():
    [f] = findings(table(full_funds(80, 80, score="100%")), "F003")
    assert f.cell == "I6" and f.entered == "100%" and f.expected == 10 and f.fix.value == 10
    assert findings(table(full_funds(80, 80, score="100%")), "F002") == []  # reported once


def test_score_as_percent_stored_as_fraction():
    [f] = findings(table(full_funds(80, 72, rate="90%", score=C(0.9, "0%"))), "F003")
    assert f.expected == 9 and f.fix.number_format == "General" and f.extra["entered_text"] == "90%"


def test_score_as_percent_without_amounts_has_no_fix():
    [f] = findings(table({"total": [80, 80, None, 10, None, "100%"]}), "F003")
    assert f.fix is None and f.expected is None


def test_score_not_percent():
    assert findings(table(full_funds(80, 80, score=10)), "F003") == []


# --------------------------------------------------------------------------- F004


def test_over_budget():
    result, a = run(table(full_funds(80, 88, rate="110%", score=10), total=(100, 100)))
    [f] = [f for f in result.findings if f.code == "F004"]
    assert f.severity == Severity.WARNING and f.cell == "F6"
    assert a.funds.expected == 10  # capped
    assert [f for f in result.findings if f.severity == Severity.ERROR] == []


def test_not_over_budget():
    assert findings(table(full_funds(80, 80)), "F004") == []


# --------------------------------------------------------------------------- F005


def test_sources_do_not_add_up():
    funds = {
        "total": [24, 24, 24, 10, "100%", 10],
        "current": [10, 10, 10, "-", None, "-"],
        "carryover": [None, None, None, "-", None, "-"],
        "other": [13, 14, 14, "-", None, "-"],  # 10 + 13 = 23 ≠ 24 in 年初预算数 only
    }
    [f] = findings(table(funds), "F005")
    assert f.cell == "D6" and f.severity == Severity.ERROR and f.fix is None
    assert "当年财政拨款 10 + 上年结转资金 0 + 其他资金 13 = 23" in f.message
    assert f.entered == 23 and f.expected == 24 and f.extra["column"] == "年初预算数"


def test_sources_add_up():
    funds = {
        "total": [24, 24, 24, 10, "100%", 10],
        "current": [10, 10, 10, "-", None, "-"],
        "carryover": [None, None, None, "-", None, "-"],
        "other": [14, 14, 14, "-", None, "-"],
    }
    assert findings(table(funds), "F005") == []


def test_sources_with_decimals_add_up():
    funds = {"total": [14.3, 14.3, 14.3, 10, "100%", 10], "current": [10.1, 10.1, 10.1], "other": [4.2, 4.2, 4.2]}
    assert findings(table(funds), "F005") == []


def test_blank_sources_are_not_checked():
    funds = {"total": [24, 24, 24, 10, "100%", 10], "current": [None, None, None, "-", "-", "-"]}
    assert findings(table(funds), "F005") == []


# --------------------------------------------------------------------------- F006


def test_amount_missing_keeps_the_entered_score():
    # Issue 12 (SPEC §3.7 as changed): an unverifiable funds score is kept (was: counted 0,
    # total rewritten to 90).
    result, a = run(table({"total": [80, 80, None, 10, None, 10], "current": [80, 80, 0]}, total=(100, 100)))
    [f] = [f for f in result.findings if f.code == "F006"]
    assert f.severity == Severity.WARNING and f.cell == "F6"  # the column of the 全年执行数 header
    assert a.funds.counted == 10
    assert result.recomputed_total == 100  # 10 kept + 90
    assert not [f for f in result.findings if f.code == "T001"]


def test_zero_budget():
    [f] = findings(table({"total": [0, 0, 0, 10, None, 10]}), "F006")
    assert "为 0" in f.message


def test_amounts_present():
    assert findings(table(full_funds()), "F006") == []


# --------------------------------------------------------------------------- F007


def test_score_empty_with_fix():
    [f] = findings(table(full_funds(80, 72, rate="90%", score=None)), "F007")
    assert f.cell == "I6" and f.expected == 9 and f.fix.value == 9  # column taken from the "-" below


def test_score_empty_cell_is_found_by_its_column():
    """A blank funds 得分 has no cell in the model; its address comes from the 得分 header's
    column, so the score can still be written in: 72 ÷ 80 = 90%, × 10 = 9."""
    [f] = findings(table({"total": [80, 80, 72, 10, "90%", None]}), "F007")
    assert f.cell == "I6" and f.fix is not None and f.fix.cell == "I6" and f.fix.value == 9


def test_score_filled():
    assert findings(table(full_funds()), "F007") == []


# --------------------------------------------------------------------------- F008


def test_no_funds_block():
    result, a = run(make_table(None, ROWS, total=(100, 100)))
    [f] = [f for f in result.findings if f.code == "F008"]
    assert f.severity == Severity.WARNING
    assert result.recomputed_total is None and result.grade is None
    assert not [f for f in result.findings if f.code in ("T001", "W002")]


def test_no_total_row_in_funds():
    [f] = findings(make_table({"current": [80, 80, 80]}, ROWS, total=(100, 100)), "F008")
    assert "年度资金总额" in f.message


def test_funds_block_present():
    assert findings(table(full_funds()), "F008") == []
