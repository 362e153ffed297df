"""`evalxl rules` and `evalxl rule CODE`."""

from __future__ import annotations

import json

from clirun import evalxl

from evalxl.rules import all_rules


def test_rules_lists_every_rule():
    r = evalxl("rules")
    assert r.returncode == 0
    for rule in all_rules():
        line = next(l for l in r.stdout.splitlines() if l.strip().startswith(rule.code))
        assert rule.name in line and rule.title() in line and rule.severity.label in line
    assert f"共 {len(all_rules())} 条规则" in r.stdout


def test_rules_json():
    data = json.loads(evalxl("rules", "--json").stdout)
    assert [d["code"] for d in data] == [r.code for r in all_rules()]
    assert data[0].keys() == {"code", "name", "severity", "title", "family"}


def test_rule_prints_its_documentation():
    r = evalxl("rule", "F003")
    assert r.returncode == 0
    assert r.stdout.startswith("F003 funds-score-as-percent（错误，项目资金）")
    for part in ("资金得分填成了百分比", "检查：", "原因：", "示例：", "修正："):
        assert part in r.stdout
    assert evalxl("rule", "funds-score-as-percent").stdout == r.stdout
    assert evalxl("rule", "f003").stdout == r.stdout


def test_unknown_rule_exits_2():
    r = evalxl("rule", "Z999")
    assert r.returncode == 2 and "没有代码或名称为「Z999」的规则" in r.stderr
