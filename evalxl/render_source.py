"""`evalxl inspect`, side by side: how a table was read, next to its source cells.

For each table: the form recognised and the weights it states; every header cell of the
funds and indicator blocks with the role it was taken for (「全年预算数(A)」→ 全年预算数 E),
the header cells taken for nothing; and under every indicator row the source cells of that
row as typed (column letter and text), so a column taken for the wrong role, or a value
left out, shows at once. Lines are clipped to the terminal's width (CJK characters count
double).
"""

from __future__ import annotations

import unicodedata

from .a1 import col_index, col_letter
from .model import Cell, Indicator, Table
from .reader.grid import Grid

FORM_NAMES = {
    "national": "全国通用格式", "split_target": "指标值分列格式（指标性质 | 指标值 | 度量单位）",
    "sichuan_0013zp": "四川 510000_0013zp 格式（预算执行情况 / 权重 / 合计）",
    "xianjie": "衔接资金绩效目标自评表格式（分值在年度指标值前）", "scoring": "评分表格式（评价标准 / 自评分）",
}
ROLE_NAMES = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值", "actual": "实际完成值",
    "weight": "分值", "score": "得分", "method": "得分计算方法", "explanation": "偏差原因", "category": "指标分类",
    "criteria": "评价标准", "formula_note": "指标说明", "op": "指标性质", "unit": "度量单位", "review_score": "复核分",
    "initial_budget": "年初预算数", "annual_budget": "全年预算数（执行率分母）", "executed": "全年执行数",
    "rate": "执行率", "reason": "原因", "completion": "完成率",
}
ROW_ROLES = ("target", "actual", "weight", "score", "review_score")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` display columns, with … where it was cut."""
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def wrap(head: str, parts: list[str], limit: int, indent: int, sep: str = "  ", clipped: bool = True) -> list[str]:
    """``head`` then ``parts`` (``sep`` between them) packed into lines of at most ``limit``
    columns; continuation lines start ``indent`` spaces in. A longer part is clipped."""
    lines, line = [], head
    for part in parts:
        piece = part if line == head or not line.strip() else sep + part
        if width(line) + width(piece) > limit and line.strip() != head.strip():
            lines.append(line)
            line = " " * indent + part
        else:
            line += piece
    lines.append(line)
    return [clip(x, limit) for x in lines] if clipped else lines


def fold(line: str, limit: int) -> list[str]:
    """A long line broken after its ，；｜ separators (never inside a value), continuing
    four spaces further in than the line starts."""
    if width(line) <= limit:
        return [line]
    indent = len(line) - len(line.lstrip(" ")) + 4
    parts, cur = [], ""
    for ch in line:
        cur += ch
        if ch in "，；｜":
            parts.append(cur)
            cur = ""
    if cur:
        parts.append(cur)
    out = []
    for line in wrap(parts[0], parts[1:], limit, indent, "", clipped=False):
        while width(line) > limit:  # one part longer than a line: broken where it must
            head = clip(line, limit + 1)[:-1]
            out.append(head)
            line = " " * indent + line[len(head):]
        out.append(line)
    return out


def _one_line(text: str, limit: int = 16) -> str:
    """A cell's text on one line: a label written one character a line (绩\n效\n指\n标)
    closes up; other line breaks become spaces."""
    out, prev = "", ""
    for piece in str(text).split():
        out += piece if not out or len(prev) == 1 else " " + piece
        prev = piece
    return clip(out, limit)


def _typed(cell: Cell | None) -> str:
    if cell is None:
        return "—"
    v = cell.value
    shown = str(v) if str(v) else "空"
    return f"{cell.address} {_one_line(shown, 14)}"


def _header_map(grid: Grid, row: int, columns: dict[str, str], lead: str = "") -> list[str]:
    """「label」→ role letters, left to right; a cell left of every column is the block's
    heading (``lead`` says what was read from it); any other cell taken for nothing says so."""
    taken: dict[int, str] = {}
    for role, letters in columns.items():
        first = col_index(letters.split(":")[0])
        taken[first] = role
    parts = []
    seen = set()
    first = min(taken, default=0)
    for col in sorted(set(grid.rows.get(row, {})) | set(taken)):
        pos, cell = grid.get(row, col)
        if pos in seen:
            continue
        seen.add(pos)
        text = _one_line(cell.value, 16) if cell is not None and isinstance(cell.value, str) else ""
        role = taken.get(col)
        if role is not None:
            name = ROLE_NAMES.get(role, role.partition("other:")[2] or role)
            parts.append(f"「{text}」→ {name} {columns[role]}")
        elif text and col < first:
            parts.append(f"「{text}」→ 表头{lead}")
        elif text:
            parts.append(f"「{text}」→ 未采用")
    return parts


def stated_weights(t: Table) -> str:
    """The weights the form writes on itself: funds heading, 一级 labels, block, total."""
    out = []
    if t.funds is not None and t.funds.header_weight is not None:
        out.append(f"资金 {t.funds.header_weight:g}")
    level1 = {}
    for ind in t.indicators:
        if ind.level1_weight is not None:
            level1.setdefault(ind.level1, ind.level1_weight)
    out.extend(f"{name} {w:g}" for name, w in level1.items())
    if t.indicators_weight is not None:
        out.append(f"绩效指标 {t.indicators_weight:g}")
    if t.total is not None and t.total.weight is not None and t.total.weight.number is not None:
        out.append(f"{t.total.label} {t.total.weight.number:g}")
    return "、".join(out) if out else "无"


def _source_row(grid: Grid, row: int) -> list[str]:
    """The cells a row holds as typed: B「产出指标(50分)」 …; a merge from a row above is
    shown on that row only."""
    parts = []
    for col in sorted(grid.rows.get(row, {})):
        cell = grid.own(row, col)
        if cell is None or cell.value in (None, ""):
            continue
        indent = "(缩进)" if isinstance(cell.value, str) and cell.value[:1].isspace() else ""
        parts.append(f"{col_letter(col)}「{indent}{_one_line(cell.value)}」")
    return parts or ["（空行）"]


def _reading(ind: Indicator) -> list[str]:
    parts = [f"{ROLE_NAMES[r]} {_typed(getattr(ind, r))}" for r in ROW_ROLES if getattr(ind, r) is not None or r != "review_score"]
    parts.extend(f"{k} {_typed(c)}" for k, c in ind.other_scores.items())
    if ind.target_parts:
        parts.append("由 " + "、".join(f"{ROLE_NAMES[k]} {c.address}" for k, c in ind.target_parts.items()) + " 合成指标值")
    if ind.key:
        parts.append("★重点指标")
    return parts


def describe_sources(t: Table, grid: Grid, limit: int = 100) -> list[str]:
    lines = wrap("    表样：", [FORM_NAMES.get(t.form, t.form), "表上写明的分值：" + stated_weights(t)], limit, 10, "；")
    if t.funds is not None:
        said = [f"金额单位 {t.funds.unit}"] if t.funds.unit else []
        if t.funds.header_weight is not None:
            said.append(f"分值 {t.funds.header_weight:g}")
        lead = f"（{'，'.join(said)}）" if said else ""
        lines += wrap(f"    项目资金表头（第 {t.funds.header_row} 行）：",
                      _header_map(grid, t.funds.header_row, t.funds.column_letters, lead), limit, 6, "｜")
    if t.indicator_header_row is not None:
        lead = f"（分值 {t.indicators_weight:g}）" if t.indicators_weight is not None else ""
        lines += wrap(f"    绩效指标表头（第 {t.indicator_header_row} 行）：",
                      _header_map(grid, t.indicator_header_row, t.indicator_columns, lead), limit, 6, "｜")
    lines.append("    逐行对照（源 = 单元格原文，读 = 读作）：")
    for ind in t.indicators:
        lines += wrap(f"      第 {ind.row} 行 源：", _source_row(grid, ind.row), limit, 15)
        lines += wrap("               读：", _reading(ind), limit, 15, "｜")
        for sub in ind.sub_rows:
            lines += wrap(f"        其中 第 {sub.row} 行 源：", _source_row(grid, sub.row), limit, 17)
            lines += wrap("                 读：", _reading(sub) + ["计入上面的★指标，不单列"], limit, 17, "｜")
    if t.total is not None:
        read = [f"{t.total.label} 分值 {_typed(t.total.weight)}", f"得分 {_typed(t.total.score)}"]
        if t.total.grade is not None:
            read.append(f"等级 {_typed(t.total.grade)}")
        lines += wrap(f"      第 {t.total.row} 行 源：", _source_row(grid, t.total.row), limit, 15)
        lines += wrap("               读：", read, limit, 15, "｜")
    return lines
