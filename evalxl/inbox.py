"""The inbox: which files of the given paths are workbooks to audit.

    discover(paths) -> list[Entry]

A file named on the command line is always audited (the reader looks at its bytes, not its
name). A folder is walked recursively, in sorted order; in it, workbooks (.xlsx, .xlsm,
.xls) are audited, lock files (~$*, .~lock.*#) and other files are listed as skipped with
a Chinese reason, and hidden files and folders (.git, .DS_Store …) are passed over
silently. Each entry keeps its path relative to the folder it was found under.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")

OTHER_REASONS = {
    ".et": "WPS 表格格式（.et），请在 WPS 中另存为 .xlsx 后提交",
    ".ett": "WPS 表格模板（.ett），不是填报的自评表",
    ".ods": "OpenDocument 表格（.ods），请另存为 .xlsx 后提交",
    ".numbers": "Numbers 表格（.numbers），请导出为 .xlsx 后提交",
    ".csv": "CSV 文本文件，不是 Excel 工作簿",
    ".xltx": "Excel 模板（.xltx），不是填报的自评表",
    ".xlt": "Excel 模板（.xlt），不是填报的自评表",
    ".xlsb": "Excel 二进制工作簿（.xlsb）暂不支持，请另存为 .xlsx 后提交",
    ".doc": "Word 文档，不是 Excel 工作簿",
    ".docx": "Word 文档，不是 Excel 工作簿",
    ".wps": "WPS 文字文档，不是 Excel 工作簿",
    ".pdf": "PDF 文件，不是 Excel 工作簿",
    ".zip": "压缩包，请解压后再审核",
    ".rar": "压缩包，请解压后再审核",
    ".7z": "压缩包，请解压后再审核",
}


@dataclass(frozen=True)
class Entry:
    path: Path  # the file
    rel: str  # its path relative to the folder it was found under ("/"-separated)
    root: Path  # that folder (a named file's own folder)
    skip_reason: str | None = None  # Chinese: why it is not audited

    @property
    def skipped(self) -> bool:
        return self.skip_reason is not None


def is_lock_file(name: str) -> bool:
    """Excel/WPS owner files (~$报表.xlsx) and LibreOffice locks (.~lock.报表.xlsx#)."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def is_hidden(name: str) -> bool:
    return name.startswith(".")


def skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not audited, or None for a workbook."""
    name = path.name
    if name == "evalxl.toml":
        return "evalxl 的配置文件，不是自评表，已跳过"
    if is_lock_file(name):
        return "Excel / WPS / LibreOffice 打开文件时产生的临时锁定文件，已跳过"
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return None
    if suffix in OTHER_REASONS:
        return OTHER_REASONS[suffix] + "，已跳过"
    kind = f"扩展名为 {suffix}" if suffix else "没有扩展名"
    return f"不是 Excel 工作簿（{kind}），已跳过"


def _outside(path: Path, root: Path) -> str | None:
    """A link in a folder that leads out of it is not followed."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    if target == root or root in target.parents:
        return None
    return "这是指向文件夹之外的链接，出于安全考虑未跟随，已跳过"


def _walk(root: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_hidden(d))
        for name in filenames:
            if is_hidden(name) and not is_lock_file(name):
                continue
            out.append(Path(dirpath) / name)
    return out


def discover(paths: Iterable[str | os.PathLike]) -> list[Entry]:
    """Every file under ``paths`` (files and folders, recursively), in argument order,
    each folder's files sorted by relative path; a file reached twice is listed once.
    A path that does not exist raises FileNotFoundError (a usage error for the CLI)."""
    entries: list[Entry] = []
    seen: set[Path] = set()
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            found = []
            root = path.resolve()
            for f in _walk(path):
                rel = f.relative_to(path).as_posix()
                found.append(Entry(f, rel, path, _outside(f, root) or skip_reason(f)))
            found.sort(key=lambda e: e.rel)
        else:
            found = [Entry(path, path.name, path.parent, None)]
        for e in found:
            key = e.path.resolve()
            if key in seen:
                continue
            seen.add(key)
            entries.append(e)
    return entries
