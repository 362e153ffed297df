"""Reading Word documents: every Word table a sheet of the same model, found by the same
labels; merged cells resolved to their anchor; the report's numbers as statements.

Expected values are worked out by hand from the seed tables (as build_samples.py types
them) and the Word layout: row r of a Word table is row r of its grid; a cell's Word place
counts the cells of its row, a merged cell once."""

from __future__ import annotations

import zipfile

import pytest

from evalxl.model import Quantity
from evalxl.reader import UnreadableFile, read_workbook
from evalxl.reader.narrative import number, sentence_statements, statements
from wordkit import REPORT, SEED003, TABLE_ONLY, legacy_doc


@pytest.fixture(scope="module")
def report():
    return read_workbook(REPORT)


def test_the_report_holds_eight_tables_named_as_word_users_find_them(report):
    assert report.format == "docx"
    assert [s.name for s in report.sheets] == [f"表格{i}" for i in range(1, 9)]
    assert [s.word_table for s in report.sheets] == list(range(1, 9))
    assert [t.name for t in report.tables] == [
        "行政运行经费", "三医建设业务经费", "医保信息化建设", "市外医疗保障专项经费", "业务处室管理工作经费",
        "医保医疗救助项目资金支出", "定向不达标人工工资", "病历评审费用项目"]
    # table 2's title lines stand as paragraphs above it: its title and year come from them
    assert report.tables[1].year == 2021 and report.tables[1].title == "项目支出绩效自评表"


def test_table_3_reads_like_its_workbook(report):
    t = report.tables[2]  # seed 001 table 3, layout B: rows 1-2 header line and title
    assert t.project_name.text == "医保信息化建设" and t.department.text == "区医保局"
    total = t.funds.total
    # row 6: 年度资金总额 | 80 | 80 | 10 | 100% (text, a percent where a score is due)
    assert (total.initial_budget.number, total.executed.number, total.weight.number) == (80, 80, 10)
    assert total.score.address == "F6" and total.score.value == Quantity(100, "%")
    cost = next(i for i in t.indicators if i.name == "人员相关支出占预算数")
    assert (cost.row, cost.target.value, cost.actual.value, cost.score.raw) == (15, Quantity(96, "%"), Quantity(97, "%"), 9.6)
    # the 一级 label 数量指标(80分) is merged down rows 12-15 (vMerge): every row reads it from its anchor
    assert {i.level1_address for i in t.indicators if i.level1 == "数量指标"} == {"A12"}
    assert cost.level1_weight == 80
    assert t.total.score.raw == 99.6 and t.total.score.address == "I24"


def test_word_places_count_the_cells_of_a_row(report):
    cells = report.sheets[2].word_cells
    # row 6: [A:B merged] C D E F [G:I merged] -> F6 is the 5th cell
    assert cells["F6"] == (6, 5)
    # row 15: A (continues the vMerge of A12) B C D E F G (continues the 得分计算方法 of G14) H I -> H15 is 8th
    assert cells["H15"] == (15, 8)
    # row 24: [A:C merged] D E F G H I -> I24 is the 7th
    assert cells["I24"] == (24, 7)
    assert "B6" not in cells  # inside a merge: no cell of its own


def test_seed003_department_table_under_its_caption():
    wb = read_workbook(SEED003)
    assert [s.name for s in wb.sheets] == ["附件2 表格"]
    assert not wb.tables and len(wb.department_tables) == 1
    d = wb.department_tables[0]
    assert d.unit.text == "华容区医疗保障局" and d.year == 2023  # year from the title paragraph above
    assert len(d.indicators) == 37  # the seed's 37 三级指标
    rate = next(i for i in d.indicators if i.name == "预算执行率")
    assert (rate.target.value, rate.actual.value) == (Quantity(100, "%"), Quantity(97, "%"))


def test_a_document_holding_only_a_table():
    wb = read_workbook(TABLE_ONLY)
    assert [t.name for t in wb.tables] == ["医保信息化建设"]
    assert wb.narrative == [] and wb.statements == []


def test_the_report_statements(report):
    got = {(s.project, s.kind): s.number for s in report.statements}
    # 8 projects x (得分, 全年预算数, 执行数, 完成预算的 %) = 32; the 综述 lists (many names) give none
    assert len(report.statements) == 32
    assert got[("经常性业务经费项目", "score")] == 99.3
    assert got[("经常性业务经费项目", "budget")] == 80
    assert got[("市外医疗费用专项调查项目", "budget")] == 10  # the seed's slip 「全年预数」 still read
    assert got[("病历评审费用项目", "rate")] == 100
    orders = sorted({(s.order, s.project) for s in report.statements})
    assert [p for _, p in orders][:3] == ["行政运行费", "三员建设费", "经常性业务经费项目"]
    s = next(s for s in report.statements if s.project == "经常性业务经费项目" and s.kind == "score")
    # paragraphs: 1 title, 2 一、, 3 综述, 4 二、, 5 明光市…, 6 行政运行费, 7 三员, 8 经常性
    assert s.paragraph == 8 and s.sentence.endswith("项目绩效自评得分为 99.3 分。")


@pytest.mark.parametrize("text,value", [
    ("80", 80), ("800,000", 800000), ("1.5万", 15000), ("八十万", 800000), ("七十九点五万", 795000),
    ("九十九点三", 99.3), ("一百", 100), ("一千二百三十四", 1234),
])
def test_numbers_as_written(text, value):
    assert number(text) == pytest.approx(value)


@pytest.mark.parametrize("sentence,expected", [
    # amounts become 万元: 八十万元 = 80, 800,000元 = 80, 1.2亿元 = 12000
    ("全年预算数为八十万元，执行数为 800,000元。", [("budget", 80), ("executed", 80)]),
    ("全年预算数为 80万元，执行数为七十九点五万元。", [("budget", 80), ("executed", 79.5)]),
    ("全年预算数为1.2亿元。", [("budget", 12000)]),
    ("完成预算的百分之九十九点四。", [("rate", 99.4)]),
    ("项目自评得分九十九点三分。", [("score", 99.3)]),
    ("年初预算数为 80 万元。", []),  # 年初预算数 is not the 全年预算数
    ("共 8 个项目，涉及资金 199 万元。", []),
])
def test_sentence_statements(sentence, expected):
    assert [(k, pytest.approx(n)) for k, n, _ in sentence_statements(sentence)] == expected


def test_a_statement_needs_one_named_project():
    got = statements([
        "本单位项目自评得分为 95 分。",  # names no project in quotes: kept unnamed ("", order -1)
        "“甲项目”和“乙项目”自评得分为 90 分。",  # names two: left alone
        "“丙项目”项目绩效自评综述：得分为 88 分。执行数为 5 万元。",  # the paragraph's project for both
    ])
    assert [(s.project, s.kind, s.number, s.order) for s in got] == [
        ("", "score", 95, -1), ("丙项目", "score", 88, 0), ("丙项目", "executed", 5, 0)]


def test_legacy_doc_is_told_to_be_saved_as_docx(tmp_path):
    with pytest.raises(UnreadableFile) as exc:
        read_workbook(legacy_doc(tmp_path / "自评报告.doc"))
    assert exc.value.message == "这是旧版 Word 文档（.doc），请另存为 .docx 后重新提交"


def test_docx_named_xlsx_is_read_as_word(tmp_path):
    renamed = tmp_path / "自评表.xlsx"
    renamed.write_bytes(TABLE_ONLY.read_bytes())
    wb = read_workbook(renamed)
    assert wb.format == "docx" and [t.name for t in wb.tables] == ["医保信息化建设"]
    assert [n.kind for n in wb.notes] == ["format_mismatch"]


def test_a_broken_docx_is_unreadable_not_a_crash(tmp_path):
    broken = tmp_path / "坏.docx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body>")  # cut off
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(UnreadableFile):
        read_workbook(broken)


def _docx_with(tmp_path, document_xml: bytes):
    import io

    path = tmp_path / "x.docx"
    buf = io.BytesIO(TABLE_ONLY.read_bytes())
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info.filename)
            out.writestr(info.filename, data)
    return path


def test_a_docx_with_a_dtd_is_refused(tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            b'<w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(UnreadableFile) as exc:
        read_workbook(_docx_with(tmp_path, bomb))
    assert exc.value.kind == "hostile_xml"


def test_a_docx_bomb_is_refused_before_inflating(tmp_path):
    from evalxl.package import Limits

    big = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>" + b" " * 3_000_000
    with pytest.raises(UnreadableFile) as exc:
        read_workbook(_docx_with(tmp_path, big), Limits(max_part_bytes=1_000_000))
    assert exc.value.kind == "zip_bomb"


def test_a_numbered_heading_names_the_project_of_the_paragraphs_below():
    got = statements([
        "一、项目综述",  # a heading that names no project
        "项目自评得分为 90 分。",  # no project: left alone
        "（一）医保政策宣传经费项目",
        "项目绩效自评得分为 99.3 分，其中满意度指标得分 9.5 分。",  # the indicator's 9.5 is not the project's
        "全年预算数为 80 万元。",
        "（二）其他需要说明的事项",  # a heading naming no project ends the section
        "得分为 88 分。",
    ])
    assert [(s.project, s.kind, s.number, s.paragraph) for s in got if s.project] == [
        ("医保政策宣传经费项目", "score", 99.3, 4), ("医保政策宣传经费项目", "budget", 80, 5)]
    assert [(s.number, s.paragraph) for s in got if not s.project] == [(90, 2), (88, 7)]


def _tbl(rows_xml: str):
    from docx.oxml import parse_xml  # python-docx's element classes, as in a document it opened

    return parse_xml(
        f'<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{rows_xml}</w:tbl>')


def _tc(text="", span=1, vmerge=None):
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"  # no val: continues the cell above
    paras = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("|")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"


def test_grid_of_a_word_table_by_hand():
    from evalxl.reader.docx import table_grid

    tbl = _tbl(
        f"<w:tr>{_tc('产出指标|（50分）', vmerge='restart')}{_tc('数量指标')}{_tc('20')}</w:tr>"
        # row 2: the first cell continues A1 down; 「9.6」 typed is a number
        f"<w:tr>{_tc(vmerge='continue')}{_tc('质量指标')}{_tc(' 9.6 ')}</w:tr>"
        # row 3: one grid column left out before the row (gridBefore), then a cell over two columns
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc("合计", span=2) + "</w:tr>")
    grid, where = table_grid("表格1", tbl)
    # A1:A2 merged down (two paragraphs joined by a line break); B3:C3 merged across
    assert sorted(grid.merges) == [(1, 1, 2, 1), (3, 2, 3, 3)]
    assert grid.own(1, 1).value == "产出指标\n（50分）"
    assert grid.get(2, 1)[0] == (1, 1)
    assert grid.own(1, 3).value == 20 and grid.own(2, 3).value == 9.6
    assert grid.own(3, 2).value == "合计" and grid.get(3, 3)[0] == (3, 2)
    # Word places: row 2's third cell is C2; row 3's only cell is its first
    assert where["C2"] == (2, 3) and where["B3"] == (3, 1) and "A2" not in where


def test_the_word_samples_are_what_their_script_builds(tmp_path):
    """samples/word/ is built by tests/fixtures/build_word.py, never by hand: the script
    gives the committed bytes again."""
    from wordkit import WORD, fixture_module

    built = fixture_module("build_word").build_all(tmp_path)
    assert sorted(p.name for p in built) == sorted(p.name for p in WORD.glob("*.docx"))
    for p in built:
        assert p.read_bytes() == (WORD / p.name).read_bytes(), p.name


def test_paragraph_text_reads_as_python_docx_does():
    """The reader's own walk of a paragraph gives python-docx's Paragraph.text, on every
    paragraph of the report, its tables' cells included."""
    import docx
    from docx.text.paragraph import Paragraph

    from evalxl.wordfile import paragraph_text

    d = docx.Document(str(REPORT))
    paras = list(d.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
    assert len(paras) > 1000
    assert [paragraph_text(p) for p in paras] == [Paragraph(p, None).text for p in paras]


def test_paragraph_text_of_hyperlinks_tabs_breaks_and_deletions():
    from docx.oxml import parse_xml
    from docx.text.paragraph import Paragraph

    from evalxl.wordfile import paragraph_text

    p = parse_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'  # a tab stop, not text
        '<w:r><w:t>得分</w:t><w:tab/><w:t>9.6</w:t><w:br/></w:r>'
        '<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins></w:p>')
    assert paragraph_text(p) == "得分\t9.6\n链接插入"
    assert Paragraph(p, None).text.replace("插入", "") in paragraph_text(p)


def test_inspect_names_word_cells_as_word_users_do():
    from evalxl.render import describe_workbook

    text = describe_workbook(read_workbook(TABLE_ONLY), width=1000)  # no folding
    assert "表 1：医保信息化建设（表格1 第 1–24 行，2021 年度）" in text
    # 得分 of row 15 (H15 in the grid) is the 8th cell of the Word row
    assert "实际完成值 97%（第15行 第6列），分值 10（第15行 第4列），得分 9.6（第15行 第8列）" in text
    assert "H15" not in text and "工作表" not in text
