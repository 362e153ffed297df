"""N: what the reader noticed about the workbook itself (Workbook.notes)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..model import Workbook
from .base import Context, WorkbookRule

# N002 (table-not-audited) is retired: department-wide tables are audited by the D rules.
HANDLED = ("format_mismatch",)


class FormatMismatch(WorkbookRule):
    """文件扩展名与实际格式不符

    检查：文件的扩展名（.xls / .xlsx）与文件内容的实际格式是否一致。
    原因：改扩展名而不另存，有的软件会打不开；已按实际格式读取，结果不受影响。
    示例：扩展名为 .xls，内容却是 .xlsx → 提示。
    修正：不修改；更正后的工作簿一律保存为 .xlsx。
    """

    code = "N001"
    name = "format-mismatch"
    severity = Severity.NOTICE

    def check(self, workbook: Workbook, ctx: Context) -> Iterator[Finding]:
        for note in workbook.notes:
            if note.kind == "format_mismatch":
                yield self.finding(ctx, note.message, sheet=note.sheet, cell=note.cell)


class ReaderNote(WorkbookRule):
    """读取时的其他提示

    检查：读取工作簿时记录的其他情况（如某个工作表中的表格不完整）。
    原因：这些情况可能使部分内容未被审核。
    示例：工作表中的表格缺少绩效指标部分 → 提示。
    修正：不修改。
    """

    code = "N003"
    name = "reader-note"
    severity = Severity.NOTICE

    def check(self, workbook: Workbook, ctx: Context) -> Iterator[Finding]:
        for note in workbook.notes:
            if note.kind not in HANDLED:
                yield self.finding(ctx, note.message, sheet=note.sheet, cell=note.cell, kind=note.kind)
