"""The reader: a workbook file in, the typed model out.

    read_workbook(path) -> Workbook     raises UnreadableFile with a Chinese message

It looks at the bytes, not the name: an .xls that is really an .xlsx reads as .xlsx (with
a note), a password-protected file is named as such, anything else is refused clearly.
"""

from __future__ import annotations

from pathlib import Path

from ..model import ReadNote, Sheet, Workbook
from ..package import (CORRUPT_ERRORS, DEFAULT_LIMITS, Limits, UnreadableFile, XlsxPackage, classify_ole2, describe_other,
                       open_xls, probe_package, sniff, sniff_zip)
from .grid import MAX_ROWS, Grid, read_xls, read_xlsx, skip_xlrd_colour_check
from .department import DepartmentSheet

__all__ = ["read_workbook", "read_grids", "UnreadableFile"]

DOC_MESSAGE = "这是旧版 Word 文档（.doc），请另存为 .docx 后重新提交"
KIND_NAMES = {"department": "部门整体绩效自评表", "department_scoring": "部门整体支出绩效评价指标评分表"}


def read_workbook(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Workbook:
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        kind = sniff(path)
    except FileNotFoundError as exc:
        raise UnreadableFile("unreadable", "文件不存在") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile("unreadable", "这是一个文件夹，不是文件") from exc
    except PermissionError as exc:
        raise UnreadableFile("unreadable", "没有读取该文件的权限") from exc
    except OSError as exc:
        raise UnreadableFile("unreadable", f"无法打开文件（系统错误 {exc.errno}）") from exc
    if kind == "empty":
        raise UnreadableFile("empty", "文件为空（0 字节），请重新保存后提交")
    if kind == "zip":
        return _read_zip(path, suffix, limits)
    if kind == "ole2":
        ole = classify_ole2(path)
        if ole == "encrypted":
            raise UnreadableFile("encrypted", "文件已加密，请去除密码后重新提交")
        if ole == "doc":
            raise UnreadableFile("unsupported", DOC_MESSAGE)
        if ole != "xls":
            raise UnreadableFile("corrupt", "文件已损坏（无法识别的 Office 文件），请重新保存后提交")
        wb = Workbook(str(path), "xls")
        if suffix in (".xlsx", ".xlsm"):
            wb.notes.append(ReadNote("format_mismatch", f"文件扩展名为 {suffix}，但内容是旧版 .xls 格式，已按 .xls 读取"))
        _read_xls(path, wb)
        return wb
    if suffix in (".doc", ".docx"):
        raise UnreadableFile("not_workbook", DOC_MESSAGE if suffix == ".doc" else "文件不是有效的 Word 文档（.docx），请在 Word 中重新保存后提交")
    seems = describe_other(path)
    what = f"看起来是{seems}" if seems else "内容无法识别"
    raise UnreadableFile("not_workbook", f"文件不是 Excel 工作簿（{what}），请提交 .xlsx 或 .xls 格式的自评表")


def _read_zip(path: Path, suffix: str, limits: Limits) -> Workbook:
    zip_kind, probe = probe_package(path, limits)  # the zip opened once: its kind, then its sheets
    try:
        if zip_kind == "docx":
            wb = Workbook(str(path), "docx")
            if suffix in (".xlsx", ".xlsm", ".xls"):
                wb.notes.append(ReadNote("format_mismatch", f"文件扩展名为 {suffix}，但内容是 Word 文档（.docx），已按 Word 文档读取"))
            _read_docx(path, wb, limits)
            return wb
        wb = Workbook(str(path), "xlsm" if suffix == ".xlsm" else "xlsx")
        if suffix in (".xls", ".docx", ".doc"):
            wb.notes.append(ReadNote("format_mismatch", f"文件扩展名为 {suffix}，但内容是 .xlsx 格式，已按 .xlsx 读取"))
        _read_xlsx(path, wb, limits, probe)
        return wb
    finally:
        if probe is not None:
            probe.close()


def _add_sheet(wb: Workbook, name: str, state: str, grid: Grid, where: str | None = None) -> None:
    """``where``: how messages name the sheet (a Word table names itself: 「附件2 表格」)."""
    where = where or f"工作表「{name}」"
    sheet = Sheet(name, state)
    scan = DepartmentSheet(grid)  # one scan of the sheet serves every kind of table: its row caches are shared
    found = scan.tables()
    for i, table in enumerate(found):
        if table.kind == "project":
            wb.tables.append(table)
            sheet.tables += 1
            continue
        limit = found[i + 1].first_row - 1 if i + 1 < len(found) else grid.max_row
        dept = scan.read(table, limit)
        if dept is not None and dept.indicators:
            wb.department_tables.append(dept)
            sheet.department_tables += 1
        else:
            wb.notes.append(ReadNote(
                "partial_table",
                f"{where}第 {table.first_row} 行起是{KIND_NAMES.get(table.kind, '其他表格')}，但未能读出其中的指标行，未审核",
                sheet=name,
                cell=f"A{table.first_row}",
            ))
    if grid.truncated_at is not None:
        wb.notes.append(ReadNote(
            "sheet_too_long",
            f"工作表「{name}」有内容的行超过 {MAX_ROWS} 行，远超一张自评表的篇幅；"
            f"只读取了第 {grid.truncated_at} 行之前的内容，其后的内容未审核",
            sheet=name,
            cell=f"A{grid.truncated_at}",
        ))
    base = scan.base_data()
    if base is not None:
        wb.base_data.append(base)
    wb.sheets.append(sheet)


def _read_docx(path: Path, wb: Workbook, limits: Limits) -> None:
    """Every Word table as a sheet of its own (named as a Word user finds it), and the
    report's text with the numbers it states."""
    from lxml import etree

    from ..wordfile import open_document
    from .docx import title_from_lead, word_paragraphs, word_tables
    from .narrative import statements

    document = open_document(path, limits)
    try:
        tables = word_tables(document)
        wb.narrative = word_paragraphs(document)
    except etree.LxmlError as exc:
        raise UnreadableFile("corrupt", "Word 文档内部结构已损坏，请在 Word 中重新保存后提交") from exc
    for t in tables:
        found = len(wb.tables), len(wb.department_tables)
        _add_sheet(wb, t.name, "visible", t.grid, t.name)
        wb.sheets[-1].word_table = t.index
        wb.sheets[-1].word_cells = t.cells
        title, year = title_from_lead(t.lead)
        for table in [*wb.tables[found[0]:], *wb.department_tables[found[1]:]]:
            table.title = table.title or title
            table.year = table.year or year
    wb.statements = statements(wb.narrative)


def _read_xlsx(path: Path, wb: Workbook, limits: Limits, probe=None) -> None:
    """``probe``: the package probe_package opened, read on here (None: opened afresh)."""
    from lxml import etree

    try:
        with (probe.as_workbook() if probe is not None else XlsxPackage(path, limits)) as pkg:
            for ref, grid in read_xlsx(pkg):
                _add_sheet(wb, ref.name, ref.state, grid)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile("corrupt", "文件内部 XML 已损坏，请在 Excel 中重新保存后提交") from exc
    except CORRUPT_ERRORS as exc:  # a part that breaks while it streams
        raise UnreadableFile("corrupt", "文件已损坏（压缩数据校验失败），请在 Excel 中重新保存后提交") from exc


def _read_xls(path: Path, wb: Workbook) -> None:
    import xlrd

    skip_xlrd_colour_check()
    try:
        book = open_xls(path)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise UnreadableFile("encrypted", "文件已加密，请去除密码后重新提交") from exc
        raise UnreadableFile("corrupt", f"旧版 .xls 文件已损坏，无法读取（{exc}），请在 Excel 中另存为 .xlsx 后提交") from exc
    except Exception as exc:  # xlrd on a damaged file: CompDocError, struct.error, Overflow/Lookup/IndexError …
        raise UnreadableFile("corrupt", "旧版 .xls 文件已损坏，无法读取，请在 Excel 中另存为 .xlsx 后提交") from exc
    try:
        sheets = list(read_xls(book))
    except Exception as exc:  # a record xlrd read but cannot decode (a bad codepage: LookupError …)
        raise UnreadableFile("corrupt", "旧版 .xls 文件已损坏，部分内容无法解码，请在 Excel 中另存为 .xlsx 后提交") from exc
    finally:
        book.release_resources()
    for name, state, grid in sheets:
        _add_sheet(wb, name, state, grid)


def read_grids(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> dict[str, Grid]:
    """Every sheet's raw cells by sheet name, for showing a reading beside its source
    (`evalxl inspect`). Call after read_workbook has accepted the file."""
    path = Path(path)
    if sniff(path) == "zip" and sniff_zip(path, limits) == "docx":
        from ..wordfile import open_document
        from .docx import word_tables

        return {t.name: t.grid for t in word_tables(open_document(path, limits))}
    if sniff(path) == "zip":
        with XlsxPackage(path, limits) as pkg:
            return {ref.name: grid for ref, grid in read_xlsx(pkg)}
    skip_xlrd_colour_check()
    book = open_xls(path)
    try:
        return {name: grid for name, _, grid in read_xls(book)}
    finally:
        book.release_resources()
