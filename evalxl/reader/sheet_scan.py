"""A worksheet part read with regular expressions over its text instead of an element tree
(evalxl.xml_scan: after libxml2 found it well-formed): the shapes Excel, WPS, openpyxl and
xlsxwriter write, at a fraction of the cost of a tree walked element by element in Python.
Beyond what xml_scan refuses, an element where a row, a cell or a cell's child should be
raises ScanRefused, and the lxml reader (xlsx_sheet) reads the part instead. Both give the
same cells: tests/reader/test_scan.py.
"""

from __future__ import annotations

import re

from ..xml_scan import ATTRS as _ATTRS, ScanRefused, attributes, part_text, unescape  # noqa: F401 (re-exported)

_ROW_TAG = re.compile(r"<row[\s/>]")
# (ref when it is the only attribute and needs no normalising, else the attributes, inner)
_MERGE = re.compile(rf"<mergeCell(?=[\s/>])(?: ref=\"([^\"&\t\n]*)\"(?=\s*/?>))?{_ATTRS}"
                    r"(?:/>|>[^<]*(?:<(?!/mergeCell[\s>])[^<]*)*</mergeCell\s*>)")
_MERGE_TAG = re.compile(r"<mergeCell[\s/>]")
_SHEET_DATA = re.compile(rf"<sheetData(?=[\s/>]){_ATTRS}(/?)>")
# The children of <sheetData> in one pass, a match each (groups never taking part read ""):
#   blank cells of the usual shape skipped before it, the last one's column letters kept;
#   then a row's start tag (r when it comes first and is digits, the other attributes, "/"
#   when empty), a row's end tag, a cell, any other
#   "<" (then the part is not ours to read) or the end. A cell gives (column letters, row
#   digits, s, t) when its attributes are the usual r[, s][, t] in Excel's order, else
#   (attributes); then "<v>" and the value's text for a cell holding one value and
#   nothing else, else its inner text.
DATA = re.compile(
    r"(?:<c r=\"([A-Z]{1,3})[0-9]+\"(?: s=\"[0-9]+\")?(?: t=\"(?!inlineStr\")[a-zA-Z]+\")?/>)*"
    rf"(?:<(row)(?: r=\"([0-9]+)\")?(?=[\s/>]){_ATTRS}(/?)>|(</row)\s*>"
    r"|<(c)(?=[\s/>])(?:\s+r=\"([A-Z]{1,3})([0-9]+)\"(?:\s+s=\"([0-9]+)\")?(?:\s+t=\"([a-zA-Z]+)\")?(?=/?>)"
    rf"|{_ATTRS})"
    r"(?:/>|>(<v>)([^<]*)</v></c>|>([^<]*(?:<(?!/c[\s>])[^<]*)*)</c\s*>)"
    r"|(<)|\Z)")
# The usual shapes alone, with fewer alternatives to try (so faster): a cell with r[, s][, t]
# in Excel's order that is blank ("/"), holds one <v> (its text), one inline string ("<is>",
# its text) or a plain formula ("<f>", its text, then "<v>" and its text if cached, or "<v/>"
# as openpyxl writes a formula without a cached value); a row's
# start tag with r first (r, the other attributes, "/" when empty); a row's end tag. What is
# not one of these is passed over: a count of the "<" the matches hold tells whether it was.
USUAL = re.compile(r"<c r=\"([A-Z]{1,3})[0-9]+\"(?: s=\"([0-9]+)\")?(?: t=\"([a-zA-Z]+)\")?"
                   r"(?:(/)>|><v>([^<]*)</v></c>|>(<is>)<t(?: xml:space=\"preserve\")?>([^<]*)</t></is></c>"
                   r"|>(<f>)([^<]*)</f>(?:(<v>)([^<]*)</v>|(<v/>))?</c>)"
                   rf"|<row r=\"([0-9]+)\"{_ATTRS}(/?)>|(</row>)")
# a cell's children: <v>/<f> holding text only, <is>, or anything else ("<")
_CHILD = re.compile(rf"<(v|f)(?=[\s/>]){_ATTRS}(?:/>|>([^<]*)</\1\s*>)|<(is)(?=[\s/>]){_ATTRS}"
                    r"(?:/>|>([^<]*(?:<(?!/is[\s>])[^<]*)*)</is\s*>)|(<)")
_T = re.compile(rf"<t(?=[\s/>]){_ATTRS}(?:/>|>([^<]*)</t\s*>)|(<t(?=[\s/>]))")


def sheet_data(text: str) -> tuple[str, str]:
    """The inner text of the part's one <sheetData>, where every row is, and the text
    around it (where the merges are, unless an element the scan passes over holds one)."""
    m = _SHEET_DATA.search(text)
    if m is None or text.count("<sheetData") != 1:
        raise ScanRefused
    start = m.end()
    end = start if m.group(2) else text.find("</sheetData", start)
    if end < 0 or _ROW_TAG.search(text, 0, m.start()) or _ROW_TAG.search(text, end):
        raise ScanRefused  # a row elsewhere
    return text[start:end], text[:m.start()] + text[end:]


def row_number(attrs: str, previous: int) -> int:
    """A row's number: its r attribute, else the one after the previous row's."""
    r = attributes(attrs).get("r")
    return int(r) if r and r.isdigit() else previous + 1


def merge_refs(text: str) -> list[str]:
    """The ref of every <mergeCell>, in document order."""
    found = _MERGE.findall(text)
    if len(found) != len(_MERGE_TAG.findall(text)):
        raise ScanRefused
    return [ref or attributes(attrs).get("ref", "") for ref, attrs in found]


def children(body: str) -> tuple[str | None, bool, tuple | None, str | None]:
    """A cell's (v text, has <v>, formula (text, t, si) or None, inline string text or
    None), the last of a repeated child winning, as the lxml reader reads them."""
    v_text, has_v, formula, inline = None, False, None, None
    for tag, attrs, text, is_tag, _, is_body, other in _CHILD.findall(body):
        if other:
            raise ScanRefused
        if tag == "v":
            v_text, has_v = (unescape(text) if text else None), True
        elif tag == "f":
            a = attributes(attrs) if attrs else {}
            formula = (unescape(text) if text else None, a.get("t"), a.get("si", ""))
        elif is_tag:
            inline = inline_text(is_body)
    return v_text, has_v, formula, inline


def inline_text(body: str) -> str:
    """An <is>'s text: every <t> in it joined (phonetic runs included, as the lxml reader
    joins them)."""
    parts = []
    for _, text, other in _T.findall(body):
        if other:
            raise ScanRefused  # a <t> holding an element
        parts.append(unescape(text))
    return "".join(parts)
