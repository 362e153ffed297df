"""I: the scores of the 绩效指标 rows (SPEC §3.3, §3.4, §3.5)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Fix, Severity, format_number
from ..model import Table
from ..scoring import squash
from .assessment import LEFTOVER, QUALITATIVE, QUANTITATIVE, UNVERIFIABLE, RowAssessment, shown
from .base import PRECEDENCE, Context, TableRule


def _entered_text(r: RowAssessment, text: str | None = None) -> str:
    """The entered score as shown (``text``: shown(score), if the caller has it)."""
    if text is None:
        text = shown(r.indicator.score)
    if r.entered is not None and r.weight is not None and r.entered > r.weight + 1e-9:
        return f"{text}（超过分值 {format_number(r.weight)}）"
    return text


def _wrong(rule: TableRule, ctx: Context, r: RowAssessment) -> Finding:
    cell = r.indicator.score
    text = shown(cell)
    return rule.finding(
        ctx,
        f"{cell.address} 得分填报 {_entered_text(r, text)}，应为 {format_number(r.expected)}：{r.reason}（指标{r.label}）",
        cell=cell.address,
        entered=cell.raw,
        expected=r.expected,
        fix=Fix.score(cell, r.expected),
        row=r.indicator.row,
        indicator=r.name,
        entered_text=text,
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
            if r.weight is None or cell is None or r.score_state not in ("number", "percent") or r.bonus is not None:
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
            yield self.row_finding(
                ctx,
                r,
                f"{r.actual_address} {r.reason}，无法核对得分，按填报得分计入重算总分（指标{r.label}）",
                cell=r.actual_address,
                entered_from="actual",
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


class SubRowsUnmet(TableRule):
    """★指标的「其中」子指标未全部达到

    检查：★ 重点指标的数值写在其下「其中…」子行上（子行没有自己的分值，只是该指标的
    组成部分，不单独记分，也不重复计入总分）。每个子行按定量指标逐行比较实际完成值与
    年度指标值；全部达到时 ★ 指标记满分（由 I001 核对），有子行未达到时报告。
    原因：子行未达到而 ★ 指标记满分是常见错误；但各子行如何折算成 ★ 指标的得分，表上
    没有规定，无法确定正确得分。
    示例：★「新建蓄水池」分值 10，其中「容积 ≥500立方米」实际 450立方米，得分填 10 →
    报告，得分按填报计入重算总分。
    修正：不修改，请按实际完成情况重新记分。
    """

    code = "I007"
    name = "sub-rows-unmet"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.problem != "sub_rows_unmet":
                continue
            full = r.entered is not None and r.weight is not None and r.entered >= r.weight - ctx.profile.tolerance
            score = f"得分填报 {shown(r.indicator.score)}（满分）" if full else f"得分填报 {shown(r.indicator.score) or '空白'}"
            yield self.row_finding(
                ctx,
                r,
                f"{r.score_address or '第 %d 行' % r.indicator.row} 指标{r.label}{r.reason}，{score}；"
                f"子指标如何折算得分表上未规定，无法确定正确得分，按填报得分 {format_number(r.counted)} 计入重算总分",
                cell=r.score_address,
                entered_from="score",
                unmet=list(r.sub_unmet),
            )


class EqualTargetExceeded(TableRule):
    """「＝」型指标的实际完成值超过了年度指标值

    检查：规则配置为「＝ 表示须恰好达到」（scoring.equal_target = "exact"）时，指标性质
    为 ＝（或年度指标值写作「＝100%」）的指标，实际完成值高于年度指标值。低于年度指标
    值时按越大越好计分（由 I001 核对）；恰好相等为达到。
    原因：等于型指标超出目标也算未达到，但规则没有规定此时如何记分，只能报告。
    示例：指标性质「＝」、指标值 100 %、实际完成值 105% → 报告，得分按填报计入重算总分。
    修正：不修改，请核实完成值或按本地规定重新记分。
    """

    code = "I008"
    name = "equal-target-exceeded"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.problem != "above_exact":
                continue
            yield self.row_finding(
                ctx,
                r,
                f"{r.actual_address} {r.reason}，按填报得分 {format_number(r.counted)} 计入重算总分（指标{r.label}）",
                cell=r.actual_address,
                entered_from="actual",
            )


class TargetPossiblyLow(TableRule):
    """实际完成值远超年度指标值，目标可能定得偏低

    检查：规则配置了超额倍数（scoring.over_target_factor，预算管理一体化为 1.2，广西为
    1.3）时，越大越好的定量指标实际完成值是否超过 年度指标值 × 该倍数。全国通用规则不
    检查。
    原因：大幅超额完成往往说明绩效目标设定偏低，是绩效目标审核的关注点；得分不受影响
    （超额完成不加分）。
    示例：倍数 1.2，年度指标值 ≥100人、实际完成值 150人 → 提示。
    修正：不修改。
    """

    code = "I009"
    name = "target-possibly-low"
    severity = Severity.NOTICE

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        factor = format_number(ctx.profile.over_target_factor)
        for r in ctx.assessment.rows:
            if not r.over_target:
                continue
            times = format_number(round(r.actual_number / r.target_number, 2))
            yield self.finding(
                ctx,
                f"{r.actual_address} 实际完成值 {shown(r.indicator.actual)} 是年度指标值 {shown(r.indicator.target)} 的 "
                f"{times} 倍，超过 {factor} 倍，年度指标值可能定得偏低（指标{r.label}）",
                cell=r.actual_address,
                entered=r.indicator.actual.raw,
                row=r.indicator.row,
                indicator=r.name,
            )


class BonusScore(TableRule):
    """得分超过分值，评分标准允许加分

    检查：得分高于分值，而该行印在表上的评价标准 / 评分标准（或得分计算方法）写明可以
    加分（「加分」「额外加…分」「最高加…分」），且超出部分不超过允许的加分。
    原因：这类得分是按表上的规则给的，不是错误；列出来便于复核。
    示例：分值 10、评分标准「每超额10%加1分，最高加2分」、得分 11.5 → 提示，不修改。
    修正：不修改。
    """

    code = "I010"
    name = "bonus-score"
    severity = Severity.NOTICE

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        yield from bonus_findings(self, ctx, ctx.assessment.rows)


def bonus_findings(rule, ctx: Context, rows, standard: str = "评分标准", counted: str = "按填报计入重算总分"
                   ) -> Iterator[Finding]:
    """A notice per row whose score above its 分值 a printed bonus clause allows (r.bonus);
    shared by I010 and the 评分表's D018."""
    for r in rows:
        if r.bonus is None:
            continue
        cap = "" if r.bonus == float("inf") else f"（最多加 {format_number(r.bonus)} 分）"
        yield rule.finding(
            ctx,
            f"{r.score_address} 得分 {shown(r.indicator.score)} 超过分值 {format_number(r.weight)}，"
            f"{standard}允许加分{cap}，{counted}（指标{r.label}）",
            cell=r.score_address,
            entered=r.indicator.score.raw,
            row=r.indicator.row,
            indicator=r.name,
            bonus=None if r.bonus == float("inf") else r.bonus,
        )


class SubRowScored(TableRule):
    """「其中」行单独记了分值或得分

    检查：名称以「其中」开头的行（上一行指标的组成部分）是否填了自己的分值或得分。
    没有分值和得分的「其中」行是上一行的子行，不单独记分（见 I007）；填了分值或得分的，
    与上一行重复计算。
    原因：父行和子行都记分，分值合计会超过总分，总分也随之虚高（真实表格中常见）。
    示例：★「新建蓄水池」分值 10、得分 10，其下「其中：容积」分值 10、得分 10 → 报告。
    修正：不修改：无法判断应保留哪一行的分值，请核实后更正（分值合计超过总分时总分不
    更正，见 W002）。
    """

    code = "I011"
    name = "sub-row-scored"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        parent = None
        for r in ctx.assessment.rows:
            ind = r.indicator
            if not squash(ind.name).startswith("其中"):
                parent = r
                continue
            if parent is None or r.kind == LEFTOVER or (r.weight is None and r.entered is None):
                continue
            cell = r.weight_address if r.weight is not None else r.score_address
            what = "、".join(x for x, v in (("分值", r.weight), ("得分", r.entered)) if v is not None)
            yield self.finding(
                ctx,
                f"{cell} 「其中」行{r.label}单独填了{what}，它是上一行{parent.label}的组成部分，"
                f"与上一行重复计算；请核实应保留哪一行的分值",
                cell=cell,
                row=ind.row,
                indicator=r.name,
                parent=parent.name,
            )
