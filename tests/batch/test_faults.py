"""The defects of the reliability campaign (issue 14), one test each (or a parametrised
one per input). Inputs: the campaign's mutated workbooks copied to tests/fixtures/faults/
(INDEX.json there gives each one's mutation), or built here from the samples. Defects 1,
5, 7 and 11 (OUTDIR state) are in test_outdir.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.parse
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from evalxl import batch
from evalxl.batch import RunSettings, corrected_names
from evalxl.inbox import discover
from evalxl.package import XlsxPackage
from evalxl.pipeline import audit_file
from evalxl.profile import national
from evalxl.reader.grid import read_xlsx_sheet
from evalxl.reader.labels import weight_in

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FAULTS = ROOT / "tests" / "fixtures" / "faults"
GOOD = SAMPLES / "区医保局_医保信息化建设项目自评表.xlsx"
OTHER = SAMPLES / "病历评审费用项目.xlsx"


def fixture(signature: str) -> Path:
    return next((FAULTS / signature).iterdir())


def run(inbox: Path, out: Path, **kw):
    return batch.run(RunSettings(inbox=inbox, out=out, profile=national(), jobs=1, **kw))


def evalxl(*args, **kw):
    return subprocess.run([sys.executable, "-m", "evalxl.cli", *map(str, args)], capture_output=True, timeout=300, cwd=ROOT, **kw)


def opens(path: Path) -> bool:
    try:
        openpyxl.load_workbook(path).close()
        return True
    except Exception:
        return False


# -- 2. two relationships with one Id --------------------------------------------------------------

def test_duplicate_relationship_id_fix_lands_in_the_sheet_that_was_read(tmp_path):
    src = fixture("dup_rel_id_fix_in_wrong_sheet")  # workbook.xml.rels: rId1 -> sheet1.xml and rId1 -> sheet3.xml
    wb, result = audit_file(src, src.name, national())
    fixes = [f for f in result.findings if f.fix is not None]
    assert fixes
    out = tmp_path / "out"
    batch.process_file(str(src), src.name, str(out), "copy.xlsx", national(), None, None)
    with XlsxPackage(out / "copy.xlsx") as pkg:  # read back as the reader reads
        strings, formats = pkg.shared_strings(), pkg.number_formats()
        grids = {ref.name: read_xlsx_sheet(pkg, ref.part, ref.name, strings, formats) for ref in pkg.sheets()}
    for f in fixes:
        col = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(re.match(r"[A-Z]+", f.fix.cell).group())))
        row = int(re.search(r"\d+", f.fix.cell).group())
        cell = grids[f.sheet].own(row, col)
        assert cell is not None and cell.value == pytest.approx(f.fix.value), (f.sheet, f.fix.cell)


# -- 3. a defined name _evalxl_review on the unit's own sheet ---------------------------------------

def test_review_marker_on_a_data_sheet_does_not_replace_it(tmp_path):
    src = fixture("review_marker_overwrites_data_sheet")
    batch.process_file(str(src), src.name, str(tmp_path), "copy.xlsx", national(), None, None)
    before = openpyxl.load_workbook(src, read_only=True)
    after = openpyxl.load_workbook(tmp_path / "copy.xlsx", read_only=True)
    assert after.sheetnames == before.sheetnames + ["审核意见"]
    first = lambda wb: [r[0] for r in wb.worksheets[0].iter_rows(max_row=3, values_only=True)]  # noqa: E731
    assert first(after) == first(before) == ["部门整体支出绩效评价指标评分表", "一级指标", "投入\n10分"]


def test_a_second_run_still_replaces_its_own_review_sheet(tmp_path):
    batch.process_file(str(GOOD), "a.xlsx", str(tmp_path), "one.xlsx", national(), None, None)
    batch.process_file(str(tmp_path / "one.xlsx"), "one.xlsx", str(tmp_path), "two.xlsx", national(), None, None)
    assert openpyxl.load_workbook(tmp_path / "two.xlsx", read_only=True).sheetnames.count("审核意见") == 1


# -- 4. corrected names -----------------------------------------------------------------------------

def test_inputs_that_map_to_one_corrected_name_keep_apart(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = ["冲突.xls", "冲突.xlsx", "冲突（xls）.xlsx", "单位:甲.xlsx", "单位?甲.xlsx", "单位_甲.xlsx", "CON.xlsx", "con.XLSX"]
    for n in names:
        shutil.copyfile(SAMPLES / "定向不达标人工工资.xls" if n.endswith(".xls") else OTHER, inbox / n)
    got = corrected_names(discover([inbox]))
    assert len({v.lower() for v in got.values()}) == len(names)
    # a name that needs no change keeps it; the others are numbered (worked out by hand)
    assert got["冲突.xlsx"] == "corrected/冲突.xlsx" and got["冲突（xls）.xlsx"] == "corrected/冲突（xls）.xlsx"
    assert got["冲突.xls"] == "corrected/冲突（2）.xlsx"
    assert got["单位_甲.xlsx"] == "corrected/单位_甲.xlsx"
    assert {got["单位:甲.xlsx"], got["单位?甲.xlsx"]} == {"corrected/单位_甲（2）.xlsx", "corrected/单位_甲（3）.xlsx"}
    report = run(inbox, tmp_path / "out")
    assert len({f.corrected for f in report.files}) == len(names)
    assert len(list((tmp_path / "out" / "corrected").iterdir())) == len(names)


# -- 6 and 16. a copy that opens wherever its input opens, and reads back -------------------------

COPY_CASES = sorted(p.name for p in FAULTS.iterdir() if p.is_dir() and p.name != "in_disguise")


@pytest.mark.parametrize("signature", COPY_CASES)
def test_a_copy_is_never_worse_than_its_input(tmp_path, signature):
    src = fixture(signature)
    outcome = batch.process_file(str(src), src.name, str(tmp_path), "copy.xlsx", national(), None, None)
    result = outcome[0] if isinstance(outcome, tuple) else outcome
    assert "内部错误" not in result.message
    if result.status == "unreadable":
        return
    if result.corrected is None:
        assert "更正件未能写出" in result.message  # and why: findings kept
        assert not opens(src) or src.suffix == ".xls"
        return
    copy = tmp_path / "copy.xlsx"
    with zipfile.ZipFile(copy) as z:
        assert len(z.namelist()) == len(set(z.namelist()))  # a name the input held twice is written once
    if src.suffix == ".xlsx" and opens(src):
        assert opens(copy)
    again = audit_file(copy, "copy.xlsx", national())[1]
    assert again.status != "unreadable", again.message  # evalxl's own output always reads back


def test_own_copy_of_a_huge_cell_reads_back(tmp_path):
    """16: 审核意见 quoting a 32 767-character cell made the copy a 'zip bomb' to the next run."""
    src = fixture("own_copy_refused_as_bomb")
    batch.process_file(str(src), src.name, str(tmp_path), "copy.xlsx", national(), None, None)
    assert audit_file(tmp_path / "copy.xlsx", "copy.xlsx", national())[1].status == "ok"


def test_a_broken_styles_relationship_is_not_doubled(tmp_path):
    """16: rId4 styles -> ../../etc/passwd; the writer added a second styles part."""
    src = fixture("copy_worse_than_input_styles")
    batch.process_file(str(src), src.name, str(tmp_path), "copy.xlsx", national(), None, None)
    with zipfile.ZipFile(tmp_path / "copy.xlsx") as z:
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    assert rels.count("/relationships/styles") == 1 and opens(tmp_path / "copy.xlsx")


# -- 8, 9, 10, 14. what the inbox may hold -----------------------------------------------------------

def test_a_file_name_that_is_not_utf8(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(OTHER, os.path.join(os.fsencode(inbox), b"bad\xff\xfe.xlsx"))
    shutil.copyfile(GOOD, inbox / "ok.xlsx")
    report = run(inbox, tmp_path / "out")
    assert report.exit_code != 4 and [f.file for f in report.files] == ["bad\ufffd\ufffd.xlsx", "ok.xlsx"]
    assert opens(tmp_path / "out" / "自评汇总表.xlsx")
    json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))


def test_symlink_loops_are_listed_not_fatal(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(OTHER, inbox / "ok.xlsx")
    os.symlink("self.xlsx", inbox / "self.xlsx")
    os.symlink("b.xlsx", inbox / "a.xlsx")
    os.symlink("a.xlsx", inbox / "b.xlsx")
    report = run(inbox, tmp_path / "out")
    by = {f.file: f for f in report.files}
    assert by["ok.xlsx"].status == "ok"
    for n in ("self.xlsx", "a.xlsx", "b.xlsx"):
        assert by[n].status == "skipped" and "循环的链接" in by[n].message
    p = evalxl("check", inbox)
    assert "Traceback" not in p.stderr.decode("utf-8")


def test_unreadable_sub_folders_are_listed_with_a_reason(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    for d in ("单位甲", "单位乙", "单位丙"):
        (inbox / d).mkdir(parents=True)
        shutil.copyfile(OTHER, inbox / d / "a.xlsx")
    closed, no_x = inbox / "单位乙", inbox / "单位丙"
    if os.geteuid() != 0:
        closed.chmod(0o000)
        no_x.chmod(0o644)  # r, not x: its names list but no file opens
    else:  # root reads every folder: the refusals a normal user meets, simulated
        real_scandir, real_access = os.scandir, os.access
        monkeypatch.setattr(os, "scandir", lambda p=".": (_ for _ in ()).throw(PermissionError(13, "Permission denied", os.fspath(p)))
                            if Path(os.fspath(p)) == closed else real_scandir(p))
        monkeypatch.setattr(os, "access", lambda p, mode, **k: False if Path(os.fspath(p)) == no_x else real_access(p, mode, **k))
    try:
        entries = {e.rel: e for e in discover([inbox])}
    finally:
        closed.chmod(0o755)
        no_x.chmod(0o755)
    assert not entries["单位甲/a.xlsx"].skipped
    for rel in ("单位乙/", "单位丙/"):
        assert entries[rel].unreadable and "没有读取权限" in entries[rel].skip_reason
    assert "单位丙/a.xlsx" not in entries


def test_a_fifo_is_skipped_not_opened(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(OTHER, inbox / "a.xlsx")
    os.mkfifo(inbox / "管道.xlsx")
    report = run(inbox, tmp_path / "out", timeout=20)  # a FIFO opened blocks to the limit (forever with none)
    by = {f.file: f for f in report.files}
    assert by["管道.xlsx"].status == "skipped" and "不是普通文件" in by["管道.xlsx"].message
    assert by["a.xlsx"].status == "ok"


# -- 12 and 13. time ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("产出指标（50分）", ("产出指标", 50.0)),
    ("投入\n10分", ("投入", 10.0)),
    ("效益指标(30.5分)", ("效益指标", 30.5)),
    ("指标1.2.3分", ("指标1.", 2.3)),  # the longest number before 分: 2.3, as the old pattern read it
    ("9分", ("9分", None)),  # no name: not a weight
    ("产出指标", ("产出指标", None)),
])
def test_weight_in_reads_labels(text, expected):
    assert weight_in(text) == expected


def test_weight_in_is_linear_on_a_long_run_of_digits():
    """The regular expression took ~33 s on 32 767 digits (Excel's cell limit); an alarm
    at 10 s stands in for the per-file time limit it used to hit."""
    def late(*_):
        raise AssertionError("weight_in backtracks")

    old = signal.signal(signal.SIGALRM, late)
    signal.alarm(10)
    try:
        for tail in ("", "x分", "分x", ".5分"):
            weight_in("9" * 32767 + tail)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_the_file_of_32767_digits_is_audited_and_copied(tmp_path):
    src = fixture("file_timeout_digits")
    outcome = batch.process_file(str(src), src.name, str(tmp_path), "copy.xlsx", national(), None, None, None, 60)
    assert outcome.status == "ok" and outcome.corrected == "copy.xlsx"


def test_a_writer_out_of_time_keeps_the_audit(tmp_path, monkeypatch):
    """13: the copy gets what is left of the file's time limit; the findings survive it."""
    from evalxl.writers import corrected

    def slow(*a, **k):
        import time
        time.sleep(30)

    monkeypatch.setattr(corrected, "_write", slow)
    result = batch.process_file(str(GOOD), "a.xlsx", str(tmp_path), "copy.xlsx", national(), None, None, None, 1.0)
    assert result.status == "ok" and result.findings and result.corrected is None
    assert "时限内写出" in result.message


def test_many_sheets_copy_is_linear(tmp_path, monkeypatch):
    """13: the writer resolved a sheet's relationship by a scan of all of them, per sheet
    (5 000 sheets: killed at 60 s). Now one map per .rels part, whatever the sheet count."""
    wb = openpyxl.load_workbook(GOOD)
    for k in range(300):
        wb.create_sheet(f"S{k}")["A1"] = f"空白页 {k}"
    wb.save(tmp_path / "many.xlsx")
    from evalxl.writers import xlsx_patch

    built = []
    real = xlsx_patch.relationships
    monkeypatch.setattr(xlsx_patch, "relationships", lambda *a: built.append(a[0]) or real(*a))
    result = batch.process_file(str(tmp_path / "many.xlsx"), "many.xlsx", str(tmp_path), "copy.xlsx", national(), None, None)
    assert result.corrected == "copy.xlsx" and any(f.fix for f in result.findings)
    assert len(built) == len(set(built))  # each part's relationships mapped once
    assert opens(tmp_path / "copy.xlsx")


# -- 17, 18. nothing but JSON ----------------------------------------------------------------------

def test_check_json_stdout_is_json_with_a_truncated_xls(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "只传了一半.xls").write_bytes((SAMPLES / "定向不达标人工工资.xls").read_bytes()[:9500])
    shutil.copyfile(fixture("stdout_noise_xlrd"), inbox / "odd.xls")
    shutil.copyfile(OTHER, inbox / "ok.xlsx")
    p = evalxl("check", "--json", inbox)
    data = json.loads(p.stdout.decode("utf-8"))
    assert {f["file"] for f in data["files"]} >= {"只传了一半.xls", "odd.xls", "ok.xlsx"}


def _no_constants(name):
    raise AssertionError(f"{name} is not JSON")


def _nonfinite_sample(path: Path) -> None:
    """D12 (a 分值) stored as NaN and H15 (a 得分) as 1e309 (past the largest double)."""
    with zipfile.ZipFile(GOOD) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            d = zin.read(i.filename)
            if i.filename == "xl/worksheets/sheet1.xml":
                d = re.sub(rb'(<c r="D12"[^>]*>)<v>[^<]*</v>', rb"\1<v>NaN</v>", d)
                d = re.sub(rb'(<c r="H15"[^>]*>)<v>[^<]*</v>', rb"\1<v>1e309</v>", d)
            zout.writestr(i.filename, d)


def test_nan_and_infinity_never_reach_json(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _nonfinite_sample(inbox / "nonfinite.xlsx")
    for sig in ("nonfinite_json_NaN", "nonfinite_json_Infinity", "nonfinite_json_-Infinity"):
        shutil.copyfile(fixture(sig), inbox / f"{sig}.xlsx")
    run(inbox, tmp_path / "out")
    data = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"), parse_constant=_no_constants)
    cells = {(f["file"], f["cell"]): f for f in data["findings"]}
    assert cells[("nonfinite.xlsx", "D12")]["code"] == "C002"  # 分值「NaN」不是数字
    assert ("nonfinite.xlsx", "H15") in cells
    p = evalxl("check", "--json", inbox)
    json.loads(p.stdout.decode("utf-8"), parse_constant=_no_constants)


# -- 19, 20. the true reason ------------------------------------------------------------------------

@pytest.mark.parametrize("name, says", [
    ("其实是pptx.xlsx", "PowerPoint 演示文稿，不是工作簿"),
    ("严格OOXML.xlsx", "Strict Open XML"),
    ("其实是ods.xlsx", "OpenDocument"),
])
def test_a_package_says_what_it_is(name, says):
    result = audit_file(FAULTS / "in_disguise" / name, name, national())[1]
    assert result.status == "unreadable" and says in result.message


def test_a_word_document_named_xlsx_is_read_as_word():
    """Issue 16: a .docx is audited (its tables, its text), so one named .xlsx is read as
    what its bytes are; the mismatch is a notice. This one holds no table."""
    result = audit_file(FAULTS / "in_disguise" / "其实是docx.xlsx", "其实是docx.xlsx", national())[1]
    assert (result.status, result.format) == ("no_table", "docx")
    assert [f.code for f in result.findings] == ["N001"] and "Word 文档（.docx）" in result.findings[0].message


@pytest.mark.parametrize("signature", ["internal_CompDocError", "internal_LZMAError", "internal_LookupError",
                                       "internal_OverflowError", "stdout_noise_xlrd"])
def test_a_damaged_file_is_reported_as_damaged(signature):
    src = fixture(signature)
    result = audit_file(src, src.name, national())[1]
    assert result.status == "unreadable" and "内部错误" not in result.message and "损坏" in result.message


# -- 21. links ---------------------------------------------------------------------------------------

def test_summary_links_open_files_named_with_hash_and_percent(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(GOOD, inbox / "项目#1 100%完成.xlsx")
    shutil.copyfile(OTHER, inbox / "a%41b [x].xlsx")
    out = tmp_path / "out"
    run(inbox, out)
    targets = []
    with zipfile.ZipFile(out / "自评汇总表.xlsx") as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/_rels/"):
                for rel in etree.fromstring(z.read(name)):
                    if rel.get("TargetMode") == "External":
                        targets.append(rel.get("Target"))
    assert targets
    for t in targets:  # as Excel reads a file link: percent-decoded, backslashes as separators
        assert (out / urllib.parse.unquote(t).replace("\\", "/")).is_file(), t
    opened = {urllib.parse.unquote(t).replace("\\", "/") for t in targets}
    assert opened == {"corrected/项目#1 100%完成.xlsx", "corrected/a%41b [x].xlsx"}
