"""The department forms of other provinces, as small workbooks typed the way those forms are
laid out (described in ../shared/real/README.md): 贵州 (年初预算数 only, execution above
budget), 福建 (支出实现率 / 资金结余率 as formulas over the budget). Expected values by hand."""

from __future__ import annotations

import openpyxl
from deptkit import audit, by_code, scoring_book

from evalxl.findings import Severity


def guizhou_book(path, executed=105, score=10):
    """部门整体支出绩效自评表 with a funds block of 年初预算数 only (no 全年预算数)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年度部门整体支出绩效自评表"])
    ws.append(["部门", "某县水务局"])
    ws.append(["预算资金（万元）", None, "年初预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", 100, executed, 10, f"{executed}%", score])
    ws.append([None, "其中：当年财政拨款", 100, executed, "—", f"{executed}%", "—"])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    ws.append([None, "产出指标（90分）", "数量指标", "农村供水工程数量", "≥10处", "12处", 90, 90])
    wb.save(path)
    return path


def test_guizhou_execution_above_the_initial_budget_scores_full_and_is_reported(tmp_path):
    r = audit(guizhou_book(tmp_path / "gz.xlsx"))
    [d] = r.departments
    assert d.kind == "self_eval" and d.unit == "某县水务局"
    # 执行率 = 全年执行数 105 ÷ 年初预算数 100 = 105%, capped: min(105%, 100%) × 10 = 10 = entered
    [over] = by_code(r, "F004")
    assert over.severity == Severity.WARNING and over.fix is None and "105%" in over.message
    assert not [f for f in r.findings if f.code.startswith("F") and f.severity == Severity.ERROR]
    # 10 + 90 = 100 → 优
    assert (d.recomputed_total, d.grade) == (100, "优")


def test_guizhou_funds_score_below_full_is_corrected(tmp_path):
    # 95 ÷ 100 = 95% → 0.95 × 10 = 9.5, entered 10
    r = audit(guizhou_book(tmp_path / "gz.xlsx", executed=95, score=10))
    [f] = [f for f in r.findings if f.code.startswith("F") and f.fix is not None]
    assert f.cell == "G4" and f.expected == 9.5


RATE_RULE = "支出实现率≥90%计满分；每低于1%扣0.5分，扣完为止。"
RATE_NOTE = "支出实现率=实际支出/预算数×100%"
BALANCE_RULE = "资金结余率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；大于20%不得分。"
BALANCE_NOTE = "资金结余率=结余资金/预算资金×100%"


def test_fujian_rates_from_their_formulas(tmp_path):
    basic = [["部门整体支出绩效评价基础数据表"],
             ["预算执行情况", "全年预算数", "实际支出", "结余资金"],
             [None, 800, 680, 120]]
    r = audit(scoring_book(tmp_path / "fj.xlsx", [
        ("过程（10分）", "预算执行（10分）", "支出实现率", 5, RATE_RULE, RATE_NOTE, 5),
        (None, None, "资金结余率", 5, BALANCE_RULE, BALANCE_NOTE, 5),
    ], basic=basic, title="2023年度部门整体支出绩效评价指标评分表"))
    got = {f.cell: f for f in by_code(r, "D001")}
    # 支出实现率 = 680 ÷ 800 = 85%: 5 points below 90% × 0.5 = 2.5 → 5 − 2.5 = 2.5
    assert got["G3"].expected == 2.5 and "支出实现率 = 680 ÷ 800 = 85%" in got["G3"].message
    assert "实际支出 680 见「基础数据表」C3，预算数 800 见「基础数据表」B3" in got["G3"].message
    # 资金结余率 = 120 ÷ 800 = 15% → the 10–20% band → 3
    assert got["G4"].expected == 3 and "资金结余率 = 120 ÷ 800 = 15%，在「10-20%(含)」一档" in got["G4"].message
    assert r.departments[0].recomputed_total == 5.5  # 2.5 + 3


def chongqing_book(path, rows=None, funds=(1000, 1000, 760, "76%", 10, 7.6), declared=95.6):
    """重庆 部门整体绩效自评表: 部门预算执行情况 with 执行率权重 / 执行率得分(分); indicators by
    指标名称 with 计量单位, 指标性质 (定量 / 定性), 年初 / 调整指标值, 全年完成值, 得分系数(%),
    指标权重(分), 指标得分(分), 是否核心指标 (the columns of a published 2021 table)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2021年度部门整体绩效自评表"])
    ws.append(["主管部门", "某区融媒体中心", None, "自评总分（分）", declared])
    ws.append(["部门预算执行情况（万元）", "年初预算数", "全年（调整）预算数", "全年执行数", "执行率（%）", "执行率权重",
               "执行率得分（分）"])
    ws.append([None, *funds])  # no row label: the block label is merged down over the values
    ws.merge_cells("A3:A4")
    ws.append(["绩效指标"])
    ws.append(["指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数（%）",
               "指标权重（分）", "指标得分（分）", "是否核心指标"])
    for r in rows or [
        ("财政供养人员控制率", "%", "定量指标", "100%", None, "92%", "100%", 2, 2, "否"),
        ("预算完成率", "%", "定量指标", "70%", None, "76%", "100%", 2, 2, "是"),
        ("组织宣传活动次数", "次", "定量指标", "30次", None, "43次", "100%", 10, 10, "是"),
        ("播发稿件数量", "篇", "定量指标", "2200篇", None, "2859篇", "100%", 10, 8, "是"),
        ("管理制度健全性", None, "定性指标", "健全", None, "健全", "100%", 3, 3, "否"),
        ("社会公众满意度", "%", "定量指标", "≥90%", None, "95%", "100%", 63, 63, "是"),
    ]:
        ws.append(list(r))
    wb.save(path)
    return path


def test_chongqing_form_is_read(tmp_path):
    from evalxl.reader import read_workbook

    wb = read_workbook(chongqing_book(tmp_path / "cq.xlsx"))
    [t] = wb.department_tables
    assert t.kind == "self_eval" and t.has_scores and t.name == "某区融媒体中心"
    f = t.funds.total
    # 全年（调整）预算数 1000 | 全年执行数 760 | 执行率权重 10 | 执行率得分 7.6
    assert (f.annual_budget.number, f.executed.number, f.weight.number, f.score.number) == (1000, 760, 10, 7.6)
    names = [i.name for i in t.indicators]
    assert names == ["财政供养人员控制率", "预算完成率", "组织宣传活动次数", "播发稿件数量", "管理制度健全性", "社会公众满意度"]
    # 自评总分（分） above the table is its total
    assert (t.total.label, t.total.score.address, t.total.score.number) == ("自评总分", "E2", 95.6)
    first = t.indicators[0]
    assert (first.target.text, first.actual.text, first.weight.number, first.score.number) == ("100%", "92%", 2, 2)
    assert first.other_scores["得分系数"].text == "100%" and first.other_scores["是否核心指标"].text == "否"


def test_chongqing_scores_follow_the_rules(tmp_path):
    r = audit(chongqing_book(tmp_path / "cq.xlsx"))
    # funds: 760 ÷ 1000 = 76% × 执行率权重 10 = 7.6 = 执行率得分: right
    assert not [f for f in r.findings if f.code.startswith("F") and f.severity == Severity.ERROR]
    # 播发稿件数量 2859篇 against 2200篇: met → full 10, entered 8 (I001); 得分系数 100% × 10 = 10 too
    # 自评总分: entered 7.6 + 2 + 2 + 10 + 8 + 3 + 63 = 95.6; recomputed with I10 → 10: 97.6
    fixes = {f.cell: f.expected for f in r.findings if f.fix is not None}
    assert fixes == {"I10": 10, "E2": 97.6}
    # weights: 执行率权重 10 + 2 + 2 + 10 + 10 + 3 + 63 = 100
    assert not by_code(r, "D011")
    [coef] = by_code(r, "D019")
    assert coef.cell == "I10" and coef.fix is None and "得分系数 100% × 指标权重 10 = 10 不符" in coef.message


def test_chongqing_coefficient_below_full_agrees_with_its_score(tmp_path):
    # 得分系数 80% × 指标权重 10 = 8 = 指标得分 8: consistent (D019 quiet); 30次 of 50次 is unmet:
    # 30 ÷ 50 × 10 = 6 (I002 corrects 8 → 6)
    r = audit(chongqing_book(tmp_path / "cq.xlsx", rows=[
        ("组织宣传活动次数", "次", "定量指标", "50次", None, "30次", "80%", 10, 8, "是")], declared=None))
    assert not by_code(r, "D019")
    assert {f.cell: f.expected for f in r.findings if f.fix is not None} == {"I7": 6}


def test_a_scoring_table_with_county_and_city_score_columns(tmp_path):
    # 评分表 with 县级评分 | 市级评分 and no 得分 column: the county's is the unit's own score
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["部门整体支出绩效评价指标评分表"])
    ws.append(["一级指标", "二级指标", "三级指标", "分值", "评分标准", "指标解释", "县级评分", "市级评分"])
    ws.append(["过程（5分）", "预算执行（5分）", "公用经费控制率", 5, "100%以下（含）计满分，每超出1%扣1分，扣完为止。",
               "公用经费控制率=本年度公用经费决算数/本年度公用经费预算数×100%", 5, 3])
    ws.append([])
    ws.append(["部门整体支出绩效评价基础数据表"])
    ws.append(["经费控制情况", "2021年预算数", "2021年决算数"])
    ws.append(["公用经费", 100, 102])
    path = tmp_path / "levels.xlsx"
    wb.save(path)
    r = audit(path)
    [f] = by_code(r, "D001")
    # 102 ÷ 100 = 102%: 2 points over × 1 = 2 → 5 − 2 = 3; the county entered 5 (G3), the city 3
    assert (f.cell, f.entered, f.expected) == ("G3", 5, 3)
    assert "公用经费控制率 = 102 ÷ 100 = 102%" in f.message


def test_anhui_scoring_table_with_serial_numbers(tmp_path):
    # 安徽 评分表: 序号 | 一级 | 二级 | 三级 | 分值 | 指标解释 | 评分标准 | 自评得分
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2022年度部门整体支出绩效评价指标评分表"])
    ws.append(["序号", "一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准", "自评得分"])
    ws.append([1, "过程（10分）", "预算执行（10分）", "预算完成率", 5,
               "预算完成率=（上年结转+年初预算+本年追加预算-年末结余）/（上年结转+年初预算+本年追加预算）×100%。",
               "100%计满分，每低于5%扣2分，扣完为止。", 5])
    ws.append([2, None, None, "预算控制率", 5, "预算控制率=（本年追加预算/年初预算）×100%。",
               "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分。", 3])
    ws.append(["合计", None, None, None, 10, None, None, 8])
    ws.append([])
    ws.append(["部门整体支出绩效评价基础数据表"])
    ws.append(["预算执行情况", "上年结转", "年初预算数", "本年追加预算", "年末结余"])
    ws.append([None, 50, 1200, 150, 70])
    path = tmp_path / "ah.xlsx"
    wb.save(path)
    r = audit(path)
    # 预算完成率 (50 + 1200 + 150 − 70) ÷ 1400 = 95% → 5 − 2 = 3 (entered 5); 预算控制率 12.5% → 3 ✓
    assert {f.cell: f.expected for f in by_code(r, "D001")} == {"H3": 3}
    # 合计 8 → 3 + 3 = 6
    [t] = by_code(r, "D012")
    assert (t.cell, t.entered, t.expected) == ("H5", 8, 6)


def test_fujian_self_evaluation_rate_checked_against_its_funds(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年度部门整体支出绩效自评表"])
    ws.append(["部门", "某县财政局"])
    ws.append(["预算资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", 700, 800, 680, 10, "85%", 8.5])
    ws.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"])
    ws.append([None, "产出指标（90分）", "成本指标", "支出实现率", "≥90%", "95%", 45, 45])
    ws.append([None, None, None, "预算执行率", "≥80%", "85%", 45, 45])
    path = tmp_path / "fj.xlsx"
    wb.save(path)
    r = audit(path)
    # 全年执行数 680 ÷ 全年预算数 800 = 85%: 支出实现率 typed 95% disagrees; 预算执行率 85% agrees
    [f] = by_code(r, "D020")
    assert (f.cell, f.severity, f.fix, f.expected) == ("F6", Severity.WARNING, None, 85)
    assert "支出实现率 = 680 ÷ 800 = 85%（全年执行数 680 见「Sheet」E4，全年预算数 800 见「Sheet」D4）" in f.message


def test_chongqing_adjusted_target_is_the_one_judged(tmp_path):
    # 年初指标值 50次, 调整指标值 30次, 全年完成值 30次: met against the adjusted target → full 10,
    # entered 10 stands (against 50次 it would be 30 ÷ 50 × 10 = 6)
    r = audit(chongqing_book(tmp_path / "cq.xlsx", rows=[
        ("组织宣传活动次数", "次", "定量指标", "50次", "30次", "30次", "100%", 10, 10, "是")], declared=None))
    assert not [f for f in r.findings if f.fix is not None]
    assert not by_code(r, "I002")
