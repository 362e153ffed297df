"""`evalxl inspect FILE…`: print what the reader found, per table, in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

HELP = """显示读取结果：每个文件中找到的自评表及其各项内容（项目信息、项目资金、绩效指标、总分），以及部门整体绩效自评表、评分表和基础数据表。

路径可以是文件或文件夹（递归查找其中的 .xlsx / .xlsm / .xls，与 check 相同；其他文件跳过）。

每张自评表还与源表对照：识别出的表样和表上写明的分值；表头每个单元格读作哪一栏（未采用的也列出）；每个指标行先列出该行单元格原文，再列出读作的年度指标值、实际完成值、分值、得分及其单元格，读错的一眼可见（--brief 不显示对照）。

退出码：0 每个文件都找到了自评表（项目或部门整体）；1 有文件未找到；2 用法错误（参数有误、路径不存在）；3 有文件无法读取。"""

SHORT = "显示每个文件读到的自评表及其内容"


def inspect(
    files: List[Path] = typer.Argument(..., help="要读取的工作簿文件或文件夹", show_default=False, metavar="路径"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出读取到的模型"),
    brief: bool = typer.Option(False, "--brief", help="只显示读取结果，不逐行对照源单元格"),
) -> None:
    from .. import console
    from ..jsonify import to_data
    import shutil

    from ..reader import UnreadableFile, read_grids, read_workbook
    from ..render import describe_workbook

    from ..inbox import discover

    try:
        entries = [e for e in discover(files) if not e.skipped]
    except FileNotFoundError as exc:  # the same answer as check and run: a usage error
        console.err(f"错误：路径不存在：{exc}")
        raise typer.Exit(2)
    results = []
    code = 0
    for entry in entries:
        path = entry.path
        try:
            wb = read_workbook(path)
        except UnreadableFile as exc:
            code = 3
            results.append({"file": str(path), "status": "unreadable", "message": exc.message})
            if not as_json:
                console.write(f"文件：{path}")
                console.write(f"  无法读取：{exc.message}")
                console.write()
            continue
        except Exception as exc:  # a reader bug must not end the run with a traceback
            code = 3
            msg = f"读取时发生内部错误（{type(exc).__name__}），请将此文件反馈给 evalxl 开发者"
            results.append({"file": str(path), "status": "unreadable", "message": msg})
            if not as_json:
                console.write(f"文件：{path}\n  无法读取：{msg}\n")
            continue
        found = bool(wb.tables or wb.department_tables)
        if not found:
            code = max(code, 1)
        if as_json:
            results.append({"file": str(path), "status": "ok" if found else "no_table", "workbook": to_data(wb)})
        else:
            grids = None if brief or not wb.tables else read_grids(path)
            width = max(60, shutil.get_terminal_size((100, 24)).columns)
            console.write(describe_workbook(wb, grids, width))
    if as_json:
        console.write_json(results)
    raise typer.Exit(code)
