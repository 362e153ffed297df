"""W: the 分值 add up (SPEC §3 weights). Each rule fires and does not fire."""

from __future__ import annotations

from tablekit import findings, full_funds, make_table

from evalxl.findings import Severity


def rows(output=(20, 10, 10, 10), output_label=50, benefit=(15, 5, 5, 5), satisfaction=(10,)):
    out = []
    for level1, label, weights in (("产出指标", output_label, output), ("效益指标", 30, benefit),
                                   ("满意度指标", 10, satisfaction)):
        for i, w in enumerate(weights):
            out.append((level1, label, "数量指标", f"{level1}{i}", "100%", "100%", w, w, None))
    return out


def test_level1_sum_wrong():
    # 产出指标（50分）: 20 + 10 + 10 + 5 = 45 ≠ 50
    [f] = findings(make_table(full_funds(), rows(output=(20, 10, 10, 5)), total=(100, 95)), "W001")
    assert f.severity == Severity.ERROR and f.fix is None
    assert f.cell == "B11" and f.entered == 45 and f.expected == 50
    assert "合计 45（20 + 10 + 10 + 5）" in f.message


def test_level1_sum_right():
    assert findings(make_table(full_funds(), rows(), total=(100, 100)), "W001") == []


def test_level1_sum_ignores_leftovers_and_unlabelled_groups():
    r = rows()
    r.insert(4, ("产出指标", 50, "成本指标", "遗留", None, None, None, None, None))
    r += [("其他", None, "x", "无标注", "100%", "100%", 3, 3, None)]
    assert findings(make_table(full_funds(), r, total=(103, 103)), "W001") == []


def test_total_weight_sum_wrong():
    # 10 + 45 + 30 + 10 = 95 ≠ 100 (总分行的分值)
    t = make_table(full_funds(), rows(output=(20, 10, 10, 5), output_label=45), total=(100, 95))
    [f] = findings(t, "W002")
    assert f.severity == Severity.ERROR and f.cell == "G20" and f.entered == 95 and f.expected == 100


def test_total_weight_sum_against_profile_when_no_total_weight():
    t = make_table(full_funds(), rows(output=(20, 10, 10, 5), output_label=45), total=(None, 95))
    [f] = findings(t, "W002")
    assert f.expected == 100 and "规则配置" in f.message


def test_total_weight_sum_against_total_row():
    # the 总分 row says 95 and everything adds up to 95: right
    t = make_table(full_funds(), rows(output=(20, 10, 10, 5), output_label=45), total=(95, 95))
    assert findings(t, "W002") == []


def test_total_weight_sum_right():
    assert findings(make_table(full_funds(), rows(), total=(100, 100)), "W002") == []


def test_total_weight_not_checked_without_funds():
    assert findings(make_table(None, rows(), total=(100, 100)), "W002") == []


def test_level1_repeated_on_every_row_is_one_group():
    # 一级 written on each row (not merged): each row has its own label address.
    r = rows()
    t = make_table(full_funds(), r, total=(100, 100))
    for ind in t.indicators:
        ind.level1_address = f"B{ind.row}"
    assert findings(t, "W001") == []


def test_level1_groups_split_when_the_label_changes():
    # 产出指标（50分） 20 + 10 | 效益指标（30分） 30 | 产出指标（50分） again 20 → the last group is 20 ≠ 50
    r = [("产出指标", 50, "x", "a", "1", "1", 20, 20, None), ("产出指标", 50, "x", "b", "1", "1", 30, 30, None),
         ("效益指标", 30, "x", "c", "1", "1", 30, 30, None), ("产出指标", 50, "x", "d", "1", "1", 10, 10, None)]
    [f] = findings(make_table(full_funds(), r, total=(100, 100)), "W001")
    assert f.entered == 10 and f.cell == "B14"
