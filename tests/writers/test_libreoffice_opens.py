"""Every kind of corrected copy opens in LibreOffice: one headless soffice call (isolated
profile) converts them all to CSV; it must exit 0, write every CSV, and the corrected
values must be in them. Without soffice the test is skipped, unless
EVALXL_REQUIRE_SOFFICE=1 (then it fails)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest

from corrected_kit import SAMPLES, builder, raw_book, run_one
from evalxl.findings import Finding, Fix, Severity
from evalxl.writers.corrected import write_corrected

pytestmark = pytest.mark.libreoffice

FX = builder("build_fidelity")
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8, first line 1
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("EVALXL_REQUIRE_SOFFICE") == "1":
            pytest.fail("soffice is not on PATH and EVALXL_REQUIRE_SOFFICE=1")
        pytest.skip("soffice is not on PATH")
    return exe


def fix(cell, value, sheet):
    return Finding("I001", Severity.ERROR, f"{cell} 得分有误，应为 {value}：测试", sheet=sheet, cell=cell, fix=Fix(cell, value))


@pytest.fixture(scope="module")
def produced(fidelity, fidelity_rerun, tmp_path_factory):
    """name -> (corrected workbook, the cell (row, col) of a corrected value, that value)."""
    work = tmp_path_factory.mktemp("lo")
    books: dict[str, tuple] = {
        "fidelity": (fidelity.corrected, (15, 8), 10.0),
        "fidelity_rerun": (fidelity_rerun.corrected, (17, 8), 99.5),
    }
    # a sample with a percent typed as text in the funds score (F6: "100%" -> 10)
    sample = run_one(SAMPLES / "区医保局_医保信息化建设项目自评表.xlsx", work / "sample")
    books["sample"] = (sample.corrected, (6, 6), 10.0)
    # an .xls, converted then corrected
    xls = run_one(SAMPLES / "定向不达标人工工资.xls", work / "xls")
    cell = next(f.fix for f in xls.file.findings if f.fix)
    from evalxl.a1 import split_address

    books["xls"] = (xls.corrected, split_address(cell.cell), float(cell.value))
    # hand-made sheet XML: a prefixed namespace, a missing row, new notes
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
             f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>9.6</x:v></x:c>'
             '<x:c r="B1"><x:f>A1*2</x:f><x:v>19.2</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    raw = raw_book(work / "raw.xlsx", sheet)
    out = work / "raw_out.xlsx"
    write_corrected(raw, out, [fix("A1", 10, "表1"), fix("C3", 7, "表1")], source_format="xlsx")
    books["prefixed"] = (out, (1, 1), 10.0)
    return books


def test_every_corrected_copy_converts_in_libreoffice(produced, tmp_path):
    exe = soffice()
    stage, outdir = tmp_path / "stage", tmp_path / "csv"
    stage.mkdir()
    for name, (path, _, _) in produced.items():
        shutil.copyfile(path, stage / f"{name}.xlsx")
    profile = (tmp_path / "profile").as_uri()
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", CSV_FILTER,
           "--outdir", str(outdir), *sorted(str(p) for p in stage.iterdir())]
    p = subprocess.run(cmd, capture_output=True, timeout=240)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    for name, (_, (row, col), value) in produced.items():
        target = outdir / f"{name}.csv"
        assert target.exists(), (name, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
        rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
        shown = rows[row - 1][col - 1]
        assert float(shown.rstrip("%")) == pytest.approx(value), (name, shown)


def test_without_soffice_it_skips_unless_required(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("EVALXL_REQUIRE_SOFFICE", "1")
    with pytest.raises(pytest.fail.Exception):
        soffice()
    monkeypatch.delenv("EVALXL_REQUIRE_SOFFICE")
    with pytest.raises(pytest.skip.Exception):
        soffice()
