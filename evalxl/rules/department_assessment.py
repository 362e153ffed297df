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
  not met / not applicable with the project's direction, unit and band logic (scoring.py),
  and the table gets a completion rate (see Completion).

What counts in the recomputed total of a 评分表: a computed row's entered score where it is
accepted, else the computed one; any other row its entered score kept within 0 … 分值 (0
when empty or not a number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import criteria as crit
from .. import scoring
from ..findings import format_number
from ..model import BaseData, Cell, DepartmentTable, Indicator, Quantity, Table
from ..profile import Profile
from .assessment import NamedRow, TableAssessment, assess, is_blank, score_reading, shown, weight_reading
from .basedata import Bound, bind, evaluation_year

# scoring rows
COMPUTED = "computed"
CANNOT_VERIFY = "cannot_verify"
MANUAL = "manual"
UNKNOWN = "unknown"
MISMATCH = "mismatch"  # the rule text's points differ from the 分值: not computed
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


def _address(table: DepartmentTable, role: str, row: int) -> str | None:
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
    if cell is None:
        return False
    text = scoring.squash(cell.text)
    return bool(text) and any(text == scoring.squash(w) for w in profile.not_applicable_words)


def judge_row(table: DepartmentTable, ind: Indicator, index: int, profile: Profile) -> SelfEvalRow:
    """Met / partly met / not met / not applicable, by SPEC §3.3–3.4 (direction, comparable
    units, the qualitative bands), with no score involved."""
    r = SelfEvalRow(indicator=ind, index=index, status=UNJUDGED)
    r.target_address = ind.target.address if ind.target is not None else _address(table, "target", ind.row)
    r.actual_address = ind.actual.address if ind.actual is not None else _address(table, "actual", ind.row)
    if ind.is_leftover and not ind.name:
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
    same = scoring.identical(ind.target.text or t_text, ind.actual.text or a_text)
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
                 indicator_columns=dict(table.indicator_columns), indicators=table.indicators, total=table.total,
                 funds=table.funds)


def assess_department(table: DepartmentTable, base: list[BaseData], profile: Profile) -> DepartmentAssessment:
    da = DepartmentAssessment(table=table, profile=profile, year=evaluation_year(table.year, base))
    t = da.total
    if table.total is not None:
        cell = table.total.score
        t.score_state, t.entered = score_reading(cell)
        if t.score_state == "percent" or (t.entered is not None and not math.isfinite(t.entered)):
            t.entered = None
        t.score_address = cell.address if cell is not None else column_address_of(table, "score", table.total.row)
        if t.entered is not None:
            t.entered_from = "total_row"
    if table.kind == "scoring":
        da.rows = [assess_scoring_row(table, ind, i, base, da.year, profile) for i, ind in enumerate(table.indicators)]
        counted = [r for r in da.rows if r.status != LEFTOVER]
        _totals(da, sum(r.counted for r in counted), [r.entered for r in counted if r.entered is not None], profile)
        return da
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


def column_address_of(table: DepartmentTable, role: str, row: int) -> str | None:
    return _address(table, role, row)


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
