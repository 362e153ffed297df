"""The surgical edits of the corrected copy on sheet XML no library writes for us: a
prefixed namespace, missing cells and rows, shared formulas, a formula that is itself
wrong, a formula without a cached value, notes on a sheet that had none, an existing note
on a corrected cell. Each package is written part by part (corrected_kit.raw_book)."""

from __future__ import annotations

import re

import openpyxl
import pytest
import xlsxwriter

from corrected_kit import NS, cached, cells, formula, parts, raw_book, xf_fill_rgb, xml
from evalxl.findings import Finding, Fix, Severity
from evalxl.writers.corrected import write_corrected

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def fix(cell: str, value, fmt=None, message=None, sheet="表1", code="I001") -> Finding:
    message = message or f"{cell} 得分填报有误，应为 {value}：测试原因"
    return Finding(code, Severity.ERROR, message, sheet=sheet, cell=cell, fix=Fix(cell, value, fmt))


def corrected(tmp_path, sheet_xml: str, findings, **kw):
    src = raw_book(tmp_path / "in.xlsx", sheet_xml, **kw)
    out = tmp_path / "out.xlsx"
    write_corrected(src, out, findings, source_format="xlsx")
    return src, out, parts(out)


def sheet_of(p) -> bytes:
    return p["xl/worksheets/sheet1.xml"]


def test_a_prefixed_namespace_is_kept_and_new_elements_use_it(tmp_path):
    sheet = (HEAD + f'<x:worksheet xmlns:x="{MAIN}" xmlns:r="{REL}"><x:sheetData>'
             '<x:row r="1"><x:c r="A1"><x:v>9.6</x:v></x:c><x:c r="B1"><x:f>A1*2</x:f><x:v>19.2</x:v></x:c></x:row>'
             "</x:sheetData></x:worksheet>")
    src, out, p = corrected(tmp_path, sheet, [fix("A1", 10)])
    data = sheet_of(p)
    assert b"<x:c r=\"A1\" s=\"3\"><x:v>10</x:v></x:c>" in data
    assert b"<x:c r=\"B1\"><x:f>A1*2</x:f><x:v>20</x:v></x:c>" in data
    assert b"<x:legacyDrawing r:id=" in data and b"xmlns=" not in data
    ws = openpyxl.load_workbook(out, data_only=True)["表1"]
    assert (ws["A1"].value, ws["B1"].value) == (10, 20)


def test_missing_cells_and_rows_are_inserted_in_order(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><dimension ref="A1:C4"/><sheetData>'
             '<row r="1" spans="1:3"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row>'
             '<row r="2" spans="1:3"/>'
             '<row r="4" spans="1:3"><c r="A4"><v>4</v></c></row>'
             "</sheetData></worksheet>")
    src, out, p = corrected(tmp_path, sheet, [fix("B1", 2), fix("B2", 5), fix("D3", 7), fix("E6", 8)])
    root = xml(sheet_of(p))
    rows = [(r.get("r"), r.get("spans"), [c.get("r") for c in r]) for r in root.iter(f"{{{MAIN}}}row")]
    assert rows == [("1", "1:3", ["A1", "B1", "C1"]), ("2", "1:3", ["B2"]), ("3", None, ["D3"]),
                    ("4", "1:3", ["A4"]), ("6", None, ["E6"])]
    assert root.find("m:dimension", NS).get("ref") == "A1:E6"
    ws = openpyxl.load_workbook(out)["表1"]
    assert [ws[a].value for a in ("A1", "B1", "C1", "B2", "D3", "A4", "E6")] == [1, 2, 3, 5, 7, 4, 8]


def test_an_empty_sheet_data_gets_its_row(tmp_path):
    sheet = HEAD + f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'
    src, out, p = corrected(tmp_path, sheet, [fix("B2", 10)])
    assert openpyxl.load_workbook(out)["表1"]["B2"].value == 10


def test_rows_and_cells_without_r_are_found_by_position(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><sheetData>'
             "<row><c><v>1</v></c><c><v>9.6</v></c></row><row><c><f>SUM(A1:B1)</f><v>10.6</v></c></row>"
             "</sheetData></worksheet>")
    src, out, p = corrected(tmp_path, sheet, [fix("B1", 10)])
    ws = openpyxl.load_workbook(out, data_only=True)["表1"]
    assert (ws["A1"].value, ws["B1"].value, ws["A2"].value) == (1, 10, 11)


def test_text_becomes_a_number_and_a_text_format_becomes_general(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
             '<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>9.5分</t></is></c>'
             '<c r="C1" s="2"><v>1</v></c><c r="D1"><f>SUM(A1:C1)</f><v>1</v></c>'
             "</row></sheetData></worksheet>")
    findings = [fix("A1", 10, "General", message="A1 资金得分填成了百分比 100%，应为分数 10：执行率 100%"),
                fix("B1", 9.5), fix("C1", 0.9, "0.00%")]
    src, out, p = corrected(tmp_path, sheet, findings, strings=["100%"])
    c = cells(sheet_of(p))
    assert (c["A1"].get("t"), cached(c["A1"])) == (None, "10")
    assert (c["B1"].get("t"), c["B1"].find("m:is", NS), cached(c["B1"])) == (None, None, "9.5")
    assert cached(c["D1"]) == "20.4"  # 10 + 9.5 + 0.9: the text no longer drops out of the SUM
    styles = xml(p["xl/styles.xml"])
    xfs = styles.find("m:cellXfs", NS)
    assert xfs[int(c["A1"].get("s"))].get("numFmtId") == "0"
    assert xfs[int(c["C1"].get("s"))].get("numFmtId") == "10"  # 0.00%
    assert p["xl/sharedStrings.xml"] == parts(src)["xl/sharedStrings.xml"]
    note = "".join(t.text for t in xml(p["xl/comments1.xml"]).iter(f"{{{MAIN}}}t") if "100%" in (t.text or ""))
    assert note.startswith("原填报 100%；应为 10：执行率 100%")


def test_a_wrong_formula_is_replaced_by_the_value_and_the_calc_chain_goes(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1"><v>5</v></c><c r="A2"><v>4.6</v></c></row>'
             '<row r="3"><c r="A3"><f>SUM(A1:A2)+0.5</f><v>10.1</v></c></row>'
             '<row r="4"><c r="A4"><f>A3*10</f><v>101</v></c></row>'
             "</sheetData></worksheet>")
    chain = HEAD + f'<calcChain xmlns="{MAIN}"><c r="A3" i="1"/><c r="A4"/></calcChain>'
    src, out, p = corrected(
        tmp_path, sheet, [fix("A3", 9.6, message="A3 总分填报 10.1，应为 9.6：测试")],
        extra={"xl/calcChain.xml": chain},
        overrides={"/xl/calcChain.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"},
        workbook_rels_extra='<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>',
    )
    c = cells(sheet_of(p))
    assert formula(c["A3"]) is None and cached(c["A3"]) == "9.6"  # 5 + 4.6 + 0.5 = 10.1 ≠ 9.6: the formula was wrong
    assert formula(c["A4"]) == "A3*10" and cached(c["A4"]) == "96"  # depends on it: recomputed
    assert "xl/calcChain.xml" not in p
    assert b"calcChain" not in p["[Content_Types].xml"] and b"calcChain" not in p["xl/_rels/workbook.xml.rels"]
    note = "".join(t.text for t in xml(p["xl/comments1.xml"]).iter(f"{{{MAIN}}}t"))
    assert "原公式 =SUM(A1:A2)+0.5 的计算结果与复核值不符，已改为数值" in note


def test_a_shared_formula_losing_its_master_gives_its_cells_their_own(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><f t="shared" ref="C1:C3" si="0">A1+B1</f><v>3</v></c></row>'
             '<row r="2"><c r="A2"><v>3</v></c><c r="B2"><v>4</v></c><c r="C2"><f t="shared" si="0"/><v>7</v></c></row>'
             '<row r="3"><c r="A3"><v>5</v></c><c r="B3"><v>6</v></c><c r="C3"><f t="shared" si="0"/><v>11</v></c></row>'
             "</sheetData></worksheet>")
    src, out, p = corrected(tmp_path, sheet, [fix("C1", 4), fix("B3", 7)])
    c = cells(sheet_of(p))
    assert formula(c["C1"]) is None and cached(c["C1"]) == "4"
    assert (formula(c["C2"]), c["C2"].find("m:f", NS).attrib) == ("A2+B2", {})
    assert (formula(c["C3"]), cached(c["C3"])) == ("A3+B3", "12")  # 5 + 7
    ws = openpyxl.load_workbook(out)["表1"]
    assert (ws["C2"].value, ws["C3"].value) == ("=A2+B2", "=A3+B3")


def test_a_shared_formula_dependent_is_evaluated_translated(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B2" si="3">A1*10</f><v>10</v></c></row>'
             '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="3"/><v>20</v></c></row>'
             "</sheetData></worksheet>")
    src, out, p = corrected(tmp_path, sheet, [fix("A2", 3)])
    c = cells(sheet_of(p))
    assert cached(c["B2"]) == "30" and c["B2"].find("m:f", NS).get("si") == "3"
    assert cached(c["B1"]) == "10" and sheet_of(p).count(b"<c ") == 4


def test_a_formula_without_a_cached_value_is_filled_only_when_a_finding_agrees(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1"><v>30</v></c><c r="A2"><v>9.5</v></c></row>'
             '<row r="3"><c r="A3"><f>SUM(A1:A2)</f></c><c r="B3"><f>A1*2</f></c></row>'
             "</sheetData></worksheet>")
    notice = Finding("T002", Severity.NOTICE, "A3 总分是公式 =SUM(A1:A2)，文件中没有保存计算结果", sheet="表1", cell="A3",
                     expected=20)
    src, out, p = corrected(tmp_path, sheet, [fix("A1", 10), fix("A2", 10), notice])
    c = cells(sheet_of(p))
    assert cached(c["A3"]) == "20"  # 10 + 10, what the finding says it should be
    assert cached(c["B3"]) is None  # nobody said what it should be: Excel computes it on opening


def test_notes_on_a_sheet_without_any_go_before_table_parts_and_ext_lst(tmp_path):
    src = tmp_path / "in.xlsx"
    book = xlsxwriter.Workbook(str(src))
    ws = book.add_worksheet("表1")
    ws.add_table("A1:B4", {"columns": [{"header": "项目"}, {"header": "得分"}]})
    ws.write_number("B2", 9.6)
    ws.conditional_format("B2:B4", {"type": "data_bar", "data_bar_2010": True})
    ws.set_header("&C页眉")
    book.close()
    out = tmp_path / "out.xlsx"
    write_corrected(src, out, [fix("B2", 10)], source_format="xlsx")
    p = parts(out)
    order = [re.sub(r"\{.*\}", "", el.tag) for el in xml(p["xl/worksheets/sheet1.xml"])]
    i = order.index("legacyDrawing")
    assert order[i - 1] == "headerFooter" and order[i + 1:] == ["tableParts", "extLst"]
    rels = {r.get("Type").rsplit("/", 1)[-1]: r.get("Target") for r in xml(p["xl/worksheets/_rels/sheet1.xml.rels"])}
    assert rels["comments"] == "../comments1.xml" and rels["vmlDrawing"] == "../drawings/vmlDrawing1.vml"
    assert rels["table"] == "../tables/table1.xml"
    ct = p["[Content_Types].xml"]
    assert b'PartName="/xl/comments1.xml"' in ct and b'Extension="vml"' in ct
    assert openpyxl.load_workbook(out)["表1"]["B2"].comment.text.startswith("原填报")


def test_a_note_already_on_the_cell_is_kept_and_evalxls_own_is_replaced(tmp_path):
    src = tmp_path / "in.xlsx"
    book = xlsxwriter.Workbook(str(src))
    ws = book.add_worksheet("表1")
    ws.write_number("B2", 9.6)
    ws.write_comment("B2", "单位说明：按实际填报", {"author": "张三"})
    book.close()
    out = tmp_path / "out.xlsx"
    write_corrected(src, out, [fix("B2", 10)], source_format="xlsx")
    note = openpyxl.load_workbook(out)["表1"]["B2"].comment
    assert note.text.startswith("单位说明：按实际填报\n原填报 9.6；应为 10：")
    assert parts(out)["xl/drawings/vmlDrawing1.vml"].count(b"<v:shape ") == 1  # the cell had its shape

    # a note written by evalxl itself is replaced, not repeated
    sheet_only = tmp_path / "own.xlsx"
    write_corrected(out, sheet_only, [fix("B2", 10)], source_format="xlsx")
    assert openpyxl.load_workbook(sheet_only)["表1"]["B2"].comment.text.count("原填报") == 1


def test_notes_of_two_sheets_get_shapes_with_distinct_ids(tmp_path):
    src = tmp_path / "in.xlsx"
    book = xlsxwriter.Workbook(str(src))
    for name in ("甲", "乙"):
        book.add_worksheet(name).write_number("B2", 9.6)
    book.close()
    out = tmp_path / "out.xlsx"
    write_corrected(src, out, [fix("B2", 10, sheet="甲"), fix("B2", 10, sheet="乙")], source_format="xlsx")
    p = parts(out)
    ids = [set(re.findall(rb"_x0000_s(\d+)", p[n])) for n in p if n.endswith(".vml")]
    assert len(ids) == 2 and not ids[0] & ids[1]
    blocks = [re.search(rb'data="([^"]+)"', p[n]).group(1) for n in p if n.endswith(".vml")]
    assert len(set(blocks)) == 2


def test_a_fix_for_a_sheet_that_is_not_there_is_listed_not_applied(tmp_path):
    sheet = HEAD + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    src, out, p = corrected(tmp_path, sheet, [fix("A1", 2, sheet="没有这张表")])
    assert sheet_of(p) == parts(src)["xl/worksheets/sheet1.xml"]
    ws = openpyxl.load_workbook(out)["审核意见"]
    assert ws["H3"].value is None  # 已更正: no


def test_two_findings_with_one_fix_share_one_note(tmp_path):
    sheet = HEAD + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>30</v></c></row></sheetData></worksheet>'
    findings = [fix("A1", 10, message="A1 得分填报 30，应为 10：超过分值"), fix("A1", 10, code="I002", message="A1 得分填报 30，应为 10：已达标")]
    src, out, p = corrected(tmp_path, sheet, findings)
    text = "".join(t.text for t in xml(p["xl/comments1.xml"]).iter(f"{{{MAIN}}}t"))
    assert text == "原填报 30；应为 10：超过分值；已达标"
    ws = openpyxl.load_workbook(out)["审核意见"]
    assert [ws["H3"].value, ws["H4"].value] == ["是", "是"]


def test_the_highlight_is_one_clone_per_style(tmp_path):
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
             '<c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>2</v></c><c r="C1"><v>3</v></c></row></sheetData></worksheet>')
    src, out, p = corrected(tmp_path, sheet, [fix("A1", 5), fix("B1", 6), fix("C1", 7)])
    c = cells(sheet_of(p))
    assert c["A1"].get("s") == c["B1"].get("s") != c["C1"].get("s")
    for ref in ("A1", "B1", "C1"):
        assert xf_fill_rgb(p["xl/styles.xml"], int(c[ref].get("s"))) == "FFFFFF00"
    xfs = xml(p["xl/styles.xml"]).find("m:cellXfs", NS)
    assert xfs[int(c["A1"].get("s"))].get("numFmtId") == "164"  # the cell's own 0.0 format is kept


def test_every_produced_part_is_well_formed_and_standalone(tmp_path):
    sheet = HEAD + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    src, out, p = corrected(tmp_path, sheet, [fix("A1", 2)])
    for name, data in p.items():
        if name.endswith((".xml", ".rels")):
            xml(data)
            assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'), name


@pytest.mark.parametrize("bad", ["nan", "inf"])
def test_a_non_finite_fix_is_not_written(tmp_path, bad):
    sheet = HEAD + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    src, out, p = corrected(tmp_path, sheet, [fix("A1", float(bad))])
    assert sheet_of(p) == parts(src)["xl/worksheets/sheet1.xml"]


def test_excel_markup_around_the_cells_is_kept_byte_for_byte(tmp_path):
    x14ac = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
    xr = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:mc="{mc}" mc:Ignorable="x14ac xr" '
             f'xmlns:x14ac="{x14ac}" xmlns:xr="{xr}" xr:uid="{{00000000-0001-0000-0000-000000000000}}">'
             '<dimension ref="A1:B1"/><sheetData>'
             '<row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" s="1"><v>9.6</v></c><c r="B1"><f>A1&gt;=10</f><v>0</v></c></row>'
             '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
    src, out, p = corrected(tmp_path, sheet, [fix("A1", 10), fix("C1", 1)])
    data = sheet_of(p).decode("utf-8")
    assert '<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" s="3"><v>10</v></c>' in data
    assert '<c r="B1" t="b"><f>A1&gt;=10</f><v>1</v></c><c r="C1" s="4"><v>1</v></c></row>' in data
    assert '<dimension ref="A1:C1"/>' in data
    # everything outside the edited cells is the unit's bytes
    assert data.startswith(sheet[:sheet.index("<dimension")])
    assert data.endswith('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                         '<legacyDrawing r:id="rId2"/></worksheet>')


def _noted_book(tmp_path, findings):
    """A sheet with a plain-text note (with a phonetic part) on A1, its VML without a
    note shape type."""
    sheet = (HEAD + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData><row r="1"><c r="A1"><v>9.6</v></c>'
             '<c r="B1"><v>4</v></c></row></sheetData><legacyDrawing r:id="rId2"/></worksheet>')
    comments = (HEAD + f'<comments xmlns="{MAIN}"><authors><author>李四</author></authors><commentList>'
                '<comment ref="A1" authorId="0"><text><t>单位备注</t><rPh sb="0" eb="1"><t>x</t></rPh></text></comment>'
                "</commentList></comments>")
    vml = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/>'
           '</o:shapelayout><v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note">'
           "<x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>'
            "</Relationships>")
    return corrected(
        tmp_path, sheet, findings, sheet_rels=rels,
        extra={"xl/comments1.xml": comments, "xl/drawings/vmlDrawing1.vml": vml},
        overrides={"/xl/comments1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"},
    )


def test_a_plain_text_note_becomes_runs_before_its_phonetic_part(tmp_path):
    src, out, p = _noted_book(tmp_path, [fix("A1", 10)])
    text = xml(p["xl/comments1.xml"]).find("m:commentList/m:comment/m:text", NS)
    assert [re.sub(r"\{.*\}", "", c.tag) for c in text] == ["r", "r", "rPh"]
    assert text[0].find("m:t", NS).text == "单位备注"
    assert text[1].find("m:t", NS).text.startswith("\n原填报 9.6；应为 10：")
    assert p["xl/drawings/vmlDrawing1.vml"] == parts(src)["xl/drawings/vmlDrawing1.vml"]  # the note had its shape
    assert b"<legacyDrawing" in sheet_of(p) and sheet_of(p).count(b"<legacyDrawing") == 1


def test_a_drawing_without_a_note_shape_type_gets_one(tmp_path):
    src, out, p = _noted_book(tmp_path, [fix("B1", 5)])
    vml = p["xl/drawings/vmlDrawing1.vml"]
    assert vml.startswith(parts(src)["xl/drawings/vmlDrawing1.vml"][:-len(b"</xml>")])
    assert vml.count(b'<v:shapetype id="_x0000_t202"') == 1 and b'<v:shape id="_x0000_s1026" type="#_x0000_t202"' in vml
    assert b"<x:Row>0</x:Row><x:Column>1</x:Column>" in vml
    assert openpyxl.load_workbook(out)["表1"]["B1"].comment.text.startswith("原填报 4；应为 5")


def test_calcpr_goes_after_book_views_when_workbook_xml_has_alternate_content():
    """Excel's workbook.xml has an mc:AlternateContent near the top (after workbookPr): a new
    calcPr must still go after sheets, not before that block."""
    from lxml import etree

    from evalxl.writers import xmlutil

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    root = etree.fromstring(
        f'<workbook xmlns="{ns}" xmlns:mc="{mc}"><fileVersion/><workbookPr/>'
        f'<mc:AlternateContent><mc:Choice Requires="x15"/></mc:AlternateContent>'
        f'<bookViews/><sheets/><definedNames/></workbook>'.encode())
    order = ["fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
             "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews",
             "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
             "extLst"]
    xmlutil.insert_in_order(root, etree.Element(f"{{{ns}}}calcPr"), order)
    assert [xmlutil.local_name(c.tag) for c in root] == [
        "fileVersion", "workbookPr", "AlternateContent", "bookViews", "sheets", "definedNames", "calcPr"]
