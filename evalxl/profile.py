"""Profiles: every number and word list the rules use, loaded and validated once.

The default is the national rules (profiles/national.toml). A profile file given with
--profile is read over it: keys it leaves out keep the national value, a key that is not
known or has the wrong type is an error that names the key.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NATIONAL = Path(__file__).with_name("profiles") / "national.toml"


class ProfileError(Exception):
    """A bad profile file; the message is Chinese and names the key."""


@dataclass(frozen=True)
class Band:
    key: str  # "achieved" | "partial" | "failed"
    name: str  # 达成 / 部分达成 / 未达成
    low: float
    high: float


@dataclass(frozen=True)
class Grade:
    name: str
    min: float


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    weights: dict[str, float]  # funds, output, benefit, satisfaction, total
    level1: dict[str, tuple[str, ...]]  # part -> 一级 spellings
    level2: dict[str, tuple[str, ...]]  # part -> 二级 names
    negative_level2: tuple[str, ...]
    negative_keywords: tuple[str, ...]
    bands: tuple[Band, ...]
    partial_prefixes: tuple[str, ...]
    failed_prefixes: tuple[str, ...]
    failed_words: tuple[str, ...]
    decimals: int
    accept_decimals: tuple[int, ...]
    tolerance: float
    grades: tuple[Grade, ...]
    limits: dict[str, float]
    source: str = "national"
    # Added with the rules engine (issue 4): actual texts that are partly achieved whatever
    # the target says (基本完成, 部分达成 ...), and rule codes/prefixes a profile switches.
    partial_words: tuple[str, ...] = ()
    rules_select: tuple[str, ...] = ()  # empty: every rule
    rules_ignore: tuple[str, ...] = ()
    # Added with the department-wide tables (issue 9): how a partly met indicator counts
    # in a 部门整体绩效自评表's completion rate, and the texts that mean "not applicable".
    partial_credit: float = 0.5
    not_applicable_words: tuple[str, ...] = ("不涉及", "不适用")
    # Added for real submissions (issue 12): actual texts that mean met (达成预期指标, 已完成);
    # the rule options of provinces and the budget system (see national.toml, [scoring] and
    # [funds]).
    achieved_words: tuple[str, ...] = ()
    negative_rule: str = "ratio"  # "ratio": target ÷ actual; "linear": 1 − (actual − target) ÷ target
    equal_target: str = "at_least"  # "at_least": ＝ read as ≥; "exact": met only when equal
    over_target_factor: float = 0.0  # actual above factor × target is a possibly low target; 0: off
    funds_reason_below: float = 0.0  # an 执行率 below this needs a reason in 原因; 0: off

    def band(self, key: str) -> Band:
        return next(b for b in self.bands if b.key == key)

    def grade(self, total: float) -> str:
        for g in self.grades:
            if total >= g.min - self.tolerance:
                return g.name
        return self.grades[-1].name

    def part_of(self, level1: str) -> str | None:
        """Which part (output/benefit/satisfaction) a 一级 label names."""
        for part, names in self.level1.items():
            if level1 in names:
                return part
        return None


# key -> (type, required shape) for validation of a user profile.
_SCHEMA: dict[str, Any] = {
    "name": str,
    "title": str,
    "weights": {"funds": float, "output": float, "benefit": float, "satisfaction": float, "total": float},
    "level1": {"output": list, "benefit": list, "satisfaction": list},
    "level2": {"output": list, "benefit": list, "satisfaction": list},
    "direction": {"negative_level2": list, "negative_keywords": list},
    "qualitative": {"bands": list, "partial_prefixes": list, "partial_words": list, "failed_prefixes": list,
                    "failed_words": list, "achieved_words": list},
    "scoring": {"negative_rule": str, "equal_target": str, "over_target_factor": float},
    "funds": {"reason_below": float},
    "rounding": {"decimals": int, "accept_decimals": list, "tolerance": float},
    "grades": {"levels": list},
    "limits": {"max_part_mb": float, "max_total_mb": float, "max_ratio": float, "file_timeout_seconds": float,
               "max_upload_mb": float, "max_upload_files": float},
    "rules": {"select": list, "ignore": list},
    "department": {"partial_credit": float, "not_applicable": list},
}


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ProfileError(f"规则配置文件不存在：{path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"规则配置文件 {path} 不是有效的 TOML：{exc}") from exc
    except OSError as exc:
        raise ProfileError(f"无法读取规则配置文件 {path}：{exc}") from exc


def _check(data: dict, schema: dict, where: str) -> None:
    for key, value in data.items():
        name = f"{where}.{key}" if where else key
        if key not in schema:
            raise ProfileError(f"规则配置中有无法识别的键「{name}」")
        want = schema[key]
        if isinstance(want, dict):
            if not isinstance(value, dict):
                raise ProfileError(f"规则配置中「{name}」应为一个表（[{name}]）")
            _check(value, want, name)
        elif want is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ProfileError(f"规则配置中「{name}」应为数字，实际为 {value!r}")
        elif want is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ProfileError(f"规则配置中「{name}」应为整数，实际为 {value!r}")
        elif not isinstance(value, want):
            kind = {str: "文本", list: "列表"}[want]
            raise ProfileError(f"规则配置中「{name}」应为{kind}，实际为 {value!r}")


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def _strings(value: list, name: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) for v in value):
        raise ProfileError(f"规则配置中「{name}」应为文本列表")
    return tuple(value)


def _codes(value: list, name: str) -> tuple[str, ...]:
    """Rule codes or code prefixes (F003, F, I00); whether they name a rule is checked by
    the rules registry, which knows the codes."""
    codes = _strings(value, name)
    for c in codes:
        if not re.fullmatch(r"[A-Za-z]\d{0,3}", c.strip()):
            raise ProfileError(f"规则配置中「{name}」的「{c}」不是规则代码（应为字母加三位数字，如 F003，或其前缀，如 F）")
    return tuple(c.strip().upper() for c in codes)


def _build(data: dict, source: str) -> Profile:
    q = data["qualitative"]
    bands = []
    for i, b in enumerate(q["bands"]):
        name = f"qualitative.bands[{i}]"
        if not isinstance(b, dict) or set(b) != {"key", "name", "low", "high"}:
            raise ProfileError(f"规则配置中「{name}」应含 key、name、low、high 四项")
        if not (0 <= b["low"] <= b["high"] <= 1):
            raise ProfileError(f"规则配置中「{name}」的 low/high 应满足 0 ≤ low ≤ high ≤ 1")
        bands.append(Band(str(b["key"]), str(b["name"]), float(b["low"]), float(b["high"])))
    if {b.key for b in bands} != {"achieved", "partial", "failed"}:
        raise ProfileError("规则配置中「qualitative.bands」应含 achieved、partial、failed 三档")
    grades = []
    for i, g in enumerate(data["grades"]["levels"]):
        if not isinstance(g, dict) or set(g) != {"name", "min"} or not isinstance(g["min"], (int, float)):
            raise ProfileError(f"规则配置中「grades.levels[{i}]」应含 name 与数字 min")
        grades.append(Grade(str(g["name"]), float(g["min"])))
    if not grades:
        raise ProfileError("规则配置中「grades.levels」不能为空")
    grades.sort(key=lambda g: -g.min)
    w = {k: float(v) for k, v in data["weights"].items()}
    parts = w["funds"] + w["output"] + w["benefit"] + w["satisfaction"]
    if abs(parts - w["total"]) > 1e-9:
        raise ProfileError(f"规则配置中「weights」各部分之和 {parts:g} 不等于 total {w['total']:g}")
    r = data["rounding"]
    accept = r["accept_decimals"]
    if not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in accept):
        raise ProfileError("规则配置中「rounding.accept_decimals」应为 0–6 的整数列表")
    return Profile(
        name=data["name"],
        title=data["title"],
        weights=w,
        level1={k: _strings(v, f"level1.{k}") for k, v in data["level1"].items()},
        level2={k: _strings(v, f"level2.{k}") for k, v in data["level2"].items()},
        negative_level2=_strings(data["direction"]["negative_level2"], "direction.negative_level2"),
        negative_keywords=_strings(data["direction"]["negative_keywords"], "direction.negative_keywords"),
        bands=tuple(bands),
        partial_prefixes=_strings(q["partial_prefixes"], "qualitative.partial_prefixes"),
        failed_prefixes=_strings(q["failed_prefixes"], "qualitative.failed_prefixes"),
        failed_words=_strings(q["failed_words"], "qualitative.failed_words"),
        decimals=int(r["decimals"]),
        accept_decimals=tuple(accept),
        tolerance=float(r["tolerance"]),
        grades=tuple(grades),
        limits={k: float(v) for k, v in data["limits"].items()},
        source=source,
        partial_words=_strings(q.get("partial_words", []), "qualitative.partial_words"),
        rules_select=_codes(data.get("rules", {}).get("select", []), "rules.select"),
        rules_ignore=_codes(data.get("rules", {}).get("ignore", []), "rules.ignore"),
        partial_credit=_share(data.get("department", {}).get("partial_credit", 0.5), "department.partial_credit"),
        not_applicable_words=_strings(data.get("department", {}).get("not_applicable", ["不涉及", "不适用"]),
                                      "department.not_applicable"),
        achieved_words=_strings(q.get("achieved_words", []), "qualitative.achieved_words"),
        **_options(data.get("scoring", {}), data.get("funds", {})),
    )


OPTIONS = {"negative_rule": ("ratio", "linear"), "equal_target": ("at_least", "exact")}


def _options(scoring: dict, funds: dict) -> dict:
    """The rule options of [scoring] and [funds], checked."""
    out: dict[str, Any] = {}
    for key, allowed in OPTIONS.items():
        value = scoring.get(key, allowed[0])
        if value not in allowed:
            raise ProfileError(f"规则配置中「scoring.{key}」应为 {' 或 '.join(allowed)}，实际为 {value!r}")
        out[key] = value
    factor = float(scoring.get("over_target_factor", 0.0))
    if factor != 0 and factor <= 1:
        raise ProfileError(f"规则配置中「scoring.over_target_factor」应为 0（不检查）或大于 1 的数，实际为 {factor!r}")
    out["over_target_factor"] = factor
    out["funds_reason_below"] = _share(funds.get("reason_below", 0.0), "funds.reason_below")
    return out


def _share(value: float, name: str) -> float:
    if not 0 <= value <= 1:
        raise ProfileError(f"规则配置中「{name}」应在 0 到 1 之间，实际为 {value!r}")
    return float(value)


_NATIONAL: Profile | None = None


def national() -> Profile:
    global _NATIONAL
    if _NATIONAL is None:
        _NATIONAL = _build(_read(NATIONAL), "national")
    return _NATIONAL


def bundled() -> list[tuple[str, str, Path]]:
    """(name, title, path) of every profile shipped beside national.toml, national first."""
    out = []
    for p in sorted(NATIONAL.parent.glob("*.toml"), key=lambda p: (p != NATIONAL, p.name)):
        data = _read(p)
        out.append((str(data.get("name", p.stem)), str(data.get("title", "")), p))
    return out


# The shipped profiles' names, for --profile's help without reading them (a test checks the
# list against profiles/*.toml).
BUNDLED_NAMES = ("national", "湖北", "云南", "宁夏", "四川", "广西")
PROFILE_HELP = (f"规则配置：TOML 文件路径，或内置配置名（{'、'.join(BUNDLED_NAMES)}，"
                f"说明见各文件开头的注释），缺省为全国通用规则（national）")


def resolve(path: str | Path) -> Path:
    """A profile file given by path, or a shipped profile given by its name (四川) or file
    stem (sichuan); a path that exists wins over a name."""
    p = Path(path)
    if p.exists():
        return p
    key = str(path).strip()
    for name, _, file in bundled():
        if key in (name, file.stem, file.name):
            return file
    return p


def load_profile(path: str | Path | None = None) -> Profile:
    """The national profile, or a user profile file (or a shipped one, by name) read over it."""
    if path is None:
        return national()
    path = resolve(path)
    if path == NATIONAL:
        return national()
    if not path.exists():
        names = "、".join(name for name, _, _ in bundled())
        raise ProfileError(f"规则配置文件不存在：{path}（内置配置名：{names}）")
    user = _read(path)
    _check(user, _SCHEMA, "")
    return _build(_merge(_read(NATIONAL), user), str(path))
