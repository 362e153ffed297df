"""C: what is missing or left over (SPEC §3.7, §3.8, and the project fields)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity, format_number
from ..model import Table
from .assessment import LEFTOVER, QUALITATIVE, QUANTITATIVE, UNVERIFIABLE, column_address, is_blank, shown
from .base import Context, TableRule

MISSING = ("missing_target", "missing_actual", "missing_both", "sub_rows_unknown")


class ValuesMissing(TableRule):
    """年度指标值或实际完成值未填

    检查：有分值的指标行是否填了年度指标值和实际完成值（两者都未填时只报告一次；只把
    指标值写进指标名称也算未填）。★ 指标的数值写在「其中」子行上时，看子行。
    原因：缺少任何一个值，得分都无法核对；此行按填报得分（限 0 到分值之间）计入重算总分，
    总分只在按此计算仍不符时才更正，无法核对的分数在总分处列明（T006）。
    示例：「市外医保费用成本每支出表」分值 10，年度指标值、实际完成值空白、得分 10 →
    报告，重算总分按填报的 10 分计。
    修正：不修改，请补填指标值和实际完成值后重新记分。
    """

    code = "C001"
    name = "values-missing"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.kind != UNVERIFIABLE or r.problem not in MISSING or ctx.assessment.unfilled:
                continue
            ind = r.indicator
            if r.problem == "missing_both":
                where = "、".join(a for a in (r.target_address, r.actual_address) if a) or f"第 {ind.row} 行"
                cell = r.actual_address or r.target_address
            elif r.problem == "sub_rows_unknown":
                where = cell = r.actual_address or r.score_address
            elif r.problem == "missing_target":
                where = cell = r.target_address
            else:
                where = cell = r.actual_address
            entered = f"，得分填报 {shown(ind.score)}" if not is_blank(ind.score) else ""
            yield self.finding(
                ctx,
                f"{where or '第 %d 行' % ind.row} {r.reason}（指标{r.label}，分值 {format_number(r.weight)}{entered}），"
                f"无法核对得分，按填报得分 {format_number(r.counted)} 计入重算总分",
                cell=cell,
                entered=ind.score.raw if ind.score is not None else None,
                counted=r.counted,
                row=ind.row,
                indicator=r.name,
            )


class WeightMissing(TableRule):
    """分值未填或不是数字

    检查：填了指标值、实际完成值或得分的行，分值是否已填且为数字。
    原因：没有分值就无法计算得分，也无法核对各级分值之和。
    示例：「医保基金征缴」年度指标值 100%、实际完成值 100%、得分 10，分值空白 → 报告；
    重算总分按填报得分计。
    修正：不修改，请补填分值。
    """

    code = "C002"
    name = "weight-missing"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.kind != UNVERIFIABLE or r.problem not in ("no_weight", "bad_weight"):
                continue
            ind = r.indicator
            yield self.finding(
                ctx,
                f"{r.weight_address or '第 %d 行' % ind.row} {r.reason}（指标{r.label}），无法核对得分，"
                f"重算总分按填报得分 {format_number(r.counted)} 计",
                cell=r.weight_address,
                entered=ind.weight.raw if ind.weight is not None else None,
                row=ind.row,
                indicator=r.name,
            )


class LeftoverRow(TableRule):
    """模板遗留的空指标行

    检查：没有分值、年度指标值、实际完成值和得分的指标行（模板里留下未填的行）。
    原因：这样的行不参与记分，已忽略；列出来便于确认没有漏填。
    示例：「城乡居民医疗保障覆盖率」一行只有指标名称 → 提示。
    修正：不修改；如确实不考核此指标，可删除该行。
    """

    code = "C003"
    name = "leftover-row"
    severity = Severity.NOTICE

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for r in ctx.assessment.rows:
            if r.kind != LEFTOVER:
                continue
            ind = r.indicator
            cell = ind.name_address or r.weight_address
            yield self.finding(
                ctx,
                f"第 {ind.row} 行 指标{r.label}没有分值，也没有填写指标值、完成值和得分（模板遗留的空行），已忽略",
                cell=cell,
                row=ind.row,
                indicator=r.name,
            )


class ExplanationMissing(TableRule):
    """得分低于分值却未说明原因

    检查：重算得分低于分值的行，「偏差原因分析及改进措施」（或「未完成原因分析」）是否
    为空。定量指标看重算得分；定性指标看该行计入重算总分的得分。表中没有这一栏、或
    该行无法核对（缺值）时不检查。
    原因：扣分必须说明原因和改进措施，这是自评表的要求，也是财政抽查的重点。
    示例：成本指标 96% / 97%、分值 10，重算得分 9.9，偏差原因为空 → 报告。
    修正：不修改，请补写偏差原因及改进措施。
    """

    code = "C004"
    name = "explanation-missing"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        if "explanation" not in table.indicator_columns:
            return
        tol = ctx.profile.tolerance
        for r in ctx.assessment.rows:
            if r.kind not in (QUANTITATIVE, QUALITATIVE) or r.weight is None:
                continue
            if r.kind == QUALITATIVE and not r.known and r.score_state != "number":
                continue  # no score and none to compute: I006 says so
            score = r.expected if r.kind == QUANTITATIVE else r.counted
            if score is None or score >= r.weight - tol:
                continue
            if not is_blank(r.indicator.explanation):
                continue
            yield self.finding(
                ctx,
                f"{r.explanation_address or '第 %d 行' % r.indicator.row} 偏差原因分析为空：指标{r.label}"
                f"得分 {format_number(score)} 低于分值 {format_number(r.weight)}，应说明原因及改进措施",
                cell=r.explanation_address,
                row=r.indicator.row,
                indicator=r.name,
            )


class ProjectFieldEmpty(TableRule):
    """项目名称、主管部门或实施单位未填

    检查：表头的项目名称、主管部门、实施单位（没有实施单位一栏时看填报单位）是否已填。
    原因：汇总表按主管部门和项目归类；缺少这些信息的表无法归入汇总。
    示例：「实施单位」后面的单元格空白 → 报告。
    修正：不修改，请补填。
    """

    code = "C005"
    name = "project-field-empty"
    severity = Severity.WARNING

    FIELDS = (("project_name", "项目名称"), ("department", "主管部门"), ("unit", "实施单位"))

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for attr, label in self.FIELDS:
            f = getattr(table, attr)
            if f is None:
                yield self.finding(ctx, f"未找到「{label}」一栏", cell=None, field=label)
            elif f.value is None or is_blank(f.value) or not f.text.strip():
                yield self.finding(ctx, f"{f.label_address}「{f.label or label}」未填", cell=f.label_address, field=label)


class TableUnfilled(TableRule):
    """自评表未填写完成值和得分

    检查：指标行的实际完成值（含 ★ 指标的「其中」子行）和得分全部空白、总分也空白的表
    （常见于公开时未填写的表，说明文字还留在单元格里）。
    原因：这样的表无从核对，也不能替单位算出得分：不更正任何得分，不给出重算总分和等级，
    只说明缺了什么。
    示例：四川 510000_0013zp 表公开时完成值、得分均空白，年度目标完成情况仍是「对照年度
    目标，说明…(100字以内)」→ 报告。
    修正：不修改，请填写完成值和得分后重新报送。
    """

    code = "C006"
    name = "table-unfilled"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment
        if not a.unfilled:
            return
        live = [r for r in a.rows if r.kind != LEFTOVER]
        missing = [f"{len(live)} 个指标的实际完成值和得分"]
        if table.total is not None:
            where = a.total.score_address or column_address(table, "score", table.total.row) or table.total.label_address
            missing.append(f"总分（{where}）")
        if a.funds.present and a.funds.score_state == "empty":
            missing.append(f"资金得分（{a.funds.score_address or '第 %d 行' % a.funds.row.row}）")
        first = next((r.actual_address for r in live if r.actual_address), None)
        yield self.finding(
            ctx,
            f"{first + ' ' if first else ''}本表未填写 {'、'.join(missing)}，无法核对，未更正任何得分，"
            f"也不计算重算总分和等级；请填写后重新报送",
            cell=first,
            rows=len(live),
        )
