"""Where `check` and `run` spend their CPU per workbook, in one process (no pool, no start-up).

    python benchmarks/phases.py FOLDER            # check's audit by phase
    python benchmarks/phases.py FOLDER --copy     # … and the corrected copy (write_corrected)
    python benchmarks/phases.py --case rows200 --copy   # a few workbooks of a bench case

Each phase's CPU time (time.process_time, which the other users of a shared machine move
far less than wall time) is summed over the folder's workbooks after one warm-up pass and
printed in ms per workbook. Run by hand from the checkout's root; `--profile` prints a
cProfile of the same loop instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import evalxl.reader as reader  # noqa: E402
import evalxl.rules as rules  # noqa: E402
from evalxl.package import Limits  # noqa: E402
from evalxl.pipeline import audit_file  # noqa: E402
from evalxl.profile import load_profile  # noqa: E402

SPENT: dict[str, float] = {}


def _timed(module, name: str, label: str, generator: bool = False) -> None:
    fn = getattr(module, name)

    def add(t: float) -> None:
        SPENT[label] = SPENT.get(label, 0.0) + time.process_time() - t

    def plain(*a, **k):
        t = time.process_time()
        try:
            return fn(*a, **k)
        finally:
            add(t)

    def gen(*a, **k):
        it = fn(*a, **k)
        while True:
            t = time.process_time()
            try:
                x = next(it)
            except StopIteration:
                add(t)
                return
            add(t)
            yield x

    setattr(module, name, gen if generator else plain)


def case_folder(case: str, n: int) -> Path:
    """N workbooks of a bench case (the bench's seed and error rate), kept between runs."""
    folder = Path(tempfile.gettempdir()) / f"evalxl-phases-{case}-{n}"
    if not (folder / "done").exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench import _vary
        from cases import build_case

        build_case(case, folder, n, seed=11, vary=lambda data, rng: _vary(data, rng, 0.04))
        (folder / "done").write_text("")
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, nargs="?")
    ap.add_argument("--case", choices=("rows200", "sheets30", "images"),
                    help="instead of FOLDER: a few workbooks of one of bench.py's cases, built once into the temp folder")
    ap.add_argument("--n", type=int, default=10, help="how many workbooks --case builds")
    ap.add_argument("--copy", action="store_true", help="also write each corrected copy")
    ap.add_argument("--profile", action="store_true", help="a cProfile of the loop instead of the phases")
    args = ap.parse_args()
    if args.case:
        args.folder = case_folder(args.case, args.n)
    elif args.folder is None:
        ap.error("FOLDER or --case")
    _timed(reader, "read_xlsx", "read .xlsx: package + sheet XML -> grid", generator=True)
    _timed(reader, "_add_sheet", "locate tables (project, department)")
    _timed(reader, "_read_xls", "read .xls (xlrd, tables included)")
    _timed(rules, "check_workbook", "rules: project tables")
    _timed(rules, "check_departments", "rules: department-wide tables")
    profile = load_profile(None)
    selected = rules.select_rules(None, None, profile)
    limits = Limits.from_settings(profile.limits)
    paths = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))
    tmp = tempfile.TemporaryDirectory(prefix="evalxl-phases-")
    out = Path(tmp.name)

    def one_pass(n: int) -> None:
        from evalxl.writers.corrected import write_corrected

        for p in paths:
            wb, result = audit_file(p, p.name, profile, rules=selected)
            if args.copy and wb is not None and result.status != "unreadable":
                t = time.process_time()
                write_corrected(p, out / str(n) / p.name, result.findings, source_format=wb.format, limits=limits)
                SPENT["corrected copy"] = SPENT.get("corrected copy", 0.0) + time.process_time() - t

    one_pass(0)  # warm-up: imports, caches
    SPENT.clear()
    if args.profile:
        pr = cProfile.Profile()
        pr.enable()
        one_pass(1)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(30)
        return
    t = time.process_time()
    one_pass(1)
    total = time.process_time() - t
    n = len(paths)
    for label, spent in SPENT.items():
        print(f"{label:42} {1000 * spent / n:7.2f} ms/wb")
    print(f"{'total (audit' + (' + copy' if args.copy else '') + ')':42} {1000 * total / n:7.2f} ms/wb  ({n} workbooks)")
    tmp.cleanup()


if __name__ == "__main__":
    main()
