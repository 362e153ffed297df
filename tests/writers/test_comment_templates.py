"""A sheet without notes gets its comments part from a template (issue 18); a sheet with
notes has its part extended as a tree. For the same notes both give the same bytes."""

from __future__ import annotations

from evalxl.writers import xmlutil
from evalxl.writers.comments import SheetNotes

TEXTS = ["原填报 9.6；应为 10：满分", " lead", "a\nb", "a\r\nb", 'x & y <z> "q"', "_x0041_", "ctl\x01end", "two  spaces"]
REFS = ["H15", "A1", "AA3", "B2", "H9", "C100", "Z1", "A2"]


def _notes() -> SheetNotes:
    notes = SheetNotes(None, "xl/worksheets/sheet1.xml", None)  # neither path reads the package
    for ref, text in zip(REFS, TEXTS):
        notes.add(ref, text)
    return notes


def test_the_template_writes_what_the_tree_serialises():
    notes = _notes()
    root, tree_need = notes._comments(None)
    data, need = notes._new_comments()
    assert data == xmlutil.serialize(root)
    # every note needs a shape, in row-then-column order: A1 Z1 A2 B2 AA3 H9 H15 C100
    assert [n.ref for n in need] == [n.ref for n in tree_need] == ["A1", "Z1", "A2", "B2", "AA3", "H9", "H15", "C100"]


def test_the_template_escapes_text_as_excel_stores_it():
    data = _notes()._new_comments()[0].decode("utf-8")
    assert '<comment ref="C100" authorId="0">' in data
    # & < > escaped, CR as a reference, a literal _x0041_ kept by escaping its underscore,
    # a control character as _x0001_, preserve where spaces or breaks matter
    assert "<t>x &amp; y &lt;z&gt; \"q\"</t>" in data
    assert '<t xml:space="preserve">a&#13;\nb</t>' in data
    assert "<t>_x005F_x0041_</t>" in data
    assert "<t>ctl_x0001_end</t>" in data
    assert '<t xml:space="preserve"> lead</t>' in data and '<t xml:space="preserve">two  spaces</t>' in data
