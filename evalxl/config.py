"""evalxl.toml: the settings of one inbox, found the way linters find theirs.

    profile = "省规则.toml"        # a profile file, relative to evalxl.toml, or a shipped one: "四川"
    select = ["F", "I"]            # rules to run (codes or prefixes)
    ignore = ["C003"]              # rules to leave out
    [waivers]                      # findings an officer checked and accepts (已确认)
    "医保中心_项目自评表（2021年）.xlsx" = ["I001@H15", "C001"]
    "区县/*.xlsx" = ["N001"]

Search order (the first found is used, never merged): ``--config FILE``; then the INBOX
(for `check`, the folder of the first PATH) and each folder above it, nearest first; then
the current folder. Command-line options win over the file: ``--profile`` replaces its
profile, ``--select`` its select, ``--ignore`` adds to its ignore.

A waiver key is a file's path relative to the inbox, its name alone, or a glob (``*``,
``?``); each entry is a rule code or prefix, optionally ``@CELL`` or ``@工作表!CELL``.
A waived finding is moved to ``FileResult.waived``: not counted, not corrected, listed
as 已确认.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Iterable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "evalxl.toml"
KEYS = {"profile", "select", "ignore", "waivers"}


class ConfigError(Exception):
    """A bad evalxl.toml; the message is Chinese and names the file and key."""


@dataclass(frozen=True)
class Waiver:
    code: str  # a rule code or prefix: "I001", "C"
    cell: str | None = None  # "H15"
    sheet: str | None = None

    def matches(self, f) -> bool:
        return (f.code.startswith(self.code) and (self.cell is None or (f.cell or "").upper() == self.cell)
                and (self.sheet is None or f.sheet == self.sheet))

    @classmethod
    def parse(cls, text: str) -> "Waiver":
        code, _, where = text.strip().partition("@")
        sheet, _, cell = where.rpartition("!")
        return cls(code.strip().upper(), cell.strip().upper() or None, sheet.strip().strip("'") or None)


@dataclass(frozen=True)
class Waivers:
    by_file: tuple[tuple[str, tuple[Waiver, ...]], ...] = ()

    def for_file(self, rel: str) -> tuple[Waiver, ...]:
        name = PurePosixPath(rel).name
        out: list[Waiver] = []
        for pattern, items in self.by_file:
            if rel == pattern or name == pattern or fnmatchcase(rel, pattern) or ("/" not in pattern and fnmatchcase(name, pattern)):
                out.extend(items)
        return tuple(out)

    def apply(self, result) -> None:
        """Move the findings of ``result`` (a FileResult) that a waiver covers to
        ``result.waived``, out of the file's, its tables' and departments' lists."""
        items = self.for_file(result.file)
        if not items:
            return
        waived = [f for f in result.findings if any(w.matches(f) for w in items)]
        if not waived:
            return
        ids = {id(f) for f in waived}
        result.findings = [f for f in result.findings if id(f) not in ids]
        for part in (*result.tables, *result.departments):
            part.findings = [f for f in part.findings if id(f) not in ids]
        result.waived.extend(waived)


@dataclass
class Config:
    path: Path | None = None
    profile: Path | str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    waivers: Waivers = field(default_factory=Waivers)


def find_config(start: Path | None, cwd: Path | None = None) -> Path | None:
    """The evalxl.toml nearest to ``start`` (a folder, or a file's folder), else the one
    in the current folder; None when there is none."""
    places: list[Path] = []
    if start is not None:
        start = start.resolve()
        folder = start if start.is_dir() else start.parent
        places += [folder, *folder.parents]
    places.append((cwd or Path.cwd()).resolve())
    for place in places:
        candidate = place / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def split_codes(values: Iterable[str] | None) -> list[str]:
    """["F,I001", "T"] -> ["F", "I001", "T"]: --select / --ignore and the config's lists."""
    out: list[str] = []
    for v in values or ():
        out.extend(p.strip() for p in re.split(r"[,，\s]+", v) if p.strip())
    return out


def _codes(value, where: str, known) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} 应为规则代码的列表，如 [\"F\", \"I001\"]")
    codes = split_codes(value)
    for code in codes:
        if not known(code.partition("@")[0].strip()):
            raise ConfigError(f"{where} 中的「{code}」不是已知的规则代码或前缀（用 evalxl rules 查看全部规则）")
    return codes


def load_config(path: Path) -> Config:
    from .rules import all_rules, retired

    def known(token: str) -> bool:
        token = token.upper()
        return bool(token) and (any(r.code.startswith(token) for r in all_rules()) or retired(token) is not None)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {path}：{exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 格式有误（应为 TOML）：{exc}") from exc
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ConfigError(f"配置文件 {path} 中有未知的设置「{unknown[0]}」（可用：profile、select、ignore、[waivers]）")
    config = Config(path=path)
    if "profile" in data:
        if not isinstance(data["profile"], str):
            raise ConfigError(f"配置文件 {path} 中的 profile 应为规则配置文件的路径")
        near = path.parent / data["profile"]  # a file beside evalxl.toml, else a shipped profile's name (四川)
        config.profile = near.resolve() if near.exists() else data["profile"]
    config.select = _codes(data.get("select", []), f"配置文件 {path} 的 select", known)
    config.ignore = _codes(data.get("ignore", []), f"配置文件 {path} 的 ignore", known)
    waivers = data.get("waivers", {})
    if not isinstance(waivers, dict):
        raise ConfigError(f"配置文件 {path} 中的 waivers 应为一节 [waivers]：文件名 = [\"规则代码@单元格\", …]")
    by_file = []
    for pattern, items in waivers.items():
        codes = _codes(items, f"配置文件 {path} 的 [waivers] 「{pattern}」", known)
        by_file.append((pattern.replace("\\", "/"), tuple(Waiver.parse(c) for c in codes)))
    config.waivers = Waivers(tuple(by_file))
    return config


def resolve(explicit: Path | None, start: Path | None) -> Config:
    """The Config to use: ``--config`` if given, else the nearest evalxl.toml, else none."""
    path = explicit if explicit is not None else find_config(start)
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"配置文件不存在：{explicit}")
    return load_config(path) if path is not None else Config()
