"""Seed 001 (明光市医疗保障局, 2021), tables 1–4, transcribed by hand from
/work/shared/seeds/001_858009592e04ec6e.txt as model objects.

The expected findings are derived by hand from SPEC §3; the arithmetic is written next to
each expectation. Row numbers follow the seed's line order (title on row 1); columns
follow the seed's tab positions.
"""

from __future__ import annotations

from collections import Counter

import pytest
from tablekit import C, SKIP, Layout, make_table, run

from evalxl.findings import Severity
from evalxl.model import Cell, Field, Text

# --------------------------------------------------------------------------- table 1

# 行政运行经费: the national layout (funds D–I on rows 5–9, indicators B–I from row 13,
# 总分 on row 22). Everything in it is right.
TABLE1_INDICATORS = [
    ("产出指标", 50, "数量指标", "指标1:协调、督促乡镇、街道按时完成参保年度医保筹资工作任务,保证全覆盖参保",
     "100%", "100%", 20, 20, None),
    ("产出指标", 50, "质量指标", "指标1:实行专款专用,专户管理,封闭运行,安排专人管理", "1人", "1人", 10, 10, None),
    ("产出指标", 50, "时效指标", "指标1:加大打击、查处各种涉嫌造假骗保行为,每月至少开展一次", "12次", "12次", 10, 10, None),
    ("产出指标", 50, "成本指标", "指标1:审查检查相关费用", "15万元", "15万元", 10, 10, None),
    ("效益指标", 30, "经济效益指标", "指标1:保障医保基金稳健运行", "稳健运行", "稳健运行", 15, 15, None),
    ("效益指标", 30, "社会效益指标", "指标1:推进城镇职工医疗保险、城乡居民医疗保险工作有序开展",
     "全面推进", "全面推进", 5, 5, None),
    ("效益指标", 30, "生态效益指标", "指标1:集中检查、统一调度对环境有一定的积极作用",
     "一定的积极作用", "一定的积极作用", 5, 5, None),
    ("效益指标", 30, "可持续影响指标", "指标1:通过开展多项活动,切实打击、查处各种涉嫌造假骗保行为,营造良好的社会氛围",
     "对社会有积极的作用", "对社会有积极的作用", 5, 5, None),
    ("满意度指标", 10, "服务对象满意度指标", "指标1:在为民服务方面,群众满意度高达95%", ">95%", ">95%", 10, 10, None),
]


def table1():
    return make_table(
        funds={
            # 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 (执行率 stored as 1 with a % format)
            "total": [15, 15, 15, 10, C(1, "0%"), 10],
            "current": [15, 15, 15, "-", "-", "-"],
            "carryover": [None, None, None, "-", "-", "-"],
            "other": [None, None, None, "-", "-", "-"],
        },
        indicators=TABLE1_INDICATORS,
        total=(100, 100),
        name="行政运行经费",
        department="明光市医疗保障局",
        unit="明光市医疗保障局",
    )


# --------------------------------------------------------------------------- table 2

TABLE2_INDICATORS = [
    ("产出指标", 50, "数量指标", "指标1: 将宣传医疗保险的责任在乡镇、村落实到个人, 保障全民参保。",
     "100%", "100%", 20, 20, None),
    ("产出指标", 50, "数量指标", "指标1: 乡镇、街道至少安排3人负责医保政策的宣传和答疑解惑", "3人", "3人", 10, 10, None),
    ("产出指标", 50, "时效指标", "指标1: 建立月底调度协调机制, 督促乡镇、街道按时去完成全年度医保等各项工作任务。",
     "12次", "12次", 10, 10, None),
    ("产出指标", 50, "成本指标", "指标1: 三医业务开展相关人力成本", "每人每月100元", "每人每月100元", 10, 10, None),
    ("效益指标", 30, "经济效益指标", "指标1: 有效缓解群众看病就医的经济负担", "有效缓解", "有效缓解", 15, 15, None),
    ("效益指标", 30, "社会效益指标", "指标1: 让医保政策惠及每个参保人, 使我市城镇职工医疗保险、城镇居民医疗保险工作的"
     "有序开展得到强有力的保障", "让医保政策惠及每个参保人", "让医保政策惠及每个参保人", 5, 5, None),
    ("效益指标", 30, "生态效益指标", "指标1: 三医业务使得群众在家门可以办籍参保和报销等业务, 对环境有一定的积极影响",
     "一定的积极影响", "一定的积极影响", 5, 5, None),
    ("效益指标", 30, "可持续影响指标", "指标1: 通过开展三医建设业务, 让参保群众实现医保业务家门可办, 营造良好的社会氛围",
     "对社会有积极的作用", "对社会有积极的作用", 5, 5, None),
    ("满意度指标", 10, "服务对象满意度指标", "指标1: 在为民服务方面, 群众满意度高达95%", ">95%", ">95%", 10, 10, None),
]


def table2():
    return make_table(
        funds={
            "total": [24, 24, 24, 10, "100%", 10],
            "current": [10, 10, 10, "-", None, "-"],
            "carryover": [None, None, None, "-", None, "-"],
            "other": [14, 14, 14, "-", None, "-"],
        },
        indicators=TABLE2_INDICATORS,
        total=(100, 100),
        name="三医建设业务经费",
        department="明光市医疗保险局",
        unit="明光市医疗保险局",
    )


# --------------------------------------------------------------------------- table 3

# 医保信息化建设: 分值 before the targets, a 得分计算方法 column, no 全年预算数 and no 执行率;
# funds C–F on rows 5–8 (header 分值(10分)); indicators A–I from row 12; the total 99.6
# written in the last column (I24) of the 单位自评总分 row; 实施单位 left empty.
VARIANT_FUNDS_34 = ("initial_budget", "executed", "weight", "score")
METHOD = "完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。"


def table3():
    layout = Layout(
        funds={"initial_budget": "C", "executed": "D", "weight": "E", "score": "F"},
        funds_order=VARIANT_FUNDS_34,
        indicators={"level1": "A", "level2": "B", "level3": "C", "weight": "D", "target": "E", "actual": "F",
                    "method": "G", "score": "H", "explanation": "I"},
        total_label="A", total_weight=None, total_score="I",
    )
    return make_table(
        funds={"total": [80, 80, 10, "100%"], "current": [80, 80, None, None], "other": [0, 0, None, None]},
        header_weight=10,
        indicators=[
            ("数量指标", 80, "数量指标", "单位各项开支都控制在预算内", "96%", "96%", 10, 10, None),  # row 12
            ("数量指标", 80, "质量指标", "医保基金征缴工作任务", "达成预期指标", "达成预期指标", 10, 10, None),  # 13
            ("数量指标", 80, "时效指标", "尽可能早的让参保患者早", "99%", "99%", 20, 20, None),  # 14
            ("数量指标", 80, "成本指标", "人员相关支出占预算数", "96%", "97%", 10, 9.6, None),  # 15
            SKIP,  # 16: blank
            ("社会效益指标", 30, "社会效益指标", "城乡居民医疗保障覆盖率", None, None, None, None, None),  # 17
            ("社会效益指标", 30, "社会效益指标", "加强对医疗机构的监督管理,严格控制医药费用不合理增长,保障基金补偿规范运行,"
             "联合公安部门", "96%", "96%", 10, 10, None),  # 18
            ("社会效益指标", 30, "社会效益指标", "1. 积极组织人员进入医保", "100%", "100%", 15, 15, None),  # 19
            ("社会效益指标", 30, "社会效益指标", "在为民服务方面,群众满", "100%", "100%", 5, 5, None),  # 20
            SKIP,  # 21: "....."
            ("满意度指标", 10, "服务对象满意度指标", "不断提高医保工作满意度", "96", "96", 10, 9.6,
             "重点保障住院和门诊大病医疗风险,有助于解决他们的大病医疗费用问题,减轻群众“因病致贫、因"),  # 22
            SKIP,  # 23: "....."
        ],
        total={"label": "单位自评总分", "score": 99.6},  # row 24
        name="医保信息化建设",
        department="区医保局",
        unit=None,  # 实施单位 label present, value cell empty
        layout=layout,
    )


# --------------------------------------------------------------------------- table 4

# 市外医疗保障专项经费: a 填报单位 line stands in for 实施单位 (row 5); funds on rows 6–9.
# The seed's funds line reads "10 10 10 100% _ 10" under five headers (年初预算数(A),
# 全年执行数(B), 分值(C/D), 得分, 得分计算方法): read, as samples/build_samples.py does, as
# 年初预算数 10, 全年执行数 10, 分值 10, 执行率 100%, 得分 10 — the 执行率 header was lost in
# extraction (seed table 7 has it in that position). Indicators B–J from row 13;
# 单位自评总分 99.4 in J22.


def table4():
    layout = Layout(
        funds={"initial_budget": "D", "executed": "E", "weight": "F", "rate": "G", "score": "H"},
        funds_order=("initial_budget", "executed", "weight", "rate", "score"),
        indicators={"level1": "B", "level2": "C", "level3": "D", "weight": "E", "target": "F", "actual": "G",
                    "method": "H", "score": "I", "explanation": "J"},
        total_label="B", total_weight=None, total_score="J",
        funds_header_row=6,
    )
    return make_table(
        funds={"total": [10, 10, 10, "100%", 10], "current": [10, 10], "other": [0, 0]},
        indicators=[
            ("产出指标", None, "数量指标", "市外医疗保障专项经费", "100%", "100%", 10, 10, None),  # row 13
            ("产出指标", None, "数量指标", "市外医保保障了各项医保基金", "达成预期指标", "达成预期指标", 20, 20, None),  # 14
            ("产出指标", None, "时效指标", "是否有任何的医保基金提取", "98%", "98%", 10, 10, None),  # 15
            ("产出指标", None, "时效指标", "市外医保费用成本每支出表", None, None, 10, None, None),  # 16
            ("效益指标", None, "经济效益指标", "医保基金医疗赔付55万元", None, None, 10, None, None),  # 17
            ("效益指标", None, "经济效益指标", "严厉打击医保违规行为及损失", "99%", "99%", 10, 30, None),  # 18
            ("效益指标", None, "社会效益指标", "1. 新增退休人员进入医保小", "98%", "98%", 5, 4.9, None),  # 19
            ("效益指标", None, "社会效益指标", "在为民服务方面, 群众满意度", None, None, 5, None, None),  # 20
            ("满意度指标", None, "服务对象满意度指标", "提高参保群众满意度", "95%", "95%", 10, 9.5,
             "在参保外溢等方面存在地方"),  # 21
        ],
        total={"label": "单位自评总分", "score": 99.4},  # row 22
        name="市外医疗保障专项经费",
        department="医保局",
        unit=Field("填报单位", "C5", Cell("F5", "医保中心", Text("医保中心"))),
        layout=layout,
    )


# --------------------------------------------------------------------------- the tests


def by_code(result):
    return Counter(f.code for f in result.findings)


def one(result, code, cell):
    hits = [f for f in result.findings if f.code == code and f.cell == cell]
    assert len(hits) == 1, [(f.code, f.cell, f.message) for f in result.findings]
    return hits[0]


@pytest.mark.parametrize("build", [table1, table2], ids=["行政运行经费", "三医建设业务经费"])
def test_right_tables_give_no_error_and_no_warning(build):
    result, _ = run(build())
    bad = [(f.code, f.cell, f.message) for f in result.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert bad == []
    # 15/15 (24/24) = 100% → 10; rows all met → full; 10 + 50 + 30 + 10 = 100.
    assert result.recomputed_total == 100
    assert result.entered_total == 100
    assert result.grade == "优"
    assert result.rate == 1


def test_table1_has_no_finding_at_all():
    result, _ = run(table1())
    assert result.findings == []


def test_table3_findings():
    result, a = run(table3())
    assert by_code(result) == Counter({
        "F003": 1,  # F6 "100%": 80 ÷ 80 = 100% × 10 = 10
        "I001": 2,  # H15 成本指标 96% / 97%: 96 ÷ 97 × 10 = 9.897 → 9.9 (9.6 wrong); H22 96 / 96 met → 10
        "W001": 1,  # A12 数量指标(80分): 10 + 10 + 20 + 10 = 50 ≠ 80
        "T001": 1,  # I24 99.6 → 10 + (10 + 10 + 20 + 9.9) + (10 + 15 + 5) + 10 = 99.9
        "C004": 1,  # I15 9.9 < 10 and 未完成原因分析 empty
        "C005": 1,  # 实施单位 empty
        "C003": 1,  # row 17 城乡居民医疗保障覆盖率: no 分值, no values
    })
    f = one(result, "F003", "F6")
    assert f.severity == Severity.ERROR and f.entered == "100%" and f.expected == 10
    assert f.fix.cell == "F6" and f.fix.value == 10
    f = one(result, "I001", "H15")
    assert f.entered == 9.6 and f.expected == 9.9 and f.fix.value == 9.9
    assert "成本指标" in f.message and "96÷97×10" in f.message
    f = one(result, "I001", "H22")
    assert f.entered == 9.6 and f.expected == 10 and f.fix.value == 10
    f = one(result, "T001", "I24")
    assert f.entered == 99.6 and f.expected == 99.9 and f.fix.value == 99.9
    one(result, "W001", "A12")
    one(result, "C004", "I15")
    one(result, "C003", "C17")
    assert result.recomputed_total == 99.9
    assert result.grade == "优"  # 99.9 and 99.6 are both 优: no grade warning
    assert result.budget == 80 and result.executed == 80 and result.rate == 1
    assert sum(1 for f in result.findings if f.severity == Severity.ERROR) == 5


def test_table4_findings():
    result, a = run(table4())
    assert by_code(result) == Counter({
        # funds: 10 ÷ 10 = 100% (G7 right) × 10 = 10 (H7 right): nothing
        "I001": 3,  # I18 30 in a row worth 10, 99%/99% met → 10; I19 98%/98% → 5 (4.9); I21 95%/95% → 10 (9.5)
        "C001": 3,  # rows 16, 17, 20: a 分值 and no values → cannot verify, 0 in the total
        "T001": 1,  # J22 99.4 → 10 + (10 + 20 + 10 + 0) + (0 + 10 + 5 + 0) + 10 = 75
        "T005": 1,  # 75 is 中, 99.4 is 优
    })
    f = one(result, "I001", "I18")
    assert f.entered == 30 and f.expected == 10 and f.fix.value == 10
    assert "超过分值 10" in f.message
    assert f.extra.get("suppressed") == ["I003"]  # 30 > 10 is reported once, by the recomputing rule
    assert one(result, "I001", "I19").expected == 5
    assert one(result, "I001", "I21").expected == 10
    assert {f.cell for f in result.findings if f.code == "C001"} == {"G16", "G17", "G20"}
    f = one(result, "T001", "J22")
    assert f.entered == 99.4 and f.expected == 75
    assert result.recomputed_total == 75 and result.grade == "中"
    g = one(result, "T005", "J22")
    assert g.severity == Severity.WARNING and g.entered == "优" and g.expected == "中"


def test_each_cell_has_at_most_one_error():
    for build in (table1, table2, table3, table4):
        result, _ = run(build())
        cells = [(f.sheet, f.cell) for f in result.findings if f.severity == Severity.ERROR and f.cell]
        assert len(cells) == len(set(cells))


def test_every_finding_names_its_table_and_cell():
    result, _ = run(table3())
    for f in result.findings:
        assert f.table == "医保信息化建设" and f.table_index == 0 and f.sheet == "表1"
        assert f.rule and f.message
        if f.cell:
            assert f.message.startswith(f.cell) or f.cell in f.message or f.code == "C003"
