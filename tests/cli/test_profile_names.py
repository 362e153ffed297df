"""`--profile 四川`: a shipped province profile selected by name (issue 12)."""

from __future__ import annotations

import json

from clirun import evalxl
from seedbooks import right_workbook


def test_profile_by_name(tmp_path):
    path = right_workbook(tmp_path / "a.xlsx")
    r = evalxl("check", "--json", "--profile", "四川", path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["profile"] == "四川" and data["profile_source"].endswith("sichuan.toml")
    r = evalxl("check", "--help")
    assert "四川" in r.stdout and "宁夏" in r.stdout and "--profile 文件或名称" in r.stdout
    r = evalxl("check", "--profile", "西藏", path)
    assert r.returncode == 2 and "西藏" in r.stderr and "四川" in r.stderr and "Traceback" not in r.stderr
