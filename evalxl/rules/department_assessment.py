"""The recomputation of one department-wide table, done once and read by the D rules.

    assess_department(table, base_data, profile) -> DepartmentAssessment

Three cases:

- a 评分表 (kind "scoring", seed 002): every row's 评价标准 is parsed into a shape
  (evalxl/criteria.py); a computable shape (threshold with deduction, step bands) is scored
  with the indicator's value, computed from the 基础数据表 (basedata.bind) or, where the
  form has one, read from its 实际完成值 column; checklists, counts and judgement bands are
  for manual review; text that matches no shape is reported, never guessed. A rule text
  whose points differ from the row's 分值 is not scored (which one is right is unknown).
- a 部门整体绩效自评表 with 分值 and 得分: the project assessment (assessment.assess) of a
  Table holding its indicators: the project rules apply unchanged.
- a 部门整体绩效自评表 without them (seed 003): each indicator is judged met / partly met /
  not met / not applicable (department_judging.py), and the table gets a completion rate.

What counts in the recomputed total of a 评分表: a computed row's entered score where it is
accepted, else the computed one; any other row its entered score kept within 0 … 分值 (0
when empty or not a number).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from .. import criteria as crit
from .. import scoring
from ..findings import format_number
from ..model import BaseData, DepartmentTable, Indicator, Quantity, Table
from ..profile import Profile
from .assessment import NamedRow, TableAssessment, assess, score_reading, shown, weight_reading
from .basedata import Bound, bind, evaluation_year, funds_base
from .department_judging import (  # noqa: F401  (the self-evaluation statuses, read by the D rules from here)
    LEFTOVER, MET, MISSING, NOT_APPLICABLE, NOT_MET, PARTIAL, STATUS_NAMES, UNJUDGED, Completion, SelfEvalRow,
    column_address_of as _address, judge_row,
)

# scoring rows
COMPUTED = "computed"
CANNOT_VERIFY = "cannot_verify"
MANUAL = "manual"
UNKNOWN = "unknown"
MISMATCH = "mismatch"  # the rule text's points differ from the 分值: not computed

# --------------------------------------------------------------------------- 评分表 rows


@dataclass
class ScoringRow(NamedRow):
    label_limit = 30
    indicator: Indicator
    index: int
    status: str
    weight: float | None = None
    weight_state: str = "empty"
    entered: float | None = None
    score_state: str = "empty"
    criterion: crit.Criterion | None = None
    points_mismatch: bool = False
    bound: Bound | None = None
    value: float | None = None  # the indicator's value, percent
    value_text: str = ""  # how the value was obtained: 在职人员控制率 = 67 ÷ 48 = 139.58%
    sources: str = ""
    outcome: crit.Outcome | None = None
    raw: float | None = None
    expected: float | None = None
    accepted: bool | None = None
    counted: float = 0.0
    reason: str = ""  # the computation, or why there is none
    score_address: str | None = None
    weight_address: str | None = None
    criteria_address: str | None = None
    bonus: float | None = None  # a score above 分值 that the printed rule text allows (points allowed)

    @property
    def known(self) -> bool:
        return self.expected is not None



def _clamp(x: float | None, weight: float | None) -> float:
    if x is None or not math.isfinite(x):
        return 0.0
    x = max(x, 0.0)
    return min(x, weight) if weight is not None else x


def _row_value(ind: Indicator, base: list[BaseData], year: int | None) -> tuple[float | None, str, str, Bound]:
    """The indicator's value in percent: from the 基础数据表, else from the row's own
    实际完成值 where the form has one."""
    note = ind.formula_note.text if ind.formula_note is not None else None
    bound = bind(ind.name, base, year, note)
    if bound.ok:
        return bound.value, bound.formula, bound.sources, bound
    actual = ind.actual
    if actual is not None and isinstance(actual.value, Quantity) and actual.value.unit == "%" and actual.value.op is None \
            and math.isfinite(actual.value.number):
        return float(actual.value.number), f"实际完成值 {shown(actual)}", "", bound
    return None, "", "", bound


def assess_scoring_row(table: DepartmentTable, ind: Indicator, index: int, base: list[BaseData], year: int | None,
                       profile: Profile) -> ScoringRow:
    r = ScoringRow(indicator=ind, index=index, status=LEFTOVER)
    r.score_address = ind.score.address if ind.score is not None else _address(table, "score", ind.row)
    r.weight_address = ind.weight.address if ind.weight is not None else _address(table, "weight", ind.row)
    r.criteria_address = ind.criteria.address if ind.criteria is not None else _address(table, "criteria", ind.row)
    r.score_state, r.entered = score_reading(ind.score)
    if r.score_state == "percent" or (r.entered is not None and not math.isfinite(r.entered)):
        r.entered = None
    r.weight_state, r.weight = weight_reading(ind.weight)
    if r.weight is not None and not math.isfinite(r.weight):
        r.weight, r.weight_state = None, "invalid"
    text = ind.criteria.text if ind.criteria is not None else ""
    if r.weight is None and r.score_state == "empty" and not text.strip():
        return r  # a template leftover: a name only
    r.criterion = crit.parse(text)
    c = r.criterion
    if r.weight is None:
        r.status = CANNOT_VERIFY
        r.reason = "分值未填" if r.weight_state == "empty" else f"分值「{shown(ind.weight)}」不是数字"
        r.counted = _clamp(r.entered, None)
        return r
    w = r.weight
    r.counted = _clamp(r.entered, w)
    _allow_bonus(r, ind, profile)
    if c is None:
        r.status = UNKNOWN
        r.reason = "评价标准为空" if not text.strip() else "评价标准不属于可识别的计分方式"
        return r
    if c.points is not None and abs(c.points - w) > profile.tolerance * max(1.0, w):
        r.points_mismatch = True
    if not c.computable:
        r.status = MANUAL
        r.reason = c.describe()
        return r
    value, value_text, sources, bound = _row_value(ind, base, year)
    r.bound, r.value, r.value_text, r.sources = bound, value, value_text, sources
    if r.points_mismatch:
        r.status = MISMATCH
        r.reason = f"评价标准中的 {crit.fmt(c.points)} 分与分值 {format_number(w)} 不符，无法确定按哪一个计分"
        if value is not None:
            r.reason += f"；{value_text}"
        elif bound.definition is not None and bound.missing:
            r.reason += f"；另外，基础数据表中缺少{'、'.join(bound.missing)}，也无法计算{bound.label}"
        return r
    if value is None:
        r.status = CANNOT_VERIFY
        if bound.definition is None:
            r.reason = "指标说明中没有可识别的计算公式（该指标的计算公式也未收录），无法核实指标值"
        else:
            how = "按指标说明的公式" if bound.printed else "按收录的公式"
            r.reason = f"基础数据表中缺少{'、'.join(bound.missing)}，无法{how}计算{bound.label}"
        return r
    outcome = c.score(value, w)
    if outcome is None:
        r.status = CANNOT_VERIFY
        r.reason = f"{value_text}，不在评价标准列出的任何一档中"
        return r
    r.status = COMPUTED
    r.outcome = outcome
    r.raw = min(max(outcome.score, 0.0), w)
    r.expected = scoring.round_half_up(r.raw, profile.decimals)
    r.reason = f"{value_text}，{outcome.text}"
    if r.bonus is not None:
        r.accepted = None  # a bonus rests on facts outside the table: stated (D018), never corrected
        return r
    if r.score_state == "uncached":
        r.accepted = None
    elif r.score_state == "number" and r.entered is not None:
        alt = outcome.alt
        r.accepted = scoring.accepts(r.entered, r.raw, profile) or (
            alt is not None and scoring.accepts(r.entered, min(max(alt, 0.0), w), profile))
    else:
        r.accepted = False
    r.counted = r.entered if r.accepted else r.expected
    return r


def _allow_bonus(r: ScoringRow, ind: Indicator, profile: Profile) -> None:
    """A score above 分值 within the bonus that the row's 评价标准 (or 指标说明) prints
    (「创新工作加1分」, 「最高加2分」) counts as entered."""
    w = r.weight
    if r.entered is None or w is None or r.entered <= w + profile.tolerance:
        return
    texts = [c.text for c in (ind.criteria, ind.formula_note) if c is not None and c.text]
    allowed = max((b for b in map(crit.bonus_points, texts) if b is not None), default=None)
    if allowed is not None and r.entered <= w + allowed + profile.tolerance:
        r.bonus = allowed
        r.counted = r.entered


# --------------------------------------------------------------------------- the table


@dataclass
class DepartmentTotal:
    entered: float | None = None
    entered_from: str = ""  # "total_row" | "rows" (the sum of the entered scores) | ""
    score_state: str = "empty"
    score_address: str | None = None
    recomputed: float | None = None
    raw: float | None = None
    accepted: bool | None = None
    grade: str | None = None


@dataclass
class ValueCheck:
    """An indicator of a 自评表 whose value the table's own 预算资金 block decides (预算执行率,
    支出实现率 = 全年执行数 ÷ 全年预算数), against the 实际完成值 the unit typed."""

    indicator: Indicator
    bound: Bound
    entered: float  # the 实际完成值, in percent
    agrees: bool


def value_checks(table: DepartmentTable, year: int | None) -> list[ValueCheck]:
    """An entered rate agrees when it equals the computed one rounded to 0, 1 or 2 decimals
    (97% for 96.6%)."""
    base = funds_base(table)
    if base is None:
        return []
    out = []
    for ind in table.indicators:
        v = ind.actual.value if ind.actual is not None else None
        if not isinstance(v, Quantity) or v.unit != "%" or v.op is not None or not math.isfinite(v.number):
            continue
        bound = bind(ind.name, [base], year)
        if bound.ok:
            agrees = any(abs(scoring.round_half_up(bound.value, d) - v.number) <= 1e-9 for d in (0, 1, 2))
            out.append(ValueCheck(ind, bound, float(v.number), agrees))
    return out


@dataclass
class DepartmentAssessment:
    table: DepartmentTable
    profile: Profile
    year: int | None = None
    rows: list[ScoringRow] = field(default_factory=list)  # a 评分表
    judged: list[SelfEvalRow] = field(default_factory=list)  # a 自评表 without scores
    completion: Completion | None = None
    project_table: Table | None = None  # a 自评表 with scores, as a project table
    project: TableAssessment | None = None
    total: DepartmentTotal = field(default_factory=DepartmentTotal)
    value_checks: list[ValueCheck] = field(default_factory=list)  # a 自评表's rates its 预算资金 decides

    @property
    def scored(self) -> bool:
        return self.table.kind == "scoring" or self.project is not None

    def scored_rows(self) -> list:
        """The rows with their 分值 and counted score, whichever the case."""
        if self.project is not None:
            return list(self.project.rows)
        return list(self.rows)

    @property
    def unverified_points(self) -> float:
        """Points of the recomputed total counted as entered because they cannot be checked, for
        a 自评表 with scores (as for a project table, T006); a 评分表 counts its review rows."""
        return self.project.unverified_points if self.project is not None else 0.0

    @property
    def review_rows(self) -> list[int]:
        """Rows whose score evalxl could not check (manual review, cannot verify, unknown
        rule text, mismatched points)."""
        return [r.indicator.row for r in self.rows if r.status in (MANUAL, CANNOT_VERIFY, UNKNOWN, MISMATCH)]


def as_project_table(table: DepartmentTable) -> Table:
    return Table(sheet=table.sheet, first_row=table.first_row, last_row=table.last_row, kind="department",
                 title=table.title, year=table.year, indicator_header_row=table.indicator_header_row,
                 indicator_columns=dict(table.indicator_columns), indicators=[_adjusted(i) for i in table.indicators],
                 total=table.total, funds=table.funds)


def _adjusted(ind: Indicator) -> Indicator:
    """重庆: a filled 调整指标值 replaces the 年初指标值 as the target the year is judged by
    (全年（调整）绩效目标)."""
    adj = ind.other_scores.get("调整指标值")
    if adj is None or adj.is_empty or not adj.text:
        return ind
    return dataclasses.replace(ind, target=adj)


def assess_department(table: DepartmentTable, base: list[BaseData], profile: Profile) -> DepartmentAssessment:
    da = DepartmentAssessment(table=table, profile=profile, year=evaluation_year(table.year, base))
    t = da.total
    if table.total is not None:
        cell = table.total.score
        t.score_state, t.entered = score_reading(cell)
        if t.score_state == "percent" or (t.entered is not None and not math.isfinite(t.entered)):
            t.entered = None
        t.score_address = cell.address if cell is not None else _address(table, "score", table.total.row)
        if t.entered is not None:
            t.entered_from = "total_row"
    if table.kind == "scoring":
        da.rows = [assess_scoring_row(table, ind, i, base, da.year, profile) for i, ind in enumerate(table.indicators)]
        counted = [r for r in da.rows if r.status != LEFTOVER]
        _totals(da, sum(r.counted for r in counted), [r.entered for r in counted if r.entered is not None], profile)
        return da
    da.value_checks = value_checks(table, da.year)
    if table.has_scores:
        da.project_table = as_project_table(table)
        da.project = assess(da.project_table, profile)
        rows = [r for r in da.project.rows if r.kind != "leftover"]
        funds = da.project.funds
        counted = sum(r.counted for r in rows) + (funds.counted if funds.present else 0.0)
        entered = [r.entered for r in rows if r.entered is not None]
        if funds.present and funds.entered is not None:
            entered.append(funds.entered)
        _totals(da, counted, entered, profile)
        return da
    da.judged = [judge_row(table, ind, i, profile) for i, ind in enumerate(table.indicators)]
    c = Completion(partial_credit=profile.partial_credit)
    for r in da.judged:
        if r.status == MET:
            c.met += 1
        elif r.status == PARTIAL:
            c.partial += 1
        elif r.status == NOT_MET:
            c.not_met += 1
        elif r.status == MISSING:
            c.missing += 1
        elif r.status == NOT_APPLICABLE:
            c.not_applicable += 1
        elif r.status == UNJUDGED:
            c.unjudged += 1
    da.completion = c
    return da


def _totals(da: DepartmentAssessment, counted: float, entered: list[float], profile: Profile) -> None:
    t = da.total
    t.raw = counted
    t.recomputed = scoring.round_half_up(counted, profile.decimals)
    t.grade = scoring.grade(t.recomputed, profile)
    if t.entered_from == "total_row":
        t.accepted = scoring.accepts(t.entered, counted, profile)
    elif da.table.total is not None and t.score_state in ("empty", "text", "percent"):
        t.accepted = False
    if t.entered is None and da.table.total is None and entered:
        t.entered = scoring.round_half_up(sum(entered), profile.decimals)
        t.entered_from = "rows"


__all__ = ["assess_department", "DepartmentAssessment", "ScoringRow", "SelfEvalRow", "Completion", "as_project_table",
           "COMPUTED", "CANNOT_VERIFY", "MANUAL", "UNKNOWN", "MISMATCH", "LEFTOVER", "MET", "PARTIAL", "NOT_MET",
           "NOT_APPLICABLE", "MISSING", "UNJUDGED", "STATUS_NAMES"]
