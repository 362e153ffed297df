"""Fixtures of the web tests: the server in this process (module-wide, its job folders
under a temp folder the tests look into) and one headless Chromium per module."""

from __future__ import annotations

import pytest

from webtools import chromium, start


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    with start(tmp) as url:
        yield url, tmp / "jobs"


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()
