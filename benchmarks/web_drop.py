"""Time from dropping the 7 samples on the page to the findings on screen.

    python benchmarks/web_drop.py [--repeat 5] [--jobs N]

Starts `evalxl serve`'s app in this process on a free loopback port and the system
Chromium (headless, through Selenium, as the tests do), then, each round in a fresh
browser session: hands a folder of the 7 seed samples (samples/*, not samples/real/) to the page's folder picker (what a drop or
the 选择文件夹 button gives the page) and stops the clock when the results, with every
table's totals, are drawn. Upload, the batch's process pool, the 汇总表 and the corrected
copies are all inside the measured time. Prints each round and the median in seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "web"))


def main(argv: list[str] | None = None) -> int:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from webtools import chromium, seven_samples, start
    from evalxl.batch import default_jobs

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=default_jobs())
    args = ap.parse_args(argv)
    times = []
    with tempfile.TemporaryDirectory() as tmp, start(Path(tmp), jobs=args.jobs) as url:
        seven = seven_samples(Path(tmp))
        driver = chromium()
        try:
            for i in range(args.repeat):
                driver.delete_all_cookies()
                driver.get(url)
                picker = driver.find_element(By.ID, "pick-folder")
                t0 = time.perf_counter()
                picker.send_keys(str(seven))
                WebDriverWait(driver, 120, poll_frequency=0.01).until(
                    lambda d: d.find_element(By.ID, "results").is_displayed())
                times.append(time.perf_counter() - t0)
                tables = len(driver.find_elements(By.CSS_SELECTOR, "#files tbody tr"))
                print(f"round {i + 1}: {times[-1]:.2f} s ({tables} tables on screen)")
        finally:
            driver.quit()
    print(f"median of {len(times)}: {statistics.median(times):.2f} s (jobs={args.jobs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
