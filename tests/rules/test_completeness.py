"""C: what is missing or left over (SPEC §3.7, §3.8; project fields). Each rule fires and
does not fire."""

from __future__ import annotations

from tablekit import MISSING, findings, full_funds, indicator, make_table, run

from evalxl.findings import Severity


def table(*rows, total=(100, None), **kw):
    rows = list(rows)
    weight = sum(r[6] for r in rows if isinstance(r[6], (int, float)))
    if weight < 90:
        rows.append(indicator("其余", "100%", "100%", 90 - weight, 90 - weight))
    return make_table(full_funds(), rows, total=total, **kw)


# --------------------------------------------------------------------------- C001


def test_actual_missing():
    result, a = run(table(indicator("a", "100%", None, 10, 10)))
    [f] = [f for f in result.findings if f.code == "C001"]
    assert f.severity == Severity.WARNING and f.cell == "F11" and "实际完成值未填" in f.message
    # Issue 12 (SPEC §3.7 as changed): the entered 10 is kept (was: counted 0)
    assert a.rows[0].counted == 10


def test_target_missing():
    [f] = findings(table(indicator("a", None, "100%", 10, 10)), "C001")
    assert f.cell == "E11" and "年度指标值未填" in f.message


def test_both_missing_reported_once():
    [f] = findings(table(indicator("a", None, None, 10, None)), "C001")
    assert f.cell == "F11" and "E11、F11" in f.message


def test_values_present():
    assert findings(table(indicator("a", "100%", "100%", 10, 10)), "C001") == []


def test_no_values_no_weight_is_a_leftover_not_c001():
    assert findings(table(indicator("a", None, None, None, None)), "C001") == []


# --------------------------------------------------------------------------- C002


def test_weight_missing():
    result, a = run(table(indicator("a", "100%", "100%", None, 10)))
    [f] = [f for f in result.findings if f.code == "C002"]
    assert f.severity == Severity.WARNING and f.cell == "G11"
    assert a.rows[0].counted == 10  # the entered score stands


def test_weight_not_a_number():
    [f] = findings(table(indicator("a", "100%", "100%", "十分", 10)), "C002")
    assert "不是数字" in f.message


def test_weight_present():
    assert findings(table(indicator("a", "100%", "100%", 10, 10)), "C002") == []


# --------------------------------------------------------------------------- C003


def test_leftover_row():
    [f] = findings(table(indicator("城乡居民医疗保障覆盖率", None, None, None, None)), "C003")
    assert f.severity == Severity.NOTICE and f.cell == "D11"


def test_row_with_weight_is_not_leftover():
    assert findings(table(indicator("a", None, None, 10, None)), "C003") == []


# --------------------------------------------------------------------------- C004


def test_explanation_missing_below_weight():
    [f] = findings(table(indicator("a", "12次", "10次", 10, 8.33, None)), "C004")
    assert f.severity == Severity.WARNING and f.cell == "I11"


def test_explanation_missing_even_when_score_rounds_to_full():
    # 99.6 ÷ 100 × 10 = 9.96, entered 10.0 is accepted (rounded to 1 decimal) but 9.96 < 10
    assert findings(table(indicator("a", "100%", "99.6%", 10, 10, None)), "C004") != []


def test_explanation_missing_for_a_deducted_qualitative_row():
    assert findings(table(indicator("a", "达成", "达成", 10, 9, None)), "C004") != []


def test_explanation_present():
    assert findings(table(indicator("a", "12次", "10次", 10, 8.33, "人手不足")), "C004") == []


def test_explanation_not_needed_at_full_score():
    assert findings(table(indicator("a", "12次", "12次", 10, 10, None)), "C004") == []


def test_explanation_not_checked_without_the_column():
    t = table(indicator("a", "12次", "10次", 10, 8.33, None))
    del t.indicator_columns["explanation"]
    assert findings(t, "C004") == []


def test_explanation_not_checked_for_unverifiable_rows():
    assert findings(table(indicator("a", None, None, 10, None, None)), "C004") == []


# --------------------------------------------------------------------------- C005


def test_unit_empty():
    [f] = findings(table(indicator("a", "1", "1", 10, 10), unit=None), "C005")
    assert f.severity == Severity.WARNING and f.cell == "E4" and "实施单位" in f.message


def test_department_label_missing():
    [f] = findings(table(indicator("a", "1", "1", 10, 10), department=MISSING), "C005")
    assert "主管部门" in f.message


def test_fields_filled():
    assert findings(table(indicator("a", "1", "1", 10, 10)), "C005") == []
