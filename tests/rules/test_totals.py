"""T: the total and the grade (SPEC §3.6, §3.9, §3.10). Each rule fires and does not fire."""

from __future__ import annotations

from tablekit import C, findings, full_funds, indicator, make_table, run

from evalxl.findings import Severity


def rows(scores=(8.33, 8.33)):
    # two rows 12次 / 10次 worth 10 (8.333 each) and one right row worth 70
    return [indicator("a", "12次", "10次", 10, scores[0]), indicator("b", "12次", "10次", 10, scores[1]),
            indicator("c", "100%", "100%", 70, 70)]


def test_total_wrong():
    # 10 + 8.33 + 8.33 + 70 = 96.66
    [f] = findings(make_table(full_funds(), rows(), total=(100, 100)), "T001")
    assert f.severity == Severity.ERROR and f.entered == 100 and f.expected == 96.66 and f.fix.value == 96.66
    assert "资金得分 10 + 各指标得分 86.66 = 96.66" in f.message


def test_total_right():
    assert findings(make_table(full_funds(), rows(), total=(100, 96.66)), "T001") == []


def test_total_of_rows_rounded_by_hand_is_right():
    # rows entered 8.3 (accepted): 10 + 8.3 + 8.3 + 70 = 96.6; the exact 96.67 is right too.
    assert findings(make_table(full_funds(), rows((8.3, 8.3)), total=(100, 96.6)), "T001") == []
    assert findings(make_table(full_funds(), rows((8.3, 8.3)), total=(100, 96.67)), "T001") == []
    assert findings(make_table(full_funds(), rows((8.3, 8.3)), total=(100, 96.7)), "T001") == []
    assert findings(make_table(full_funds(), rows((8.3, 8.3)), total=(100, 96.5)), "T001") != []


def test_total_uses_recomputed_rows():
    # row a entered 10 (wrong, 8.33): the total of the entered scores (98.33) is wrong too.
    result, _ = run(make_table(full_funds(), rows((10, 8.33)), total=(100, 98.33)))
    t = [f for f in result.findings if f.code == "T001"]
    assert t and t[0].expected == 96.66
    assert "H11 应为 8.33" in t[0].message


def test_formula_total_with_wrong_cached_value():
    total = {"weight": 100, "score": C(100, formula="=SUM(H11:H13)+I6")}
    [f] = findings(make_table(full_funds(), rows(), total=total), "T001")
    assert f.expected == 96.66 and "=SUM(H11:H13)+I6" in f.message and f.extra["formula"] == "=SUM(H11:H13)+I6"


def test_formula_total_with_right_cached_value():
    total = {"weight": 100, "score": C(96.66, formula="=SUM(H11:H13)+I6")}
    assert findings(make_table(full_funds(), rows(), total=total), "T001") == []


def test_formula_total_without_cached_value():
    total = {"weight": 100, "score": C(None, formula="=SUM(H11:H13)+I6", cached=False)}
    result, _ = run(make_table(full_funds(), rows(), total=total))
    got = [f for f in result.findings if f.code.startswith("T")]
    assert [f.code for f in got] == ["T002"]
    assert got[0].severity == Severity.NOTICE and got[0].expected == 96.66 and got[0].fix is None


def test_formula_total_with_cached_value_is_not_t002():
    total = {"weight": 100, "score": C(96.66, formula="=SUM(H11:H13)+I6")}
    assert findings(make_table(full_funds(), rows(), total=total), "T002") == []


def test_total_empty():
    [f] = findings(make_table(full_funds(), rows(), total=(100, None)), "T003")
    assert f.severity == Severity.ERROR and f.cell == "H14" and f.fix.value == 96.66


def test_total_filled():
    assert findings(make_table(full_funds(), rows(), total=(100, 96.66)), "T003") == []


def test_total_row_missing():
    [f] = findings(make_table(full_funds(), rows(), total=None), "T004")
    assert f.severity == Severity.WARNING and f.expected == 96.66


def test_total_row_present():
    assert findings(make_table(full_funds(), rows(), total=(100, 96.66)), "T004") == []


def test_grade_changed():
    # entered 90 (优), recomputed 10 + 8.33 + 8.33 + 80 ÷ 100 × 70 (56) = 82.66 (良)
    r = [indicator("a", "12次", "10次", 10, 8.33), indicator("b", "12次", "10次", 10, 8.33),
         indicator("c", "100%", "80%", 70, 56, "原因")]
    result, _ = run(make_table(full_funds(), r, total=(100, 90)))
    [g] = [f for f in result.findings if f.code == "T005"]
    assert g.severity == Severity.WARNING and (g.entered, g.expected) == ("优", "良")
    assert result.grade == "良" and result.recomputed_total == 82.66


def test_grade_unchanged():
    assert findings(make_table(full_funds(), rows(), total=(100, 96)), "T005") == []  # 96 and 96.66: 优
