"""The value parser (SPEC §2: numbers as text, percentages, operators, units, placeholders).
Every expectation below is written from the spec's rules, not from running the parser."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalxl.model import Empty, Quantity, Text
from evalxl.reader.values import UNITS, is_percent_format, parse_cell, parse_text

Q = Quantity


@pytest.mark.parametrize(
    "raw, fmt, expected",
    [
        ("96%", "General", Q(96, "%")),
        ("96 %", "General", Q(96, "%")),
        ("９６％", "General", Q(96, "%")),
        ("96.5%", "General", Q(96.5, "%")),
        (0.96, "0%", Q(96, "%")),
        (0.96, "0.00%", Q(96, "%")),
        (0.96, "General", Q(0.96)),
        (1, "0%", Q(100, "%")),
        (15, "General", Q(15)),
        ("15", "@", Q(15)),  # a number typed as text
        ("１５", "General", Q(15)),
        ("1,234.5", "General", Q(1234.5)),
        ("12次", "General", Q(12, "次")),
        ("1人", "General", Q(1, "人")),
        ("15万元", "General", Q(15, "万元")),
        ("72 万元", "General", Q(72, "万元")),
        ("3个工作日", "General", Q(3, "个工作日")),
        ("100人次", "General", Q(100, "人次")),
        ("100㎡", "General", Q(100, "平方米")),
        ("≤15万元", "General", Q(15, "万元", "<=")),
        ("≥90%", "General", Q(90, "%", ">=")),
        ("≧90%", "General", Q(90, "%", ">=")),
        (">=90%", "General", Q(90, "%", ">=")),
        ("》90%", "General", Q(90, "%", ">")),
        (">95%", "General", Q(95, "%", ">")),
        ("＞95%", "General", Q(95, "%", ">")),
        ("≦10%", "General", Q(10, "%", "<=")),
        ("＜5%", "General", Q(5, "%", "<")),
        (">95", "General", Q(95, "", ">")),
        ("不低于95%", "General", Q(95, "%", ">=")),
        ("不少于12次", "General", Q(12, "次", ">=")),
        ("不高于5%", "General", Q(5, "%", "<=")),
        ("不超过6万元", "General", Q(6, "万元", "<=")),
        ("95%以上", "General", Q(95, "%", ">=")),
        ("90%（含）以上", "General", Q(90, "%", ">=")),
        ("5%以内", "General", Q(5, "%", "<=")),
        ("控制在15万元以内", "General", Q(15, "万元", "<=")),
        ("控制在3个工作日以内", "General", Q(3, "个工作日", "<=")),
        ("每人每月100元", "General", Q(100, "元", None, "每人每月")),
        ("达成预期指标95%", "General", Q(95, "%", None, "达成预期指标")),
        ("2000", "General", Q(2000)),
        ("0%", "General", Q(0, "%")),
        ("-54%", "General", Q(-54, "%")),
        ("\u221254%", "General", Q(-54, "%")),  # a typographic minus sign
    ],
)
def test_quantities(raw, fmt, expected):
    assert parse_cell(raw, fmt) == expected


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000", "\n", "—", "——", "-", "－", "–", "/", "／", "…", "...", "......"])
def test_placeholders_are_empty(raw):
    assert parse_cell(raw) == Empty()


@pytest.mark.parametrize(
    "raw",
    ["达成预期指标", "稳健运行", "不涉及", "80%-90%", "100%完成", "第一季度", "较健全", "对社会有积极的作用"],
)
def test_text_keeps_what_was_typed(raw):
    assert parse_cell(raw) == Text(raw)


def test_text_is_stripped_but_not_normalised():
    assert parse_cell("  一定的积极作用 \n") == Text("一定的积极作用")


def test_bool():
    assert parse_cell(True) == Text("TRUE")


@pytest.mark.parametrize(
    "code, expected",
    [
        ("0%", True),
        ("0.00%", True),
        ("0.0%;[Red]-0.0%", True),
        ("General", False),
        ("0.00", False),
        ('0.00"%"', False),  # quoted: a literal %, the number is not scaled
        ("0.00\\%", False),  # escaped: likewise
        ("", False),
    ],
)
def test_percent_format(code, expected):
    assert is_percent_format(code) is expected


# --- properties --------------------------------------------------------------------------

numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 4))
FULLWIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
SYMBOL_OPS = [("", None), ("≥", ">="), ("≧", ">="), (">", ">"), ("＞", ">"), ("≤", "<="), ("≦", "<="), ("<", "<")]
WORD_OPS = [("不低于", ">="), ("不少于", ">="), ("不超过", "<="), ("不高于", "<=")]
SUFFIX_OPS = [("以上", ">="), ("以内", "<="), ("以下", "<=")]


def _text(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


@given(x=numbers, op=st.sampled_from(SYMBOL_OPS + WORD_OPS), unit=st.sampled_from(("",) + UNITS),
       spaced=st.booleans(), full=st.booleans())
@settings(max_examples=300, deadline=None)
def test_numbers_with_prefix_operators_and_units(x, op, unit, spaced, full):
    number = _text(x)
    if full:
        number = number.translate(FULLWIDTH)
    sep = " " if spaced else ""
    got = parse_text(f"{op[0]}{sep}{number}{sep}{unit}")
    assert isinstance(got, Quantity)
    assert math.isclose(got.number, x, abs_tol=1e-9)
    assert got.op == op[1]
    assert got.unit == ("平方米" if unit in ("m2", "m²") else unit)


@given(x=numbers.filter(lambda v: v >= 0), op=st.sampled_from(SUFFIX_OPS), unit=st.sampled_from(("%", "次", "万元", "")))
@settings(max_examples=100, deadline=None)
def test_numbers_with_suffix_operators(x, op, unit):
    got = parse_text(f"{_text(x)}{unit}{op[0]}")
    assert got == Quantity(x, unit, op[1])


@given(x=numbers)
@settings(max_examples=200, deadline=None)
def test_percent_format_scales_by_100(x):
    got = parse_cell(x, "0.00%")
    assert isinstance(got, Quantity) and got.unit == "%"
    assert math.isclose(got.number, x * 100, rel_tol=1e-12, abs_tol=1e-9)


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_never_raises(text):
    assert isinstance(parse_text(text), (Empty, Text, Quantity))
