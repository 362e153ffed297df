"""The D rules on the two department-wide samples, every expected value worked out by hand
from the seed text (the arithmetic is in the comments), never taken from evalxl's output."""

from __future__ import annotations

import pytest
from deptkit import SEED002, SEED003, audit, by_code, cells

from evalxl.findings import Severity


@pytest.fixture(scope="module")
def r002():
    return audit(SEED002)


@pytest.fixture(scope="module")
def r003():
    return audit(SEED003)


# --------------------------------------------------------------------------- seed 002: the 评分表


def test_seed002_staff_control_rate_corrected_to_0(r002):
    [f] = [f for f in by_code(r002, "D001") if f.cell == "G3"]
    # 在职人员控制率 = 67 ÷ 48 = 139.58%; 39.58 points over × 0.5 = 19.79 > 5 → 0; entered 5
    assert f.severity == Severity.ERROR and f.sheet == "评分表"
    assert (f.entered, f.expected) == (5, 0)
    assert f.fix is not None and (f.fix.cell, f.fix.value) == ("G3", 0)
    assert "在职人员控制率 = 67 ÷ 48 = 139.58%，超过 39.58 个百分点，扣 19.79 分，扣完为止，应得 0 分" in f.message
    # the table's own 指标说明 formula 在职人员控制率=（在职人员数/编制数）×100% is used (issue 17): its names
    assert "在职人员数 67 见「基础数据表」C4，编制数 48 见「基础数据表」B4" in f.message
    assert f.table == "部门整体支出绩效评价指标评分表" and f.department == 0 and f.table_index is None


def test_seed002_public_funds_control_rate_computed_and_scored(r002):
    [f] = [f for f in by_code(r002, "D001") if f.cell == "G9"]
    # 195.72 ÷ 71.35 = 274.31%: 174.31 points over × 1 = 174.31 > 8 → 0; entered 8
    assert (f.entered, f.expected, f.fix.value) == (8, 0, 0)
    assert "公用经费控制率 = 195.72 ÷ 71.35 = 274.31%，超过 174.31 个百分点，扣 174.31 分，扣完为止，应得 0 分" in f.message


def test_seed002_three_public_control_rate_is_right(r002):
    # 3.06 ÷ 13 = 23.54% ≤ 100% → full 7, as entered: no finding on G10
    assert not [f for f in r002.findings if f.cell == "G10"]


def test_seed002_points_mismatch_reported(r002):
    [f] = by_code(r002, "D004")
    # 「“三公经费”变动率≦0,计8分」 in a row worth 5
    assert f.cell == "E4" and f.severity == Severity.WARNING and f.entered == 8
    assert "满分为 8 分" in f.message and "与分值 5 不符" in f.message
    # and its value cannot be computed either: 上年度“三公经费”预算数 is not in the data
    assert "2019年“三公经费”预算数" in f.message
    assert not [x for x in r002.findings if x.cell == "G4"]  # the entered 5 is not corrected


def test_seed002_judgement_rows_listed_for_manual_review(r002):
    # 管理制度健全性 (①–④ 2 分), 资金使用合规性 (每出现一例扣1分), 预决算信息公开性 (①–⑤ 1 分),
    # 行政效能 (较好 6；一般 3；无效果 0)
    assert cells(r002, "D005") == ["G12", "G13", "G14", "G18"]
    assert all(f.severity == Severity.NOTICE and f.message.startswith(f"{f.cell} 需人工复核") for f in by_code(r002, "D005"))


def test_seed002_unknown_rule_texts_are_notices(r002):
    # 重点工作实际完成率 (考核分数折算) and 经济效益、社会效益 (no rule at all)
    assert cells(r002, "D006") == ["E15", "E16"]
    assert all(f.severity == Severity.NOTICE for f in by_code(r002, "D006"))
    assert "第 15 行" in by_code(r002, "D006")[0].message


def test_seed002_rows_that_cannot_be_verified(r002):
    # 预算完成率, 预算控制率, 满意度: no formula over the 基础数据表; 楼堂馆所 ×2 and 政府采购: blank data
    assert cells(r002, "D007") == ["G5", "G6", "G7", "G8", "G11", "G19"]
    msg = {f.cell: f.message for f in by_code(r002, "D007")}
    assert "实际建设面积（「基础数据表」C27 未填）" in msg["G7"]
    # 政府采购执行率=（实际政府采购金额/政府采购预算数）×100%: named as the 指标说明 prints them (issue 17)
    assert "实际政府采购金额（「基础数据表」D24 未填）、政府采购预算数（「基础数据表」C24 未填）" in msg["G11"]
    # 预算完成率 and 预算控制率: the formula is printed; the 基础数据表 lacks every quantity it names
    assert "基础数据表中缺少上年结转、年初预算、本年追加预算、年末结余，无法按指标说明的公式计算预算完成率" in msg["G5"]
    assert "基础数据表中缺少本年追加预算、年初预算，无法按指标说明的公式计算预算控制率" in msg["G6"]
    assert "指标说明中没有可识别的计算公式" in msg["G19"]


def test_seed002_blank_score_and_weights(r002):
    # 经济效益、社会效益 share 分值 10 (D16:D17) with a blank 得分
    [f] = by_code(r002, "D008")
    assert f.cell == "G16" and "分值 10" in f.message
    # weights: 5+5 = 10 (预算配置), 5+5+5+5 = 20, 8+7+6+8+6+5 = 40, 20+40 = 60 (过程), 8, 10+6+6 = 22,
    # 8+22 = 30 (产出及效率), 10+60+30 = 100: all add up
    assert not [f for f in r002.findings if f.code in ("D009", "D010", "D011")]


def test_seed002_totals(r002):
    [d] = r002.departments
    # entered: 5+5 +5+4+5+5 +8+7+6+8+6+5 +8 +(blank) +3+6 = 86 (no 合计 row; the report says 99)
    # recomputed: 86 − 5 (G3 → 0) − 8 (G9 → 0) = 73 → 中 (60 ≤ 73 < 80)
    assert (d.kind, d.scored, d.entered_total, d.entered_total_from) == ("scoring", True, 86, "rows")
    assert (d.recomputed_total, d.grade, d.completion_rate) == (73, "中", None)
    [f] = by_code(r002, "D013")
    assert (f.entered, f.expected) == (86, 73)
    # rows a person must review: G4 (D004), G5 G6 G7 G8 G11 G19 (D007), G12 G13 G14 G18 (D005), 15 16 (D006)
    assert d.review_rows == 13
    assert (d.count(Severity.ERROR), d.count(Severity.WARNING)) == (2, 2)  # D001 ×2; D004, D008


def test_seed002_file_status_and_exit(r002):
    assert r002.status == "ok" and r002.tables == [] and len(r002.departments) == 1
    assert {f.code for f in r002.findings} <= {f"D{n:03d}" for n in range(1, 18)}  # no N002 any more


# --------------------------------------------------------------------------- seed 003: the 自评表


def test_seed003_budget_execution_not_met(r003):
    [f] = [f for f in by_code(r003, "D014") if f.cell == "G18"]
    # 预算执行率 100% / 97%: positive direction, 97 < 100 → not met
    assert f.extra["status"] == "not_met" and "未完成" in f.message and "97%" in f.message
    assert f.extra["entered_text"] == "97%"


def test_seed003_较_rows_partly_met(r003):
    partial = {f.cell: f.extra["indicator"] for f in by_code(r003, "D014") if f.extra["status"] == "partial"}
    # 较科学 / 较合理 / 较合理 / 较健全 / 较规范 / 较健全 against their targets
    assert partial == {"G14": "预算编制科学性", "G15": "预算编制合理性", "G23": "绩效目标合理性",
                       "G27": "资产管理制度健全性", "G28": "资产管理规范性", "G29": "财务管理制度健全性"}


def test_seed003_met_rows_are_quiet(r003):
    # “三公经费”变动率 0% / -54% (变动率: smaller is better) and ≦10% / ≦10%, ≧90% / ≧90% are met
    noisy = {f.cell for f in r003.findings}
    assert not noisy & {"G11", "G17", "G19", "G36", "G44"}


def test_seed003_completion_rate(r003):
    [d] = r003.departments
    # 37 rows: 4 不涉及 (rows 21, 41, 42, 43) → 33 apply; 1 not met (18); 6 partly met; 26 met
    # rate = (26 + 0.5 × 6) ÷ 33 = 29 ÷ 33 = 0.878787…
    assert d.completion == {"met": 26, "partial": 6, "not_met": 1, "missing": 0, "not_applicable": 4, "unjudged": 0}
    assert d.completion_rate == pytest.approx(29 / 33)
    assert d.completion_text == "完成率 87.88%（已完成 26、部分完成 6、未完成 1、不适用 4）"
    assert (d.scored, d.entered_total, d.recomputed_total, d.grade) == (False, None, None, None)
    assert d.unit == "华容区医疗保障局" and d.year == 2023 and d.review_rows == 0


def test_seed003_explanation_required(r003):
    [f] = by_code(r003, "D015")
    # 偏差大或目标未完成原因分析 (C45) is blank while 预算执行率 is not met
    assert f.severity == Severity.WARNING and f.cell == "C45"
    assert "1 项指标未完成（预算执行率）" in f.message and "6 项部分完成" in f.message
    assert not [f for f in r003.findings if f.severity == Severity.ERROR]
