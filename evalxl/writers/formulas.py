"""A small evaluator for the cached values of the formulas a correction touches.

It understands what self-evaluation forms use: numbers, strings, TRUE/FALSE, cell
references and ranges of the same sheet (with or without $), + - * / ^ %, unary minus,
comparisons, and SUM, MIN, MAX, AVERAGE, COUNT, ROUND, ROUNDUP, ROUNDDOWN, ABS, IF,
IFERROR, AND, OR. Anything else (another sheet, a defined name, an unknown function, a
whole-column range) raises ``Unsupported``: the caller keeps the old cached value and
relies on the workbook being recalculated on open.

    node = parse("SUM(H6:H10)*0.5")
    refs(node)                         -> [Ref(6, 8, 10, 8)]
    evaluate(node, lambda r, c: ...)   -> 47.5

Excel's rules are followed where they matter for a cached value: text and blanks in a
range are skipped by SUM/MIN/MAX/AVERAGE, a blank is 0 in arithmetic, numeric text ("15",
"100%") is coerced in arithmetic, division by zero gives #DIV/0!, ROUND rounds half away
from zero.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Callable, Union

from ..a1 import col_index


class Unsupported(Exception):
    """A formula (or a part of one) this evaluator does not handle."""


@dataclass(frozen=True)
class XlError:
    code: str  # "#DIV/0!", "#VALUE!" ...

    def __str__(self) -> str:
        return self.code


DIV0 = XlError("#DIV/0!")
VALUE = XlError("#VALUE!")
NUM = XlError("#NUM!")

Scalar = Union[float, str, bool, None, XlError]

# --------------------------------------------------------------------------- nodes


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Bool:
    value: bool


@dataclass(frozen=True)
class Ref:
    r1: int
    c1: int
    r2: int
    c2: int

    @property
    def is_cell(self) -> bool:
        return self.r1 == self.r2 and self.c1 == self.c2

    def contains(self, row: int, col: int) -> bool:
        return self.r1 <= row <= self.r2 and self.c1 <= col <= self.c2

    def cells(self):
        for r in range(self.r1, self.r2 + 1):
            for c in range(self.c1, self.c2 + 1):
                yield r, c


@dataclass(frozen=True)
class Unary:
    op: str  # "-", "+", "%"
    arg: object


@dataclass(frozen=True)
class Binary:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple


@dataclass(frozen=True)
class Missing:
    """An omitted argument: IF(A1,,1)."""


MAX_RANGE_CELLS = 1_000_000

# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"(?:[^"]|"")*")
    | (?P<sheet>(?:'(?:[^']|'')+'|[A-Za-z_\u0080-\uffff][\w.\u0080-\uffff]*)!)
    | (?P<ref>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(])
    | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<func>[A-Za-z_][\w.]*)\s*\(
    | (?P<name>[A-Za-z_\\][\w.]*)
    | (?P<err>\#[A-Z0-9/]+[!?A]?)
    | (?P<op><>|<=|>=|[-+*/^&=<>%(),:])
    )""",
    re.X,
)

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Unsupported(f"cannot read {text[pos:pos + 10]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
        if kind == "func":
            out.append(("op", "("))
    return out


def _cell(text: str) -> tuple[int, int]:
    m = _CELL.fullmatch(text)
    if not m:
        raise Unsupported(text)
    row, col = int(m.group(2)), col_index(m.group(1))
    if not (1 <= row <= 1_048_576 and 1 <= col <= 16_384):
        raise Unsupported(text)
    return row, col


# --------------------------------------------------------------------------- parser

_BINARY = {  # precedence, Excel's order: comparison < & < +- < */ < ^
    "=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1,
    "&": 2,
    "+": 3, "-": 3,
    "*": 4, "/": 4,
    "^": 5,
}


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], sheet: str | None):
        self.t = tokens
        self.i = 0
        self.sheet = sheet

    def peek(self) -> tuple[str, str] | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise Unsupported("unexpected end")
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, v = self.take()
        if kind != "op" or v != value:
            raise Unsupported(f"expected {value}")

    def expr(self, min_prec: int = 1):
        left = self.unary()
        while True:
            tok = self.peek()
            if tok is None or tok[0] != "op" or tok[1] not in _BINARY:
                return left
            prec = _BINARY[tok[1]]
            if prec < min_prec:
                return left
            self.take()
            right = self.expr(prec + 1)  # all of Excel's binary operators are left-associative
            left = Binary(tok[1], left, right)

    def unary(self):
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in ("-", "+"):
            self.take()
            return Unary(tok[1], self.unary())
        node = self.primary()
        while True:
            tok = self.peek()
            if tok and tok[0] == "op" and tok[1] == "%":
                self.take()
                node = Unary("%", node)
            else:
                return node

    def primary(self):
        kind, v = self.take()
        if kind == "num":
            return Num(float(v))
        if kind == "str":
            return Str(v[1:-1].replace('""', '"'))
        if kind == "sheet":
            name = v[:-1]
            if name.startswith("'"):
                name = name[1:-1].replace("''", "'")
            if self.sheet is None or name != self.sheet:
                raise Unsupported(f"reference to sheet {name!r}")
            kind, v = self.take()
            if kind != "ref":
                raise Unsupported("sheet without a cell reference")
        if kind == "ref":
            a, _, b = v.partition(":")
            r1, c1 = _cell(a)
            r2, c2 = _cell(b) if b else (r1, c1)
            return Ref(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
        if kind == "func":
            name = v.upper()
            if name.startswith("_XLFN."):
                name = name[6:]
            self.expect("(")
            args = []
            if self.peek() == ("op", ")"):
                self.take()
                return Call(name, ())
            while True:
                tok = self.peek()
                if tok in (("op", ","), ("op", ")")):
                    args.append(Missing())
                else:
                    args.append(self.expr())
                kind2, v2 = self.take()
                if (kind2, v2) == ("op", ")"):
                    return Call(name, tuple(args))
                if (kind2, v2) != ("op", ","):
                    raise Unsupported("bad argument list")
        if kind == "name":
            if v.upper() in ("TRUE", "FALSE"):
                return Bool(v.upper() == "TRUE")
            raise Unsupported(f"defined name {v!r}")
        if kind == "op" and v == "(":
            node = self.expr()
            self.expect(")")
            return node
        raise Unsupported(f"unexpected {v!r}")


def parse(formula: str, sheet: str | None = None) -> object:
    """A formula's text (with or without the leading "=") as a tree. References qualified
    with ``sheet`` are the sheet's own; any other sheet raises Unsupported."""
    text = formula[1:] if formula.startswith("=") else formula
    if not text.strip():
        raise Unsupported("empty formula")
    p = _Parser(_tokens(text), sheet)
    node = p.expr()
    if p.peek() is not None:
        raise Unsupported("trailing tokens")
    return node


def refs(node) -> list[Ref]:
    """Every reference in a tree."""
    out: list[Ref] = []

    def walk(n) -> None:
        if isinstance(n, Ref):
            out.append(n)
        elif isinstance(n, Unary):
            walk(n.arg)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call):
            for a in n.args:
                walk(a)

    walk(node)
    return out


# --------------------------------------------------------------------------- evaluation

Getter = Callable[[int, int], Scalar]


class _Raise(Exception):
    def __init__(self, error: XlError):
        self.error = error


def _to_number(v: Scalar) -> float:
    """Excel's coercion for arithmetic: blank 0, TRUE 1, numeric text parsed."""
    if isinstance(v, XlError):
        raise _Raise(v)
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip().replace(",", "")
    if not s:
        raise _Raise(VALUE)
    pct = s.endswith("%")
    if pct:
        s = s[:-1].strip()
    try:
        x = float(s)
    except ValueError:
        raise _Raise(VALUE) from None
    if not math.isfinite(x):
        raise _Raise(VALUE)
    return x / 100 if pct else x


def _to_bool(v: Scalar) -> bool:
    if isinstance(v, XlError):
        raise _Raise(v)
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0
    s = str(v).strip().upper()
    if s in ("TRUE", "FALSE"):
        return s == "TRUE"
    raise _Raise(VALUE)


def _check(x: float) -> float:
    if not math.isfinite(x):
        raise _Raise(NUM)
    return x


def _compare(op: str, a: Scalar, b: Scalar) -> bool:
    for v in (a, b):
        if isinstance(v, XlError):
            raise _Raise(v)
    # a blank compares as 0 against a number, "" against text, FALSE against a boolean
    if a is None:
        a = "" if isinstance(b, str) else (False if isinstance(b, bool) else 0.0)
    if b is None:
        b = "" if isinstance(a, str) else (False if isinstance(a, bool) else 0.0)

    def rank(v) -> int:  # numbers < text < booleans
        return 2 if isinstance(v, bool) else (1 if isinstance(v, str) else 0)

    ka, kb = rank(a), rank(b)
    if ka != kb:
        x, y = ka, kb
    elif ka == 1:
        x, y = a.lower(), b.lower()
    else:
        x, y = float(a), float(b)
    return {"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]


def _round(x: float, digits: float, mode: str) -> float:
    n = int(digits)
    try:
        d = Decimal(repr(x))
        quantum = Decimal(1).scaleb(-n)
        return float(d.quantize(quantum, rounding=mode))
    except InvalidOperation:
        raise _Raise(NUM) from None


class _Evaluator:
    def __init__(self, get: Getter):
        self.get = get

    def scalar(self, node) -> Scalar:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Str):
            return node.value
        if isinstance(node, Bool):
            return node.value
        if isinstance(node, Missing):
            return None
        if isinstance(node, Ref):
            if not node.is_cell:
                raise Unsupported("a range where one value is expected")
            return self.get(node.r1, node.c1)
        if isinstance(node, Unary):
            x = _to_number(self.scalar(node.arg))
            return -x if node.op == "-" else (x / 100 if node.op == "%" else x)
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Call):
            return self.call(node)
        raise Unsupported(type(node).__name__)

    def binary(self, node: Binary) -> Scalar:
        a, b = self.scalar(node.left), self.scalar(node.right)
        op = node.op
        if op in ("=", "<>", "<", ">", "<=", ">="):
            return _compare(op, a, b)
        if op == "&":
            raise Unsupported("text concatenation")
        x, y = _to_number(a), _to_number(b)
        if op == "+":
            return _check(x + y)
        if op == "-":
            return _check(x - y)
        if op == "*":
            return _check(x * y)
        if op == "/":
            if y == 0:
                raise _Raise(DIV0)
            return _check(x / y)
        if op == "^":
            if x == 0 and y < 0:
                raise _Raise(DIV0)
            if x < 0 and not float(y).is_integer():
                raise _Raise(NUM)
            try:
                return _check(float(x**y))
            except OverflowError:
                raise _Raise(NUM) from None
        raise Unsupported(op)

    def numbers(self, args) -> list[float]:
        """The numbers of SUM-like arguments: references skip text and blanks, values are
        coerced."""
        out: list[float] = []
        for a in args:
            if isinstance(a, Missing):
                continue
            if isinstance(a, Ref):
                n = (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1)
                if n > MAX_RANGE_CELLS:
                    raise Unsupported("range too large")
                for r, c in a.cells():
                    v = self.get(r, c)
                    if isinstance(v, XlError):
                        raise _Raise(v)
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        out.append(float(v))
            else:
                out.append(_to_number(self.scalar(a)))
        return out

    def call(self, node: Call) -> Scalar:
        name, args = node.name, node.args
        if name == "SUM":
            return _check(math.fsum(self.numbers(args)))
        if name in ("MIN", "MAX"):
            nums = self.numbers(args)
            return (min(nums) if name == "MIN" else max(nums)) if nums else 0.0
        if name == "AVERAGE":
            nums = self.numbers(args)
            if not nums:
                raise _Raise(DIV0)
            return _check(math.fsum(nums) / len(nums))
        if name == "COUNT":
            count = 0
            for a in args:
                if isinstance(a, Ref):
                    count += sum(1 for r, c in a.cells() if isinstance(self.get(r, c), (int, float)) and not isinstance(self.get(r, c), bool))
                elif not isinstance(a, Missing):
                    try:
                        _to_number(self.scalar(a))
                        count += 1
                    except _Raise:
                        pass
            return float(count)
        if name in ("ROUND", "ROUNDUP", "ROUNDDOWN"):
            if len(args) != 2:
                raise Unsupported(name)
            x = _to_number(self.scalar(args[0]))
            n = _to_number(self.scalar(args[1]))
            mode = {"ROUND": ROUND_HALF_UP, "ROUNDUP": ROUND_UP, "ROUNDDOWN": ROUND_DOWN}[name]
            return _round(x, n, mode)
        if name == "ABS":
            if len(args) != 1:
                raise Unsupported(name)
            return abs(_to_number(self.scalar(args[0])))
        if name == "IF":
            if not 2 <= len(args) <= 3:
                raise Unsupported(name)
            cond = _to_bool(self.scalar(args[0]))
            if cond:
                return self.branch(args[1])
            return self.branch(args[2]) if len(args) == 3 else False
        if name == "IFERROR":
            if len(args) != 2:
                raise Unsupported(name)
            try:
                v = self.scalar(args[0])
            except _Raise:
                return self.branch(args[1])
            return self.branch(args[1]) if isinstance(v, XlError) else v
        if name in ("AND", "OR"):
            values = []
            for a in args:
                if isinstance(a, Ref):
                    values.extend(self.get(r, c) for r, c in a.cells())
                else:
                    values.append(self.scalar(a))
            bools = [_to_bool(v) for v in values if v is not None and not isinstance(v, str)]
            if not bools:
                raise _Raise(VALUE)
            return all(bools) if name == "AND" else any(bools)
        raise Unsupported(f"function {name}")

    def branch(self, node) -> Scalar:
        if isinstance(node, Missing):
            return 0.0
        v = self.scalar(node)
        return 0.0 if v is None else v


def evaluate(node, get: Getter) -> Scalar:
    """The value of a tree, cells read through ``get(row, col)``. Excel errors come back as
    XlError values; what the evaluator does not handle raises Unsupported."""
    try:
        v = _Evaluator(get).scalar(node)
    except _Raise as exc:
        return exc.error
    except RecursionError as exc:
        raise Unsupported("formula too deep") from exc
    if v is None:
        return 0.0  # a formula pointing at a blank cell shows 0
    return v


def evaluate_text(formula: str, get: Getter, sheet: str | None = None) -> Scalar:
    return evaluate(parse(formula, sheet), get)
