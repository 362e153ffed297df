"""T: the 总分 and the grade (SPEC §3.6, §3.10)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Fix, Severity, format_number
from ..model import Table
from .assessment import TableAssessment, column_address, shown
from .base import PRECEDENCE, Context, TableRule


def _breakdown(a: TableAssessment) -> str:
    """资金得分 10 + 各指标得分 89.9 = 99.9（其中 H15 应为 9.9、H19 应为 10）."""
    rows = sum(r.counted for r in a.rows)
    text = (
        f"资金得分 {format_number(a.funds.counted)} + 各指标得分 {format_number(rows)} = "
        f"{format_number(a.total.recomputed)}"
    )
    changed = []
    f = a.funds
    if f.known and f.accepted is False and f.score_address:
        changed.append(f"{f.score_address} 应为 {format_number(f.expected)}")
    for r in a.rows:
        if r.known and r.accepted is False and r.score_address:
            changed.append(f"{r.score_address} 应为 {format_number(r.expected)}")
    if changed:
        shown_ = changed[:8] + (["……"] if len(changed) > 8 else [])
        text += "（其中 " + "、".join(shown_) + "）"
    if a.unverified_points:
        text += f"；其中 {format_number(a.unverified_points)} 分无法核对，按填报计"
    return text


class TotalWrong(TableRule):
    """总分与重算得分之和不符

    检查：总分（单位自评总分、自评得分）是否等于 资金得分 + 各指标得分，各得分均取重算
    值（填报得分经核对无误的按填报值）；四舍五入到 2 位或 1 位小数后相等即视为相符。
    总分是公式时核对其缓存值（文件里保存的计算结果）。各项分值之和超过总分的分值时
    （见 W002），重算总分可能超出满分，不更正总分。
    原因：总分决定评价等级，是汇总表的核心数字；行得分更正后总分必须随之更正。
    示例：医保信息化建设：资金得分 10 + 指标得分 89.9 = 99.9，总分填 99.6 → 应为 99.9。
    修正：写入重算的总分（公式单元格由写出程序决定是否保留公式）。
    """

    code = "T001"
    name = "total-wrong"
    severity = Severity.ERROR
    precedence = PRECEDENCE["recomputed"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment
        t = a.total
        if not t.present or t.recomputed is None or t.accepted is not False or t.weights_exceed:
            return
        if t.score_state not in ("number", "text", "percent"):
            return
        cell = table.total.score
        entered = shown(cell)
        if cell.is_formula:
            entered = f"{entered}（公式 {cell.formula} 的计算结果）"
        yield self.finding(
            ctx,
            f"{cell.address} {table.total.label or '总分'}填报 {entered}，应为 {format_number(t.recomputed)}：{_breakdown(a)}",
            cell=cell.address,
            entered=cell.raw,
            expected=t.recomputed,
            fix=Fix(cell.address, t.recomputed),
            formula=cell.formula,
            entered_text=shown(cell),
        )


class TotalFormulaUncached(TableRule):
    """总分公式没有保存计算结果

    检查：总分是公式（如 =SUM(H12:H24)），但文件中没有保存它的计算结果（常见于程序生成
    或未在 Excel 中重新计算保存的文件）。
    原因：没有计算结果就无法核对总分；写出更正后的工作簿时会填上重算的总分。
    示例：总分单元格为「=SUM(H12:H24)」且无缓存值 → 提示，并给出重算总分。
    修正：不修改公式。
    """

    code = "T002"
    name = "total-formula-uncached"
    severity = Severity.NOTICE

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        t = ctx.assessment.total
        if not t.present or t.score_state != "uncached":
            return
        cell = table.total.score
        recomputed = f"，重算总分为 {format_number(t.recomputed)}" if t.recomputed is not None else ""
        yield self.finding(
            ctx,
            f"{cell.address} 总分是公式 {cell.formula}，文件中没有保存计算结果，无法核对{recomputed}",
            cell=cell.address,
            entered=cell.formula,
            expected=t.recomputed,
            formula=cell.formula,
        )


class TotalEmpty(TableRule):
    """总分未填

    检查：有总分行，但总分得分单元格空白。
    原因：总分决定评价等级，空着无法汇总。
    示例：总分行分值 100、得分空白，重算得分为 96.5 → 应为 96.5。
    修正：写入重算的总分（找不到得分单元格时只报告；各项分值之和超过总分的分值时不报告）。
    """

    code = "T003"
    name = "total-empty"
    severity = Severity.ERROR
    precedence = PRECEDENCE["empty"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        t = ctx.assessment.total
        if not t.present or t.score_state != "empty" or t.recomputed is None or t.weights_exceed:
            return
        addr = t.score_address or column_address(table, "score", table.total.row)
        yield self.finding(
            ctx,
            f"{addr or table.total.label_address} {table.total.label or '总分'}未填，应为 {format_number(t.recomputed)}："
            f"{_breakdown(ctx.assessment)}",
            cell=addr,
            expected=t.recomputed,
            fix=Fix(addr, t.recomputed) if addr else None,
        )


class TotalRowMissing(TableRule):
    """未找到总分行

    检查：自评表末尾是否有总分行（总分、单位自评总分、自评得分等）。
    原因：没有总分就无法评定等级；重算总分仍会写入汇总表。
    示例：指标表格后直接是填报人、联系电话 → 报告。
    修正：不修改，请补填总分行。
    """

    code = "T004"
    name = "total-row-missing"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        if table.total is not None:
            return
        t = ctx.assessment.total
        recomputed = f"，重算总分为 {format_number(t.recomputed)}" if t.recomputed is not None else ""
        yield self.finding(ctx, f"未找到总分行（总分 / 单位自评总分 / 自评得分）{recomputed}", cell=None,
                           expected=t.recomputed)


class GradeChanged(TableRule):
    """按重算总分评定的等级与按填报总分不同

    检查：按重算总分评定的等级（优 ≥ 90，良 80–90，中 60–80，差 < 60，见规则配置）是否与
    按填报总分评定的等级相同。
    原因：等级是自评结果的结论，随总分更正而改变时必须重新确认。
    示例：填报总分 99.4（优），重算总分 75（中）→ 报告。
    修正：不修改（表中没有等级单元格）；汇总表采用重算等级。
    """

    code = "T005"
    name = "grade-changed"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        t = ctx.assessment.total
        if t.grade is None or t.entered_grade is None or t.grade == t.entered_grade:
            return
        yield self.finding(
            ctx,
            f"{t.score_address} 按重算总分 {format_number(t.recomputed)} 评定等级为「{t.grade}」，"
            f"按填报总分 {format_number(t.entered)} 为「{t.entered_grade}」",
            cell=t.score_address,
            entered=t.entered_grade,
            expected=t.grade,
        )


class UnverifiedPoints(TableRule):
    """总分中有无法核对的分数

    检查：重算总分中有多少分来自无法核对的行（年度指标值或实际完成值未填、指标值只写在
    指标名称里、单位无法比较、定性档次无法判断、分值未填、资金金额未填等）：这些行按填报
    得分（限 0 到分值之间）计入重算总分。
    原因：重算总分只在按这些得分计算仍不符时才更正；审核人需要知道总分里有多少分没有
    依据可查（汇总表「主要问题」一栏也列出）。
    示例：四行分值 10 的指标均未填指标值和完成值、各记 10 分，总分 100 → 提示「其中 40 分
    无法核对」，总分不改为 60。
    修正：不修改。
    """

    code = "T006"
    name = "unverified-points"
    severity = Severity.NOTICE

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment
        if not a.unverified_points or a.total.recomputed is None:
            return
        cells = [r.score_address or f"第 {r.indicator.row} 行" for r in a.unverified_rows]
        if a.funds.present and not a.funds.known and a.funds.counted:
            cells.insert(0, a.funds.score_address or "资金得分")
        listed = "、".join(cells[:8]) + ("……" if len(cells) > 8 else "")
        where = a.total.score_address or (table.total.label_address if table.total else None)
        yield self.finding(
            ctx,
            f"{where + ' ' if where else ''}重算总分 {format_number(a.total.recomputed)} 中有 "
            f"{format_number(a.unverified_points)} 分无法核对（{listed}），按填报得分计入",
            cell=where,
            points=a.unverified_points,
            cells=cells,
        )
