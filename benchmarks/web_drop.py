"""Time from dropping files on the web page to the findings on screen.

    python benchmarks/web_drop.py [--n 10] [--repeat 5] [--jobs N] [--json]
    python benchmarks/web_drop.py --samples       # the 7 seed samples instead
    python benchmarks/web_drop.py --inbox FOLDER  # any folder

Starts `evalxl serve`'s app in this process on a free loopback port and the system
Chromium (headless, through Selenium, as the tests do), then, each round in a fresh
browser session: hands a folder to the page's folder picker (what a drop or the 选择文件夹
button gives the page) and stops the clock when the results, with every table's totals,
are drawn. Upload, the batch's process pool, the 汇总表 and the corrected copies are all
inside the measured time. The folder is, by default, N workbooks of the bench's corpus
(benchmarks/bench.py's build_corpus: the samples with varied values and errors). One
uncounted first round starts the pool; then each round and the median of ``--repeat``
rounds are printed in seconds, with the load average (1 min) before each round: wall time
on a shared machine moves with what the others run. ``--json`` prints the result as one
JSON line last (bench.py reads it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "web"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def drop_once(driver, url: str, folder: Path) -> tuple[float, int]:
    """Seconds from handing ``folder`` to the page to the results on screen, and the
    number of table rows then shown."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.delete_all_cookies()
    driver.get(url)
    picker = driver.find_element(By.ID, "pick-folder")
    t0 = time.perf_counter()
    picker.send_keys(str(folder))
    WebDriverWait(driver, 120, poll_frequency=0.01).until(
        lambda d: d.find_element(By.ID, "results").is_displayed() or d.find_element(By.ID, "upload-error").is_displayed())
    seconds = time.perf_counter() - t0
    error = driver.find_element(By.ID, "upload-error")
    if error.is_displayed():
        raise RuntimeError(f"the page refused the files: {error.text}")
    return seconds, len(driver.find_elements(By.CSS_SELECTOR, "#files tbody tr"))


def measure(folder: Path, repeat: int, jobs: int, echo=print) -> dict:
    """The drop of ``folder`` timed ``repeat`` times after one uncounted round."""
    from webtools import chromium, start

    files = sum(1 for p in folder.iterdir() if p.is_file())
    times, loads = [], []
    with tempfile.TemporaryDirectory() as tmp, start(Path(tmp), jobs=jobs) as url:
        driver = chromium()
        try:
            first, tables = drop_once(driver, url, folder)
            echo(f"first round (starts the pool, not counted): {first:.2f} s ({tables} tables on screen)")
            for i in range(repeat):
                loads.append(os.getloadavg()[0])
                seconds, tables = drop_once(driver, url, folder)
                times.append(seconds)
                echo(f"round {i + 1}: {seconds:.2f} s ({tables} tables on screen, load {loads[-1]:.2f})")
        finally:
            driver.quit()
    return {"files": files, "tables": tables, "jobs": jobs, "repeat": repeat, "seconds": statistics.median(times),
            "runs": times, "first_seconds": first, "load_average_1min": loads}


def main(argv: list[str] | None = None) -> int:
    from evalxl.batch import default_jobs

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10, help="workbooks of the bench's corpus to drop (default 10)")
    ap.add_argument("--samples", action="store_true", help="drop the 7 seed samples instead")
    ap.add_argument("--inbox", type=Path, help="drop this folder instead")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--json", action="store_true", help="print the result as one JSON line last")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="evalxl-webdrop-") as tmp:
        if args.inbox is not None:
            folder = args.inbox
        elif args.samples:
            from webtools import seven_samples

            folder = seven_samples(Path(tmp))
        else:
            from bench import build_corpus

            folder = Path(tmp) / "拖入"
            build_corpus(folder, args.n)
        result = measure(folder, args.repeat, args.jobs)
    print(f"median of {args.repeat}: {result['seconds']:.2f} s for {result['files']} files "
          f"(jobs={args.jobs}, load {' '.join(f'{x:.2f}' for x in result['load_average_1min'])})")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
