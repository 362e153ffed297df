"""The registry (codes, names, documentation), select/ignore, and the precedence that keeps
one error per cell."""

from __future__ import annotations

import dataclasses
import re

import pytest
from tablekit import codes, full_funds, indicator, make_table

from evalxl.findings import Finding, Severity
from evalxl.profile import national
from evalxl.rules import SelectionError, all_rules, get_rule, select_rules
from evalxl.rules.engine import resolve_precedence

CODE = re.compile(r"^[FIWTCNDRB]\d{3}$")


def test_codes_and_names_are_unique_and_well_formed():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for r in rules:
        assert CODE.match(r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
        assert isinstance(r.severity, Severity)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented_in_chinese(rule):
    title = rule.title()
    assert title and re.search(r"[\u4e00-\u9fff]", title)
    body = rule.body()
    for part in ("检查：", "原因：", "示例：", "修正："):
        assert part in body, (rule.code, part)


def test_every_rule_of_the_issue_is_there():
    names = {r.name for r in all_rules()}
    for name in ("funds-rate-wrong", "funds-score-wrong", "funds-score-as-percent", "funds-over-budget",
                 "funds-sources-sum", "quantitative-score-wrong", "qualitative-score-wrong", "score-out-of-bounds",
                 "level1-weight-sum", "total-weight-sum", "total-wrong", "values-missing", "weight-missing",
                 "leftover-row", "explanation-missing", "grade-changed", "project-field-empty"):
        assert name in names


def test_get_by_code_or_name():
    assert get_rule("F003").name == "funds-score-as-percent"
    assert get_rule("f003").code == "F003"
    assert get_rule("funds-score-as-percent").code == "F003"
    assert get_rule("F999") is None


def test_select_and_ignore():
    every = [r.code for r in select_rules()]
    assert every == [r.code for r in all_rules()]
    assert {r.code for r in select_rules(["F"])} == {r.code for r in all_rules() if r.code.startswith("F")}
    assert [r.code for r in select_rules(["F003,I001"])] == ["F003", "I001"]
    assert "F003" not in {r.code for r in select_rules(None, ["F003"])}
    assert {r.code for r in select_rules(["F"], ["F00"])} == {"F010"}  # F010 (issue 12) is outside F00
    assert [r.code for r in select_rules(["funds-score-as-percent"])] == ["F003"]


@pytest.mark.parametrize("select, ignore", [(["X"], None), (["F9"], None), (None, ["Q001"])])
def test_unknown_codes_are_refused(select, ignore):
    with pytest.raises(SelectionError) as exc:
        select_rules(select, ignore)
    assert "不是已知的规则代码" in exc.value.message


def test_profile_select_and_ignore():
    p = dataclasses.replace(national(), rules_select=("F", "T"), rules_ignore=("T005",))
    got = {r.code for r in select_rules(None, None, p)}
    assert got == {r.code for r in all_rules() if r.code[0] in "FT"} - {"T005"}
    # the command line's select replaces the profile's; its ignore adds to it
    assert {r.code for r in select_rules(["T"], ["T001"], p)} == {"T002", "T003", "T004", "T006"}  # T006: issue 12
    bad = dataclasses.replace(national(), rules_ignore=("Z",))
    with pytest.raises(SelectionError) as exc:
        select_rules(None, None, bad)
    assert "rules.ignore" in exc.value.message


def test_selection_applies_to_the_run():
    t = make_table(full_funds(score="100%"), [indicator("a", "1", "1", 90, 80)], total=(100, 90))
    assert codes(t) == ["F003", "I001", "T001"]
    assert codes(t, select=["F"]) == ["F003"]
    assert codes(t, ignore=["F003", "T"]) == ["I001"]


def _f(code, cell="H5", severity=Severity.ERROR):
    return Finding(code=code, severity=severity, message=code, sheet="S", cell=cell)


def test_precedence_keeps_one_error_per_cell():
    rules = {r.code: r() for r in all_rules()}
    out = resolve_precedence([_f("I003"), _f("I001"), _f("C004", severity=Severity.WARNING), _f("I001", "H6")], rules)
    assert [(f.code, f.cell) for f in out] == [("I001", "H5"), ("C004", "H5"), ("I001", "H6")]
    assert out[0].extra["suppressed"] == ["I003"]
    # a percentage where a score is due beats a recomputed score; a sum comes last
    out = resolve_precedence([_f("W001"), _f("F002"), _f("F003")], rules)
    assert [f.code for f in out] == ["F003"] and out[0].extra["suppressed"] == ["W001", "F002"]
