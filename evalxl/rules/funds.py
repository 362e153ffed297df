"""F: the 项目资金（万元） block (SPEC §3.1, §3.2)."""

from __future__ import annotations

from typing import Iterator

from .. import scoring
from ..findings import Finding, Fix, Severity, format_number
from ..model import FUNDS_SOURCE_KINDS, FundsRow, Quantity, Table
from .assessment import amount, funds_address, funds_reason, is_blank, shown
from .base import PRECEDENCE, Context, TableRule
from .cells import is_unfilled_value

COLUMN_NAMES = {"initial_budget": "年初预算数", "annual_budget": "全年预算数", "executed": "全年执行数"}
SOURCE_NAMES = {"current": "当年财政拨款", "carryover": "上年结转资金", "other": "其他资金",
                "special_account": "财政专户管理资金", "unit_funds": "单位资金"}


def has_reason(row) -> bool:
    """The funds row's 原因 cell holds a reason (not blank, not the printed instruction
    「…未达到90%的需说明原因(100字以内)」)."""
    return not is_unfilled_value(getattr(row, "reason", None))


def _pct(fraction: float) -> str:
    return format_number(scoring.round_half_up(fraction * 100, 2)) + "%"


class FundsRateWrong(TableRule):
    """执行率与全年执行数 ÷ 全年预算数不符

    检查：年度资金总额行的「执行率」单元格是否等于 全年执行数（B）÷ 全年预算数（A）
    （没有全年预算数的表用年初预算数），有执行率一栏却空着也报告。按 0、1 或 2 位小数的百分数显示均视为相符；
    执行数超过预算数时，填实际比率或封顶的 100% 均视为相符。
    原因：执行率决定资金得分，也是汇总表中的一列；算错的执行率会误导审核。
    示例：年初预算数 80、全年执行数 72，执行率填「100%」→ 应为 90%。
    修正：写入 B ÷ A（按百分比格式显示）；整张表未填写（C006）时不填。
    """

    code = "F001"
    name = "funds-rate-wrong"
    severity = Severity.ERROR
    precedence = PRECEDENCE["recomputed"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        if a.rate is None or a.row is None:
            return
        cell = a.row.rate
        if cell is not None and cell.is_formula and not cell.cached:
            return
        if is_blank(cell):
            yield from self._empty(table, ctx, a)
            return
        v = cell.value
        candidates: list[float] = []
        if isinstance(v, Quantity) and v.op is None and not v.qualifier:
            if v.unit == "%":
                candidates = [v.number]
            elif v.unit == "":
                candidates = [v.number * 100, v.number]
        if any(scoring.rate_accepts(c, a.rate, ctx.profile) for c in candidates):
            return
        fmt = cell.number_format if "%" in (cell.number_format or "") else "0.00%"
        fraction = scoring.round_half_up(a.rate, 4)
        yield self.finding(
            ctx,
            f"{cell.address} 执行率填报 {shown(cell)}，应为 {_pct(a.rate)}："
            f"全年执行数 {format_number(a.executed)} ÷ {a.budget_label} {format_number(a.budget)} = {_pct(a.rate)}",
            cell=cell.address,
            entered=cell.raw,
            expected=fraction,
            fix=Fix(cell.address, fraction, fmt),
            entered_text=shown(cell),
            expected_text=_pct(a.rate),
        )


    def _empty(self, table: Table, ctx: Context, a) -> Iterator[Finding]:
        """A blank 执行率 where the form has the column: filled with B ÷ A (issue 12, 天长)."""
        addr = funds_address(table, "rate")
        if addr is None or ctx.assessment.unfilled:
            return
        fraction = scoring.round_half_up(a.rate, 4)
        yield self.finding(
            ctx,
            f"{addr} 执行率未填，应为 {_pct(a.rate)}：全年执行数 {format_number(a.executed)} ÷ {a.budget_label} "
            f"{format_number(a.budget)} = {_pct(a.rate)}",
            cell=addr,
            expected=fraction,
            fix=Fix(addr, fraction, "0.00%"),
            expected_text=_pct(a.rate),
        )


class FundsScoreWrong(TableRule):
    """资金得分与执行率 × 分值不符

    检查：年度资金总额行的「得分」是否等于 min(执行率, 100%) × 分值。分值取该行的分值
    单元格，没有则取表头「分值（10分）」中的分值，再没有则取规则配置中的资金权重。
    得分与重算值四舍五入到 2 位或 1 位小数后相等即视为相符。
    原因：资金得分是总分的一部分，算错会使总分和评价等级随之出错。
    示例：全年预算数 80、全年执行数 72、分值 10，得分填「10」→ 执行率 90%，应为 9。
    资金分值填得不小于总分的分值（如 100，必定有误）时，得分只要与按该分值、表头分值或
    规则配置分值算出的任何一个相符就不报告，都不符才报告，且不修改（应得分数无法确定）。
    修正：写入重算的得分（资金分值有误时不修改）。
    """

    code = "F002"
    name = "funds-score-wrong"
    severity = Severity.ERROR
    precedence = PRECEDENCE["recomputed"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        if a.problem == "bad_weight" and a.score_state == "number" and a.candidates:
            yield from self._under_a_wrong_weight(ctx, a)
            return
        if not a.known or a.accepted is not False or a.score_state not in ("number", "text"):
            return
        cell = a.row.score
        yield self.finding(
            ctx,
            f"{cell.address} 资金得分填报 {shown(cell)}，应为 {format_number(a.expected)}：{funds_reason(a)}",
            cell=cell.address,
            entered=cell.raw,
            expected=a.expected,
            fix=Fix(cell.address, a.expected),
            entered_text=shown(cell),
        )


    def _under_a_wrong_weight(self, ctx: Context, a) -> Iterator[Finding]:
        """The funds 分值 cannot be right (as large as the total's): the entered score is
        wrong only if it fits no weight the form or profile could mean; never corrected."""
        if any(scoring.accepts(a.entered, raw, ctx.profile) for raw in a.candidates.values()):
            return
        cell, weight = a.row.score, a.row.weight
        options = "、".join(f"{format_number(w)} 分时为 {format_number(scoring.round_half_up(raw, 2))}"
                            for w, raw in a.candidates.items())
        yield self.finding(
            ctx,
            f"{cell.address} 资金得分填报 {shown(cell)}，与执行率 {_pct(a.rate)} 不符（分值 {options}）；"
            f"资金分值 {shown(weight)} 不小于总分的分值，有误，无法确定应得分数，请核实分值后重新计算",
            cell=cell.address,
            entered=cell.raw,
            entered_text=shown(cell),
        )


class FundsScoreAsPercent(TableRule):
    """资金得分填成了百分比

    检查：年度资金总额行的「得分」单元格是否填了百分比（如 100%）而不是分数。
    原因：得分应为 执行率 × 分值；填成百分比（往往是把执行率抄进了得分栏）会让总分少算
    或多算，汇总时也无法相加。
    示例：分值 10、执行率 100%、得分填「100%」→ 应为 10。
    修正：写入重算的得分（金额缺失无法重算时只报告，不修改）。
    """

    code = "F003"
    name = "funds-score-as-percent"
    severity = Severity.ERROR
    precedence = PRECEDENCE["percent"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        if a.score_state != "percent" or a.row is None:
            return
        cell = a.row.score
        if a.known:
            yield self.finding(
                ctx,
                f"{cell.address} 资金得分填成了百分比 {shown(cell)}，应为分数 {format_number(a.expected)}：{funds_reason(a)}",
                cell=cell.address,
                entered=cell.raw,
                expected=a.expected,
                fix=Fix.score(cell, a.expected),
                entered_text=shown(cell),
            )
        else:
            yield self.finding(
                ctx,
                f"{cell.address} 资金得分填成了百分比 {shown(cell)}，应填分数（执行率 × 分值 {format_number(a.weight)}）；"
                f"预算数或执行数未填，无法重算",
                cell=cell.address,
                entered=cell.raw,
                entered_text=shown(cell),
            )


class FundsOverBudget(TableRule):
    """全年执行数超过预算数

    检查：年度资金总额行的全年执行数（B）是否大于全年预算数（A）（没有全年预算数的表用
    年初预算数）。
    原因：超预算执行需要说明；得分按执行率 100% 封顶，超出部分不加分。表上有「原因」
    一栏（四川 510000_0013zp 表）且已填写时不报告。
    示例：全年预算数 80、全年执行数 88 → 执行率 110%，得分按 100% 计为 10，并报告此项。
    修正：不修改，请核实执行数或补充调整预算的依据。
    """

    code = "F004"
    name = "funds-over-budget"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        if a.rate is None or a.rate <= 1 + ctx.profile.tolerance or has_reason(a.row):
            return
        cell = a.executed_cell
        yield self.finding(
            ctx,
            f"{cell.address} 全年执行数 {format_number(a.executed)} 超过{a.budget_label} {format_number(a.budget)}"
            f"（执行率 {_pct(a.rate)}），得分按 100% 封顶；请核实执行数或调整预算的依据",
            cell=cell.address,
            entered=cell.raw,
            rate=scoring.round_half_up(a.rate, 4),
        )


class FundsSourcesSum(TableRule):
    """资金来源之和与年度资金总额不符

    检查：在年初预算数、全年预算数、全年执行数各列中，当年财政拨款 + 上年结转资金 +
    其他资金 是否等于年度资金总额（空白或「—」按 0 计；某列的来源全部空白时不检查该列）。
    原因：资金总额与其来源对不上，说明至少有一个金额填错。
    示例：年度资金总额 24，当年财政拨款 10、其他资金 13 → 合计 23，与 24 不符（报告的填报值
    为来源合计 23，应为值为年度资金总额 24）。
    修正：不修改：无法判断是哪一个数填错，请核实后更正。
    """

    code = "F005"
    name = "funds-sources-sum"
    severity = Severity.ERROR
    precedence = PRECEDENCE["consistency"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        f = table.funds
        if f is None or f.total is None or not f.sources:
            return
        by_kind: dict[str, FundsRow] = {}
        for src in f.sources:
            by_kind.setdefault(src.kind, src)  # the first row of a kind, as Funds.source gives
        sources = [(kind, by_kind[kind]) for kind in FUNDS_SOURCE_KINDS if kind in by_kind]
        for col in ("initial_budget", "annual_budget", "executed"):
            total_cell = getattr(f.total, col)
            total = amount(total_cell, f.unit)
            if total is None:
                continue
            parts = []
            numbers = unsure = False
            for kind, src in sources:
                c = getattr(src, col)
                n = amount(c, f.unit)
                parts.append((kind, c, n))
                if n is not None:
                    numbers = True
                elif not is_blank(c):
                    unsure = True  # a source that is not an amount: nothing sure to say
            if not numbers or unsure:
                continue
            s = sum([n or 0.0 for _, _, n in parts])
            if scoring.close(s, total, ctx.profile) or abs(s - total) < 1e-6:
                continue
            terms = " + ".join(f"{SOURCE_NAMES[k]} {format_number(n or 0)}" for k, _, n in parts)
            yield self.finding(
                ctx,
                f"{total_cell.address} 「{COLUMN_NAMES[col]}」列：{terms} = {format_number(s)}，"
                f"与年度资金总额 {format_number(total)} 不符；请核实哪一个金额填错",
                cell=total_cell.address,
                entered=scoring.round_half_up(s, 6),
                expected=total,
                column=COLUMN_NAMES[col],
            )


class FundsAmountMissing(TableRule):
    """预算数或执行数未填

    检查：年度资金总额行是否填了预算数（全年预算数，或没有该列时的年初预算数）和全年
    执行数，且预算数大于 0。
    原因：缺少金额就无法计算执行率和资金得分；重算总分时资金得分按填报值（限 0 到分值之间）计。
    示例：全年执行数一栏空白 → 报告此项，资金得分无法核对。
    修正：不修改，请补填金额。
    """

    code = "F006"
    name = "funds-amount-missing"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        if a.problem not in ("missing_budget", "missing_executed", "zero_budget"):
            return
        row = a.row
        budget_role = "annual_budget" if a.budget_label == "全年预算数" else "initial_budget"
        if a.problem == "missing_budget":
            cell, addr = a.budget_cell, funds_address(table, budget_role)
            what = f"{a.budget_label}未填"
        elif a.problem == "missing_executed":
            cell, addr = row.executed, funds_address(table, "executed")
            what = "全年执行数未填"
        else:
            cell, addr = a.budget_cell, funds_address(table, budget_role)
            what = f"{a.budget_label}为 0"
        yield self.finding(
            ctx,
            f"{addr or f'第 {row.row} 行'} 年度资金总额的{what}，无法计算执行率和资金得分"
            f"（重算总分时按填报得分 {format_number(a.counted)} 计）",
            cell=addr,
            entered=cell.raw if cell is not None else None,
        )


class FundsScoreEmpty(TableRule):
    """资金得分未填

    检查：年度资金总额行能算出得分（预算数、执行数都已填）时，「得分」单元格是否空白。
    资金分值为 0（宁夏）或整张表未填写（C006）时不报告。
    原因：资金得分是总分的一部分，空着会让总分无从核对。
    示例：全年预算数 15、全年执行数 15、分值 10，得分空白 → 应为 10。
    修正：写入重算的得分（找不到得分单元格时只报告）。
    """

    code = "F007"
    name = "funds-score-empty"
    severity = Severity.ERROR
    precedence = PRECEDENCE["empty"]

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        if not a.known or a.score_state != "empty" or ctx.assessment.unfilled or a.weight == 0:
            return
        addr = a.score_address
        where = addr or f"第 {a.row.row} 行"
        yield self.finding(
            ctx,
            f"{where} 资金得分未填，应为 {format_number(a.expected)}：{funds_reason(a)}",
            cell=addr,
            expected=a.expected,
            fix=Fix(addr, a.expected) if addr else None,
        )


class FundsBlockMissing(TableRule):
    """未找到项目资金或年度资金总额

    检查：自评表中是否有「项目资金（万元）」部分及其「年度资金总额」行。
    原因：没有资金数据就无法计算执行率和资金得分，也无法重算总分；此时不核对总分。
    示例：表中缺少项目资金部分，或该部分的行标签写法无法识别。
    修正：不修改，请按国家模板补全项目资金部分。
    """

    code = "F008"
    name = "funds-block-missing"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: Context) -> Iterator[Finding]:
        a = ctx.assessment.funds
        if a.problem == "no_block":
            yield self.finding(ctx, "未找到「项目资金（万元）」部分，无法计算资金得分，也不核对总分",
                               cell=f"A{table.first_row}")
        elif a.problem == "no_total_row":
            yield self.finding(
                ctx,
                f"项目资金部分（第 {table.funds.header_row} 行起）没有「年度资金总额」行，无法计算资金得分，也不核对总分",
                cell=f"A{table.funds.header_row}",
            )

