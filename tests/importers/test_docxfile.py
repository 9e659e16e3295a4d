"""The Word reader: merged cells, split tables, spacer cells, content controls, revisions."""

from __future__ import annotations

import pytest

from helpers import cell, docx_bytes, document_xml, para, row, table, title_and_parts, write_docx

from reportdesk.importers import read_report
from reportdesk.importers.docxfile import docx_blocks
from reportdesk.importers.document import Line, Row
from reportdesk.importers.log import INTERPRETED, MAPPED, UNRECOGNISED

T4_HEADER = (
    row(cell("行政复议", span=5, vmerge="restart"), cell("行政诉讼", span=10)),
    row(cell("", span=5, vmerge="continue"), cell("未经复议直接起诉", span=5), cell("复议后起诉", span=5)),
    row(*(["结果\n维持", "结果 纠正", "其他结果", "尚未审结", "总计"] * 3)),
)


def _t4(values):
    return table(*T4_HEADER, row(*[str(v) for v in values]))


def test_vertical_and_horizontal_merges_are_read_once(tmp_path):
    t3 = table(
        row(cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", span=3, vmerge="restart"),
            cell("申请人情况", span=7)),
        row(cell("", span=3, vmerge="continue"), cell("自然人", vmerge="restart"), cell("法人或其他组织", span=5),
            cell("总计", vmerge="restart")),
        row(cell("", span=3, vmerge="continue"), cell("", vmerge="continue"), "商业企业", "科研机构", "社会公益组织",
            "法律服务机构", "其他", cell("", vmerge="continue")),
        row(cell("一、本年新收政府信息公开申请数量", span=3), "5", "1", "0", "0", "0", "0", "6"),
        row(cell("三、本年度办理结果", vmerge="restart"), cell("（一）予以公开", span=2), "4", "1", "0", "0", "0", "0", "5"),
        row(cell("", vmerge="continue"), cell("（三）不予公开", vmerge="restart"), "1.属于国家秘密",
            "1", "0", "0", "0", "0", "0", "1"),
        row(cell("", vmerge="continue"), cell("", vmerge="continue"), "2.其他法律行政法规禁止公开",
            "0", "0", "0", "0", "0", "0", "0"),
    )
    path = write_docx(tmp_path / "r.docx", title_and_parts(t3=t3, t4=_t4(range(15))))
    result = read_report(path)
    v = result.report.values
    assert [v[f"t3.new.{c}"] for c in ("natural", "business", "total")] == [5, 1, 6]
    assert v["t3.granted.total"] == 5
    assert v["t3.withheld.secret.natural"] == 1
    assert v["t3.withheld.law.total"] == 0
    assert [v[f"t4.suit_after_review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == \
        [10, 11, 12, 13, 14]
    assert result.log.of_kind(UNRECOGNISED) == []


def test_a_table_split_across_a_page_break_and_table_two_as_one_table(tmp_path):
    t2 = table(
        row(cell("第二十条第（一）项", span=4)),
        row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        row("规章", "0", "0", "0"),
        row("行政规范性文件", "3", "1", "12"),
        row(cell("第二十条第（八）项", span=4)),
        row("信息内容", cell("本年收费金额（单位：万元）", span=3)),
        row("行政事业性收费", cell("2.35", span=3)),
    )
    first = table(row(cell("一、本年新收政府信息公开申请数量", span=3), "5", "1", "0", "0", "0", "0", "6"))
    second = table(row("", "", "", "", "", "", "", "", "", ""),  # an empty spacer row
                   row(cell("四、结转下年度继续办理", span=3), "2", "0", "0", "0", "0", "0", "2"))
    body = title_and_parts(t2=t2, t3=first + para("") + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' + second)
    report = read_report(write_docx(tmp_path / "r.docx", body)).report
    assert report.values["t2.normative.valid"] == 12
    assert report.values["t2.normative.issued"] == 3
    assert report.values["t2.fees.amount"] == 2.35
    assert report.values["t3.new.total"] == 6
    assert report.values["t3.carried_out.natural"] == 2


def test_spacer_column_and_labels_with_spaces_and_half_width_brackets(tmp_path):
    t3 = table(
        row(cell("(一) 予以公开", span=2), "", "7", "0", "0", "0", "0", "0", "7"),
        row(cell("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", span=2), "", "2", "0", "0", "0", "0", "0", "2"),
    )
    report = read_report(write_docx(tmp_path / "r.docx", title_and_parts(t3=t3))).report
    assert report.values["t3.granted.natural"] == 7
    assert report.values["t3.partial.total"] == 2


def test_a_row_label_out_of_place_is_read_by_its_label(tmp_path):
    t3 = table(row("3. 其他", "", "", "1", "0", "0", "0", "0", "0", "1"),
               row(cell("（七）总计", span=3), "1", "0", "0", "0", "0", "0", "1"))
    report = read_report(write_docx(tmp_path / "r.docx", title_and_parts(t3=t3))).report
    assert report.values["t3.other.other.natural"] == 1
    assert report.values["t3.total.total"] == 1


def test_dashes_slashes_and_blanks_are_interpreted_and_logged(tmp_path):
    t2 = table(row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
               row("规章", "—", "/", "无"), row("行政规范性文件", "", "0", "1,024"))
    result = read_report(write_docx(tmp_path / "r.docx", title_and_parts(t2=t2)))
    v = result.report.values
    assert [v["t2.rules.issued"], v["t2.rules.repealed"], v["t2.rules.valid"]] == [0, 0, 0]
    assert v["t2.normative.issued"] is None  # blank is not zero
    assert v["t2.normative.valid"] == 1024
    interpreted = {e.cell: e for e in result.log.of_kind(INTERPRETED)}
    for cid, raw in (("t2.rules.issued", "—"), ("t2.rules.repealed", "/"), ("t2.rules.valid", "无")):
        assert interpreted[cid].raw == raw and "按0读取" in interpreted[cid].message
    assert "空白" in interpreted["t2.normative.issued"].message
    assert "千位分隔符" in interpreted["t2.normative.valid"].message
    mapped = {e.cell for e in result.log.of_kind(MAPPED)}
    assert "t2.rules.issued" not in mapped  # a 0 read from "—" is never logged as a plain number


def test_content_controls_inserted_and_deleted_revisions_text_boxes():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    body = (
        "<w:sdt><w:sdtContent>" + para("一、总体情况") + "</w:sdtContent></w:sdt>"
        '<w:p><w:ins><w:r><w:t>新写的</w:t></w:r></w:ins><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>'
        '<w:r><w:t xml:space="preserve">文字</w:t><w:tab/><w:t>末尾</w:t></w:r></w:p>'
        f'<w:p><w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        "<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    blocks = docx_blocks(docx_bytes(document_xml(body)), "x.docx")
    assert blocks[0] == Line("一、总体情况")
    assert blocks[1] == Line("新写的文字\t末尾")
    assert blocks[2] == Line("文本框")
    assert w in document_xml("").decode()


def test_rows_wrapped_in_content_controls_are_read():
    body = ("<w:tbl><w:sdt><w:sdtContent>" + row("规章", "1", "2", "3") + "</w:sdtContent></w:sdt></w:tbl>")
    assert docx_blocks(docx_bytes(document_xml(body)), "x.docx") == [Row(("规章", "1", "2", "3"))]


def test_title_over_two_paragraphs_gives_agency_and_year(tmp_path):
    body = para("某某市某某区人民政府办公室") + para("2023年度政府信息公开工作年度报告") + title_and_parts(title="")
    report = read_report(write_docx(tmp_path / "r.docx", body)).report
    assert (report.agency, report.year) == ("某某市某某区人民政府办公室", 2023)


def test_a_word_document_that_is_no_report_is_refused(tmp_path):
    from reportdesk.errors import UnreadableReport

    path = write_docx(tmp_path / "letter.docx", para("会议通知") + para("请各单位于周五前报送材料。"))
    with pytest.raises(UnreadableReport, match="不像是政府信息公开工作年度报告"):
        read_report(path)


def test_table_four_with_a_row_per_group_and_units_in_cells(tmp_path):
    t4 = table(row("", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"),
               row("行政复议", "2件", "1件", "0", "0", "3件"),
               row("行政诉讼（未经复议直接起诉）", "0", "0", "0", "1", "1"),
               row("复议后起诉", "0", "0", "0", "0", "0"))
    report = read_report(write_docx(tmp_path / "r.docx", title_and_parts(t4=t4))).report
    assert [report.values[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == \
        [2, 1, 0, 0, 3]
    assert report.values["t4.suit_direct.pending"] == 1
    assert report.values["t4.suit_after_review.total"] == 0


def test_strict_open_xml_and_a_main_part_named_by_the_relationships(tmp_path):
    import io
    import zipfile

    from helpers import CONTENT_TYPES

    body = title_and_parts(t2=table(row("规章", "1", "0", "4")))
    xml = document_xml(body).replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                     b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/'
            'relationships/officeDocument" Target="word/document2.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document2.xml", xml)
    path = tmp_path / "strict.docx"
    path.write_bytes(buf.getvalue())
    report = read_report(path).report
    assert report.values["t2.rules.valid"] == 4 and report.agency == "测试县某某乡人民政府"


def test_a_document_libreoffice_wrote():
    """The altered 深汕 report saved as .odt and back to .docx by LibreOffice: its own table
    markup (grid columns, cell properties, fonts per run), every cell, every finding."""
    from helpers import FIXTURES
    from published import REPORTS

    from reportdesk.rules import check

    spec = REPORTS["shenshan-2024-altered"]
    result = read_report(FIXTURES / "published" / "shenshan-2024-altered-libreoffice.docx")
    assert {c: result.report.values[c] for c in spec.cells} == spec.cells
    assert result.report.texts == spec.texts
    assert sorted((f.rule, tuple(f.cells)) for f in check(result.report)) == sorted(spec.findings)
    assert result.log.problems() == []


def test_tables_typed_as_tab_separated_paragraphs(tmp_path, example_path):
    """The example report pasted into Word as plain paragraphs: its tables are lines with tabs."""
    from docx import Document

    from reportdesk.rules import check

    doc = Document()
    for line in example_path.read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)  # python-docx writes each tab as <w:tab/>
    path = tmp_path / "pasted.docx"
    doc.save(path)
    result = read_report(path)
    assert result.report.agency == "武陟县小董乡人民政府"
    assert all(v == 0 for v in result.report.values.values())
    assert check(result.report) == []
    assert result.log.problems() == []


@pytest.mark.parametrize("one_search", [True, False])
def test_rows_and_paragraphs_are_counted_alike_by_either_count(monkeypatch, one_search):
    """The guard counts <w:tr> rows and <w:p> paragraphs before parsing: by one search (a
    report's size) or by counting bytes (a larger document); both count the same tags."""
    from reportdesk.errors import UnreadableReport
    from reportdesk.importers import docxfile

    if not one_search:
        monkeypatch.setattr(docxfile, "_FINDALL_BYTES", 0)
    rows = ("<w:tr><w:trPr/><w:tc><w:p/></w:tc></w:tr>" * 1500
            + '<w:tr w:rsidR="00A1"><w:tc><w:p w:rsidR="1"><w:pPr/></w:p></w:tc></w:tr>' * 600)
    with pytest.raises(UnreadableReport, match="表格共有2100行"):
        docx_blocks(docx_bytes(document_xml(para("标题") + f"<w:tbl>{rows}</w:tbl>")), "x.docx")
    paragraphs = "<w:p/>" * 12000 + "<w:p><w:pPr/></w:p>" * 5000 + para("x") * 3001
    with pytest.raises(UnreadableReport, match="共有20001个段落"):
        docx_blocks(docx_bytes(document_xml(paragraphs)), "x.docx")


def test_tabs_and_breaks_are_read_in_a_document_with_no_revisions():
    """With nothing to skip, a paragraph's text is read from its w:t alone unless it holds a
    tab or a break, however deep: in a run, a hyperlink, a tab stop, a text box."""
    body = (
        para("一、总体情况")
        + '<w:p><w:hyperlink><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r></w:hyperlink></w:p>'
        + '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>丙</w:t></w:r></w:p>'
        + '<w:p><w:r><w:t>前</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t><w:br/>'
        '<w:t>中</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t>后</w:t></w:r></w:p>'
        + table(row("规章", "<w:tc><w:p><w:r><w:t>1</w:t><w:cr/><w:t>2</w:t></w:r></w:p></w:tc>"))
    )
    blocks = docx_blocks(docx_bytes(document_xml(body)), "x.docx")
    assert blocks == [Line("一、总体情况"), Line("甲\t乙"), Line("\t丙"), Line("前框"), Line("中后"),
                      Row(("规章", "1\n2"))]


def test_run_and_paragraph_properties_cut_before_parsing_change_no_reading(monkeypatch):
    """Properties made of empty elements only (runs', paragraphs', rows', the column grid, cell
    widths) are cut out of document.xml before parsing (less to parse); any block holding more (a tab stop, a section break, a revision's record, a
    deleted paragraph mark, an element named like what the reader reads) stays, and the blocks
    read are the same as from the whole document. A document with a comment or a CDATA section
    is parsed whole."""
    from reportdesk.importers import docxfile

    plain = '<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/><w:b/><w:sz w:val="28"/></w:rPr>'
    kept = [
        '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>',
        '<w:pPr><w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:pPr>',
        '<w:rPr><w:b/><w:rPrChange w:id="1" w:author="x"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr>',
        '<w:pPr><w:rPr><w:del w:id="2" w:author="x"/></w:rPr></w:pPr>',
        '<w:rPr><w:tab/></w:rPr>',
        '<w:rPr><w:vMerge/></w:rPr>',
        '<w:trPr><w:del w:id="3" w:author="x"/></w:trPr>',
    ]
    body = (
        f'<w:p><w:pPr><w:jc w:val="center"/>{plain}</w:pPr><w:r>{plain}<w:t>一、总体情况</w:t></w:r></w:p>'
        f'<w:p>{kept[0]}<w:r><w:rPr/><w:t>丙</w:t></w:r></w:p>'
        f'<w:p>{kept[1]}<w:r>{kept[2]}<w:t>丁</w:t></w:r></w:p>'
        f'<w:p>{kept[3]}<w:r>{kept[4]}<w:t>戊</w:t></w:r><w:r>{kept[5]}<w:t>己</w:t></w:r></w:p>'
        + table(row("规章", f'<w:tc><w:p><w:pPr><w:spacing w:line="240"/></w:pPr><w:r>{plain}<w:t>1</w:t></w:r></w:p></w:tc>',
                    "2", "3"))
        + '<w:tbl><w:tblGrid><w:gridCol w:w="2160"/><w:gridCol w:w="2160"/></w:tblGrid>'
          '<w:tr><w:trPr><w:trHeight w:val="400"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="2160" w:type="dxa"/>'
          '<w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>公开</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>'
          f'<w:tr>{kept[6]}<w:tc><w:tcPr><w:tcW w:w="2160" w:type="dxa"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p>'
          '</w:tc><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    )
    xml = document_xml(body)
    cut = docxfile.without_properties(xml)
    for gone in (plain, "<w:spacing", "<w:jc", "<w:tblGrid", "<w:gridCol", "<w:tcW", "<w:trHeight"):
        assert gone.encode() not in cut
    assert cut.count(b"<w:vMerge") == 3
    # (the run properties a revision recorded are empty elements only: cut, their record stays)
    assert [k.replace("<w:rPr><w:i/></w:rPr>", "").encode() in cut for k in kept] == [True] * len(kept)
    read = docx_blocks(docx_bytes(xml), "x.docx")
    assert read[0] == Line("一、总体情况") and Row(("规章", "1", "2", "3")) in read
    assert Line("\t丙") in read and Line("\t戊己") in read
    assert read[-2:] == [Row(("公开", "")), Row(("", "4"))]   # the merge's continuation: blank
    monkeypatch.setattr(docxfile, "without_properties", lambda x: x)
    assert docx_blocks(docx_bytes(xml), "x.docx") == read

    # Markup written as text in a CDATA section is text: the document is parsed as it is.
    cdata = document_xml(f'<w:p><w:r><w:t><![CDATA[a{plain}b]]></w:t></w:r></w:p>')
    monkeypatch.undo()
    assert docx_blocks(docx_bytes(cdata), "x.docx") == [Line(f"a{plain}b")]

