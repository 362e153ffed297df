"""Reading the department-wide tables and the 基础数据表: the two samples (seed 002 and 003,
values by hand from the seed text) and variants written here. Project tables stay apart:
Workbook.tables holds none of them."""

from __future__ import annotations

from deptkit import BASIC_002, SEED002, SEED003, scoring_book, self_eval_book

from evalxl.model import Quantity, Text
from evalxl.reader import read_workbook


def rows(table):
    return {i.row: i for i in table.indicators}


# --------------------------------------------------------------------------- seed 003


def test_seed003_is_a_self_evaluation_table():
    wb = read_workbook(SEED003)
    assert wb.tables == [] and wb.notes == []  # no project table; no "not audited" note any more
    assert [(s.name, s.tables, s.department_tables) for s in wb.sheets] == [("部门整体自评表", 0, 1)]
    [t] = wb.department_tables
    assert (t.kind, t.kind_name, t.sheet, t.year) == ("self_eval", "部门整体绩效自评表", "部门整体自评表", 2023)
    assert t.unit.text == "华容区医疗保障局"
    assert (t.basic_spending.value.address, t.basic_spending.value.number) == ("C5", 132.59)
    assert (t.project_spending.value.address, t.project_spending.value.number) == ("F5", 813.27)
    assert t.goal.value.address == "C6" and t.goal.text.startswith("一是2023年印发政策宣传资料25000份")
    assert not t.has_scores
    assert set(t.indicator_columns) == {"level1", "level2", "level3", "category", "target", "actual"}


def test_seed003_indicators():
    [t] = read_workbook(SEED003).department_tables
    # 37 indicator lines in the seed, rows 8–44 of the sample
    assert [i.row for i in t.indicators] == list(range(8, 45))
    assert all(i.category is not None and i.category.text == "绩效基本型" for i in t.indicators)
    r = rows(t)
    # 预算执行率: 100% / 97% (0.97 with a % format)
    assert r[18].name == "预算执行率" and r[18].level1 == "管理效率" and r[18].level2 == "预算执行"
    assert r[18].target.value == Quantity(100.0, "%") and r[18].actual.value == Quantity(97.0, "%")
    assert r[18].actual.address == "G18"
    # 二级 merged down C10:C11 carries to row 11
    assert r[11].name == "“三公经费”变动率" and r[11].level2 == "项目支出成本控制"
    assert r[11].actual.value == Quantity(-54.0, "%")
    assert r[14].actual.value == Text("较科学")
    assert r[17].target.value == Quantity(10.0, "%", "<=")  # ≦10%
    assert r[21].target.value == Text("不涉及")
    assert r[44].level1 == "满意度" and r[44].name == "服务对象满意度"


def test_seed003_blocks_below_the_indicators():
    [t] = read_workbook(SEED003).department_tables
    # 偏差大或目标未完成原因分析 A45:B45, its value C45:G45 left blank in the seed
    assert t.deviation.label == "偏差大或目标未完成原因分析" and t.deviation.label_address == "A45"
    assert t.deviation.value.address == "C45" and t.deviation.value.is_empty
    assert t.improvement.label_address == "A46" and t.improvement.text.startswith("严格按照区财政部门的要求")
    assert t.last_row == 46


# --------------------------------------------------------------------------- seed 002


def test_seed002_is_a_scoring_table_with_its_base_data():
    wb = read_workbook(SEED002)
    assert wb.tables == [] and wb.notes == []
    assert [(s.name, s.tables, s.department_tables) for s in wb.sheets] == [("评分表", 0, 1), ("基础数据表", 0, 0)]
    [t] = wb.department_tables
    assert (t.kind, t.sheet, t.year, t.total) == ("scoring", "评分表", None, None)
    assert t.has_scores
    assert t.indicator_columns == {"level1": "A", "level2": "B", "level3": "C", "weight": "D", "criteria": "E",
                                   "formula_note": "F", "score": "G"}


def test_seed002_rows_weights_and_rule_texts():
    [t] = read_workbook(SEED002).department_tables
    # 17 lines; 经济效益 and 社会效益 share one 分值 cell (D16:D17): one indicator
    assert [i.row for i in t.indicators] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19]
    r = rows(t)
    assert r[16].name == "经济效益" and r[16].shared_names == ("社会效益",)
    assert r[16].weight.number == 10 and r[16].score is None
    # weights written in the labels: 投入 10分 / 预算配置 10分; 过程 60分 / 预算执行 20分, 预算管理 40分;
    # 产出及效率 30分 / 职责履行 8分, 履职 效益 22分
    assert {(i.level1, i.level1_weight) for i in t.indicators} == {("投入", 10), ("过程", 60), ("产出及效率", 30)}
    assert [(i.level2, i.level2_weight, i.level2_address) for i in (r[3], r[5], r[9], r[15], r[19])] == [
        ("预算配置", 10, "B3"), ("预算执行", 20, "B5"), ("预算管理", 40, "B9"), ("职责履行", 8, "B15"),
        ("履职效益", 22, "B16")]
    assert r[3].criteria.address == "E3" and r[3].criteria.text.startswith("以100%为标准。在职人员控制率≦100%，计5分")
    assert r[3].formula_note.text.startswith("在职人员控制率=（在职人员数/编制数）×100%")
    assert r[12].formula_note is None  # the seed leaves 指标说明 blank for 管理制度健全性
    # 分值 and 得分 as entered: 5 5 | 5 4 5 5 | 8 7 6 8 6 5 | 8 (blank) 3 6
    assert [i.weight.number for i in t.indicators] == [5, 5, 5, 5, 5, 5, 8, 7, 6, 8, 6, 5, 8, 10, 6, 6]
    assert [i.score.number if i.score else None for i in t.indicators] == [5, 5, 5, 4, 5, 5, 8, 7, 6, 8, 6, 5, 8, None, 3, 6]


def test_seed002_base_data():
    [b] = read_workbook(SEED002).base_data
    assert (b.sheet, b.title) == ("基础数据表", "部门整体支出绩效评价基础数据表")
    got = {(i.key, i.basis, i.year): (i.cell.address, i.number) for i in b.items}
    assert got[("staff_quota", None, None)] == ("B4", 48)  # 编制数
    assert got[("staff_actual", None, 2020)] == ("C4", 67)  # 2020年实际在职人数
    assert got[("three_public", "final", 2019)] == ("B6", 2.94)
    assert got[("three_public", "budget", 2020)] == ("C6", 13)
    assert got[("three_public", "final", 2020)] == ("D6", 3.06)
    assert got[("public_funds", "budget", 2020)] == ("C19", 71.35)
    assert got[("public_funds", "final", 2020)] == ("D19", 195.72)
    assert got[("procurement", "final", 2019)] == ("B24", 171.83)
    assert got[("procurement", "budget", 2020)] == ("C24", None)  # blank in the seed
    assert got[("building_area", "budget", None)] == ("B27", None)  # 楼堂馆所: no values in the seed
    assert ("three_public", "budget", 2019) not in got  # 上年度预算数: not in the seed's data
    assert b.years == [2019, 2020]


# --------------------------------------------------------------------------- variants


def test_base_data_block_below_the_scoring_table_in_one_sheet(tmp_path):
    path = scoring_book(tmp_path / "a.xlsx", [
        ("投入（10分）", "预算配置（10分）", "在职人员控制率", 5, "≦100%，计5分；每超过一个百分点扣0.5分", "", 5),
        (None, None, "公用经费控制率", 5, "100%以下（含）计满分，每超出1%扣1分", "", 5),
    ], basic=BASIC_002, basic_in_same_sheet=True)
    wb = read_workbook(path)
    [t] = wb.department_tables
    assert [i.name for i in t.indicators] == ["在职人员控制率", "公用经费控制率"]  # the block is not an indicator
    [b] = wb.base_data
    assert b.sheet == "评分表" and b.find("staff_quota")[0].number == 48
    assert b.unit.text == "衡山县医疗保障局"


def test_labels_with_spaces_and_full_width_brackets(tmp_path):
    basic = [
        ["财政供养人员情况", "编 制 数", "2021 年 实际在职人数"],
        [None, 10, 9],
        ["经费控制情况", "2020年 决算数", "2021年\n预算数", "2021年决算数"],
        ["1、“三公”经费", 1, 2, 3],
        ["其中：公用经费", 5, 6, 7],
    ]
    path = scoring_book(tmp_path / "b.xlsx", [
        ("投入（10分）", "预算配置（10分）", "在职人员控制率", 10, "≦100%，计10分；每超过一个百分点扣1分", "", 10)], basic=basic)
    [b] = read_workbook(path).base_data
    got = {(i.key, i.basis, i.year): i.number for i in b.items}
    assert got[("staff_quota", None, None)] == 10 and got[("staff_actual", None, 2021)] == 9
    assert got[("three_public", "budget", 2021)] == 2 and got[("public_funds", "final", 2021)] == 7


def test_self_evaluation_with_scores_and_a_total(tmp_path):
    path = self_eval_book(tmp_path / "c.xlsx", [
        ("运行成本（20分）", "预算执行", "预算执行率", "100%", "97%", 10, 10),
        (None, None, "结转结余率", "≤5%", "3%", 10, 10),
    ], scores=True, total=("合计", 20, 20))
    wb = read_workbook(path)
    assert wb.tables == []
    [t] = wb.department_tables
    assert t.kind == "self_eval" and t.has_scores and t.unit.text == "某县医疗保障局"
    assert [i.row for i in t.indicators] == [7, 8] and t.indicators[0].level1_weight == 20
    assert t.total is not None and t.total.score.number == 20 and t.total.weight.number == 20
    assert t.deviation.label_address == "A10" and t.improvement.text == "按预算执行"


def test_project_tables_are_untouched():
    wb = read_workbook(SEED002.parent / "明光市医疗保障局_2021年度项目自评表.xlsx")
    assert len(wb.tables) == 2 and wb.department_tables == [] and wb.base_data == []


def test_inspect_shows_the_formula_of_each_scoring_row():
    from deptkit import SEED002

    from evalxl.reader import read_workbook
    from evalxl.render import describe_workbook

    text = describe_workbook(read_workbook(SEED002))
    # seed 002's 指标说明 「预算控制率=（本年追加预算/年初预算）×100%。」, read into its expression
    assert "指标说明的公式 预算控制率 = 本年追加预算 ÷ 年初预算 × 100%" in text
    # 「“三公经费”控制率-（…）」 writes '-' where '=' belongs: no formula shown for it
    assert "指标说明的公式 “三公经费”控制率" not in text
