"""The exported .docx, opened with python-docx and read as XML: what Word will show."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import subprocess
import sys

import pytest
from docx.oxml.ns import qn

from reportdesk.export.docx import ExportRefused, docx_bytes, export_docx
from reportdesk.export.layout import PAGE
from reportdesk.fileio import WriteError
from reportdesk.rules import check, has_errors
from reportdesk.values import format_value

from .conftest import docx_parts, open_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def example_docx(example_report):
    return docx_bytes(example_report, check(example_report), False)


@pytest.fixture
def busy_docx(busy_report):
    findings = check(busy_report)
    assert not has_errors(findings)
    return docx_bytes(busy_report, findings, True)


def style_of(doc, style_id):
    return doc.styles.element.find(f"{W}style[@{W}styleId='{style_id}']")


def fonts_of(style):
    rfonts = style.find(f"{W}rPr/{W}rFonts")
    return {k.split("}")[1]: v for k, v in rfonts.attrib.items()}


# ----------------------------------------------------------------------------- page and text


def test_page_is_a4_with_official_margins(example_docx):
    section = open_docx(example_docx).sections[0]
    assert abs(section.page_width.mm - 210) < 0.05 and abs(section.page_height.mm - 297) < 0.05
    for name, mm in (("top_margin", 37), ("bottom_margin", 35), ("left_margin", 28), ("right_margin", 26)):
        assert abs(getattr(section, name).mm - mm) < 0.05, name
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is None or grid.get(qn("w:type")) is None  # no character grid


def test_styles_name_the_official_fonts_as_east_asian_fonts(example_docx):
    doc = open_docx(example_docx)
    expected = {"Normal": ("仿宋_GB2312", 32), "Title": ("方正小标宋简体", 44), "Heading1": ("黑体", 32),
                "Heading2": ("楷体_GB2312", 32), "PageNumberOdd": ("宋体", 28)}
    for style_id, (font, half_points) in expected.items():
        style = style_of(doc, style_id)
        fonts = fonts_of(style)
        assert fonts["eastAsia"] == font and fonts["ascii"] == font and fonts["hAnsi"] == font, style_id
        assert not any("Theme" in k or "theme" in k for k in fonts), style_id
        assert style.find(f"{W}rPr/{W}sz").get(f"{W}val") == str(half_points)
    # No theme font attribute anywhere in the styles: it would win over the names.
    assert not re.search(r"w:(ascii|eastAsia|hAnsi|cs)[Tt]heme=", docx_parts(example_docx)["word/styles.xml"])


def test_body_indent_two_characters_and_fixed_line_pitch(example_docx):
    normal = style_of(open_docx(example_docx), "Normal")
    ind = normal.find(f"{W}pPr/{W}ind")
    assert ind.get(f"{W}firstLineChars") == "200" and ind.get(f"{W}firstLine") == "640"
    spacing = normal.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact"
    assert 28 * 20 <= int(spacing.get(f"{W}line")) <= 29 * 20
    title = style_of(open_docx(example_docx), "Title")
    assert title.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    assert title.find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "0"


def test_language_is_simplified_chinese(example_docx):
    parts = docx_parts(example_docx)
    assert re.search(r'<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"', parts["word/settings.xml"])
    defaults = parts["word/styles.xml"].split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
    assert '<w:lang w:val="en-US" w:eastAsia="zh-CN"' in defaults and "ja-JP" not in defaults
    assert "ja-JP" not in parts["word/styles.xml"].split("<w:latentStyles")[0]


def test_title_and_headings_in_order_with_their_styles(example_report, example_docx):
    doc = open_docx(example_docx)
    paragraphs = [(p.style.style_id, p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", example_report.form.report_title("武陟县小董乡人民政府", 2024))
    headings1 = [t for s, t in paragraphs if s == "Heading1"]
    assert headings1 == [p.title for p in example_report.form.parts]
    headings2 = [t for s, t in paragraphs if s == "Heading2"]
    assert headings2 == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"]
    body = [t for s, t in paragraphs if s == "Normal"]
    assert body[0].startswith("小董乡人民政府信息公开工作严格按照") and body[-1].endswith("无其他报告事项。")
    assert len(body) == 8  # 5 in 一 (one per sub-part), 2 in 五, 1 in 六


def test_runs_carry_no_formatting_of_their_own(example_docx):
    """Styles do the formatting: a clerk who changes 正文 in Word changes the whole report."""
    body = docx_parts(example_docx)["word/document.xml"]
    assert "<w:rPr>" not in body and "<w:rFonts" not in body


# ----------------------------------------------------------------------------- tables


def test_tables_follow_the_form_grid_merges(form, example_docx):
    doc = open_docx(example_docx)
    assert len(doc.tables) == 3
    for table, tid in zip(doc.tables, ("t2", "t3", "t4")):
        grid = form.tables[tid].grid()
        cells = table._cells
        ncols = len(table.columns)
        assert (len(table.rows), ncols) == (grid.rows, grid.cols), tid
        owner = {}
        for gc in grid.cells:
            origin = cells[gc.row * ncols + gc.col]._tc
            for r in range(gc.row, gc.row + gc.rowspan):
                for c in range(gc.col, gc.col + gc.colspan):
                    assert cells[r * ncols + c]._tc is origin, (tid, gc.text, r, c)
                    owner[(r, c)] = gc
            if gc.role != "value":
                assert cells[gc.row * ncols + gc.col].text.replace("\n", "") == gc.text, (tid, gc)
        assert len({id(v) for v in owner.values()}) == len(grid.cells)
        assert len({cells[r * ncols + c]._tc for (r, c) in owner}) == len(grid.cells), tid


def test_table_three_header_and_result_merges(form, example_docx):
    """The merges a reviewer looks for, named: 三、本年度办理结果 down all result rows, （三）-（六）."""
    table = open_docx(example_docx).tables[1]
    ncols = len(table.columns)
    tcs = table._cells
    rows_of = {}
    for i, cell in enumerate(tcs):
        rows_of.setdefault(cell._tc, set()).add(i // ncols)
    by_text = {cell.text.replace("\n", ""): len(rows_of[cell._tc]) for cell in tcs}
    assert by_text["三、本年度办理结果"] == 22
    assert by_text["（三）不予公开"] == 8 and by_text["（四）无法提供"] == 3
    assert by_text["（五）不予处理"] == 5 and by_text["（六）其他处理"] == 3
    assert by_text[form.tables["t3"].blocks[0].corner] == 3
    assert by_text["自然人"] == 2 and by_text["总计"] == 2


def test_header_rows_repeat_and_rows_never_split(form, example_docx):
    for table, tid in zip(open_docx(example_docx).tables, ("t2", "t3", "t4")):
        header_rows = form.tables[tid].grid().header_rows
        for i, row in enumerate(table.rows):
            tr_pr = row._tr.trPr
            assert tr_pr.find(qn("w:cantSplit")) is not None, (tid, i)
            assert (tr_pr.find(qn("w:tblHeader")) is not None) == (i < header_rows), (tid, i)


def test_table_three_fills_the_text_width(example_docx):
    table = open_docx(example_docx).tables[1]
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) / 1440 * 25.4 - PAGE.text_width) < 0.1
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # Type small enough for 7 number columns: the table style is 小五 (9 pt).
    value_style = table.rows[5].cells[5].paragraphs[0].style
    assert value_style.font.size.pt == 9


def test_numbers_in_their_cells(form, busy_report, busy_docx):
    doc = open_docx(busy_docx)
    for table, tid in zip(doc.tables, ("t2", "t3", "t4")):
        ncols = len(table.columns)
        cells = table._cells
        for gc in form.tables[tid].grid().cells:
            if gc.role == "value":
                expected = format_value(busy_report.values[gc.cell_id], form.cells[gc.cell_id].kind)
                assert cells[gc.row * ncols + gc.col].text == expected, gc.cell_id
    text = "\n".join(c.text for t in doc.tables for c in t._cells)
    assert "1385" in text and "12.35" in text and "310" in text


def test_blank_cells_stay_blank_and_invalid_values_show_as_typed(example_report):
    example_report.values["t3.new.natural"] = None
    example_report.set("t3.new.business", "十二", "imported")
    data = docx_bytes(example_report, check(example_report), False)
    table = open_docx(data).tables[1]
    row = table.rows[3]  # 一、本年新收…
    assert row.cells[0].text == "一、本年新收政府信息公开申请数量"
    assert row.cells[3].text == "" and row.cells[4].text == "十二"


# ----------------------------------------------------------------------------- page numbers, properties


def test_page_numbers_are_page_fields_odd_right_even_left(example_docx):
    doc = open_docx(example_docx)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, style_id, align in ((section.footer, "PageNumberOdd", "right"),
                                    (section.even_page_footer, "PageNumberEven", "left")):
        (p,) = footer.paragraphs
        assert p.style.style_id == style_id
        assert p.style.paragraph_format.alignment.name.lower() == align
        xml = p._p.xml
        assert [f.get(qn("w:fldCharType")) for f in p._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert [i.text for i in p._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert p.text.startswith("— ") and p.text.endswith(" —"), xml
    odd = style_of(doc, "PageNumberOdd")
    assert odd.find(f"{W}pPr/{W}ind").get(f"{W}rightChars") == "100"  # one character in from the edge


def test_properties_title_author_and_nothing_from_the_template_or_this_computer(example_report, example_docx):
    props = open_docx(example_docx).core_properties
    assert props.title == example_report.title
    assert props.author == "武陟县小董乡人民政府"
    assert props.comments == ""
    created = props.created.replace(tzinfo=dt.timezone.utc) if props.created.tzinfo is None else props.created
    assert abs(created - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    parts = docx_parts(example_docx)
    everything = "\n".join(parts.values())
    assert "python-docx" not in everything and "Macintosh" not in everything
    assert "thumbnail" not in parts["_rels/.rels"]
    user = getpass.getuser()
    home = os.path.expanduser("~")
    for name, text in parts.items():
        assert f">{user}<" not in text, name
        assert home not in text, name


# ----------------------------------------------------------------------------- draft and final


def test_draft_mark_only_when_errors(example_report, example_docx):
    def header_text(data):
        return "".join(t for n, t in docx_parts(data).items() if n.startswith("word/header"))

    assert "草稿" not in header_text(example_docx)
    assert open_docx(example_docx).core_properties.content_status == ""
    example_report.values["t3.new.natural"] = 5  # 一＋二 no longer equals （七）＋四
    findings = check(example_report)
    assert has_errors(findings)
    data = docx_bytes(example_report, findings, False)
    assert "草稿" in header_text(data)
    errors = sum(f.severity == "error" for f in findings)
    assert f"尚有{errors}处错误" in header_text(data)
    doc = open_docx(data)
    assert "草稿" in doc.sections[0].header.paragraphs[0].text
    assert "草稿" in doc.sections[0].even_page_header.paragraphs[0].text


def test_final_export_refuses_while_errors_remain(example_report, tmp_path):
    example_report.values["t4.review.upheld"] = 2
    findings = check(example_report)
    with pytest.raises(ExportRefused) as info:
        docx_bytes(example_report, findings, True)
    assert "不能导出正式版" in info.value.message and "表四" in info.value.message
    target = tmp_path / "报告.docx"
    with pytest.raises(ExportRefused):
        export_docx(example_report, target, final=True)
    assert not target.exists()


def test_common_fonts_setting(example_report, tmp_path):
    target = tmp_path / "报告.docx"
    findings = export_docx(example_report, target, fonts="common")
    assert findings == []
    doc = open_docx(target.read_bytes())
    assert fonts_of(style_of(doc, "Normal"))["eastAsia"] == "仿宋"
    assert fonts_of(style_of(doc, "Heading2"))["eastAsia"] == "楷体"
    title = style_of(doc, "Title")
    assert fonts_of(title)["eastAsia"] == "宋体" and title.find(f"{W}rPr/{W}b").get(f"{W}val") is None
    with pytest.raises(ValueError):
        export_docx(example_report, target, fonts="fancy")


# ----------------------------------------------------------------------------- safe writing


def test_read_only_target_keeps_the_old_file(example_report, tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old report")
    target.chmod(0o444)
    with pytest.raises(WriteError) as info:
        export_docx(example_report, target)
    assert "只读" in info.value.message and "原文件未改动" in info.value.message
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_target_locked_by_word_keeps_the_old_file(example_report, tmp_path, monkeypatch):
    """Windows refuses to replace a file Word holds open: os.replace raises PermissionError."""
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old report")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WriteError) as info:
        export_docx(example_report, target)
    assert "原文件未改动" in info.value.message
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]  # no temporary file left behind


def test_read_only_folder(example_report, tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(WriteError) as info:
        export_docx(example_report, tmp_path / "报告.docx")
    assert "没有权限" in info.value.message and "换一个文件夹" in info.value.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that folder permissions stop")
def test_read_only_folder_for_real(example_report, tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError):
            export_docx(example_report, folder / "报告.docx")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_exported_file_is_readable_by_others_like_any_saved_file(example_report, tmp_path):
    target = tmp_path / "报告.docx"
    old = os.umask(0o022)
    try:
        export_docx(example_report, target)
    finally:
        os.umask(old)
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o644


# ----------------------------------------------------------------------------- command line


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "reportdesk", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_convert_writes_the_official_docx(example_path, tmp_path):
    out = tmp_path / "小董乡2024.docx"
    done = run_cli("convert", example_path, "-o", out)
    assert done.returncode == 0, done.stderr
    doc = open_docx(out.read_bytes())
    assert doc.paragraphs[0].text == "武陟县小董乡人民政府2024年政府信息公开工作年度报告"
    assert len(doc.tables) == 3
    assert not doc.sections[0].header.paragraphs or "草稿" not in doc.sections[0].header.paragraphs[0].text


def test_convert_report_with_errors_writes_a_draft_and_final_refuses(example_report, tmp_path):
    from reportdesk.reportfile import dumps

    example_report.values["t3.carried_out.natural"] = 3
    source = tmp_path / "有错.json"
    source.write_text(dumps(example_report), encoding="utf-8")
    out = tmp_path / "有错.docx"
    done = run_cli("convert", source, "-o", out)
    assert done.returncode == 1
    assert "草稿" in done.stderr and "Traceback" not in done.stderr
    assert "草稿" in open_docx(out.read_bytes()).sections[0].header.paragraphs[0].text

    final = tmp_path / "正式.docx"
    done = run_cli("convert", source, "-o", final, "--final")
    assert done.returncode == 1
    assert "不能输出正式版" in done.stderr and "自然人" in done.stderr
    assert not final.exists()


def test_convert_into_a_missing_folder_says_so_in_chinese(example_path, tmp_path):
    done = run_cli("convert", example_path, "-o", tmp_path / "没有" / "x.docx")
    assert done.returncode == 2
    assert "不存在" in done.stderr and "Traceback" not in done.stderr
