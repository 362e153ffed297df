"""The formula language the evaluator (evalxl.writers.formulas) understands: Excel's error
values, the tree nodes, and the parser from formula text to a tree and its cell references.

    node = parse("SUM(H6:H10)*0.5")
    refs(node)                         -> [Ref(6, 8, 10, 8)]

Anything outside the language (another sheet, a defined name, a whole-column range) raises
``Unsupported``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

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
