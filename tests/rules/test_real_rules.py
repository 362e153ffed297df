"""Rules that hold on real data (issue 12, SPEC §3 as changed): unverifiable rows keep their
entered score, ★ rows judged by their 「其中」 sub-rows, met rows scored below full, the
profile options, bonus clauses, unfilled tables. Expected values worked by hand in the
comments.

Layout (tablekit): funds header row 5, 年度资金总额 row 6 (D 年初 E 全年 F 执行 G 分值 H 执行率
I 得分), 当年财政拨款 row 7; indicators from row 11 (E 年度指标值, F 实际完成值, G 分值,
H 得分, I 偏差原因); the 总分 row after the last indicator (G 分值, H 得分).
"""

from __future__ import annotations

import dataclasses

import pytest
from tablekit import Layout, cell, findings, full_funds, indicator, make_table, run

from evalxl.findings import Severity
from evalxl.model import Cell, Indicator, Quantity
from evalxl.profile import load_profile, national


def codes_at(result, address):
    return sorted(f.code for f in result.findings if f.cell == address)


def blank_rows(n, score=10, weight=10):
    """Rows whose target is written into the name only: 年度指标值 and 实际完成值 blank."""
    return [indicator(f"完成第{i}项任务≥3处", None, None, weight, score) for i in range(n)]


# --------------------------------------------------------------------------- 1. unverifiable rows


def test_total_over_unverifiable_full_rows_is_not_rewritten():
    # funds 10 + four unverifiable rows entered 10 each (kept) + one verified row 50 = 100:
    # the entered 100 is right with those scores kept (was: rewritten to 10 + 0 + 50 = 60).
    t = make_table(full_funds(), blank_rows(4) + [indicator("覆盖率", "≥100%", "100%", 50, 50)], total=(100, 100))
    result, a = run(t)
    assert not [f for f in result.findings if f.code in ("T001", "T003")]
    assert result.recomputed_total == 100
    assert result.unverified_points == 40 and a.unverified_points == 40
    c001 = [f for f in result.findings if f.code == "C001"]
    assert len(c001) == 4 and all("按填报得分 10 计入重算总分" in f.message for f in c001)
    [t006] = [f for f in result.findings if f.code == "T006"]
    assert t006.severity == Severity.NOTICE and t006.cell == "H16"  # total row: 11 + 5 rows
    assert "40 分无法核对" in t006.message and "H11、H12、H13、H14" in t006.message


def test_unverifiable_score_is_kept_within_its_weight():
    # entered 12 on a row worth 10 counts 10; 10 + 10 + 80 = 100, so the entered 102 is wrong.
    rows = [indicator("道路硬化≥3公里", None, None, 10, 12), indicator("其余", "100%", "100%", 80, 80)]
    result, a = run(make_table(full_funds(), rows, total=(100, 102)))
    assert a.rows[0].counted == 10
    [f] = [f for f in result.findings if f.code == "T001"]
    assert f.expected == 100 and "其中 10 分无法核对" in f.message
    assert result.unverified_points == 10


def test_total_wrong_with_scores_kept_is_corrected():
    # 10 + 4 × 10 (kept) + 50 = 100, entered 95 → 100.
    t = make_table(full_funds(), blank_rows(4) + [indicator("覆盖率", "≥100%", "100%", 50, 50)], total=(100, 95))
    [f] = findings(t, "T001")
    assert f.expected == 100 and f.fix.value == 100


def test_only_the_target_missing_keeps_the_score_too():
    # target blank, actual 100%, entered 8 on 10: kept as 8; 10 + 8 + 80 = 98.
    rows = [indicator("满意度≥95%", None, "100%", 10, 8), indicator("其余", "100%", "100%", 80, 80)]
    result, _ = run(make_table(full_funds(), rows, total=(100, 98)))
    assert result.recomputed_total == 98 and result.unverified_points == 8
    assert not [f for f in result.findings if f.code == "T001"]


def test_funds_without_executed_keeps_its_entered_score():
    # 全年执行数 blank, entered funds score 9 kept: 9 + 90 = 99 = the entered total.
    funds = {"total": [80, 80, None, 10, None, 9], "current": [80, 80, None, "-", "-", "-"]}
    result, _ = run(make_table(funds, [indicator("a", "100%", "100%", 90, 90)], total=(100, 99)))
    assert result.recomputed_total == 99 and result.unverified_points == 9
    assert not [f for f in result.findings if f.code == "T001"]


def test_verified_table_has_no_unverified_points():
    result, _ = run(make_table(full_funds(), [indicator("a", "100%", "100%", 90, 90)], total=(100, 100)))
    assert result.unverified_points == 0
    assert not [f for f in result.findings if f.code == "T006"]


def test_unverified_points_in_findings_json():
    from evalxl.writers.findings_json import table_data

    t = make_table(full_funds(), blank_rows(2) + [indicator("a", "100%", "100%", 70, 70)], total=(100, 100))
    result, _ = run(t)
    data = table_data(result)
    assert data["unverified_points"] == 20 and data["recomputed_total"] == 100 and data["unfilled"] is False


def test_summary_main_problems_names_unverified_points():
    from evalxl.writers.sheetkit import main_problems

    t = make_table(full_funds(), blank_rows(2) + [indicator("a", "100%", "100%", 70, 70)], total=(100, 100))
    result, _ = run(t)
    assert main_problems(result).startswith("20 分无法核对")


# --------------------------------------------------------------------------- 2. ★ rows and 其中 sub-rows


def star_table(subs, score, weight=10, total=None):
    """A ★ row (values on its 「其中」 sub-rows) and a row worth the rest; sub-rows are parts
    of the ★ row, not indicators (as the reader gives them)."""
    t = make_table(full_funds(), [indicator("★新建蓄水池", None, None, weight, score),
                                  indicator("其余", "100%", "100%", 90 - weight, 90 - weight)], total=(100, total))
    parent = t.indicators[0]
    for i, (name, target, actual) in enumerate(subs):
        parent.sub_rows.append(Indicator(row=100 + i, level1="产出指标", level1_weight=None, level1_address=None,
                                         level2="数量指标", name=name, target=cell(f"E{100 + i}", target),
                                         actual=cell(f"F{100 + i}", actual)))
    return t


def test_star_row_with_every_sub_row_met_is_due_full_marks():
    # 520 ≥ 500 吨 and 2 ≥ 2 座: met → 10; entered 9 is wrong.
    t = star_table([("其中：容积", "≥500吨", "520吨"), ("其中：座数", "≥2座", "2座")], 9)
    [f] = findings(t, "I001")
    assert f.cell == "H11" and f.expected == 10 and "其中 2 项子指标均已达到" in f.message


def test_star_row_with_an_unmet_sub_row_is_reported_not_corrected():
    # 450 < 500: not met; how parts combine is not written → warning, entered 10 kept.
    # 10 + 10 (kept) + 80 = 100 = the entered total
    t = star_table([("其中：容积", "≥500吨", "450吨"), ("其中：座数", "≥2座", "2座")], 10, total=100)
    result, a = run(t)
    assert not [f for f in result.findings if f.code in ("I001", "I003") or f.fix is not None]
    [f] = [f for f in result.findings if f.code == "I007"]
    assert f.cell == "H11" and "其中「其中：容积」未达到" in f.message and "（满分）" in f.message
    assert a.rows[0].counted == 10 and result.unverified_points == 10


def test_sub_rows_are_never_counted():
    # Funds 10 + ★ 10 + 其余 80 = 100: the sub-rows add nothing (no W002, total 100).
    t = star_table([("其中：容积", "≥500吨", "520吨")], 10)
    result, _ = run(t)
    assert result.recomputed_total == 100
    assert not [f for f in result.findings if f.code == "W002"]


def test_star_row_with_blank_sub_row_values_is_unverifiable():
    t = star_table([("其中：容积", "≥500吨", None)], 10)
    [f] = findings(t, "C001")
    assert "其中「其中：容积」的指标值或完成值未填或无法比较" in f.message


# --------------------------------------------------------------------------- 3. met / unmet rows


def single(target, actual, weight, score, **kw):
    rows = [indicator("指标", target, actual, weight, score)]
    if weight < 90:
        rows.append(indicator("其余", "100%", "100%", 90 - weight, 90 - weight))
    return make_table(full_funds(), rows, total=(100, None), **kw)


@pytest.mark.parametrize("weight, score", [(10, 9), (30, 27)])
def test_met_row_kept_back_ten_percent_is_corrected(weight, score):
    [f] = findings(single("≥100%", "100%", weight, score), "I001")
    assert f.expected == weight
    assert f.message.startswith(f"H11 得分填报 {score}，应为 {weight}：实际完成值 100% 已达到年度指标值 ≥100%")


def test_met_row_kept_back_on_the_xianjie_form_is_corrected():
    # 衔接资金 form: 分值 before 年度指标值 (E 分值, F 年度指标值, G 实际完成值, H 得分).
    lay = Layout(indicators={"level1": "B", "level2": "C", "level3": "D", "weight": "E", "target": "F",
                             "actual": "G", "score": "H", "explanation": "I"}, total_weight="E")
    [f] = findings(single("≥3个", "3个", 10, 9, layout=lay), "I001")
    assert f.cell == "H11" and f.expected == 10


def test_unmet_row_given_full_marks_is_corrected():
    # 90 against ≥100, 分值 5: 90 ÷ 100 × 5 = 4.5.
    [f] = findings(single("≥100", "90", 5, 5), "I001")
    assert f.expected == 4.5 and "90÷100×5 = 4.5" in f.message


@pytest.mark.parametrize("actual", ["达成预期指标", "已完成"])
def test_met_qualitative_scored_inside_the_band_stands(actual):
    # 8.5 of 10 is inside 达成 (80–100%): stands; 7 is below → top of the band, 10.
    assert findings(single("≥95%", actual, 10, 8.5), "I002") == []
    [f] = findings(single("≥95%", actual, 10, 7), "I002")
    assert f.expected == 10


def test_identical_text_scored_inside_the_band_stands():
    assert findings(single("有效", "有效", 10, 9), "I002") == []


# --------------------------------------------------------------------------- 4. options


def with_options(**kw):
    return dataclasses.replace(national(), **kw)


def test_negative_ratio_and_linear():
    # ≤100万元, actual 120万元, 分值 10: ratio 100 ÷ 120 × 10 = 8.33; linear (1 − 20 ÷ 100) × 10 = 8.
    _, a = run(single("≤100万元", "120万元", 10, 10))
    assert a.rows[0].expected == 8.33
    result, a = run(single("≤100万元", "120万元", 10, 10), profile=with_options(negative_rule="linear"))
    assert a.rows[0].expected == 8
    [f] = [f for f in result.findings if f.code == "I001"]
    assert "应得 (1-(120-100)÷100)×10 = 8" in f.message
    # twice the target and beyond: 0 (ratio would give 100 ÷ 200 × 10 = 5)
    _, a = run(single("≤100万元", "200万元", 10, 10), profile=with_options(negative_rule="linear"))
    assert a.rows[0].expected == 0
    _, a = run(single("≤100万元", "250万元", 10, 10), profile=with_options(negative_rule="linear"))
    assert a.rows[0].expected == 0


def eq(number, unit="%"):
    """A target as the reader gives 指标性质 ＝ (op "=")."""
    return Cell("E11", f"＝{number}{unit}", Quantity(number, unit, "="))


def test_equal_target_read_as_at_least_nationally():
    _, a = run(single(eq(100), "105%", 10, 10))
    assert a.rows[0].met and a.rows[0].expected == 10


def test_equal_target_exact():
    exact = with_options(equal_target="exact")
    _, a = run(single(eq(100), "100%", 10, 10), profile=exact)
    assert a.rows[0].met and a.rows[0].expected == 10
    # below: scored as positive, 98 ÷ 100 × 10 = 9.8
    _, a = run(single(eq(100), "98%", 10, 10), profile=exact)
    assert a.rows[0].expected == 9.8
    # above: not met, no rule for the score → reported, entered 10 kept, never corrected
    # (10 + 10 + 80 = 100 = the entered total)
    t = single(eq(100), "105%", 10, 10)
    t.total.score = cell("H13", 100)
    result, a = run(t, profile=exact)
    [f] = [f for f in result.findings if f.code == "I008"]
    assert f.cell == "F11" and "超过了应恰好达到的年度指标值" in f.message
    assert a.rows[0].counted == 10 and not [f for f in result.findings if f.fix is not None]


def test_over_target_factor():
    gx = load_profile("广西")  # 1.3
    # 140 > 1.3 × 100 = 130 → notice; 120 is not
    [f] = findings(single("≥100人", "140人", 10, 10), "I009", profile=gx)
    assert f.severity == Severity.NOTICE and f.cell == "F11" and "1.4 倍，超过 1.3 倍" in f.message
    assert findings(single("≥100人", "120人", 10, 10), "I009", profile=gx) == []
    assert findings(single("≥100人", "140人", 10, 10), "I009") == []  # national: not checked
    assert findings(single("≥100人", "125人", 10, 10), "I009", profile=with_options(over_target_factor=1.2)) != []


def funds_table(funds, header_weight=None, rows_weight=90, total=(100, None)):
    return make_table(funds, [indicator("a", "100%", "100%", rows_weight, rows_weight)], total=total,
                      header_weight=header_weight)


def test_reason_below_sichuan():
    sc = load_profile("四川")
    # 执行 85 ÷ 调整后 100 = 85% < 90%, 原因 blank → F009; nationally nothing
    t = funds_table(full_funds(100, 85, rate="85%", score=8.5))
    [f] = findings(t, "F009", profile=sc)
    assert f.severity == Severity.WARNING and "执行率 85% 低于 90%，未说明原因" in f.message
    assert findings(t, "F009") == []
    t.funds.total.reason = cell("J6", "项目延期，部分资金未支付")
    assert findings(t, "F009", profile=sc) == []
    # the printed instruction left in the cell is not a reason
    t.funds.total.reason = cell("J6", "预算执行率未达到90%的需说明原因(100字以内)")
    [f] = findings(t, "F009", profile=sc)
    assert f.cell == "J6"
    # 90% exactly needs none
    assert findings(funds_table(full_funds(100, 90, rate="90%", score=9)), "F009", profile=sc) == []


def test_over_budget_with_a_reason_is_not_reported():
    t = funds_table(full_funds(80, 88, rate="110%", score=10))
    assert findings(t, "F004") != []
    t.funds.total.reason = cell("J6", "追加预算 8 万元")
    assert findings(t, "F004") == []


def test_funds_weight_stated_by_the_form_wins():
    # no 分值 cell, heading 项目资金(20分): 20 × 72 ÷ 80 = 18; entered 9 → 18.
    funds = {"total": [80, 80, 72, None, "90%", 9], "current": [80, 80, 72, "-", "-", "-"]}
    [f] = findings(funds_table(funds, header_weight=20, rows_weight=80), "F002")
    assert f.expected == 18
    # the 分值 cell (10) wins over the heading (20), and the difference is reported on it
    funds = {"total": [80, 80, 72, 10, "90%", 9], "current": [80, 80, 72, "-", "-", "-"]}
    result, _ = run(funds_table(funds, header_weight=20))
    assert not [f for f in result.findings if f.code == "F002"]
    [w] = [f for f in result.findings if f.code == "W004"]
    assert w.cell == "G6" and w.expected == 20 and "表头写明的 20 分" in w.message


def test_funds_weight_from_the_profile_where_the_form_states_none():
    funds = {"total": [80, 80, 72, None, "90%", 9], "current": [80, 80, 72, "-", "-", "-"]}
    # 湖北: 20 × 90% = 18
    [f] = findings(funds_table(funds, rows_weight=80), "F002", profile=load_profile("湖北"))
    assert f.expected == 18
    # 宁夏: funds worth 0, an empty funds score is not asked for, the weights add to 0 + 100
    funds = {"total": [80, 80, 72, None, "90%", None], "current": [80, 80, 72, "-", "-", "-"]}
    result, _ = run(funds_table(funds, rows_weight=100), profile=load_profile("宁夏"))
    assert not [f for f in result.findings if f.code in ("F007", "W002")]


@pytest.mark.parametrize("rate, executed", [("1", 80), ("0.99", 79.2), ("99", 79.2), (1, 80), (99, 79.2)])
def test_rate_typed_without_percent_is_understood(rate, executed):
    # 80 × 0.99 = 79.2: 99%; 1 → 100%; 99 → 99%
    assert findings(funds_table(full_funds(80, executed, rate=rate, score=executed / 8)), "F001") == []


def test_rate_typed_without_percent_still_checked():
    # 72 ÷ 80 = 90%, typed "1" (100%) → wrong
    [f] = findings(funds_table(full_funds(80, 72, rate="1", score=9)), "F001")
    assert f.expected == 0.9


def test_amounts_with_their_own_unit():
    # heading 万元; 150万 / 150万 / 125.25万: 125.25 ÷ 150 = 83.5%, × 10 = 8.35; no unit notice.
    wan = lambda a, n: Cell(a, f"{n}万", Quantity(n, "万"))  # noqa: E731
    funds = {"total": [wan("D6", 150), wan("E6", 150), wan("F6", 125.25), 10, "83.5%", 9],
             "current": [wan("D7", 150), wan("E7", 150), wan("F7", 125.25), "-", "-", "-"]}
    result, a = run(funds_table(funds))
    assert a.funds.rate == pytest.approx(0.835) and a.funds.expected == 8.35
    assert not [f for f in result.findings if f.code in ("F006", "F010", "F005")]
    # an executed amount typed in 元 under the 万元 heading: 250000元 = 25 万元, 25 ÷ 30 = 83.33%
    funds = {"total": [30, 30, "250000元", 10, "83.33%", 8.33], "current": [30, 30, 25, "-", "-", "-"]}
    result, a = run(funds_table(funds))
    assert a.funds.rate == pytest.approx(25 / 30)
    [f] = [f for f in result.findings if f.code == "F010"]
    assert f.cell == "F6" and f.severity == Severity.NOTICE and "按 25万元 计算" in f.message
    assert not [f for f in result.findings if f.code == "F005"]  # 25 = 25 after conversion


def test_indicators_weight_stated_by_the_form():
    # 绩效指标(90分) over rows worth 100 → W003 on the indicator heading
    t = funds_table(full_funds(), rows_weight=100)
    t.indicators_weight = 90
    [f] = findings(t, "W003")
    assert f.cell == "A10" and f.entered == 100 and f.expected == 90


def test_total_weight_stated_by_the_form_wins():
    # 总分 分值 120 on the form: 10 + 90 = 100 does not reach it → W002 against 120
    [f] = findings(funds_table(full_funds(), total=(120, None)), "W002")
    assert f.expected == 120 and "总分行的分值" in f.message


# --------------------------------------------------------------------------- 5. bonus clauses


def bonus_table(score, criteria):
    t = single("≥100人", "130人", 10, score)
    t.indicators[0].criteria = cell("J11", criteria)
    return t


def test_bonus_allowed_by_the_printed_rule_is_a_notice():
    # 10 + 11.5 + 80 = 101.5 entered as the total: right
    t = bonus_table(11.5, "每超额10%加1分，最高加2分")
    t.total.score = cell("H13", 101.5)
    result, a = run(t)
    assert not [f for f in result.findings if f.severity == Severity.ERROR]
    [f] = [f for f in result.findings if f.code == "I010"]
    assert f.severity == Severity.NOTICE and f.cell == "H11" and "最多加 2 分" in f.message
    assert a.rows[0].counted == 11.5


def test_bonus_beyond_what_the_rule_allows_is_wrong():
    # 13 > 10 + 2 → the usual correction to 10
    [f] = findings(bonus_table(13, "每超额10%加1分，最高加2分"), "I001")
    assert f.expected == 10
    [f] = findings(bonus_table(11, "超额完成不加分"), "I001")
    assert f.expected == 10


@pytest.mark.parametrize("text, points", [
    ("每增加10人加1分，最高加5分", 5), ("额外加 2 分", 2), ("加分不超过3分", 3), ("酌情加分", float("inf")),
    ("超额完成不加分", None), ("不予加分", None), ("加强管理得满分", None), ("参加培训的得2分", None), ("", None),
])
def test_bonus_points(text, points):
    from evalxl.criteria import bonus_points

    assert bonus_points(text) == points


# --------------------------------------------------------------------------- 7. unfilled tables


def test_unfilled_table_gets_one_finding_and_no_correction():
    # 四川 raw/13: budget and execution filled, every 完成值 and 得分 blank, total blank.
    funds = {"total": [238.93, 251.89, 251.89, 10, "100.00%", None],
             "current": [238.93, 251.89, 251.89, "-", "-", "-"]}
    rows = [indicator("工资发放及时率", "=100%", None, 30, None), indicator("社保缴纳足额率", "100%", None, 30, None),
            indicator("满意度", "≥95%", None, 30, None)]
    result, a = run(make_table(funds, rows, total=(100, None)))
    assert a.unfilled and result.unfilled
    assert result.recomputed_total is None and result.grade is None
    assert not [f for f in result.findings if f.fix is not None]
    assert not [f for f in result.findings if f.code in ("C001", "F007", "T003", "I004", "T001")]
    [f] = [f for f in result.findings if f.code == "C006"]
    assert f.cell == "F11" and "3 个指标的实际完成值和得分" in f.message and "总分（H14）" in f.message
    assert "资金得分（I6）" in f.message


def test_a_table_with_one_score_is_not_unfilled():
    rows = [indicator("a", "100%", None, 45, 45), indicator("b", "100%", None, 45, None)]
    result, a = run(make_table(full_funds(), rows, total=(100, None)))
    assert not a.unfilled and not [f for f in result.findings if f.code == "C006"]


def test_funds_weight_as_large_as_the_total_is_reported_not_used():
    # raw/02 (湖北 鄂州): funds 分值 100, 执行率 125.25 ÷ 150 = 83.5%, 得分 98, indicators worth
    # 90 more. 98 fits no weight (100 → 83.5, 10 → 8.35): F002 without a fix; the weights
    # (100 + 90 = 190 > 100) leave the total unchecked; W002 says so on the 总分 分值.
    funds = {"total": [150, 150, 125.25, 100, "83.5%", 98], "current": [150, 150, 125.25, "-", "-", "-"]}
    result, a = run(funds_table(funds, total=(100, 99)))
    assert a.funds.problem == "bad_weight" and result.recomputed_total is None
    assert not [f for f in result.findings if f.fix is not None or f.code in ("T001", "F001", "W004")]
    [f] = [f for f in result.findings if f.code == "F002"]
    assert f.cell == "I6" and f.expected is None
    assert "100 分时为 83.5、10 分时为 8.35" in f.message and "资金分值 100 不小于总分的分值" in f.message
    [w] = [f for f in result.findings if f.code == "W002"]
    assert w.cell == "G12" and "总分按此无法核对，未更正" in w.message  # 总分 row: 11 + 1
    # 8.35 is right under the national 10: nothing said of the score
    funds["total"][5] = 8.35
    assert findings(funds_table(funds, total=(100, 99)), "F002") == []


def test_total_not_corrected_when_the_weights_exceed_the_total():
    # raw/06 (中江): funds 10 + indicators 100 = 110 in a 100-point table; entered total 100,
    # scores add to 110: no T001 (110 cannot stand) and no recomputed total, W002 on the 总分 分值.
    result, a = run(funds_table(full_funds(), rows_weight=100, total=(100, 100)))
    assert result.recomputed_total is None and result.grade is None and a.total.weights_exceed
    assert [f.code for f in result.findings if f.severity == Severity.ERROR] == ["W002"]
    # the same table with an empty total: not filled in either (no T003)
    result, _ = run(funds_table(full_funds(), rows_weight=100, total=(100, None)))
    assert not [f for f in result.findings if f.code == "T003"]


def test_blank_rate_is_filled():
    # raw/11 (天长): 执行率 blank, 880 ÷ 880 = 100% → F001 on H6 with the fraction 1
    [f] = findings(funds_table(full_funds(880, 880, rate=None, score=10)), "F001")
    assert f.cell == "H6" and f.fix.value == 1 and f.fix.number_format == "0.00%"
    assert "执行率未填，应为 100%" in f.message


def test_unfilled_table_with_the_printed_instruction_in_the_actuals():
    # the instruction 「对照年度目标，说明…(100字以内)」 left in 完成值 is no value: still unfilled,
    # no total invented (T003 would have written 10 + 0 = 10).
    instruction = "对照年度目标，说明相关任务目标的完成情况(100字以内)"
    rows = [indicator("覆盖率", "=100%", instruction, 60, None), indicator("满意度", "≥95%", instruction, 30, None)]
    result, a = run(make_table(full_funds(score=None), rows, total=(100, None)))
    assert a.unfilled and result.recomputed_total is None
    assert [f.code for f in result.findings if f.severity != Severity.NOTICE] == ["C006"]


def test_instruction_in_one_actual_is_a_missing_actual():
    instruction = "对照年度目标，说明相关任务目标的完成情况(100字以内)"
    rows = [indicator("覆盖率", "100%", instruction, 10, 10), indicator("其余", "100%", "100%", 80, 80)]
    [f] = findings(make_table(full_funds(), rows, total=(100, 100)), "C001")
    assert f.cell == "F11" and "实际完成值未填（仍是填表说明文字）" in f.message


def test_a_scored_qizhong_row_is_reported_as_double_counting():
    # ★ 10 and its 「其中」 row 10 both scored: 10 + 10 + 10 + 80 = 110 > 100 (W002, no T001),
    # I011 on the 其中 row's 分值 G12.
    rows = [indicator("★新建蓄水池", "≥1座", "1座", 10, 10), indicator("其中：容积", "≥500吨", "520吨", 10, 10),
            indicator("其余", "100%", "100%", 80, 80)]
    result, _ = run(make_table(full_funds(), rows, total=(100, 100)))
    [f] = [f for f in result.findings if f.code == "I011"]
    assert f.cell == "G12" and "单独填了分值、得分" in f.message and "「★新建蓄水池」" in f.message
    assert not [f for f in result.findings if f.code == "T001"]
    assert [f.code for f in result.findings if f.code == "W002"] == ["W002"]
    # a 其中 row without 分值 / 得分 is not reported
    rows[1] = indicator("其中：容积", "≥500吨", "520吨", None, None)
    assert findings(make_table(full_funds(), rows, total=(100, None)), "I011") == []


def test_table_result_amounts_in_wanyuan():
    # a block in 元 (永德: 387664.62 元) reaches the 汇总表 as 38.766462 万元; the rate is unchanged
    t = funds_table(full_funds(387664.62, 387664.62, rate="100%", score=10))
    t.funds.unit = "元"
    result, a = run(t)
    assert result.budget == pytest.approx(38.766462) and result.executed == pytest.approx(38.766462)
    assert a.funds.budget == 387664.62 and result.rate == 1
    # a block in 万元 stays as it is
    result, _ = run(funds_table(full_funds(65.66, 65.07, rate="99.1%", score=9.91)))
    assert result.budget == 65.66 and result.executed == 65.07
