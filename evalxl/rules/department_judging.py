"""A 部门整体绩效自评表 without 分值 and 得分 (seed 003), judged indicator by indicator: met /
partly met / not met / not applicable / missing / undecidable, by SPEC §3.3–3.4 (the
project's direction, comparable units and qualitative bands, scoring.py), with no score
involved; and the table's completion rate.

    judge_row(table, indicator, index, profile) -> SelfEvalRow
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import criteria as crit
from .. import scoring
from ..model import Cell, DepartmentTable, Indicator, Quantity
from ..profile import Profile
from .assessment import NamedRow, is_blank, shown

LEFTOVER = "leftover"
# self-evaluation rows
MET = "met"
PARTIAL = "partial"
NOT_MET = "not_met"
NOT_APPLICABLE = "not_applicable"
MISSING = "missing"  # 年初目标值 or 实际完成值 left blank
UNJUDGED = "unjudged"  # the texts do not tell

STATUS_NAMES = {MET: "已完成", PARTIAL: "部分完成", NOT_MET: "未完成", NOT_APPLICABLE: "不适用", MISSING: "缺值",
                UNJUDGED: "无法判断"}


def column_address_of(table: DepartmentTable, role: str, row: int) -> str | None:
    letters = table.indicator_columns.get(role)
    return f"{letters.split(':')[0]}{row}" if letters else None


# --------------------------------------------------------------------------- 自评表 rows


@dataclass
class SelfEvalRow(NamedRow):
    label_limit = 30
    indicator: Indicator
    index: int
    status: str
    reason: str = ""  # why, in Chinese
    target_address: str | None = None
    actual_address: str | None = None



def _na(cell: Cell | None, profile: Profile) -> bool:
    if cell is None or cell.raw is None:  # no text: never 不涉及 (Cell.text of None is "")
        return False
    text = scoring.squash(cell.text)
    return bool(text) and text in scoring.squashed(tuple(profile.not_applicable_words))


def judge_row(table: DepartmentTable, ind: Indicator, index: int, profile: Profile) -> SelfEvalRow:
    """Met / partly met / not met / not applicable, by SPEC §3.3–3.4 (direction, comparable
    units, the qualitative bands), with no score involved."""
    r = SelfEvalRow(indicator=ind, index=index, status=UNJUDGED)
    r.target_address = ind.target.address if ind.target is not None else column_address_of(table, "target", ind.row)
    r.actual_address = ind.actual.address if ind.actual is not None else column_address_of(table, "actual", ind.row)
    if not ind.name and ind.is_leftover:
        r.status = LEFTOVER
        return r
    target_na, actual_na = _na(ind.target, profile), _na(ind.actual, profile)
    if target_na:
        r.status = NOT_APPLICABLE
        r.reason = f"年初目标值为「{shown(ind.target)}」"
        return r
    no_target, no_actual = is_blank(ind.target), is_blank(ind.actual)
    if no_target or no_actual:
        r.status = MISSING
        r.reason = ("年初目标值和实际完成值均未填" if no_target and no_actual
                    else "年初目标值未填" if no_target else "实际完成值未填")
        return r
    t_text, a_text = shown(ind.target), shown(ind.actual)
    if actual_na:
        r.reason = f"年初目标值为「{t_text}」，实际完成值却填「{a_text}」"
        return r
    pair = scoring.comparable(ind.target.value, ind.actual.value)
    if pair is not None and all(math.isfinite(x) for x in pair):
        d = scoring.direction(ind.target.value, ind.level2, ind.name, profile)
        res = scoring.quantitative_score(pair[0], pair[1], 1.0, d.sign, profile.decimals)
        why = f"（{d.describe()}）" if d.source != "default" else ""
        if res.met:
            r.status = MET
            r.reason = f"实际完成值 {a_text} 已达到年初目标值 {t_text}{why}"
        else:
            r.status = NOT_MET
            verb = "高于" if d.negative else "未达到"
            r.reason = f"实际完成值 {a_text} {verb}年初目标值 {t_text}{why}"
        return r
    same = scoring.identical(ind.target.text or t_text, ind.actual.text or a_text)  # not needed above
    if isinstance(ind.target.value, Quantity) and isinstance(ind.actual.value, Quantity) and not same:
        r.reason = f"年初目标值「{t_text}」与实际完成值「{a_text}」的单位或口径不同，无法比较"
        return r
    key = "achieved" if same else scoring.qualitative_band(ind.target.text or t_text, ind.actual.text or a_text, profile)
    if key is None:
        r.reason = f"无法从实际完成值「{a_text}」（年初目标值「{t_text}」）判断是否完成"
        return r
    r.status = {"achieved": MET, "partial": PARTIAL, "failed": NOT_MET}[key]
    band = profile.band(key).name
    r.reason = (f"实际完成值「{a_text}」与年初目标值一致" if same
                else f"实际完成值「{a_text}」（年初目标值「{t_text}」）为{band}")
    return r


@dataclass
class Completion:
    """Completion rate = (met + partial_credit × partly met) ÷ (met + partly met + not met +
    missing). Not applicable and undecidable indicators are left out of both; an indicator
    with a blank value counts as not met (SPEC §3.7)."""

    met: int = 0
    partial: int = 0
    not_met: int = 0
    missing: int = 0
    not_applicable: int = 0
    unjudged: int = 0
    partial_credit: float = 0.5

    @property
    def applicable(self) -> int:
        return self.met + self.partial + self.not_met + self.missing

    @property
    def rate(self) -> float | None:
        if not self.applicable:
            return None
        return (self.met + self.partial_credit * self.partial) / self.applicable

    def describe(self) -> str:
        rate = self.rate
        pct = "—" if rate is None else f"{crit.fmt(rate * 100)}%"
        parts = [f"已完成 {self.met}", f"部分完成 {self.partial}", f"未完成 {self.not_met}"]
        if self.missing:
            parts.append(f"缺值 {self.missing}")
        parts.append(f"不适用 {self.not_applicable}")
        if self.unjudged:
            parts.append(f"无法判断 {self.unjudged}")
        return f"完成率 {pct}（{'、'.join(parts)}；部分完成按 {crit.fmt(self.partial_credit)} 个计）"
