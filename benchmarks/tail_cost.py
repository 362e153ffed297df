"""What `run`'s parent spends after the pool writing its reports, in CPU, on one folder.

    python benchmarks/tail_cost.py FOLDER              # the writers, warm and cold
    python benchmarks/tail_cost.py FOLDER --profile    # a cProfile of one warm pass instead

`run FOLDER --jobs 2` is run once, its finished results (each file with what its worker
rendered of its findings, as write_outputs reads them from the store) kept; then the
reports are written from them again and again: the store pass (SummaryData.add and
findings.json's Writer.add, one pass) and the 汇总表 (write_summary), each the least of N
passes (time.process_time: the other users of a shared machine move it far less than wall
time). "cold" is the first pass of the process, its caches (text widths, numbers) as empty
as a run's parent's after the pool. pandas is imported first, as the pool does beside the workers. Run by hand
from the checkout's root.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import evalxl.run_outputs as run_outputs  # noqa: E402  batch imports write_outputs from it at each run


def captured(folder: str, out: str) -> tuple[list, list[str], str]:
    """Run `run` once and keep what write_outputs reads, writing nothing of it (so that
    this process's caches stay as cold as a run's parent's are when the pool ends)."""
    from evalxl.cli import main

    kept = []
    real = run_outputs.write_outputs

    def keep(report, settings, od, store, *names):
        kept.append(([(f, made) for f, made in store.final_rendered(settings.waivers)],
                     [g.name for g in settings.profile.grades], settings.profile.name))
        return []

    run_outputs.write_outputs = keep
    sys.argv = ["evalxl", "run", folder, "--out", out, "--jobs", "2"]
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # its progress lines
            main()
    except SystemExit:
        pass
    finally:
        run_outputs.write_outputs = real
    return kept[0]


def one_pass(items, grades, profile, out: Path) -> tuple[float, float]:
    from evalxl.writers import findings_json
    from evalxl.writers.summary import write_summary
    from evalxl.writers.summary_data import SummaryData

    start = time.process_time()
    data, json_out = SummaryData(), findings_json.Writer(out / "findings.json", profile)
    for f, made in items:
        data.add(f, made)
        json_out.add(f, made)
    json_out.close()
    middle = time.process_time()
    write_summary(out / "summary.xlsx", data, grades)
    return middle - start, time.process_time() - middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--n", type=int, default=10, help="warm passes")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="evalxl-tail-") as tmp:
        items, grades, profile = captured(args.folder, str(Path(tmp) / "out"))
        import pandas  # noqa: F401  (beside the pool in a run)

        gc.disable()  # as write_outputs does
        cold = one_pass(items, grades, profile, Path(tmp))
        if args.profile:
            cProfile.runctx("one_pass(items, grades, profile, Path(tmp))", globals(), locals(), str(Path(tmp) / "p"))
            pstats.Stats(str(Path(tmp) / "p")).sort_stats("tottime").print_stats(30)
            return
        warm = [one_pass(items, grades, profile, Path(tmp)) for _ in range(args.n)]
    print(f"{len(items)} files, {sum(len(f.findings) for f, _ in items)} findings", file=sys.stderr)
    for name, k in (("store pass (汇总 rows + findings.json)", 0), ("汇总表", 1)):
        print(f"{name:40s} cold {cold[k]:.4f} s   warm {min(w[k] for w in warm):.4f} s", file=sys.stderr)
    print(f"{'both':40s} cold {sum(cold):.4f} s   warm {min(sum(w) for w in warm):.4f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
