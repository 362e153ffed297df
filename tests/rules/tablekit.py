"""Model objects for the rules tests (imported by conftest.py and the test modules), built from raw cell contents as a user types them.

Every raw value goes through the reader's ``parse_cell`` (evalxl/reader/values.py), so the
rules see exactly what the reader would give them.

    make_table(
        funds={"total": [80, 80, 72, 10, "90%", 9], "current": [80, 80, 72, "-", "-", "-"]},
        indicators=[("产出指标", 50, "数量指标", "name", "96%", "97%", 10, 9.6, ""), ...],
        total=(100, 99.6),
    )

Layout (national form, seed 001 tables 1–2): funds header on row 5, columns D 年初预算数,
E 全年预算数, F 全年执行数, G 分值, H 执行率, I 得分; 年度资金总额 on row 6, sources below;
indicator header two rows after the funds; columns B 一级, C 二级, D 三级, E 年度指标值,
F 实际完成值, G 分值, H 得分, I 偏差原因分析; the 总分 row right after the indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evalxl.model import Cell, Field, Funds, FundsRow, Indicator, Table, Total
from evalxl.profile import national
from evalxl.reader.values import parse_cell
from evalxl.rules import check_table, select_rules

NATIONAL_FUNDS = {"initial_budget": "D", "annual_budget": "E", "executed": "F", "weight": "G", "rate": "H", "score": "I"}
NATIONAL_INDICATORS = {"level1": "B", "level2": "C", "level3": "D", "target": "E", "actual": "F", "weight": "G",
                       "score": "H", "explanation": "I"}
FUNDS_ORDER = ("initial_budget", "annual_budget", "executed", "weight", "rate", "score")
INDICATOR_VALUE_ORDER = ("target", "actual", "weight", "score", "explanation")
SOURCE_LABELS = {"total": "年度资金总额", "current": "其中：当年财政拨款", "carryover": "上年结转资金", "other": "其他资金"}

MISSING = object()  # a field whose label is not on the form at all
SKIP = None  # in ``indicators``: a sheet row that is not an indicator (blank, "....." only)


@dataclass
class C:
    """A raw cell with more than a value: a number format, a formula, no cached value."""

    raw: Any
    fmt: str = "General"
    formula: str | None = None
    cached: bool = True


@dataclass
class Layout:
    funds: dict[str, str] = field(default_factory=lambda: dict(NATIONAL_FUNDS))
    funds_order: tuple[str, ...] = FUNDS_ORDER  # the order of the values given per funds row
    indicators: dict[str, str] = field(default_factory=lambda: dict(NATIONAL_INDICATORS))
    total_label: str = "A"
    total_weight: str | None = "G"
    total_score: str = "H"
    first_row: int = 1
    funds_header_row: int | None = None  # default: first_row + 4


def cell(address: str, raw: Any) -> Cell | None:
    """A model cell as the reader makes it; None for a cell left untouched (raw None)."""
    if raw is None:
        return None
    if isinstance(raw, Cell):
        return raw
    spec = raw if isinstance(raw, C) else C(raw)
    if spec.raw is None and spec.formula is None:
        return None
    return Cell(
        address=address,
        raw=spec.raw,
        value=parse_cell(spec.raw, spec.fmt),
        formula=spec.formula,
        cached=spec.cached,
        number_format=spec.fmt,
    )


def _field(label: str, value: Any, label_address: str, value_address: str) -> Field | None:
    if value is MISSING:
        return None
    if isinstance(value, Field):
        return value
    return Field(label=label, label_address=label_address, value=cell(value_address, value) if value else None)


def make_table(
    funds: dict[str, list] | None = None,
    indicators: list[tuple] = (),
    total: tuple | dict | None = (100, None),
    *,
    name: Any = "测试项目",
    department: Any = "测试局",
    unit: Any = "测试中心",
    header_weight: float | None = None,
    funds_columns: tuple[str, ...] | None = None,
    layout: Layout | None = None,
    sheet: str = "表1",
) -> Table:
    """A Table as the reader would give it. ``indicators``: tuples of
    (一级, 一级分值 or None, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分[, 偏差原因]);
    ``total``: (分值, 得分) or {"weight": …, "score": …, "label": …}; ``funds``: per row kind,
    the values in ``layout.funds_order`` (None: no cell; "-": a placeholder cell)."""
    lay = layout or Layout()
    r0 = lay.first_row
    t = Table(sheet=sheet, first_row=r0, last_row=r0, title="项目支出绩效自评表", year=2021)
    t.project_name = _field("项目名称", name, f"A{r0 + 2}", f"C{r0 + 2}")
    t.department = _field("主管部门", department, f"A{r0 + 3}", f"C{r0 + 3}")
    t.unit = _field("实施单位", unit, f"E{r0 + 3}", f"G{r0 + 3}")
    row = lay.funds_header_row or r0 + 4
    if funds is not None:
        columns = funds_columns or tuple(r for r in lay.funds_order if r in lay.funds)
        t.funds = Funds(header_row=row, columns=list(columns), header_weight=header_weight,
                        column_letters={role: lay.funds[role] for role in columns})
        row += 1
        for kind in ("total", "current", "carryover", "other"):
            if kind not in funds:
                continue
            values = dict(zip(lay.funds_order, funds[kind]))
            cells = {role: cell(f"{lay.funds[role]}{row}", values.get(role)) for role in columns}
            fr = FundsRow(kind=kind, label=SOURCE_LABELS[kind], row=row, **cells)
            if kind == "total":
                t.funds.total = fr
            else:
                t.funds.sources.append(fr)
            row += 1
    row += 2  # 年度目标 lines
    t.indicator_header_row = row
    t.indicator_columns = dict(lay.indicators)
    row += 1
    level1_addr = None
    last_level1 = None
    for spec in indicators:
        if spec is SKIP:  # a row the reader passes over (blank, or "....." only)
            row += 1
            continue
        level1, level1_weight, level2, name3, *values = spec
        values = dict(zip(INDICATOR_VALUE_ORDER, values))
        if (level1, level1_weight) != last_level1:
            level1_addr = f"{lay.indicators.get('level1', 'A')}{row}"
            last_level1 = (level1, level1_weight)
        ind = Indicator(
            row=row, level1=level1, level1_weight=level1_weight, level1_address=level1_addr,
            level2=level2, name=name3, name_address=f"{lay.indicators['level3']}{row}" if name3 else None,
        )
        for role in INDICATOR_VALUE_ORDER:
            if role in lay.indicators:
                setattr(ind, role, cell(f"{lay.indicators[role]}{row}", values.get(role)))
        t.indicators.append(ind)
        row += 1
    if total is not None:
        spec = total if isinstance(total, dict) else {"weight": total[0], "score": total[1]}
        tot = Total(row=row, label=spec.get("label", "总分"), label_address=f"{lay.total_label}{row}")
        if lay.total_weight:
            tot.weight = cell(f"{lay.total_weight}{row}", spec.get("weight"))
        tot.score = cell(f"{lay.total_score}{row}", spec.get("score"))
        t.total = tot
    t.last_row = row
    return t


def indicator(name: str, target: Any, actual: Any, weight: Any, score: Any, explanation: Any = "说明",
              level1: str = "产出指标", level1_weight: float | None = None, level2: str = "数量指标") -> tuple:
    return (level1, level1_weight, level2, name, target, actual, weight, score, explanation)


def full_funds(budget=80, executed=80, weight=10, rate="100%", score=10) -> dict:
    """A funds block: 年初预算数 = 全年预算数 = budget, one source (当年财政拨款)."""
    return {
        "total": [budget, budget, executed, weight, rate, score],
        "current": [budget, budget, executed, "-", "-", "-"],
    }


def run(table: Table, profile=None, select=None, ignore=None):
    """Run the rules over one table: (TableResult, assessment)."""
    profile = profile or national()
    rules = select_rules(select, ignore, profile)
    return check_table(table, 0, profile, rules)


def findings(table: Table, code: str | None = None, **kw):
    result, _ = run(table, **kw)
    return [f for f in result.findings if code is None or f.code == code]


def codes(table: Table, **kw) -> list[str]:
    result, _ = run(table, **kw)
    return sorted(f.code for f in result.findings)


__all__ = ["C", "Layout", "MISSING", "SKIP", "cell", "make_table", "indicator", "full_funds", "run", "findings", "codes"]
