"""A Word document (.docx) opened safely, and its body walked the same way by the reader
and the corrected-copy writer.

    open_document(path, limits) -> docx Document     raises UnreadableFile (Chinese message)
    body_blocks(document)      -> [("p", w:p) | ("tbl", w:tbl)] in document order
    table_rows(tbl)            -> per row, its cells: WordCell(tc, grid column, span, vmerge)

The blocks stop at evalxl's own 审核意见 section (a bookmark named REVIEW_BOOKMARK), so a
corrected copy read again gives what the unit sent, not the review. Only the body's own
tables count (a table nested in a cell is part of that cell's text); both sides number
them the same way, which is what ties a finding's place to a cell of the copy.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .package import DEFAULT_LIMITS, DocxPackage, Limits, UnreadableFile

REVIEW_BOOKMARK = "evalxl_review"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return _TAGS.get(tag) or f"{{{W_NS}}}{tag}"


_TAGS = {t: f"{{{W_NS}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "tcPr", "trPr", "gridBefore",
                                        "gridSpan", "vMerge", "val", "bookmarkStart", "name")}


def open_document(path: Path, limits: Limits = DEFAULT_LIMITS):
    """The document, after the package guards (zip bomb, DTD) have passed."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with DocxPackage(Path(path), limits) as pkg:
        pkg.check_parts()
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as exc:
        raise UnreadableFile("corrupt", "Word 文档已损坏或不完整，请在 Word 中重新保存为 .docx 后提交") from exc
    except Exception as exc:  # python-docx meets a damaged package with whatever it trips on
        raise UnreadableFile("corrupt", "Word 文档已损坏（内部数据无法解压或解析），请在 Word 中重新保存后提交") from exc


def is_review_start(p) -> bool:
    return any(b.get(w("name")) == REVIEW_BOOKMARK for b in p.iter(w("bookmarkStart")))


def body_blocks(document) -> list[tuple[str, object]]:
    """Paragraphs and tables of the body in order (content controls opened), up to
    evalxl's 审核意见 section."""
    out: list[tuple[str, object]] = []

    def walk(parent) -> bool:
        for child in parent.iterchildren():
            if child.tag == w("p"):
                if is_review_start(child):
                    return False
                out.append(("p", child))
            elif child.tag == w("tbl"):
                out.append(("tbl", child))
            elif child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None and not walk(content):
                    return False
        return True

    walk(document.element.body)
    return out


def text_paragraphs(document) -> list[tuple[object, str]]:
    """The body's paragraphs outside tables that hold text, with their text: the report's
    narrative. A statement's paragraph number is its position here (1-based)."""
    out = []
    for kind, el in body_blocks(document):
        if kind == "p":
            text = paragraph_text(el).strip()
            if text:
                out.append((el, text))
    return out


# What a paragraph's text is read from, as python-docx's Paragraph.text reads it (runs,
# also inside hyperlinks, insertions, smart tags, content controls and simple fields; not
# deleted text, field codes or text boxes), without its per-run XPath (10x faster here).
_T, _TAB, _BR, _CR, _R = w("t"), w("tab"), w("br"), w("cr"), w("r")
_WRAPPERS = {w(t) for t in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent")}


def paragraph_text(p) -> str:
    parts: list[str] = []

    def runs(parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _R:
                for el in child.iterchildren():
                    if el.tag == _T:
                        parts.append(el.text or "")
                    elif el.tag == _TAB:
                        parts.append("\t")
                    elif el.tag in (_BR, _CR):
                        parts.append("\n")
            elif tag in _WRAPPERS:
                runs(child)

    runs(p)
    return "".join(parts)


def cell_text(tc) -> str:
    """The text of every paragraph in the cell, one line each; a table nested in the cell
    gives its paragraphs' lines too."""
    lines: list[str] = []

    def blocks(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == w("p"):
                lines.append(paragraph_text(child))
            elif child.tag in (w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent")):
                blocks(child)

    blocks(tc)
    return "\n".join(lines)


@dataclass
class WordCell:
    tc: object  # the w:tc element
    col: int  # first grid column (1-based)
    span: int  # grid columns it covers
    vmerge: str | None  # None, "restart" or "continue"
    ordinal: int  # its position among the row's cells (1-based): how a Word user counts


def table_rows(tbl) -> list[list[WordCell]]:
    rows: list[list[WordCell]] = []
    for tr in tbl.iterchildren(w("tr")):
        col = 1
        trpr = tr.find(w("trPr"))
        if trpr is not None:
            before = trpr.find(w("gridBefore"))
            if before is not None:
                col += _int(before.get(w("val")), 0)
        cells: list[WordCell] = []
        for tc in _row_cells(tr):
            tcpr = tc.find(w("tcPr"))
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(w("gridSpan"))
                if gs is not None:
                    span = max(1, _int(gs.get(w("val")), 1))
                vm = tcpr.find(w("vMerge"))
                if vm is not None:
                    vmerge = vm.get(w("val")) or "continue"  # <w:vMerge/> continues the cell above
            cells.append(WordCell(tc, col, span, vmerge, len(cells) + 1))
            col += span
        rows.append(cells)
    return rows


def _row_cells(tr) -> list:
    """The row's cells, those wrapped in a content control included."""
    out = []
    for child in tr.iterchildren():
        if child.tag == w("tc"):
            out.append(child)
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                out.extend(content.iterchildren(w("tc")))
    return out


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
