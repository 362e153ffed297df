"""The corrections of one worksheet: new values in the corrected cells, their highlight,
and new cached values for the formulas that depend on them.

    SheetFixer(sheet, name, styles, strings).run(fixes, fills) -> SheetResult

A fix on a plain cell writes the number (text such as "100%" becomes a number) and a
highlight clone of the cell's style. A fix on a formula cell first evaluates the formula
with the corrected inputs: when it gives the fixed value the formula stays and only its
cached value changes; otherwise the formula itself is wrong and the value replaces it.
Every other formula that depends (directly or through other formulas) on a corrected
cell gets its cached value recomputed, so a reader that does not recalculate sees the
corrected totals; one the evaluator cannot handle keeps its old cached value (the
workbook is set to recalculate on open). A formula without a cached value gets one only
where a finding gave the value it should have and the evaluation agrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ..a1 import address
from ..findings import Finding, format_number
from . import formulas
from .formulas import Unsupported
from .recalc import FormulaCell, Recalc, dependents, is_number
from .review_sheet import entered_text
from .sheet_splice import splice
from .cell_xml import cell_value, set_cached, set_value
from .sheet_xml import UNKNOWN, SheetXml
from .styles import Styles
from .xmlutil import q


@dataclass
class FixRequest:
    row: int
    col: int
    value: float | int | str
    number_format: str | None
    findings: list[Finding]

    @property
    def ref(self) -> str:
        return address(self.row, self.col)


@dataclass
class FillRequest:
    """A finding's expected value for a formula cell that has no cached value."""

    row: int
    col: int
    expected: float


@dataclass
class SheetResult:
    notes: dict[str, str] = field(default_factory=dict)  # cell -> note text
    applied: list[Finding] = field(default_factory=list)
    formulas_removed: bool = False
    cells_changed: int = 0


def _reason(f: Finding) -> str:
    """A message without its leading "H15 得分填报 9.6，应为 10：" (the note says that)."""
    head, sep, rest = f.message.partition("：")
    if sep and rest and "应为" in head:
        return rest
    return f.message


def fix_shown(value: float | int | str, number_format: str | None) -> str:
    if isinstance(value, str):
        return value
    if number_format and "%" in number_format:
        return format_number(value * 100) + "%"
    return format_number(value)


def note_text(fix: FixRequest, extra: str = "", found: object = None) -> str:
    """「原填报 9.6；应为 10：实际完成值 97% 已达到年度指标值 96%，应记满分」. What was entered
    is the finding's (as the unit typed it), else what the cell held (``found``)."""
    first = fix.findings[0]
    entered = entered_text(first) or format_number(found) or "（空）"
    expected = first.extra.get("expected_text") or fix_shown(fix.value, fix.number_format)
    reasons: list[str] = []
    for f in fix.findings:
        r = _reason(f)
        if r not in reasons:
            reasons.append(r)
    return f"原填报 {entered}；应为 {expected}：{'；'.join(reasons)}{extra}"


def _translate(text: str, origin: str, dest: str) -> str:
    from openpyxl.formula.translate import Translator

    out = Translator("=" + text, origin=origin).translate_formula(dest)
    return out[1:] if out.startswith("=") else out


class SheetFixer:
    def __init__(self, sheet: SheetXml, name: str, styles: Styles | None, strings: Callable[[], list[str]],
                 styles_factory: Callable[[], Styles] | None = None):
        self.sheet = sheet
        self.name = name
        self._styles = styles
        self._styles_factory = styles_factory
        self.strings = strings
        self._rows: dict[int, dict[int, object]] = {}
        self._edits: dict[tuple[int, int], etree._Element] = {}
        self._inserted: set[tuple[int, int]] = set()

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            self._styles = self._styles_factory()
        return self._styles

    # -- reading ----------------------------------------------------------------------------

    def _value(self, row: int, col: int) -> object:
        """A cell's value: a SUM over 200 rows reads 200 cells, not 200 rows."""
        values = self._rows.get(row)
        if values is None:
            span = self.sheet.row(row)
            if span is None:
                return None
            v = self.sheet.plain_value(span, col, self.strings)
            if v is not UNKNOWN:
                return v
            values = self._row_values(row)
        return values.get(col)

    def _row_values(self, row: int) -> dict[int, object]:
        if row not in self._rows:
            span = self.sheet.row(row)
            self._rows[row] = {} if span is None else self.sheet.row_values(span, self.strings)
        return self._rows[row]

    def _scan_formulas(self) -> dict[tuple[int, int], FormulaCell]:
        out: dict[tuple[int, int], FormulaCell] = {}
        masters: dict[str, tuple[str, str]] = {}
        for span in self.sheet.formula_cells():
            el = self.sheet.parse(span.start, span.end)
            f = el.find(q("f"))
            if f is None:
                continue
            kind = f.get("t", "normal")
            text = f.text or ""
            si = f.get("si")
            ref = f.get("ref", "")
            master = kind == "shared" and bool(text)
            if master and si is not None:
                masters[si] = (text, address(span.row, span.col))
            multi = kind == "array" and ":" in ref and ref.split(":")[0] != ref.split(":")[1]
            has_cached = el.find(q("v")) is not None or el.find(q("is")) is not None
            out[(span.row, span.col)] = FormulaCell(span.row, span.col, span, el, kind, text, si, master, multi,
                                                 has_cached, cell_value(el, self.strings) if has_cached else None)
        for fc in out.values():
            if fc.kind == "shared" and not fc.master:
                m = masters.get(fc.si or "")
                if m is not None:
                    try:
                        fc.text = _translate(m[0], m[1], address(fc.row, fc.col))
                    except Exception:
                        fc.text = ""
            if fc.kind in ("normal", "shared") or (fc.kind == "array" and not fc.multi):
                try:
                    fc.node = formulas.parse(fc.text, self.name) if fc.text else None
                except Unsupported:
                    fc.node = None
        return out

    # -- editing ----------------------------------------------------------------------------

    def _element(self, row: int, col: int) -> etree._Element:
        pos = (row, col)
        if pos in self._edits:
            return self._edits[pos]
        span = self.sheet.cell(row, col)
        if span is not None:
            el = self.sheet.parse(span.start, span.end)
        else:
            el = self.sheet.new_element("c")
            el.set("r", address(row, col))
            style = self.sheet.default_style(row, col)
            if style:
                el.set("s", str(style))
            self._inserted.add(pos)
        self._edits[pos] = el
        return el

    def _highlight(self, el: etree._Element, number_format: str | None) -> None:
        try:
            s = int(el.get("s", "0"))
        except ValueError:
            s = 0
        el.set("s", str(self.styles.highlight(s, number_format)))

    # -- the run ----------------------------------------------------------------------------

    def run(self, fixes: list[FixRequest], fills: list[FillRequest]) -> SheetResult:
        result = SheetResult()
        fcells = self._scan_formulas() if self.sheet.rows() else {}
        plain = {(f.row, f.col): f for f in fixes if (f.row, f.col) not in fcells}
        on_formula = {(f.row, f.col): f for f in fixes if (f.row, f.col) in fcells}
        dirty = dependents(fcells, set(plain) | set(on_formula))
        calc = Recalc(fcells, plain, on_formula, dirty, self._value)
        self._write_fixes(result, calc)
        self._refresh_dependents(calc)
        self._fill_missing(fills, calc)
        result.cells_changed = len(self._edits)
        splice(self.sheet, self._edits, self._inserted)
        return result

    def _write_fixes(self, result: SheetResult, calc: Recalc) -> None:
        """1. the corrected cells: plain cells take the value, formula cells keep their
        formula (new cached value) or lose it to the value."""
        fcells, on_formula = calc.fcells, calc.on_formula
        for pos, fix in sorted(calc.plain.items()):
            el = self._element(*pos)
            found = cell_value(el, self.strings)
            set_value(el, fix.value)
            self._highlight(el, fix.number_format)
            result.notes[fix.ref] = note_text(fix, found=found)
            result.applied.extend(fix.findings)
        for pos, fix in sorted(on_formula.items()):
            fc = fcells[pos]
            kind, v = calc.decide(pos)
            el = self._element(*pos)
            if kind == "keep":
                set_cached(el, v)
                extra = f"（公式 ={fc.text} 保留，其结果已按更正后的数值重算）"
            elif kind == "array":
                set_cached(el, v)
                extra = f"（数组公式 ={fc.text} 未改动，请在 Excel 中核对其计算范围）"
            else:
                set_value(el, fix.value)
                result.formulas_removed = True
                extra = f"（原公式 ={fc.text} 的计算结果与复核值不符，已改为数值）" if fc.text else "（原公式已改为数值）"
                if fc.master:
                    self._unshare(fcells, fc)
            self._highlight(el, fix.number_format)
            result.notes[fix.ref] = note_text(fix, extra, found=fc.cached)
            result.applied.extend(fix.findings)

    def _refresh_dependents(self, calc: Recalc) -> None:
        """2. the formulas that depend on a corrected cell get a new cached value."""
        for pos in sorted(calc.dirty):
            fc = calc.fcells[pos]
            if pos in calc.on_formula or not fc.has_cached:
                continue
            try:
                v = calc.evaluate(pos)
            except Unsupported:
                continue
            if type(v) is not type(fc.cached) or v != fc.cached:
                if is_number(v) and is_number(fc.cached) and float(v) == float(fc.cached):
                    continue
                set_cached(self._element(*pos), v)

    def _fill_missing(self, fills: list[FillRequest], calc: Recalc) -> None:
        """3. formulas without a cached value that a finding gave a value for."""
        for fill in fills:
            pos = (fill.row, fill.col)
            fc = calc.fcells.get(pos)
            if fc is None or fc.has_cached or pos in calc.on_formula:
                continue
            try:
                v = calc.evaluate(pos)
            except Unsupported:
                continue
            if is_number(v) and abs(float(v) - fill.expected) <= 0.005 + 1e-9:
                set_cached(self._element(*pos), v)

    def _unshare(self, fcells: dict[tuple[int, int], FormulaCell], master: FormulaCell) -> None:
        """The master of a shared formula loses its formula: its dependents get their own
        (translated) formula text, so none of them points at a master that is gone."""
        for fc in fcells.values():
            if fc.kind == "shared" and not fc.master and fc.si == master.si and fc.text:
                el = self._element(fc.row, fc.col)
                f = el.find(q("f"))
                if f is None:
                    continue
                for attr in ("t", "si", "ref"):
                    f.attrib.pop(attr, None)
                f.text = fc.text



__all__ = ["SheetFixer", "FixRequest", "FillRequest", "SheetResult", "note_text", "fix_shown"]
