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

import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ..a1 import address
from ..findings import Finding, format_number
from . import formulas
from .formulas import Unsupported
from .review_sheet import entered_text, shown
from .sheet_xml import CellSpan, SheetXml, cell_value, set_cached, set_value, widen_ref
from .styles import Styles
from .xmlutil import q

_UNSUPPORTED = object()
_C_TAG = q("c")


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


@dataclass
class _Formula:
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
    entered = entered_text(first) or shown(found) or "（空）"
    expected = first.extra.get("expected_text") or fix_shown(fix.value, fix.number_format)
    reasons: list[str] = []
    for f in fix.findings:
        r = _reason(f)
        if r not in reasons:
            reasons.append(r)
    return f"原填报 {entered}；应为 {expected}：{'；'.join(reasons)}{extra}"


def _tolerance(fix: FixRequest) -> float:
    """Half a unit of the last decimal the rules keep: 2 for scores, 4 for rates."""
    return (0.00005 if fix.number_format and "%" in fix.number_format else 0.005) + 1e-9


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


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

    def _row_values(self, row: int) -> dict[int, object]:
        if row not in self._rows:
            values: dict[int, object] = {}
            span = self.sheet.row(row)
            if span is not None:
                cells = self.sheet.cells(span)
                # the row parsed once, not cell by cell (a SUM over 200 rows reads them all);
                # cell by cell only if its children are not exactly the cells found
                parsed = [el for el in self.sheet.parse(span.start, span.end) if el.tag == _C_TAG]
                if len(parsed) != len(cells):
                    parsed = [self.sheet.parse(c.start, c.end) for c in cells]
                for c, el in zip(cells, parsed):
                    values[c.col] = cell_value(el, self.strings)
            self._rows[row] = values
        return self._rows[row]

    def _scan_formulas(self) -> dict[tuple[int, int], _Formula]:
        out: dict[tuple[int, int], _Formula] = {}
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
            out[(span.row, span.col)] = _Formula(span.row, span.col, span, el, kind, text, si, master, multi,
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

        # formulas that depend on a corrected cell, directly or through other formulas
        refs_of = {pos: formulas.refs(fc.node) for pos, fc in fcells.items() if fc.node is not None}
        dirty: set[tuple[int, int]] = set()
        frontier = set(plain) | set(on_formula)
        while frontier:
            newly = {pos for pos, rs in refs_of.items() if pos not in dirty
                     and any(r.contains(a, b) for r in rs for (a, b) in frontier)}
            dirty |= newly
            frontier = newly

        memo: dict[tuple[int, int], object] = {}
        busy: set[tuple[int, int]] = set()
        decisions: dict[tuple[int, int], tuple[str, object]] = {}
        deciding: set[tuple[int, int]] = set()

        def value(r: int, c: int) -> object:
            pos = (r, c)
            if pos in plain:
                return plain[pos].value
            if pos in on_formula:
                return decide(pos)[1]
            fc = fcells.get(pos)
            if fc is not None:
                if pos in dirty or not fc.has_cached:
                    return evaluate(pos)
                return fc.cached
            return self._row_values(r).get(c)

        def evaluate(pos: tuple[int, int]) -> object:
            if pos in memo:
                if memo[pos] is _UNSUPPORTED:
                    raise Unsupported("see above")
                return memo[pos]
            fc = fcells[pos]
            if fc.node is None or pos in busy:
                memo[pos] = _UNSUPPORTED
                raise Unsupported("cannot evaluate")
            busy.add(pos)
            try:
                v = formulas.evaluate(fc.node, value)
            except Unsupported:
                memo[pos] = _UNSUPPORTED
                raise
            finally:
                busy.discard(pos)
            memo[pos] = v
            return v

        def decide(pos: tuple[int, int]) -> tuple[str, object]:
            """("keep", evaluated) or ("replace", fixed value) or ("array", fixed value)."""
            if pos in decisions:
                return decisions[pos]
            fix = on_formula[pos]
            fc = fcells[pos]
            if pos in deciding:
                raise Unsupported("circular")
            deciding.add(pos)
            try:
                if fc.multi or fc.kind == "dataTable":
                    decision = ("array", fix.value)
                else:
                    try:
                        v = evaluate(pos)
                    except Unsupported:
                        v = None
                    if _is_number(v) and _is_number(fix.value) and abs(float(v) - float(fix.value)) <= _tolerance(fix):
                        decision = ("keep", v)
                    else:
                        decision = ("replace", fix.value)
            finally:
                deciding.discard(pos)
            decisions[pos] = decision
            return decision

        # 1. the corrected cells
        for pos, fix in sorted(plain.items()):
            el = self._element(*pos)
            found = cell_value(el, self.strings)
            set_value(el, fix.value)
            self._highlight(el, fix.number_format)
            result.notes[fix.ref] = note_text(fix, found=found)
            result.applied.extend(fix.findings)
        for pos, fix in sorted(on_formula.items()):
            fc = fcells[pos]
            kind, v = decide(pos)
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

        # 2. the formulas that depend on them
        for pos in sorted(dirty):
            fc = fcells[pos]
            if pos in on_formula or not fc.has_cached:
                continue
            try:
                v = evaluate(pos)
            except Unsupported:
                continue
            if type(v) is not type(fc.cached) or v != fc.cached:
                if _is_number(v) and _is_number(fc.cached) and float(v) == float(fc.cached):
                    continue
                set_cached(self._element(*pos), v)

        # 3. formulas without a cached value that a finding gave a value for
        for fill in fills:
            pos = (fill.row, fill.col)
            fc = fcells.get(pos)
            if fc is None or fc.has_cached or pos in on_formula:
                continue
            try:
                v = evaluate(pos)
            except Unsupported:
                continue
            if _is_number(v) and abs(float(v) - fill.expected) <= 0.005 + 1e-9:
                set_cached(self._element(*pos), v)

        result.cells_changed = len(self._edits)
        self._splice()
        return result

    def _unshare(self, fcells: dict[tuple[int, int], _Formula], master: _Formula) -> None:
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

    # -- writing back ---------------------------------------------------------------------

    def _splice(self) -> None:
        sheet = self.sheet
        prefix = sheet.prefix
        new_rows: dict[int, list[tuple[int, bytes]]] = {}
        for pos, el in sorted(self._edits.items()):
            data = SheetXml.to_bytes(el)
            if pos in self._inserted:
                new_rows.setdefault(pos[0], []).append((pos[1], data))
            else:
                span = sheet.cell(*pos)
                sheet.replace(span.start, span.end, data)
        if not new_rows:
            return
        missing_rows: list[tuple[int, bytes]] = []
        for row, cells in sorted(new_rows.items()):
            cells.sort()
            span = sheet.row(row)
            if span is None:
                body = b"".join(d for _, d in cells)
                missing_rows.append((row, b"<" + prefix + b'row r="' + str(row).encode() + b'">' + body + b"</" + prefix + b"row>"))
                continue
            tag = sheet.data[span.start:span.tag_end]
            new_tag = _widen_spans(tag, [c for c, _ in cells])
            if span.self_closing:
                open_tag = new_tag[:-2].rstrip() + b">"
                sheet.replace(span.start, span.end, open_tag + b"".join(d for _, d in cells) + b"</" + prefix + b"row>")
                continue
            if new_tag != tag:
                sheet.replace(span.start, span.tag_end, new_tag)
            existing = sheet.cells(span)
            for col, data in cells:
                before = [c for c in existing if c.col < col]
                sheet.insert(before[-1].end if before else span.tag_end, data)
        if missing_rows:
            if sheet.sheetdata_empty:
                tag = sheet.data[sheet.sheetdata_start:sheet.sheetdata_end]
                open_tag = tag[:-2].rstrip() + b">"
                sheet.replace(sheet.sheetdata_start, sheet.sheetdata_end,
                              open_tag + b"".join(d for _, d in missing_rows) + b"</" + prefix + b"sheetData>")
            else:
                rows = sheet.rows()
                for row, data in missing_rows:
                    after = next((r for r in rows if r.num > row), None)
                    sheet.insert(after.start if after is not None else sheet.sheetdata_close, data)
        self._widen_dimension(list(self._inserted))

    def _widen_dimension(self, cells: list[tuple[int, int]]) -> None:
        for span in self.sheet.head():
            if span.name != "dimension":
                continue
            el = self.sheet.parse(span.start, span.end)
            ref = el.get("ref")
            if not ref:
                return
            new = widen_ref(ref, cells)
            if new != ref:
                el.set("ref", new)
                self.sheet.replace(span.start, span.end, SheetXml.to_bytes(el))
            return


_SPANS = re.compile(rb"""(\sspans\s*=\s*["'])(\d+):(\d+)(["'])""")


def _widen_spans(tag: bytes, cols: list[int]) -> bytes:
    m = _SPANS.search(tag)
    if not m:
        return tag
    lo, hi = int(m.group(2)), int(m.group(3))
    nlo, nhi = min([lo, *cols]), max([hi, *cols])
    if (nlo, nhi) == (lo, hi):
        return tag
    return tag[:m.start()] + m.group(1) + f"{nlo}:{nhi}".encode() + m.group(4) + tag[m.end():]


__all__ = ["SheetFixer", "FixRequest", "FillRequest", "SheetResult", "note_text", "fix_shown"]
