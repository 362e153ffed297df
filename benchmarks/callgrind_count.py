"""Run a benchmark's child under callgrind, counting only inside functools.reduce.

    instructions, workbooks = count([script, args...])

The child prints "workbooks N"; the count is what callgrind collected while a
functools.reduce call was on the stack. PYTHONHASHSEED=0 keeps string hashes, and so
dict probing, the same each run. Used by audit_instr.py, copy_instr.py and locate_instr.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys


def count(child: list[str]) -> tuple[int, int]:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--toggle-collect=functools_reduce",
           sys.executable, *child]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    collected = re.search(r"Collected : ([\d,]+)", done.stderr)
    books = re.search(r"workbooks (\d+)", done.stdout)
    if done.returncode or not collected or not books:
        sys.exit(done.stderr[-2000:] or "valgrind failed")
    return int(collected.group(1).replace(",", "")), int(books.group(1))


def counted_twice(one_pass, workbooks: int) -> None:
    """In the child: one pass to warm imports and memos, then two inside functools.reduce,
    the only ones callgrind counts; and the line count() reads."""
    import functools

    one_pass()  # warm-up, not counted
    functools.reduce(lambda *_: one_pass(), [0, 1, 2])  # one_pass twice, counted
    print(f"workbooks {workbooks}")


def per_workbook(doc: str, label: str, child) -> None:
    """The command line of a counter that takes FOLDER [--every N]: in the child,
    ``child(folder, every)`` runs the counted passes; here, the count per workbook."""
    import argparse
    from pathlib import Path

    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/c300"))
    ap.add_argument("--every", type=int, default=3, help="take every Nth workbook of the folder")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.folder, args.every)
        return
    n, books = count([sys.argv[0], str(args.folder), "--every", str(args.every), "--child"])
    print(f"{label}: {n / 2 / books / 1e6:.3f} M instructions per workbook "
          f"({books} workbooks of {args.folder}, 2 passes)")
