"""Label normalisation and synonyms (SPEC §2: spellings, spaces, U+3000, line breaks,
full-width brackets and colons, trailing units)."""

import pytest

from evalxl.reader import labels


@pytest.mark.parametrize(
    "text, expected",
    [
        ("年度指标值", "年度指标值"),
        ("年度\u3000指标值", "年度指标值"),  # ideographic space
        ("年度\n指标值", "年度指标值"),  # in-cell line break
        (" 年度 指标 值 ", "年度指标值"),
        ("年度\u200b指标值", "年度指标值"),  # zero-width space
        ("全年预算数（A）", "全年预算数(A)"),  # full-width brackets -> half-width
        ("年度资金总额：", "年度资金总额:"),  # full-width colon
    ],
)
def test_normalize(text, expected):
    assert labels.normalize(text) == expected


@pytest.mark.parametrize(
    "text, core, suffixes",
    [
        ("全年预算数（A）", "全年预算数", ("A",)),
        ("执行率（B/A）", "执行率", ("B/A",)),
        ("分值(10分)", "分值", ("10分",)),
        ("项目资金（万元）", "项目资金", ("万元",)),
        ("年度资金总额：", "年度资金总额", ()),
        ("年初目标值（A）", "年初目标值", ("A",)),
        ("(A)", "(A)", ()),  # a label that is only a bracket group is left alone
    ],
)
def test_split_label(text, core, suffixes):
    assert labels.split_label(text) == (core, suffixes)


@pytest.mark.parametrize(
    "text, role",
    [
        ("一级指标", "level1"),
        ("一级\n指标", "level1"),
        ("三级指标", "level3"),
        ("年度指标值", "target"),
        ("年度指标(A)", "target"),
        ("年初目标值（A）", "target"),
        ("指标值", "target"),
        ("实际完成值", "actual"),
        ("全年实际值(B)", "actual"),
        ("全年实际(B)", "actual"),
        ("实际完成值（B）", "actual"),
        ("分值", "weight"),
        ("权重", "weight"),
        ("得分", "score"),
        ("自评得分", "score"),
        ("得分计算方法", "method"),
        ("偏差原因分析及改进措施", "explanation"),
        ("未完成原因分析", "explanation"),
        ("项目名称", None),
        ("得分率", None),  # whole-label match only: no substring hits
    ],
)
def test_indicator_columns(text, role):
    assert labels.indicator_column(text) == role


@pytest.mark.parametrize(
    "text, role",
    [
        ("年初预算数", "initial_budget"),
        ("年初预算数(A)", "initial_budget"),
        ("全年预算数（A）", "annual_budget"),
        ("全年执行数（B）", "executed"),
        ("分值（10分）", "weight"),
        ("执行率（B/A）", "rate"),
        ("得分", "score"),
    ],
)
def test_funds_columns(text, role):
    assert labels.funds_column(text) == role


@pytest.mark.parametrize(
    "text, kind",
    [
        ("年度资金总额：", "total"),
        ("其中：当年财政拨款", "current"),
        ("其中:本年财政拨款", "current"),
        ("上年结转资金", "carryover"),
        ("其他资金", "other"),
        ("年度总体目标", None),
    ],
)
def test_funds_row_kind(text, kind):
    assert labels.funds_row_kind(text) == kind


@pytest.mark.parametrize(
    "text, name, weight",
    [
        ("产出指标（50分）", "产出指标", 50.0),
        ("产出指标\n（50分）", "产出指标", 50.0),
        ("产出 指标 (50分)", "产出指标", 50.0),
        ("投入\n\n10分", "投入", 10.0),
        ("满意度指标(10分)", "满意度指标", 10.0),
        ("效益指标", "效益指标", None),
        ("产出指标（12.5分）", "产出指标", 12.5),
    ],
)
def test_weight_in_level1_label(text, name, weight):
    assert labels.weight_in(text) == (name, weight)


def test_header_weight():
    assert labels.header_weight("分值（10分）") == 10.0
    assert labels.header_weight("分值(C/D)") is None
    assert labels.header_weight("分值") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("项目名称", ("name", "")),
        ("项目名称：行政运行经费", ("name", "行政运行经费")),
        ("主管部门", ("department", "")),
        ("实施单位", ("unit", "")),
        ("填报单位（盖章）：", ("filler", "")),
        ("单位负责人签字：", None),
    ],
)
def test_field_label(text, expected):
    assert labels.field_label(text) == expected


def test_labels_that_are_never_values():
    assert labels.is_label("单位负责人签字：")
    assert labels.is_label("填报时间：")
    assert labels.is_label("实施单位")
    assert not labels.is_label("明光市医疗保障局")


@pytest.mark.parametrize("text", ["总分", "单位自评总分", "自评得分", "合 计"])
def test_total_labels(text):
    assert labels.is_total(text)


def test_year():
    assert labels.year_in("（2021 年度）") == 2021
    assert labels.year_in("2021年度项目支出绩效自评表") == 2021
    assert labels.year_in("项目支出绩效自评表") is None
