"""D001–D008, D018, D019: the scores of a 部门整体支出绩效评价指标评分表, row by row: computed from the row's
评价标准 with the indicator's value (the 指标说明 formula over the 基础数据表, or the row's own
实际完成值), or left to a person and said so. Every rule reads ctx.department
(department_assessment.py), never recomputes."""

from __future__ import annotations

from typing import Iterator

from ... import criteria as crit
from ...findings import Finding, Fix, Severity, format_number
from ...model import DepartmentTable
from ..assessment import shown
from ..base import PRECEDENCE, Context, DepartmentRule
from ..indicators import bonus_findings
from ..department_assessment import (
    CANNOT_VERIFY, COMPUTED, LEFTOVER, MANUAL, UNKNOWN, DepartmentAssessment, ScoringRow,
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
                fix=Fix.score(cell, r.expected),
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
            if r.weight is None or cell is None or r.score_state not in ("number", "percent") or r.bonus is not None:
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
            yield self.row_finding(
                ctx,
                r,
                f"{where} 需人工复核：指标{r.label}的评价标准为{r.reason}，得分无法由表中数据计算（得分{_entered(r)}，"
                f"分值 {format_number(r.weight)}）",
                cell=where,
                entered_from="score",
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
            yield self.row_finding(
                ctx,
                r,
                f"{r.criteria_address or r.score_address} 第 {r.indicator.row} 行 指标{r.label}{r.reason}，未核对得分"
                f"（得分{_entered(r)}，分值 {format_number(r.weight)}），需人工复核{quoted}",
                cell=r.criteria_address or r.score_address,
                entered_from="score",
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
            yield self.row_finding(
                ctx,
                r,
                f"{where} 指标{r.label}无法核实：{r.reason}；得分{_entered(r)}，按填报得分计入重算合计，需人工复核",
                cell=where,
                entered_from="score",
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
            yield self.row_finding(
                ctx,
                r,
                f"{r.score_address or '第 %d 行' % r.indicator.row} 得分{what}（指标{r.label}，分值 {format_number(r.weight)}），"
                f"无法按评价标准计算，重算合计按 0 分计",
                cell=r.score_address,
                entered_from="score",
            )


class DeptBonusScore(DepartmentRule):
    """得分超过分值，评价标准允许加分

    检查：评分表中得分超过分值的行，其评价标准（或指标说明）是否印有加分条款（「加1分」
    「最高加2分」「酌情加分」），且超出部分不超过允许的加分。
    原因：按表上印明的加分条款给的分不是错误，但加分所依据的事实在表外，须由人工复核；
    这类得分按填报计入重算合计，不更正，也不按 D003 报错。
    示例：分值 5、评价标准「100%计满分，每低于5%扣2分；工作有创新的加1分」、得分 6 → 提示。
    修正：不修改。
    """

    code = "D018"
    name = "dept-bonus-score"
    severity = Severity.NOTICE

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        yield from bonus_findings(self, ctx, _scoring(ctx), "评价标准", "按填报计入重算合计，加分依据需人工复核")


def _coefficient(cell) -> float | None:
    """得分系数(%) as a fraction: 100% → 1; a bare number is in percent, as the header says."""
    n = cell.number if cell is not None else None
    return None if n is None else n / 100


class CoefficientScoreMismatch(DepartmentRule):
    """指标得分与得分系数 × 指标权重不符

    检查：有「得分系数(%)」一栏的部门整体绩效自评表（重庆）中，每行的指标得分是否等于
    得分系数 × 指标权重。
    原因：得分系数就是单位自评的完成程度，指标得分由它算出；两者不一致，说明其中一个填错。
    哪一个错无法确定，不修改；能按指标值核对的行，正确得分由 I 规则给出。
    示例：播发稿件数量 得分系数 100%、指标权重 10、指标得分 8 → 100% × 10 = 10，与 8 不符。
    修正：不修改，请核实得分系数或指标得分。
    """

    code = "D019"
    name = "coefficient-score-mismatch"
    severity = Severity.WARNING  # beside the I rules' correction of the same cell, never instead of it

    def check(self, table: DepartmentTable, ctx: Context) -> Iterator[Finding]:
        tol = ctx.profile.tolerance
        for ind in table.indicators:
            coef_cell = ind.other_scores.get("得分系数")
            coef = _coefficient(coef_cell)
            weight = ind.weight.number if ind.weight is not None else None
            score = ind.score.number if ind.score is not None else None
            if coef is None or weight is None or score is None:
                continue
            want = coef * weight
            if abs(want - score) <= tol * max(1.0, weight):
                continue
            yield self.finding(
                ctx,
                f"{ind.score.address} 指标得分 {shown(ind.score)} 与 得分系数 {shown(coef_cell)} × 指标权重 "
                f"{format_number(weight)} = {crit.fmt(want)} 不符（指标「{ind.name}」），请核实得分系数或指标得分",
                cell=ind.score.address,
                entered=ind.score.raw,
                row=ind.row,
                indicator=ind.name,
                coefficient=coef,
            )
