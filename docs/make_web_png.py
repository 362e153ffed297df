"""Screenshots of `evalxl serve` with the samples' findings, for the README:
docs/web-results.png (the results of the 7 samples) and docs/web-table.png (one table's
findings and its grid with the marked cells).

    python docs/make_web_png.py

Starts the page's app in this process and the system Chromium (headless, as the tests
do), picks a folder of the 7 seed samples, and saves what the browser shows.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "web"))

FILE = "医保中心"  # the file whose table is shown
TABLE = "市外医疗保障专项经费"


def _shot(driver, path: Path, height: int) -> None:
    driver.set_window_size(1360, height)
    driver.save_screenshot(str(path))
    print(f"wrote {path}")


def main() -> int:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from webtools import chromium, seven_samples, start

    with tempfile.TemporaryDirectory() as tmp, start(Path(tmp)) as url:
        seven = seven_samples(Path(tmp))
        driver = chromium()
        try:
            driver.set_window_size(1360, 1000)
            driver.get(url)
            driver.find_element(By.ID, "pick-folder").send_keys(str(seven))
            WebDriverWait(driver, 120).until(lambda d: d.find_element(By.ID, "results").is_displayed())
            _shot(driver, ROOT / "docs" / "web-results.png", 1500)
            card = next(c for c in driver.find_elements(By.CSS_SELECTOR, "#files .file") if FILE in c.text)
            row = next(r for r in card.find_elements(By.CSS_SELECTOR, "tbody tr") if TABLE in r.text)
            row.find_element(By.TAG_NAME, "button").click()
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grid td.mark"))
            driver.execute_script("window.scrollTo(0, 0)")
            driver.execute_script("document.querySelector('.grid-wrap').style.maxHeight = 'none'")
            height = driver.execute_script("return document.body.scrollHeight")
            _shot(driver, ROOT / "docs" / "web-table.png", min(height + 140, 2400))
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
