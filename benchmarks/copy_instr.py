"""Instructions per workbook of the corrected copy (write_corrected), counted by callgrind.
On a machine shared by several users CPU time moves by ±30 % between runs; this count
moves by well under 1 %. It leaves out the kernel's share (creating the temp file, reads,
seeks): count those with strace.

    python benchmarks/copy_instr.py [FOLDER] [--every N] [--suffix .xlsx]

Each workbook (every Nth of FOLDER, default /tmp/c300 and 3) is audited, then copied, as a
worker does (the .xls book the audit opened is the one the copy converts); a warm-up pass
first, then a pass where only the copies are counted: each write_corrected runs inside
functools.reduce, under `valgrind --tool=callgrind --toggle-collect=functools_reduce`
(callgrind_count.py). Run by hand from the checkout's root (valgrind needed).
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _copy_twice(folder: Path, every: int, suffixes: tuple[str, ...]) -> None:
    import evalxl.rules as rules
    from evalxl.package import Limits
    from evalxl.pipeline import audit_file
    from evalxl.profile import load_profile
    from evalxl.writers.corrected import write_corrected

    profile = load_profile(None)
    selected = rules.select_rules(None, None, profile)
    limits = Limits.from_settings(profile.limits)
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)[::every]
    out = Path(tempfile.mkdtemp(prefix="evalxl-copy-instr-"))

    def one_pass(n: int, counted: bool) -> int:
        copies = 0
        for p in paths:
            wb, result = audit_file(p, p.name, profile, rules=selected)
            if wb is None or result.status == "unreadable":
                continue
            copies += 1

            def copy(*_):
                write_corrected(p, out / str(n) / p.name, result.findings, source_format=wb.format, limits=limits)

            functools.reduce(copy, [0, 1]) if counted else copy()  # reduce calls copy once
        return copies

    one_pass(0, False)  # warm-up: imports, caches
    print(f"workbooks {one_pass(1, True)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="?", default=Path("/tmp/c300"))
    ap.add_argument("--every", type=int, default=3, help="take every Nth workbook of the folder")
    ap.add_argument("--suffix", action="append", help="only these suffixes (default .xlsx, .xlsm and .xls)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    suffixes = tuple(s.lower() for s in (args.suffix or [".xlsx", ".xlsm", ".xls"]))
    if args.child:
        _copy_twice(args.folder, args.every, suffixes)
        return
    from callgrind_count import count

    n, books = count([__file__, str(args.folder), "--every", str(args.every), "--child",
                      *[f"--suffix={s}" for s in suffixes]])
    print(f"corrected copy: {n / books / 1e6:.3f} M instructions per workbook "
          f"({books} workbooks of {args.folder}, {'/'.join(suffixes)}, every {args.every})")

if __name__ == "__main__":
    main()
