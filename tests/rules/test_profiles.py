"""Profiles drive the rules: another profile file changes bands, keywords, rounding and
grades without code; a bad profile file names the bad key."""

from __future__ import annotations

import pytest
from tablekit import findings, full_funds, indicator, make_table, run

from evalxl.profile import ProfileError, load_profile, national

PROVINCE = """
name = "province"
title = "某省规则"
[qualitative]
bands = [
  { key = "achieved", name = "达成", low = 0.9, high = 1.0 },
  { key = "partial", name = "部分达成", low = 0.5, high = 0.8 },
  { key = "failed", name = "未达成", low = 0.0, high = 0.5 },
]
[direction]
negative_level2 = ["成本指标"]
negative_keywords = ["耗时"]
[grades]
levels = [{ name = "优", min = 95 }, { name = "良", min = 85 }, { name = "中", min = 60 }, { name = "差", min = 0 }]
[rules]
ignore = ["C004"]
"""


@pytest.fixture
def province(tmp_path):
    p = tmp_path / "province.toml"
    p.write_text(PROVINCE, encoding="utf-8")
    return load_profile(p)


def one(target, actual, score, name="指标", explanation=None):
    return make_table(full_funds(), [indicator(name, target, actual, 10, score, explanation),
                                     indicator("其余", "1", "1", 80, 80)], total=(100, None))


def test_bands_from_the_profile(province):
    # 达成 is 100–90% there: 8.5 for an identical text is wrong (→ 10); nationally it is right.
    assert findings(one("达成", "达成", 8.5, explanation="x"), "I002") == []
    [f] = findings(one("达成", "达成", 8.5, explanation="x"), "I002", profile=province)
    assert f.expected == 10
    # 部分达成 is 80–50%: 5 is right there, not nationally
    assert findings(one("健全", "较健全", 5, explanation="x"), "I002", profile=province) == []
    assert findings(one("健全", "较健全", 5, explanation="x"), "I002") != []


def test_keywords_from_the_profile(province):
    # 周期 is negative nationally, not in the province profile (its list replaces the national one)
    _, a = run(one("30天", "40天", 7.5, name="办结周期"))
    assert a.rows[0].direction.negative and a.rows[0].expected == 7.5
    _, a = run(one("30天", "40天", 7.5, name="办结周期"), profile=province)
    assert not a.rows[0].direction.negative and a.rows[0].expected == 10


def test_grades_and_rule_switches_from_the_profile(province):
    result, _ = run(make_table(full_funds(), [indicator("a", "1", "1", 90, 80)], total=(100, 90)), profile=province)
    assert result.recomputed_total == 100 and result.grade == "优"
    result, _ = run(make_table(full_funds(), [indicator("a", "100", "92", 90, 82.8)], total=(100, 92.8)),
                    profile=province)
    assert result.grade == "良"  # 92.8 < 95
    assert "C004" not in {f.code for f in result.findings}  # switched off by [rules]
    assert "C004" in {f.code for f in run(make_table(
        full_funds(), [indicator("a", "100", "92", 90, 82.8, None)], total=(100, 92.8)))[0].findings}


@pytest.mark.parametrize(
    "text, key",
    [
        ("[weights]\nfund = 10\n", "weights.fund"),
        ("[rounding]\ndecimals = \"two\"\n", "rounding.decimals"),
        ("[qualitative]\nbands = [{ key = \"achieved\", name = \"达成\", low = 0.8 }]\n", "qualitative.bands[0]"),
        ("[rules]\nselect = [\"funds\"]\n", "rules.select"),
        ("[qualitative]\npartial_words = [1]\n", "qualitative.partial_words"),
        ("colour = 1\n", "colour"),
    ],
)
def test_bad_profile_names_the_key(tmp_path, text, key):
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        load_profile(p)
    assert key in str(exc.value)


def test_national_profile_has_the_rules_section():
    p = national()
    assert p.rules_select == () and p.rules_ignore == ()
    assert "基本完成" in p.partial_words


# --------------------------------------------------------------------------- shipped province profiles (issue 12)


def test_every_shipped_profile_loads_by_name_and_says_what_differs():
    from evalxl.profile import BUNDLED_NAMES, PROFILE_HELP, bundled

    shipped = bundled()
    assert {name for name, _, _ in shipped} == set(BUNDLED_NAMES)
    for name, _, path in shipped:
        assert name in PROFILE_HELP
        p = load_profile(name)
        assert p.name == name
        assert load_profile(path.stem).name == name  # sichuan as well as 四川
        head = path.read_text(encoding="utf-8").split("\nname")[0]
        assert "What differs" in head or name == "national"


@pytest.mark.parametrize("name, funds, reason_below, factor", [
    ("湖北", 20, 0, 0), ("云南", 20, 0, 0), ("宁夏", 0, 0, 0), ("四川", 10, 0.9, 0), ("广西", 10, 0, 1.3),
    ("national", 10, 0, 0),
])
def test_province_settings(name, funds, reason_below, factor):
    p = load_profile(name)
    assert p.weights["funds"] == funds and p.funds_reason_below == reason_below and p.over_target_factor == factor
    assert sum(p.weights[k] for k in ("funds", "output", "benefit", "satisfaction")) == p.weights["total"] == 100
    assert p.negative_rule == "ratio" and p.equal_target == "at_least"


def test_a_path_that_exists_wins_over_a_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "四川").write_text('name = "mine"\ntitle = "自定义"\n', encoding="utf-8")
    assert load_profile("四川").name == "mine"


@pytest.mark.parametrize("text, key", [
    ("[scoring]\nnegative_rule = \"square\"\n", "scoring.negative_rule"),
    ("[scoring]\nequal_target = 1\n", "scoring.equal_target"),
    ("[scoring]\nover_target_factor = 0.8\n", "scoring.over_target_factor"),
    ("[scoring]\nbonus = 1\n", "scoring.bonus"),
    ("[funds]\nreason_below = 90\n", "funds.reason_below"),
])
def test_bad_options_are_named(tmp_path, text, key):
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        load_profile(p)
    assert key in str(exc.value)


def test_unknown_name_lists_the_shipped_ones():
    with pytest.raises(ProfileError) as exc:
        load_profile("西藏")
    assert "西藏" in str(exc.value) and "四川" in str(exc.value)
