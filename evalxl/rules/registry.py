"""Every rule, found once, by code; and the choice of rules to run (select / ignore).

Codes and prefixes select as in ruff: ``F`` is the whole funds family, ``F00`` its first
nine rules, ``F003`` one rule; a rule's name (funds-score-as-percent) works too. The
profile's ``[rules]`` select/ignore apply first; the command line's ``--select`` replaces
the profile's select, and ``--ignore`` adds to its ignore.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Iterable

from ..config import split_codes
from ..profile import Profile
from .base import Rule

MODULES = ("funds", "funds_forms", "indicators", "weights", "totals", "completeness", "notes", "department", "narrative",
           "across")

FAMILIES = {
    "F": "项目资金",
    "I": "绩效指标得分",
    "W": "分值合计",
    "T": "总分与等级",
    "C": "缺漏与说明",
    "N": "工作簿",
    "D": "部门整体",
    "B": "批次（跨文件）",
    "R": "报告正文",
}

# Codes no longer in use (never reused): selecting or ignoring them is accepted and does
# nothing, so that profiles written for an older version keep working.
RETIRED = {
    "N002": ("table-not-audited", "部门整体绩效自评表和评分表现已审核（D 规则，evalxl rules 查看），不再报告「未审核」"),
}

CODE_RE = re.compile(r"^[A-Z]\d{3}$")


class SelectionError(ValueError):
    """An unknown code or prefix in --select / --ignore / the profile's [rules]. The
    message is Chinese and names where the bad code came from."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _subclasses(cls: type) -> Iterable[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, by family (F I W T C N) and code. Codes and names are checked to be unique."""
    for mod in MODULES:
        importlib.import_module(f"{__package__}.{mod}")
    rules = [c for c in set(_subclasses(Rule)) if getattr(c, "code", "")]
    codes: dict[str, type] = {}
    names: dict[str, type] = {}
    for r in rules:
        if not CODE_RE.match(r.code) or r.code[0] not in FAMILIES:
            raise AssertionError(f"rule {r.__name__}: bad code {r.code!r}")
        if r.code in codes:
            raise AssertionError(f"rule code {r.code} used by {codes[r.code].__name__} and {r.__name__}")
        if not r.name or r.name in names:
            raise AssertionError(f"rule name {r.name!r} missing or used twice")
        if not (r.__doc__ or "").strip():
            raise AssertionError(f"rule {r.code} has no docstring")
        codes[r.code] = r
        names[r.name] = r
    order = list(FAMILIES)
    return tuple(sorted(rules, key=lambda r: (order.index(r.code[0]), r.code)))


def get(code_or_name: str) -> type[Rule] | None:
    key = code_or_name.strip()
    for r in all_rules():
        if r.code == key.upper() or r.name == key.lower():
            return r
    return None


def _matches(rule: type[Rule], token: str) -> bool:
    return rule.code.startswith(token.upper()) or rule.name == token.lower()


def retired(code_or_name: str) -> tuple[str, str, str] | None:
    """(code, name, why) of a retired rule, or None."""
    key = code_or_name.strip()
    for code, (name, why) in RETIRED.items():
        if key.upper() == code or key.lower() == name:
            return code, name, why
    return None


def _resolve(tokens: list[str], where: str) -> set[str]:
    codes: set[str] = set()
    for token in tokens:
        hit = {r.code for r in all_rules() if _matches(r, token)}
        if not hit and retired(token):
            continue
        if not hit:
            raise SelectionError(f"{where}中的「{token}」不是已知的规则代码或前缀（用 evalxl rules 查看全部规则）")
        codes |= hit
    return codes


def select_rules(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    profile: Profile | None = None,
) -> list[Rule]:
    """Instances of the rules to run, sorted by code."""
    sel = split_codes(select)
    ign = split_codes(ignore)
    if sel:
        chosen = _resolve(sel, "--select ")
    elif profile is not None and profile.rules_select:
        chosen = _resolve(list(profile.rules_select), "规则配置「rules.select」")
    else:
        chosen = {r.code for r in all_rules()}
    if profile is not None and profile.rules_ignore:
        chosen -= _resolve(list(profile.rules_ignore), "规则配置「rules.ignore」")
    if ign:
        chosen -= _resolve(ign, "--ignore ")
    return [r() for r in all_rules() if r.code in chosen]
