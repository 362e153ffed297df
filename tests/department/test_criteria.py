"""Rule text (评价标准) → a scoring function: each shape on seed 002's own sentences and on
variants (full-width digits, 以上 / 以下, （含）, spaces); text of no shape is None (the rules
report it as a notice, never guess). Expected scores by hand (arithmetic in the comments)."""

from __future__ import annotations

import math

import pytest

from evalxl import criteria as C

# Seed 002's 评价标准, verbatim
S_STAFF = "以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。"
S_THREE_CHANGE = "“三公经费”变动率≦0,计8分；“三公经费”＞0，每超过一个百分点扣0.8分，扣完为止。"
S_BUDGET_DONE = "100%计满分，每低于5%扣2分，扣完为止。"
S_BUDGET_CTRL = "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分。"
S_AREA = "100%以下（含）计满分，每超出5%扣2分，扣完为止。没有楼堂馆所项目的部门按满分计算。"
S_PUBLIC = "100%以下（含）计满分，每超出1%扣1分，扣完为止。"
S_PROCURE = "100%计满分，每超过（降低）5%扣2分。扣完为止。"
S_RULES = ("①有内部财务管理制度、会计核算制度等管理制度，2分；\n②有本部门厉行节约制度,2分；\n"
           "③相关管理制度合法、合规、完整，2分；④相关管理制度得到有效执行，2分。")
S_COMPLIANCE = ("①支出符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；②资金拨付有完整的审批程序和手续；"
                "③项目支出按规定经过评估论证；④支出符合部门预算批复的用途；⑤资金使用无截留、挤占、挪用、虚列支出等情况。\n"
                "以上情况每出现一例不符合要求的扣1分，扣完为止。")
S_DISCLOSE = ("①按规定内容公开预决算信息，1分；②按规定时限公开预决算信息，1分；③基础数据信息和会计信息资料真实，1分；"
              "④基础数据信息和会计信息资料完整，1分；⑤基础数据信息和汇集信息资料准确，1分。  ")
S_KEYWORK = "根据市绩效办2019年对各部门为民办实事和部门重点工程与重点工作考核分数折算。\n该项得分=（绩效办对应部分考核得分/该部分总分）×8。"
S_BENEFIT = "此两项指标为设置部门整体支出绩效评价指标时必须考虑的共性要素，可根据部门实际情况有选择的进行设置，并将其细化为相应的个性化指标。"
S_EFFICIENCY = ("促进部门改进文风会风，加强经费及资产管理，推动网上办事，提高行政效率，降低行政成本效果较好的计6分；"
                "一般3分；无效果或者效果不明显0分。")
S_SATISFACTION = "90%（含）以上计6分；\n80%（含）-90%，计4分；\n70%（含）-80%，计2分；\n低于70%计0分。"


def score(text, value, weight):
    out = C.parse(text).score(value, weight)
    return None if out is None else round(out.score, 6)


# --------------------------------------------------------------------------- deduction


@pytest.mark.parametrize("text, ref, direction, step, per, full", [
    (S_STAFF, 100, "over", 1, 0.5, 5),
    (S_THREE_CHANGE, 0, "over", 1, 0.8, 8),
    (S_BUDGET_DONE, 100, "under", 5, 2, None),
    (S_AREA, 100, "over", 5, 2, None),
    (S_PUBLIC, 100, "over", 1, 1, None),
    (S_PROCURE, 100, "both", 5, 2, None),
])
def test_deduction_shapes_of_the_seed(text, ref, direction, step, per, full):
    c = C.parse(text)
    assert isinstance(c, C.Deduction) and c.computable and c.shape == "deduction"
    assert (c.ref, c.direction, c.step, c.per, c.full) == (ref, direction, step, per, full)
    assert c.points == full


def test_staff_control_rate_of_seed_002():
    # 67 ÷ 48 = 1.395833… → 139.58%: 39.58 points over, × 0.5 = 19.79 deducted from 5 → 0
    out = C.parse(S_STAFF).score(67 / 48 * 100, 5)
    assert out.score == 0
    assert out.text == "超过 39.58 个百分点，扣 19.79 分，扣完为止，应得 0 分"


def test_deduction_partial_and_whole_steps():
    # 公用经费 rule at 103.5%: 3.5 points over × 1 = 3.5 deducted from 8 → 4.5; whole steps: 3 → 5
    out = C.parse(S_PUBLIC).score(103.5, 8)
    assert (out.score, out.alt) == (4.5, 5)
    assert out.text == "超过 3.5 个百分点，扣 3.5 分，应得 4.5 分"
    # 面积控制率 at 107%: 7 over, 7 ÷ 5 × 2 = 2.8 deducted from 5 → 2.2; whole steps: 1 × 2 → 3
    out = C.parse(S_AREA).score(107, 5)
    assert (round(out.score, 6), out.alt) == (2.2, 3)
    assert out.text == "超过 7 个百分点，每 5 个百分点扣 2 分，扣 2.8 分，应得 2.2 分"
    # within the threshold: full (the 分值 when the text says 满分)
    assert C.parse(S_AREA).score(100, 5).text == "未超过 100%，应得满分 5 分"
    assert score(S_AREA, 60, 5) == 5


def test_deduction_directions():
    # 预算完成率: below 100 loses 2 per 5 points; above 100 nothing: 93% → 7 under → 2.8 → 2.2
    assert score(S_BUDGET_DONE, 93, 5) == 2.2 and score(S_BUDGET_DONE, 120, 5) == 5
    # 政府采购执行率: both ways: 107% and 93% → 7 off → 2.8 deducted from 6 → 3.2
    assert score(S_PROCURE, 107, 6) == 3.2 and score(S_PROCURE, 93, 6) == 3.2 and score(S_PROCURE, 100, 6) == 6
    # “三公经费”变动率 ≦0 计8分: -54% → 8; +2.5% → 2.5 × 0.8 = 2 deducted → 6
    assert score(S_THREE_CHANGE, -54, 8) == 8 and score(S_THREE_CHANGE, 2.5, 8) == 6


@pytest.mark.parametrize("text", [
    "１００％以下（含）计满分，每超出５％扣２分，扣完为止。",  # full-width digits and signs
    "100 % 以下 （含） 计满分 ， 每超出 5 % 扣 2 分 ， 扣完为止",  # spaces everywhere
    "100%（含）以下计满分；\n每超出5%扣2分",  # （含） before 以下, a line break
    "控制率≤100%的，得满分；每超过5个百分点扣2分",  # ≤, 个百分点
    "100%以内计满分，每高于5%扣2分",  # 以内, 高于
])
def test_deduction_variants(text):
    c = C.parse(text)
    assert isinstance(c, C.Deduction) and (c.ref, c.direction, c.step, c.per) == (100, "over", 5, 2)
    assert score(text, 110, 5) == 1  # 10 over → 4 deducted


def test_deduction_variants_under_and_points():
    c = C.parse("95%以上（含）计10分，每低于1个百分点扣1分")
    assert (c.ref, c.direction, c.step, c.per, c.full) == (95, "under", 1, 1, 10)
    assert score("95%以上（含）计10分，每低于1个百分点扣1分", 92.5, 10) == 7.5
    c = C.parse("以90%为标准，每降低一个百分点扣0.5分")
    assert (c.ref, c.direction, c.per, c.full) == (90, "under", 0.5, None)


def test_a_deduction_without_a_threshold_is_not_guessed():
    # the phrase alone: from what does it deduct? Not this shape, no shape at all.
    assert C.parse("每超过（降低）5%扣2分") is None


# --------------------------------------------------------------------------- bands


def test_step_bands_of_seed_002_budget_control():
    c = C.parse(S_BUDGET_CTRL)
    assert isinstance(c, C.Bands) and c.computable and c.points == 5
    assert [b.label for b in c.bands] == ["=0", "0-10%(含)", "10-20%(含)", "20-30%(含)", "大于30%"]
    # =0 → 5; (0,10] → 4; (10,20] → 3; (20,30] → 2; >30 → 0
    assert [score(S_BUDGET_CTRL, v, 5) for v in (0, 0.5, 10, 10.01, 20, 25, 30, 30.5)] == [5, 4, 4, 3, 3, 2, 2, 0]
    assert score(S_BUDGET_CTRL, -3, 5) is None  # no band holds a negative value: cannot score
    assert C.parse(S_BUDGET_CTRL).score(12, 5).text == "在「10-20%(含)」一档，应得 3 分"


def test_step_bands_of_seed_002_satisfaction():
    c = C.parse(S_SATISFACTION)
    assert isinstance(c, C.Bands) and c.points == 6
    # [90,∞) → 6; [80,90) → 4; [70,80) → 2; (-∞,70) → 0
    assert [score(S_SATISFACTION, v, 6) for v in (100, 90, 89.99, 80, 79, 70, 69.9)] == [6, 6, 4, 4, 2, 2, 0]


@pytest.mark.parametrize("text", [
    "９０％（含）以上计６分；８０％（含）－９０％，计４分；低于８０％计０分",  # full-width
    "90 %（含）以上 计 6 分；\n80 %（含） - 90 %，计 4 分；\n低于 80 % 计 0 分",  # spaces
    "90%及以上计6分；80%（含）至90%计4分；80%以下（不含）不得分",  # 及以上, 至, （不含）
    "满意度≥90%，计6分；80%≤满意度<90%的，计4分；满意度<80%，得0分",  # hmm: a two-sided condition
])
def test_step_band_variants(text):
    c = C.parse(text)
    if "≤满意度" in text:
        # a condition written a ≤ x < b is not one of the forms read: not guessed
        assert not isinstance(c, C.Bands)
        return
    assert isinstance(c, C.Bands) and c.points == 6
    assert [score(text, v, 6) for v in (95, 90, 85, 80, 79)] == [6, 6, 4, 4, 0]


# --------------------------------------------------------------------------- not computable


def test_checklists_of_seed_002():
    c = C.parse(S_RULES)
    assert isinstance(c, C.Checklist) and not c.computable and c.points == 8  # ①–④ 2 分 each
    assert [p for _, p in c.items] == [2, 2, 2, 2]
    c = C.parse(S_DISCLOSE)
    assert isinstance(c, C.Checklist) and c.points == 5  # ①–⑤ 1 分 each
    assert C.parse("①有制度，２分；②执行到位，３分").points == 5  # full-width digits
    assert C.parse("① 有制度 ， 2 分 ；\n ② 执行到位 ， 3 分 。").points == 5  # spaces, line breaks
    assert C.parse("①有制度，得2分；②执行到位（含整改），计3分").points == 5  # 得 / 计, brackets inside
    assert not isinstance(C.parse("①有制度，2分；②执行到位"), C.Checklist)  # an item without points


def test_count_of_seed_002():
    c = C.parse(S_COMPLIANCE)
    assert isinstance(c, C.Count) and not c.computable and c.per == 1 and c.items == 5 and c.points is None
    c = C.parse("每发现 1 次 违规 扣 0.5 分，扣完为止")
    assert isinstance(c, C.Count) and c.per == 0.5
    c = C.parse("每出现一项不符合要求的，扣２分")  # full-width digit
    assert isinstance(c, C.Count) and c.per == 2


def test_judgement_bands_of_seed_002():
    c = C.parse(S_EFFICIENCY)
    assert isinstance(c, C.Judgement) and not c.computable and c.points == 6
    assert [p for _, p in c.levels] == [6, 3, 0]
    c = C.parse("效果显著的计 ５ 分；效果一般的计 ２ 分；\n无效果不得分")
    assert isinstance(c, C.Judgement) and [p for _, p in c.levels] == [5, 2, 0]


@pytest.mark.parametrize("text", [S_KEYWORK, S_BENEFIT, "", "   ", None, "按实际情况酌情计分", "得分=完成率×10"])
def test_unknown_text_is_none(text):
    assert C.parse(text) is None


def test_points_stated_by_the_text():
    # 「计8分」 in a row worth 5: the rule compares c.points with the 分值
    assert C.parse(S_THREE_CHANGE).points == 8 and C.parse(S_STAFF).points == 5
    assert C.parse(S_PUBLIC).points is None  # 满分: whatever the 分值


def test_non_finite_values_are_not_scored():
    assert C.parse(S_STAFF).score(math.inf, 5) is None
    assert C.parse(S_STAFF).score(math.nan, 5) is None
    assert C.parse(S_SATISFACTION).score(math.nan, 6) is None


def test_bonus_clauses_are_not_read_as_steps_or_items():
    # 「创新做法另加2分」 allows points above the 分值 (bonus_points); the shape is ① 2 + ② 3 = 5
    c = C.parse("①有制度，2分；②执行到位，3分；创新做法另加2分。")
    assert c.shape == "checklist" and c.points == 5 and c.text.endswith("创新做法另加2分。")
    assert C.bonus_points(c.text) == 2
    # a deduction keeps its threshold and steps: 93% → 7 under → 2.8 deducted → 2.2
    c = C.parse("100%计满分，每低于5%扣2分，扣完为止；工作有创新的加1分。")
    assert (c.shape, c.ref, c.step, c.per) == ("deduction", 100, 5, 2)
    assert round(c.score(93, 5).score, 6) == 2.2
