"""Label normalisation and the synonyms of every label the reader looks for.

Labels are compared after NFKC (full-width brackets and colons become half-width), with
all whitespace (U+3000 and in-cell line breaks included) and zero-width characters
removed, a trailing colon dropped, and trailing bracket groups split off: 全年预算数（A）,
分值(10分) and 执行率（B/A） read as 全年预算数, 分值 and 执行率 with their suffixes kept
apart (a weight in a suffix is read by ``weight_in``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..vocabulary import (  # the label normalisation and the 基础数据表 words, shared with the rules
    _ZERO_WIDTH, BASE_COLUMN_LABELS, BASE_ROW_LABELS, BUDGET_KEYS, base_column, base_row, core, normalize, split_label,
)

_YEAR = re.compile(r"(20\d{2})\s*年")

# Every predicate here is a pure function of one string, asked of the same label texts in
# every row scan of every workbook of a batch: each is memoised, bounded (a batch of long
# unique texts cannot grow it: labels are a few hundred strings, values are rarely asked again).
_memo = lru_cache(maxsize=4096)
core = _memo(core)  # split_label is memoised in vocabulary; its [0] is asked as often


@_memo
def weight_in(text: str) -> tuple[str, float | None]:
    """A weight written in a label: 产出指标（50分） -> ("产出指标", 50.0); 投入\\n10分 -> ("投入", 10.0)."""
    s = normalize(text).rstrip(":")
    found = _trailing_weight(s)
    if found is not None:
        name, w = found
        if name:
            return name.rstrip(":("), float(w)
    return core(text), None


def _trailing_weight(s: str) -> tuple[str, str] | None:
    r"""(name, number) of "name[(]number分[)]", read from the end in one pass: the regular
    expression this replaces backtracked quadratically on a long run of digits. The
    number is the longest \d+(.\d+)? before 分, as the lazy name of that pattern gave."""
    end = len(s)
    if end and s[end - 1] in ")]】":
        end -= 1
    if not end or s[end - 1] != "分":
        return None
    end -= 1
    start = end
    while start and (s[start - 1].isdecimal() or s[start - 1] == "."):
        start -= 1
    run = s[start:end]
    if not run or not run[-1].isdecimal():
        return None
    last = run.rfind(".")
    if last >= 0:
        before = run.rfind(".", 0, last)
        if last - before == 1 or last == 0:  # "..5" or ".5": only the digits after the dot
            start += last + 1
        else:
            start += before + 1
    name = s[:start]
    if name and name[-1] in "([【":
        name = name[:-1]
    return name, s[start:end]


@_memo
def header_weight(text: str) -> float | None:
    """A weight written in a header's suffix: 分值（10分） -> 10.0."""
    for suffix in split_label(text)[1]:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)分", suffix)
        if m:
            return float(m.group(1))
    return None


@_memo
def year_in(text: str) -> int | None:
    m = _YEAR.search(normalize(text))
    return int(m.group(1)) if m else None


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalize(syn): role for role, syns in table.items() for syn in syns}


# Columns of the 绩效指标 block.
INDICATOR_COLUMNS = _index({
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称"),  # 指标名称: 重庆, indicators without 一级 / 二级
    "target": ("年度指标值", "年度指标", "年初目标值", "年度目标值", "指标值", "目标值", "年初指标值",
               "预期指标值", "全年指标值", "计划指标值"),
    "actual": ("实际完成值", "全年实际值", "全年实际", "实际值", "全年实际完成值", "实际完成数",
               "完成值", "全年完成值"),
    "weight": ("分值", "权重", "指标分值", "权重分值", "标准分值", "指标权重"),
    "score": ("得分", "自评得分", "实际得分", "评价得分", "自评分", "单位自评分", "指标得分"),
    "review_score": ("复核分", "复核得分", "复核评分"),
    # The split target (云南, 四川): 指标性质 | 指标值 | 度量单位 under 年度指标值.
    "op": ("指标性质", "指标方向"),
    "unit": ("度量单位", "计量单位"),
    "method": ("得分计算方法", "计分方法", "评分方法", "得分计算方式"),
    "explanation": ("偏差原因分析及改进措施", "未完成原因分析", "未完成情况分析", "偏差原因分析",
                    "偏差原因", "未完成原因分析及改进措施", "偏差原因分析及整改措施",
                    "偏差原因及改进措施", "未完成原因及改进措施", "原因分析", "未完成原因及拟采取的改进措施",
                    "偏差原因分析及拟采取的改进措施"),
    "category": ("指标分类", "指标类型"),
    "criteria": ("评价标准", "评分标准"),
    "formula_note": ("指标说明", "指标解释"),
})

# Columns of the 项目资金（万元） block.
FUNDS_COLUMNS = _index({
    "initial_budget": ("年初预算数", "年初预算", "年初预算金额"),
    # 调整后预算数 (四川) is the denominator of the rate, as 全年预算数 is on the national form.
    "annual_budget": ("全年预算数", "全年预算", "调整后预算数", "调整预算数", "调整后预算", "全年(调整)预算数"),
    "executed": ("全年执行数", "执行数", "全年执行", "实际执行数", "全年实际执行数", "预算执行数"),
    "weight": ("分值", "权重", "执行率权重"),  # 执行率权重 / 执行率得分: 重庆
    "rate": ("执行率", "预算执行率"),
    "score": ("得分", "自评得分", "自评分", "执行率得分", "实际得分", "评价得分"),  # as the indicator block's 得分 column
    "method": ("得分计算方法",),
    "reason": ("原因", "原因说明", "偏差原因"),
    "completion": ("完成率", "预算完成率"),
})

# Rows of the funds block, matched by a word the label contains (其中：当年财政拨款 …).
FUNDS_ROW_WORDS = (
    # 重庆 部门整体: the values stand beside the block label 部门预算执行情况（万元）, merged down
    ("total", ("资金总额", "年度资金合计", "资金合计", "部门预算执行情况")),
    ("special_account", ("财政专户管理资金", "财政专户资金")),  # 四川
    ("unit_funds", ("单位资金", "单位自有资金")),  # 四川
    ("current", ("财政拨款", "当年财政资金", "本年财政资金", "财政资金")),
    ("carryover", ("上年结转", "结转资金")),
    ("other", ("其他资金",)),
)

# Labelled fields above the table.
FIELD_LABELS = _index({
    "name": ("项目名称",),
    "department": ("主管部门", "主管部门及代码", "主管单位"),
    "unit": ("实施单位", "项目实施单位", "执行单位", "项目单位"),
    "filler": ("填报单位", "填报单位(盖章)", "单位名称", "单位名称及盖章", "部门"),
})

# Other labels of the header and footer lines: never a field's value.
OTHER_LABELS = frozenset(normalize(s) for s in (
    "单位负责人签字", "单位负责人", "填报时间", "填报日期", "填报人", "联系电话", "填表人",
    "财务负责人", "项目负责人", "项目资金", "项目资金(万元)", "盖章", "项目负责人及电话",
))

# A funds block whose total row is labelled only 总额 (四川: 预算执行情况 | 总额).
FUNDS_TOTAL_LABELS = frozenset(normalize(s) for s in ("总额", "合计"))

# Rows inside the indicator block that are notes, not indicators (云南 公开14表).
NOTE_ROW_LABELS = frozenset(normalize(s) for s in ("其他需要说明事项", "其他需要说明的事项", "其他说明事项"))

# Grades written beside the total.
GRADES = frozenset(("优", "良", "中", "差", "优秀", "良好", "合格", "不合格"))

# Further columns kept by their label (Indicator.other_scores): 重庆's 得分系数(%) (the
# share of the 指标权重 earned), 是否核心指标, and 调整指标值 beside 年初指标值.
FURTHER_COLUMNS = frozenset(normalize(s) for s in ("得分系数", "是否核心指标", "调整指标值"))

# Score columns of a 评分表 given by level: 县级评分, 市级得分 … (kept by their label).
_LEVEL_SCORE = re.compile(r"^(?:县|市|省|区|州)级(?:自评|复核|评价)?(?:得分|评分|分)?$")

TOTAL_LABELS = frozenset(normalize(s) for s in (
    "总分", "单位自评总分", "自评总分", "自评得分", "合计", "总计", "总得分", "合计得分",
))

FOOTER_WORDS = tuple(normalize(s) for s in (
    "填报人", "联系电话", "填表人", "单位负责人", "财务负责人", "说明", "备注", "注:", "审核意见",
    "对口预算业务科室", "预算绩效管理科",
))


# --------------------------------------------------------------------------- department-wide

# Labelled fields above a department-wide table (部门整体绩效自评表, seed 003 / 004).
DEPARTMENT_FIELDS = _index({
    "unit": ("单位名称", "部门名称", "部门(单位)名称", "单位(部门)名称", "填报单位", "填报单位(盖章)", "单位名称(盖章)",
             "单位名称及盖章", "部门(单位)", "部门", "主管部门"),  # 部门 (安徽), 主管部门 (重庆)
    "basic_spending": ("基本支出总额", "基本支出", "其中:基本支出"),
    "project_spending": ("项目支出总额", "项目支出", "其中:项目支出"),
    "budget_total": ("部门预算总额", "预算总额", "年度预算数", "年度预算", "部门预算", "年度预算总额", "部门整体支出总额",
                     "年度支出总额"),
    "goal": ("年度目标", "年度总体目标", "年度履职目标", "部门年度目标", "整体绩效目标", "年度绩效目标"),
    "declared_total": ("自评总分", "部门自评总分", "自评得分总分"),  # 重庆: 自评总分（分） above the table
})

# The blocks below the indicators: 偏差大或目标未完成原因分析 | 改进措施及结果应用方案.
DEPARTMENT_BLOCK_WORDS = (
    ("deviation", ("原因分析", "偏差原因", "偏差大", "未完成原因")),
    ("improvement", ("改进措施", "整改措施", "结果应用方案")),
)

@_memo
def department_field(text: str) -> tuple[str, str] | None:
    """A department-wide field label, alone or with its value in the same cell
    ("单位名称：华容区医疗保障局        填报日期：…"). Returns (field, value written after the
    label, cut where a second label starts or at a run of spaces)."""
    whole = DEPARTMENT_FIELDS.get(core(text))
    if whole:
        return whole, ""
    raw = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    head, sep, rest = raw.partition(":")
    if not sep:
        return None
    key = DEPARTMENT_FIELDS.get(core(head))
    if not key:
        return None
    rest = re.split(r"\s{2,}|\u3000|\t|\n", rest.strip())[0].strip()
    return key, rest


@_memo
def department_block(text: str) -> str | None:
    """"deviation" for 偏差大或目标未完成原因分析, "improvement" for 改进措施及结果应用方案."""
    s = normalize(text)
    if len(s) > 30:
        return None
    for kind, words in DEPARTMENT_BLOCK_WORDS:
        if any(w in s for w in words):
            return kind
    return None


@_memo
def is_base_title(text: str) -> bool:
    s = normalize(text)
    return "基础数据表" in s or s in ("经费控制情况", "财政供养人员情况")


@_memo
def indicator_column(text: str) -> str | None:
    c = core(text)
    role = INDICATOR_COLUMNS.get(c)
    if role is None and (_LEVEL_SCORE.match(c) or c in FURTHER_COLUMNS):
        return "other:" + c
    return role


@_memo
def funds_heading(text: str) -> tuple[str, float | None]:
    """The unit and weight a funds block heading states: 项目资金（万元） -> ("万元", None);
    预算执行情况(10分) -> ("", 10.0); 项目资金(元)(20分) -> ("元", 20.0)."""
    unit = ""
    for suffix in split_label(text)[1]:
        if suffix in ("万元", "元", "千元", "亿元"):
            unit = suffix
    weight = None
    m = re.search(r"(\d+(?:\.\d+)?)分", normalize(text))
    if m:
        weight = float(m.group(1))
    return unit, weight


@_memo
def funds_column(text: str) -> str | None:
    return FUNDS_COLUMNS.get(core(text))


@_memo
def funds_row_kind(text: str) -> str | None:
    s = normalize(text)
    if core(s) in FUNDS_TOTAL_LABELS:
        return "total"
    for kind, words in FUNDS_ROW_WORDS:
        if any(w in s for w in words):
            return kind
    return None


@_memo
def field_label(text: str) -> tuple[str, str] | None:
    """A field label, alone or with its value in the same cell ("项目名称：行政运行经费").
    Returns (field, value written after the label)."""
    s = normalize(text)
    whole = FIELD_LABELS.get(core(text))
    if whole:
        return whole, ""
    if ":" in s:
        head, _, rest = s.partition(":")
        key = FIELD_LABELS.get(core(head))
        if key:
            return key, rest
    return None


@_memo
def is_label(text: str) -> bool:
    """Any known label of the header lines: a cell that can never be a field's value."""
    c = core(text)
    s = normalize(text)
    if c in FIELD_LABELS or c in OTHER_LABELS or s in OTHER_LABELS:
        return True
    head = s.partition(":")[0]
    return bool(head) and s.endswith(":") and (core(head) in FIELD_LABELS or normalize(head) in OTHER_LABELS)


@_memo
def is_total(text: str) -> bool:
    return core(text) in TOTAL_LABELS


_INSTRUCTION = re.compile(r"\(\d+字(?:以内|以下|左右)\)|^(?:对照年度目标|结合自评情况|针对项目自评|请(?:填写|简要)|填写说明)")


@_memo
def is_instruction(text: str) -> bool:
    """A printed instruction left in a cell of an unfilled table: 「对照年度目标，说明相关任务
    目标的完成情况(100字以内)」, 「结合自评情况，分析存在的问题及原因。(200字以内)」."""
    return bool(_INSTRUCTION.search(normalize(text)))


@_memo
def is_title(text: str) -> bool:
    s = normalize(text)
    return "绩效自评表" in s or ("绩效" in s and s.endswith("评价表")) or s.endswith("评分表")


@_memo
def is_footer(text: str) -> bool:
    s = normalize(text)
    return any(s.startswith(w) for w in FOOTER_WORDS)


# What a text can make of its row, for the scans that look at every row of a sheet
# (SheetTables.row_flags): one memoised call per text instead of one per scan and predicate.
NAMES_LEVEL3 = 1  # the 三级指标 column label: the row may be a 绩效指标 header
BASE_LABEL = 2  # a 基础数据表 title, or a column label of one (the budget's own columns aside)
NAMES_EXECUTED = 4  # the 全年执行数 column label: the row may be a 项目资金 header
TOTAL_LABEL = 8  # 总分 / 合计 …: the row may be a table's total row
STARTS_TABLE = 16  # starts_table()[0]: the row ends an indicator block
FUNDS_TOTAL = 32  # starts_table()[1]: the row ends an indicator block if the label stands left of the values


@_memo
def text_flags(text: str) -> int:
    flags = NAMES_LEVEL3 if indicator_column(text) == "level3" else 0
    if funds_column(text) == "executed":
        flags |= NAMES_EXECUTED
    if is_total(text):
        flags |= TOTAL_LABEL
    starts, funds_total = starts_table(text)
    flags |= (STARTS_TABLE if starts else 0) | (FUNDS_TOTAL if funds_total else 0)
    if len(text) <= 40:
        hit = base_column(text)
        if is_base_title(text) or (hit is not None and hit[0] not in BUDGET_KEYS):
            flags |= BASE_LABEL
    return flags


@lru_cache(maxsize=65536)
def is_anchor_label(text: str) -> bool:
    """Any label a table is found by: the streaming reader keeps the rows around these."""
    c = core(text)
    return (
        c in INDICATOR_COLUMNS or c in FUNDS_COLUMNS or c in FIELD_LABELS or c in TOTAL_LABELS
        or funds_row_kind(text) is not None or is_title(text) or field_label(text) is not None
        or c in DEPARTMENT_FIELDS or is_base_title(text) or base_column(text) is not None
    )


@lru_cache(maxsize=65536)
def starts_table(text: str) -> tuple[bool, bool]:
    """(a label that starts a table's top part: a title, a field, the funds header;
    the 年度资金总额 row label), for the end of an indicator block. Cached: every row of
    every table asks."""
    starts = is_title(text) or field_label(text) is not None or funds_column(text) == "executed"
    return starts, funds_row_kind(text) == "total"
