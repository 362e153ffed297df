"""Shortcuts the corrected copy takes for speed (issue 18, round 2), each checked against
the slower general path it stands in for."""

from __future__ import annotations

import posixpath
import re

import pytest

from evalxl.writers.xlsx_patch import relative_target


@pytest.mark.parametrize("owner, target", [
    ("xl/workbook.xml", "xl/worksheets/sheet1.xml"),  # down one folder: worksheets/sheet1.xml
    ("xl/worksheets/sheet1.xml", "xl/comments1.xml"),  # up one: ../comments1.xml
    ("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml"),  # across: ../drawings/vmlDrawing1.vml
    ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"),  # beside: sheet2.xml
    ("workbook.xml", "styles.xml"),  # a package without folders: styles.xml
    ("xl/workbook.xml", "docProps/app.xml"),  # out of xl: ../docProps/app.xml
    ("xl/a/b/c.xml", "xl/a/b"),  # the owner's own folder: .
    ("xl/./worksheets//sheet1.xml", "xl/x/./y.xml"),  # names normpath tidies
    ("xl/worksheets/sheet1.xml", "../outside.xml"),  # what only relpath decides
    ("xl/worksheets/sheet1.xml", "/xl/abs.xml"),
])
def test_relative_target_is_posixpath_relpath(owner, target):
    assert relative_target(owner, target) == posixpath.relpath(target, posixpath.dirname(owner) or ".")


def test_relative_target_by_hand():
    # worked out by hand: from xl/worksheets/ to xl/comments1.xml is one folder up
    assert relative_target("xl/worksheets/sheet1.xml", "xl/comments1.xml") == "../comments1.xml"
    assert relative_target("xl/workbook.xml", "xl/worksheets/sheet9.xml") == "worksheets/sheet9.xml"


def test_content_types_found_by_index_as_by_a_scan():
    """ContentTypes looks entries up in an index built once: the first of a repeated name
    (any case) answers, a removal uncovers the next one, new entries are found."""
    from evalxl.writers.xlsx_patch import ContentTypes

    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    data = (f'<Types xmlns="{ns}"><Default Extension="XML" ContentType="application/xml"/>'
            '<Override PartName="/xl/A.xml" ContentType="first"/>'
            '<Override PartName="/xl/a.xml" ContentType="second"/></Types>').encode()
    ct = ContentTypes(data)
    assert ct.has("xl/a.xml") and ct.has("xl/other.xml")  # an override; the xml default
    assert not ct.has("xl/media/image1.png")
    ct.override("xl/a.xml", "first")  # the first entry already says so: nothing changes
    assert not ct.changed
    ct.remove_override("xl/a.xml")  # removes "first"; "second" now answers
    assert ct.has("xl/a.xml")
    ct.override("xl/a.xml", "second")
    assert ct.changed
    ct.remove_override("xl/a.xml")
    assert not ct.has("xl/a.xml.png") and not ct._find("Override", "PartName", "/xl/a.xml")
    ct.override("xl/new.xml", "third")
    ct.default("png", "image/png")
    assert ct.has("xl/media/image1.PNG") and ct._find("Override", "PartName", "/XL/NEW.XML").get("ContentType") == "third"
    out = ct.to_bytes().decode()
    # by hand: the default goes after the last Default, the override at the end
    assert out.index('Extension="png"') < out.index('PartName="/xl/new.xml"')
    assert "first" not in out and "second" not in out


def test_atomic_temp_name_taken_by_a_leftover_is_skipped_not_overwritten(tmp_path, monkeypatch):
    """atomic_path names its temp file by process id and a counter (no mkstemp): a file
    already there under the next name (a killed run's, same pid) is left alone and the
    following name used; the output lands under its final name, no temp file is left."""
    import itertools
    import os

    from evalxl import atomic

    monkeypatch.setattr(atomic, "_SERIAL", itertools.count(7))
    leftover = tmp_path / f"{atomic.TMP_PREFIX}{os.getpid()}-7.xlsx"
    leftover.write_bytes(b"a killed run's")
    with atomic.atomic_path(tmp_path / "out.xlsx") as tmp:
        assert tmp.name == f"{atomic.TMP_PREFIX}{os.getpid()}-8.xlsx"
        tmp.write_bytes(b"copy")
    assert (tmp_path / "out.xlsx").read_bytes() == b"copy"
    assert leftover.read_bytes() == b"a killed run's"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([leftover.name, "out.xlsx"])


def test_atomic_file_writes_through_the_temp_file_it_created_and_renames_it(tmp_path):
    """atomic_file hands over the temp file it created, open (not reopened by name): what
    is written lands under the final name with a new file's mode; a writer that fails
    leaves neither the temp file nor a file under the final name."""
    import os
    import stat

    from evalxl import atomic

    with atomic.atomic_file(tmp_path / "sub" / "out.xlsx") as fh:
        fh.write(b"copy")
        [temp] = list((tmp_path / "sub").iterdir())
        assert temp.name.startswith(atomic.TMP_PREFIX)
    assert (tmp_path / "sub" / "out.xlsx").read_bytes() == b"copy"
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["out.xlsx"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "sub" / "out.xlsx").stat().st_mode) == 0o666 & ~umask
    with pytest.raises(RuntimeError), atomic.atomic_file(tmp_path / "bad.xlsx") as fh:
        fh.write(b"half")
        raise RuntimeError("writer failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"]


_LAZY_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*?)"""  # the writers' pattern before issue 18's round 3


@pytest.mark.parametrize("tag", [b"row", b"c", b"sheetData"])
def test_unrolled_attributes_pattern_finds_what_the_lazy_one_found(tag):
    """xmlutil.ATTRS (unrolled: sheet_xml's rows and cells, the tokenizer) finds the very rows, cells and sheetData the lazy
    pattern it replaced found, with the same groups: on every sample's sheets and on
    tags with a quoted ">" or "/>", a "/" inside an attribute, a self-closing tag, an
    unterminated quote and a tag cut off at the end."""
    import zipfile

    from corrected_kit import SAMPLES

    from evalxl.writers.xmlutil import ATTRS as _ATTRS

    tail = rb"(?:/>|>.*?</c>)" if tag == b"c" else rb"(/?)>"
    new, old = (re.compile(rb"<" + tag + rb"(?=[\s/>])" + attrs + tail, re.S) for attrs in (_ATTRS, _LAZY_ATTRS))
    crafted = (b'<' + tag + b' r="1" a="x>y" b=\'/>\' c="a/b"/><' + tag + b' r="2" d="1/2">1</c></' + tag
               + b'><' + tag + b' r="3"/ ><' + tag + b' r="4" e="open><' + tag + b' r="5"><v>2</v></c><' + tag + b' r="6" f="')
    texts = [crafted]
    for book in sorted(SAMPLES.glob("*.xls[xm]")):
        with zipfile.ZipFile(book) as z:
            texts += [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    assert len(texts) > 5
    for data in texts:
        found = [(m.span(), m.groups()) for m in new.finditer(data)]
        assert found == [(m.span(), m.groups()) for m in old.finditer(data)]
    assert [m.group(1) for m in new.finditer(crafted)][:2] == [b' r="1" a="x>y" b=\'/>\' c="a/b"', b' r="2" d="1/2"']


def test_tokenizer_with_unrolled_attributes_splits_parts_as_the_lazy_one_did(monkeypatch):
    """xmlutil's tokenizer (first_start_tag, top_level) with the unrolled attributes gives
    the spans the lazy pattern gave, over every sample's worksheet, workbook and styles
    part and a crafted tail with a quoted ">" and "/>", a comment and CDATA."""
    import zipfile

    from corrected_kit import SAMPLES

    from evalxl.writers import xmlutil

    lazy = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>"
                      rb"|<(/?)([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)" + _LAZY_ATTRS + rb"(/?)>", re.S)
    crafted = (b'<?xml version="1.0"?><!-- <a> --><x:ws xmlns:x="u" a="1>2"><x:sheetData/>'
               b'<x:hyperlinks><x:hyperlink ref="A1" location="\'S/>\'!A1"/></x:hyperlinks>'
               b'<![CDATA[<b>]]><x:extLst a=\'/\'><x:ext/></x:extLst></x:ws>')
    texts = [crafted]
    for book in sorted(SAMPLES.glob("*.xls[xm]")):
        with zipfile.ZipFile(book) as z:
            texts += [z.read(n) for n in z.namelist() if n.endswith(".xml")]
    assert len(texts) > 10

    def tokens():
        out = []
        for data in texts:
            root = xmlutil.first_start_tag(data)
            out.append((root.span(), root.groups()) if root else None)
            if root:
                close = data.rfind(b"</")
                out.append(xmlutil.top_level(data, root.end(), close if close > root.end() else len(data)))
        return out

    unrolled = tokens()
    monkeypatch.setattr(xmlutil, "_TOKEN", lazy)
    assert unrolled == tokens()
    assert [s.name for s in unrolled[1]] == ["sheetData", "hyperlinks", "extLst"]


def test_atomic_output_folder_made_when_missing_and_a_file_in_its_way_raises_as_mkdir_did(tmp_path):
    """The temp file is created first and its folder made only when that fails: a
    missing folder (two levels) is made; a file where the folder should be raises
    FileExistsError, what mkdir(parents=True, exist_ok=True) raised before the change."""
    from evalxl import atomic

    with atomic.atomic_file(tmp_path / "a" / "b" / "out.xlsx") as fh:
        fh.write(b"x")
    assert (tmp_path / "a" / "b" / "out.xlsx").read_bytes() == b"x"
    (tmp_path / "file").write_bytes(b"")
    for make in (atomic.atomic_file, atomic.atomic_path):
        with pytest.raises(FileExistsError), make(tmp_path / "file" / "out.xlsx"):
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "file"]


def _old_font(self, style):
    """Styles._font before issue 18's round 3: the workbook's first font copied in its own
    tree (namespaces and tail come along), edited, then looked for or appended."""
    import copy as copy_module

    from lxml import etree

    from evalxl.writers import xmlutil
    from evalxl.writers.xmlutil import q

    kind = (style.bold, style.size, style.link)
    if kind not in self._fonts:
        fonts = self._entries("fonts")
        font = copy_module.deepcopy(fonts[0]) if fonts else etree.Element(q("font"))
        drop = {"b"} | ({"u", "color"} if style.link else set()) | ({"sz"} if style.size else set())
        for child in list(font):
            if xmlutil.local_name(child.tag) in drop:
                font.remove(child)
        if style.bold:
            font.insert(0, etree.Element(q("b")))
        if style.link:
            font.insert(0, etree.Element(q("u")))
            color = etree.Element(q("color"))
            color.set("rgb", "FF0563C1")
            font.append(color)
        if style.size:
            sz = etree.Element(q("sz"))
            sz.set("val", f"{style.size:g}")
            font.insert(0, sz)
        self._fonts[kind] = self._add("fonts", font)
    return self._fonts[kind]


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STYLES_CASES = [
    # pretty-printed, the default namespace, a bold underlined coloured first font
    (f'<styleSheet xmlns="{_MAIN}" xmlns:x14ac="urn:x14ac">\n  <fonts count="2">\n    <font><b/><u/><sz val="11"/>'
     '<color theme="1"/><name val="宋体"/></font>\n    <font><sz val="14"/><name val="黑体"/></font>\n  </fonts>\n'
     '  <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs>\n</styleSheet>'),
    # a prefixed namespace, a comment in the font, the review's bold 14-point font there already
    (f'<x:styleSheet xmlns:x="{_MAIN}"><x:fonts count="2"><x:font><!-- c --><x:sz val="11"/><x:name val="Arial"/>'
     '</x:font><x:font><x:sz val="14"/><x:b/><x:name val="Arial"/></x:font></x:fonts><x:fills count="0"/>'
     '<x:cellXfs count="0"/></x:styleSheet>'),
    # no fonts at all
    f'<styleSheet xmlns="{_MAIN}"><cellXfs count="0"/></styleSheet>',
]


@pytest.mark.parametrize("data", _STYLES_CASES)
def test_review_fonts_from_a_prototype_are_the_fonts_copied_from_the_workbook(data, monkeypatch):
    """The review's fonts come from a prototype made once per default font (_font_proto):
    styles.xml comes out byte for byte as when each workbook's first font was copied in
    its own tree, with the same style ids, whatever its namespaces, text between elements
    or comments; a second workbook with the same default font reuses the prototype."""
    from evalxl.writers import review_sheet
    from evalxl.writers.styles import Styles

    raw = data.encode()
    new = Styles(raw)
    ids = review_sheet._make_styles(new)
    again = Styles(raw)
    assert review_sheet._make_styles(again) == ids and again.to_bytes() == new.to_bytes()
    monkeypatch.setattr(Styles, "_font", _old_font)
    old = Styles(raw)
    assert review_sheet._make_styles(old) == ids
    assert new.to_bytes() == old.to_bytes()
