"""The inbox: which files of the given paths are workbooks to audit.

    discover(paths) -> list[Entry]

A file named on the command line is always audited (the reader looks at its bytes, not its
name). A folder is walked recursively, in sorted order; in it, workbooks (.xlsx, .xlsm,
.xls) and Word documents (.docx; a legacy .doc too, to be told to save it as .docx) are
audited, lock files (~$*, .~lock.*#) and other files are listed as skipped with
a Chinese reason, and hidden files and folders (.git, .DS_Store …) are passed over
silently. Each entry keeps its path relative to the folder it was found under.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Iterable

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".docx", ".doc")  # .doc: read to say it must be saved as .docx

OTHER_REASONS = {
    ".et": "WPS 表格格式（.et），请在 WPS 中另存为 .xlsx 后提交",
    ".ett": "WPS 表格模板（.ett），不是填报的自评表",
    ".ods": "OpenDocument 表格（.ods），请另存为 .xlsx 后提交",
    ".numbers": "Numbers 表格（.numbers），请导出为 .xlsx 后提交",
    ".csv": "CSV 文本文件，不是 Excel 工作簿",
    ".xltx": "Excel 模板（.xltx），不是填报的自评表",
    ".xlt": "Excel 模板（.xlt），不是填报的自评表",
    ".xlsb": "Excel 二进制工作簿（.xlsb）暂不支持，请另存为 .xlsx 后提交",
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
    unreadable: bool = False  # a folder or file that could not be opened (listed, counted as unreadable)

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


UNREADABLE_FOLDER = "无法打开此文件夹（没有读取权限），其中的文件均未审核，请检查文件夹权限后重新运行"


def _outside(path: Path, root: Path) -> str | None:
    """A link in a folder that leads out of it is not followed; a link to itself (or a
    loop of links) cannot be opened."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            return "这是一个链接，它指向的文件不存在，已跳过"
        return "这是一个循环的链接（指向自身或互相指向），无法打开，已跳过"
    if target == root or root in target.parents:
        return None
    return "这是指向文件夹之外的链接，出于安全考虑未跟随，已跳过"


def _not_regular(path: Path, entry: os.DirEntry | None = None) -> str | None:
    """Only regular files are opened: reading a FIFO or a device would block or never end.
    ``entry``: the listing's entry of a file that is not a link (its type is known)."""
    try:
        regular = entry.is_file(follow_symlinks=False) if entry is not None else stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return "无法读取此文件（没有读取权限或已被移走），已跳过"
    if regular:
        return None
    return "这不是普通文件（命名管道、设备或套接字等），已跳过"


def display_rel(rel: str) -> str:
    """A path that can be shown and written to a workbook: bytes of a name that are not
    UTF-8 are read as GB18030 (names from a Chinese Windows zip), else replaced by �."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        raw = os.fsencode(rel)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def _walk(root: Path) -> tuple[list[tuple[os.DirEntry, str]], list[Path]]:
    """Files under root (hidden ones left out), each with its path relative to root as the
    file system spells it, and the folders that could not be opened. As os.walk walks
    (links to folders are not followed), but keeping each file's DirEntry: its type comes
    with the listing, no stat per file."""
    out: list[tuple[os.DirEntry, str]] = []
    closed: list[Path] = []

    todo = [(str(root), "")]  # a stack, not recursion: an inbox nested thousands deep still lists
    while todo:
        folder, rel = todo.pop()
        try:
            with os.scandir(folder) as listing:
                found = list(listing)
        except OSError as err:
            closed.append(Path(os.fsdecode(err.filename)) if err.filename is not None else Path(folder))
            continue
        if rel and not os.access(folder, os.X_OK):
            closed.append(Path(folder))  # r without x: names are listed but no file opens
            continue
        folders = []
        for entry in found:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not is_hidden(entry.name):
                    folders.append(entry)
            elif not is_hidden(entry.name) or is_lock_file(entry.name):
                out.append((entry, rel + entry.name))
        # in any order: _folder_entries sorts what the walk found by its relative path
        todo.extend((entry.path, rel + entry.name + "/") for entry in folders if not entry.is_symlink())
    return out, closed


def _folder_entries(path: Path) -> list[tuple[Entry, Path | None]]:
    """The folder's entries, each with its resolved path when the walk knows it (a plain
    file below the resolved folder; None for a link, which is resolved on its own)."""
    files, closed = _walk(path)
    root = path.resolve()
    found = []
    for entry, raw in files:
        f = Path(entry.path)
        link = entry.is_symlink()
        reason = (_outside(f, root) if link else None) or skip_reason(f) or _not_regular(f, None if link else entry)
        found.append((Entry(f, display_rel(raw), path, reason, unreadable=reason is not None and reason.startswith("无法读取")),
                      None if link else root / raw))
    for d in closed:
        found.append((Entry(d, display_rel(d.relative_to(path).as_posix()) + "/", path, UNREADABLE_FOLDER, unreadable=True),
                      None))
    found.sort(key=lambda e: e[0].rel)
    return found


def _unique(rel: str, used: set[str]) -> str:
    """Two names shown alike (their undecodable bytes replaced) stay two entries."""
    if rel not in used:
        return rel
    p = PurePosixPath(rel)
    return next(str(p.with_name(f"{p.stem}（{i}）{p.suffix}")) for i in range(2, 1 << 30)
                if str(p.with_name(f"{p.stem}（{i}）{p.suffix}")) not in used)


def discover(paths: Iterable[str | os.PathLike]) -> list[Entry]:
    """Every file under ``paths`` (files and folders, recursively), in argument order,
    each folder's files sorted by relative path; a file reached twice is listed once.
    A path that does not exist raises FileNotFoundError (a usage error for the CLI)."""
    entries: list[Entry] = []
    seen: set[Path] = set()
    used: set[str] = set()
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise FileNotFoundError(str(path))
        if path.is_dir():
            found = _folder_entries(path)
        else:
            found = [(Entry(path, display_rel(path.name), path.parent, _not_regular(path)), None)]
        for e, key in found:
            try:
                key = key or e.path.resolve()
            except (RuntimeError, OSError):  # a link loop: listed under its own name
                key = e.path.absolute()
            if key in seen:
                continue
            seen.add(key)
            rel = _unique(e.rel, used)
            used.add(rel)
            entries.append(e if rel == e.rel else replace(e, rel=rel))
    return entries
