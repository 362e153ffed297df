"""Reading an XML part with regular expressions over its text, where walking an element tree
in Python costs several times more: the pieces shared by the sheet scan
(evalxl.reader.sheet_scan) and the shared-string table (evalxl.package).

A part is scanned only after libxml2 found it well-formed (zip_guard.well_formed), so the
expressions may rely on well-formedness: every tag closed, quotes balanced, only the five
predefined entities and character references. What they would not read exactly as lxml
does — a comment, CDATA, a processing instruction, the main namespace bound to a prefix or
redeclared, an encoding other than UTF-8 — raises ScanRefused, and the caller parses the
part as a tree instead.
"""

from __future__ import annotations

import re

# the attributes of a start tag in a well-formed part: no "<", ">" or "/" outside quotes
# (unrolled: one way to match each character, so no backtracking blow-up)
ATTRS = r"([^<>\"'/]*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"'/]*)*)"
_ATTR = re.compile(r"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


_PROLOG_ENCODING = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")
_ROOT = re.compile(rf"<[^?!][^\s/>]*{ATTRS}/?>")
_DEFAULT_NS = re.compile(r"xmlns\s*=")  # may count more than the declarations: then refused
_REF = re.compile(r"&(?:#x([0-9a-fA-F]+);|#([0-9]+);|(amp|lt|gt|quot|apos);)")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class ScanRefused(Exception):
    """The part has a shape the expressions do not read exactly: read it as a tree."""


def part_text(data: bytes, namespace: str) -> str:
    """The text of a well-formed part, line ends normalised as an XML parser does; refused
    when it holds what the expressions do not read (see the module's doc)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScanRefused from exc
    start = 0
    if text.startswith("<?xml"):
        m = _PROLOG_ENCODING.match(text)
        if m and m.group(1).lower() not in ("utf-8", "utf8"):
            raise ScanRefused
        start = text.find("?>") + 2  # the prolog's values hold no "<" nor "?>": another PI starts after it
    if _holds(text, "<?", start) or _holds(text, "<!"):  # a PI; a comment or CDATA (a DTD was refused before)
        raise ScanRefused
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # every unprefixed element in ``namespace``, and no prefix bound to it
    root = _ROOT.search(text)
    if (root is None or text.count(namespace) != 1 or len(_DEFAULT_NS.findall(text)) != 1
            or attributes(root.group(1)).get("xmlns") != namespace):
        raise ScanRefused
    return text


def _holds(text: str, mark: str, start: int = 0) -> bool:
    """``mark in text[start:]``, its rare second character looked for first: "<" is in
    every tag, so a search for the pair stops at each of them."""
    return text.find(mark[1], start) >= 0 and text.find(mark, start) >= 0


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


# The shared-string table: each <si>'s text (a lone <t>, the usual case, or its inner text);
# inside one, its <t>s and <rPh> phonetic runs (their <t>s are left out), or a <t> or
# <rPh> holding what the expressions do not read.
_SI = re.compile(rf"<si(?=[\s/>]){ATTRS}(?:/>|><t>([^<]*)</t></si>|><t xml:space=\"preserve\">([^<]*)</t></si>"
                 r"|>([^<]*(?:<(?!/si[\s>])[^<]*)*)</si\s*>)")
_SI_TAG = re.compile(r"<si[\s/>]")
_RUNS = re.compile(rf"<rPh(?=[\s/>]){ATTRS}(?:/>|>([^<]*(?:<(?!/rPh[\s>])[^<]*)*)</rPh\s*>)"
                   rf"|<t(?=[\s/>]){ATTRS}(?:/>|>([^<]*)</t\s*>)|(<t(?=[\s/>])|<rPh(?=[\s/>]))")
_PHONETIC = re.compile(rf"(?:\s*<t(?=[\s/>]){ATTRS}(?:/>|>[^<]*</t\s*>))*\s*")


def shared_strings(text: str) -> list[str]:
    """XlsxPackage.shared_strings over the part's text: each <si>'s <t>s joined, but for
    those of a phonetic run (<rPh>), the ones a tree's reader leaves out."""
    found = _SI.findall(text)
    # "<si" counts at least the <si> tags: when it counts no more than the items, no regex is needed
    if text.count("<si") != len(found) and len(found) != len(_SI_TAG.findall(text)):
        raise ScanRefused  # an <si> inside an <si>
    return [unescape(lone or kept) if lone or kept else _runs_text(inner) if inner else ""
            for _, lone, kept, inner in found]


def _runs_text(inner: str) -> str:
    parts = []
    for _, phonetic, _, text, other in _RUNS.findall(inner):
        if other or (phonetic and not _PHONETIC.fullmatch(phonetic)):
            raise ScanRefused  # a <t> holding an element, or an <rPh> holding more than <t>s
        if text:
            parts.append(unescape(text))
    return "".join(parts)
