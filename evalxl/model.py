"""The typed model of a self-evaluation workbook.

Plain dataclasses, built by the reader and read by the rules and the writers. The model
knows nothing of files, XML or scoring: it holds what the workbook says, where it says it.
Nothing here imports anything else of evalxl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Empty:
    """A blank cell, or a placeholder such as "—", "-" or "/"."""

    def __str__(self) -> str:
        return ""


@dataclass(frozen=True)
class Text:
    """Text that is not a quantity: 达成预期指标, 稳健运行, 不涉及 ..."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Quantity:
    """A number as it was written.

    ``96%`` reads as ``Quantity(96, "%")``; 0.96 in a cell with a percent format reads the
    same. ``≤15万元`` reads as ``Quantity(15, "万元", "<=")``, ``每人每月100元`` as
    ``Quantity(100, "元", qualifier="每人每月")``.
    """

    number: float
    unit: str = ""  # "%" for percentages; "万元", "次", "人" ...; "" for a bare number
    op: str | None = None  # ">=", ">", "<=", "<": from a symbol or from words such as 不低于;
    # "=": to be met exactly (＝ ﹦ ═ in a 指标性质 column, "=100%" typed in the target)
    qualifier: str = ""  # words around the number that are neither operator nor unit

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    def __str__(self) -> str:
        number = f"{self.number:.10g}"
        op = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}.get(self.op or "", "")
        return f"{op}{self.qualifier}{number}{self.unit}"


Value = Union[Empty, Text, Quantity]

# --------------------------------------------------------------------------- cells


@dataclass(slots=True)
class Cell:
    """One value read from a worksheet, with where it came from and how it was stored."""

    address: str  # A1 address; for a merged range, its top-left anchor
    raw: str | float | int | bool | None  # what the file holds (a formula's cached value)
    value: Value  # the typed reading of ``raw``
    formula: str | None = None  # "=SUM(H5:H14)" for a formula cell, else None
    cached: bool = True  # False only for a formula that had no cached value
    number_format: str = "General"

    @property
    def is_formula(self) -> bool:
        return self.formula is not None

    @property
    def is_empty(self) -> bool:
        return isinstance(self.value, Empty)

    @property
    def number(self) -> float | None:
        """The number of a plain quantity (no operator), else None."""
        v = self.value
        if isinstance(v, Quantity) and v.op is None:
            return v.number
        return None

    @property
    def text(self) -> str:
        """The cell's content as a user would read it (numbers shown as typed)."""
        return "" if self.raw is None else str(self.raw).strip()


# --------------------------------------------------------------------------- tables


@dataclass
class Field:
    """A labelled field such as 项目名称: the label's cell and the value's cell."""

    label: str
    label_address: str
    value: Cell | None  # None when the form leaves no cell for the value

    @property
    def text(self) -> str:
        return self.value.text if self.value is not None else ""


@dataclass
class FundsRow:
    """One row of the 项目资金（万元） block (or the 四川 form's 预算执行情况 block)."""

    kind: str  # "total" | "current" | "carryover" | "other" | "special_account" | "unit_funds"
    label: str
    row: int
    initial_budget: Cell | None = None  # 年初预算数
    annual_budget: Cell | None = None  # 全年预算数（A）; 调整后预算数 on the 四川 form
    executed: Cell | None = None  # 全年执行数（B）
    weight: Cell | None = None  # 分值
    rate: Cell | None = None  # 执行率（B/A）
    score: Cell | None = None  # 得分
    reason: Cell | None = None  # 原因 (四川 form: why the rate is below 90%); not in cells()
    completion: Cell | None = None  # 完成率 (海南 form); not in cells()

    def cells(self) -> dict[str, Cell | None]:
        return {
            "initial_budget": self.initial_budget,
            "annual_budget": self.annual_budget,
            "executed": self.executed,
            "weight": self.weight,
            "rate": self.rate,
            "score": self.score,
        }


# 财政资金 of the 四川 form reads as "current"; 财政专户管理资金 and 单位资金 are its own sources.
FUNDS_SOURCE_KINDS = ("current", "carryover", "other", "special_account", "unit_funds")


@dataclass
class Funds:
    """The 项目资金 block: its header, 年度资金总额 and the fund-source rows present."""

    header_row: int
    columns: list[str]  # the roles the header has, left to right ("initial_budget", ...)
    column_letters: dict[str, str] = field(default_factory=dict)  # role -> column letter of its header
    header_weight: float | None = None  # a weight the form states: 分值（10分）, 预算执行情况(10分), 项目资金(20分)
    unit: str = ""  # the amounts' unit from the block heading: "万元" (项目资金（万元）), "元", "" if not stated
    total: FundsRow | None = None
    sources: list[FundsRow] = field(default_factory=list)

    def source(self, kind: str) -> FundsRow | None:
        return next((r for r in self.sources if r.kind == kind), None)


@dataclass(slots=True)
class Indicator:
    """One row of the 绩效指标 block, in sheet order."""

    row: int
    level1: str  # 一级指标 without its weight: 产出指标
    level1_weight: float | None  # the weight written in the 一级 label: 产出指标（50分） -> 50
    level1_address: str | None  # the cell holding the 一级 label (merge anchor)
    level2: str  # 二级指标: 数量指标 ...
    name: str  # 三级指标
    name_address: str | None = None
    target: Cell | None = None  # 年度指标值
    actual: Cell | None = None  # 实际完成值
    weight: Cell | None = None  # 分值
    score: Cell | None = None  # 得分
    method: Cell | None = None  # 得分计算方法, where the form has it
    explanation: Cell | None = None  # 偏差原因分析及改进措施 / 未完成原因分析
    # Columns of the department-wide tables (None on a project table):
    category: Cell | None = None  # 指标分类: 绩效基本型 …
    criteria: Cell | None = None  # 评价标准: the rule text of a 评分表 row
    formula_note: Cell | None = None  # 指标说明: the formula of the indicator
    level2_weight: float | None = None  # the weight written in the 二级 label: 预算配置（10分） -> 10
    level2_address: str | None = None  # the cell holding the 二级 label (merge anchor)
    shared_names: tuple[str, ...] = ()  # names of following rows that share this row's 分值 cell
    # Forms of real submissions:
    key: bool = False  # a ★ key indicator (衔接资金 forms)
    sub_rows: list["Indicator"] = field(default_factory=list)  # 「其中…」 rows under a ★ row: parts of it, never indicators
    target_parts: dict[str, Cell] = field(default_factory=dict)  # split target: "op" (指标性质), "unit" (度量单位) cells
    review_score: Cell | None = None  # 复核分 of a 评分表
    other_scores: dict[str, Cell] = field(default_factory=dict)  # further score columns by label: 县级, 市级 …

    @property
    def is_leftover(self) -> bool:
        """A template row left unfilled: no 分值 and no values (a plain loop, Cell.is_empty
        spelled out: the rules ask it of every row)."""
        for c in (self.target, self.actual, self.weight, self.score):
            if c is not None and not isinstance(c.value, Empty):
                return False
        return True


@dataclass
class Total:
    """The 总分 row (总分 / 单位自评总分 / 自评得分)."""

    row: int
    label: str
    label_address: str
    weight: Cell | None = None  # 分值 of the total: 100 on the national form
    score: Cell | None = None  # the total 得分 as entered
    grade: Cell | None = None  # a grade written beside the total: 优


@dataclass
class Table:
    """One 项目支出绩效自评表 found in a sheet."""

    sheet: str
    first_row: int
    last_row: int
    kind: str = "project"
    title: str = ""
    year: int | None = None
    project_name: Field | None = None
    department: Field | None = None  # 主管部门
    unit: Field | None = None  # 实施单位
    funds: Funds | None = None
    indicator_header_row: int | None = None
    indicator_columns: dict[str, str] = field(default_factory=dict)  # role -> column letter
    indicators: list[Indicator] = field(default_factory=list)
    total: Total | None = None
    # The form, recognised from its labels: "national" | "split_target" (指标性质/指标值/度量单位)
    # | "sichuan_0013zp" (预算执行情况 / 权重 / 合计) | "xianjie" (衔接资金 绩效目标自评表: 分值 before
    # 年度指标值) | "scoring" (评分表: 评价标准 / 自评分).
    form: str = "national"
    indicators_weight: float | None = None  # the weight the form states for the indicators: 绩效指标(90分)
    code: str = ""  # 报表编号 where the form prints one: 510000_0013zp

    @property
    def name(self) -> str:
        return self.project_name.text if self.project_name else ""

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.first_row}:{self.last_row}"


# --------------------------------------------------------------------------- department-wide

DEPARTMENT_KINDS = {"self_eval": "部门整体绩效自评表", "scoring": "部门整体支出绩效评价指标评分表"}


@dataclass
class DepartmentTable:
    """One department-wide table: a 部门整体绩效自评表 (kind "self_eval", seed 003: 年初目标值 /
    实际完成值, perhaps 分值 / 得分) or a 部门整体支出绩效评价指标评分表 (kind "scoring", seed 002:
    分值 / 评价标准 / 指标说明 / 得分)."""

    kind: str  # "self_eval" | "scoring"
    sheet: str
    first_row: int
    last_row: int
    title: str = ""
    year: int | None = None
    unit: Field | None = None  # 单位名称 / 填报单位
    basic_spending: Field | None = None  # 基本支出总额（万元）
    project_spending: Field | None = None  # 项目支出总额（万元）
    budget_total: Field | None = None  # 部门预算总额 / 年度预算数（万元）
    goal: Field | None = None  # 年度目标 / 年度履职目标
    indicator_header_row: int | None = None
    indicator_columns: dict[str, str] = field(default_factory=dict)  # role -> column letter(s)
    indicators: list[Indicator] = field(default_factory=list)
    total: Total | None = None  # 合计 / 总分, where the form has one
    deviation: Field | None = None  # 偏差大或目标未完成原因分析 (the block below the indicators)
    improvement: Field | None = None  # 改进措施及结果应用方案
    funds: Funds | None = None  # 预算资金 block, where the form has one (安徽)
    declared_total: Field | None = None  # 自评总分 stated above the table (重庆)

    @property
    def kind_name(self) -> str:
        return DEPARTMENT_KINDS.get(self.kind, self.kind)

    @property
    def name(self) -> str:
        return self.unit.text if self.unit else ""

    @property
    def has_scores(self) -> bool:
        """The form has 分值 and 得分 columns."""
        return "weight" in self.indicator_columns and "score" in self.indicator_columns

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.first_row}:{self.last_row}"


@dataclass
class BaseItem:
    """One number of a 基础数据表, with the labels of its row and column.

    ``key`` says what the labels name, in the reader's words: "staff_quota" (编制数),
    "staff_actual" (实际在职人数), "three_public" (三公经费), "public_funds" (公用经费),
    "procurement" (政府采购金额), "reception" (公务接待费), "project_spending" (项目支出),
    "building_area" / "building_invest" (楼堂馆所 面积 / 投资); "" for a row it does not know.
    ``basis`` is "budget" (预算数, 批复), "final" (决算数, 实际) or None."""

    key: str
    row_label: str
    column_label: str
    cell: Cell
    year: int | None = None
    basis: str | None = None

    @property
    def number(self) -> float | None:
        return self.cell.number


@dataclass
class BaseData:
    """A 基础数据表 (a sheet, or a block of one): the labelled quantities it holds."""

    sheet: str
    first_row: int
    last_row: int
    title: str = ""
    unit: Field | None = None  # 填报单位
    items: list[BaseItem] = field(default_factory=list)

    def find(self, key: str, basis: str | None = None, year: int | None = None) -> list[BaseItem]:
        return [i for i in self.items if i.key == key and (basis is None or i.basis == basis)
                and (year is None or i.year == year)]

    @property
    def years(self) -> list[int]:
        return sorted({i.year for i in self.items if i.year is not None})


@dataclass
class ReadNote:
    """Something the reader noticed that is not a table: a format mismatch, a sheet with
    no table, a part it refused. The rules turn notes into findings."""

    kind: str  # "format_mismatch" | "no_table_in_sheet" | "partial_table" | ...
    message: str  # Chinese, for the user
    sheet: str | None = None
    cell: str | None = None


@dataclass
class Sheet:
    name: str
    state: str = "visible"  # "visible" | "hidden" | "veryHidden"
    tables: int = 0  # project tables
    department_tables: int = 0
    # A Word table read as a sheet: its position among the document's tables (1-based),
    # and where each cell of the grid stands as a Word user counts: A1 -> (row, n-th cell
    # of that row). None / empty for a worksheet.
    word_table: int | None = None
    word_cells: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Statement:
    """A number a 自评报告's text states about one project: 「项目绩效自评得分为 99.3 分」."""

    project: str  # the project as the report names it, without quotes; "" when no project is named
    kind: str  # "score" (分) | "budget" (全年预算数, 万元) | "executed" (执行数, 万元) | "rate" (完成预算的 x%)
    number: float  # in 分, 万元 or percent (100 for 100%)
    sentence: str  # the sentence, as written
    paragraph: int  # the paragraph's position among the report's paragraphs (1-based)
    order: int  # the project's position among the projects the report reports on (0-based; -1 unnamed)
    as_written: str = ""  # the number with its unit as written: 八十万元, 800,000元


@dataclass
class Workbook:
    """Everything read from one file."""

    path: str
    format: str  # "xlsx" | "xlsm" | "xls" | "docx": what the content is, whatever the name says
    sheets: list[Sheet] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # 项目支出绩效自评表 only
    notes: list[ReadNote] = field(default_factory=list)
    department_tables: list[DepartmentTable] = field(default_factory=list)
    base_data: list[BaseData] = field(default_factory=list)
    # A Word document's own text (its paragraphs outside tables) and the numbers it states
    narrative: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
