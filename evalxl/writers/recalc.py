"""Formula values with some cells corrected: which formulas depend on a corrected cell
(directly or through other formulas), their new values, and whether a corrected formula
cell keeps its formula (its result equals the fixed value) or loses it to the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lxml import etree

from . import formulas
from .formulas import Unsupported
from .sheet_xml import CellSpan

_UNSUPPORTED = object()


@dataclass
class FormulaCell:
    row: int
    col: int
    span: CellSpan
    el: etree._Element
    kind: str  # "normal" | "shared" (master or dependent) | "array" | "dataTable"
    text: str  # without "="; a shared dependent's translated from its master
    si: str | None
    master: bool
    multi: bool  # an array formula over more than one cell
    has_cached: bool
    cached: object
    node: object = None


def _tolerance(fix) -> float:
    """Half a unit of the last decimal the rules keep: 2 for scores, 4 for rates."""
    return (0.00005 if fix.number_format and "%" in fix.number_format else 0.005) + 1e-9


def is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def dependents(fcells: dict[tuple[int, int], FormulaCell], changed: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The formulas that depend on a changed cell, directly or through other formulas."""
    refs_of = {pos: formulas.refs(fc.node) for pos, fc in fcells.items() if fc.node is not None}
    dirty: set[tuple[int, int]] = set()
    frontier = changed
    while frontier:
        newly = {pos for pos, rs in refs_of.items() if pos not in dirty
                 and any(r.contains(a, b) for r in rs for (a, b) in frontier)}
        dirty |= newly
        frontier = newly
    return dirty


class Recalc:
    """The values of one sheet's cells as they will be after the fixes (memoized)."""

    def __init__(self, fcells: dict[tuple[int, int], FormulaCell], plain: dict, on_formula: dict,
                 dirty: set[tuple[int, int]], row_value: Callable[[int, int], object]):
        self.fcells = fcells
        self.plain = plain  # pos -> FixRequest on a plain cell
        self.on_formula = on_formula  # pos -> FixRequest on a formula cell
        self.dirty = dirty
        self.row_value = row_value
        self.memo: dict[tuple[int, int], object] = {}
        self.busy: set[tuple[int, int]] = set()
        self.decisions: dict[tuple[int, int], tuple[str, object]] = {}
        self.deciding: set[tuple[int, int]] = set()

    def value(self, r: int, c: int) -> object:
        pos = (r, c)
        if pos in self.plain:
            return self.plain[pos].value
        if pos in self.on_formula:
            return self.decide(pos)[1]
        fc = self.fcells.get(pos)
        if fc is not None:
            if pos in self.dirty or not fc.has_cached:
                return self.evaluate(pos)
            return fc.cached
        return self.row_value(r, c)

    def evaluate(self, pos: tuple[int, int]) -> object:
        if pos in self.memo:
            if self.memo[pos] is _UNSUPPORTED:
                raise Unsupported("see above")
            return self.memo[pos]
        fc = self.fcells[pos]
        if fc.node is None or pos in self.busy:
            self.memo[pos] = _UNSUPPORTED
            raise Unsupported("cannot evaluate")
        self.busy.add(pos)
        try:
            v = formulas.evaluate(fc.node, self.value)
        except Unsupported:
            self.memo[pos] = _UNSUPPORTED
            raise
        finally:
            self.busy.discard(pos)
        self.memo[pos] = v
        return v

    def decide(self, pos: tuple[int, int]) -> tuple[str, object]:
        """("keep", evaluated) or ("replace", fixed value) or ("array", fixed value)."""
        if pos in self.decisions:
            return self.decisions[pos]
        fix = self.on_formula[pos]
        fc = self.fcells[pos]
        if pos in self.deciding:
            raise Unsupported("circular")
        self.deciding.add(pos)
        try:
            if fc.multi or fc.kind == "dataTable":
                decision = ("array", fix.value)
            else:
                try:
                    v = self.evaluate(pos)
                except Unsupported:
                    v = None
                if is_number(v) and is_number(fix.value) and abs(float(v) - float(fix.value)) <= _tolerance(fix):
                    decision = ("keep", v)
                else:
                    decision = ("replace", fix.value)
        finally:
            self.deciding.discard(pos)
        self.decisions[pos] = decision
        return decision
