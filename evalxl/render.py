"""The model as Chinese text for the terminal (`evalxl inspect`)."""

from __future__ import annotations

from .formula import extract
from .model import BaseData, Cell, DepartmentTable, Field, FundsRow, Quantity, Table, Workbook

FORMAT_NAMES = {"xlsx": ".xlsx", "xlsm": ".xlsm", "xls": "旧版 .xls", "docx": "Word 文档 .docx"}
FUNDS_ROW_NAMES = {"total": "年度资金总额", "current": "其中：当年财政拨款", "carryover": "上年结转资金", "other": "其他资金",
                   "special_account": "财政专户管理资金", "unit_funds": "单位资金"}
FUNDS_COLUMN_NAMES = {
    "initial_budget": "年初预算数", "annual_budget": "全年预算数", "executed": "全年执行数",
    "weight": "分值", "rate": "执行率", "score": "得分", "completion": "完成率", "reason": "原因",
}


def show(cell: Cell | None) -> str:
    """A cell as the user typed it, with its address: 「96%」(E12); a formula says so."""
    if cell is None:
        return "—"
    text = cell.text
    if cell.formula:
        cached = text if cell.cached else "无缓存值"
        return f"{cell.formula}→{cached}（{cell.address}）"
    if not text:
        return f"空（{cell.address}）"
    if cell.is_empty and len(text) > 12:  # a printed instruction left in place
        return f"未填，仍是填表说明「{text[:12]}…」（{cell.address}）"
    if isinstance(cell.raw, (int, float)) and not isinstance(cell.raw, bool) and isinstance(cell.value, Quantity):
        text = str(cell.value)  # 0.96 stored with a % format shows as 96%
    return f"{text}（{cell.address}）"


def _field(name: str, f: Field | None) -> str:
    if f is None:
        return f"{name}：未找到"
    if f.value is None:
        return f"{name}：未填（标签在 {f.label_address}）"
    return f"{name}：{show(f.value)}"


def _funds_row(row: FundsRow, columns: list[str]) -> str:
    parts = [f"{FUNDS_COLUMN_NAMES[c]} {show(getattr(row, c))}" for c in columns if c in FUNDS_COLUMN_NAMES]
    return f"{FUNDS_ROW_NAMES[row.kind]}：" + "，".join(parts)


def _funds(funds, title: str) -> list[str]:
    weight = f"（表头分值 {funds.header_weight:g}）" if funds.header_weight is not None else ""
    lines = [f"    {title}（{funds.unit or '万元'}），表头在第 {funds.header_row} 行{weight}："]
    for row in [funds.total, *funds.sources]:
        if row is not None:
            lines.append("      " + _funds_row(row, funds.columns))
    return lines


def describe_table(t: Table, index: int) -> list[str]:
    year = f"，{t.year} 年度" if t.year else ""
    lines = [f"  表 {index}：{t.name or '（未填项目名称）'}（工作表「{t.sheet}」第 {t.first_row}–{t.last_row} 行{year}）"]
    lines.append("    " + "；".join([_field("项目名称", t.project_name), _field("主管部门", t.department), _field("实施单位", t.unit)]))
    if t.funds is None:
        lines.append("    项目资金：未找到")
    else:
        lines.extend(_funds(t.funds, "项目资金"))
    lines.append(f"    绩效指标 {len(t.indicators)} 行（表头在第 {t.indicator_header_row} 行）：")
    for ind in t.indicators:
        weight = f"（{ind.level1_weight:g}分）" if ind.level1_weight is not None else ""
        path = "/".join(p for p in (f"{ind.level1}{weight}", ind.level2, ind.name) if p)
        if ind.is_leftover:
            lines.append(f"      第 {ind.row} 行 {path}：空行（模板遗留）")
            continue
        lines.append(
            f"      第 {ind.row} 行 {path}：年度指标值 {show(ind.target)}，实际完成值 {show(ind.actual)}，"
            f"分值 {show(ind.weight)}，得分 {show(ind.score)}"
        )
    if t.total is None:
        lines.append("    总分：未找到")
    else:
        lines.append(f"    {t.total.label}（第 {t.total.row} 行）：分值 {show(t.total.weight)}，得分 {show(t.total.score)}")
    return lines


def describe_department(t: DepartmentTable, index: int) -> list[str]:
    year = f"，{t.year} 年度" if t.year else ""
    lines = [f"  部门整体表 {index}：{t.kind_name}（工作表「{t.sheet}」第 {t.first_row}–{t.last_row} 行{year}）"]
    fields = [_field("单位名称", t.unit)]
    for name, f in (("基本支出总额", t.basic_spending), ("项目支出总额", t.project_spending), ("部门预算总额", t.budget_total)):
        if f is not None:
            fields.append(_field(name, f))
    lines.append("    " + "；".join(fields))
    if t.funds is not None:
        lines.extend(_funds(t.funds, "预算资金"))
    lines.append(f"    指标 {len(t.indicators)} 行（表头在第 {t.indicator_header_row} 行）：")
    for ind in t.indicators:
        l1 = f"{ind.level1}（{ind.level1_weight:g}分）" if ind.level1_weight is not None else ind.level1
        l2 = f"{ind.level2}（{ind.level2_weight:g}分）" if ind.level2_weight is not None else ind.level2
        name = "、".join((ind.name, *ind.shared_names)) if ind.shared_names else ind.name
        path = "/".join(p for p in (l1, l2, name) if p)
        if t.kind == "scoring":
            crit = ind.criteria.text if ind.criteria is not None else ""
            crit = crit if len(crit) <= 30 else crit[:29] + "…"
            f = extract(ind.formula_note.text, ind.name) if ind.formula_note is not None else None
            formula = f"，指标说明的公式 {f.label} = {f.render()}{' × 100%' if f.percent else ''}" if f else ""
            lines.append(f"      第 {ind.row} 行 {path}：分值 {show(ind.weight)}，得分 {show(ind.score)}，"
                         f"评价标准「{' '.join(crit.split())}」{formula}")
        else:
            extra = f"，分值 {show(ind.weight)}，得分 {show(ind.score)}" if t.has_scores else ""
            lines.append(f"      第 {ind.row} 行 {path}：年初目标值 {show(ind.target)}，实际完成值 {show(ind.actual)}{extra}")
    if t.total is not None:
        lines.append(f"    {t.total.label}（第 {t.total.row} 行）：分值 {show(t.total.weight)}，得分 {show(t.total.score)}")
    for name, f in (("偏差原因分析", t.deviation), ("改进措施", t.improvement)):
        if f is not None:
            lines.append(f"    {name}：{show(f.value) if f.value is not None else '未填'}")
    return lines


def describe_base_data(b: BaseData) -> list[str]:
    lines = [f"  基础数据表（工作表「{b.sheet}」第 {b.first_row}–{b.last_row} 行）："]
    for item in b.items:
        label = "".join(x for x in (item.row_label, item.column_label) if x)
        lines.append(f"      {label}：{show(item.cell)}")
    return lines


def _word_places(wb: Workbook, sheet_name: str, lines: list[str]) -> list[str]:
    """A Word table's cells named as a Word user finds them (第15行 第8列), not by A1."""
    from .wordplace import rewrite, word_sheets

    sheets = word_sheets(wb)
    sheet = sheets.get(sheet_name)
    if sheet is None:
        return lines
    said = f"工作表「{sheet.name}」"
    return [rewrite(line, sheet, sheets).replace(said + "第", sheet.name + " 第").replace(said, sheet.name)
            for line in lines]


def describe_workbook(wb: Workbook, grids: dict | None = None, width: int = 100) -> str:
    """The reading; with the sheets' grids, each table side by side with its source cells."""
    dep = f"，{len(wb.department_tables)} 张部门整体表" if wb.department_tables else ""
    what = "个表格" if wb.format == "docx" else "个工作表"  # a Word table is read as a sheet of its own
    lines = [f"文件：{wb.path}（{FORMAT_NAMES.get(wb.format, wb.format)}，{len(wb.sheets)} {what}，{len(wb.tables)} 张自评表{dep}）"]
    for note in wb.notes:
        lines.append(f"  提示：{note.message}")
    for sheet in wb.sheets:
        hidden = "（隐藏）" if sheet.state != "visible" else ""
        parts = []
        if sheet.tables:
            parts.append(f"{sheet.tables} 张自评表")
        if sheet.department_tables:
            parts.append(f"{sheet.department_tables} 张部门整体表")
        if any(b.sheet == sheet.name for b in wb.base_data):
            parts.append("基础数据表")
        found = "、".join(parts) if parts else "未找到项目支出绩效自评表"
        lines.append(f"  {sheet.name if sheet.word_table else f'工作表「{sheet.name}」'}{hidden}：{found}")
    for i, table in enumerate(wb.tables, 1):
        lines.extend(_word_places(wb, table.sheet, describe_table(table, i)))
        if grids and table.sheet in grids:
            from .render_source import describe_sources

            lines.extend(_word_places(wb, table.sheet, describe_sources(table, grids[table.sheet], width)))
    for i, table in enumerate(wb.department_tables, 1):
        lines.extend(_word_places(wb, table.sheet, describe_department(table, i)))
    for b in wb.base_data:
        lines.extend(describe_base_data(b))
    lines.append("")
    from .render_source import fold

    return "\n".join(part for line in lines for part in fold(line, width))
