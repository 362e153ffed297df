"""The corrected copies of the samples, and `run` over its own corrected copies as a fixed
point: no fix, no new error, no changed cell (every part but 审核意见 byte-identical).
The corrected values are the ones worked out by hand in test_summary_golden.py."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from corrected_kit import SAMPLES, parts, sheet_parts
from evalxl.batch import RunSettings, run
from evalxl.profile import national

# (corrected copy, sheet, cell) -> the value by hand (SPEC §3; see test_summary_golden.py)
CORRECTED = {
    ("区医保局_医保信息化建设项目自评表.xlsx", "2021年自评表", "F6"): 10,  # "100%" typed in 得分: 执行率 100% × 10
    ("区医保局_医保信息化建设项目自评表.xlsx", "2021年自评表", "H15"): 9.9,  # 96 ÷ 97 × 10 = 9.896…
    ("区医保局_医保信息化建设项目自评表.xlsx", "2021年自评表", "H22"): 10,
    ("区医保局_医保信息化建设项目自评表.xlsx", "2021年自评表", "I24"): 99.9,  # 10 + 10+10+20+9.9 + 10+15+5 + 10
    ("医保中心_项目自评表（2021年）.xlsx", "市外医疗", "I22"): 75,  # rows without values count 0
    ("医保中心_项目自评表（2021年）.xlsx", "业务处室", "I24"): 90,
    ("医保中心_项目自评表（2021年）.xlsx", "医疗救助", "I23"): 100,  # =SUM(G6,I12:I22) had no cached value
    ("定向不达标人工工资.xlsx", "定向不达标人工工资", "H21"): 100,  # the .xls, corrected as .xlsx
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    import shutil

    work = tmp_path_factory.mktemp("samples")
    inbox = work / "books"  # the workbook samples (the Word samples under samples/word have tests/word)
    inbox.mkdir()
    for p in SAMPLES.iterdir():
        if p.is_file():
            shutil.copy2(p, inbox / p.name)
    first = run(RunSettings(inbox=inbox, out=work / "one", profile=national(), jobs=2))
    second = run(RunSettings(inbox=work / "one" / "corrected", out=work / "two", profile=national(), jobs=2))
    return work, first, second


def test_every_readable_sample_has_its_corrected_copy(runs):
    work, first, _ = runs
    for f in first.files:
        assert f.status != "unreadable"
        assert f.corrected and (work / "one" / f.corrected).exists(), (f.file, f.message)
    assert {Path(f.corrected).suffix for f in first.files} == {".xlsx"}


def test_corrected_values_by_hand(runs):
    work = runs[0]
    books: dict[str, openpyxl.Workbook] = {}
    for (name, sheet, cell), value in CORRECTED.items():
        if name not in books:
            books[name] = openpyxl.load_workbook(work / "one" / "corrected" / name, data_only=True)
        assert books[name][sheet][cell].value == pytest.approx(value), (name, sheet, cell)


def test_files_without_findings_are_copied_byte_for_byte(runs):
    work, first, _ = runs
    for f in first.files:
        if not f.findings:
            assert (work / "one" / f.corrected).read_bytes() == (SAMPLES / f.file).read_bytes(), f.file


def test_run_over_the_corrected_copies_is_a_fixed_point(runs):
    work, first, second = runs
    # keyed by the path inside corrected/ (samples/real/… sit in a subfolder)
    before = {Path(*Path(f.corrected).parts[1:]).as_posix(): f for f in first.files}
    for f in second.files:
        assert f.status == "ok", f.file
        assert not [x for x in f.findings if x.fix is not None], f.file
        one = before[f.file]
        unfixed_errors = {(x.code, x.sheet, x.cell) for x in one.findings if x.severity.value == "error" and x.fix is None}
        assert {(x.code, x.sheet, x.cell) for x in f.findings if x.severity.value == "error"} <= unfixed_errors, f.file


def test_no_cell_changes_on_the_second_run(runs):
    work, _, second = runs
    for f in second.files:
        a, b = parts(work / "one" / "corrected" / f.file), parts(work / "two" / f.corrected)
        review = sheet_parts(work / "one" / "corrected" / f.file).get("审核意见")
        assert list(a) == list(b), f.file
        assert {n for n in a if a[n] != b[n]} <= {review}, f.file


def test_recomputed_totals_equal_entered_totals_in_the_copies(runs):
    _, _, second = runs
    for f in second.files:
        for t in f.tables:
            # a table whose 分值 add up to more than its total's is not corrected (issue 12: W002
            # says the total cannot be checked; 中江 10 + 100 in a 100-point table)
            exceeds = any(x.code == "W002" and x.entered > x.expected for x in t.findings)
            if t.entered_total is not None and not exceeds:
                assert t.entered_total == pytest.approx(t.recomputed_total), (f.file, t.name)
