"""D: the department-wide tables (部门整体): the 评分表 scored from its own 评价标准 and
the 基础数据表, its weights and total; the 部门整体绩效自评表 judged indicator by
indicator. Every rule reads ctx.department (department_assessment.py), never recomputes."""

from __future__ import annotations

from typing import Iterable, Iterator

from .. import criteria as crit
from ..findings import Finding, Fix, Severity, format_number
from ..model import DepartmentTable
from .assessment import LEFTOVER as PROJECT_LEFTOVER
from .assessment import is_blank, shown, weight_reading
from .base import PRECEDENCE, Context, DepartmentRule
from .weights import label_weight_finding, sum_text
from .department_assessment import (
    CANNOT_VERIFY, COMPUTED, LEFTOVER, MANUAL, MISSING, NOT_MET, PARTIAL, STATUS_NAMES, UNJUDGED, UNKNOWN,
    DepartmentAssessment, ScoringRow,
)


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entered(r: ScoringRow) -> str:
    cell = r.indicator.score
    if r.score_state == "empty":
        return "未填"
    return f"填报 {shown(cell)}"


def _scoring(ctx: Context) -> list[ScoringRow]:
    da: DepartmentAssessment = ctx.department
    return da.rows if da is not None else []


# --------------------------------------------------------------------------- 评分表 scores


class CriteriaScoreWrong(DepartmentRule):
    """得分与按评价标准计算的不符

    检查：部门整体支出绩效评价指标评分表中，评价标准能换算成计分公式（达标计满分、超出或
    低于按步扣分；按区间分档计分），指标值又能由基础数据表（或该行的实际完成值）算出的
    行，得分是否等于按评价标准算出的分数。指标值按指标说明的公式计算：在职人员控制率 =
    实际在职人数 ÷ 编制数，公用经费控制率 = 公用经费决算数 ÷ 预算数，“三公经费”控制率 =
    决算数 ÷ 预算数，“三公经费”变动率 = (本年预算数 − 上年预算数) ÷ 上年预算数，政府采购
    执行率，新建楼堂馆所面积、投资概算控制率。扣分按超出的实际幅度计算（超出 39.58 个
    百分点、每个百分点扣 0.5 分，扣 19.79 分）；只按整步计算的得分（扣 19.5 分）也视为
    相符。得分与计算值四舍五入到 2 位或 1 位小数后相等即视为相符。
    原因：评分表的得分常按惯例填满分，而不是按评价标准和基础数据计算。
    示例：衡山县医疗保障局：编制数 48、实际在职人数 67，在职人员控制率 = 67 ÷ 48 =
    139.58%，评价标准「≦100%，计5分；每超过一个百分点扣0.5分，扣完为止」→ 应得 0 分，
    得分却填 5。
    修正：写入计算出的得分，批注中写明计算过程。
    """

    code = "D001"
    name = "dept-criteria-score-wrong"
    severity = Severity.ERROR
    precedence = PRECEDENCE["recomputed"]

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        for r in _scoring(ctx):
            if r.status != COMPUTED or r.accepted is not False or r.score_state == "empty":
                continue
            cell = r.indicator.score
            src = f"；{r.sources}" if r.sources else ""
            yield self.finding(
                ctx,
                f"{cell.address} 得分填报 {shown(cell)}，应为 {format_number(r.expected)}：{r.reason}"
                f"（指标{r.label}，评价标准「{_snippet(r.criterion.text)}」{src}）",
                cell=cell.address,
                entered=cell.raw,
                expected=r.expected,
                fix=Fix(cell.address, r.expected, "General" if "%" in (cell.number_format or "") else None),
                row=r.indicator.row,
                indicator=r.name,
                entered_text=shown(cell),
                computation=r.reason,
            )


class CriteriaScoreEmpty(DepartmentRule):
    """得分未填（可按评价标准计算）

    检查：评分表中能按评价标准和基础数据算出得分的行，得分单元格是否空白。
    原因：空白得分不计入合计，部门整体评价的总分因此偏低或对不上。
    示例：公用经费控制率 195.72 ÷ 71.35 = 274.31%，评价标准「100%以下（含）计满分，每超出1%扣1分」，
    得分空白 → 应为 0。
    修正：写入计算出的得分，批注中写明计算过程。
    """

    code = "D002"
    name = "dept-criteria-score-empty"
    severity = Severity.ERROR
    precedence = PRECEDENCE["empty"]

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        for r in _scoring(ctx):
            if r.status != COMPUTED or r.score_state != "empty":
                continue
            addr = r.score_address
            yield self.finding(
                ctx,
                f"{addr or '第 %d 行' % r.indicator.row} 得分未填，应为 {format_number(r.expected)}：{r.reason}（指标{r.label}）",
                cell=addr,
                expected=r.expected,
                fix=Fix(addr, r.expected) if addr else None,
                row=r.indicator.row,
                indicator=r.name,
                computation=r.reason,
            )


class DeptScoreOutOfBounds(DepartmentRule):
    """评分表得分小于 0 或超过分值

    检查：评分表每一行的得分是否满足 0 ≤ 得分 ≤ 分值，无论其评价标准能否计算（需人工复核的
    行也检查）。
    原因：超过分值的得分会使部门整体评价总分虚高。
    示例：行政效能分值 6、得分填 8 → 报告。能按评价标准算出正确得分时，由 D001 报告并给出
    正确值。
    修正：能计算时写入计算值；否则只报告。
    """

    code = "D003"
    name = "dept-score-out-of-bounds"
    severity = Severity.ERROR
    precedence = PRECEDENCE["bounds"]

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        tol = ctx.profile.tolerance
        for r in _scoring(ctx):
            cell = r.indicator.score
            if r.weight is None or cell is None or r.score_state not in ("number", "percent"):
                continue
            n = cell.value.number  # type: ignore[union-attr]
            if -tol <= n <= r.weight + tol:
                continue
            what = f"超过分值 {format_number(r.weight)}" if n > r.weight else "小于 0"
            tail = f"，应为 {format_number(r.expected)}：{r.reason}" if r.known else "，请核实"
            yield self.finding(
                ctx,
                f"{cell.address} 得分 {shown(cell)} {what}{tail}（指标{r.label}）",
                cell=cell.address,
                entered=cell.raw,
                expected=r.expected,
                fix=Fix(cell.address, r.expected) if r.known else None,
                row=r.indicator.row,
                indicator=r.name,
                entered_text=shown(cell),
            )


class CriteriaPointsMismatch(DepartmentRule):
    """评价标准中的分数与分值不符

    检查：评价标准写明的满分（「计5分」、分档中的最高分、逐项分数之和、评价等次的最高分）
    是否等于该行的分值。
    原因：评价标准与分值不一致，说明其中一个写错了；按哪一个计分无法确定，该行不按评价
    标准计算，需人工核实。
    示例：衡山县医疗保障局「“三公经费”变动率」分值 5，评价标准却是「“三公经费”变动率≦0,计8分；…
    每超过一个百分点扣0.8分」→ 报告。
    修正：不修改，请核实评价标准或分值。
    """

    code = "D004"
    name = "criteria-points-mismatch"
    severity = Severity.WARNING

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        for r in _scoring(ctx):
            if not r.points_mismatch or r.criterion is None:
                continue
            pts = r.criterion.points
            yield self.finding(
                ctx,
                f"{r.criteria_address or r.weight_address} 评价标准中的满分为 {crit.fmt(pts)} 分（「{_snippet(r.criterion.text)}」），"
                f"与分值 {format_number(r.weight)} 不符（指标{r.label}），未按评价标准核对得分，请核实评价标准或分值"
                + (f"；{r.reason.split('；', 1)[1]}" if "；" in r.reason else ""),
                cell=r.criteria_address or r.weight_address,
                entered=pts,
                weight=r.weight,
                row=r.indicator.row,
                indicator=r.name,
            )


class ManualReview(DepartmentRule):
    """需人工复核

    检查：评价标准是逐项计分（「①…2分；②…2分」）、按出现次数扣分（「每出现一例不符合要求的
    扣1分」）或按评价等次计分（「效果较好的计6分；一般3分；无效果0分」）的行：这些得分取决于
    表外的材料，无法由表中数据计算，只核对 0 ≤ 得分 ≤ 分值，并列出供人工复核。
    原因：自评最容易在这些行上一律填满分；列出来，复核人员才知道哪些得分没有经过计算核对。
    示例：「管理制度健全性」分值 8，评价标准四项各 2 分，得分 8 → 需人工复核。
    修正：不修改。
    """

    code = "D005"
    name = "manual-review"
    severity = Severity.NOTICE

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        for r in _scoring(ctx):
            if r.status != MANUAL:
                continue
            where = r.score_address or r.criteria_address
            yield self.finding(
                ctx,
                f"{where} 需人工复核：指标{r.label}的评价标准为{r.reason}，得分无法由表中数据计算（得分{_entered(r)}，"
                f"分值 {format_number(r.weight)}）",
                cell=where,
                entered=r.indicator.score.raw if r.indicator.score is not None else None,
                row=r.indicator.row,
                indicator=r.name,
                shape=r.criterion.shape if r.criterion else None,
            )


class CriteriaUnknown(DepartmentRule):
    """评价标准无法识别

    检查：评分表中评价标准为空，或不属于任何一种可识别的计分方式（达标计分按步扣分、分档
    计分、逐项计分、按次数扣分、按评价等次计分）的行。evalxl 不猜测其含义。
    原因：这些行的得分未经核对，须由人工按评价标准复核。
    示例：「重点工作实际完成率」的评价标准「根据市绩效办…考核分数折算」→ 提示。
    修正：不修改。
    """

    code = "D006"
    name = "criteria-unknown"
    severity = Severity.NOTICE

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        for r in _scoring(ctx):
            if r.status != UNKNOWN:
                continue
            text = r.indicator.criteria.text if r.indicator.criteria is not None else ""
            quoted = f"：「{_snippet(text)}」" if text.strip() else ""
            yield self.finding(
                ctx,
                f"{r.criteria_address or r.score_address} 第 {r.indicator.row} 行 指标{r.label}{r.reason}，未核对得分"
                f"（得分{_entered(r)}，分值 {format_number(r.weight)}），需人工复核{quoted}",
                cell=r.criteria_address or r.score_address,
                entered=r.indicator.score.raw if r.indicator.score is not None else None,
                row=r.indicator.row,
                indicator=r.name,
            )


class ValueCannotVerify(DepartmentRule):
    """指标值无法由基础数据核实

    检查：评价标准可以计算，但指标值算不出来的行：基础数据表中缺少公式所需的数据（或为空、
    为 0），指标不在已收录的公式中，或算出的值不在评价标准列出的任何一档中。evalxl 不猜测
    缺少的数据。
    原因：得分无法核对，按填报得分计入重算合计，须由人工复核。
    示例：衡山县医疗保障局「“三公经费”变动率」需要上年度“三公经费”预算数，基础数据表只有 2019年
    决算数 → 无法核实。
    修正：不修改；补齐基础数据表后可重新核对。
    """

    code = "D007"
    name = "value-cannot-verify"
    severity = Severity.NOTICE

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        for r in _scoring(ctx):
            if r.status != CANNOT_VERIFY:
                continue
            where = r.score_address or r.criteria_address
            yield self.finding(
                ctx,
                f"{where} 指标{r.label}无法核实：{r.reason}；得分{_entered(r)}，按填报得分计入重算合计，需人工复核",
                cell=where,
                entered=r.indicator.score.raw if r.indicator.score is not None else None,
                row=r.indicator.row,
                indicator=r.name,
            )


class DeptScoreMissing(DepartmentRule):
    """评分表得分未填或不是数字，且无法计算

    检查：评分表中有分值的行，得分空白或不是数字，而得分又无法按评价标准计算。
    原因：此行不计入合计，部门整体评价总分因此偏低。
    示例：「经济效益、社会效益」共用分值 10，得分空白 → 报告，重算合计按 0 分计。
    修正：不修改，请补填得分。
    """

    code = "D008"
    name = "dept-score-missing"
    severity = Severity.WARNING

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        for r in _scoring(ctx):
            if r.status in (COMPUTED, LEFTOVER) or r.weight is None or r.score_state not in ("empty", "text", "percent"):
                continue
            what = "未填" if r.score_state == "empty" else f"「{shown(r.indicator.score)}」不是分数"
            yield self.finding(
                ctx,
                f"{r.score_address or '第 %d 行' % r.indicator.row} 得分{what}（指标{r.label}，分值 {format_number(r.weight)}），"
                f"无法按评价标准计算，重算合计按 0 分计",
                cell=r.score_address,
                entered=r.indicator.score.raw if r.indicator.score is not None else None,
                row=r.indicator.row,
                indicator=r.name,
            )


# --------------------------------------------------------------------------- weights


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


# --------------------------------------------------------------------------- totals


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


# --------------------------------------------------------------------------- 自评表 without scores


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
            yield self.finding(
                ctx,
                f"{r.actual_address} 指标{r.label}{STATUS_NAMES[r.status]}：{r.reason}",
                cell=r.actual_address,
                entered=r.indicator.actual.raw if r.indicator.actual is not None else None,
                row=r.indicator.row,
                indicator=r.name,
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
            yield self.finding(
                ctx,
                f"{r.actual_address} 指标{r.label}{r.reason}，未计入完成率，需人工判断",
                cell=r.actual_address,
                entered=r.indicator.actual.raw if r.indicator.actual is not None else None,
                entered_text=shown(r.indicator.actual),
                row=r.indicator.row,
                indicator=r.name,
            )


# The project rules that apply unchanged to a 部门整体绩效自评表 with 分值 and 得分 (their
# weights, totals and the 偏差 block are checked by D009–D015 instead of W / T).
PROJECT_RULES = ("I001", "I002", "I003", "I004", "I005", "I006", "C001", "C002", "C003", "C004")

# The findings that leave a row's score (or completion) to a person: counted per row as
# 需人工复核 in the 汇总表's 部门整体 sheet.
REVIEW_CODES = ("D004", "D005", "D006", "D007", "D017")
