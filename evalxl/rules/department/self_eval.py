"""D014–D017, D020: a 部门整体绩效自评表 without 分值 and 得分 (seed 003): each indicator judged met /
partly met / not met, its values present, the 偏差 block filled where something fell short."""

from __future__ import annotations

from typing import Iterable, Iterator

from ...findings import Finding, Severity
from ...model import DepartmentTable
from ..assessment import LEFTOVER as PROJECT_LEFTOVER
from ..assessment import is_blank, shown
from ..base import Context, DepartmentRule
from ..department_assessment import MISSING, NOT_MET, PARTIAL, STATUS_NAMES, UNJUDGED, DepartmentAssessment

class IndicatorNotMet(DepartmentRule):
    """部门整体指标未完成或部分完成

    检查：没有分值、得分的部门整体绩效自评表中，每个指标按项目指标的同一规则判断完成情况：
    定量指标按方向（≤、控制率、变动率等越小越好）和单位比较年初目标值与实际完成值，达到为
    已完成，未达到为未完成（97% 对 100%：未完成）；定性指标按三档（「较科学」对「科学」：部分
    完成；「未X」：未完成）；「不涉及」为不适用。列出未完成和部分完成的指标。
    原因：这类表没有得分，完成情况就是评价结论；表中以完成率（已完成 + 部分完成按规则配置
    折算，除以适用的指标数）代替得分。
    示例：华容区医疗保障局「预算执行率」年初目标值 100%、实际完成值 97% → 未完成。
    修正：不修改。
    """

    code = "D014"
    name = "dept-indicator-not-met"
    severity = Severity.NOTICE

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None:
            return
        for r in da.judged:
            if r.status not in (NOT_MET, PARTIAL):
                continue
            yield self.row_finding(
                ctx,
                r,
                f"{r.actual_address} 指标{r.label}{STATUS_NAMES[r.status]}：{r.reason}",
                cell=r.actual_address,
                entered_from="actual",
                status=r.status,
                entered_text=shown(r.indicator.actual),
            )


def _names(rows: Iterable, limit: int = 6) -> str:
    names = [r.name for r in rows]
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


class DeviationMissing(DepartmentRule):
    """有指标未完成却未分析偏差原因

    检查：部门整体绩效自评表中有未完成或部分完成的指标（有分值时：有得分低于分值的指标）时，
    表下的「偏差大或目标未完成原因分析」是否为空。表中有逐行的偏差原因一栏时由 C004 检查，
    本规则不重复。
    原因：未完成目标必须说明原因和改进措施，这是自评表的要求，也是财政抽查的重点。
    示例：华容区医疗保障局：预算执行率 97%（目标 100%）未完成，6 项指标部分完成，原因分析
    一栏空白 → 报告。
    修正：不修改，请补写偏差原因分析。
    """

    code = "D015"
    name = "dept-deviation-missing"
    severity = Severity.WARNING

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None or table.deviation is None or not is_blank(table.deviation.value):
            return
        if da.project is not None:
            if "explanation" in table.indicator_columns:
                return
            tol = ctx.profile.tolerance
            short_rows = [r for r in da.project.rows if r.weight is not None and r.kind != PROJECT_LEFTOVER
                          and (r.expected if r.known else r.counted) < r.weight - tol]
            if not short_rows:
                return
            what = f"{len(short_rows)} 项指标得分低于分值（{_names(short_rows)}）"
        elif da.judged:
            if "explanation" in table.indicator_columns:
                return
            failed = [r for r in da.judged if r.status == NOT_MET]
            partial = [r for r in da.judged if r.status == PARTIAL]
            if not failed and not partial:
                return
            parts = []
            if failed:
                parts.append(f"{len(failed)} 项指标未完成（{_names(failed)}）")
            if partial:
                parts.append(f"{len(partial)} 项部分完成（{_names(partial)}）")
            what = "，".join(parts)
        else:
            return
        cell = table.deviation.value.address if table.deviation.value is not None else table.deviation.label_address
        yield self.finding(
            ctx,
            f"{cell} 「{table.deviation.label}」为空：{what}，应说明原因",
            cell=cell,
        )


class SelfEvalValuesMissing(DepartmentRule):
    """部门整体指标的年初目标值或实际完成值未填

    检查：没有分值、得分的部门整体绩效自评表中，每个指标是否填了年初目标值和实际完成值。
    原因：缺少任何一个值就无法判断完成情况；完成率按未完成计。
    示例：「政府采购执行率」实际完成值空白 → 报告。
    修正：不修改，请补填。
    """

    code = "D016"
    name = "dept-values-missing"
    severity = Severity.WARNING

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None:
            return
        for r in da.judged:
            if r.status != MISSING:
                continue
            cell = r.actual_address if "实际" in r.reason and "年初" not in r.reason else (r.target_address or r.actual_address)
            yield self.finding(
                ctx,
                f"{cell or '第 %d 行' % r.indicator.row} 指标{r.label}{r.reason}，无法判断是否完成，完成率按未完成计",
                cell=cell,
                row=r.indicator.row,
                indicator=r.name,
            )


class IndicatorUnjudged(DepartmentRule):
    """部门整体指标无法判断是否完成

    检查：没有分值、得分的部门整体绩效自评表中，年初目标值与实际完成值都已填写，却无法判断
    是否完成的指标：单位不同无法比较，实际完成值的文字不属于三档中的任何一档，或目标有值而
    实际完成值填「不涉及」。
    原因：这些指标不计入完成率，须由人工判断。
    示例：年初目标值「效果显著」、实际完成值「稳步推进」→ 提示。
    修正：不修改。
    """

    code = "D017"
    name = "dept-indicator-unjudged"
    severity = Severity.NOTICE

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None:
            return
        for r in da.judged:
            if r.status != UNJUDGED:
                continue
            yield self.row_finding(
                ctx,
                r,
                f"{r.actual_address} 指标{r.label}{r.reason}，未计入完成率，需人工判断",
                cell=r.actual_address,
                entered_from="actual",
                entered_text=shown(r.indicator.actual),
            )


class RateAgainstFunds(DepartmentRule):
    """实际完成值与预算资金算出的执行率不符

    检查：有预算资金一栏的部门整体绩效自评表中，「预算执行率」「支出实现率」这类由预算资金
    决定的指标，其实际完成值是否等于 全年执行数 ÷ 全年预算数（没有全年预算数时为年初预算数），
    按 0、1 或 2 位小数四舍五入后相等即视为相符。
    原因：同一张表里的两个数对不上，说明执行率或资金数填错了一个；哪一个错无法确定。
    示例：全年预算数 800、全年执行数 680，支出实现率实际完成值填 95% → 680 ÷ 800 = 85%，不符。
    修正：不修改，请核实实际完成值或预算资金。
    """

    code = "D020"
    name = "dept-rate-against-funds"
    severity = Severity.WARNING

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None:
            return
        for v in da.value_checks:
            if v.agrees:
                continue
            ind = v.indicator
            yield self.finding(
                ctx,
                f"{ind.actual.address} 指标「{ind.name}」实际完成值 {shown(ind.actual)} 与预算资金算出的不符：{v.bound.formula}"
                f"（{v.bound.sources}），请核实实际完成值或预算资金",
                cell=ind.actual.address,
                entered=ind.actual.raw,
                expected=round(v.bound.value, 2),
                row=ind.row,
                indicator=ind.name,
            )
