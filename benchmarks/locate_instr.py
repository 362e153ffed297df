"""Instructions per workbook of locating the tables (the phase "locate tables" of phases.py:
reader._add_sheet over grids already read), counted by callgrind. On a machine shared by
several users CPU time moves by ±30 % between runs; this count moves by well under 1 %.

    python benchmarks/locate_instr.py [FOLDER] [--every N]

The workbooks (every Nth of FOLDER, default /tmp/c300 and 3) are read first; then every
sheet's grid is located once to warm the memos, and twice more inside functools.reduce,
under `valgrind --tool=callgrind --toggle-collect=functools_reduce`: only those two passes
are counted. PYTHONHASHSEED=0 keeps string hashes, and so dict probing, the same each run.
Run by hand from the checkout's root (valgrind needed).
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


def _locate_twice(folder: Path, every: int) -> None:
    import evalxl.reader as reader
    from evalxl.model import Workbook
    from evalxl.package import DEFAULT_LIMITS, XlsxPackage, open_xls
    from evalxl.reader.grid import read_xls
    from evalxl.reader.xlsx_sheet import read_xlsx

    books = []
    for p in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))[::every]:
        if p.suffix.lower() == ".xls":
            book = open_xls(p)
            books.append(list(read_xls(book)))
            book.release_resources()
        else:
            with XlsxPackage(p, DEFAULT_LIMITS) as pkg:
                books.append([(ref.name, ref.state, grid) for ref, grid in read_xlsx(pkg)])

    def one_pass(*_):
        for sheets in books:
            wb = Workbook("x", "xlsx")
            for name, state, grid in sheets:
                reader._add_sheet(wb, name, state, grid)

    one_pass()  # warm-up, not counted
    functools.reduce(one_pass, [0, 1, 2])  # one_pass twice, counted
    print(f"workbooks {len(books)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/c300"))
    ap.add_argument("--every", type=int, default=3, help="take every Nth workbook of the folder")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _locate_twice(args.folder, args.every)
        return
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--toggle-collect=functools_reduce",
           sys.executable, __file__, str(args.folder), "--every", str(args.every), "--child"]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    collected = re.search(r"Collected : ([\d,]+)", done.stderr)
    books = re.search(r"workbooks (\d+)", done.stdout)
    if done.returncode or not collected or not books:
        sys.exit(done.stderr[-2000:] or "valgrind failed")
    n = int(collected.group(1).replace(",", ""))
    print(f"locate tables: {n / 2 / int(books.group(1)) / 1e6:.3f} M instructions per workbook "
          f"({books.group(1)} workbooks of {args.folder}, 2 passes)")


if __name__ == "__main__":
    main()
