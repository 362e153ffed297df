"""Benchmark evalxl against the floors, measured in the same run on the same files.

    python benchmarks/bench.py [--n 300] [--series 50,100,200,400] [--cases rows200,sheets30,images] [--quick]

1. builds N workbooks from samples/ with varied values and a realistic share of errors,
   and the cases of benchmarks/cases.py (200-row tables, 30-sheet workbooks, 2 MB
   workbooks with a picture);
2. measures on each corpus, against that corpus's own floors:
   floor_read   python-calamine reading every sheet of every file (one process)
   floor_rw     openpyxl load_workbook + save of every file (one process)
   floor_rw ×2  the same, the files dealt out to two processes started together: what
                splitting plain Python work over two processes gains on this machine, the
                ceiling for run --jobs 2 against --jobs 1
   check        `evalxl check DIR --json` as a user calls it (a whole process)
   run -j1      `evalxl run DIR --out … --jobs 1`
   run -j2      `evalxl run DIR --out … --jobs 2`
3. prints seconds, ms per workbook, ratios to the floors, peak RSS (the process and its
   workers) and the load average, then a scaling series of `check` and `run` (time per
   workbook and peak RSS; `--series 1000,3000,10000` for the series to 10 000), then the
   web page: `--web 10` files of the corpus from the drop to the findings on screen
   (benchmarks/web_drop.py, headless Chromium; median of the repeats);
4. writes the results as JSON under benchmarks/results/ with the machine's description.

Run by hand; not part of the test suite. Peak RSS comes from psutil where the bench
extra is installed, else from /proc.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # cases.py builds with this checkout's evalxl

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RESULTS = Path(__file__).resolve().parent / "results"
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# --------------------------------------------------------------------------- the corpus


def _vary(data: bytes, rng: random.Random, error_rate: float) -> bytes:
    """Vary the numbers of a sample: each small number (a score or an amount) is kept, or
    with probability ``error_rate`` nudged (×0.96, ×3, −1) as hand-filled forms are."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                root = etree.fromstring(part)
                for v in root.iter(f"{NS}v"):
                    c = v.getparent()
                    if c.get("t") in (None, "n") and c.find(f"{NS}f") is None and v.text:
                        try:
                            x = float(v.text)
                        except ValueError:
                            continue
                        if 0 < x <= 100 and rng.random() < error_rate:
                            v.text = repr(round(x * rng.choice((0.96, 3, 0.5)), 2))
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, part)
    return out.getvalue()


def build_corpus(folder: Path, n: int, seed: int = 7, error_rate: float = 0.04) -> list[Path]:
    rng = random.Random(seed)
    sources = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".xls") and not p.name.startswith("."))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{i:04d}_{src.name}"
        data = src.read_bytes()
        if src.suffix == ".xlsx":
            data = _vary(data, rng, error_rate)
        dst.write_bytes(data)
        paths.append(dst)
    return paths


# --------------------------------------------------------------------------- measuring


def floor_read(paths: list[Path]) -> None:
    from python_calamine import CalamineWorkbook

    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


def floor_rw(paths: list[Path], out: Path) -> None:
    import openpyxl

    out.mkdir(parents=True, exist_ok=True)
    for p in paths:
        if p.suffix != ".xlsx":
            continue  # openpyxl cannot open .xls: the floor pays nothing for them
        openpyxl.load_workbook(p).save(out / p.name)


def in_process(name: str, paths: list[Path], out: Path) -> tuple[float, float, int, float]:
    """Seconds, peak RSS (MB), 0 and CPU seconds of a floor in a fresh interpreter (this
    script's --floor mode)."""
    listing = out.with_suffix(".json")
    listing.write_text(json.dumps([str(p) for p in paths]), encoding="utf-8")
    p = subprocess.run([sys.executable, __file__, "--floor", name, "--paths", str(listing), "--out", str(out)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"floor {name} failed:\n{p.stderr}")
    seconds, rss, cpu = json.loads(p.stdout.strip().splitlines()[-1])
    return seconds, rss, 0, cpu


def in_process_pair(name: str, paths: list[Path], out: Path) -> tuple[float, float, int, float]:
    """The same floor with its files dealt out to two processes started together: seconds
    (the slower half, each timed in-process as in_process()), peak RSS of the larger half,
    0 and both halves' CPU. floor / this is what splitting that work over two processes
    gains on this machine at this moment: the ceiling for `run --jobs 2` against `--jobs 1`."""
    procs = []
    for half in (0, 1):
        listing = out.with_name(f"{out.name}_{half}.json")
        listing.write_text(json.dumps([str(p) for p in paths[half::2]]), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, __file__, "--floor", name, "--paths", str(listing),
                                       "--out", str(out / str(half))], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True))
    halves = []
    for proc in procs:
        stdout, stderr = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"floor {name} failed:\n{stderr}")
        halves.append(json.loads(stdout.strip().splitlines()[-1]))
    return max(h[0] for h in halves), max(h[1] for h in halves), 0, sum(h[2] for h in halves)


def run_floor(name: str, listing: Path, out: Path) -> None:
    """--floor mode: time one floor here and print [seconds, peak RSS MB, CPU seconds]."""
    import re

    paths = [Path(p) for p in json.loads(listing.read_text(encoding="utf-8"))]
    t, cpu = time.perf_counter(), time.process_time()
    if name == "floor_read":
        floor_read(paths)
    else:
        floor_rw(paths, out)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    hwm = int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024
    print(json.dumps([seconds, hwm, cpu]))


def _tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants (MB): psutil where installed (the bench
    extra), else /proc (Linux)."""
    try:
        import psutil

        ps = psutil.Process(pid)
        return (ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))) / 2**20
    except ImportError:
        pass
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def command(args: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS (MB, the process and all its children summed), exit code and
    CPU seconds (user + system, the process and the workers it reaped: wait4's rusage) of a
    whole evalxl process, as a user runs it. CPU time barely moves with the machine's load;
    wall time does."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    peak = 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        try:
            peak = max(peak, _tree_rss_mb(proc.pid))
        except Exception:  # the process ended between wait4() and the reading
            pass
        time.sleep(0.05)  # a coarse poll: on 2 cores, a busy measurer would slow what it measures
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t, peak, proc.returncode, usage.ru_utime + usage.ru_stime


def compile_bytecode() -> None:
    """Compile the checkout's modules once, as pip does when it installs evalxl: with
    PYTHONDONTWRITEBYTECODE set (as on the project's machines) every measured process would
    otherwise compile the source of every module it imports (≈ 0.1 s a start)."""
    import compileall

    compileall.compile_dir(str(ROOT / "evalxl"), quiet=1)


def evalxl_cmd() -> list[str]:
    # `-m` from the checkout's root (command() runs there): this checkout's code is measured,
    # not whichever copy the `evalxl` script of the environment was installed from.
    return [sys.executable, "-m", "evalxl.cli"]


def machine() -> dict:
    import importlib.metadata as md

    def version(name):
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return None

    cpu = platform.processor()
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "packages": {n: version(n) for n in ("evalxl", "openpyxl", "lxml", "python-calamine", "xlsxwriter", "typer")},
    }


def measure(paths: list[Path], work: Path, tag: str, repeat: int = 1) -> dict:
    """Floors and evalxl on one corpus, all in this run: the ratios compare like with like.
    Each row is measured ``repeat`` times, interleaved (floors, check, run, floors, …), so
    a burst of load on a shared machine falls on all of them; the median is reported."""
    n = len(paths)
    corpus = paths[0].parent
    base = evalxl_cmd()
    runs: dict[str, list[tuple[float, float, int, float]]] = {}
    loads = []
    for i in range(repeat):
        loads.append(os.getloadavg()[0])
        for name in ("floor_read", "floor_rw"):
            runs.setdefault(name, []).append(in_process(name, paths, work / f"{name}_{tag}_{i}"))
            shutil.rmtree(work / f"{name}_{tag}_{i}", ignore_errors=True)
        runs.setdefault("floor_rw ×2", []).append(in_process_pair("floor_rw", paths, work / f"pair_{tag}_{i}"))
        shutil.rmtree(work / f"pair_{tag}_{i}", ignore_errors=True)
        runs.setdefault("check", []).append(command(base + ["check", "--json", str(corpus)]))
        for jobs in ("1", "2"):
            out = work / f"out_{tag}_{jobs}_{i}"
            runs.setdefault(f"run -j{jobs}", []).append(command(base + ["run", str(corpus), "--out", str(out), "--jobs", jobs]))
            shutil.rmtree(out, ignore_errors=True)
    rows = {}
    per = {name: [run[0] for run in got] for name, got in runs.items()}
    cpu = {name: [run[3] for run in got] for name, got in runs.items()}
    for name, got in runs.items():
        rows[name] = {"seconds": statistics.median(per[name]), "runs": per[name],
                      "cpu_seconds": statistics.median(cpu[name]), "cpu_runs": cpu[name],
                      "cpu_x_read": statistics.median(a / b for a, b in zip(cpu[name], cpu["floor_read"])),
                      "peak_rss_mb": max(run[1] for run in got), "exit": got[-1][2],
                      # ratios taken within each repeat, then the median: load shared by both sides cancels
                      "x_read": statistics.median(a / b for a, b in zip(per[name], per["floor_read"])),
                      "x_rw": statistics.median(a / b for a, b in zip(per[name], per["floor_rw"]))}
    speedup = statistics.median(a / b for a, b in zip(per["run -j1"], per["run -j2"]))
    ceiling = statistics.median(a / b for a, b in zip(per["floor_rw"], per["floor_rw ×2"]))
    return {"n": n, "case": tag, "repeat": repeat, "load_average_1min": loads, "rows": rows, "jobs2_speedup": speedup,
            "two_process_ceiling": ceiling}


def case_corpus(case: str, work: Path, n: int) -> list[Path]:
    from cases import build_case

    return build_case(case, work / f"case_{case}", n, seed=11, vary=lambda data, rng: _vary(data, rng, 0.04))


def table(result: dict) -> str:
    n = result["n"]
    rows = result["rows"]
    lines = [f"{result.get('case', 'samples')}: N = {n} workbooks, median of {result.get('repeat', 1)}, "
             "load average (1 min) at each repeat " + " ".join(f"{x:.2f}" for x in result.get("load_average_1min", ())),
             f"{'':10} {'seconds':>8} {'ms/wb':>7} {'×read':>7} {'×rw':>6} {'peak RSS MB':>12} {'CPU s':>7} {'CPU ×read':>9}"]
    for name, r in rows.items():
        s = r["seconds"]
        lines.append(f"{name:10} {s:8.2f} {1000 * s / n:7.1f} {r['x_read']:7.2f} {r['x_rw']:6.2f} {r['peak_rss_mb']:12.0f}"
                     f" {r['cpu_seconds']:7.2f} {r['cpu_x_read']:9.2f}")
    lines.append(f"run --jobs 2 is {result['jobs2_speedup']:.2f}x faster than --jobs 1 (median of the repeats' ratios);"
                 f" floor_rw split over two processes is {result['two_process_ceiling']:.2f}x faster than in one")
    return "\n".join(lines)


CASES = {"rows200": 40, "sheets30": 20, "images": 30}  # workbooks per case


def series_point(n: int, work: Path) -> dict:
    """`check` and `run` (both cores) on N workbooks: time per workbook and peak RSS."""
    corpus = work / f"series{n}"
    build_corpus(corpus, n, seed=n)
    point = {"n": n, "load_average": os.getloadavg()}
    for name, args in (("check", ["check", "--json", str(corpus)]),
                       ("run", ["run", str(corpus), "--out", str(work / f"sout{n}")])):
        s, rss, _, cpu = command(evalxl_cmd() + args)
        point[name] = {"seconds": s, "ms_per_wb": 1000 * s / n, "peak_rss_mb": rss, "cpu_seconds": cpu,
                       "cpu_ms_per_wb": 1000 * cpu / n}
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(work / f"sout{n}", ignore_errors=True)
    return point


def web_point(n: int, repeat: int) -> dict:
    """benchmarks/web_drop.py in its own process: N corpus files dropped on the page, to the
    findings on screen (wall seconds, median of ``repeat``, load average at each round)."""
    p = subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "web_drop.py"), "--n", str(n),
                        "--repeat", str(repeat), "--json"], capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        return {"files": n, "error": (p.stderr.strip().splitlines() or ["web_drop.py failed"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def web_line(web: dict) -> str:
    head = f"web page: {web['files']} files dropped to the findings on screen"
    if "error" in web:
        return f"{head}: not measured ({web['error']})"
    loads = " ".join(f"{x:.2f}" for x in web["load_average_1min"])
    return f"{head} {web['seconds']:.2f} s (median of {web['repeat']}, jobs {web['jobs']}, load {loads})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--series", default="50,100,200,400",
                    help="sizes of the scaling series, e.g. 1000,3000,10000 (the last takes minutes)")
    ap.add_argument("--cases", default=",".join(CASES), help="extra corpora: rows200,sheets30,images ('' for none)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each measurement; the median is reported")
    ap.add_argument("--web", type=int, default=10, help="files dropped on the web page, timed to the findings (0: none)")
    ap.add_argument("--quick", action="store_true", help="N=60, no series, no cases, no web page, to try the script")
    ap.add_argument("--floor", help=argparse.SUPPRESS)
    ap.add_argument("--paths", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.floor:
        return run_floor(args.floor, args.paths, args.out)
    if args.quick:
        args.n, args.series, args.cases, args.repeat, args.web = 60, "", "", 1, 0
    compile_bytecode()
    results = []
    series = []
    with tempfile.TemporaryDirectory(prefix="evalxl-bench-") as tmp:
        work = Path(tmp)
        main_result = measure(build_corpus(work / "corpus", args.n), work, "samples", args.repeat)
        print(table(main_result))
        for case in [c for c in args.cases.split(",") if c]:
            results.append(measure(case_corpus(case, work, CASES[case]), work, case, args.repeat))
            print("\n" + table(results[-1]))
        for n in [int(x) for x in args.series.split(",") if x]:
            series.append(series_point(n, work))
            r = series[-1]
            print(f"scaling N = {n:5d}: " + "; ".join(
                f"{k} {r[k]['seconds']:7.2f} s, {r[k]['ms_per_wb']:5.1f} ms/wb (CPU {r[k]['cpu_ms_per_wb']:5.1f}), "
                f"peak {r[k]['peak_rss_mb']:.0f} MB"
                for k in ("check", "run")) + f" (load {r['load_average'][0]:.2f})")
    web = web_point(args.web, args.repeat) if args.web else None
    if web is not None:
        print(web_line(web))
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = {"when": stamp, "machine": machine(), "main": main_result, "cases": results, "series": series, "web": web}
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
