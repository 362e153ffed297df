"""The locator's fast paths give what the full reading gives.

A department-wide table is read twice: once by ``tables()`` (which only needs where its
indicator block ends, so it scans with ``read=False``) and once, fully, by
``DepartmentSheet.read``. The short scan must end the block on the row the full scan
ends it on, for every kind of row: a named row, a row with only its own 二级 label, a row
with only a value, a blank row, a note row, the 合计 row, a row that starts the next table.
And the 项目资金 header, looked for only in rows whose flags say they can hold one, is still
found where its 全年执行数 label reaches the row from a merge above."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_real_forms import grid  # a Grid from {A1: value} and merges

from evalxl.a1 import split_address
from evalxl.reader import read_grids
from evalxl.reader.department import DepartmentSheet
from evalxl.reader.grid import Grid, RawCell

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BOOKS = sorted(p for p in SAMPLES.rglob("*") if p.suffix.lower() in (".xlsx", ".xls", ".docx"))


def ends(g: Grid) -> list[tuple[int, int, int]]:
    """(header row, block end by the short scan, block end by the full scan) of every header,
    over the limits tables() and DepartmentSheet.read give it, with and without the
    department-wide stop."""
    scan = DepartmentSheet(g)
    headers = scan.indicator_headers()
    out = []
    for i, h in enumerate(headers):
        limit = headers[i + 1].row - 1 if i + 1 < len(headers) else g.max_row
        label_col = h.spans["level3"][0]
        for stop in (None, lambda r: scan._department_stop(r, label_col)):
            short = scan.scan_indicators(h, limit, stop=stop, read=False)
            full = scan.scan_indicators(h, limit, stop=stop)
            assert short[0] == [] and short[1] is None  # nothing read
            out.append((h.row, short[2], full[2]))
    return out


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_short_scan_ends_where_the_full_scan_ends_on_every_sample(path):
    found = [e for g in read_grids(path).values() for e in ends(g)]
    assert found  # every sample holds at least one table
    assert all(short == full for _, short, full in found), found


HEAD = {
    "A1": "部门整体绩效自评表",
    "A2": "一级指标", "B2": "二级指标", "C2": "三级指标", "D2": "分值", "E2": "得分",
    "A3": "产出指标", "B3": "数量指标", "C3": "发放人数", "D3": 10, "E3": 10,
}


@pytest.mark.parametrize("row4, merges, end", [
    ({"B4": "质量指标"}, (), 4),  # only its own 二级 label: an indicator row
    ({"E4": 5}, (), 4),  # only a value
    ({"E4": RawCell(None, "=E3")}, (), 4),  # only a formula (no cached value)
    ({"C4": "时效指标"}, (), 4),  # only a name
    ({"C4": "  "}, (), 3),  # a name of spaces: nothing
    ({"C4": "—"}, (), 3),  # a placeholder name: nothing
    ({}, ("B3:B4", "D3:D4"), 3),  # 二级 and 分值 merged down from row 3: row 3's, not row 4's
    ({"A4": "其他需要说明事项", "E4": 5}, (), 3),  # a note row
    ({"A4": "合计", "D4": 100}, (), 4),  # the total row ends the block on itself
    ({"A4": "项目名称", "E4": 5}, (), 3),  # a field label: the next table starts
    ({"A4": "年度资金总额", "E4": 5}, (), 3),  # a funds total label left of the values (D): a funds block starts
    ({"F4": "年度资金总额", "E4": 5}, (), 4),  # … right of them it is only text: row 4 has a value
], ids=["level2", "value", "formula", "name", "spaces", "placeholder", "merged-down", "note", "total", "next-table",
        "funds-total-left", "funds-total-right"])
def test_short_scan_on_each_kind_of_row(row4, merges, end):
    cells = {**HEAD, **{k: v for k, v in row4.items() if not isinstance(v, RawCell)}}
    g = grid(cells, merges)
    for ref, raw in row4.items():
        if isinstance(raw, RawCell):
            r, c = split_address(ref)
            g.rows.setdefault(r, {})[c] = raw
    # by hand: row 3 is an indicator; row 4 extends the block to 4 only when it is one too
    assert ends(g) == [(2, end, end), (2, end, end)]


def test_funds_header_whose_executed_label_is_merged_down_from_the_row_above():
    # The 项目资金 header is looked for only in rows naming 全年执行数 in their own texts, or
    # under a merge from above: here 全年执行数 (E3:E4) reaches row 4 from row 3, and row 3
    # alone (no 年初预算数 / 全年预算数) is no funds header, so the header is row 4.
    from evalxl.model import Quantity
    from evalxl.reader.tables import find_tables

    t, = find_tables(grid({
        "A1": "项目支出绩效自评表", "A2": "项目名称", "B2": "市民服务",
        "A3": "项目资金（万元）", "E3": "全年执行数",
        "C4": "年初预算数", "D4": "全年预算数",
        "B5": "年度资金总额", "C5": 100, "D5": 120, "E5": 96,
        "A6": "一级指标", "B6": "二级指标", "C6": "三级指标", "D6": "年度指标值", "E6": "实际完成值",
        "F6": "分值", "G6": "得分",
        "A7": "产出指标", "B7": "数量指标", "C7": "培训人次", "D7": "≥100人次", "E7": "120人次", "F7": 40, "G7": 40,
    }, ("A3:A5", "E3:E4")))
    f = t.funds
    assert f is not None and f.header_row == 4
    assert f.columns == ["initial_budget", "annual_budget", "executed"]
    assert (f.total.initial_budget.value, f.total.executed.value) == (Quantity(100.0), Quantity(96.0))


def test_resolved_row_with_and_without_merges_from_above():
    # _resolved_row takes the row's own columns alone when no merge reaches down into it,
    # and adds the first columns of those that do. By hand, for row 2 of:
    #   A1:A2 merged ("一级", from row 1) | B2 "二级" | C2:D2 merged ("值" at C2) | D2 a stray
    #   value stored under the merge (read as C2's) | E2 empty text | F2 a formula with no value
    # -> A (anchor A1), B, C (anchor C2), D (anchor C2 again: a stored covered cell), F.
    from evalxl.reader.sheet_rows import SheetRows

    g = grid({"A1": "一级", "B2": "二级", "C2": "值", "D2": "stray", "E2": "", "B3": "x"}, ("A1:A2", "C2:D2"))
    g.rows[2][6] = RawCell(None, "=B3", False)
    got = [(col, pos, cell.value) for col, pos, cell in SheetRows(g)._resolved_row(2)]
    assert got == [(1, (1, 1), "一级"), (2, (2, 2), "二级"), (3, (2, 3), "值"), (4, (2, 3), "值"), (6, (2, 6), None)]
    # row 3: no merge reaches it, only its own B3
    assert [(col, pos) for col, pos, _ in SheetRows(g)._resolved_row(3)] == [(2, (3, 2))]
    # row 1: the A1:A2 anchor itself (no merge from above): A1 only
    assert [(col, pos) for col, pos, _ in SheetRows(g)._resolved_row(1)] == [(1, (1, 1))]


def test_column_on_merges_by_hand():
    # Row 2 of the grid below, by hand, in each mode:
    #   A1:A2 merged ("一级", anchored in row 1) | B2 "—" (a placeholder) | C2:D2 merged, "值"
    #   at C2 | E2 "" | F2 a formula with no cached value | G2 0
    from evalxl.reader.sheet_rows import ANY, OWN, TEXT, SheetRows

    g = grid({"A1": "一级", "B2": "—", "C2": "值", "E2": "", "G2": 0}, ("A1:A2", "C2:D2"))
    g.rows[2][6] = RawCell(None, "=B3", False)
    s = SheetRows(g)
    col = lambda span, mode: s._column([2], span, mode)[0]  # noqa: E731
    cell_at = lambda pos: g.rows[pos[0]][pos[1]]  # noqa: E731
    assert col((1, 1), TEXT) == ((1, 1), "一级")  # the merge from row 1 counts for a label
    assert col((1, 1), ANY) == ((1, 1), cell_at((1, 1)))  # … and for a text column
    assert col((1, 1), OWN) is None  # … but is no value of row 2's own
    assert col((1, 2), OWN) == ((2, 2), cell_at((2, 2)))  # A1:A2 skipped (row 1's), B2 "—" is filled
    assert col((2, 3), TEXT) == ((2, 3), "值")  # B2's placeholder is blank text: C2 is the first
    assert col((4, 5), OWN) == ((2, 3), cell_at((2, 3)))  # D2 lies under C2:D2: the anchor C2
    assert col((5, 5), ANY) is None  # E2 "" is empty
    assert col((5, 6), OWN) == ((2, 6), cell_at((2, 6)))  # F2: a formula without a value counts
    assert col((6, 6), TEXT) is None  # … but has no text
    assert col((7, 7), TEXT) == ((2, 7), "0")  # 0 is a text "0", not blank
