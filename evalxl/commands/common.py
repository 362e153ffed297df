"""What run and check share: options and evalxl.toml resolved into one set of settings,
every mistake a Chinese usage error (exit 2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional

import typer

from ..profile import PROFILE_HELP as _PROFILE_HELP

EXIT_USAGE = 2

PROFILE_HELP = _PROFILE_HELP.replace("，缺省为", "，缺省为 evalxl.toml 中的 profile，再缺省为")
CONFIG_HELP = "设置文件 evalxl.toml 的路径，缺省在收件文件夹及其上级文件夹、再在当前文件夹中查找"
SELECT_HELP = "只运行这些规则（代码或前缀，逗号分隔，如 F,I001）"
IGNORE_HELP = "不运行这些规则（代码或前缀，逗号分隔）"
JOBS_HELP = "并行处理的进程数，缺省为 CPU 核数"
TIMEOUT_HELP = "单个文件的处理时限（秒），缺省取规则配置中的 file_timeout_seconds（60）"


@dataclass
class Settings:
    profile: Any
    select: List[str]
    ignore: List[str]
    waivers: Any
    config: Optional[Path]


def usage_error(message: str) -> typer.Exit:
    from .. import console

    console.err(f"错误：{message}")
    return typer.Exit(EXIT_USAGE)


def resolve(profile_path: Optional[Path], select, ignore, config_path: Optional[Path], start: Optional[Path]) -> Settings:
    """The profile, rules and waivers to use: the command line over evalxl.toml over the
    national rules. Raises typer.Exit(2) after a Chinese message on any mistake."""
    from ..config import ConfigError, split_codes
    from ..config import resolve as find
    from ..profile import ProfileError, load_profile

    try:
        config = find(config_path, start)
    except ConfigError as exc:
        raise usage_error(str(exc))
    try:
        profile = load_profile(profile_path if profile_path is not None else config.profile)
    except ProfileError as exc:
        raise usage_error(str(exc))
    chosen = split_codes(select) or config.select
    left_out = config.ignore + split_codes(ignore)
    if chosen or left_out or profile.rules_select or profile.rules_ignore:  # else no code to check
        from ..rules import SelectionError, select_rules

        try:
            select_rules(chosen, left_out, profile)  # unknown codes are a usage error, before any work
        except SelectionError as exc:
            raise usage_error(exc.message)
    return Settings(profile, chosen, left_out, config.waivers, config.path)
