"""The grid of a table: its sheet region with merges, keyed by A1 address (values checked
against the sample workbook by hand: 医保中心 sheet 市外医疗, rows 1-22, columns A-J)."""

from __future__ import annotations

from evalxl.package import Limits
from evalxl.web.grid import table_grid

from webtools import SAMPLES

BOOK = SAMPLES / "医保中心_项目自评表（2021年）.xlsx"


def _cells(grid):
    return {c["key"]: (c["text"], c["rowspan"], c["colspan"]) for r in grid["rows"] for c in r["cells"]}


def test_grid_of_a_project_table_keeps_merges_and_values():
    grid = table_grid(BOOK, "xlsx", "table", 0, Limits())
    assert grid["columns"] == list("ABCDEFGHIJ")
    assert [r["label"] for r in grid["rows"]] == [str(n) for n in range(1, 23)]
    cells = _cells(grid)
    assert cells["A6"][1:] == (4, 1)  # 项目资金（万元） merged over rows 6-9
    assert cells["I18"] == ("30", 1, 1)  # the wrong 得分 as entered
    assert cells["G7"] == ("100%", 1, 1)  # 执行率 1.0 shown with its percent format
    assert "A7" not in cells and "B6" in cells  # covered cells are not drawn twice
    # every row covers the ten columns exactly once: sum of colspans of the cells that
    # start in it plus the columns covered from rows above
    covered = [0] * 23
    for r in grid["rows"]:
        row = int(r["label"])
        for c in r["cells"]:
            for rr in range(row, row + c["rowspan"]):
                if rr <= 22:
                    covered[rr] += c["colspan"]
    assert covered[1:] == [10] * 22


def test_grid_of_an_xls_and_of_a_department_table():
    xls = table_grid(SAMPLES / "定向不达标人工工资.xls", "xls", "table", 0, Limits())
    assert xls["rows"][0]["cells"][0]["text"] == "2021年度项目支出绩效自评表"  # A1 of the .xls
    dept = table_grid(SAMPLES / "衡山县医疗保障局_2020年度部门整体支出绩效评价.xlsx", "xlsx", "department", 0, Limits())
    assert dept["title"].startswith("评分表")

