"""Every sample reads to its expected model: values and A1 addresses
(tests/fixtures/samples_expected/, written by tests/fixtures/build_samples.py from its
transcription of the seeds); and the committed samples are what the builder builds."""

import json
from pathlib import Path

import pytest

from evalxl.reader import read_workbook
from tests import projection

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "samples_expected"
FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".xls", ".xlsm"))


def test_every_sample_has_an_expectation():
    assert FILES, "samples/ holds no workbook: run tests/fixtures/build_samples.py"
    for path in FILES:
        assert (EXPECTED / f"{path.stem}.json").exists(), path.name


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_sample_reads_as_expected(path):
    expected = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
    got = projection.workbook(read_workbook(path))
    assert got["format"] == expected["format"]
    assert got["sheets"] == expected["sheets"]
    assert len(got["tables"]) == len(expected["tables"])
    for g, e in zip(got["tables"], expected["tables"]):
        assert g["sheet"] == e["sheet"]
        assert g["year"] == e["year"]
        assert g["project"] == e["project"]
        assert g["funds"] == e["funds"]
        assert [i["row"] for i in g["indicators"]] == [i["row"] for i in e["indicators"]]
        for gi, ei in zip(g["indicators"], e["indicators"]):
            assert gi == ei, f"row {ei['row']}"
        assert g["total"] == e["total"]


def _content(path: Path):
    """What a workbook holds, independent of the writing library's version: per sheet,
    every cell's value (formula text for formulas) and number format, and the merges."""
    if path.suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path), formatting_info=True)
        return [(sh.name, {(r, c): sh.cell_value(r, c) for r in range(sh.nrows) for c in range(sh.ncols) if sh.cell_value(r, c) != ""},
                 sorted(sh.merged_cells)) for sh in book.sheets()]
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [(ws.title, {c.coordinate: (c.value, c.number_format) for row in ws.iter_rows() for c in row if c.value is not None},
             sorted(str(m) for m in ws.merged_cells.ranges)) for ws in book.worksheets]


def test_samples_are_current(tmp_path):
    """A fresh build holds what the committed workbooks hold, and writes the same expectations."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_samples", EXPECTED.parent / "build_samples.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    builder.build_all(tmp_path / "samples", tmp_path / "expected")
    for name in builder.BUILDERS:
        assert _content(tmp_path / "samples" / name) == _content(SAMPLES / name), name
        stem = Path(name).stem
        assert (tmp_path / "expected" / f"{stem}.json").read_bytes() == (EXPECTED / f"{stem}.json").read_bytes(), stem
