"""XML helpers shared by the package writers: the hardened parser, serialisation the way
Excel writes a part, a tokenizer that finds the top-level elements of a byte range without
parsing it, and the escaping Excel applies to cell text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..package import HARDENED_PARSER, NS_MAIN, NS_PKG_REL, NS_REL, refuse_dtd  # noqa: F401 (re-exported)

NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_XML = "http://www.w3.org/XML/1998/namespace"
REL_COMMENTS = NS_REL + "/comments"
REL_VML = NS_REL + "/vmlDrawing"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_CALC_CHAIN = NS_REL + "/calcChain"

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def parser() -> etree.XMLParser:
    """The package's hardened parser: no entity resolution, no network, no DTD."""
    return HARDENED_PARSER


def parse(data: bytes, part: str = "part") -> etree._Element:
    refuse_dtd(data, part)
    return etree.fromstring(data, HARDENED_PARSER)


def insert_in_order(root: etree._Element, el: etree._Element, order: list[str],
                    before_alternate: bool = False) -> etree._Element:
    """Put a new child where the schema's element order wants it: before the first child
    that must come after it, else at the end. ``before_alternate``: an mc:AlternateContent
    counts as later (in styles.xml it holds the extensions at the end; in workbook.xml it
    stands near the top, and must not)."""
    later = order[order.index(local_name(el.tag)) + 1:]
    for child in root:
        if local_name(child.tag) in later or (before_alternate and local_name(child.tag) == "AlternateContent"):
            child.addprevious(el)
            break
    else:
        root.append(el)
    return el


def serialize(root: etree._Element) -> bytes:
    """A whole part as Excel writes it: UTF-8, standalone="yes", declaration on its own line."""
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return XML_DECLARATION + body


def q(local: str, ns: str = NS_MAIN) -> str:
    return f"{{{ns}}}{local}"


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def shape(el: etree._Element) -> tuple:
    """What an element says, whatever its prefixes and namespace declarations: tag,
    attributes, text and children (comments and processing instructions left out)."""
    text = el.text
    return (
        el.tag,
        tuple(sorted(el.items())),
        text.strip() if text else "",
        tuple([shape(c) for c in el.iterchildren(etree.Element)]),
    )


# --------------------------------------------------------------------------- text escaping

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def excel_text(text: str) -> str:
    """Cell text as Excel stores it: a literal ``_x0041_`` keeps its underscore escaped
    (``_x005F_``), characters XML cannot hold become ``_xHHHH_``."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _INVALID_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def set_text(el: etree._Element, text: str) -> None:
    """Text of a ``<t>`` element, with xml:space="preserve" where spaces or breaks need it."""
    el.text = excel_text(text)
    if needs_preserve(text):
        el.set(q("space", NS_XML), "preserve")


def needs_preserve(text: str) -> bool:
    """Whether a ``<t>`` holding ``text`` needs xml:space="preserve" (spaces or breaks matter)."""
    return text != text.strip() or "\n" in text or "  " in text


def escape_text(text: str) -> str:
    """Element text as lxml writes it (\r as a reference: a parser reads a bare one as a line end)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attr(text: str) -> str:
    """An attribute value (in double quotes) as lxml writes it."""
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def t_element(text: str) -> str:
    """A ``<t>`` as text, exactly as ``set_text`` and lxml would write it (the main
    namespace being the default one)."""
    space = ' xml:space="preserve"' if needs_preserve(text) else ""
    return f"<t{space}>{escape_text(excel_text(text))}</t>"


# --------------------------------------------------------------------------- tokenizer

# A start tag's attributes, up to its unquoted "/>" or ">" (quote-aware, so a ">" inside a
# value does not end the tag): what the lazy ((?:[^>"']|"[^"]*"|'[^']*')*?) matches,
# unrolled (runs of plain bytes taken at once, one way to match each byte) so a tag costs a
# few steps, not a step per byte.
ATTRS = rb"""([^>"'/]*(?:(?:"[^"]*"|'[^']*'|/(?!>))[^>"'/]*)*)"""

# A start tag, an end tag, or something to skip (comment, processing instruction, CDATA).
_TOKEN = re.compile(
    rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>"
    rb"|<(/?)([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)" + ATTRS + rb"(/?)>",
    re.S,
)


@dataclass(frozen=True)
class Span:
    name: str  # local name
    start: int
    end: int  # exclusive: just after the end tag (or the self-closing tag)
    start_tag_end: int  # just after the start tag
    self_closing: bool


def top_level(data: bytes, start: int, end: int) -> list[Span]:
    """The elements that begin at depth 0 within data[start:end] (which must hold whole
    elements, e.g. the children of <worksheet> after </sheetData>)."""
    out: list[Span] = []
    depth = 0
    open_name = ""
    open_start = open_tag_end = 0
    pos = start
    while True:
        m = _TOKEN.search(data, pos, end)
        if m is None:
            break
        pos = m.end()
        if m.group(2) is None:
            continue  # comment, PI, CDATA
        closing, qname, selfclose = m.group(1), m.group(2), m.group(4)
        name = qname.decode("ascii", "replace").rsplit(":", 1)[-1]
        if closing:
            depth -= 1
            if depth == 0:
                out.append(Span(open_name, open_start, m.end(), open_tag_end, False))
            elif depth < 0:
                break  # the end tag of the enclosing element: the range is over
            continue
        if selfclose:
            if depth == 0:
                out.append(Span(name, m.start(), m.end(), m.end(), True))
            continue
        if depth == 0:
            skip = _skip_to_end(data, qname, m.end(), end)
            if skip is not None:  # 2 000 <mergeCell/> jumped over, not tokenized
                out.append(Span(name, m.start(), skip, m.end(), False))
                pos = skip
                continue
            open_name, open_start, open_tag_end = name, m.start(), m.end()
        depth += 1
    return out


def _skip_to_end(data: bytes, qname: bytes, body: int, end: int) -> int | None:
    """Just after the end tag of an element whose content starts at ``body``, found by
    search: when nothing between holds an element of the same name, a comment, CDATA or
    a processing instruction (in well-formed XML no attribute or text holds a "<"), the
    first end tag of that name is its own. None when only the tokenizer can tell."""
    close = b"</" + qname + b">"
    found = data.find(close, body, end)
    if found < 0:
        return None
    inner = data[body:found]
    if b"<!" in inner or b"<?" in inner or re.search(b"<" + re.escape(qname) + rb"[\s/>]", inner):
        return None
    return found + len(close)


def first_start_tag(data: bytes, start: int = 0) -> re.Match | None:
    """The first start tag at or after ``start`` (skipping the declaration and comments)."""
    for m in _TOKEN.finditer(data, start):
        if m.group(2) is not None and not m.group(1):
            return m
    return None


_XMLNS = re.compile(rb"""\sxmlns(?::[\w.\-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""")


def ns_declarations(start_tag: bytes) -> bytes:
    """The xmlns attributes of a start tag, as bytes ready to put in another start tag."""
    return b"".join(m.group(0) for m in _XMLNS.finditer(start_tag))


def prefix_of(qname: bytes | str) -> str:
    """"x:worksheet" -> "x:", "worksheet" -> ""."""
    if isinstance(qname, bytes):
        qname = qname.decode("ascii", "replace")
    return qname.rsplit(":", 1)[0] + ":" if ":" in qname else ""
