"""The words of labels, pure: the reader's label normalisation and the vocabulary of the
基础数据表 (its column and row labels, and what a formula's name means in them). The reader
(reader/labels.py re-exports these) and the rules (rules/basedata.py binds a 指标说明
formula's names with them) share one definition.

    normalize(text), split_label(text), core(text)
    base_column(text) -> (key, basis, year) | None      a column label of a 基础数据表
    base_row(text) -> key | None                         a row label of its money block
    quantity(name) -> Quantity | None                    a formula's name in those words
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Traditional characters of the labels, read as their simplified forms: tables republished
# through sites that convert the text (shared/real table 03) keep their labels readable.
_TRADITIONAL = str.maketrans(
    "項稱門實單資萬預數執總額當財撥結轉體標際況績進級質產時會滿務對經濟態續響評價準說規範費計劃場編號覈核審",
    "项称门实单资万预数执总额当财拨结转体标际况绩进级质产时会满务对经济态续响评价准说规范费计划场编号核核审",
)
_WS = re.compile(r"\s+")
_QUOTES = dict.fromkeys(map(ord, "“”‘’\"'「」『』"), None)
_TRAILING_GROUP = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]$")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """NFKC, no whitespace, no zero-width characters, traditional label characters simplified."""
    return _WS.sub("", unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_TRADITIONAL))


@lru_cache(maxsize=65536)
def split_label(text: str) -> tuple[str, tuple[str, ...]]:
    """"全年预算数（A）" -> ("全年预算数", ("A",)); "年度资金总额：" -> ("年度资金总额", ())."""
    s = normalize(text).rstrip(":")
    suffixes: list[str] = []
    while True:
        m = _TRAILING_GROUP.search(s)
        if not m or m.start() == 0:
            break
        suffixes.insert(0, m.group(1))
        s = s[: m.start()].rstrip(":")
    return s, tuple(suffixes)


def core(text: str) -> str:
    return split_label(text)[0]


def squash(text: str) -> str:
    """normalize, and quotes dropped: “三公经费”控制率 -> 三公经费控制率."""
    return normalize(text or "").translate(_QUOTES)


# Column labels of a 基础数据表 whose value stands below them (编制数 | 实际在职人数, the
# 楼堂馆所 columns): label -> (key, basis).
BASE_COLUMN_LABELS = {normalize(k): v for k, v in {
    "编制数": ("staff_quota", None), "核定编制数": ("staff_quota", None), "编制人数": ("staff_quota", None),
    "实际在职人数": ("staff_actual", None), "在职人数": ("staff_actual", None), "实有人数": ("staff_actual", None),
    "在职人员数": ("staff_actual", None), "实际在职人员数": ("staff_actual", None),
    "批复规模": ("building_area", "budget"), "批准规模": ("building_area", "budget"),
    "批准建设面积": ("building_area", "budget"), "实际规模": ("building_area", "final"),
    "实际建设面积": ("building_area", "final"), "预算投资": ("building_invest", "budget"),
    "批准投资": ("building_invest", "budget"), "概算投资": ("building_invest", "budget"),
    "批准投资金额": ("building_invest", "budget"), "实际投资": ("building_invest", "final"),
    "实际投资金额": ("building_invest", "final"),
    # the budget's own quantities (预算完成率, 预算控制率, 结转结余率 …): one key whatever the
    # spelling, 年初预算 / 年初预算数 / 2022年年初预算数 alike
    **dict.fromkeys(("上年结转", "上年结转数", "上年结转资金", "年初结转", "年初结转结余"), ("carryover", None)),
    **dict.fromkeys(("年初预算", "年初预算数", "年初预算安排", "年初预算金额"), ("initial_budget", None)),
    **dict.fromkeys(("本年追加预算", "本年追加预算数", "追加预算", "追加预算数", "本年追加", "预算追加数",
                     "年中追加预算"), ("added_budget", None)),
    **dict.fromkeys(("年末结余", "年末结余数", "年末结转结余", "结余资金", "结转结余资金", "年末结转和结余"),
                    ("year_end_balance", None)),
    **dict.fromkeys(("全年预算数", "全年预算", "调整后预算数", "调整后预算"), ("annual_budget", None)),
    **dict.fromkeys(("全年执行数", "全年执行", "实际支出", "实际支出数", "支出总额", "执行数额"), ("executed", None)),
}.items()}
# The budget's own quantities: columns of a 基础数据表 only where the sheet is one by its
# other labels (a project's funds header 年初预算数 | 全年预算数 is not a 基础数据表).
BUDGET_KEYS = frozenset(("carryover", "initial_budget", "added_budget", "year_end_balance", "annual_budget", "executed"))

# Row labels of the 经费控制情况 block of a 基础数据表 (after numbering such as "3、" and
# "其中：" are removed): label -> key.
BASE_ROW_LABELS = {normalize(k): v for k, v in {
    "三公经费": "three_public", "\"三公\"经费": "three_public", "三公经费支出": "three_public",
    "公用经费": "public_funds", "公用经费支出": "public_funds",
    "政府采购金额": "procurement", "政府采购": "procurement", "政府采购支出": "procurement",
    "公务接待费": "reception", "公务接待": "reception",
    "出国经费": "abroad", "因公出国(境)费": "abroad",
    "公务用车购置和维护经费": "vehicles", "公务用车购置及运行维护费": "vehicles",
    "项目支出": "project_spending",
}.items()}

# A money column of a 基础数据表: 2020年预算数, 2019年决算数, 预算数, 决算数 …
_BASE_MONEY = re.compile(r"^(?:(?P<year>(?:19|20)\d{2})年(?:度)?)?(?P<basis>预算数|决算数|预算|决算|执行数|实际数|预算安排数|实际支出数|实际执行数)$")
_BASE_YEAR_PREFIX = re.compile(r"^(?P<year>(?:19|20)\d{2})年(?:度)?")
_BASE_ROW_NOISE = re.compile(r"^(?:其中[:：]?|[0-9]+[、.．)]|[(（][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)+")


@lru_cache(maxsize=65536)
def base_column(text: str) -> tuple[str, str | None, int | None] | None:
    """A column label of a 基础数据表: (key, basis, year). Money columns have key "" (the
    row says what the money is): 2020年预算数 -> ("", "budget", 2020)."""
    s = core(text).translate(_QUOTES)
    m = _BASE_MONEY.match(s)
    if m:
        basis = "budget" if "预算" in m.group("basis") else "final"
        return "", basis, int(m.group("year")) if m.group("year") else None
    year = None
    y = _BASE_YEAR_PREFIX.match(s)
    if y:
        year, s = int(y.group("year")), s[y.end():]
    hit = BASE_COLUMN_LABELS.get(s)
    if hit:
        return hit[0], hit[1], year
    return None


def base_row(text: str) -> str | None:
    """The key of a row label of a 基础数据表's money block: 三公经费 -> "three_public"."""
    s = normalize(text).translate(_QUOTES).rstrip(":")
    s = _BASE_ROW_NOISE.sub("", s)
    s = core(s) if s else s
    return BASE_ROW_LABELS.get(s.translate(_QUOTES))


# --------------------------------------------------------------------------- a formula's names

_ABS_YEAR = re.compile(r"^((?:19|20)\d{2})年度?")
REL_YEAR = (("上一年度", -1), ("上年度", -1), ("上年", -1), ("本年度", 0), ("当年度", 0), ("本年", 0), ("当年", 0))
_BASIS_PREFIX = (("实际支出", "final"), ("实际", "final"), ("预算安排", "budget"), ("批准", "budget"), ("批复", "budget"))
_BASIS_SUFFIX = (("预算安排数", "budget"), ("预算数", "budget"), ("预算", "budget"), ("决算数", "final"),
                 ("实际支出数", "final"), ("支出数", "final"), ("决算", "final"), ("执行数", "final"), ("实际数", "final"))
_FILLER_SUFFIX = ("总额", "金额", "数")


@dataclass(frozen=True)
class Quantity:
    key: str  # BaseItem.key
    basis: str | None  # "budget" | "final" | None
    year: int | None  # an absolute year the name states
    offset: int | None  # a year relative to the one evaluated (上年度: -1)


def _label(s: str) -> tuple[str, str | None, int | None] | None:
    if not s:
        return None
    hit = base_column(s)
    if hit is not None and hit[0]:
        return hit
    key = base_row(s)
    return (key, None, None) if key else None


# Names a formula uses for the budget as a whole, which a 基础数据表 labels otherwise (福建:
# 支出实现率=实际支出/预算数): a bare 预算数 is a money column's label there, not a quantity.
BARE_NAMES = {"预算数": "annual_budget", "预算资金": "annual_budget", "预算总额": "annual_budget",
              "全年预算": "annual_budget", "支出数": "executed", "执行数": "executed"}


@lru_cache(maxsize=8192)  # Quantity is frozen
def quantity(name: str) -> Quantity | None:
    """What a name of a formula means in the 基础数据表's labels, or None."""
    s = squash(name)
    if s in BARE_NAMES:
        return Quantity(BARE_NAMES[s], None, None, None)
    hit = _label(s)
    if hit is not None:
        return Quantity(hit[0], hit[1], hit[2], None)
    year = offset = None
    m = _ABS_YEAR.match(s)
    if m:
        year, s = int(m.group(1)), s[m.end():]
    else:
        for word, rel in REL_YEAR:
            if s.startswith(word) and _label(s) is None:
                offset, s = rel, s[len(word):]
                break
    basis = None
    for word, b in _BASIS_PREFIX:
        if s.startswith(word) and _label(s) is None:
            basis, s = b, s[len(word):]
            break
    for word, b in _BASIS_SUFFIX:
        if basis is None and s.endswith(word) and _label(s) is None:
            basis, s = b, s[: -len(word)]
            break
    hit = _label(s)
    for word in _FILLER_SUFFIX:
        if hit is None and s.endswith(word):
            hit = _label(s[: -len(word)])
    if hit is None:
        return None
    return Quantity(hit[0], basis or hit[1], year if year is not None else hit[2], offset)
