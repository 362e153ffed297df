"""The forms of real submissions that the thirteen real samples do not all show, read by
their labels (shared/real/README.md): funds worth 20 with no 分值 column (湖北, 云南), a
完成率 column (海南), amounts in 元 under a (万元) heading, 执行率 as typed, 评分表 forms with
评分标准 / 自评分 / 复核分 / 县级 / 市级, instruction text left in an unfilled table, ★ rows and
their parts, traditional characters (table 03 as the mirror published it), and the "="
operator of the value parser."""

from __future__ import annotations

import pytest

from evalxl.a1 import split_address
from evalxl.model import Empty, Quantity, Text
from evalxl.reader.grid import Grid, RawCell
from evalxl.reader.tables import find_tables
from evalxl.reader.values import parse_text


def grid(cells: dict[str, object], merges: tuple[str, ...] = ()) -> Grid:
    g = Grid("Sheet1")
    for ref, value in cells.items():
        r, c = split_address(ref)
        g.rows.setdefault(r, {})[c] = RawCell(value)
    for m in merges:
        a, b = m.split(":")
        (r1, c1), (r2, c2) = split_address(a), split_address(b)
        g.merges.append((r1, c1, r2, c2))
    g.index_merges()
    return g


def row(r: int, *values, start: str = "A") -> dict[str, object]:
    col = ord(start)
    return {f"{chr(col + i)}{r}": v for i, v in enumerate(values) if v is not None}


def test_funds_worth_20_with_no_weight_column_and_yuan_under_a_wanyuan_heading():
    # 湖北: 项目资金（万元）（20分）, no 分值 column, 得分 = 20 × 执行率; amounts typed in 元.
    t, = find_tables(grid({
        **row(1, "项目支出绩效自评表"), **row(2, "项目名称", "市民服务"),
        **row(3, "项目资金（万元）（20分）", None, "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"),
        **row(4, None, "年度资金总额", "120,000.00", "120,000.00", "99,000.00", "0.99", 16.5),
        **row(5, None, "其中：财政拨款", "150万", "125.25万", "215,457.6", "1", None),
        **row(6, "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        **row(7, "产出指标（40分）", "数量指标", "培训人次", "≥100人次", "120人次", 40, 40),
    }, ("A3:A5",)))
    f = t.funds
    assert (f.header_weight, f.unit) == (20.0, "万元")
    assert "weight" not in f.columns and f.total.weight is None
    assert f.total.annual_budget.value == Quantity(120000.0) and f.total.executed.value == Quantity(99000.0)
    assert f.total.rate.value == Quantity(0.99)  # as typed: the rules decide what 0.99 means
    src = f.source("current")
    assert src.initial_budget.value == Quantity(150.0, "万元") and src.annual_budget.value == Quantity(125.25, "万元")
    assert src.rate.value == Quantity(1.0)
    assert t.indicators[0].level1_weight == 40.0


@pytest.mark.parametrize("typed, value", [
    ("100.00%", Quantity(100.0, "%")), ("1", Quantity(1.0)), ("0.99", Quantity(0.99)),
    ("99.1", Quantity(99.1)),  # percent-scale without %
])
def test_rates_read_as_typed(typed, value):
    assert parse_text(typed) == value


def test_a_completion_rate_column():
    # 海南: 完成率 beside 执行率, amounts in 元 written with separators.
    t, = find_tables(grid({
        **row(1, "项目名称", "海口"),
        **row(2, "项目资金（元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "完成率", "得分"),
        **row(3, "年度资金总额", "120,000.00", "120,000.00", "118,800.00", 10, "99%", "99%", 9.9),
        **row(4, "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        **row(5, "产出指标", "数量指标", "场次", "≥10场", "10场", 50, 50),
    }))
    assert t.funds.unit == "元"
    assert t.funds.total.completion.value == Quantity(99.0, "%") and t.funds.total.rate.address == "F3"
    assert t.funds.total.executed.value == Quantity(118800.0)


def test_a_scoring_form_with_only_level_score_columns_is_found():
    # 分值 | 评价标准 | 县级评分 | 市级评分, no 得分 / 自评分: found, the level scores kept by label.
    t, = find_tables(grid({
        **row(1, "项目名称", "农村公路养护"),
        **row(2, "一级指标", "二级指标", "三级指标", "分值", "评价标准", "县级评分", "市级评分"),
        **row(3, "决策（20分）", "项目立项", "立项依据充分性", 5, "依据充分得5分", 5, 4),
    }))
    ind = t.indicators[0]
    assert t.form == "scoring" and ind.score is None
    assert {k: c.address for k, c in ind.other_scores.items()} == {"县级评分": "F3", "市级评分": "G3"}


def test_a_scoring_form_reads_self_score_review_score_and_level_scores():
    t, = find_tables(grid({
        **row(1, "项目支出绩效评价评分表"), **row(2, "项目名称", "农村公路养护"),
        **row(3, "一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评分", "复核分", "县级得分", "市级得分"),
        **row(4, "决策（20分）", "项目立项", "立项依据充分性", 5, "依据充分得5分，每缺一项扣1分", 5, 4, 5, 4),
        **row(5, "过程（20分）", "资金管理", "资金到位率", 5, "到位率×分值，全额到位另加1分", 6, 5, 6, 5),
        **row(6, "合计", None, None, 100, None, 95, 90),
    }))
    assert t.form == "scoring" and t.kind == "project"
    first = t.indicators[0]
    assert (first.level1, first.level1_weight, first.name) == ("决策", 20.0, "立项依据充分性")
    assert first.criteria.text == "依据充分得5分，每缺一项扣1分"
    assert (first.score.address, first.review_score.address) == ("F4", "G4")
    assert {k: c.address for k, c in first.other_scores.items()} == {"县级得分": "H4", "市级得分": "I4"}
    assert t.total.score.address == "F6"


def test_unfilled_instruction_text_reads_as_an_empty_value():
    t, = find_tables(grid({
        **row(1, "项目名称", "工资性支出"),
        **row(2, "一级指标", "二级指标", "三级指标", "年度指标值", "完成值", "权重", "得分"),
        **row(3, "产出指标", "数量指标", "覆盖率", "=100%", "对照年度目标，说明相关任务目标的完成情况(100字以内)", 60, None),
    }))
    ind = t.indicators[0]
    assert ind.actual.is_empty and ind.actual.text.startswith("对照年度目标") and ind.score is None
    assert ind.target.value == Quantity(100.0, "%", "=")


def test_parts_attach_to_their_row_and_a_repeating_funds_qizhong_row_is_a_source():
    t, = find_tables(grid({
        **row(1, "项目名称", "种养补贴"),
        **row(2, "资金情况（万元）", None, "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"),
        **row(3, None, "年度资金总额：", 9.48, 9.48, 10, "100%", 10),
        **row(4, None, "其中：本年财政拨款", 9.48, 9.48, 10, "100%", 10),
        **row(5, "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分"),
        **row(6, "产出指标（50分）", "数量指标", "★补助种植面积", 20, None, None, 20),
        **row(7, None, None, "  红薯种植面积", None, "5.5亩", "5.5亩", None),
        **row(8, None, None, "养殖数量", 10, "192只", "192只", 10),
        **row(9, None, None, "其中羊养殖数量", None, "180只", "180只", None),
        **row(10, None, None, "  一行缩进但上面不是★", 5, "1", "1", 5),
    }, ("A2:A4",)))
    assert t.form == "xianjie"
    assert t.funds.total.row == 3 and t.funds.source("current").score.address == "G4"
    names = [i.name for i in t.indicators]
    assert names == ["★补助种植面积", "养殖数量", "一行缩进但上面不是★"]
    star, plain, _ = t.indicators
    assert star.key and [s.name for s in star.sub_rows] == ["红薯种植面积"]
    assert star.sub_rows[0].actual.address == "F7"
    assert not plain.key and [s.name for s in plain.sub_rows] == ["其中羊养殖数量"]


def test_traditional_characters_read_as_their_simplified_labels():
    # table 03 as the mirror published it: 項目名稱, 年度資金總額, 指標性質, 實際完成值 …
    t, = find_tables(grid({
        **row(1, "2020年度項目支出績效自評表"), **row(2, "項目名稱", "衛片執法"),
        **row(3, "項目資金 (萬元)", "年初預算數", "全年預算數", "全年執行數", "分值", "執行率", "得分"),
        **row(4, "年度資金總額", 7.29, 7.29, 7.29, "10.00", "100%", "10.00"),
        **row(5, "績效指標", None, None, "年度指標值", None, None, "實際完成值", "分值", "得分"),
        **row(6, "一級指標", "二級指標", "三級指標", "指標性質", "指標值", "度量單位"),
        **row(7, "產出指標", "數量指標", "衛片執法補助經費", "﹦", 72890, "元", 72890, "10.00", "9.00"),
    }, ("A5:C5", "D5:F5", "G5:G6", "H5:H6", "I5:I6")))
    assert (t.title, t.year, t.form, t.funds.unit) == ("2020年度项目支出绩效自评表", 2020, "split_target", "万元")
    ind = t.indicators[0]
    assert ind.target.address == "E7" and ind.target.value == Quantity(72890.0, "元", "=")
    assert (ind.actual.address, ind.score.address) == ("G7", "I7")


@pytest.mark.parametrize("typed, op", [("=100%", "="), ("＝100%", "="), ("﹦100%", "="), ("═100%", "="),
                                       (">=90%", ">="), ("≧90%", ">="), ("≦5天", "<="), ("＞1", ">")])
def test_every_operator_spelling(typed, op):
    assert parse_text(typed).op == op


def test_placeholders_and_words_stay_what_they_are():
    assert parse_text("—") == Empty() and parse_text("/") == Empty()
    assert parse_text("达成预期指标") == Text("达成预期指标")
    assert parse_text("≥100百分比") == Quantity(100.0, "%", ">=")
