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
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Callable

from .formula_parse import (DIV0, MAX_RANGE_CELLS, NUM, VALUE, Binary, Bool, Call, Missing, Num, Ref,  # noqa: F401
                            Scalar, Str, Unary, Unsupported, XlError, parse, refs)  # re-exported

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
