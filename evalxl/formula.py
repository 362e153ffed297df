"""The formula an indicator's 指标说明 prints, read into an expression over named quantities.

    extract(note, name=None) -> Formula | None       the 「X=…」 of a 指标说明, or None
    parse_expression(text) -> Expr                    raises FormulaError (Chinese message)

「预算完成率=（上年结转+年初预算+本年追加预算-年末结余）/（上年结转+年初预算+本年追加预算）
×100%」 reads as ``Formula(label="预算完成率", expr=(a + b + c − d) ÷ (a + b + c), percent=True)``.
Sums, differences, products, quotients and unary minus; brackets of every width （）() ［］[]
【】〔〕{}; ×100% (×100、*100%、x100%) at the end says the value is a percentage; the
operators × ✕ * · and ÷ / ／; names in Chinese, with quotes kept as written (“三公经费”实际
支出数), digits allowed inside a name (2022年年初预算数); a number with % is a fraction
(10% = 0.1). A small recursive-descent parser over a regex tokenizer: the grammar is four
operators and brackets, which Python's ``ast`` would also parse, but not names that start
with a digit or hold quotes; nothing is ever ``eval``-ed.

Pure: nothing here knows the table, the 基础数据表 or the findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

from .scoring import round_half_up

OPEN, CLOSE = "([{【〔〖", ")]}】〕〗"
_CHAR_MAP = {
    **{ord(c): "(" for c in OPEN}, **{ord(c): ")" for c in CLOSE},
    **{ord(c): "-" for c in "−–—﹣－"}, **{ord(c): "*" for c in "×✕✖＊"}, **{ord(c): "/" for c in "÷／∕"},
    ord("＋"): "+",
}
_PERCENT_END = re.compile(r"[*xX]\s*100\s*%?\s*$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_SEPARATORS = "。；;，,\n\r：:"
_SCORE_WORDS = ("得分", "分值", "该项得分", "该指标得分", "本项得分")


class FormulaError(ValueError):
    """A formula that does not parse; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- the expression


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Name:
    text: str  # as written: “三公经费”实际支出数


@dataclass(frozen=True)
class Neg:
    operand: "Expr"


@dataclass(frozen=True)
class BinOp:
    op: str  # "+" "-" "*" "/"
    left: "Expr"
    right: "Expr"


Expr = Union[Num, Name, Neg, BinOp]

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
_SHOWN = {"+": "+", "-": "−", "*": "×", "/": "÷"}


def names(expr: Expr) -> list[str]:
    """The names of an expression, each once, in the order written."""
    out: list[str] = []

    def walk(e: Expr) -> None:
        if isinstance(e, Name):
            if e.text not in out:
                out.append(e.text)
        elif isinstance(e, Neg):
            walk(e.operand)
        elif isinstance(e, BinOp):
            walk(e.left)
            walk(e.right)

    walk(expr)
    return out


class ZeroDivisor(ArithmeticError):
    """A divisor that is 0; ``expr`` is the divisor."""

    def __init__(self, expr: Expr):
        super().__init__("division by zero")
        self.expr = expr


def evaluate(expr: Expr, values: dict[str, float]) -> float:
    """The value with every name bound (KeyError for a name left out)."""
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Name):
        return values[expr.text]
    if isinstance(expr, Neg):
        return -evaluate(expr.operand, values)
    a, b = evaluate(expr.left, values), evaluate(expr.right, values)
    if expr.op == "+":
        return a + b
    if expr.op == "-":
        return a - b
    if expr.op == "*":
        return a * b
    if b == 0:
        raise ZeroDivisor(expr.right)
    return a / b


def _number(x: float) -> str:
    x = round_half_up(float(x), 4)
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def render(expr: Expr, values: dict[str, float] | None = None) -> str:
    """The expression as a person reads it, names or (given ``values``) their numbers in
    their place: (50 + 1200 + 150 − 70) ÷ (50 + 1200 + 150)."""

    def show(e: Expr, parent: int = 0, right: bool = False, parent_op: str = "") -> str:
        if isinstance(e, Num):
            return _number(e.value)
        if isinstance(e, Name):
            return _number(values[e.text]) if values is not None and e.text in values else e.text
        if isinstance(e, Neg):
            return "−" + show(e.operand, 3)
        p = _PRECEDENCE[e.op]
        text = f"{show(e.left, p, False, e.op)} {_SHOWN[e.op]} {show(e.right, p, True, e.op)}"
        if p < parent or (right and p == parent and parent_op in "-/"):
            return f"({text})"
        return text

    return show(expr)


# --------------------------------------------------------------------------- parsing


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").translate(_CHAR_MAP)


def _tokens(text: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "+-*/()":
            out.append(("op", ch))
            i += 1
        else:
            j = i
            while j < n and text[j] not in "+-*/()" and not text[j].isspace():
                j += 1
            word = text[i:j]
            if _NUMBER.fullmatch(word):
                value = float(word.rstrip("%"))
                out.append(("num", value / 100 if word.endswith("%") else value))
            else:
                out.append(("name", word))
            i = j
    return out


class _Parser:
    """expr := term (("+" | "-") term)* ; term := factor (("*" | "/") factor)* ;
    factor := "-" factor | "(" expr ")" | number | name"""

    def __init__(self, tokens: list[tuple[str, object]]):
        self.tokens, self.i = tokens, 0

    def peek(self) -> tuple[str, object] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, object]:
        tok = self.peek()
        if tok is None:
            raise FormulaError("公式不完整")
        self.i += 1
        return tok

    def expr(self) -> Expr:
        e = self.term()
        while (tok := self.peek()) is not None and tok in (("op", "+"), ("op", "-")):
            self.take()
            e = BinOp(str(tok[1]), e, self.term())
        return e

    def term(self) -> Expr:
        e = self.factor()
        while (tok := self.peek()) is not None and tok in (("op", "*"), ("op", "/")):
            self.take()
            e = BinOp(str(tok[1]), e, self.factor())
        return e

    def factor(self) -> Expr:
        kind, value = self.take()
        if (kind, value) == ("op", "-"):
            return Neg(self.factor())
        if (kind, value) == ("op", "("):
            e = self.expr()
            if self.take() != ("op", ")"):
                raise FormulaError("公式中的括号不配对")
            return e
        if kind == "num":
            return Num(float(value))  # type: ignore[arg-type]
        if kind == "name":
            return Name(str(value))
        raise FormulaError(f"公式中「{value}」的位置不对")


def parse_expression(text: str) -> Expr:
    """An expression (the part after 「X=」, without ×100%), normalized first."""
    tokens = _tokens(_normalize(text))
    if not tokens:
        raise FormulaError("公式为空")
    p = _Parser(tokens)
    e = p.expr()
    if p.peek() is not None:
        raise FormulaError(f"公式中「{p.peek()[1]}」之后的内容无法识别")  # type: ignore[index]
    return e


@dataclass(frozen=True)
class Formula:
    label: str  # the left side as written: 预算完成率
    expr: Expr
    percent: bool  # ended in ×100%: the value is shown in percent
    text: str  # the right side as written

    @property
    def names(self) -> list[str]:
        return names(self.expr)

    def value(self, values: dict[str, float]) -> float:
        """The indicator's value (in percent when ``percent``); ZeroDivisor for a 0 divisor."""
        v = evaluate(self.expr, values)
        return v * 100 if self.percent else v

    def render(self, values: dict[str, float] | None = None) -> str:
        return render(self.expr, values)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).translate(
        dict.fromkeys(map(ord, "“”‘’\"'「」『』"), None))


def _candidates(note: str) -> list[tuple[str, str]]:
    """Every (left side, right side) of 「X=…」 in a note; the right side ends at a sentence
    or clause mark outside brackets."""
    s = unicodedata.normalize("NFKC", note or "")
    out = []
    for m in re.finditer("=", s):
        head = s[: m.start()]
        cut = max(head.rfind(c) for c in _SEPARATORS + "。")
        label = head[cut + 1:].strip()
        depth, end = 0, len(s)
        for k in range(m.end(), len(s)):
            ch = s[k]
            if ch in OPEN:
                depth += 1
            elif ch in CLOSE:
                depth -= 1
            elif depth <= 0 and ch in _SEPARATORS:
                end = k
                break
        out.append((label, s[m.end():end].strip()))
    return out


def _formula(label: str, rhs: str) -> Formula:
    text = _normalize(rhs).rstrip("。.")
    m = _PERCENT_END.search(text)
    percent = bool(m)
    body = text[: m.start()] if m else text
    if not body.strip():
        raise FormulaError("公式为空")
    return Formula(label=label, expr=parse_expression(body), percent=percent or label.endswith("率"), text=rhs)


@lru_cache(maxsize=4096)  # a Formula is frozen: one parse per (指标说明, name) serves every workbook
def extract(note: str | None, name: str | None = None) -> Formula | None:
    """The formula of the indicator ``name`` in its 指标说明: the 「X=…」 whose left side
    names the indicator (the only one, where one only is printed and it is not a score
    formula such as 该项得分=…). None where there is none or it does not parse."""
    if not note or len(note) > 2000 or "=" not in unicodedata.normalize("NFKC", note):
        return None
    want = _squash(name or "")
    found = []
    for label, rhs in _candidates(note):
        lab = _squash(label)
        if not lab or not rhs or lab in _SCORE_WORDS or lab.endswith("得分"):
            continue
        try:
            f = _formula(label, rhs)
        except FormulaError:
            continue
        if not f.names:
            continue
        found.append((lab, f))
    if not found:
        return None
    if want:
        for lab, f in found:
            if lab == want or lab in want or want in lab:
                return f
    return found[0][1] if len(found) == 1 else None


__all__ = ["extract", "parse_expression", "Formula", "FormulaError", "ZeroDivisor", "Num", "Name", "Neg", "BinOp",
           "names", "evaluate", "render"]
