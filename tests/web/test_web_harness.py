"""The browser tests' own harness: without Chromium they fail in CI and skip only locally."""

from __future__ import annotations


def test_browser_tests_fail_in_ci_when_chromium_is_missing(monkeypatch):
    import shutil

    import pytest

    from webtools import chromium

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromium"):
        chromium()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        chromium()
