"""F: the funds rules that real forms need (issue 12): a reason the profile asks for, an
amount typed in another unit than the block's heading."""

from __future__ import annotations

from typing import Iterator

from .. import scoring
from ..findings import Finding, Severity, format_number
from ..model import Table
from .assessment import amount, shown
from .base import Context, TableRule
from .cells import amount_unit
from .funds import _pct, has_reason


class FundsReasonMissing(TableRule):
    """执行率低于规定比例却未说明原因

    检查：规则配置了需说明原因的执行率下限（funds.reason_below，四川为 90%）时，执行率
    低于该比例的表，「原因」一栏是否填写（仍是印好的填表说明「…需说明原因(100字以内)」
    的视为未填）。全国通用规则不检查。
    原因：四川 510000_0013zp 表规定「预算执行率未达到90%的需说明原因」。
    示例：调整后预算数 100、预算执行数 85，执行率 85%，原因空白 → 报告。
    修正：不修改，请补写原因。
    """

    code = "F009"
    name = "funds-reason-missing"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        below = ctx.profile.funds_reason_below
        if not below or a.rate is None or a.rate >= below - ctx.profile.tolerance or has_reason(a.row):
            return
        cell = a.row.reason
        letter = table.funds.column_letters.get("reason")
        addr = cell.address if cell is not None else (f"{letter}{a.row.row}" if letter else a.executed_cell.address)
        yield self.finding(
            ctx,
            f"{addr} 执行率 {_pct(a.rate)} 低于 {_pct(below)}，未说明原因（全年执行数 {format_number(a.executed)} ÷ "
            f"{a.budget_label} {format_number(a.budget)}）",
            cell=addr,
            entered=cell.raw if cell is not None else None,
            rate=scoring.round_half_up(a.rate, 4),
        )


class FundsAmountUnit(TableRule):
    """金额的单位与项目资金表头的单位不同

    检查：年度资金总额和各资金来源的金额，带单位填写时（「150万」「250000.00元」），单位
    是否与该部分表头写的单位（项目资金（万元）、（元））一致；表头未写单位时按万元。
    原因：执行率是比值，只要同一行单位一致就不受影响（换算后计算）；但金额进入汇总表时
    单位不一致会差一万倍。
    示例：表头「项目资金（万元）」，全年执行数填「250000.00元」→ 提示，按 25 万元计算。
    修正：不修改。
    """

    code = "F010"
    name = "funds-amount-unit"
    severity = Severity.NOTICE

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        f = table.funds
        if f is None:
            return
        block = f.unit or "万元"
        for row in ([f.total] if f.total else []) + list(f.sources):
            for role in ("initial_budget", "annual_budget", "executed"):
                cell = getattr(row, role)
                typed = amount_unit(cell)
                if not typed or typed == block:
                    continue
                yield self.finding(
                    ctx,
                    f"{cell.address} 金额填报「{shown(cell)}」，单位与表头的「{block}」不同，"
                    f"按 {format_number(amount(cell, f.unit))}{block} 计算",
                    cell=cell.address,
                    entered=cell.raw,
                    unit=typed,
                )
