"""The corrected copy of a Word document: wrong values replaced in their cells, shaded and
commented; the report's mismatches commented on their paragraph; a 审核意见 section at the
end; everything else read back unchanged by python-docx; opened by LibreOffice Writer.

Corrected values by hand (seed 001 table 3, the document's 表格3): funds 得分 「100%」 ->
10 (100% × 分值 10); 成本指标 9.6 -> 96 ÷ 97 × 10 = 9.9; 满意度 9.6 -> 10 (96 / 96 met);
单位自评总分 99.6 -> 99.9 (see test_word_audit)."""

from __future__ import annotations

import os
import shutil
import subprocess

import docx
import docx.table
import pytest

from evalxl.batch import RunSettings, run
from evalxl.profile import national
from wordkit import REPORT, TABLE_ONLY, W, cell_at

# place -> (value as typed, value corrected, first words of the comment)
T3 = {
    (3, 6, 5): ("100%", "10", "原填报 100%；应为 10："),
    (3, 15, 8): ("9.6", "9.9", "原填报 9.6；应为 9.9：实际完成值 97% 高于年度指标值 96%"),
    (3, 22, 8): ("9.6", "10", "原填报 9.6；应为 10：实际完成值 96 已达到年度指标值 96"),
    (3, 24, 7): ("99.6", "99.9", "原填报 99.6；应为 99.9："),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    work = tmp_path_factory.mktemp("word")
    inbox = work / "inbox"
    inbox.mkdir()
    for p in (REPORT, TABLE_ONLY):
        shutil.copy(p, inbox / p.name)
    first = run(RunSettings(inbox=inbox, out=work / "one", profile=national(), jobs=2))
    second = run(RunSettings(inbox=work / "one" / "corrected", out=work / "two", profile=national(), jobs=1))
    return work, first, second


def _place(t, r, c):
    return {"table": t, "row": r, "col": c}


def _comments_on(document, tc) -> list[str]:
    ids = {el.get(f"{{{W}}}id") for el in tc.iter(f"{{{W}}}commentReference")}
    return [c.text for c in document.comments if str(c.comment_id) in ids]


def test_corrections_replaced_shaded_and_commented(runs):
    work, first, _ = runs
    copy = docx.Document(str(work / "one" / "corrected" / REPORT.name))
    original = docx.Document(str(REPORT))
    for (t, r, c), (typed, fixed, note) in T3.items():
        assert cell_at(original, _place(t, r, c)).text == typed
        cell = cell_at(copy, _place(t, r, c))
        assert cell.text == fixed, (t, r, c)
        shd = cell._tc.tcPr.find(f"{{{W}}}shd")
        assert shd is not None and shd.get(f"{{{W}}}fill") == "FFFF00"
        notes = _comments_on(copy, cell._tc)
        assert len(notes) == 1 and notes[0].startswith(note), notes


def test_report_mismatch_commented_on_its_paragraph(runs):
    work, _, _ = runs
    copy = docx.Document(str(work / "one" / "corrected" / REPORT.name))
    texts = [c.text for c in copy.comments]
    para = next(p for p in copy.paragraphs if p.text.startswith("“经常性业务经费项目”绩效自评综述"))
    assert para.text == next(p.text for p in docx.Document(str(REPORT)).paragraphs if p.text.startswith("“经常性业务经费项目”"))
    mine = _comments_on(copy, para._p)
    assert len(mine) == 1 and mine[0].startswith("报告中“经常性业务经费项目”自评得分为 99.3 分")
    assert sum(t.startswith("报告中") for t in texts) == 5  # paragraphs 8, 10, 11, 12, 13


def test_everything_else_reads_back_unchanged(runs):
    work, first, _ = runs
    original = docx.Document(str(REPORT))
    copy = docx.Document(str(work / "one" / "corrected" / REPORT.name))
    n = len(original.paragraphs)
    assert [p.text for p in copy.paragraphs[:n]] == [p.text for p in original.paragraphs]
    assert len(copy.tables) == len(original.tables) + 1  # + the 审核意见 table
    result = next(f for f in first.files if f.file == REPORT.name)
    fixed = {(x.place["table"], x.place["row"], x.place["col"]) for x in result.findings if x.fix is not None}
    assert set(T3) <= fixed and len(fixed) == sum(1 for x in result.findings if x.fix is not None)
    for ti, (a, b) in enumerate(zip(original.tables, copy.tables), 1):
        for ri, (ra, rb) in enumerate(zip(a._tbl.tr_lst, b._tbl.tr_lst), 1):
            for ci, (ca, cb) in enumerate(zip(ra.tc_lst, rb.tc_lst), 1):
                if (ti, ri, ci) not in fixed:
                    assert docx.table._Cell(ca, None).text == docx.table._Cell(cb, None).text, (ti, ri, ci)
    assert copy.sections[0].header.paragraphs[0].text == "明光市医疗保障局"
    assert copy.inline_shapes or copy.sections[0].header._element.xpath(".//pic:pic")  # the header picture stays
    assert [s.name for s in copy.styles] == [s.name for s in original.styles]


def test_review_section_lists_every_finding(runs):
    work, first, _ = runs
    result = next(f for f in first.files if f.file == REPORT.name)
    copy = docx.Document(str(work / "one" / "corrected" / REPORT.name))
    review = copy.tables[-1]
    assert [c.text for c in review.rows[0].cells] == ["序号", "位置", "项目", "规则", "级别", "填报值", "复核值", "已更正", "说明"]
    # every finding of the file's own audit; the B findings across the batch come once every
    # copy is written (they are in the 汇总表's 问题清单 and findings.json)
    assert len(review.rows) == len([f for f in result.findings if f.code[0] != "B"]) + 1
    rows = {r.cells[1].text: r for r in review.rows[1:]}
    assert rows["表格3 第15行 第8列"].cells[2].text == "医保信息化建设"
    assert rows["表格3 第15行 第8列"].cells[7].text == "是"
    assert any(p.text == "审核意见" for p in copy.paragraphs)


def test_rerun_is_a_fixed_point_with_one_review_section(runs):
    work, first, second = runs
    before = {f.file: f for f in first.files}
    for f in second.files:
        assert f.status == "ok", (f.file, f.message)
        assert not [x for x in f.findings if x.fix is not None], f.file
        unfixed = {(x.code, x.sheet, x.cell) for x in before[f.file].findings if x.severity.value == "error" and x.fix is None}
        assert {(x.code, x.sheet, x.cell) for x in f.findings if x.severity.value == "error"} <= unfixed, f.file
    again = docx.Document(str(work / "two" / "corrected" / REPORT.name))
    assert sum(p.text == "审核意见" for p in again.paragraphs) == 1
    texts = [c.text for c in again.comments]
    assert len(texts) == len(set(texts))  # no comment added twice


def test_a_document_without_findings_is_copied_byte_for_byte(tmp_path):
    from evalxl.writers.corrected_docx import write_corrected_docx

    write_corrected_docx(TABLE_ONLY, tmp_path / "copy.docx", [])
    assert (tmp_path / "copy.docx").read_bytes() == TABLE_ONLY.read_bytes()


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("EVALXL_REQUIRE_SOFFICE") == "1" or os.environ.get("CI") == "true":
            pytest.fail("soffice is not on PATH (CI needs libreoffice-writer-nogui)")
        pytest.skip("soffice is not on PATH")
    return exe


@pytest.mark.libreoffice
def test_libreoffice_opens_the_corrected_document(runs, tmp_path):
    """LibreOffice Writer opens the copy and saves it again as .docx: the corrected values,
    their shading and their comments survive its reading."""
    work, _, _ = runs
    src = work / "one" / "corrected" / REPORT.name
    out = tmp_path / "lo"
    profile = tmp_path / "profile"
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)],
        capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    back = docx.Document(str(out / REPORT.name))
    notes = [c.text for c in back.comments]
    for (t, r, c), (_, fixed, note) in T3.items():
        cell = cell_at(back, _place(t, r, c))
        assert cell.text == fixed
        shd = cell._tc.tcPr.find(f"{{{W}}}shd")
        assert shd is not None and shd.get(f"{{{W}}}fill").upper() == "FFFF00"
        assert any(n.startswith(note) for n in notes), note
    assert any(n.startswith("报告中“经常性业务经费项目”") for n in notes)
    # a document written by another program (LibreOffice's own XML for merges, widths,
    # styles, bookmarks) reads the same: the eight tables, the 32 statements, the review left out
    from evalxl.reader import read_workbook

    again = read_workbook(out / REPORT.name)
    assert [t.name for t in again.tables] == [t.name for t in read_workbook(REPORT).tables]
    assert len(again.statements) == 32
    assert again.tables[2].total.score.raw == 99.9


def test_summary_lists_word_tables_with_the_document_as_source(runs):
    import openpyxl

    work, _, _ = runs
    book = openpyxl.load_workbook(work / "one" / "自评汇总表.xlsx")

    def rows_of(ws):
        header = [c.value for c in ws[3]]
        rows = [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=4)]
        return [r for r in rows if r.get("项目名称") == "医保信息化建设"]

    ws = book["工作底稿"]  # the source file and its link are on the 工作底稿 (issue 13)
    # the report's 表格3 and the table-only document: both 80 / 80, entered 99.6, recomputed 99.9
    assert sorted((r["来源文件"], r["工作表"]) for r in rows_of(ws)) == sorted([
        (REPORT.name, "表格3"), (TABLE_ONLY.name, "表格1")])
    assert all((r["全年预算数"], r["自评得分"], r["复核得分"]) == (80, 99.6, 99.9) for r in rows_of(book["汇总"]))
    cells = [c for row in ws.iter_rows(min_row=4) for c in row if c.value == "表格3"]
    assert cells and cells[0].hyperlink.target.replace("\\", "/") == f"corrected/{REPORT.name}"  # no #sheet anchor
