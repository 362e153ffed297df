"""The funds block under its header: 项目资金（万元） on the national form, 资金情况 on the
衔接资金 form, 预算执行情况(10分) on the 四川 form. Rows are found by their labels (年度资金总额
/ 总额, 其中：财政拨款 / 财政资金, 上年结转资金, 财政专户管理资金, 单位资金, 其他资金); the heading
left of the columns gives the amounts' unit and, where the form states it, the weight."""

from __future__ import annotations

from ..a1 import col_letter
from ..model import Funds, FundsRow
from . import labels

MAX_FUNDS_ROWS = 8


def _text(cell) -> str:
    if cell is None or cell.value is None:
        return ""
    return cell.value if isinstance(cell.value, str) else str(cell.value)


def read_funds(sheet, header, hi: int) -> Funds:
    """The block whose header ``header`` (a tables._Header) is, down to the first row that
    is not a funds row (at most ``hi``); ``sheet`` is the SheetTables reading it."""
    spans = header.spans
    first_value_col = min(c1 for c1, _ in spans.values())
    funds = Funds(header_row=header.row, columns=sorted(spans, key=lambda r: spans[r][0]),
                  column_letters={role: col_letter(span[0]) for role, span in spans.items()})
    if "weight" in spans:
        funds.header_weight = labels.header_weight(_text(sheet.grid.get(header.row, spans["weight"][0])[1]))
    # The block heading left of the columns: 项目资金（万元）, 预算执行情况(10分), 资金情况（元）.
    for col, pos, cell in sheet._resolved_row(header.row):
        if col < first_value_col and isinstance(cell.value, str):
            unit, weight = labels.funds_heading(cell.value)
            funds.unit = funds.unit or unit
            if funds.header_weight is None:
                funds.header_weight = weight
    seen_rows = 0
    for row in sheet._rows_in(header.bottom + 1, hi):
        resolved = sheet._resolved_row(row)
        pieces = [_text(cell) for col, pos, cell in resolved if col < first_value_col and isinstance(cell.value, str)]
        label = "".join(pieces)
        # A merged heading stands in every row's label: the row's own label decides.
        kind = next((k for k in map(labels.funds_row_kind, reversed(pieces)) if k), None) or labels.funds_row_kind(label)
        if kind is None:
            if any(col >= first_value_col for col, _, _ in resolved) or label.strip():
                break
            continue
        cells = {role: sheet._cell_in_span(row, span, own_only=False) for role, span in spans.items()
                 if role not in ("method", "reason", "completion")}
        # 原因 is often one cell merged down the block (the printed instruction): its own row only.
        for role in ("reason", "completion"):
            if role in spans:
                cells[role] = sheet._cell_in_span(row, spans[role], own_only=True)
        fr = FundsRow(kind=kind, label=labels.normalize(label), row=row, **cells)
        if kind == "total":
            if funds.total is not None:
                break
            funds.total = fr
        elif funds.source(kind) is None:
            funds.sources.append(fr)
        seen_rows += 1
        if seen_rows >= MAX_FUNDS_ROWS:
            break
    return funds
