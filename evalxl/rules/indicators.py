"""I: the scores of the 绩效指标 rows (SPEC §3.3, §3.4, §3.5)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Fix, Severity, format_number
from ..model import Table
from .assessment import QUALITATIVE, QUANTITATIVE, UNVERIFIABLE, RowAssessment, shown
from .base import PRECEDENCE, Context, TableRule


def _entered_text(r: RowAssessment) -> str:
    text = shown(r.indicator.score)
    if r.entered is not None and r.weight is not None and r.entered > r.weight + 1e-9:
        return f"{text}（超过分值 {format_number(r.weight)}）"
    return text


def _wrong(rule: TableRule, ctx: Context, r: RowAssessment) -> Finding:
    cell = r.indicator.score
    return rule.finding(
        ctx,
        f"{cell.address} 得分填报 {_entered_text(r)}，应为 {format_number(r.expected)}：{r.reason}（指标{r.label}）",
        cell=cell.address,
        entered=cell.raw,
        expected=r.expected,
        fix=Fix(cell.address, r.expected, "General" if "%" in (cell.number_format or "") else None),
        row=r.indicator.row,
        indicator=r.name,
        entered_text=shown(cell),
    )


class QuantitativeScoreWrong(TableRule):
    """定量指标得分与重算不符

    检查：年度指标值和实际完成值都是可比较的数值（单位相同，或一方无单位）时，得分是否
    等于重算值。方向先看年度指标值的符号（≥、>、不低于 … 越大越好；≤、<、不高于、以内 …
    越小越好），没有符号时，成本指标和名称含「成本、费用、支出、控制率、发生率、差错率、
    投诉率、超支率、变动率、周期、时长、用时」等词（见规则配置）的指标越小越好，其余越大
    越好。达到目标记满分；未达到时，越大越好按 实际 ÷ 目标 × 分值，越小越好按
    目标 ÷ 实际 × 分值；超额完成不加分。得分与重算值四舍五入到 2 位或 1 位小数后相等即
    视为相符。
    原因：手工计算最常见的错误：达到目标却没给满分，或按比例算错。
    示例：年度指标值 96%、实际完成值 97%、分值 10，得分填 9.6 → 已达到目标，应为 10；
    年度指标值 12次、实际完成值 10次、分值 10 → 应为 8.33；≤15万元、实际 16万元、分值 10
    → 应为 9.38。
    修正：写入重算的得分。
    """

    code = "I001"
    name = "quantitative-score-wrong"
    severity = Severity.ERROR
    precedence = PRECEDENCE["recomputed"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.kind == QUANTITATIVE and r.accepted is False and r.score_state != "empty":
                yield _wrong(self, ctx, r)


class QualitativeScoreWrong(TableRule):
    """定性指标得分不在应有档次内

    检查：定性指标（文字）按「三档」记分：达成 100%–80%（含 80%），部分达成 80%–60%
    （含 60%），未达成 60% 以下（档次见规则配置）。实际完成值与年度指标值相同为达成；
    实际完成值为「较X、基本X、部分X」（X 为年度指标值）或「基本完成、部分达成」等为部分
    达成；为「未X、不X、未完成、未达成」等为未达成。得分不在该档范围内即为错误。无法判断
    档次时不报告（得分超过分值除外，见 I003）。
    原因：定性指标常被一律记满分，或部分达成仍记满分。
    示例：年度指标值「健全」、实际完成值「较健全」、分值 10，得分填 10 → 部分达成，应为 8。
    修正：写入该档的上限（达成为满分）。
    """

    code = "I002"
    name = "qualitative-score-wrong"
    severity = Severity.ERROR
    precedence = PRECEDENCE["recomputed"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.kind == QUALITATIVE and r.known and r.accepted is False and r.score_state != "empty":
                yield _wrong(self, ctx, r)


class ScoreOutOfBounds(TableRule):
    """得分小于 0 或超过分值

    检查：每一行的得分是否满足 0 ≤ 得分 ≤ 分值。
    原因：超过分值的得分会让总分虚高（如分值 10 的行填了 30）。
    示例：分值 10、得分填 30 → 报告。能重算出正确得分时，由 I001 / I002 报告并给出
    正确值，本规则不再重复报告同一单元格。
    修正：能重算时写入重算值；否则只报告（正确值未知）。
    """

    code = "I003"
    name = "score-out-of-bounds"
    severity = Severity.ERROR
    precedence = PRECEDENCE["bounds"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        tol = ctx.profile.tolerance
        for r in ctx.assessment.rows:
            cell = r.indicator.score
            if r.weight is None or cell is None or r.score_state not in ("number", "percent"):
                continue
            n = cell.value.number  # type: ignore[union-attr]
            if -tol <= n <= r.weight + tol:
                continue
            what = f"超过分值 {format_number(r.weight)}" if n > r.weight else "小于 0"
            fix = Fix(cell.address, r.expected) if r.known else None
            tail = f"，应为 {format_number(r.expected)}：{r.reason}" if r.known else "，请核实"
            yield self.finding(
                ctx,
                f"{cell.address} 得分 {shown(cell)} {what}{tail}（指标{r.label}）",
                cell=cell.address,
                entered=cell.raw,
                expected=r.expected,
                fix=fix,
                row=r.indicator.row,
                indicator=r.name,
                entered_text=shown(cell),
            )


class ScoreEmpty(TableRule):
    """得分未填

    检查：有分值、年度指标值和实际完成值，能重算出得分的行，得分单元格是否空白。
    原因：空白得分不计入总分，总分因此对不上。
    示例：年度指标值 100%、实际完成值 100%、分值 20，得分空白 → 应为 20。
    修正：写入重算的得分。
    """

    code = "I004"
    name = "score-empty"
    severity = Severity.ERROR
    precedence = PRECEDENCE["empty"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if not r.known or r.score_state != "empty" or r.kind not in (QUANTITATIVE, QUALITATIVE):
                continue
            addr = r.score_address
            where = addr or f"第 {r.indicator.row} 行"
            yield self.finding(
                ctx,
                f"{where} 得分未填，应为 {format_number(r.expected)}：{r.reason}（指标{r.label}）",
                cell=addr,
                expected=r.expected,
                fix=Fix(addr, r.expected) if addr else None,
                row=r.indicator.row,
                indicator=r.name,
            )


class NotComparable(TableRule):
    """年度指标值与实际完成值无法比较

    检查：年度指标值和实际完成值都是数值，但单位不同（如「95%」对「3次」）或限定语不同，
    无法按定量指标重算。
    原因：单位不一致通常是填错了栏，或指标值写法不规范；此时无法核对得分。
    示例：年度指标值「12次」、实际完成值「100%」→ 报告，得分按填报计入重算总分。
    修正：不修改，请统一单位后重新填报。
    """

    code = "I005"
    name = "values-not-comparable"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.kind != UNVERIFIABLE or r.problem != "not_comparable":
                continue
            yield self.finding(
                ctx,
                f"{r.actual_address} {r.reason}，无法核对得分，按填报得分计入重算总分（指标{r.label}）",
                cell=r.actual_address,
                entered=r.indicator.actual.raw if r.indicator.actual is not None else None,
                row=r.indicator.row,
                indicator=r.name,
            )


class ScoreMissingUnknown(TableRule):
    """得分未填或不是数字，且无法重算

    检查：有分值和年度指标值、实际完成值的行，得分空白或填了非数字内容（如「满分」），
    而得分又无法重算（定性指标档次无法判断，或单位无法比较）。
    原因：此行无法计入总分，也无法核对。
    示例：年度指标值「有效缓解」、实际完成值「明显改善」、得分空白 → 报告。
    修正：不修改，请补填得分。
    """

    code = "I006"
    name = "score-missing-unknown"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.known or r.score_state not in ("empty", "text") or r.weight is None:
                continue
            if r.kind == UNVERIFIABLE and r.problem != "not_comparable":
                continue
            cell = r.indicator.score
            what = "未填" if r.score_state == "empty" else f"「{shown(cell)}」不是数字"
            yield self.finding(
                ctx,
                f"{r.score_address or '第 %d 行' % r.indicator.row} 得分{what}，且无法重算（{r.reason}），"
                f"重算总分按 0 分计（指标{r.label}）",
                cell=r.score_address,
                entered=cell.raw if cell is not None else None,
                row=r.indicator.row,
                indicator=r.name,
            )
