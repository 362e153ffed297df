"""B rules (issue 13 point 6): across the files of one batch, from the per-file results."""

from __future__ import annotations

import pytest

from evalxl.findings import FileResult, TableResult
from evalxl.profile import national
from evalxl.rules import check_batch, select_rules
from evalxl.rules.across import department_spellings, same_department


@pytest.mark.parametrize("a, b, same", [
    ("明光市医疗保障局", "明光市医疗保险局", True),  # the seeds: one character (障 / 险)
    ("明光市医疗保障局", "明光市 医疗保障局", False),  # spaces only: the same spelling, nothing to report
    ("滁州市医疗保障局", "明光市医疗保障局", False),  # another city: another department
    ("医保局", "区医保局", False),  # another area (none / 区)
    ("医保局", "医保中心", False),  # too short to call a typo
    ("明光市财政局", "明光市医疗保障局", False),
    ("明光市卫生健康委员会", "明光市卫生建康委员会", True),  # 健 / 建 in ten characters
])
def test_same_department(a, b, same):
    assert same_department(a, b) is same


def test_spelling_used_most_wins():
    canon = department_spellings(["明光市医疗保险局", "明光市医疗保障局", "明光市医疗保障局", "区医保局"])
    assert canon == {"明光市医疗保险局": "明光市医疗保障局", "明光市医疗保障局": "明光市医疗保障局", "区医保局": "区医保局"}


def _file(name, *tables):
    return FileResult(name, "ok", tables=[TableResult(i, "表", *t) for i, t in enumerate(tables)])


def _run(files):
    check_batch(files, select_rules(profile=national()), national())
    return [(f.file, x.table_index, x.code) for f in files for x in f.findings]


def test_several_years():
    files = [_file("a.xlsx", ("甲项目", "明光市医疗保障局", "中心", 2021)),
             _file("b.xlsx", ("乙项目", "明光市医疗保障局", "中心", 2021)),
             _file("c.xlsx", ("丙项目", "明光市医疗保障局", "中心", 2020))]
    assert _run(files) == [("c.xlsx", 0, "B003")]
    msg = files[2].findings[0].message
    assert msg == "本表为 2020 年度，同一批的其他 2 张表为 2021 年度，汇总表标题按 2021 年度，请核实"


def test_duplicate_and_spelling():
    files = [_file("a.xlsx", ("甲项目", "明光市医疗保障局", "中心", 2021), ("乙项目", "明光市医疗保障局", "中心", 2021)),
             _file("a（修改）.xlsx", ("甲项目", "明光市医疗保险局", "中 心", 2021))]
    found = _run(files)
    # the copy: the same 名称, 实施单位 (spaces aside) and year → B001; its 主管部门 → B002
    assert found == [("a（修改）.xlsx", 0, "B001"), ("a（修改）.xlsx", 0, "B002")]
    b001 = files[1].findings[0]
    assert b001.extra["duplicate_of"] == "a.xlsx#0" and b001.table == "甲项目"
    assert [x.code for x in files[1].tables[0].findings] == ["B001", "B002"]  # filed under the table too


def test_another_year_is_not_a_duplicate():
    files = [_file("a.xlsx", ("甲项目", "局", "中心", 2021)), _file("b.xlsx", ("甲项目", "局", "中心", 2020))]
    assert [c for *_, c in _run(files)] == ["B003"]


def test_ignored_batch_rules_do_not_run():
    files = [_file("a.xlsx", ("甲项目", "局", "中心", 2021)), _file("b.xlsx", ("甲项目", "局", "中心", 2021))]
    check_batch(files, select_rules(ignore=["B"], profile=national()), national())
    assert not any(f.findings for f in files)
