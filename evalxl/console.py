"""Terminal output that survives any console encoding (a Windows console in GBK included).

Characters the console cannot encode are replaced by a readable ASCII spelling (≧ -> >=)
or, failing that, by "?"; JSON output escapes them as \\uXXXX instead, which keeps it
valid JSON. Nothing here ever raises UnicodeEncodeError.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable, Iterator, TextIO

from .textwidth import display_width

FALLBACK = {
    "≧": ">=", "≦": "<=", "≥": ">=", "≤": "<=", "》": ">", "《": "<", "＞": ">", "＜": "<",
    "✓": "v", "✔": "v", "✗": "x", "✘": "x", "–": "-", "—": "-", "…": "...", "\u3000": " ",
    "\u00a0": " ", "㎡": "m2", "•": "*", "→": "->",
}


def _encoding(stream: TextIO) -> str:
    return getattr(stream, "encoding", None) or "utf-8"


def safe(text: str, encoding: str) -> str:
    """``text`` with every character ``encoding`` cannot hold replaced."""
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except (UnicodeEncodeError, LookupError):
            alt = FALLBACK.get(ch, "?")
            try:
                alt.encode(encoding)
            except (UnicodeEncodeError, LookupError):
                alt = "?"
            out.append(alt)
    return "".join(out)


def write(text: str = "", stream: TextIO | None = None, end: str = "\n") -> None:
    stream = stream or sys.stdout
    stream.write(safe(text + end, _encoding(stream)))


def err(text: str = "") -> None:
    write(text, sys.stderr)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a surrogate pair, as JSON spells characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_records(obj: Any) -> str:
    """JSON with one record per line: a dict's lists of dicts are written one element a
    line. As readable as indented JSON for a report, and written by json's C encoder
    (``indent`` makes it fall back to pure Python, ten times slower on a large report)."""
    if isinstance(obj, dict):
        return "{\n" + ",\n".join(f" {_one(k)}: {_block(v)}" for k, v in obj.items()) + "\n}"
    return _block(obj)


def _block(x: Any) -> str:
    """A value of json_records' top dict: a list of records one a line, else one line."""
    if isinstance(x, list) and x and all(isinstance(i, dict) for i in x):
        return "[\n  " + ",\n  ".join(_one(i) for i in x) + "\n ]"
    return _one(x)


def json_record_chunks(obj: dict[str, Any]) -> Iterator[str]:
    """``json_records(obj)`` piece by piece, for a report too large to hold twice (its
    dicts and its text): a value given as an iterator is read as a list of records (dicts)
    one at a time and never held whole. Joined, the pieces are exactly json_records' text."""
    yield "{\n"
    for n, (k, v) in enumerate(obj.items()):
        yield ("" if n == 0 else ",\n") + f" {_one(k)}: "
        if not isinstance(v, Iterator):
            yield _block(v)
            continue
        first = True
        for item in v:
            yield ("[\n  " if first else ",\n  ") + (item if isinstance(item, RawJSON) else _one(item))
            first = False
        yield "[]" if first else "\n ]"
    yield "\n}"


class RawJSON(str):
    """A record already written as JSON text (one line): json_record_chunks takes it as is."""


# json.dumps with these settings, its encoder made once (it has no state between calls):
# a batch's reports dump one record per finding, tens of thousands
_one = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",", ": ")).encode


def dumps_json(obj: Any, encoding: str = "utf-8", records: bool = False) -> str:
    """JSON text (indented, or one record per line for large reports); characters the
    target encoding cannot hold are \\u-escaped."""
    text = json_records(obj) if records else json.dumps(obj, ensure_ascii=False, indent=2, default=str)
    if safe(text, encoding) == text:
        return text
    return "".join(ch if safe(ch, encoding) == ch else _json_escape(ch) for ch in text)


def write_json(obj: Any, stream: TextIO | None = None, records: bool = False) -> None:
    stream = stream or sys.stdout
    stream.write(dumps_json(obj, _encoding(stream), records) + "\n")


def write_json_chunks(chunks: Iterable[str], stream: TextIO | None = None) -> None:
    """``write_json``'s text given piece by piece (json_record_chunks), never held whole."""
    stream = stream or sys.stdout
    encoding = _encoding(stream)
    for piece in chunks:
        if safe(piece, encoding) != piece:
            piece = "".join(ch if safe(ch, encoding) == ch else _json_escape(ch) for ch in piece)
        stream.write(piece)
    stream.write("\n")


def stderr_console():
    """A rich console on stderr for progress; ascii boxes when the encoding is not UTF."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


# --------------------------------------------------------------------------- width
# A CJK character takes two columns of a terminal: wrapping by len() would run Chinese
# lines off the right edge.


def terminal_width(limit: int = 100, piped: int | None = None) -> int:
    """Columns to wrap at: COLUMNS when set, else the terminal's (at most ``limit``);
    ``piped`` when stdout is not a terminal (a pipe or a log: lines kept whole when
    None, i.e. a width no line reaches)."""
    import os
    import shutil

    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, int(os.environ["COLUMNS"]))
    if not sys.stdout.isatty():
        return piped if piped is not None else 1 << 20
    return max(40, min(shutil.get_terminal_size((limit, 24)).columns, limit))


CLOSING = frozenset("，。、；：）」』！？%")
OPENING = frozenset("[（「『《(")


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` columns: breaks between CJK characters
    or at spaces, never inside an ASCII word (a cell address, a number, a path part)."""
    import re

    subsequent = indent if subsequent is None else subsequent
    body = text.lstrip(" ")
    indent += text[: len(text) - len(body)]  # leading spaces are indentation, kept
    text = body
    lines: list[str] = []
    line, used = indent, display_width(indent)
    for token in re.findall(r"[\x21-\x7e]+|\s+|.", text):
        w = display_width(token)
        if token.isspace():
            token = token.replace("\n", " ").replace("\t", " ")
            if line.strip() and used + len(token) <= width:  # no space opens a line; runs kept (columns)
                line += token
                used += len(token)
            continue
        if used + w > width and line.strip():
            carry = ""
            if token in CLOSING and len(line.strip()) > 1:  # no line opens with ，。）: take a character along
                carry, line = line[-1], line[:-1]
            if line.rstrip() and line.rstrip()[-1] in OPENING and len(line.strip()) > 1:  # nor ends with [（「
                line = line.rstrip()
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line.rstrip())
            line, used = subsequent + carry, display_width(subsequent + carry)
        line += token
        used += w
    lines.append(line.rstrip())
    return lines
