"""A worksheet part read with regular expressions over its text instead of an element tree:
the shapes Excel, WPS, openpyxl and xlsxwriter write, at a fraction of the cost of a tree
walked element by element in Python.

The part is first parsed by libxml2 without building a tree (zip_guard.well_formed), so a
part that is not well-formed XML is refused exactly as before. Anything the expressions do
not read exactly as lxml does — a comment, a CDATA section, a processing instruction, a
main namespace bound to a prefix or redeclared, an element where a cell or a cell's child
should be, an encoding other than UTF-8 — raises ScanRefused, and the lxml reader
(xlsx_sheet) reads the part instead. Both give the same cells: tests/reader/test_scan.py.
"""

from __future__ import annotations

import re

from ..package import NS_MAIN

# the attributes of a start tag in a well-formed part: no "<", ">" or "/" outside quotes
# (unrolled: one way to match each character, so no backtracking blow-up)
_ATTRS = r"([^<>\"'/]*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"'/]*)*)"
_ATTR = re.compile(r"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _element(tag: str) -> str:
    """<tag …/> or <tag …>inner</tag> with groups (attributes, inner): inner holds no
    element of that name (a nested one makes the counts or the caller refuse)."""
    return rf"<{tag}(?=[\s/>]){_ATTRS}(?:/>|>([^<]*(?:<(?!/{tag}[\s>])[^<]*)*)</{tag}\s*>)"


_ROW_TAG = re.compile(r"<row[\s/>]")
_MERGE = re.compile(_element("mergeCell"))
_MERGE_TAG = re.compile(r"<mergeCell[\s/>]")
_SHEET_DATA = re.compile(rf"<sheetData(?=[\s/>]){_ATTRS}(/?)>")
# The children of <sheetData> in one pass, a match each (groups never taking part read ""):
#   blank cells of the usual shape skipped before it, the last one's column letters kept;
#   then a row's start tag (attributes, "/" when empty), a row's end tag, a cell, any other
#   "<" (then the part is not ours to read) or the end. A cell gives (column letters, row
#   digits, s, t) when its attributes are the usual r[, s][, t] in Excel's order, else
#   (attributes); then "<v>" and the value's text for a cell holding one value and
#   nothing else, else its inner text.
DATA = re.compile(
    r"(?:<c r=\"([A-Z]{1,3})[0-9]+\"(?: s=\"[0-9]+\")?(?: t=\"(?!inlineStr\")[a-zA-Z]+\")?/>)*"
    rf"(?:<(row)(?=[\s/>]){_ATTRS}(/?)>|(</row)\s*>"
    r"|<(c)(?=[\s/>])(?:\s+r=\"([A-Z]{1,3})([0-9]+)\"(?:\s+s=\"([0-9]+)\")?(?:\s+t=\"([a-zA-Z]+)\")?(?=/?>)"
    rf"|{_ATTRS})"
    r"(?:/>|>(<v>)([^<]*)</v></c>|>([^<]*(?:<(?!/c[\s>])[^<]*)*)</c\s*>)"
    r"|(<)|\Z)")
# a cell's children: <v>/<f> holding text only, <is>, or anything else ("<")
_CHILD = re.compile(rf"<(v|f)(?=[\s/>]){_ATTRS}(?:/>|>([^<]*)</\1\s*>)|<(is)(?=[\s/>]){_ATTRS}"
                    r"(?:/>|>([^<]*(?:<(?!/is[\s>])[^<]*)*)</is\s*>)|(<)")
_T = re.compile(rf"<t(?=[\s/>]){_ATTRS}(?:/>|>([^<]*)</t\s*>)|(<t(?=[\s/>]))")
_PROLOG_ENCODING = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")
_ROOT = re.compile(rf"<[^?!][^\s/>]*{_ATTRS}/?>")
_DEFAULT_NS = re.compile(r"xmlns\s*=")  # may count more than the declarations: then refused
_REF = re.compile(r"&(?:#x([0-9a-fA-F]+);|#([0-9]+);|(amp|lt|gt|quot|apos);)")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class ScanRefused(Exception):
    """The part has a shape the expressions do not read exactly: read it as a tree."""


def sheet_text(data: bytes) -> str:
    """The text of a well-formed part, line ends normalised as an XML parser does; refused
    when it holds what the expressions do not read (see the module's doc)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScanRefused from exc
    if text.startswith("<?xml"):
        m = _PROLOG_ENCODING.match(text)
        if m and m.group(1).lower() not in ("utf-8", "utf8"):
            raise ScanRefused
        if text.count("<?") != 1:
            raise ScanRefused
    elif "<?" in text:
        raise ScanRefused
    if "<!" in text:  # a comment or CDATA (a DTD was refused before)
        raise ScanRefused
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # every unprefixed element in the main namespace, and no prefix bound to it
    root = _ROOT.search(text)
    if (root is None or text.count(NS_MAIN) != 1 or len(_DEFAULT_NS.findall(text)) != 1
            or attributes(root.group(1)).get("xmlns") != NS_MAIN):
        raise ScanRefused
    return text


def unescape(text: str) -> str:
    """Character and predefined entity references (the only ones a well-formed part
    without a DTD can hold)."""
    if "&" not in text:
        return text
    return _REF.sub(lambda m: chr(int(m[1], 16)) if m[1] else chr(int(m[2])) if m[2] else _NAMED[m[3]], text)


def attributes(attrs: str) -> dict[str, str]:
    """A start tag's attributes as lxml gives them: values normalised (tabs and newlines
    to spaces), references resolved; the first of a repeated name (never well-formed)."""
    out: dict[str, str] = {}
    for name, v1, v2 in _ATTR.findall(attrs):
        value = v1 or v2
        if "\t" in value or "\n" in value:
            value = value.replace("\t", " ").replace("\n", " ")
        out.setdefault(name, unescape(value))
    return out


def sheet_data(text: str) -> str:
    """The inner text of the part's one <sheetData>, where every row is."""
    m = _SHEET_DATA.search(text)
    if m is None or text.count("<sheetData") != 1:
        raise ScanRefused
    start = m.end()
    end = start if m.group(2) else text.find("</sheetData", start)
    if end < 0 or _ROW_TAG.search(text, 0, m.start()) or _ROW_TAG.search(text, end):
        raise ScanRefused  # a row elsewhere
    return text[start:end]


def row_number(attrs: str, previous: int) -> int:
    """A row's number: its r attribute, else the one after the previous row's."""
    r = _first_attribute(attrs, ' r="')
    if r is None:
        r = attributes(attrs).get("r")
    return int(r) if r and r.isdigit() else previous + 1


def merge_refs(text: str) -> list[str]:
    """The ref of every <mergeCell>, in document order."""
    found = _MERGE.findall(text)
    if len(found) != len(_MERGE_TAG.findall(text)):
        raise ScanRefused
    return [_first_attribute(attrs, ' ref="') or attributes(attrs).get("ref", "") for attrs, _ in found]


def _first_attribute(attrs: str, head: str) -> str | None:
    """The value of the attribute ``head`` (' name="') when it comes first and needs no
    normalising (the usual <row r="12" …>, <mergeCell ref="A1:B2"/>); else None."""
    if attrs.startswith(head):
        value = attrs[len(head):attrs.index('"', len(head))]
        if "&" not in value and "\t" not in value and "\n" not in value:
            return value
    return None


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
