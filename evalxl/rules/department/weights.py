"""D009–D011: the weights of a department-wide table (a 评分表, or a 部门整体绩效自评表 with 分值):
三级 under their 二级, 二级 under their 一级, 一级 up to the total."""

from __future__ import annotations

from typing import Iterator

from ...findings import Finding, Severity, format_number
from ...model import DepartmentTable
from ..assessment import LEFTOVER as PROJECT_LEFTOVER
from ..assessment import weight_reading
from ..base import PRECEDENCE, Context, DepartmentRule
from ..department_assessment import LEFTOVER, DepartmentAssessment
from ..weights import label_weight_finding, sum_text

def _rows(da: DepartmentAssessment) -> list:
    """(indicator, weight) of the scored rows that count, whichever the case."""
    if da.project is not None:
        return [(r.indicator, r.weight) for r in da.project.rows if r.kind != PROJECT_LEFTOVER]
    return [(r.indicator, r.weight) for r in da.rows if r.status != LEFTOVER]


def _groups(rows: list, key) -> list[list]:
    groups: list[list] = []
    last = object()
    for item in rows:
        k = key(item[0])
        if k is None:
            last = object()
            continue
        if k != last:
            groups.append([])
            last = k
        groups[-1].append(item)
    return groups


def _level2_groups(rows: list) -> list[list]:
    """Runs of consecutive rows under one 二级 label, whether merged down, repeated on every
    row or written once (the reader carries it)."""
    return _groups(rows, lambda ind: (ind.level1, ind.level1_weight, ind.level2, ind.level2_weight) if ind.level2 else None)


class DeptLevel2WeightSum(DepartmentRule):
    """三级指标分值之和与二级指标标注的分值不符

    检查：二级指标标签中写了分值（如「预算执行 20分」）时，其下各三级指标的分值之和是否等于
    该分值。几个三级指标共用一个分值单元格时只计一次。
    原因：分值对不上，说明某一行分值填错，或二级指标的分值标错，总分也因此失真。
    示例：「预算执行 20分」下分值 5、5、5、4 → 合计 19，与 20 不符。
    修正：不修改：无法判断是哪一个分值填错，请核实后更正。
    """

    code = "D009"
    name = "dept-level2-weight-sum"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None or not da.scored:
            return
        for group in _level2_groups(_rows(da)):
            first = group[0][0]
            if first.level2_weight is None:
                continue
            parts = [w for _, w in group if w is not None]
            f = label_weight_finding(self, ctx, level="二级", label=first.level2, weight=first.level2_weight,
                                     cell=first.level2_address, row=first.row, below="三级指标", parts=parts,
                                     level2=first.level2)
            if f is not None:
                yield f


def _level1_sums(rows: list) -> list[tuple]:
    """Per 一级指标 group: (first indicator, parts, names): the 二级 weights where written,
    else the sum of the 三级 分值 of that 二级."""
    out = []
    for group in _groups(rows, lambda ind: (ind.level1, ind.level1_weight) if ind.level1 else None):
        parts, names = [], []
        subs = _level2_groups(group)
        for sub in subs:
            first = sub[0][0]
            if first.level2_weight is not None:
                parts.append(first.level2_weight)
            else:
                parts.append(sum(w for _, w in sub if w is not None))
            names.append(first.level2)
        covered = {id(i) for sub in subs for i, _ in sub}
        rest = [w for i, w in group if id(i) not in covered and w is not None]
        if rest:
            parts.append(sum(rest))
            names.append("其他" if subs else "各三级指标")
        out.append((group[0][0], parts, names))
    return out


class DeptLevel1WeightSum(DepartmentRule):
    """二级指标分值之和与一级指标标注的分值不符

    检查：一级指标标签中写了分值（如「过程 60分」）时，其下各二级指标的分值（二级未标分值时
    取其下三级指标分值之和）合计是否等于该分值。
    原因：分值对不上，总分便不是百分制，评价等级也会失真。
    示例：「过程 60分」下「预算执行 20分」「预算管理 30分」→ 合计 50，与 60 不符。
    修正：不修改：无法判断是哪一个分值填错，请核实后更正。
    """

    code = "D010"
    name = "dept-level1-weight-sum"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None or not da.scored:
            return
        for first, parts, names in _level1_sums(_rows(da)):
            if first.level1_weight is None:
                continue
            f = label_weight_finding(self, ctx, level="一级", label=first.level1, weight=first.level1_weight,
                                     cell=first.level1_address, row=first.row, below="二级指标", parts=parts,
                                     names=names, level1=first.level1)
            if f is not None:
                yield f


class DeptTotalWeightSum(DepartmentRule):
    """一级指标分值之和不等于总分

    检查：各一级指标的分值（未标分值的取其下各行分值之和）合计是否等于合计行的分值（没有时
    为规则配置中的总分 100）。
    原因：总分不是 100，部门整体评价得分就无法与等级标准比较。
    示例：投入 10 + 过程 60 + 产出及效率 25 = 95，与 100 不符。
    修正：不修改：无法判断是哪一个分值填错，请核实后更正。
    """

    code = "D011"
    name = "dept-total-weight-sum"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        da: DepartmentAssessment = ctx.department
        if da is None or not da.scored:
            return
        rows = _rows(da)
        if not rows:
            return
        parts, names = [], []
        for first, sub_parts, _ in _level1_sums(rows):
            parts.append(first.level1_weight if first.level1_weight is not None else sum(sub_parts))
            names.append(first.level1)
        if da.project is not None and da.project.funds.present:
            parts.insert(0, da.project.funds.weight)  # the 预算资金 block's 分值 (安徽)
            names.insert(0, "预算资金")
        unlabelled = [w for i, w in rows if not i.level1 and w is not None]
        if unlabelled:
            parts.append(sum(unlabelled))
            names.append("其他")
        s = sum(parts)
        want, where, cell = ctx.profile.weights["total"], "规则配置的总分", None
        if table.total is not None:
            _, w = weight_reading(table.total.weight)
            if w is not None:
                want, where, cell = w, "合计行的分值", table.total.weight.address
            else:
                cell = table.total.label_address
        if abs(s - want) <= 1e-6:
            return
        yield self.finding(
            ctx,
            f"{cell + ' ' if cell else ''}各一级指标分值合计 {format_number(s)}{sum_text(parts, names)}，与{where} {format_number(want)} 不符",
            cell=cell,
            entered=round(s, 6),
            expected=want,
        )
