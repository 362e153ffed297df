"""W: the 分值 add up (SPEC §3, weights)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity, format_number
from ..model import Table
from .assessment import LEFTOVER, shown, weight_reading
from .base import PRECEDENCE, Context, TableRule


def sum_text(parts: list[float], names: list[str] | None = None, limit: int = 12) -> str:
    """How a sum was made, for the message: 「（10 + 10 + 20 + 10）」 or with names
    「（投入 10 + 过程 60）」; nothing for one bare number or too many to read."""
    if not parts:
        return "（其下没有填写分值）"
    if len(parts) > limit or (len(parts) == 1 and not names):
        return ""
    if names:
        return "（" + " + ".join(f"{n} {format_number(p)}" for n, p in zip(names, parts)) + "）"
    return "（" + " + ".join(format_number(p) for p in parts) + "）"


def label_weight_finding(rule, ctx, *, level: str, label: str, weight: float, cell: str | None, row: int,
                         below: str, parts: list[float], names: list[str] | None = None, **extra) -> Finding | None:
    """The finding of a weight written in a label (「产出指标（50分）」) that the 分值 below
    it do not add up to, or None when they do. Shared by W001 and the D rules."""
    s = sum(parts)
    if abs(s - weight) <= 1e-6:
        return None
    return rule.finding(
        ctx,
        f"{cell or '第 %d 行' % row} {level}指标「{label}」标注 {format_number(weight)} 分，"
        f"其下各{below}分值合计 {format_number(s)}{sum_text(parts, names)}，不相符",
        cell=cell,
        entered=round(s, 6),
        expected=weight,
        **extra,
    )


def level1_groups(rows: list) -> list[list]:
    """The rows under each 一级指标 that carries a weight. A group is a run of consecutive
    rows with the same 一级 name and weight, whether the label is merged down its rows,
    repeated on every row, or written once and carried (the reader resolves all three);
    the same label again after another one starts a new group."""
    groups: list[list] = []
    last = None
    for r in rows:
        ind = r.indicator
        key = (ind.level1, ind.level1_weight)
        if ind.level1_weight is None:
            last = None
            continue
        if key != last:
            groups.append([])
            last = key
        groups[-1].append(r)
    return groups


class Level1WeightSum(TableRule):
    """一级指标下的分值之和与其标注的分值不符

    检查：一级指标标签中写了分值（如「产出指标（50分）」）时，其下各三级指标的分值之和是否
    等于该分值。
    原因：分值对不上，说明某一行分值填错，或一级指标的分值标错，总分也因此失真。
    示例：「产出指标（50分）」下分值为 20、10、10、5 → 合计 45，与 50 不符（报告的填报值为
    合计 45，应为值为标注的 50）。
    修正：不修改：无法判断是哪一个分值填错，请核实后更正。
    """

    code = "W001"
    name = "level1-weight-sum"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        for rows in level1_groups(ctx.assessment.rows):
            first = rows[0].indicator
            parts = [r.weight for r in rows if r.kind != LEFTOVER and r.weight is not None]
            f = label_weight_finding(self, ctx, level="一级", label=first.level1, weight=first.level1_weight,
                                     cell=first.level1_address, row=first.row, below="指标", parts=parts,
                                     level1=first.level1)
            if f is not None:
                yield f


class TotalWeightSum(TableRule):
    """各项分值之和不等于总分的分值

    检查：资金分值加上全部指标分值，是否等于总分行的分值（没有时为规则配置中的总分
    100）。没有项目资金部分时不检查。
    原因：分值合计不是 100，自评得分就无法与其他项目比较，评价等级也会失真。
    示例：资金 10 + 产出 50 + 效益 30 + 满意度 5 = 95，与 100 不符（报告的填报值为合计 95，
    应为值为 100）。
    修正：不修改：无法判断是哪一个分值填错，请核实后更正。
    """

    code = "W002"
    name = "total-weight-sum"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment
        if not a.funds.present:
            return
        parts = [r.weight for r in a.rows if r.kind != LEFTOVER and r.weight is not None]
        s = a.funds.weight + sum(parts)
        want = ctx.profile.weights["total"]
        where = "规则配置的总分"
        cell = None
        if table.total is not None:
            state, w = weight_reading(table.total.weight)
            if w is not None:
                want, where = w, "总分行的分值"
                cell = table.total.weight.address
            else:
                cell = table.total.label_address
        if abs(s - want) <= 1e-6:
            return
        yield self.finding(
            ctx,
            f"{cell + ' ' if cell else ''}各项分值合计 {format_number(s)}（资金 {format_number(a.funds.weight)} + "
            f"指标 {format_number(sum(parts))}），与{where} {format_number(want)} 不符"
            f"{'；总分按此无法核对，未更正' if s > want else ''}",
            cell=cell,
            entered=round(s, 6),
            expected=want,
        )


class IndicatorsWeightSum(TableRule):
    """指标分值之和与表上写明的绩效指标分值不符

    检查：表上写明了绩效指标部分的分值（如四川表「绩效指标(90分)」）时，各指标分值之和
    是否等于它。★ 指标的「其中」子行不是指标，不计入。
    原因：分值对不上，说明某一行分值填错，或表头分值标错；表上写的分值优先于规则配置。
    示例：「绩效指标(90分)」下各指标权重合计 100 → 报告（填报值为合计 100，应为值为 90）。
    修正：不修改：无法判断是哪一个分值填错，请核实后更正。
    """

    code = "W003"
    name = "indicators-weight-sum"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        stated = table.indicators_weight
        if stated is None:
            return
        parts = [r.weight for r in ctx.assessment.rows if r.kind != LEFTOVER and r.weight is not None]
        s = sum(parts)
        if abs(s - stated) <= 1e-6:
            return
        cell = f"A{table.indicator_header_row}" if table.indicator_header_row else None
        yield self.finding(
            ctx,
            f"{cell + ' ' if cell else ''}绩效指标部分标注 {format_number(stated)} 分，各指标分值合计 "
            f"{format_number(s)}{sum_text(parts)}，不相符",
            cell=cell,
            entered=round(s, 6),
            expected=stated,
        )


class FundsWeightDiffers(TableRule):
    """资金分值与表头写明的分值不符

    检查：项目资金部分的表头写明了分值（「预算执行情况(10分)」「项目资金(20分)」），而
    年度资金总额行的分值单元格填了另一个数。
    原因：两处分值不一致，无法确定资金得分按哪个分值计算（按分值单元格计算，并报告）。
    示例：表头「预算执行情况(10分)」、分值填 20 → 报告。
    修正：不修改，请核实后更正。
    """

    code = "W004"
    name = "funds-weight-differs"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        f, a = table.funds, ctx.assessment.funds
        if f is None or f.header_weight is None or a.weight_source != "cell":
            return
        if abs(a.weight - f.header_weight) <= 1e-6:
            return
        cell = a.row.weight
        yield self.finding(
            ctx,
            f"{cell.address} 资金分值填报 {shown(cell)}，与项目资金表头写明的 {format_number(f.header_weight)} 分不符",
            cell=cell.address,
            entered=cell.raw,
            expected=f.header_weight,
        )
