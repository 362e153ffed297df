"""An indicator's value from the 基础数据表: the formula its 指标说明 prints (evalxl/formula.py),
each name bound to one cell of the workbook's BaseData by its label, then computed.

    bind(name, base, year, note=None) -> Bound

A name binds by the reader's own labels (labels.base_column / base_row): 年初预算,
年初预算数 and 2022年年初预算数 are one quantity; a year (2019年, 上年度, 本年度) and a basis
(预算数 / 预算安排数 / 批准 → budget, 决算数 / 实际 / 实际支出数 → final) around a quantity's
name pick its column (“三公经费”预算安排数, 实际支出公用经费总额). A name without a year is the
year evaluated. A name that binds to no cell, to a blank or non-numeric one, or to more
than one cell makes the row "cannot verify", and the message names it: never guessed.

Where the 指标说明 prints no formula (or one that does not parse, such as seed 002's
「“三公经费”控制率-（…）」), the formulas of the national 部门整体支出绩效评价指标体系 in
FALLBACK stand in.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..criteria import fmt
from ..formula import Formula, ZeroDivisor, extract, render
from ..model import BaseData, BaseItem
from ..vocabulary import REL_YEAR, Quantity, quantity, squash

# name(s) of the indicator -> its formula, for tables that print none
FALLBACK: tuple[tuple[tuple[str, ...], str], ...] = (
    (("在职人员控制率", "人员控制率", "财政供养人员控制率"), "在职人员控制率=实际在职人数/编制数×100%"),
    (("公用经费控制率",), "公用经费控制率=本年度公用经费决算数/本年度公用经费预算数×100%"),
    (("三公经费控制率",), "“三公经费”控制率=本年度“三公经费”决算数/本年度“三公经费”预算数×100%"),
    (("三公经费变动率",),
     "“三公经费”变动率=(本年度“三公经费”预算数-上年度“三公经费”预算数)/上年度“三公经费”预算数×100%"),
    (("政府采购执行率",), "政府采购执行率=本年度实际政府采购金额/本年度政府采购预算数×100%"),
    (("新建楼堂馆所面积控制率", "楼堂馆所面积控制率"), "新建楼堂馆所面积控制率=实际建设面积/批准建设面积×100%"),
    (("新建楼堂馆所投资概算控制率", "楼堂馆所投资概算控制率", "楼堂馆所投资预算控制率"),
     "新建楼堂馆所投资概算控制率=实际投资金额/批准投资金额×100%"),
    # SPEC §3.1: 执行率 = 全年执行数 ÷ 全年预算数 (福建 calls it 支出实现率)
    (("预算执行率", "预算支出执行率"), "预算执行率=全年执行数/全年预算数×100%"),
    (("支出实现率",), "支出实现率=全年执行数/全年预算数×100%"),
)



@lru_cache(maxsize=4096)
def known(name: str) -> Formula | None:
    """The fallback formula of an indicator the national 指标体系 defines, or None."""
    s = squash(name)
    for names, text in FALLBACK:
        if s in names:
            return extract(text)
    return None


def evaluation_year(year: int | None, base: list[BaseData]) -> int | None:
    """The year evaluated: the table's own (from its title), else the latest year the
    基础数据表's columns name (2020 for 2019年决算数 | 2020年预算数 | 2020年决算数)."""
    if year is not None:
        return year
    years = [y for b in base for y in b.years]
    return max(years) if years else None


# --------------------------------------------------------------------------- one name


def _display(name: str, q: Quantity | None, year: int | None) -> str:
    """The name as the message says it: 上年度“三公经费”预算数 → 2019年“三公经费”预算数."""
    s = unicodedata.normalize("NFKC", name).strip()
    if q is not None and q.offset is not None and year is not None:
        for word, _ in REL_YEAR:
            if s.startswith(word):
                return f"{year + q.offset}年{s[len(word):]}"
    return s


def _candidates(q: Quantity, base: list[BaseData], year: int | None) -> list[tuple[BaseData, BaseItem]]:
    want = q.year if q.year is not None else (year + q.offset if q.offset is not None and year is not None else year)
    hits = [(b, i) for b in base for i in b.items if i.key == q.key]
    if q.basis is not None:
        exact = [(b, i) for b, i in hits if i.basis == q.basis]
        hits = exact or [(b, i) for b, i in hits if i.basis is None]
    if want is not None:
        dated = [(b, i) for b, i in hits if i.year == want]
        undated = [(b, i) for b, i in hits if i.year is None and want == year]
        hits = dated or undated
    return hits


@dataclass
class Binding:
    name: str  # as the formula writes it
    shown: str  # as the message says it (year resolved)
    item: BaseItem | None = None
    sheet: str = ""
    problem: str = ""  # why it is not bound, in Chinese; "" when bound

    @property
    def number(self) -> float | None:
        return self.item.number if self.item is not None and not self.problem else None


def bind_name(name: str, base: list[BaseData], year: int | None) -> Binding:
    q = quantity(name)
    b = Binding(name, _display(name, q, year))
    if q is None:
        b.problem = "基础数据表中没有这一项"
        return b
    if q.offset is not None and year is None:
        b.problem = "评价年度不明"
        return b
    hits = _candidates(q, base, year)
    cells = {(bd.sheet, i.cell.address) for bd, i in hits}
    if not hits:
        b.problem = "基础数据表中没有这一项"
        return b
    if len(cells) > 1 and len({i.number for _, i in hits}) == 1 and hits[0][1].number is not None:
        cells = {cells.pop()}  # several cells, one number (3、公务接待 | 公务接待费): no choice to make
    if len(cells) > 1:
        where = "、".join(f"「{s}」{a}" for s, a in sorted(cells))
        b.problem = f"对应多个单元格 {where}，无法确定取哪一个"
        return b
    bd, item = hits[0]
    b.item, b.sheet = item, bd.sheet
    number = item.number
    if item.cell.is_empty:
        b.problem = f"「{bd.sheet}」{item.cell.address} 未填"
    elif number is None or not math.isfinite(number):
        b.problem = f"「{bd.sheet}」{item.cell.address} 不是数字"
    return b


# --------------------------------------------------------------------------- the indicator


@dataclass
class Bound:
    definition: Formula | None  # the formula used; None: neither printed nor known
    printed: bool = False  # from the table's own 指标说明 (else a FALLBACK)
    value: float | None = None  # the indicator's value, in percent
    formula: str = ""  # 在职人员控制率 = 67 ÷ 48 = 139.58%
    sources: str = ""  # 在职人员数 67 见「基础数据表」C4，编制数 48 见「基础数据表」B4
    missing: list[str] = field(default_factory=list)  # what the data lacks, in Chinese
    items: list[BaseItem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.value is not None

    @property
    def label(self) -> str:
        return self.definition.label if self.definition is not None else ""


def bind(name: str, base: list[BaseData], year: int | None, note: str | None = None) -> Bound:
    """The value of the indicator ``name``: by the formula its 指标说明 ``note`` prints, else
    by the FALLBACK one; every name bound to exactly one number of the 基础数据表."""
    printed = extract(note, name) if note else None
    f = printed or known(name)
    out = Bound(f, printed=printed is not None)
    if f is None:
        return out
    bindings = [bind_name(n, base, year) for n in f.names]
    for b in bindings:
        if b.problem:
            out.missing.append(b.shown if b.problem == "基础数据表中没有这一项" else f"{b.shown}（{b.problem}）")
    if out.missing:
        return out
    values = {b.name: float(b.number) for b in bindings}  # type: ignore[arg-type]
    out.items = [b.item for b in bindings if b.item is not None]
    try:
        value = f.value(values)
    except ZeroDivisor as zero:
        out.missing.append(f"{_zero_name(zero.expr, bindings)}（为 0，无法作除数）")
        return out
    if not math.isfinite(value):
        out.missing.append(f"{f.label}无法计算")
        return out
    out.value = value
    out.formula = f"{f.label} = {f.render(values)} = {fmt(value)}{'%' if f.percent else ''}"
    out.sources = "，".join(f"{b.shown} {fmt(values[b.name])} 见「{b.sheet}」{b.item.cell.address}"
                            for b in bindings if b.item is not None)
    return out


def _zero_name(expr, bindings: list[Binding]) -> str:
    text = render(expr)
    for b in bindings:
        if b.name == text:
            return b.shown
    return text


def funds_base(table) -> BaseData | None:
    """A department-wide table's own 预算资金 block as quantities a formula can name: 全年预算数
    (年初预算数 where the form has no 全年预算数, SPEC §3.1), 年初预算数, 全年执行数."""
    funds = getattr(table, "funds", None)
    row = funds.total if funds is not None else None
    if row is None:
        return None
    items = []
    budget = row.annual_budget if row.annual_budget is not None and row.annual_budget.number is not None else row.initial_budget
    for key, label, cell in (("annual_budget", "全年预算数", budget), ("initial_budget", "年初预算数", row.initial_budget),
                             ("executed", "全年执行数", row.executed)):
        if cell is not None:
            items.append(BaseItem(key, row.label, label, cell))
    return BaseData(sheet=table.sheet, first_row=row.row, last_row=row.row, title="预算资金", items=items) if items else None
