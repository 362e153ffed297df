"""R: a 自评报告's text against its tables (SPEC §3.12).

The reader gives the numbers the report states (Workbook.statements: 自评得分, 全年预算数,
执行数, 完成预算的 x%, each with its project and sentence). Each stated project is tied to
one table:

- by name: the same name once quotes, spaces and a generic ending (项目, 经费, 费用, 资金,
  支出, 费) are set aside (「行政运行费」 and 「行政运行经费」), or one name holding the other
  when both are long enough to mean something;
- by order, within one document only: when the report reports on exactly as many
  projects as the document holds tables, the n-th project's stated 预算数 and 执行数 all
  equal the n-th table's, and every tie by name agrees with that order. Then the amounts
  are what ties them (they cannot differ), and the score and rate are compared.

A sentence that names no project (in quotes, by its paragraph or its heading) is tied
only when exactly one table's name stands in its words. A project tied to no table of
its document may be tied, by name, to a table of another file of the same unit in the
inbox (``check_across``, run by the batch once every file is read). A stated number that
differs from its table's is a finding quoting the sentence with both numbers (R001); a
project tied to nothing is left alone. In a 部门整体 report, a score naming no project is
compared with the document's one scored department-wide table (R002).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from ..findings import FileResult, Finding, Severity, TableResult, format_number
from ..model import Statement, Workbook
from .base import Context, WorkbookRule

ENDINGS = ("项目", "经费", "费用", "资金", "支出", "专项", "费")
KIND_WORDS = {"score": "自评得分", "budget": "全年预算数", "executed": "执行数", "rate": "完成预算的"}


@dataclass
class Subject:
    """What a statement is compared with: one project table, read and recomputed."""

    name: str
    where: str  # how a finding names it: 表格3“医保信息化建设”
    budget: float | None
    executed: float | None
    rate: float | None  # a fraction
    entered: float | None  # 总分 as entered
    recomputed: float | None
    index: int | None = None  # the table's position in the statement's own file
    units: tuple[str, ...] = ()  # 主管部门, 实施单位


def subject_of(t: TableResult, where: str, index: int | None = None) -> Subject:
    return Subject(t.name, where, t.budget, t.executed, t.rate, t.entered_total, t.recomputed_total, index,
                   tuple(u for u in (t.department, t.unit) if u))


def key(name: str) -> str:
    """A project name without what does not tell projects apart."""
    t = unicodedata.normalize("NFKC", name)
    t = re.sub(r"[\s“”\"'‘’「」《》()（）【】\[\]:：,，.。、]", "", t)
    changed = True
    while changed and len(t) > 2:
        changed = False
        for end in ENDINGS:
            if t.endswith(end) and len(t) - len(end) >= 2:
                t, changed = t[: -len(end)], True
    return t


def same_name(a: str, b: str) -> bool:
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 4 and short in long_ and len(short) >= 0.6 * len(long_)


def projects(statements: Sequence[Statement]) -> list[str]:
    """The projects the report names, in its order."""
    named = {s.project: s.order for s in statements if s.project and s.order >= 0}
    return [p for p, _ in sorted(named.items(), key=lambda x: x[1])]


def _plain(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def resolve(statements: Sequence[Statement], subjects: Sequence[Subject]) -> list[Statement]:
    """Statements that name no project in quotes take the one table whose name stands in
    their sentence (「医保信息化建设项目自评得分为 99.6 分」); the others stay as they are."""
    out = []
    for st in statements:
        if not st.project:
            text = _plain(st.sentence)
            hits = [s for s in subjects if s.name and (_plain(s.name) in text or (len(key(s.name)) >= 4 and key(s.name) in text))]
            if len(hits) == 1:
                st = dataclasses.replace(st, project=hits[0].name)
        out.append(st)
    return out


def _amounts_agree(statements: Iterable[Statement], s: Subject) -> bool:
    seen = False
    for st in statements:
        if st.kind in ("budget", "executed"):
            seen = True
            if not _same_amount(st.number, getattr(s, st.kind)):
                return False
    return seen


def tie(statements: Sequence[Statement], subjects: Sequence[Subject], by_order: bool = True) -> dict[str, tuple[Subject, str]]:
    """project -> (subject, "name" | "order")."""
    names = projects(statements)
    ties: dict[str, tuple[Subject, str]] = {}
    for p in dict.fromkeys(s.project for s in statements if s.project):
        hits = [s for s in subjects if same_name(p, s.name)]
        if len(hits) == 1:
            ties[p] = (hits[0], "name")
    if by_order and len(names) == len(subjects) >= 2:
        ordered = {}
        for p, s in zip(names, subjects):
            if p in ties:
                if ties[p][0] is not s:
                    return ties
                continue
            if not _amounts_agree((st for st in statements if st.project == p), s):
                return ties
            ordered[p] = (s, "order")
        ties.update(ordered)
    return ties


def _same_amount(stated: float, table: float | None) -> bool:
    """Equal in 万元; a table kept in 元 (a form's amounts in 元) matches too."""
    if table is None:
        return False
    return abs(stated - table) < 0.005 or abs(stated * 10000 - table) < 0.5


def _same_score(st: Statement, table: float) -> bool:
    """The stated score is the table's as far as the report writes it: 99.3 for 99.33 (one
    decimal written: the table's rounded to one, as SPEC §3.9 accepts); 99 only for 99."""
    from ..scoring import round_half_up

    written = st.as_written.replace("点", ".")
    decimals = len(re.split(r"[.]", written, maxsplit=1)[1].rstrip("分 ")) if "." in written else 0
    return abs(st.number - table) < 0.005 or (decimals == 1 and round_half_up(table, 1) == st.number)


def differences(statements: Iterable[Statement], s: Subject, how: str) -> Iterator[tuple[Statement, str, float | None]]:
    """(statement, message, the table's number) for every stated number that differs."""
    how_note = "（报告中的项目名称与表格不同，按报告中项目的顺序和金额对应）" if how == "order" else ""
    for st in statements:
        head = f"报告中“{st.project}”{KIND_WORDS[st.kind]}"
        if st.kind == "score":
            table = s.entered if s.entered is not None else s.recomputed
            if table is None:
                continue
            again = f"（重算 {format_number(s.recomputed)} 分）" if s.recomputed is not None else ""
            if _same_score(st, table):
                # the report repeats the table's total; when that total is wrong, the report
                # is too (and stays wrong once the corrected copy puts the right total in)
                if s.recomputed is None or _same_score(st, s.recomputed):
                    continue
                text = (f"{head}为 {format_number(st.number)} 分，与自评表{s.where}填报的总分相同，"
                        f"但重算为 {format_number(s.recomputed)} 分，报告应随表格一并更正")
            else:
                filled = f"填报 {format_number(s.entered)} 分" if s.entered is not None else "未填总分"
                text = f"{head}为 {format_number(st.number)} 分，自评表{s.where}{filled}{again}"
        elif st.kind in ("budget", "executed"):
            if how == "order":
                continue  # the amounts are what tied them
            table = getattr(s, st.kind)
            if table is None or _same_amount(st.number, table):
                continue
            label = "全年预算数" if st.kind == "budget" else "全年执行数"
            text = f"{head}为 {format_number(st.number)} 万元，自评表{s.where}{label}为 {format_number(table)} 万元"
        else:
            if s.rate is None:
                continue
            table = round(s.rate * 100, 2)
            decimals = len(st.as_written.split(".")[1].rstrip("%")) if "." in st.as_written else 0
            if abs(round(s.rate * 100, decimals) - st.number) < 1e-9 or abs(table - st.number) < 0.005:
                continue
            text = f"{head} {format_number(st.number)}%，自评表{s.where}执行率为 {format_number(table)}%"
        yield st, f"{text}{how_note}。原文：「{st.sentence}」", table


class NarrativeDiffers(WorkbookRule):
    """报告正文与自评表不一致

    检查：自评报告正文中写明的项目自评得分、全年预算数、执行数、完成预算的百分比，是否与该项目自评表中的数字一致。
    报告中的项目按名称对应到同一文档中的自评表（名称相同，或只差「项目」「经费」等字样）；名称不同时，若报告所述项目
    与文档中的表格数目相同、顺序一一对应且每项的预算数和执行数都相符，则按顺序对应。同一文档中找不到表格的项目，
    再到收件文件夹中同一单位的其他工作簿里按名称查找。
    原因：报告与表格是一并报送的同一份自评，数字不一致说明其中一处填错，财政复核时会被退回。
    示例：报告写「项目绩效自评得分为 99.3 分」，自评表单位自评总分为 99.6 → 错误，两个数字都列出。
    修正：不修改（无法确定哪一处错），请核对后统一。
    """

    code = "R001"
    name = "narrative-differs-from-table"
    severity = Severity.ERROR

    def check(self, workbook: Workbook, ctx: Context) -> Iterator[Finding]:
        if not workbook.statements or not workbook.tables:
            return
        from .engine import table_result
        from .assessment import assess

        subjects = []
        for i, table in enumerate(workbook.tables):
            result = table_result(table, i, assess(table, ctx.profile), [])
            subjects.append(subject_of(result, f"（{table.sheet}“{table.name}”）", i))
        stated = resolve(workbook.statements, subjects)
        for project, (s, how) in tie(stated, subjects).items():
            mine = [st for st in stated if st.project == project]
            for st, message, table in differences(mine, s, how):
                yield self.narrative_finding(ctx, st, message, table, s.name, s.index, how)

    def narrative_finding(self, ctx: Context, st: Statement, message: str, table: float | None, name: str,
                          index: int | None, how: str) -> Finding:
        f = self.finding(ctx, message, sheet="正文", cell=f"第{st.paragraph}段", entered=st.number, expected=None,
                         kind=st.kind, tied_by=how, table_value=table, sentence=st.sentence, project=st.project)
        f.table, f.table_index = name, index
        f.place = {"paragraph": st.paragraph}
        return f


class DepartmentNarrativeDiffers(WorkbookRule):
    """部门整体自评报告的得分与评分表不一致

    检查：部门整体支出绩效自评报告正文写明的自评得分（「我单位2020年度评价得分为99分」），是否与同一文档中
    部门整体评分表的得分一致。只在正文是部门整体报告（前几段写明「部门整体」）、文档中恰有一张有分值和得分的
    部门整体表且没有项目自评表时核对；句中未点名项目的得分即指部门整体。
    原因：报告与评分表是一并报送的同一份自评，报告写的得分应是评分表的合计。
    示例：报告写 99 分，评分表各行填报得分合计 86 分（重算 73 分）→ 错误，数字都列出。
    修正：不修改，请核对后统一。
    """

    code = "R002"
    name = "department-narrative-differs"
    severity = Severity.ERROR

    def check(self, workbook: Workbook, ctx: Context) -> Iterator[Finding]:
        scored = [t for t in workbook.department_tables if t.has_scores]
        lead = "".join(workbook.narrative[:5])
        if workbook.tables or len(scored) != 1 or "部门整体" not in lead:
            return
        from .department_assessment import assess_department

        table = scored[0]
        total = assess_department(table, workbook.base_data, ctx.profile).total
        filled = total.entered
        word = "合计填报" if total.entered_from == "total_row" else "各行填报得分合计"
        for st in workbook.statements:
            if st.project or st.kind != "score" or filled is None or _same_score(st, filled):
                continue
            again = f"（重算 {format_number(total.recomputed)} 分）" if total.recomputed is not None else ""
            message = (f"报告中部门整体自评得分为 {format_number(st.number)} 分，{table.kind_name}（{table.sheet}）"
                       f"{word} {format_number(filled)} 分{again}。原文：「{st.sentence}」")
            f = self.finding(ctx, message, sheet="正文", cell=f"第{st.paragraph}段", entered=st.number,
                             table_value=filled, sentence=st.sentence)
            f.place = {"paragraph": st.paragraph}
            f.department = workbook.department_tables.index(table)
            f.table = f"{table.kind_name}（{table.name}）" if table.name else table.kind_name
            yield f


def untied(statements: Sequence[Statement], results: Sequence[TableResult]) -> list[Statement]:
    """The statements of projects that no table of their own document answers (by name
    or by order, as the rule ties them): the batch looks for them in other files."""
    if not statements:
        return []
    subjects = [subject_of(t, "", t.index) for t in results]
    stated = resolve(statements, subjects)
    tied = set(tie(stated, subjects))
    return [orig for orig, st in zip(statements, stated) if not st.project or st.project not in tied]


def check_across(files: Sequence[FileResult], selected: bool = True) -> list[FileResult]:
    """Tie the statements no table of their own document answered to the project tables
    of the other files of the same unit (by name), and add the R001 findings to the
    statement's file. A project that several tables could answer is left alone. Returns the
    files that got findings."""
    if not selected:
        return []
    rule = NarrativeDiffers()
    changed = []
    for f in files:
        if not f.statements:
            continue
        units = {u for t in f.tables for u in (t.department, t.unit) if u}
        subjects = []
        for other in files:
            if other is f or other.status != "ok":
                continue
            for t in other.tables:
                sheet = t.sheet if other.format == "docx" else f"工作表「{t.sheet}」"
                s = subject_of(t, f"（{other.file} {sheet}“{t.name}”）")
                # the same unit: named by the report's own tables, or in its text (a name
                # long enough not to be any bureau's: 「医保局」 alone says nothing)
                if any(u in units or (len(u) >= 4 and u in f.narrative) for u in s.units):
                    subjects.append(s)
        added = []
        stated = resolve(f.statements, subjects)
        for project, (s, how) in tie(stated, subjects, by_order=False).items():
            mine = [st for st in stated if st.project == project]
            for st, message, table in differences(mine, s, how):
                x = rule.narrative_finding(Context(profile=None), st, message, table, s.name, None, how)
                x.file = f.file
                added.append(x)
        if added:
            f.findings.extend(added)
            changed.append(f)
    return changed
