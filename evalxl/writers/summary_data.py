"""What the 汇总 sheet shows, before any cell is written: one row per project table (its
department normalised, duplicates marked), and the subtotals and the total computed
with pandas, every figure defined:

- 全年预算数, 全年执行数: sums over the projects counted (a duplicate is not counted);
- 执行率: 全年执行数 of the row ÷ 全年预算数 of the row (the rate of the sums);
- 自评得分, 复核得分: averages over the projects that have both, the same projects in
  both columns (their number is in the row's label);
- 差异: 复核得分 − 自评得分 of the same row.

Reads only the report (FileResult / TableResult / the B findings), never the rules; and
keeps no finding: each file is reduced as it comes (SummaryData.add) to the rows the
sheets show, the 问题清单's rows waiting in temporary files, so that memory does not grow
with the findings of 10 000 workbooks.
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from ..findings import DepartmentResult, FileResult, Severity, TableResult, format_number
from .sheetkit import main_problems, shown_width

NO_DEPARTMENT = "（未填主管部门）"
DUPLICATE = "重复，未计入"


@dataclass
class ProjectRow:
    file: FileResult  # without its findings (stub)
    table: TableResult  # without its findings
    group: str  # the department as grouped (a spelling of B002 becomes the usual one)
    serial: int | None = None  # None: not counted (a duplicate)
    duplicate_of: str = ""  # "file#index" of the table counted in its place
    notes: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    waived: int = 0  # findings accepted by a waiver (已确认)
    problems: str = ""  # 主要问题

    @property
    def counted(self) -> bool:
        return not self.duplicate_of

    @property
    def diff(self) -> float | None:
        t = self.table
        if t.entered_total is None or t.recomputed_total is None:
            return None
        return round(t.recomputed_total - t.entered_total, 2)


@dataclass
class Aggregate:
    label: str
    projects: int
    scored: int  # projects with both scores: the averages are over these
    budget: float | None
    executed: float | None
    rate: float | None
    entered: float | None  # average
    recomputed: float | None  # average
    diff: float | None  # recomputed − entered of this row


def stub(f: FileResult) -> FileResult:
    """What a row shows of its file: the name, status, note, format and corrected copy."""
    return FileResult(f.file, f.status, f.message, f.format, corrected=f.corrected)


def table_rows(f: FileResult, file: FileResult | None = None) -> list[ProjectRow]:
    """One row per project table of ``f``, its findings reduced to counts and text."""
    file = file or stub(f)
    waived: dict[int | None, int] = {}
    for x in f.waived:
        waived[x.table_index] = waived.get(x.table_index, 0) + 1
    rows = []
    for t in f.tables:
        mine = [x for x in t.findings if x.table_index == t.index]
        canon = next((x.extra.get("canonical") for x in mine if x.code == "B002"), None)
        dup = next((x.extra.get("duplicate_of", "") for x in mine if x.code == "B001"), "")
        row = ProjectRow(file, dataclasses.replace(t, findings=[]), canon or t.department or NO_DEPARTMENT,
                         duplicate_of=dup, errors=t.count(Severity.ERROR), warnings=t.count(Severity.WARNING),
                         waived=waived.get(t.index, 0), problems=main_problems(t))
        if canon:
            row.notes.append(f"主管部门填为「{t.department}」，按「{canon}」归组")
        if dup:
            row.notes.append(f"与 {dup.rpartition('#')[0]} 重复，未计入")
        rows.append(row)
    return rows


def order_rows(rows: list[ProjectRow]) -> list[ProjectRow]:
    """Grouped by normalised department (groups in order of first appearance, report
    order within), serial numbers over the counted ones."""
    order: dict[str, int] = {}
    for r in rows:
        order.setdefault(r.group, len(order))
    rows.sort(key=lambda r: order[r.group])  # stable: report order within a group
    serial = 0
    for r in rows:
        if r.counted:
            serial += 1
            r.serial = serial
    return rows


def project_rows(files: Sequence[FileResult]) -> list[ProjectRow]:
    """Every project table in report order, grouped, numbered (order_rows)."""
    return order_rows([row for f in files for row in table_rows(f)])


@dataclass
class DepartmentRow:
    file: FileResult  # stub
    table: DepartmentResult  # without its findings
    errors: int
    warnings: int
    problems: str


@dataclass
class FileRow:
    file: FileResult  # stub
    tables: int  # project and department-wide tables
    errors: int
    warnings: int
    note: str


class RowSpool:
    """Rows written to a temporary file a file's worth at a time, read back in order; each
    row ends with the widths its values need (finding_row), and ``widths`` keeps the
    widest of each column so far."""

    def __init__(self, columns: int):
        self._fh = tempfile.TemporaryFile(prefix="evalxl-rows-")
        self.count = 0
        self.widths = [0] * columns

    def add(self, rows: list[tuple]) -> None:
        if rows:
            pickle.dump(rows, self._fh, pickle.HIGHEST_PROTOCOL)
            self.count += len(rows)
            self.widths = list(map(max, self.widths, *(row[-1] for row in rows)))

    def __iter__(self) -> Iterator[tuple]:
        self._fh.seek(0)
        while True:
            try:
                yield from pickle.load(self._fh)
            except EOFError:
                return

    def close(self) -> None:
        self._fh.close()


FINDING_FIELDS = 12  # the 问题清单's columns: 序号, the ten of a finding (finding_row), 状态


def finding_row(f) -> tuple:
    """A finding as the 问题清单 shows it (the serial and the state aside), then the widths
    its values need there, one a column (sheetkit.shown_width; 序号 and 状态 are the sheet's
    own): measured with the row, in a worker for most (run_outputs.rendered), so that the
    sheet's column widths are the widest of each column, not a pass over every value."""
    entered, expected = format_number(f.entered), format_number(f.expected)
    widths = (0, *map(shown_width, (f.file, f.sheet, f.cell, f.table, f.code, f.severity.label, entered, expected,
                                    "是" if f.fixed else "", f.message)), 0)
    return f.file, f.sheet, f.cell, f.table, f.code, f.severity, entered, expected, f.fixed, f.message, widths


class SummaryData:
    """Everything the 汇总表 shows, gathered file by file in report order (``add``)."""

    def __init__(self):
        self.projects: list[ProjectRow] = []
        self.departments: list[DepartmentRow] = []
        self.files: list[FileRow] = []
        self.findings, self.waived = RowSpool(FINDING_FIELDS), RowSpool(FINDING_FIELDS)
        self._ordered = False

    @classmethod
    def of(cls, files: Iterable[FileResult]) -> "SummaryData":
        data = cls()
        for f in files:
            data.add(f)
        return data

    def add(self, f: FileResult, made: list | None = None) -> None:
        """``made``: each finding's row as a worker made it (run_outputs.rendered), or None."""
        file = stub(f)
        self.projects += table_rows(f, file)
        self.departments += [DepartmentRow(file, dataclasses.replace(d, findings=[]), d.count(Severity.ERROR),
                                           d.count(Severity.WARNING), main_problems(d)) for d in f.departments]
        note = f.message
        if f.departments:
            dep = f"含部门整体表 {len(f.departments)} 张（见「部门整体」工作表）"
            note = f"{note}；{dep}" if note else dep
        self.files.append(FileRow(file, len(f.tables) + len(f.departments), f.count(Severity.ERROR),
                                  f.count(Severity.WARNING), note))
        self.findings.add([made[k][1] if made and made[k] else finding_row(x) for k, x in enumerate(f.findings)])
        self.waived.add([finding_row(x) for x in f.waived])

    def rows(self) -> list[ProjectRow]:
        if not self._ordered:
            order_rows(self.projects)
            self._ordered = True
        return self.projects

    def close(self) -> None:
        self.findings.close()
        self.waived.close()


def _frame(rows: Sequence[ProjectRow]):
    import pandas as pd

    return pd.DataFrame(
        [{"group": r.group, "budget": r.table.budget, "executed": r.table.executed,
          "entered": r.table.entered_total, "recomputed": r.table.recomputed_total} for r in rows if r.counted],
        columns=["group", "budget", "executed", "entered", "recomputed"], dtype=object,
    ).astype({"budget": float, "executed": float, "entered": float, "recomputed": float})


def _num(x) -> float | None:
    return None if x is None or x != x else round(float(x), 6)


def _aggregate(frame, word: str) -> Aggregate:
    """小计 (``word``) or 合计 over ``frame``'s projects, labelled (_label)."""
    scored = frame.dropna(subset=["entered", "recomputed"])
    budget = _num(frame["budget"].sum(min_count=1))
    executed = _num(frame["executed"].sum(min_count=1))
    # averages kept to the 2 decimals the sheet shows, so that 差异 is their difference as read
    entered = round(float(scored["entered"].mean()), 2) if len(scored) else None
    recomputed = round(float(scored["recomputed"].mean()), 2) if len(scored) else None
    return Aggregate(
        label=_label(word, len(frame), len(scored)), projects=len(frame), scored=len(scored), budget=budget,
        executed=executed,
        rate=(executed / budget) if budget and executed is not None else None,
        entered=entered, recomputed=recomputed,
        diff=round(recomputed - entered, 2) if entered is not None and recomputed is not None else None,
    )


def _label(word: str, projects: int, scored: int) -> str:
    """小计（2 项，得分取平均）; where a project lacks a score the averages are over fewer:
    小计（3 项，得分取 2 项平均）."""
    if scored == 0:  # no project has both scores: no average is defined, the cells stay blank
        return f"{word}（{projects} 项，得分不全，不计平均）"
    avg = "得分取平均" if scored == projects else f"得分取 {scored} 项平均"
    return f"{word}（{projects} 项，{avg}）"


def aggregates(rows: Sequence[ProjectRow]) -> tuple[dict[str, Aggregate], Aggregate]:
    """Subtotal per group (pandas groupby, groups in order of first appearance) and the
    grand total, over the counted projects."""
    frame = _frame(rows)
    groups: dict[str, Aggregate] = {}
    for name, part in frame.groupby("group", sort=False):
        groups[name] = _aggregate(part, "小计")
    return groups, _aggregate(frame, "合计")

