"""The D rules on small department-wide workbooks written here: each rule fires and stays
quiet; a fix only where the right score is computed. Expected values by hand."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from deptkit import audit, by_code, cells, scoring_book, self_eval_book

from evalxl.findings import Severity
from evalxl.pipeline import audit_file
from evalxl.profile import national

CTRL = "100%以下（含）计满分，每超出1%扣1分，扣完为止。"
STAFF = "≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。"
BANDS = "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；大于20%不得分。"
CHECK = "①有制度，2分；②执行到位，3分。"


def basic(public=(100, 103.5), staff=(48, 48)):
    """A 基础数据表: 公用经费 2021年预算数 / 决算数, 编制数 / 实际在职人数."""
    return [
        ["部门整体支出绩效评价基础数据表"],
        ["财政供养人员情况", "编制数", "2021年实际在职人数"],
        [None, staff[0], staff[1]],
        ["经费控制情况", "2020年决算数", "2021年预算数", "2021年决算数"],
        ["公用经费", 90, public[0], public[1]],
    ]


def book(tmp_path, rows, name="a.xlsx", **kw):
    kw.setdefault("basic", basic())
    return audit(scoring_book(tmp_path / name, rows, **kw))


# --------------------------------------------------------------------------- computed scores


@pytest.mark.parametrize("entered, wrong", [(5, False), (4.5, False), (4.8, True), (8, True)])
def test_partial_and_whole_steps_are_both_accepted(tmp_path, entered, wrong):
    # 103.5 ÷ 100 = 103.5%: 3.5 points over × 1 → 8 − 3.5 = 4.5; whole steps: 3 → 5
    r = book(tmp_path, [("过程（8分）", "预算管理（8分）", "公用经费控制率", 8, CTRL, "", entered)],
             total=("合计", 8, entered))
    got = by_code(r, "D001")
    assert bool(got) == wrong
    if wrong:
        assert got[0].expected == 4.5 and got[0].fix.value == 4.5
        assert "公用经费控制率 = 103.5 ÷ 100 = 103.5%，超过 3.5 个百分点，扣 3.5 分，应得 4.5 分" in got[0].message


def test_a_computable_empty_score_is_filled(tmp_path):
    # 48 ÷ 48 = 100% ≤ 100% → 5
    r = book(tmp_path, [("投入（5分）", "预算配置（5分）", "在职人员控制率", 5, STAFF, "", None)])
    [f] = by_code(r, "D002")
    assert (f.cell, f.expected, f.fix.value) == ("G3", 5, 5) and "未超过 100%，应得满分 5 分" in f.message
    assert not by_code(r, "D008")


def test_bounds_on_a_manual_row_and_precedence_on_a_computed_one(tmp_path):
    r = book(tmp_path, [
        ("过程（13分）", "预算管理（13分）", "管理制度健全性", 5, CHECK, "", 9),  # 9 > 5: bounds, no right value
        (None, None, "公用经费控制率", 8, CTRL, "", 30),  # 30 > 8: the computed 4.5 wins
    ])
    [bounds] = by_code(r, "D003")
    assert bounds.cell == "G3" and bounds.fix is None and "超过分值 5" in bounds.message
    [wrong] = by_code(r, "D001")
    assert wrong.cell == "G4" and wrong.expected == 4.5 and wrong.extra["suppressed"] == ["D003"]
    [manual] = by_code(r, "D005")
    assert manual.cell == "G3" and "逐项计分（2 项，共 5 分）" in manual.message


def test_points_mismatch_is_not_scored(tmp_path):
    # a checklist worth 2 + 3 = 5 in a row worth 6; a threshold 「计5分」 in a row worth 8
    r = book(tmp_path, [
        ("过程（14分）", "预算管理（14分）", "管理制度健全性", 6, CHECK, "", 6),
        (None, None, "在职人员控制率", 8, STAFF, "", 8),
    ])
    assert cells(r, "D004") == ["E3", "E4"]
    assert not by_code(r, "D001")  # 8 stands: which of 5 and 8 is right is unknown
    assert "在职人员控制率 = 48 ÷ 48 = 100%" in by_code(r, "D004")[1].message


def test_bands_scored_from_the_rows_own_actual_value(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["部门整体支出绩效评价指标评分表"])
    ws.append(["一级指标", "二级指标", "三级指标", "分值", "评价标准", "实际完成值", "得分"])
    ws.append(["过程（5分）", "预算执行（5分）", "预算控制率", 5, BANDS, "12%", 4])
    path = tmp_path / "bands.xlsx"
    wb.save(path)
    r = audit(path)
    # 12% lies in 10-20%(含) → 3, entered 4
    [f] = by_code(r, "D001")
    assert (f.cell, f.expected) == ("G3", 3) and "实际完成值 12%，在「10-20%(含)」一档，应得 3 分" in f.message


# --------------------------------------------------------------------------- weights and totals


def test_weight_sums_at_every_level(tmp_path):
    r = book(tmp_path, [
        ("投入（10分）", "预算配置（10分）", "在职人员控制率", 5, STAFF, "", 5),
        (None, None, "管理制度健全性", 4, "①有制度，2分；②执行到位，2分。", "", 4),  # 5 + 4 = 9 ≠ 10
        ("过程（60分）", "预算执行（20分）", "预算控制率", 20, BANDS.replace("5分", "20分"), "", 20),
        (None, "预算管理（30分）", "公用经费控制率", 30, CTRL, "", 30),  # 20 + 30 = 50 ≠ 60
    ])
    [l2] = by_code(r, "D009")
    assert (l2.cell, l2.entered, l2.expected) == ("B3", 9, 10) and "（5 + 4）" in l2.message
    [l1] = by_code(r, "D010")
    assert (l1.cell, l1.entered, l1.expected) == ("A5", 50, 60) and "预算执行 20 + 预算管理 30" in l1.message
    [tot] = by_code(r, "D011")
    # 一级: 10 + 60 = 70 ≠ 100
    assert (tot.entered, tot.expected) == (70, 100) and "投入 10 + 过程 60" in tot.message


def test_labels_repeated_on_every_row_make_one_group(tmp_path):
    # 一级 and 二级 written on each row (no merge): one group each, 5 + 5 = 10 as labelled
    r = book(tmp_path, [("投入（10分）", "预算配置（10分）", "在职人员控制率", 5, STAFF, "", 5),
                        ("投入（10分）", "预算配置（10分）", "公用经费控制率", 5, CTRL, "", 5)])
    assert not [f for f in r.findings if f.code in ("D009", "D010")]


def test_level1_sum_without_level2_names(tmp_path):
    # no 二级 at all: the 三级 分值 under 过程（20分）: 8 + 10 = 18 ≠ 20, counted once
    r = book(tmp_path, [("过程（20分）", None, "公用经费控制率", 8, CTRL, "", 4.5),
                        (None, None, "管理制度健全性", 10, "①有制度，5分；②执行到位，5分。", "", 10)])
    [f] = by_code(r, "D010")
    assert (f.entered, f.expected) == (18, 20) and "各三级指标 18" in f.message
    assert not by_code(r, "D009")


def test_total_row_wrong_and_right(tmp_path):
    rows = [("过程（13分）", "预算管理（13分）", "公用经费控制率", 8, CTRL, "", 8),
            (None, None, "管理制度健全性", 5, CHECK, "", 5)]
    # 8 → 4.5 (computed), 5 stands (manual): 9.5; entered 13
    r = book(tmp_path, rows, total=("合计", 13, 13), name="w.xlsx", basic=basic())
    [f] = by_code(r, "D012")
    assert (f.cell, f.entered, f.expected, f.fix.value) == ("G5", 13, 9.5, 9.5) and "G3 应为 4.5" in f.message
    assert not by_code(r, "D013")
    ok_rows = [rows[0][:6] + (4.5,), rows[1]]
    r = book(tmp_path, ok_rows, total=("合计", 13, 9.5), name="r.xlsx")
    assert not by_code(r, "D012") and not by_code(r, "D011")
    assert r.departments[0].entered_total_from == "total_row"


# --------------------------------------------------------------------------- 自评表 with scores


def test_self_evaluation_with_scores_uses_the_project_rules(tmp_path):
    path = self_eval_book(tmp_path / "s.xlsx", [
        ("运行成本（20分）", "预算执行", "预算执行率", "100%", "97%", 10, 10),
        (None, None, "结转结余率", "≤5%", "3%", 10, 10),
    ], scores=True, total=("合计", 20, 20))
    r = audit(path)
    # 97 ÷ 100 × 10 = 9.7 (I001, the project rule, unchanged); total 9.7 + 10 = 19.7 (D012)
    [i001] = by_code(r, "I001")
    assert (i001.cell, i001.expected) == ("I7", 9.7) and i001.department == 0
    [total] = by_code(r, "D012")
    assert (total.cell, total.expected) == ("I9", 19.7)
    # the overall 偏差原因 block is blank while a score is below its 分值
    [dev] = by_code(r, "D015")
    assert dev.cell == "B10" and "预算执行率" in dev.message
    d = r.departments[0]
    assert (d.scored, d.entered_total, d.recomputed_total, d.grade, d.completion_rate) == (True, 20, 19.7, "差", None)
    assert not by_code(r, "D014")  # scores, not a completion rate


# --------------------------------------------------------------------------- 自评表 without scores


def test_self_evaluation_judgements(tmp_path):
    path = self_eval_book(tmp_path / "j.xlsx", [
        ("管理效率", "预算执行", "预算执行率", "100%", "100%"),  # met
        (None, None, "政府采购执行率", "100%", None),  # missing → D016, counts as not met
        (None, None, "信息化建设情况", "健全", "稳步推进"),  # band unknown → D017
        (None, None, "非税收入预算完成率", "100%", "不涉及"),  # target set, actual 不涉及 → D017
        (None, None, "高层次人才储备率", "不涉及", "不涉及"),  # not applicable
        (None, None, "会议费控制率", "≤100%", "120%"),  # not met (≤: smaller is better)
    ], deviation="会议费超支，已整改")
    r = audit(path)
    assert cells(r, "D016") == ["G8"]
    assert cells(r, "D017") == ["G9", "G10"]
    [not_met] = by_code(r, "D014")
    assert not_met.cell == "G12" and "高于年初目标值 ≤100%" in not_met.message
    assert not by_code(r, "D015")  # the 偏差 block is filled
    d = r.departments[0]
    # applicable: met 1, not met 1, missing 1 → 1 ÷ 3
    assert d.completion == {"met": 1, "partial": 0, "not_met": 1, "missing": 1, "not_applicable": 1, "unjudged": 2}
    assert d.completion_rate == pytest.approx(1 / 3) and d.review_rows == 2


def test_partial_credit_comes_from_the_profile(tmp_path):
    path = self_eval_book(tmp_path / "p.xlsx", [
        ("管理效率", "预算编制", "预算编制科学性", "科学", "较科学"),
        (None, None, "立项规范性", "规范", "规范"),
    ], deviation="见说明")
    # (1 + 0.5 × 1) ÷ 2 = 0.75 nationally; with partial_credit 0: 1 ÷ 2
    assert audit(path).departments[0].completion_rate == pytest.approx(0.75)
    strict = dataclasses.replace(national(), partial_credit=0.0)
    assert audit(path, strict).departments[0].completion_rate == pytest.approx(0.5)


def test_select_and_ignore_apply_to_department_rules(tmp_path):
    path = scoring_book(tmp_path / "sel.xlsx", [("投入（5分）", "预算配置（5分）", "在职人员控制率", 5, STAFF, "", 4)],
                        basic=basic())
    _, r = audit_file(path, "sel.xlsx", national(), select=["F"])
    assert r.findings == [] and r.status == "ok"
    _, r = audit_file(path, "sel.xlsx", national(), ignore=["D001"])
    assert not by_code(r, "D001") and by_code(r, "D013")
    _, r = audit_file(path, "sel.xlsx", national(), select=["D001"])
    assert [f.code for f in r.findings] == ["D001"] and r.findings[0].severity == Severity.ERROR


def test_department_profile_keys_are_validated(tmp_path):
    from evalxl.profile import ProfileError, load_profile

    good = tmp_path / "good.toml"
    good.write_text('[department]\npartial_credit = 0.8\nnot_applicable = ["不涉及", "无"]\n', encoding="utf-8")
    p = load_profile(good)
    assert p.partial_credit == 0.8 and p.not_applicable_words == ("不涉及", "无")
    for body, words in (('[department]\npartial_credit = 1.5\n', "department.partial_credit"),
                        ('[department]\nbonus = 1\n', "department.bonus")):
        bad = tmp_path / "bad.toml"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(ProfileError) as exc:
            load_profile(bad)
        assert words in str(exc.value)


# --------------------------------------------------------------------------- printed formulas (issue 17)

DONE_RULE = "100%计满分，每低于5%扣2分，扣完为止。"
CTRL_BANDS = "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分。"
DONE_NOTE = "预算完成率=（上年结转+年初预算+本年追加预算-年末结余）/（上年结转+年初预算+本年追加预算）×100%。"
CTRL_NOTE = "预算控制率=（本年追加预算/年初预算）×100%。"


def budget_basic(initial="2022年年初预算数", balance=("年末结余", 70)):
    head = ["预算执行情况", "上年结转", initial, "本年追加预算"] + ([balance[0]] if balance else [])
    values = [None, 50, 1200, 150] + ([balance[1]] if balance else [])
    return [["部门整体支出绩效评价基础数据表"], head, values]


def test_scores_computed_from_the_printed_formulas(tmp_path):
    r = book(tmp_path, [
        ("过程（10分）", "预算执行（10分）", "预算完成率", 5, DONE_RULE, DONE_NOTE, 5),
        (None, None, "预算控制率", 5, CTRL_BANDS, CTRL_NOTE, 4),
    ], basic=budget_basic(), title="2022年度部门整体支出绩效评价指标评分表")
    got = {f.cell: f for f in by_code(r, "D001")}
    # (50 + 1200 + 150 − 70) ÷ (50 + 1200 + 150) = 95%: 5 points below 100% at 2 per 5% → 5 − 2 = 3
    assert (got["G3"].entered, got["G3"].expected, got["G3"].fix.value) == (5, 3, 3)
    assert ("预算完成率 = (50 + 1200 + 150 − 70) ÷ (50 + 1200 + 150) = 95%，低于 5 个百分点，每 5 个百分点扣 2 分，"
            "扣 2 分，应得 3 分") in got["G3"].message
    # 150 ÷ 1200 = 12.5% → the 10–20% band → 3, entered 4
    assert (got["G4"].entered, got["G4"].expected) == (4, 3)
    assert "预算控制率 = 150 ÷ 1200 = 12.5%，在「10-20%(含)」一档，应得 3 分" in got["G4"].message
    assert "本年追加预算 150 见「基础数据表」D3，年初预算 1200 见「基础数据表」C3" in got["G4"].message
    assert not by_code(r, "D007")


def test_a_printed_formula_naming_what_the_data_lacks(tmp_path):
    r = book(tmp_path, [("过程（5分）", "预算执行（5分）", "预算完成率", 5, DONE_RULE, DONE_NOTE, 5)],
             basic=budget_basic(initial="年初预算数", balance=None))
    [f] = by_code(r, "D007")
    assert f.cell == "G3" and "基础数据表中缺少年末结余，无法按指标说明的公式计算预算完成率" in f.message
    assert not by_code(r, "D001")


BONUS_RULE = "100%计满分，每低于5%扣2分，扣完为止；工作有创新的加1分。"


def test_a_score_above_its_weight_that_a_bonus_clause_allows_is_a_notice(tmp_path):
    r = book(tmp_path, [
        ("过程（10分）", "预算执行（10分）", "预算完成率", 5, BONUS_RULE, DONE_NOTE, 6),  # 5 + 1 allowed
        (None, None, "管理制度健全性", 5, "①有制度，2分；②执行到位，3分；创新做法另加2分。", "", 7),  # 5 + 2 allowed
    ], basic=budget_basic(), total=("合计", 10, 13), title="2022年度部门整体支出绩效评价指标评分表")
    assert [f.cell for f in by_code(r, "D018")] == ["G3", "G4"]
    assert all(f.severity == Severity.NOTICE and f.fix is None for f in by_code(r, "D018"))
    assert "最多加 1 分" in by_code(r, "D018")[0].message
    assert not by_code(r, "D001") and not by_code(r, "D003")
    assert not by_code(r, "D004")  # the bonus clause is not read as a third item: ① 2 + ② 3 = 5 = 分值
    # the bonus counts as entered: 6 + 7 = 13 = the 合计 row → no D012
    assert r.departments[0].recomputed_total == 13 and not by_code(r, "D012")


def test_a_score_beyond_the_bonus_is_still_corrected(tmp_path):
    r = book(tmp_path, [("过程（5分）", "预算执行（5分）", "预算完成率", 5, BONUS_RULE, DONE_NOTE, 7)],
             basic=budget_basic(), title="2022年度部门整体支出绩效评价指标评分表")
    # 7 > 5 + 1: not a bonus; (50 + 1200 + 150 − 70) ÷ 1400 = 95% → 5 − 2 = 3
    [f] = by_code(r, "D001")
    assert (f.entered, f.expected) == (7, 3) and not by_code(r, "D018")
