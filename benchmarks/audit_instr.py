"""Instructions per workbook of the whole audit of one file (pipeline.audit_file: read,
locate, rules; no copy), counted by callgrind: on a machine shared by several users CPU
time moves by ±30 % between runs, this count by well under 1 %.

    python benchmarks/audit_instr.py [FOLDER] [--every N]

Every Nth workbook of FOLDER (default /tmp/c300 and 3) is audited once to warm imports and
memos, then twice inside functools.reduce, under `valgrind --tool=callgrind
--toggle-collect=functools_reduce`: only those two passes are counted. PYTHONHASHSEED=0
keeps dict probing the same each run. Run by hand from the checkout's root.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _audit_twice(folder: Path, every: int) -> None:
    import evalxl.rules as rules
    from evalxl.pipeline import audit_file
    from evalxl.profile import load_profile

    profile = load_profile(None)
    selected = rules.select_rules(None, None, profile)
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))[::every]

    def one_pass(*_):
        for p in paths:
            audit_file(p, p.name, profile, rules=selected)

    one_pass()  # warm-up, not counted
    functools.reduce(one_pass, [0, 1, 2])  # one_pass twice, counted
    print(f"workbooks {len(paths)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/c300"))
    ap.add_argument("--every", type=int, default=3, help="take every Nth workbook of the folder")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _audit_twice(args.folder, args.every)
        return
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--toggle-collect=functools_reduce",
           sys.executable, __file__, str(args.folder), "--every", str(args.every), "--child"]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    collected = re.search(r"Collected : ([\d,]+)", done.stderr)
    books = re.search(r"workbooks (\d+)", done.stdout)
    if done.returncode or not collected or not books:
        sys.exit(done.stderr[-2000:] or "valgrind failed")
    n = int(collected.group(1).replace(",", ""))
    print(f"audit: {n / 2 / int(books.group(1)) / 1e6:.3f} M instructions per workbook "
          f"({books.group(1)} workbooks of {args.folder}, 2 passes)")


if __name__ == "__main__":
    main()
