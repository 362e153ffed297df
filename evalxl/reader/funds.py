"""The funds block under its header: 项目资金（万元） on the national form, 资金情况 on the
衔接资金 form, 预算执行情况(10分) on the 四川 form. Rows are found by their labels (年度资金总额
/ 总额, 其中：财政拨款 / 财政资金, 上年结转资金, 财政专户管理资金, 单位资金, 其他资金); the heading
left of the columns gives the amounts' unit and, where the form states it, the weight."""

from __future__ import annotations

from ..a1 import col_letter
from ..model import Funds, FundsRow
from . import labels
from .sheet_rows import ANY, OWN

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
    kept: list[tuple[int, str, str]] = []  # (row, kind, label): the block's rows, their cells read below
    seen_rows, kinds = 0, set()
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
        if kind == "total":
            if "total" in kinds:
                break
            kept.append((row, kind, label))
        elif kind not in kinds:  # a second row of a source is not read
            kept.append((row, kind, label))
        kinds.add(kind)
        seen_rows += 1
        if seen_rows >= MAX_FUNDS_ROWS:
            break
    _add_rows(sheet, funds, spans, kept)
    return funds


def _add_rows(sheet, funds: Funds, spans: dict[str, tuple[int, int]], kept: list[tuple[int, str, str]]) -> None:
    """The block's rows with their cells, each column read down the rows at once."""
    rows = [row for row, _, _ in kept]
    columns = {role: sheet._cells(rows, span, ANY) for role, span in spans.items()
               if role not in ("method", "reason", "completion")}
    # 原因 is often one cell merged down the block (the printed instruction): its own row only.
    for role in ("reason", "completion"):
        if role in spans:
            columns[role] = sheet._cells(rows, spans[role], OWN)
    for i, (row, kind, label) in enumerate(kept):
        fr = FundsRow(kind=kind, label=labels.normalize(label), row=row, **{role: c[i] for role, c in columns.items()})
        if kind == "total":
            funds.total = fr
        else:
            funds.sources.append(fr)
