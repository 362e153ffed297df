"""Indicator values from the 基础数据表: which quantities a 评分表 row's 指标说明 formula
names, looked up among the workbook's BaseData, and the value computed from them.

    bind(name, base_data, year) -> Bound

A small table of the indicators the national 部门整体支出绩效评价指标体系 defines with a
formula over the 基础数据表 (KNOWN). An indicator not in it, or a quantity the data lacks
(seed 002: 上年度“三公经费”预算数), makes the row "cannot verify": the value is never guessed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from ..criteria import fmt
from ..model import BaseData, BaseItem

_QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』"), None)


@dataclass(frozen=True)
class Term:
    key: str  # BaseItem.key
    basis: str | None  # "budget" | "final" | None (any)
    year: int | None  # 0: the year evaluated; -1: the year before; None: any year
    name: str  # in Chinese, as the formula says it: 实际在职人数, 上年度“三公经费”预算数


@dataclass(frozen=True)
class Known:
    names: tuple[str, ...]  # 三级指标 names (without quotes and spaces)
    label: str  # as shown: “三公经费”控制率
    kind: str  # "ratio": num ÷ den; "change": (num − den) ÷ den
    num: Term
    den: Term


KNOWN: tuple[Known, ...] = (
    Known(("在职人员控制率", "人员控制率"), "在职人员控制率", "ratio",
          Term("staff_actual", None, None, "实际在职人数"), Term("staff_quota", None, None, "编制数")),
    Known(("公用经费控制率",), "公用经费控制率", "ratio",
          Term("public_funds", "final", 0, "公用经费决算数"), Term("public_funds", "budget", 0, "公用经费预算数")),
    Known(("三公经费控制率",), "“三公经费”控制率", "ratio",
          Term("three_public", "final", 0, "“三公经费”决算数"), Term("three_public", "budget", 0, "“三公经费”预算数")),
    Known(("三公经费变动率",), "“三公经费”变动率", "change",
          Term("three_public", "budget", 0, "本年度“三公经费”预算数"), Term("three_public", "budget", -1, "上年度“三公经费”预算数")),
    Known(("政府采购执行率",), "政府采购执行率", "ratio",
          Term("procurement", "final", 0, "实际政府采购金额"), Term("procurement", "budget", 0, "政府采购预算数")),
    Known(("新建楼堂馆所面积控制率", "楼堂馆所面积控制率"), "新建楼堂馆所面积控制率", "ratio",
          Term("building_area", "final", None, "实际建设面积"), Term("building_area", "budget", None, "批准建设面积")),
    Known(("新建楼堂馆所投资概算控制率", "楼堂馆所投资概算控制率", "楼堂馆所投资预算控制率"), "新建楼堂馆所投资概算控制率", "ratio",
          Term("building_invest", "final", None, "实际投资金额"), Term("building_invest", "budget", None, "批准投资金额")),
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).translate(_QUOTES)


def known(name: str) -> Known | None:
    s = _squash(name)
    for k in KNOWN:
        if s in k.names:
            return k
    return None


def evaluation_year(year: int | None, base: list[BaseData]) -> int | None:
    """The year evaluated: the table's own (from its title), else the latest year the
    基础数据表's columns name (2020 for 2019年决算数 | 2020年预算数 | 2020年决算数)."""
    if year is not None:
        return year
    years = [y for b in base for y in b.years]
    return max(years) if years else None


@dataclass
class Bound:
    known: Known | None
    value: float | None = None  # the indicator's value, in percent
    formula: str = ""  # 在职人员控制率 = 67 ÷ 48 = 139.58%
    sources: str = ""  # 实际在职人数 67 见「基础数据表」C4，编制数 48 见 B4
    missing: list[str] = field(default_factory=list)  # what the data lacks, in Chinese
    items: list[BaseItem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.value is not None


def _find(term: Term, base: list[BaseData], year: int | None) -> tuple[BaseData | None, BaseItem | None]:
    want = None if term.year is None or year is None else year + term.year
    if term.year is not None and year is None:
        return None, None
    hits = [(b, i) for b in base for i in b.find(term.key, term.basis, want)]
    if not hits and want is not None and term.year == 0:
        # a column without a year (预算数 | 决算数) is the year evaluated
        hits = [(b, i) for b in base for i in b.find(term.key, term.basis) if i.year is None]
    return hits[0] if hits else (None, None)


def _term_name(term: Term, year: int | None) -> str:
    if term.year is None or year is None:
        return term.name
    return f"{year + term.year}年{term.name.removeprefix('本年度').removeprefix('上年度')}"


def bind(name: str, base: list[BaseData], year: int | None) -> Bound:
    k = known(name)
    if k is None:
        return Bound(None)
    out = Bound(k)
    values = []
    for term in (k.num, k.den):
        b, item = _find(term, base, year)
        label = _term_name(term, year)
        number = item.number if item is not None else None
        if item is None or number is None or not math.isfinite(number):
            where = f"（「{b.sheet}」{item.cell.address} 未填）" if item is not None and item.cell.is_empty else (
                f"（「{b.sheet}」{item.cell.address} 不是数字）" if item is not None else "")
            out.missing.append(label + where)
            continue
        out.items.append(item)
        values.append((label, number, b, item))
    if out.missing:
        return out
    (nl, n, nb, ni), (dl, d, db, di) = values
    if d == 0:
        out.missing.append(f"{dl}（为 0，无法作除数）")
        return out
    if k.kind == "ratio":
        value = n / d * 100
        out.formula = f"{k.label} = {fmt(n)} ÷ {fmt(d)} = {fmt(value)}%"
    else:
        value = (n - d) / d * 100
        out.formula = f"{k.label} = ({fmt(n)} − {fmt(d)}) ÷ {fmt(d)} = {fmt(value)}%"
    if not math.isfinite(value):
        out.missing.append(f"{k.label}无法计算")
        return out
    out.value = value
    out.sources = f"{nl} {fmt(n)} 见「{nb.sheet}」{ni.cell.address}，{dl} {fmt(d)} 见「{db.sheet}」{di.cell.address}"
    return out
