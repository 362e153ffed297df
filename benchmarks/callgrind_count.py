"""Run a benchmark's child under callgrind, counting only inside functools.reduce.

    instructions, workbooks = count([script, args...])

The child prints "workbooks N"; the count is what callgrind collected while a
functools.reduce call was on the stack. PYTHONHASHSEED=0 keeps string hashes, and so
dict probing, the same each run. For copy_instr.py (locate_instr.py and audit_instr.py
still carry their own copy of these lines).
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
