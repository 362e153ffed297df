"""The corrected copy of a Word document.

    write_corrected_docx(src, dst, findings, limits)

Each fix lands in the Word cell its finding's ``place`` names (the n-th table of the body,
its row, the n-th cell of the row, as the reader counted them): the cell's text becomes the
corrected value (the first run keeps its formatting), the cell is shaded yellow, and a Word
comment on it says 「原填报 9.6；应为 10：…」 (the words of the workbook's notes). A finding
on the report's text (R001) gets a comment on its paragraph; nothing there is changed,
since which of the two numbers is wrong is not known. A 审核意见 section is appended at the
end (a page break, a heading marked by a bookmark, a table of every finding); a second run
over a corrected copy replaces it. Everything else (text, styles, headers, pictures, other
tables) is left as python-docx read it. A document without findings is copied byte for
byte. ``dst`` is written atomically.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Sequence

from .. import atomic
from ..findings import Finding
from ..package import DEFAULT_LIMITS, Limits
from ..wordfile import REVIEW_BOOKMARK, body_blocks, open_document, text_paragraphs, w
from .review_sheet import entered_text, expected_text, title_text
from .sheet_fix import FixRequest, fix_shown, note_text

HIGHLIGHT = "FFFF00"  # the workbook copies' yellow
AUTHOR, INITIALS = "evalxl 审核", "EX"
REVIEW_HEAD = ("序号", "位置", "项目", "规则", "级别", "填报值", "复核值", "已更正", "说明")
REVIEW_CM = (0.8, 1.8, 1.8, 1.3, 1.0, 1.2, 1.2, 0.9)  # widths of all but 说明, which takes the rest
# tcPr children that come after w:shd (ECMA-376 §17.4.70): a new w:shd goes before them
AFTER_SHD = ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers",
             "cellIns", "cellDel", "cellMerge", "tcPrChange")

__all__ = ["write_corrected_docx"]


def write_corrected_docx(src: Path, dst: Path, findings: Sequence[Finding], *, limits: Limits = DEFAULT_LIMITS) -> None:
    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    if not findings:
        with atomic.atomic_path(dst) as tmp:
            shutil.copyfile(src, tmp)
        return
    document = open_document(src, limits)
    _drop_review(document)
    seen = _own_comments(document)
    tables = [el for kind, el in body_blocks(document) if kind == "tbl"]
    paragraphs = [el for el, _ in text_paragraphs(document)]
    applied: set[int] = set()
    for f in findings:
        place = f.place or {}
        if f.fix is not None and "table" in place:
            tc = _cell(tables, f.extra.get("fix_place") or place)
            if tc is not None:
                _correct(document, tc, f)
                applied.add(id(f))
        elif "paragraph" in place and 1 <= place["paragraph"] <= len(paragraphs):
            if f.message not in seen:
                _comment_paragraph(document, paragraphs[place["paragraph"] - 1], f)
    _append_review(document, findings, applied)
    with atomic.atomic_path(dst) as tmp:
        document.save(str(tmp))


def _cell(tables: list, place: dict):
    from ..wordfile import table_rows

    try:
        tbl = tables[place["table"] - 1]
        row = table_rows(tbl)[place["row"] - 1]
        return row[place["col"] - 1].tc
    except (IndexError, KeyError, TypeError):
        return None


def _run(paragraph_el, document):
    from docx.text.paragraph import Paragraph

    return Paragraph(paragraph_el, document._body)


def _correct(document, tc, f: Finding) -> None:
    """The corrected value in the cell (first run's formatting kept), shaded, commented."""
    from docx.text.run import Run

    fix = f.fix
    text = fix_shown(fix.value, fix.number_format)
    paras = tc.findall(w("p"))
    first = paras[0] if paras else tc.makeelement(w("p"), {})
    if not paras:
        tc.append(first)
    for extra in paras[1:]:
        tc.remove(extra)
    runs = first.findall(w("r"))
    run_el = runs[0] if runs else None
    for child in list(first):
        if child.tag != w("pPr") and child is not run_el:
            first.remove(child)
    paragraph = _run(first, document)
    if run_el is None:
        run = paragraph.add_run(text)
    else:
        for child in list(run_el):
            if child.tag != w("rPr"):
                run_el.remove(child)
        run = Run(run_el, paragraph)
        run.text = text
    _shade(tc)
    note = note_text(FixRequest(0, 0, fix.value, fix.number_format, [f]))
    document.add_comment(run, text=note, author=AUTHOR, initials=INITIALS)


def _shade(tc) -> None:
    tcpr = tc.find(w("tcPr"))
    if tcpr is None:
        tcpr = tc.makeelement(w("tcPr"), {})
        tc.insert(0, tcpr)
    old = tcpr.find(w("shd"))
    if old is not None:
        tcpr.remove(old)
    shd = tcpr.makeelement(w("shd"), {w("val"): "clear", w("color"): "auto", w("fill"): HIGHLIGHT})
    later = next((c for c in tcpr if c.tag in {w(t) for t in AFTER_SHD}), None)
    if later is None:
        tcpr.append(shd)
    else:
        later.addprevious(shd)


def _comment_paragraph(document, p, f: Finding) -> None:
    paragraph = _run(p, document)
    runs = paragraph.runs
    if runs:
        document.add_comment(runs, text=f.message, author=AUTHOR, initials=INITIALS)


def _own_comments(document) -> set[str]:
    """The texts of the comments an earlier run of evalxl left (a corrected copy audited
    again): the same comment is not added twice, and the earlier ones (原填报 …) stay."""
    if not any(r.reltype.endswith("/comments") for r in document.part.rels.values()):
        return set()  # no comments part (none is created just to look)
    return {c.text for c in document.comments if c.author == AUTHOR}


# --------------------------------------------------------------------------- 审核意见


def _drop_review(document) -> None:
    """Remove a 审核意见 section an earlier run appended (from its bookmark to the end)."""
    body = document.element.body
    start = None
    for child in body.iterchildren():
        if child.tag == w("p") and any(b.get(w("name")) == REVIEW_BOOKMARK for b in child.iter(w("bookmarkStart"))):
            start = child
            break
    if start is None:
        return
    doomed, el = [], start
    while el is not None:
        if el.tag != w("sectPr"):
            doomed.append(el)
        el = el.getnext()
    for el in doomed:
        body.remove(el)


def _append_review(document, findings: Sequence[Finding], applied: set[int]) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    head = document.add_paragraph()
    run = head.add_run("审核意见")
    run.bold = True
    head_el = head._p
    ids = [int(b.get(w("id"))) for b in document.element.body.iter(w("bookmarkStart")) if (b.get(w("id")) or "").isdigit()]
    mark_id = str(max(ids, default=0) + 1)
    head_el.insert(0, head_el.makeelement(w("bookmarkStart"), {w("id"): mark_id, w("name"): REVIEW_BOOKMARK}))
    head_el.append(head_el.makeelement(w("bookmarkEnd"), {w("id"): mark_id}))
    document.add_paragraph(title_text(findings, len(applied)).split("：", 1)[-1])
    table = document.add_table(rows=1, cols=len(REVIEW_HEAD))
    _borders(table)
    for cell, text in zip(table.rows[0].cells, REVIEW_HEAD):
        cell.text = text
        for r in cell.paragraphs[0].runs:
            r.bold = True
    _widths(document, table)
    for i, f in enumerate(findings, 1):
        where = " ".join(x for x in (f.sheet or "", f.cell or "") if x)
        values = (str(i), where, f.table, f.code, f.severity.label, entered_text(f), expected_text(f),
                  "是" if id(f) in applied else "", f.message)
        row = table.add_row()
        for cell, text, width in zip(row.cells, values, (c.width for c in table.rows[0].cells)):
            cell.text = text
            cell.width = width
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    document.add_paragraph("")


def _widths(document, table) -> None:
    """Narrow columns for the short values, the rest of the text width for 说明."""
    from docx.shared import Cm, Emu

    section = document.sections[-1]
    try:
        text = section.page_width - section.left_margin - section.right_margin
    except TypeError:  # a section that states no page size
        text = Cm(16)
    widths = [Cm(w) for w in REVIEW_CM]
    widths.append(Emu(max(int(Cm(4)), int(text) - sum(int(w) for w in widths))))
    table.autofit = False
    for col, width in zip(table.columns, widths):
        col.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _borders(table) -> None:
    """Single lines round every cell (the document's own table styles are not relied on)."""
    tblpr = table._tbl.tblPr
    borders = tblpr.makeelement(w("tblBorders"), {})
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(w(side), {w("val"): "single", w("sz"): "4", w("space"): "0",
                                                      w("color"): "000000"}))
    later = next((c for c in tblpr if c.tag in {w(t) for t in ("shd", "tblLayout", "tblCellMar", "tblLook",
                                                                 "tblCaption", "tblDescription")}), None)
    if later is None:
        tblpr.append(borders)
    else:
        later.addprevious(borders)
