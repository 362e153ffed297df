"""Reading the cells of a table the way the rules need them: as shown, blank or not, a
score, a weight, an amount. Shared by the project and department-wide assessments."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from ..findings import format_number
from ..model import Cell, Empty, Indicator, Quantity, Table

SCORE_UNITS = ("", "分")
WEIGHT_UNITS = ("", "分", "%")
AMOUNT_UNITS = ("", "万元")


def shown(cell: Cell | None) -> str:
    """A cell's content as the user reads it: 96% (also when stored as 0.96 with a %
    format), 9.6, 达成预期指标; "" for a blank cell."""
    # These helpers run for every cell of every row: they read Cell's fields directly
    # (Cell.is_formula / is_empty / text spelled out) rather than through its properties.
    if cell is None:
        return ""
    if cell.formula is not None and not cell.cached:
        return cell.formula
    v, raw = cell.value, cell.raw
    if isinstance(v, Quantity) and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not (v.unit or v.op or v.qualifier):
            return format_number(v.number)
        return _quantity_text(v.number, v.unit, v.op, v.qualifier) if v.number else str(v)
    text = "" if raw is None else str(raw).strip()
    if isinstance(v, Empty):
        return text
    return text or str(v)


@lru_cache(maxsize=4096)
def _quantity_text(number: float, unit: str, op: str | None, qualifier: str) -> str:
    """str(Quantity(...)), memoised: a batch shows the same 96% and ≥90% on row after row.
    Keyed by the fields, not the Quantity, whose hash and == are Python-level dataclass
    methods. Never called for a 0, whose sign (0 and -0 are equal keys) changes the text;
    10 and 10.0 share a key and show the same (%.10g)."""
    return str(Quantity(number, unit, op, qualifier))


def is_blank(cell: Cell | None) -> bool:
    """No cell, or a blank one (a formula without cached value is not blank)."""
    if cell is None:
        return True
    if cell.formula is not None and not cell.cached:
        return False
    return isinstance(cell.value, Empty)


# Printed instructions left in a cell of a table published unfilled: 「对照年度目标，说明相关
# 任务目标的完成情况(100字以内)」, 「…未达到90%的需说明原因」.
_INSTRUCTION = re.compile(r"\d+\s*字以内|^对照.{0,12}说明|需说明原因|应单独说明")


def is_instruction(cell: Cell | None) -> bool:
    """The cell still holds the form's printed instruction, not a value (the reader reads
    such a cell as Empty and keeps the text in ``raw``)."""
    if cell is None:
        return False
    raw = cell.raw
    if raw is None or type(raw) is float or type(raw) is int:
        return False  # no text, or digits only: never an instruction (skips the regex on most cells)
    text = raw if type(raw) is str else str(raw)
    if "字以内" not in text and "说明" not in text:
        return False  # every branch of _INSTRUCTION holds one of these two words
    return bool(_INSTRUCTION.search(cell.text))


def is_unfilled_value(cell: Cell | None) -> bool:
    """Blank, or the printed instruction left in place."""
    return is_blank(cell) or is_instruction(cell)


def score_reading(cell: Cell | None) -> tuple[str, float | None]:
    """("empty" | "number" | "percent" | "text" | "uncached", number)."""
    if cell is None:
        return "empty", None
    if cell.formula is not None and not cell.cached:
        return "uncached", None
    v = cell.value
    if isinstance(v, Empty):
        return "empty", None
    if isinstance(v, Quantity) and v.op is None and not v.qualifier:
        if v.unit in SCORE_UNITS:
            return "number", float(v.number)
        if v.unit == "%":
            return "percent", float(v.number)
    return "text", None


def weight_reading(cell: Cell | None) -> tuple[str, float | None]:
    """("empty" | "number" | "invalid", number). A 权重 typed as 10% reads as 10."""
    if cell is None or (cell.formula is not None and not cell.cached):
        return "empty", None
    v = cell.value
    if isinstance(v, Empty):
        return "empty", None
    if isinstance(v, Quantity) and v.op is None and not v.qualifier and v.unit in WEIGHT_UNITS and v.number >= 0:
        return "number", float(v.number)
    return "invalid", None


# An amount's unit and its size in 元: 150万 and 125.25万元 are 万元; 250000.00元 is 元.
AMOUNT_SCALE = {"": None, "万元": 1e4, "万": 1e4, "元": 1.0}


def amount_unit(cell: Cell | None) -> str | None:
    """The unit an amount was typed with ("万元" for 150万, "元", "" for a bare number), or
    None when the cell is not an amount."""
    if cell is None:
        return None
    v = cell.value  # a blank cell's value is Empty, never a Quantity: no is_blank() needed
    if isinstance(v, Quantity) and v.op is None and not v.qualifier and v.unit in AMOUNT_SCALE:
        return "万元" if v.unit == "万" else v.unit
    return None


def amount(cell: Cell | None, unit: str = "") -> float | None:
    """An amount of the funds block, in the block's unit (``unit``: "万元", the national
    form's, when the heading names none; "元"). An amount typed with its own unit (150万,
    250000元) is converted, so that a rate stays a true ratio."""
    typed = amount_unit(cell)
    if typed is None:
        return None
    n = float(cell.value.number)  # type: ignore[union-attr]
    if typed == "":
        return n
    block = AMOUNT_SCALE.get(unit or "万元") or 1e4
    return n * AMOUNT_SCALE[typed] / block


def column_address(table: Table, role: str, row: int) -> str | None:
    """The address of a role's cell in an indicator row, also when the cell is blank."""
    letters = table.indicator_columns.get(role)
    if not letters:
        return None
    return f"{letters.split(':')[0]}{row}"


@lru_cache(maxsize=4096)  # a batch names the same indicators in file after file
def short(name: str, limit: int = 24) -> str:
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1] + "…"


def indicator_label(ind: Indicator, limit: int = 24) -> str:
    """How a message names an indicator: 「三级指标」 (with the rows sharing its 分值), else
    its 二级 or 一级, else its row."""
    name = ind.name or ind.level2 or ind.level1
    if ind.shared_names:
        name = "、".join((name, *ind.shared_names))
    return f"「{short(name, limit)}」" if name else f"第 {ind.row} 行"


class NamedRow:
    """The name and message label of a row's indicator, for the row assessments."""

    indicator: Indicator
    label_limit: ClassVar[int] = 24

    @property
    def name(self) -> str:
        ind = self.indicator
        return ind.name or ind.level2 or ind.level1

    @property
    def label(self) -> str:
        return indicator_label(self.indicator, self.label_limit)
