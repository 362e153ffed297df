"""B: findings across a batch (one inbox): the same project sent twice, one 主管部门
spelled two ways, several years in one inbox. These rules read the per-file results
(FileResult / TableResult) of the whole batch, never a workbook; `check_batch` runs them
once every file is audited and files each finding under the table it is about.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator, Sequence

from ..findings import FileResult, Finding, Severity, TableResult
from .base import Context, Rule

# The administrative area a department's name opens with (明光市, 华容区, 衡山县 …): names
# that differ there are different departments, never one spelled two ways.
AREA = re.compile(r"^.*?(省|自治区|市|州|盟|县|区|旗)")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def same_department(a: str, b: str) -> bool:
    """Two spellings of one department: the same area, then names of equal length (at
    least 4 characters) that differ in one or two characters, fewer than a third of them
    (明光市医疗保障局 / 明光市医疗保险局). 医保局 / 区医保局 or 滁州市… / 明光市… are not."""
    a, b = _key(a), _key(b)
    if not a or not b or a == b:
        return False
    area_a, area_b = AREA.match(a), AREA.match(b)
    pa, pb = (area_a.group(0) if area_a else ""), (area_b.group(0) if area_b else "")
    if pa != pb:
        return False
    ra, rb = a[len(pa):], b[len(pb):]
    if len(ra) != len(rb) or len(ra) < 4:
        return False
    differ = sum(1 for x, y in zip(ra, rb) if x != y)
    return 1 <= differ <= 2 and differ * 3 < len(ra)


def department_spellings(names: Iterable[str]) -> dict[str, str]:
    """Each spelling -> the one its group is known by (the spelling most tables use;
    on a tie the first seen). Names with no near twin map to themselves."""
    counts = Counter(_key(n) for n in names if _key(n))
    order = list(counts)
    canon: dict[str, str] = {}
    for name in order:
        if name in canon:
            continue
        group = [n for n in order if n == name or (n not in canon and same_department(name, n))]
        best = max(group, key=lambda n: (counts[n], -order.index(n)))
        for n in group:
            canon[n] = best
    return canon


def _tables(files: Sequence[FileResult]) -> Iterator[tuple[FileResult, TableResult]]:
    for f in files:
        for t in f.tables:
            yield f, t


class BatchRule(Rule):
    scope = "batch"

    def check(self, files: Sequence[FileResult], ctx: Context) -> Iterable[tuple[FileResult, Finding]]:  # pragma: no cover
        raise NotImplementedError

    def about(self, ctx: Context, f: FileResult, t: TableResult, message: str, **extra) -> tuple[FileResult, Finding]:
        finding = self.finding(ctx, message, sheet=t.sheet, **extra)
        finding.file, finding.table, finding.table_index = f.file, t.name, t.index
        return f, finding


class DuplicateProject(BatchRule):
    """同一项目重复报送

    检查：同一批文件中，项目名称、实施单位和年度都相同的自评表是否出现不止一次。
    原因：修改后重新报送的表和原表都在收件文件夹里，汇总时会重复计算金额和得分。
    示例：「医保信息化建设」（区医保局，2021 年）在 a.xlsx 和 a（修改版）.xlsx 中各有一张 → 后一张报告为重复。
    修正：汇总表只计入先出现的一张（按文件的相对路径排序），其余标为「重复，未计入」；请删去不用的一份后重新运行。
    """

    code = "B001"
    name = "duplicate-project"
    severity = Severity.WARNING

    def check(self, files, ctx):
        first: dict[tuple, tuple[FileResult, TableResult]] = {}
        for f, t in _tables(files):
            if not t.name:
                continue
            key = (_key(t.name), _key(t.unit), t.year)
            if key not in first:
                first[key] = (f, t)
                continue
            of, ot = first[key]
            where = f"「{of.file}」工作表「{ot.sheet}」"
            yield self.about(ctx, f, t, f"项目「{t.name}」（{t.unit or '未填实施单位'}，{t.year or '未填年度'}年）与 {where} 重复报送，"
                             "汇总表只计入先出现的一张", duplicate_of=f"{of.file}#{ot.index}")


class DepartmentSpelledTwoWays(BatchRule):
    """主管部门名称写法不一

    检查：同一批文件中，是否有只差一两个字的主管部门名称（地区相同、其余等长）。
    原因：同一部门写成两种名称，汇总表会把它的项目分成两组，小计都不完整。
    示例：「明光市医疗保障局」和「明光市医疗保险局」→ 报告写法不一。
    修正：汇总表按多数表格使用的写法归为一组；请核实后统一各表的写法。
    """

    code = "B002"
    name = "department-spelled-two-ways"
    severity = Severity.WARNING

    def check(self, files, ctx):
        canon = department_spellings(t.department for _, t in _tables(files))
        for f, t in _tables(files):
            name = _key(t.department)
            if name and canon.get(name, name) != name:
                yield self.about(ctx, f, t, f"主管部门填为「{t.department}」，与其他表格的「{canon[name]}」只差一两个字，"
                                 f"汇总表按「{canon[name]}」归组，请核实", canonical=canon[name])


class SeveralYears(BatchRule):
    """同一批文件含多个年度

    检查：同一批文件中的项目支出绩效自评表是否属于不同年度。
    原因：一份汇总表应只汇总一个年度；混入别的年度，金额和得分都失真。
    示例：多数表格为 2021 年度，一张为 2020 年度 → 报告这一张。
    修正：不修改；请核实年度，把别的年度的文件移出收件文件夹。
    """

    code = "B003"
    name = "several-years"
    severity = Severity.WARNING

    def check(self, files, ctx):
        years = Counter(t.year for _, t in _tables(files) if t.year)
        if len(years) < 2:
            return
        main = max(years, key=lambda y: (years[y], y))
        for f, t in _tables(files):
            if t.year and t.year != main:
                yield self.about(ctx, f, t, f"本表为 {t.year} 年度，同一批的其他 {years[main]} 张表为 {main} 年度，"
                                 f"汇总表标题按 {main} 年度，请核实", main_year=main)


def check_batch(files: Sequence[FileResult], rules: Iterable[Rule], profile) -> None:
    """Run the batch rules; add each finding to its file and table (in place)."""
    ctx = Context(profile=profile)
    for rule in rules:
        if rule.scope != "batch":
            continue
        for f, finding in rule.check(files, ctx):
            f.findings.append(finding)
            for t in f.tables:
                if t.index == finding.table_index:
                    t.findings.append(finding)
    for f in files:
        f.findings.sort(key=lambda x: x.sort_key())
