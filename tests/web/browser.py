"""Helpers for the browser tests: the system Chromium through the system chromedriver."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMEDRIVER = "/usr/bin/chromedriver"


def chromium_or_skip():
    """A headless Chromium driven by Selenium; skipped locally when missing, a failure in CI."""
    missing = [p for p in (CHROMEDRIVER,) if not os.path.exists(p)]
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        missing.append("chromium")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("selenium")
    if missing:
        message = f"browser tests need {', '.join(missing)} (Debian: chromium chromium-driver; pip: selenium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--lang=zh-CN", "--disable-gpu"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
