"""What real forms add to the national one, read by their labels: which form a table is,
the weight its indicator block states, split targets, ★ rows and their parts.

    form_of(table, spans)        -> "national" | "split_target" | "sichuan_0013zp" | "xianjie" | "scoring"
    split(target, op, unit)      -> the target Cell with one typed value (Quantity(number, unit, op))
    attach_parts(rows)           -> the indicators, 「其中…」 / indented rows moved under their parent
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Cell, Indicator, Table
from . import labels
from .values import split_target

__all__ = ["form_of", "split", "attach_parts", "is_indented"]


def form_of(table: Table, spans: dict[str, tuple[int, int]]) -> str:
    """The form, from its own labels: the 四川 510000_0013zp form has a 原因 column in its
    预算执行情况 block (or prints its 报表编号); a 评分表 has 评价标准 / 评分标准; a split target has
    指标性质 / 度量单位; the 衔接资金 form puts 分值 before 年度指标值."""
    funds = table.funds
    if (funds is not None and "reason" in funds.columns) or table.code.lower().endswith("0013zp"):
        return "sichuan_0013zp"
    if "criteria" in spans:
        return "scoring"
    if "op" in spans or "unit" in spans:
        return "split_target"
    if "weight" in spans and "target" in spans and spans["weight"][0] < spans["target"][0]:
        return "xianjie"
    return "national"


def split(target: Cell | None, op: Cell | None, unit: Cell | None) -> tuple[Cell | None, dict[str, Cell]]:
    """The 指标值 cell with the typed value of the three cells, and the other two by role."""
    parts = {k: c for k, c in (("op", op), ("unit", unit)) if c is not None}
    if target is None:
        return None, parts
    value = split_target(op.text if op else None, target.value, unit.text if unit else None)
    return replace(target, value=value), parts


def is_indented(raw_name: str) -> bool:
    """A name typed indented (leading spaces): one of the two ways a part of a ★ row is
    typed; the other, 「其中…」, attach_parts reads from the name itself."""
    return raw_name[:1].isspace() or raw_name.startswith("\u3000")


def attach_parts(rows: list[tuple[Indicator, bool]]) -> list[Indicator]:
    """Rows without 分值 and 得分 that are parts of the row above them -- named 「其中…」, or
    indented under a ★ row -- become that row's ``sub_rows``, never indicators of their own.
    ``rows``: (indicator, its name was typed indented)."""
    out: list[Indicator] = []
    parent: Indicator | None = None
    for ind, indented in rows:
        blank = all(c is None or c.is_empty for c in (ind.weight, ind.score))
        qizhong = labels.normalize(ind.name).startswith("其中")
        if parent is not None and blank and ind.name and (qizhong or (indented and parent.key)):
            parent.sub_rows.append(ind)
            continue
        out.append(ind)
        parent = ind
    return out
