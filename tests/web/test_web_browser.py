"""The page in a real browser (the system Chromium, headless, through Selenium): what a
finance officer does, and what she gets back compared with `evalxl run`."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from webtools import SAMPLES, Client, chromium, hostile, seven_samples



def _wait_results(driver, timeout: float = 90) -> None:
    WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.ID, "results").is_displayed()
                                         or d.find_element(By.ID, "upload-error").is_displayed())
    assert not driver.find_element(By.ID, "upload-error").is_displayed(), driver.find_element(By.ID, "upload-error").text


def _fresh(driver, url: str) -> None:
    driver.delete_all_cookies()
    driver.get(url)


def _cookies(driver) -> dict:
    return {c["name"]: c["value"] for c in driver.get_cookies()}


def _parts(data: bytes) -> dict[str, bytes]:
    """An .xlsx's parts, without docProps/core.xml (it holds the time it was written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n != "docProps/core.xml"}


@pytest.fixture(scope="module")
def seven(tmp_path_factory):
    return seven_samples(tmp_path_factory.mktemp("inbox"))


@pytest.fixture(scope="module")
def run_out(tmp_path_factory, seven):
    """What `evalxl run 样例 --out OUT` writes (its batch, called as the command calls it)."""
    from evalxl.batch import RunSettings, run
    from evalxl.profile import load_profile

    out = tmp_path_factory.mktemp("run") / "out"
    report = run(RunSettings(inbox=seven, out=out, profile=load_profile(None), jobs=2))
    assert report.counts()[2] > 0  # the samples have errors
    return out


def test_samples_findings_grid_and_downloads_equal_run(server, browser, seven, run_out):
    url, jobs = server
    _fresh(browser, url)
    browser.find_element(By.ID, "pick-folder").send_keys(str(seven))
    _wait_results(browser)
    counts = browser.find_element(By.ID, "counts").text
    assert "7\n文件" in counts and "0\n无法读取" in counts

    # 医保中心's 市外医疗保障专项经费: its findings and the marked grid
    card = next(c for c in browser.find_elements(By.CSS_SELECTOR, "#files .file") if "医保中心" in c.text)
    row = next(r for r in card.find_elements(By.CSS_SELECTOR, "tbody tr") if "市外医疗保障专项经费" in r.text)
    # 填报 99.4; 重算 75 = funds 10 + indicators 10+20+10+0+0+10+5+0+10 (I16, I17, I20 unfilled count 0;
    # I18 30 -> 10, I19 4.9 -> 5, I21 9.5 -> 10); 差额 99.4 - 75 = 24.4
    assert [td.text for td in row.find_elements(By.TAG_NAME, "td")[2:5]] == ["99.4", "75", "24.4"]
    row.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grid td[data-key]"))
    expected = [f for f in json.loads((run_out / "findings.json").read_text("utf-8"))["findings"]
                if f["file"] == "医保中心_项目自评表（2021年）.xlsx" and f["table_index"] == 0]
    shown = browser.find_elements(By.CSS_SELECTOR, "#detail-findings tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[5].text for r in shown] == [f["message"] for f in expected]
    link = shown[[f["code"] for f in expected].index("I001")].find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").endswith("/rules/I001")

    def cell(key):
        return browser.find_element(By.CSS_SELECTOR, f'#grid td[data-key="{key}"]')

    i18 = cell("I18")  # 得分 30 with 分值 10: an error, corrected to 10
    assert "mark" in i18.get_attribute("class") and "error" in i18.get_attribute("class")
    assert (i18.find_element(By.TAG_NAME, "del").text, i18.find_element(By.TAG_NAME, "ins").text) == ("30", "10")
    i22 = cell("I22")  # the total 99.4 -> 75
    assert (i22.find_element(By.TAG_NAME, "del").text, i22.find_element(By.TAG_NAME, "ins").text) == ("99.4", "75")
    assert cell("A6").get_attribute("rowspan") == "4"  # 项目资金（万元） is merged over rows 6-9
    assert "项目资金" in cell("A6").text
    assert "mark" not in cell("E13").get_attribute("class")  # a right cell is not marked

    # the downloads, through the browser's own session, equal what `evalxl run` wrote
    client = Client(url, _cookies(browser))
    job = client.json("api/jobs")[1][-1]["id"]
    status, summary = client.get(f"api/jobs/{job}/download/summary")
    assert status == 200 and _parts(summary) == _parts((run_out / "自评汇总表.xlsx").read_bytes())
    status, findings = client.get(f"api/jobs/{job}/download/findings")
    assert findings == (run_out / "findings.json").read_bytes()
    status, bundle = client.get(f"api/jobs/{job}/download/corrected-all")
    corrected = run_out / "corrected"
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(p.relative_to(corrected).as_posix() for p in corrected.rglob("*") if p.is_file())
        for name in names:
            assert _parts(zf.read(name)) == _parts((corrected / name).read_bytes()), name
    browser.find_element(By.ID, "detail-close").click()
    one = card.find_element(By.LINK_TEXT, "下载本文件的更正件").get_attribute("href")
    status, copy = client.get(one.split("/", 3)[3])
    assert _parts(copy) == _parts((corrected / "医保中心_项目自评表（2021年）.xlsx").read_bytes())

    # 清除: the job and its folder are gone
    assert (jobs / job).is_dir()
    browser.find_element(By.ID, "clear").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "start").is_displayed())
    assert not (jobs / job).exists()
    assert client.get(f"api/jobs/{job}")[0] == 404


def test_zip_inbox_with_subfolders_and_bad_files(server, browser, tmp_path):
    url, _ = server
    h = hostile()
    bad = tmp_path / "bad"
    bad.mkdir()
    h.truncated(bad / "截断.xlsx")
    h.encrypted(bad / "加密.xlsx")
    h.zip_bomb(bad / "炸弹.xlsx")
    inbox = tmp_path / "收件.zip"
    with zipfile.ZipFile(inbox, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(SAMPLES / "病历评审费用项目.xlsx", "县卫健委/甲/病历评审费用项目.xlsx")
        zf.write(SAMPLES / "定向不达标人工工资.xls", "县卫健委/乙/定向不达标人工工资.xls")
        for p in sorted(bad.iterdir()):
            zf.write(p, f"退回/{p.name}")
        zf.writestr("说明.txt", "请审核".encode("utf-8"))
    _fresh(browser, url)
    browser.find_element(By.ID, "pick-files").send_keys(str(inbox))
    _wait_results(browser)
    browser.find_element(By.CSS_SELECTOR, "#file-details summary").click()  # folded once done
    rows = [[td.text for td in r.find_elements(By.TAG_NAME, "td")]
            for r in browser.find_elements(By.CSS_SELECTOR, "#file-status tbody tr")]
    status = {name: (state, message) for name, state, message in rows}
    assert status["县卫健委/甲/病历评审费用项目.xlsx"][0] == "已审核"
    assert status["县卫健委/乙/定向不达标人工工资.xls"][0] == "已审核"
    assert status["退回/截断.xlsx"][0] == "无法读取" and "损坏" in status["退回/截断.xlsx"][1]
    assert status["退回/加密.xlsx"][0] == "无法读取" and "加密" in status["退回/加密.xlsx"][1]
    assert status["退回/炸弹.xlsx"][0] == "无法读取" and "压缩炸弹" in status["退回/炸弹.xlsx"][1]
    assert status["说明.txt"][0] == "已跳过"
    counts = browser.find_element(By.ID, "counts").text
    assert "3\n无法读取" in counts and "2\n项目自评表" in counts  # one table in each good workbook


def test_two_browsers_do_not_see_each_others_jobs(server, browser):
    url, _ = server
    _fresh(browser, url)
    browser.find_element(By.ID, "pick-files").send_keys(str(SAMPLES / "病历评审费用项目.xlsx"))
    _wait_results(browser)
    a = Client(url, _cookies(browser))
    job = a.json("api/jobs")[1][-1]["id"]
    other = chromium()
    try:
        other.get(url)
        assert other.find_element(By.ID, "start").is_displayed()
        assert not other.find_element(By.ID, "results").is_displayed()
        seen = other.execute_async_script(
            "const done = arguments[1]; Promise.all([fetch('/api/jobs').then(r => r.json()),"
            " fetch('/api/jobs/' + arguments[0]).then(r => r.status),"
            " fetch('/api/jobs/' + arguments[0] + '/download/summary').then(r => r.status)]).then(done);", job)
        assert seen == [[], 404, 404]
        other.find_element(By.ID, "pick-files").send_keys(str(SAMPLES / "定向不达标人工工资.xls"))
        _wait_results(other)
        assert "定向不达标人工工资.xls" in other.find_element(By.ID, "files").text
        assert "病历评审" not in other.find_element(By.ID, "files").text
    finally:
        other.quit()
    assert [j["id"] for j in a.json("api/jobs")[1]] == [job]
    assert "定向不达标" not in browser.find_element(By.ID, "files").text


def test_files_dropped_on_the_zone_are_audited_and_a_word_table_is_drawn(server, browser):
    import base64

    url, _ = server
    _fresh(browser, url)
    xls, word = SAMPLES / "定向不达标人工工资.xls", SAMPLES / "word" / "区医保局_医保信息化建设项目自评表.docx"
    # what the browser hands the page when files are dropped from the desktop
    browser.execute_script("""
        const dt = new DataTransfer();
        for (const [name, data] of arguments[0]) {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          dt.items.add(new File([bytes], name));
        }
        document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    """, [[p.name, base64.b64encode(p.read_bytes()).decode()] for p in (xls, word)])
    _wait_results(browser)
    cards = browser.find_elements(By.CSS_SELECTOR, "#files .file")
    card = next(c for c in cards if xls.name in c.text)
    # SAMPLES.md: 满意度 95% / 95% scored 9.5 where 10 is due, total 99.5 the sum of the entered
    # scores; recomputed 99.5 - 9.5 + 10 = 100; difference 99.5 - 100 = -0.5
    row = card.find_element(By.CSS_SELECTOR, "tbody tr")
    assert [td.text for td in row.find_elements(By.TAG_NAME, "td")[2:5]] == ["99.5", "100", "-0.5"]

    # the Word table: row 15's 8th cell (as Word counts a row's cells) scored 9.6 where
    # 96÷97×10 = 9.897 → 9.9 is due (成本指标, lower is better): marked, corrected
    card = next(c for c in cards if word.name in c.text)
    card.find_element(By.CSS_SELECTOR, "tbody tr button").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#grid td[data-key]"))
    assert not browser.find_element(By.ID, "grid-error").is_displayed()
    cell = browser.find_element(By.CSS_SELECTOR, '#grid td[data-key="第15行 第8列"]')
    assert "mark" in cell.get_attribute("class") and "error" in cell.get_attribute("class")
    assert (cell.find_element(By.TAG_NAME, "del").text, cell.find_element(By.TAG_NAME, "ins").text) == ("9.6", "9.9")
    merged = browser.find_element(By.CSS_SELECTOR, '#grid td[data-key="第12行 第1列"]')  # 数量指标, rows 12-15
    assert merged.get_attribute("rowspan") == "4" and "数量指标" in merged.text
    assert "mark" not in browser.find_element(By.CSS_SELECTOR, '#grid td[data-key="第15行 第6列"]').get_attribute("class")
