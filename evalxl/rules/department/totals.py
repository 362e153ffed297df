"""D012–D013: the total of a department-wide table with scores: its 合计 row against the sum of
the recomputed rows, or no 合计 row at all."""

from __future__ import annotations

from typing import Iterator

from ...findings import Finding, Fix, Severity, format_number
from ...model import DepartmentTable
from ..assessment import shown
from ..base import PRECEDENCE, Context, DepartmentRule
from ..department_assessment import COMPUTED, DepartmentAssessment

def _total_breakdown(da: DepartmentAssessment) -> str:
    changed = []
    for r in da.rows:
        if r.status == COMPUTED and r.accepted is False and r.score_address:
            changed.append(f"{r.score_address} 应为 {format_number(r.expected)}")
    if da.project is not None:
        for r in da.project.rows:
            if r.known and r.accepted is False and r.score_address:
                changed.append(f"{r.score_address} 应为 {format_number(r.expected)}")
    text = f"各行得分合计 {format_number(da.total.recomputed)}"
    if changed:
        text += "（其中 " + "、".join(changed[:8] + (["……"] if len(changed) > 8 else [])) + "）"
    return text


class DeptTotalWrong(DepartmentRule):
    """部门整体评价合计得分与重算不符

    检查：评分表（或有分值、得分的部门整体绩效自评表）的合计（总分）是否等于各行得分之和，
    各行取重算值（能按评价标准计算且填报有误的行取计算值，其余按填报值，不超过分值）。
    原因：合计决定部门整体评价的等级；行得分更正后合计必须随之更正。
    示例：各行得分更正后合计 73，合计行填 99 → 应为 73。
    修正：写入重算的合计。
    """

    code = "D012"
    name = "dept-total-wrong"
    severity = Severity.ERROR
    precedence = PRECEDENCE["recomputed"]

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None or table.total is None or da.total.recomputed is None or da.total.accepted is not False:
            return
        t = da.total
        cell = table.total.score
        addr = t.score_address or (cell.address if cell is not None else None)
        if addr is None:
            return
        entered = "未填" if t.score_state == "empty" else f"填报 {shown(cell)}"
        yield self.finding(
            ctx,
            f"{addr} {table.total.label or '合计'}{entered}，应为 {format_number(t.recomputed)}：{_total_breakdown(da)}",
            cell=addr,
            entered=cell.raw if cell is not None else None,
            expected=t.recomputed,
            fix=Fix(addr, t.recomputed),
        )


class DeptTotalRowMissing(DepartmentRule):
    """评分表没有合计行

    检查：评分表（或有分值、得分的部门整体绩效自评表）是否有合计（总分）行。
    原因：没有合计就看不出部门整体评价的得分；汇总表「部门整体」工作表给出填报得分之和与
    重算合计。
    示例：衡山县医疗保障局的评分表没有合计行：各行填报得分之和 86（报告中写 99 分），重算
    合计 73 → 提示。
    修正：不修改，请补填合计行。
    """

    code = "D013"
    name = "dept-total-row-missing"
    severity = Severity.NOTICE

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None or not da.scored or table.total is not None or da.total.recomputed is None:
            return
        entered = f"各行填报得分之和 {format_number(da.total.entered)}，" if da.total.entered is not None else ""
        yield self.finding(
            ctx,
            f"{table.kind_name}没有合计行：{entered}重算合计 {format_number(da.total.recomputed)}"
            f"（评价等级「{da.total.grade}」）",
            cell=None,
            entered=da.total.entered,
            expected=da.total.recomputed,
        )
