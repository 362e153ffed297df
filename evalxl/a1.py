"""A1 cell addresses: "H15" <-> (row 15, column 8). Shared by the reader and the writers."""

from __future__ import annotations

import re
from functools import lru_cache

CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@lru_cache(maxsize=4096)  # every address the reader makes; a form has a few dozen columns
def col_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    """A -> 1, AA -> 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def split_address(ref: str) -> tuple[int, int]:
    """"H15" -> (15, 8)."""
    m = CELL_RE.match(ref)
    if not m:
        raise ValueError(f"not an A1 address: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def address(row: int, col: int) -> str:
    """(15, 8) -> "H15"."""
    return f"{col_letter(col)}{row}"
