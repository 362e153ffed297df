"""Find the self-evaluation tables in a Grid by their labels and read them into the model.

A table is anchored on its 绩效指标 header row (a row naming 三级指标 and at least two of
年度指标值 / 实际完成值 / 分值 / 得分). Above it, up to the end of the table before, lie
the title, the year line, the labelled fields and the 项目资金 block; below it, the
indicator rows, down to the 总分 row, a footer line, or the start of the next table.
Nothing is found by a fixed address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell, Field, Indicator, Table, Total
from . import labels
from ..a1 import address, col_letter
from . import forms
from .funds import read_funds
from .grid import Grid
from .sheet_rows import ANY, OWN, TEXT, SheetRows, _address, _is_blank_text, _text, make_cell
from .values import parse_cell

VALUE_ROLES = ("target", "actual", "weight", "score")
TEXT_ROLES = ("method", "explanation", "category", "criteria", "formula_note")
SPLIT_ROLES = ("op", "unit")  # 指标性质 | 度量单位 beside 指标值


@dataclass
class _RowRead:
    row: int
    indicator: Indicator
    indented: bool = False  # the 三级 name was typed with leading spaces (a part of a ★ row)


def _extra_spans(spans: dict[str, tuple[int, int]]) -> list[tuple[str, tuple[int, int]]]:
    """(key, span) of a header's further columns: 指标性质, 度量单位, 复核分, 县级 / 市级 scores
    (the latter keyed by their label)."""
    return [(role.partition("other:")[2] or role, span) for role, span in spans.items()
            if role in SPLIT_ROLES or role == "review_score" or role.startswith("other:")]


@dataclass(slots=True)
class _Levels:
    """一级 and 二级 as carried down the indicator rows: merged down, repeated, or written once above."""
    level1: str = ""
    level1_weight: float | None = None
    level1_addr: str = ""
    level2: str = ""
    level2_weight: float | None = None
    level2_addr: str = ""
    # the header's (key, span) of its further columns, listed once per scan
    extras: list[tuple[str, tuple[int, int]]] = field(default_factory=list)


@dataclass
class _Header:
    row: int
    bottom: int  # last row the header occupies (merged header cells may span two rows)
    spans: dict[str, tuple[int, int]]  # role -> (first col, last col)


class SheetTables(SheetRows):
    """All tables of one sheet."""

    def _header(self, row: int, roles_of) -> _Header | None:
        spans: dict[str, tuple[int, int]] = {}
        bottom = row
        for col, pos, cell in self._resolved_row(row):
            if not isinstance(cell.value, str):
                continue
            role = roles_of(cell.value)
            if role is None or role in spans:
                continue
            r2, c2 = self.grid.span(*pos)
            spans[role] = (pos[1], max(c2, col))
            bottom = max(bottom, r2)
        return _Header(row, bottom, spans) if spans else None

    # -- the scan -------------------------------------------------------------------------

    def indicator_headers(self) -> list[_Header]:
        out: list[_Header] = []
        if not self.sheet_flags & labels.NAMES_LEVEL3:  # no 三级指标 label anywhere: no table
            return out
        for row, flags in self.row_flags().items():
            if not flags & labels.NAMES_LEVEL3:
                continue
            h = self._header(row, labels.indicator_column)
            # 县级 / 市级 score columns count as scores for finding a 评分表 without 得分.
            scores = sum(r.startswith("other:") for r in h.spans) if h else 0
            if h and "level3" in h.spans and sum(r in h.spans for r in VALUE_ROLES) + min(scores, 1) >= 2:
                out.append(h)
        return out

    def tables(self) -> list[Table]:
        headers = self.indicator_headers()
        tables: list[Table] = []
        prev_end = 0
        for i, header in enumerate(headers):
            limit = headers[i + 1].row - 1 if i + 1 < len(headers) else self.grid.max_row
            table = Table(sheet=self.grid.name, first_row=prev_end + 1, last_row=header.bottom)
            self._read_top(table, prev_end + 1, header.row - 1)
            table.kind = self._kind(table, header)  # from the top part and the header alone
            self._read_indicators(table, header, limit)
            tables.append(table)
            prev_end = table.last_row
        return tables

    # -- above the indicator header -------------------------------------------------------

    def _read_top(self, table: Table, lo: int, hi: int) -> None:
        first_content = None
        filler: Field | None = None  # 填报单位 stands in for 实施单位 where the form has none
        row_flags = self.row_flags()
        for row in self._rows_in(lo, hi):
            texts = self._row_texts(row)
            if texts and first_content is None:
                first_content = row
            for col, text in texts:
                norm = labels.normalize(text)
                if not table.code and norm.startswith("报表编号"):
                    table.code = norm.partition(":")[2]
                    continue
                if not table.title and labels.is_title(text):
                    table.title = norm
                    table.year = table.year or labels.year_in(text)
                    continue
                if table.year is None and len(norm) <= 12 and "年" in text:
                    table.year = labels.year_in(text)
                hit = labels.field_label(text)
                if not hit:
                    continue
                key, read = hit[0], self._read_field(row, col, text, hit[1])
                if key == "filler":
                    if read.value is not None and filler is None:
                        filler = read
                    continue
                attr = {"name": "project_name", "department": "department", "unit": "unit"}[key]
                if getattr(table, attr) is None:
                    setattr(table, attr, read)
            # A 项目资金 header names 全年执行数 in its own texts, or in a merge from a row above.
            if table.funds is None and (row_flags[row] & labels.NAMES_EXECUTED or self.grid.merged_into(row)):
                header = self._header(row, labels.funds_column)
                if header and "executed" in header.spans and (
                    "initial_budget" in header.spans or "annual_budget" in header.spans
                ):
                    table.funds = read_funds(self, header, hi)
        if first_content is not None:
            table.first_row = first_content
        if table.unit is None:
            table.unit = filler

    def _read_field(self, row: int, col: int, text: str, rest: str) -> Field:
        """A labelled field; its value is written after the label in the same cell, or in
        the next cell to the right that is not itself a label."""
        if rest:
            label = labels.normalize(text).partition(":")[0]
            value = Cell(address(row, col), rest, parse_cell(rest))
        else:
            label = labels.core(text)
            value = self._value_right_of(row, col)
        return Field(label=label, label_address=address(row, col), value=value)

    def _value_right_of(self, row: int, col: int) -> Cell | None:
        _, end_col = self.grid.span(row, col)
        for c, pos, cell in self._resolved_row(row):
            if c <= end_col or pos == (row, col):
                continue
            text = _text(cell)
            if isinstance(cell.value, str) and (labels.is_label(text) or labels.field_label(text)):
                return None
            if not _is_blank_text(text):
                return make_cell(pos, cell)
            return None
        return None

    # -- the indicator block --------------------------------------------------------------

    def _stops_block(self, row: int, label_cols: int) -> bool:
        """A row that belongs to the next table or to the footer, not to the indicators."""
        flags = self._flags[row]
        if flags & labels.STARTS_TABLE:
            return True
        texts = self._row_texts(row)
        if flags & labels.FUNDS_TOTAL and any(col < label_cols and labels.starts_table(text)[1] for col, text in texts):
            return True
        return bool(texts) and labels.is_footer(texts[0][1])

    def _read_indicators(self, table: Table, header: _Header, limit: int) -> None:
        table.indicator_header_row = header.row
        table.indicator_columns = {role: _col_letters(span) for role, span in header.spans.items()}
        rows, table.total, last_row = self.scan_indicators(header, limit)
        table.indicators = forms.attach_parts([(r.indicator, r.indented) for r in rows])
        table.last_row = max(last_row, header.bottom)
        table.form = forms.form_of(table, header.spans)
        # The block label left of 一级指标 may state the indicators' weight: 绩效指标(90分).
        level1_col = header.spans.get("level1", (10**6, 0))[0]
        for col, _, cell in self._resolved_row(header.row):
            if col < level1_col and isinstance(cell.value, str):
                table.indicators_weight = labels.weight_in(cell.value)[1] or table.indicators_weight

    def scan_indicators(self, header: _Header, limit: int, stop=None,
                        read: bool = True) -> tuple[list[_RowRead], Total | None, int]:
        """The indicator rows under a header, down to the 总分/合计 row (read), a row that
        starts the next table or the footer, or one ``stop(row)`` says ends the block.
        Returns (rows, total, last row read). Project and department-wide tables share it.
        With ``read`` False only where the block ends is worked out: no row or total is
        read (a department-wide table is read again, with its own stop, by DepartmentSheet)."""
        spans = header.spans
        value_spans = [spans[r] for r in VALUE_ROLES if r in spans]
        first_value_col = min((s[0] for s in value_spans), default=10**6)
        levels = _Levels(extras=_extra_spans(spans))
        total = None
        last_row = header.bottom
        block: list[int] = []  # the rows to read, read together once the block's end is known
        for row in self._rows_in(header.bottom + 1, limit):
            label = self._total_in(row, first_value_col)
            if label is not None:
                total = self._read_total(row, label, spans) if read else None
                last_row = row
                break
            if self._stops_block(row, first_value_col) or (stop is not None and stop(row)):
                break
            if self._is_note_row(row):
                continue
            if not read:
                if self._has_indicator(row, spans, value_spans):
                    last_row = row
                continue
            block.append(row)
        out = self._read_block(block, spans, levels) if block else []
        if out and total is None:  # the total row, when there is one, is below every indicator
            last_row = out[-1].row
        return out, total, last_row

    def _has_indicator(self, row: int, spans: dict[str, tuple[int, int]], value_spans: list[tuple[int, int]]) -> bool:
        """What _read_block would read a row for: its own 三级 name or 二级 label, or a value."""
        for role in ("level3", "level2"):
            if role in spans:
                got = self._text_in_span(row, spans[role])
                if got is not None and got[0][0] == row:
                    return True
        return any(self.grid.first_filled(row, s[0], s[1], True) is not None for s in value_spans)

    def _read_block(self, rows: list[int], spans: dict[str, tuple[int, int]], levels: _Levels) -> list[_RowRead]:
        """The indicator rows among ``rows``, in order; a row with no name, no own 二级 label
        and no value is none. Each column is read down all the rows at once (_column)."""
        column, cells = self._column, self._cells
        level1, level2, level3 = (column(rows, spans[r], TEXT) if r in spans else None
                                  for r in ("level1", "level2", "level3"))
        target, actual, weight, score = (cells(rows, spans.get(r), OWN) for r in VALUE_ROLES)
        method, explanation, category, criteria, formula_note = (cells(rows, spans.get(r), ANY) for r in TEXT_ROLES)
        extras = [(key, cells(rows, span, OWN)) for key, span in levels.extras]
        split = "op" in spans or "unit" in spans
        out = []
        for i, row in enumerate(rows):
            # 一级 and 二级: merged down or repeated (resolved), or written once above (carried).
            own_level2 = False
            got = level1[i] if level1 else None
            if got is not None:
                pos, text = got
                name, w = labels.weight_in(text)
                where = _address(pos)
                if where != levels.level1_addr:
                    levels.level2 = levels.level2_addr = ""
                    levels.level2_weight = None
                levels.level1, levels.level1_weight, levels.level1_addr = name, w, where
            got = level2[i] if level2 else None
            if got is not None:
                pos, text = got
                levels.level2, levels.level2_weight = labels.weight_in(text)
                levels.level2_addr = _address(pos)
                own_level2 = pos[0] == row
            name_cell, name, raw_name = None, "", ""
            got = level3[i] if level3 else None
            if got is not None and got[0][0] == row:
                name_cell, raw_name, name = _address(got[0]), got[1], got[1].strip()
            if not (name or own_level2 or target[i] or actual[i] or weight[i] or score[i]):  # a Cell is always true
                continue
            extra = {key: col[i] for key, col in extras if col[i] is not None}
            row_target, parts = target[i], {}
            if split:
                row_target, parts = forms.split(row_target, extra.pop("op", None), extra.pop("unit", None))
            out.append(_RowRead(row, indented=bool(raw_name) and forms.is_indented(raw_name), indicator=Indicator(
                row=row, level1=levels.level1, level1_weight=levels.level1_weight,
                level1_address=levels.level1_addr or None, level2=levels.level2, name=name, name_address=name_cell,
                target=row_target, actual=actual[i], weight=weight[i], score=score[i], method=method[i],
                explanation=explanation[i], category=category[i], criteria=criteria[i],
                formula_note=formula_note[i], level2_weight=levels.level2_weight,
                level2_address=levels.level2_addr or None, key=labels.normalize(name).startswith("★"),
                target_parts=parts, review_score=extra.pop("review_score", None), other_scores=extra,
            )))
        return out

    def _is_note_row(self, row: int) -> bool:
        """A 其他需要说明事项 line inside the block: a note, not an indicator."""
        texts = self._row_texts(row)
        return bool(texts) and labels.core(texts[0][1]) in labels.NOTE_ROW_LABELS

    def _total_in(self, row: int, first_value_col: int) -> tuple[int, int] | None:
        """The 总分 / 合计 label of a row, left of the values: a text of the row's own (a
        merge reaching down from above is that row's)."""
        if not self._flags[row] & labels.TOTAL_LABEL:
            return None
        covered = self.grid.is_covered
        for col, text in self._row_texts(row):
            if col >= first_value_col:
                break
            if labels.is_total(text) and not covered(row, col):
                return row, col
        return None

    def _read_total(self, row: int, label_pos: tuple[int, int], spans: dict[str, tuple[int, int]]) -> Total:
        label_cell = self.grid.own(*label_pos)
        total = Total(row=row, label=labels.core(_text(label_cell)), label_address=address(*label_pos))

        def value_in(span: tuple[int, int]) -> Cell | None:
            # The label is often merged across the 分值 column: that is the label, not a value.
            cell = self._cell_in_span(row, span, own_only=True)
            return None if cell is not None and cell.address == total.label_address else cell

        if "weight" in spans:
            total.weight = value_in(spans["weight"])
        if "score" in spans:
            total.score = value_in(spans["score"])
        if total.score is None:
            # Some forms write the total in the last cell of the row (seed 001, table 3).
            weight_col = spans.get("weight", (0, 0))
            _, label_end = self.grid.span(*label_pos)
            for col, pos, cell in reversed(self._resolved_row(row)):
                if col <= label_end or weight_col[0] <= col <= weight_col[1] or pos[0] != row:
                    continue
                c = make_cell(pos, cell)
                if c.number is not None or c.formula:
                    total.score = c
                    break
        for col, pos, cell in self._resolved_row(row):  # a grade written beside the total: 优
            if pos[0] == row and isinstance(cell.value, str) and labels.normalize(cell.value) in labels.GRADES:
                total.grade = make_cell(pos, cell)
        return total

    def _kind(self, table: Table, header: _Header) -> str:
        if "criteria" in header.spans and table.project_name is None and table.funds is None:
            return "department_scoring"
        if table.project_name is None and table.funds is None:
            if "部门" in table.title or "整体" in table.title or not table.title:
                return "department"
        return "project"


def _col_letters(span: tuple[int, int]) -> str:
    return col_letter(span[0]) if span[0] == span[1] else f"{col_letter(span[0])}:{col_letter(span[1])}"


def find_tables(grid: Grid) -> list[Table]:
    return SheetTables(grid).tables()
