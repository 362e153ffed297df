"""The value parser (evalxl/reader/values.py): numbers as text, percentages, operators,
units, qualifiers, placeholders. Every expectation below is written from the spec's rules,
not from running the parser."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalxl.model import Empty, Quantity, Text
from evalxl.reader.values import UNITS, is_percent_format, parse_cell, parse_text

Q = Quantity


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize(
    "raw, fmt, expected",
    [
        # the spec's examples
        ("96%", "General", Q(96, "%")),
        ("96 %", "General", Q(96, "%")),
        ("９６％", "General", Q(96, "%")),
        (0.96, "0%", Q(96, "%")),
        (0.96, "0.00%", Q(96, "%")),
        (0.96, "General", Q(0.96)),
        ("12次", "General", Q(12, "次")),
        ("1人", "General", Q(1, "人")),
        ("15万元", "General", Q(15, "万元")),
        ("≤15万元", "General", Q(15, "万元", "<=")),
        ("≥90%", "General", Q(90, "%", ">=")),
        ("≧90%", "General", Q(90, "%", ">=")),
        ("》90%", "General", Q(90, "%", ">")),
        (">95%", "General", Q(95, "%", ">")),
        ("＞95%", "General", Q(95, "%", ">")),
        ("≦10%", "General", Q(10, "%", "<=")),
        ("不低于95%", "General", Q(95, "%", ">=")),
        ("95%以上", "General", Q(95, "%", ">=")),
        ("控制在15万元以内", "General", Q(15, "万元", "<=")),
        ("不超过6万元", "General", Q(6, "万元", "<=")),
        ("每人每月100元", "General", Q(100, "元", None, "每人每月")),
        ("2000", "General", Q(2000)),
        (">95", "General", Q(95, "", ">")),
        ("0%", "General", Q(0, "%")),
        ("-54%", "General", Q(-54, "%")),
        ("3个工作日", "General", Q(3, "个工作日")),
        ("72 万元", "General", Q(72, "万元")),
        # numbers: stored, typed as text, percent formats
        (1, "0%", Q(100, "%")),
        (0.07, "0%", Q(7, "%")),  # 0.07 * 100 is 7.000000000000001 before rounding
        (0.1234, "0.00%", Q(12.34, "%")),
        (-0.05, "0.0%;[Red]-0.0%", Q(-5, "%")),
        (0.96, '0.00"%"', Q(0.96)),  # a quoted % is a literal: no scaling
        (15, "General", Q(15)),
        (15, None, Q(15)),
        (-0.0, "General", Q(0)),
        ("15", "@", Q(15)),  # a number typed as text
        ("0.96", "0%", Q(0.96)),  # Excel applies no number format to text
        ("１５", "General", Q(15)),
        ("1,234.5", "General", Q(1234.5)),
        ("1,234,567", "General", Q(1234567)),
        ("96.5%", "General", Q(96.5, "%")),
        ("-5%", "General", Q(-5, "%")),
        ("\u221254%", "General", Q(-54, "%")),  # U+2212 minus sign
        ("－５４％", "General", Q(-54, "%")),
        ("+5%", "General", Q(5, "%")),
        (".5", "General", Q(0.5)),
        ("3‰", "General", Q(3, "‰")),
        ("9\n6%", "General", Q(96, "%")),  # all whitespace goes, even inside the number
        ("96\u200b%", "General", Q(96, "%")),  # zero-width characters go
        ("\ufeff96%\u2060", "General", Q(96, "%")),
        ("96\u3000%", "General", Q(96, "%")),
        # units: longest first
        ("100人次", "General", Q(100, "人次")),
        ("3万人次", "General", Q(3, "万人次")),
        ("3万人", "General", Q(3, "万人")),
        ("2亿元", "General", Q(2, "亿元")),
        ("5工作日", "General", Q(5, "工作日")),
        ("6个月", "General", Q(6, "个月")),
        ("30分钟", "General", Q(30, "分钟")),
        ("5分", "General", Q(5, "分")),
        ("3批次", "General", Q(3, "批次")),
        ("10公里", "General", Q(10, "公里")),
        ("100平方米", "General", Q(100, "平方米")),
        ("100㎡", "General", Q(100, "平方米")),  # NFKC: ㎡ -> "m2", read as 平方米
        ("100m²", "General", Q(100, "平方米")),
        ("100㎡以上", "General", Q(100, "平方米", ">=")),
        ("500元/人", "General", Q(500, "元/人")),
        ("500元/人/月", "General", Q(500, "元/人/月")),
        ("500元／月", "General", Q(500, "元/月")),
        ("1200元/人·年", "General", Q(1200, "元/人·年")),
        ("1200元/人・年", "General", Q(1200, "元/人·年")),  # katakana middle dot
        # operators as symbols
        (">=90%", "General", Q(90, "%", ">=")),
        ("＞＝90%", "General", Q(90, "%", ">=")),
        ("⩾90%", "General", Q(90, "%", ">=")),
        ("<=5", "General", Q(5, "", "<=")),
        ("≤ 5 %", "General", Q(5, "%", "<=")),
        ("＜5%", "General", Q(5, "%", "<")),
        ("《5%", "General", Q(5, "%", "<")),
        ("≥-5%", "General", Q(-5, "%", ">=")),
        # operators as words
        ("不少于12次", "General", Q(12, "次", ">=")),
        ("不小于3个", "General", Q(3, "个", ">=")),
        ("大于等于90%", "General", Q(90, "%", ">=")),
        ("至少2场", "General", Q(2, "场", ">=")),
        ("高于80%", "General", Q(80, "%", ">")),
        ("大于80%", "General", Q(80, "%", ">")),
        ("超过100人", "General", Q(100, "人", ">")),
        ("多于3家", "General", Q(3, "家", ">")),
        ("不高于5%", "General", Q(5, "%", "<=")),
        ("不大于5%", "General", Q(5, "%", "<=")),
        ("不多于3次", "General", Q(3, "次", "<=")),
        ("小于等于5%", "General", Q(5, "%", "<=")),
        ("最多3天", "General", Q(3, "天", "<=")),
        ("至多3天", "General", Q(3, "天", "<=")),
        ("低于5%", "General", Q(5, "%", "<")),
        ("小于5%", "General", Q(5, "%", "<")),
        ("少于5人", "General", Q(5, "人", "<")),
        ("3次及以上", "General", Q(3, "次", ">=")),
        ("5%以下", "General", Q(5, "%", "<=")),
        ("5%及以下", "General", Q(5, "%", "<=")),
        ("5%以内", "General", Q(5, "%", "<=")),
        ("90%（含）以上", "General", Q(90, "%", ">=")),
        ("90%(含)以上", "General", Q(90, "%", ">=")),
        ("（含）90%以上", "General", Q(90, "%", ">=")),
        ("控制在15万元", "General", Q(15, "万元", "<=")),
        ("控制在15万元以下", "General", Q(15, "万元", "<=")),
        ("控制在3个工作日以内", "General", Q(3, "个工作日", "<=")),
        ("不低于90%以上", "General", Q(90, "%", ">=")),  # both say >=
        # decisions (see the module): 控制在 yields to any other operator; a prefix and a
        # suffix pointing the same way read as the prefix
        ("控制在90%以上", "General", Q(90, "%", ">=")),
        ("高于90%以上", "General", Q(90, "%", ">")),
        # qualifiers
        ("达成预期指标95%", "General", Q(95, "%", None, "达成预期指标")),
        ("满意度≥90%", "General", Q(90, "%", ">=", "满意度")),  # an operator after the words
        ("每人每月不低于100元", "General", Q(100, "元", ">=", "每人每月")),
        ("不低于每人100元", "General", Q(100, "元", ">=", "每人")),
        ("成本控制在15万元以内", "General", Q(15, "万元", "<=", "成本")),
        ("同比-5%", "General", Q(-5, "%", None, "同比")),
        ("约100人", "General", Q(100, "人", None, "约")),
        ("每人每月平均标准9元", "General", Q(9, "元", None, "每人每月平均标准")),  # 8 characters
    ],
)
def test_quantities(raw, fmt, expected):
    got = parse_cell(raw, fmt)
    assert got == expected
    assert type(got.number) is float


@pytest.mark.parametrize(
    "raw",
    [None, "", " ", "  ", "\u3000", "\n", "\t", "\r\n \u3000", "\u200b", "\ufeff",
     "—", "——", "-", "－", "–", "/", "／", "\\", "＼", "…", "……", ".", "...", "......", " — ", "\n/\n"],
)
def test_placeholders_are_empty(raw):
    assert parse_cell(raw) == Empty()
    if raw is not None:
        assert parse_text(raw) == Empty()


@pytest.mark.parametrize(
    "raw",
    [
        "达成预期指标", "稳健运行", "不涉及", "第一季度", "较健全", "对社会有积极的作用",
        "80%-90%",  # a range: two numbers
        "80%~90%", "100%完成", "第1季度", "2024年12月", "2024-12-31", "1/2", "1,23",
        "100人左右",  # words after the unit
        "每人每月的补助标准为100元",  # qualifier of more than 8 characters
        "(平均)100元",  # a qualifier of words only
        "≥", "以上", "≥90%以下", "低于90%以上",  # contradictory operators
        "≥不超过5%",
        "GB-2020", "A-1",  # a hyphen in a code, not a minus
        "1e5", "96%%", "5.",
        "9" * 400,  # a number too large for a float
    ],
)
def test_text_keeps_what_was_typed(raw):
    assert parse_cell(raw) == Text(raw)
    assert parse_text(raw) == Text(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  一定的积极作用 \n", "一定的积极作用"),
        ("\u3000８０％－９０％\u3000", "８０％－９０％"),  # the original spelling, not NFKC
        ("较 好", "较 好"),  # inner spaces kept
    ],
)
def test_text_is_stripped_but_not_normalised(raw, expected):
    assert parse_cell(raw) == Text(expected)


@pytest.mark.parametrize(
    "raw, fmt, expected",
    [
        (True, "General", Text("TRUE")),
        (False, "0%", Text("FALSE")),
        (float("nan"), "General", Text("nan")),
        (float("inf"), "General", Text("inf")),
        (1e308, "0%", Text("1e+308")),  # overflows when scaled
        (10**400, "General", Text(str(10**400))),  # too large for a float
        (Decimal("1.5"), "General", Q(1.5)),
        (datetime.date(2024, 1, 2), "yyyy-mm-dd", Text("2024-01-02")),
    ],
)
def test_other_raw_values(raw, fmt, expected):
    assert parse_cell(raw, fmt) == expected


def test_never_raises_on_odd_objects():
    class Broken:
        def __str__(self):
            raise RuntimeError

    assert isinstance(parse_cell(Broken()), Text)
    assert parse_text(None) == Empty()  # not a str: handed to parse_cell
    assert parse_text(12) == Q(12)
    assert parse_cell(0.5, 12345) == Q(0.5)  # a number format that is not a str


@pytest.mark.parametrize(
    "code, expected",
    [
        ("0%", True),
        ("0.00%", True),
        ("0.0%;[Red]-0.0%", True),
        ("#,##0.00%", True),
        ("[Red]0%", True),
        ("[$-409]0.0%", True),
        ('"a;b"0%', True),  # a quoted ; does not end the section
        ("General", False),
        ("0.00", False),
        ("@", False),
        ('0.00"%"', False),  # quoted: a literal %, the number is not scaled
        ("0.00\\%", False),  # escaped with a backslash: likewise (Excel's "0.0\%" trick)
        ("0.0_%", False),  # _% is a space as wide as %
        ("0.0*%", False),  # *% fills with %
        ("0.00;0.00%", False),  # only the first section counts
        ("", False),
        (None, False),
    ],
)
def test_percent_format(code, expected):
    assert is_percent_format(code) is expected


# --------------------------------------------------------------------------- properties

numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 4))
FULLWIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
SYMBOL_OPS = [
    ("≥", ">="), ("≧", ">="), (">=", ">="), ("＞＝", ">="), ("⩾", ">="),
    (">", ">"), ("＞", ">"), ("》", ">"),
    ("≤", "<="), ("≦", "<="), ("<=", "<="), ("⩽", "<="),
    ("<", "<"), ("＜", "<"), ("《", "<"),
]
WORD_OPS = [
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("大于等于", ">="), ("至少", ">="),
    ("高于", ">"), ("大于", ">"), ("超过", ">"), ("多于", ">"),
    ("不高于", "<="), ("不超过", "<="), ("不大于", "<="), ("不多于", "<="), ("小于等于", "<="),
    ("最多", "<="), ("至多", "<="), ("控制在", "<="),
    ("低于", "<"), ("小于", "<"), ("少于", "<"),
]
SUFFIX_OPS = [("以上", ">="), ("及以上", ">="), ("以下", "<="), ("及以下", "<="), ("以内", "<=")]
SPACES = st.sampled_from(["", " ", "\u3000", "\n", "\t"])


@given(x=numbers, op=st.sampled_from([("", None)] + SYMBOL_OPS + WORD_OPS), unit=st.sampled_from(("",) + UNITS),
       sep1=SPACES, sep2=SPACES, full=st.booleans())
@settings(max_examples=400, deadline=None)
def test_numbers_with_prefix_operators_and_units(x, op, unit, sep1, sep2, full):
    number = f"{x}"
    if full:
        number = number.translate(FULLWIDTH)
    got = parse_text(f"{op[0]}{sep1}{number}{sep2}{unit}")
    assert isinstance(got, Quantity)
    assert math.isclose(got.number, x, rel_tol=0, abs_tol=1e-9)
    assert got.unit == unit
    assert got.op == op[1]
    assert got.qualifier == ""


@given(x=numbers, pct=st.sampled_from(["%", " %", "％", "\u3000%"]), full=st.booleans())
@settings(max_examples=100, deadline=None)
def test_percent_text(x, pct, full):
    number = f"{x}".translate(FULLWIDTH) if full else f"{x}"
    got = parse_text(number + pct)
    assert isinstance(got, Quantity) and got.unit == "%" and got.op is None
    assert math.isclose(got.number, x, rel_tol=0, abs_tol=1e-9)


@given(x=numbers, op=st.sampled_from(SUFFIX_OPS), unit=st.sampled_from(("",) + UNITS),
       inclusive=st.sampled_from(["", "(含)", "（含）"]), circumfix=st.booleans())
@settings(max_examples=150, deadline=None)
def test_numbers_with_suffix_operators(x, op, unit, inclusive, circumfix):
    prefix = "控制在" if circumfix else ""  # 控制在 yields to the suffix's operator
    got = parse_text(f"{prefix}{x}{unit}{inclusive}{op[0]}")
    assert isinstance(got, Quantity)
    assert math.isclose(got.number, x, rel_tol=0, abs_tol=1e-9)
    assert (got.unit, got.op, got.qualifier) == (unit, op[1], "")


@given(x=numbers.filter(lambda v: v >= 0), words=st.sampled_from(["每人每月", "满意度", "达成预期指标", "年均", "人均"]),
       op=st.sampled_from([("", None), ("≥", ">="), ("不低于", ">="), ("≤", "<=")]),
       unit=st.sampled_from(("", "%", "元", "万元", "次")))
@settings(max_examples=100, deadline=None)
def test_qualifiers(x, words, op, unit):
    got = parse_text(f"{words}{op[0]}{x}{unit}")
    assert got == Quantity(round(x, 10), unit, op[1], words)


@given(x=st.one_of(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False),
                   st.integers(min_value=-10**15, max_value=10**15)),
       fmt=st.sampled_from(["0%", "0.00%", "0.0%;[Red]-0.0%", "#,##0.0%", "[$-409]0%"]))
@settings(max_examples=200, deadline=None)
def test_percent_format_scales_by_100(x, fmt):
    got = parse_cell(x, fmt)
    assert isinstance(got, Quantity) and got.unit == "%" and got.op is None
    assert got.number == float(round(x * 100, 10))
    assert math.isclose(got.number, x * 100, rel_tol=1e-12, abs_tol=1e-9)


@given(x=st.floats(allow_nan=False, allow_infinity=False), fmt=st.sampled_from(["General", "0.00", '0"%"', "0.0\\%", "@"]))
@settings(max_examples=100, deadline=None)
def test_other_formats_keep_the_number(x, fmt):
    assert parse_cell(x, fmt) == Quantity(round(x, 10) + 0.0)


@st.composite
def _noise(draw, text):
    """``text`` with whitespace and zero-width characters put anywhere."""
    out = []
    for ch in text:
        out.append(draw(st.sampled_from(["", "", " ", "\u3000", "\n", "\u200b", "\ufeff", "\u2060"])))
        out.append(ch)
    return "".join(out)


@given(data=st.data(), case=st.sampled_from([
    ("≥90%", Q(90, "%", ">=")), ("控制在15万元以内", Q(15, "万元", "<=")), ("每人每月100元", Q(100, "元", None, "每人每月")),
    ("1,234.5", Q(1234.5)), ("90%（含）以上", Q(90, "%", ">=")), ("-54%", Q(-54, "%")), ("3个工作日", Q(3, "个工作日")),
]))
@settings(max_examples=100, deadline=None)
def test_whitespace_and_zero_width_anywhere(data, case):
    text, expected = case
    assert parse_text(data.draw(_noise(text))) == expected


VALID_OPS = {None, ">=", ">", "<=", "<", "="}  # "=": a target to be met exactly (SPEC §3.3, issue 12)


def _check(value, text):
    assert isinstance(value, (Empty, Text, Quantity))
    if isinstance(value, Text):
        assert value.text == text.strip()
    if isinstance(value, Quantity):
        assert math.isfinite(value.number)
        assert value.unit in UNITS or value.unit == ""
        assert value.op in VALID_OPS
        assert len(value.qualifier) <= 8 and not any(c.isdigit() for c in value.qualifier)


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_parse_text_never_raises(text):
    _check(parse_text(text), text)


@given(st.text(alphabet=st.sampled_from(list("0123456789０９.,，-－+%％‰ 　≥≤><＞》《≧≦()（）含以上下内不低于超过控制在每人元万次个工作日m²㎡/—…\u200b")),
               max_size=20))
@settings(max_examples=500, deadline=None)
def test_parse_text_never_raises_on_near_quantities(text):
    _check(parse_text(text), text)


@given(raw=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.decimals()),
       fmt=st.one_of(st.none(), st.text(), st.sampled_from(["General", "0%", "0.00%", '0"%"'])))
@settings(max_examples=300, deadline=None)
def test_parse_cell_never_raises(raw, fmt):
    assert isinstance(parse_cell(raw, fmt), (Empty, Text, Quantity))
    assert isinstance(is_percent_format(fmt), bool)
