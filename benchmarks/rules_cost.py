"""The rules alone (check_workbook + check_departments) over a folder's workbooks, read once.

    python benchmarks/rules_cost.py FOLDER [--repeat 7]     # least and median CPU, ms per workbook
    python benchmarks/rules_cost.py FOLDER --profile        # a cProfile of one pass
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/rules_cost.py FOLDER --passes N   # instructions: N=2 minus N=1 is one pass (N ≤ 2)

The workbooks are read once and pickled; each pass unpickles fresh ones (untimed, so no
per-workbook state survives from the pass before) and freezes them out of the garbage
collector, which would otherwise charge the rules for scanning the whole read. One untimed
warm-up pass fills the memos first. Instruction counts (callgrind, with PYTHONHASHSEED=0)
are the steady measure on a shared machine; phases.py gives the phase in the pipeline,
where the rules run after the reader has filled the caches with other work.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pickle
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import evalxl.rules as rules  # noqa: E402
from evalxl.package import Limits  # noqa: E402
from evalxl.profile import load_profile  # noqa: E402
from evalxl.reader import UnreadableFile, read_workbook  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=7, help="timed passes")
    ap.add_argument("--profile", action="store_true", help="a cProfile of one pass instead")
    ap.add_argument("--passes", type=int, help="run 1 or 2 passes after the warm-up, print nothing (for callgrind)")
    args = ap.parse_args()
    profile = load_profile(None)
    selected = rules.select_rules(None, None, profile)
    limits = Limits.from_settings(profile.limits)
    books = []
    for p in sorted(args.folder.iterdir()):
        if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            try:
                books.append(read_workbook(p, limits))
            except UnreadableFile:
                pass
    blob = pickle.dumps(books)

    def run(fresh: list) -> None:
        for wb in fresh:
            rules.check_workbook(wb, profile, rules=selected)
            rules.check_departments(wb, profile, rules=selected)

    def one_pass(prof: cProfile.Profile | None = None) -> float:
        fresh = pickle.loads(blob)
        gc.collect()
        gc.freeze()
        t = time.process_time()
        if prof:
            prof.enable()
        run(fresh)
        if prof:
            prof.disable()
        spent = time.process_time() - t
        gc.unfreeze()
        return spent

    if args.passes is not None:  # the same unpickling whatever N, so that runs differ by rule passes only
        copies = [pickle.loads(blob) for _ in range(3)]
        gc.collect()
        gc.freeze()
        for fresh in copies[:1 + min(args.passes, 2)]:
            run(fresh)
        return
    one_pass()  # warm-up: memos, lazy imports
    if args.profile:
        prof = cProfile.Profile()
        one_pass(prof)
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        return
    spent = sorted(one_pass() for _ in range(args.repeat))
    n = len(books)
    print(f"rules: {1000 * spent[0] / n:.3f} ms/wb least, {1000 * spent[len(spent) // 2] / n:.3f} median "
          f"of {args.repeat} passes ({n} workbooks)")


if __name__ == "__main__":
    main()
