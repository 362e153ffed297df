"""The top-level elements of a byte range (a sheet's tail): an element is jumped over to
its end tag by search when that is surely its own (issue 18), else tokenized."""

from __future__ import annotations

from evalxl.writers import xmlutil

MERGES = b'<mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/></mergeCells>'
NESTED = b"<a><a/><a>x</a></a>"  # the first </a> is the inner one's
COMMENTED = b"<b><!-- </b> --><i/></b>"  # the first </b> is in a comment
DATA = MERGES + NESTED + COMMENTED + b'<c x="1"/>'


def test_each_element_ends_at_its_own_end_tag_by_either_path():
    spans = xmlutil.top_level(DATA, 0, len(DATA))
    a, b = len(MERGES), len(MERGES) + len(NESTED)
    c = b + len(COMMENTED)
    assert [(s.name, s.start, s.end, s.self_closing) for s in spans] == [
        ("mergeCells", 0, a, False), ("a", a, b, False), ("b", b, c, False), ("c", c, len(DATA), True)]
    assert spans[0].start_tag_end == len(b'<mergeCells count="2">')


def test_only_an_end_tag_that_is_surely_the_elements_own_is_searched():
    assert xmlutil._skip_to_end(DATA, b"mergeCells", 22, len(DATA)) == len(MERGES)
    assert xmlutil._skip_to_end(DATA, b"a", len(MERGES) + 3, len(DATA)) is None  # an <a> inside
    b = len(MERGES) + len(NESTED)
    assert xmlutil._skip_to_end(DATA, b"b", b + 3, len(DATA)) is None  # a comment inside
