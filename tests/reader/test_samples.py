"""Every sample reads to its expected model: values and A1 addresses (samples/expected/,
written by samples/build_samples.py from its transcription of the seeds)."""

import json
from pathlib import Path

import pytest

from evalxl.reader import read_workbook
from tests import projection

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".xls", ".xlsm"))


def test_every_sample_has_an_expectation():
    assert FILES, "samples/ holds no workbook: run samples/build_samples.py"
    for path in FILES:
        assert (SAMPLES / "expected" / f"{path.stem}.json").exists(), path.name


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_sample_reads_as_expected(path):
    expected = json.loads((SAMPLES / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
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
