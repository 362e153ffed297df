"""Department-wide tables and 基础数据表, read by their labels.

    read_department(grid, found, limit) -> DepartmentTable
    find_base_data(grid)                -> BaseData | None

``tables.py`` finds every table by its 绩效指标 header and says which kind it is; a
department-wide one (kind "department": a 部门整体绩效自评表, seed 003; kind
"department_scoring": a 评分表 with a 评价标准 column, seed 002) is read here, from the
same header, into a DepartmentTable: the fields above the header (单位名称, 基本支出总额,
项目支出总额, 部门预算总额, 年度目标), every indicator row with its 指标分类 / 评价标准 /
指标说明 and the weight written in its 二级 label, the 合计 row where there is one, and
the 偏差大或目标未完成原因分析 / 改进措施及结果应用方案 blocks below the indicators.

A 基础数据表 is found in any sheet by its column labels: 编制数 | 实际在职人数 and the
楼堂馆所 columns hold their value in the row below; a header of year-and-basis columns
(2019年决算数 | 2020年预算数 | 2020年决算数) holds, in the rows below it, one number per
row label (三公经费, 公用经费, 政府采购金额 …). Only the quantities whose labels it knows
are kept (labels.BASE_COLUMN_LABELS, labels.BASE_ROW_LABELS).
"""

from __future__ import annotations

from ..a1 import address, split_address
from ..model import BaseData, BaseItem, Cell, DepartmentTable, Empty, Field, Indicator, Table, Total
from . import labels
from .sheet_rows import _text, make_cell
from .tables import VALUE_ROLES, SheetTables, _col_letters, _Header
from .grid import Grid

MAX_BLOCK_ROWS = 12  # rows below the indicators searched for the 偏差 / 改进 blocks


class DepartmentSheet(SheetTables):
    """The department-wide tables and the 基础数据表 of one sheet."""

    def _header(self, row: int, roles_of) -> _Header | None:
        """A 评分表 that gives its scores by level only (县级评分 | 市级评分, no 得分 column): the
        unit's own score is the 自评 column, else the lowest level's (县/区 before 市/州 before
        省); the others stay further columns (Indicator.other_scores)."""
        h = super()._header(row, roles_of)
        if h is None or roles_of is not labels.indicator_column or "score" in h.spans:
            return h
        levels = [(role, span) for role, span in h.spans.items() if role.startswith("other:") and "级" in role]
        if levels:
            order = "区县州市省"
            role, span = min(levels, key=lambda rs: (0 if "自评" in rs[0] else 1,
                                                     next((order.index(c) for c in rs[0][6:] if c in order), 9)))
            h.spans["score"] = span
        return h

    def _kind(self, table: Table, header: _Header) -> str:
        """A 部门整体 table in the national project form (安徽: 部门 where 项目名称 stands, a
        预算资金 block) is department-wide: its title says so and no 项目名称 contradicts it."""
        kind = super()._kind(table, header)
        if kind == "project" and table.project_name is None and "部门整体" in labels.normalize(table.title or ""):
            return "department"
        return kind

    def _read_indicators(self, table: Table, header: _Header, limit: int) -> None:
        """A department-wide table is read again by ``read`` (with its own stop and limit):
        here only where its indicator block ends (the next table starts after it)."""
        if table.kind == "project":
            super()._read_indicators(table, header, limit)
            return
        table.indicator_header_row = header.row
        table.indicator_columns = {role: _col_letters(span) for role, span in header.spans.items()}
        table.last_row = max(self.scan_indicators(header, limit, read=False)[2], header.bottom)

    # -- the table ------------------------------------------------------------------------

    def read(self, found: Table, limit: int) -> DepartmentTable | None:
        if found.indicator_header_row is None:
            return None
        header = self._header(found.indicator_header_row, labels.indicator_column)
        if header is None or "level3" not in header.spans:
            return None
        kind = "scoring" if found.kind == "department_scoring" else "self_eval"
        dt = DepartmentTable(kind=kind, sheet=self.grid.name, first_row=found.first_row, last_row=header.bottom,
                             title=found.title, year=found.year)
        dt.funds = found.funds  # 安徽: a 预算资金 block above the indicators
        self._read_fields(dt, found.first_row, header.row - 1)
        if dt.unit is None and found.unit is not None:
            dt.unit = found.unit
        last = self._read_rows(dt, header, limit)
        if dt.total is None and dt.declared_total is not None and dt.declared_total.value is not None:
            # 重庆: the total stands above the table (自评总分（分） 97.6), not in a 合计 row
            label_row = split_address(dt.declared_total.label_address)[0]
            dt.total = Total(row=label_row, label=dt.declared_total.label, label_address=dt.declared_total.label_address,
                             score=dt.declared_total.value)
        last = self._read_blocks(dt, last, limit)
        dt.last_row = max(last, header.bottom)
        return dt

    def _read_fields(self, dt: DepartmentTable, lo: int, hi: int) -> None:
        for row in self._rows_in(lo, hi):
            for col, text in self._row_texts(row):
                hit = labels.department_field(text)
                if not hit:
                    continue
                key, rest = hit
                if rest:
                    label = labels.core(labels.normalize(text).partition(":")[0])
                    value = Cell(address(row, col), rest, Empty() if not rest else _typed(rest))
                else:
                    label = labels.core(text)
                    value = self._department_value(row, col)
                current = getattr(dt, key)
                if current is None or (not current.text and value is not None and value.text):
                    setattr(dt, key, Field(label=label, label_address=address(row, col), value=value))

    def _department_value(self, row: int, col: int) -> Cell | None:
        cell = self._value_right_of(row, col)
        if cell is not None and isinstance(cell.raw, str) and (
                labels.department_field(cell.raw) or labels.department_block(cell.raw)):
            return None
        return cell

    def _read_rows(self, dt: DepartmentTable, header: _Header, limit: int) -> int:
        spans = header.spans
        dt.indicator_header_row = header.row
        dt.indicator_columns = {role: _col_letters(span) for role, span in spans.items()}
        label_col = spans["level3"][0]
        rows, dt.total, last_row = self.scan_indicators(header, limit, stop=lambda r: self._department_stop(r, label_col))
        for read in rows:
            prev = dt.indicators[-1] if dt.indicators else None
            ind = read.indicator
            if prev is not None and ind.name and self._shares_weight(read.row, spans, prev):
                # 经济效益 / 社会效益 under one 分值 cell merged down both rows: one indicator.
                prev.shared_names = (*prev.shared_names, ind.name)
                continue
            dt.indicators.append(ind)
        return last_row

    def _shares_weight(self, row: int, spans: dict, prev: Indicator) -> bool:
        """The row's 分值 cell is the previous indicator's, merged down over this row, and
        the row has no value of its own."""
        if "weight" not in spans or prev.weight is None:
            return False
        pos, _ = self.grid.get(row, spans["weight"][0])
        if pos[0] == row or address(*pos) != prev.weight.address:
            return False
        own = [self._cell_in_span(row, spans[r], own_only=True) for r in VALUE_ROLES if r in spans]
        return all(c is None for c in own)

    def _department_stop(self, row: int, label_col: int) -> bool:
        """A row of the blocks below the indicators (their label stands left of the 三级
        column), or of a 基础数据表 below the table."""
        texts = self._row_texts(row)
        for col, text in texts:
            if col < label_col and labels.department_block(text):
                return True
            if labels.is_base_title(text):
                return True
        return sum(1 for _, t in texts if labels.base_column(t) is not None) >= 2

    def _read_blocks(self, dt: DepartmentTable, last: int, limit: int) -> int:
        seen = 0
        for row in self._rows_in(last + 1, limit):
            seen += 1
            if seen > MAX_BLOCK_ROWS:
                break
            texts = self._row_texts(row)
            if not texts:
                continue
            col, text = texts[0]
            kind = labels.department_block(text)
            if kind is None:
                if labels.is_title(text) or labels.is_base_title(text) or labels.is_footer(text):
                    break
                continue
            if getattr(dt, kind) is not None:
                continue
            value = self._department_value(row, col)
            if value is None:  # blank: point at the cell where the text belongs
                _, end_col = self.grid.span(row, col)
                value = Cell(address(row, end_col + 1), None, Empty())
            setattr(dt, kind, Field(label=labels.normalize(text), label_address=address(row, col), value=value))
            last = row
        return last

    # -- the 基础数据表 ----------------------------------------------------------------------

    def base_data(self) -> BaseData | None:
        if not self._has_base_labels():
            return None
        bd = BaseData(sheet=self.grid.name, first_row=0, last_row=0)
        seen: set[tuple] = set()
        money: dict[int, tuple[str, int | None, str]] | None = None  # col -> (basis, year, label)
        money_first_col = 0
        for row in self.rows:
            own = [(col, pos, cell) for col, pos, cell in self._resolved_row(row) if pos[0] == row]
            texts = [(col, _text(cell)) for col, pos, cell in own if isinstance(cell.value, str) and _text(cell).strip()]
            for col, text in texts:
                if not bd.title and labels.is_base_title(text) and "基础数据" in labels.normalize(text):
                    bd.title = labels.normalize(text)
                    bd.first_row = bd.first_row or row
                hit = labels.department_field(text)
                if hit and hit[0] == "unit" and bd.unit is None:
                    value = Cell(address(row, col), hit[1], _typed(hit[1])) if hit[1] else self._department_value(row, col)
                    bd.unit = Field(label=labels.core(text.partition("：")[0].partition(":")[0]),
                                    label_address=address(row, col), value=value)
            columns = {col: labels.base_column(text) for col, text in texts}
            columns = {col: c for col, c in columns.items() if c is not None}
            if columns:
                money = None
                for col, (key, basis, year) in columns.items():
                    label = labels.normalize(dict(texts)[col])
                    if key:
                        self._add(bd, seen, BaseItem(key, "", label, self._below(row, col), year, basis))
                money_cols = {col: (basis, year, labels.normalize(dict(texts)[col]))
                              for col, (key, basis, year) in columns.items() if not key}
                if money_cols:
                    money, money_first_col = money_cols, min(money_cols)
                bd.first_row = bd.first_row or row
                bd.last_row = max(bd.last_row, row + 1)
                continue
            if money is None:
                continue
            label_text = next((t for c, t in texts if c < money_first_col), "")
            if not label_text:
                continue
            key = labels.base_row(label_text)
            if key is None:
                continue
            for col, (basis, year, column_label) in money.items():
                pos, raw = self.grid.get(row, col)
                cell = make_cell(pos, raw) if raw is not None and pos[0] == row else Cell(address(row, col), None, Empty())
                self._add(bd, seen, BaseItem(key, labels.normalize(label_text).rstrip(":"), column_label, cell, year, basis))
            bd.last_row = max(bd.last_row, row)
        return bd if bd.items else None

    def _has_base_labels(self) -> bool:
        return bool(self.sheet_flags & labels.BASE_LABEL)

    def _below(self, row: int, col: int) -> Cell:
        """The value under a column label (the label may be merged down two rows)."""
        bottom, _ = self.grid.span(row, col)
        r = bottom + 1
        pos, raw = self.grid.get(r, col)
        if raw is not None and pos[0] == r and (raw.value not in (None, "") or raw.formula):
            return make_cell(pos, raw)
        return Cell(address(r, col), None, Empty())

    @staticmethod
    def _add(bd: BaseData, seen: set, item: BaseItem) -> None:
        # every cell that holds a quantity is kept, even a second one of the same quantity
        # (3、公务接待 and 公务接待费): which one a formula means is the binder's question
        key = (item.key, item.basis, item.year, item.cell.address)
        if key in seen:
            return
        seen.add(key)
        bd.items.append(item)


def _typed(text: str):
    from .values import parse_cell

    return parse_cell(text)


def read_department(grid: Grid, found: Table, limit: int | None = None) -> DepartmentTable | None:
    return DepartmentSheet(grid).read(found, grid.max_row if limit is None else limit)


def find_base_data(grid: Grid) -> BaseData | None:
    return DepartmentSheet(grid).base_data()
