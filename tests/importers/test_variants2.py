"""Round 2 of the importer variants: PDFs an office exports from Word (tables printed side by
side, headers repeated on each page, rows broken across a page), overview sub-parts written
as an enumeration, WPS's Word files, Word's "save as web page", layout-table pages, and
reports of 2022 from a township. Every cell, text and finding is asserted."""

from __future__ import annotations

import pytest

from helpers import FIXTURES
from published import T3_COLS
from variants import (AGENCY, CELLS, HEADINGS, SUBHEADS, TEXTS, TITLE, YEAR, t3_lines, text_report)

from reportdesk.importers import read_report
from reportdesk.importers.log import INTERPRETED, MISSING, UNRECOGNISED
from reportdesk.rules import check

PUBLISHED = FIXTURES / "published"


def read(tmp_path, text: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return read_report(path)


def assert_all_read(result, cells=CELLS, texts=TEXTS, agency=AGENCY, year=YEAR):
    r = result.report
    assert (r.agency, r.year) == (agency, year)
    assert {c: r.values[c] for c in cells} == cells
    assert r.invalid == {}
    assert r.texts == texts
    assert result.log.of_kind(UNRECOGNISED) == []
    assert result.log.of_kind(MISSING) == []


# -- PDFs exported from Word (tests/fixtures/make_pdf_variants.py)

def test_pdf_of_tables_side_by_side_pairs_each_line_of_numbers_with_its_label():
    """Labels in one table, numbers in another whose headers print one character a line
    (总/计): the text layer gives labels, then numbers, the two tables broken across the page
    at different rows (8 labels and 5 lines on page 1, 17 and 20 on page 2)."""
    result = read_report(PUBLISHED / "variant-side-by-side.pdf")
    assert_all_read(result)
    assert result.log.problems() == []
    assert check(result.report) == []


def test_pdf_of_the_template_with_its_header_repeated_on_every_page():
    """A township's 2022 report: table 3 over three pages, its three header rows repeated on
    each (w:tblHeader), rows kept whole; table 4's headers one character a line."""
    result = read_report(PUBLISHED / "variant-town-2022.pdf")
    assert_all_read(result, agency="某某县某某镇人民政府", year=2022)
    assert result.log.problems() == []
    assert check(result.report) == []


def test_pdf_rows_broken_across_a_page_read_what_is_certain_and_log_the_rest():
    """Rows left free to break at a page end: the header repeated between a label's two
    halves. A label cut short but unique is read (需核对); "2.申请人" names two rows of (六):
    that row stays blank and is logged, never given to another row."""
    result = read_report(PUBLISHED / "variant-rows-split.pdf")
    r = result.report
    unpaid = {f"t3.other.unpaid.{c}" for c in T3_COLS}
    assert {c: r.values[c] for c in CELLS if c not in unpaid} == {c: v for c, v in CELLS.items() if c not in unpaid}
    assert all(r.values[c] is None for c in unpaid)
    assert [e.message for e in result.log.of_kind(INTERPRETED)] == [
        "表格行“一、本年新收政府信”按“一、本年新收政府信息公开申请数量”读取",
        "表格行“6.属于四类过”按“6.属于四类过程性信息”读取"]
    assert [e.message for e in result.log.of_kind(UNRECOGNISED)] == [
        "表格中无法识别的文字“2.申请人”", "没有行标题的一行数字未读取：0 0 0 0 0 0 0"]
    [missing] = result.log.of_kind(MISSING)
    assert missing.message.startswith("没有读到表三「（六）2.申请人逾期未缴纳费用」「自然人」")
    assert sorted({(f.rule, f.cells[0]) for f in check(r)}) == [("5", "t3.other.unpaid.natural")]


# -- text: tables printed side by side, as a PDF's text layer gives them

def _side_by_side(page_breaks: tuple[int, int], header_first=False) -> list[str]:
    """Table 3 side by side: the labels of rows, then the header, then their numbers, the
    labels table broken after page_breaks[0] rows, the numbers table after page_breaks[1]."""
    rows = [line.split("\t") for line in t3_lines(groups=False)[3:]]
    labels = [r[0] for r in rows]
    numbers = [" ".join(r[1:]) for r in rows]
    header = ["自", "然", "人", "商业", "企业", "科研", "机构", "社会", "公益", "组织", "法律", "服务", "机构", "其", "他", "总", "计"]
    a, b = page_breaks
    page1 = (header + labels[:a] if header_first else labels[:a] + header) + numbers[:b]
    return page1 + labels[a:] + numbers[b:]


@pytest.mark.parametrize("breaks", [(8, 5), (5, 8), (25, 25), (12, 12)])
def test_text_tables_side_by_side_broken_at_different_rows(tmp_path, breaks):
    result = read(tmp_path, text_report(t3=_side_by_side(breaks)))
    assert_all_read(result)
    assert result.log.problems() == []


def test_text_side_by_side_with_the_header_before_the_labels(tmp_path):
    result = read(tmp_path, text_report(t3=_side_by_side((8, 5), header_first=True)))
    assert_all_read(result)


def test_text_side_by_side_with_a_line_short_of_numbers_reads_no_row_of_that_table(tmp_path):
    """One blank cell dropped from a line (a PDF copy): which line is short of which number
    cannot be told, so table 3 is not paired at all, and every row says so."""
    t3 = _side_by_side((8, 5))
    i = t3.index("10 1 0 0 0 0 11")
    t3[i] = "10 1 0 0 0 11"
    result = read(tmp_path, text_report(t3=t3))
    r = result.report
    assert all(r.values[c] is None for c in CELLS if c.startswith("t3."))
    assert {c: r.values[c] for c in CELLS if not c.startswith("t3.")} == {
        c: v for c, v in CELLS.items() if not c.startswith("t3.")}
    assert result.log.of_kind(UNRECOGNISED)


def test_a_lone_total_header_after_the_column_headers_is_no_row(tmp_path):
    """"总计" closing the column headers ("其他", "总计") before a line of numbers is the
    header, not （七）总计: the numbers are not put into （七）总计."""
    t3 = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "23 3 0 0 1 0 27"]
    result = read(tmp_path, text_report(t3=t3))
    r = result.report
    assert all(r.values[f"t3.total.{c}"] is None for c in T3_COLS)
    assert "没有行标题的一行数字未读取：23 3 0 0 1 0 27" in [e.message for e in result.log.of_kind(UNRECOGNISED)]


# -- overview sub-parts written as an enumeration

ENUMERATED = [
    ("一是主动公开。", "二是依申请公开。", "三是政府信息管理。", "四是政府信息公开平台建设。", "五是监督保障。"),
    ("一是加强主动公开", "二是规范依申请公开", "三是强化政府信息管理", "四是加强平台建设", "五是强化监督保障"),
]


@pytest.mark.parametrize("subheads", ENUMERATED, ids=["plain", "worded"])
@pytest.mark.parametrize("name", ["report.txt", "report.html"])
def test_overview_sub_parts_written_one_shi_er_shi(tmp_path, subheads, name):
    """"一是……" opens the sub-part it names; the line is prose and stays in its text."""
    if name.endswith(".html"):
        from variants import html_report, html_t2_rows, html_t3_rows, html_t4_rows, html_table
        text = html_report(html_table(html_t2_rows()), html_table(html_t3_rows()), html_table(html_t4_rows()),
                           subheads=subheads)
    else:
        text = text_report(subheads=subheads)
    result = read(tmp_path, text, name)
    texts = dict(TEXTS)
    for sub, tid in zip(subheads, list(TEXTS)[:5]):
        texts[tid] = f"{sub}\n{TEXTS[tid]}"
    assert_all_read(result, texts=texts)


def test_overview_sub_parts_numbered_like_parts(tmp_path):
    subheads = ("一、主动公开", "二、依申请公开", "三、政府信息管理", "四、政府信息公开平台建设", "五、监督保障")
    assert_all_read(read(tmp_path, text_report(subheads=subheads)))


@pytest.mark.parametrize("line", [
    "一是加强组织领导。", "二是主动公开政策解读。", "一是主动公开和依申请公开并重。", "六是监督保障。"])
def test_an_enumeration_naming_no_sub_part_of_its_own_opens_none(tmp_path, line):
    """Not its own number, another sub-part's name too, or no sub-part at all: prose."""
    text = text_report(subheads=("",) * 5).replace(f"{HEADINGS[0]}\n", f"{HEADINGS[0]}\n{line}\n", 1)
    result = read(tmp_path, text)
    assert result.report.texts["text.overview"].startswith(line)
    assert not any(t in result.report.texts for t in list(TEXTS)[:5])


def test_an_enumeration_inside_headed_sub_parts_stays_in_its_sub_part(tmp_path):
    """With （一）……（五） headings, "二是依申请公开……" under （一） is a list item there."""
    text = text_report().replace(TEXTS["text.overview.proactive"],
                                 TEXTS["text.overview.proactive"] + "\n一是主动公开政策文件。\n二是依申请公开答复规范。")
    result = read(tmp_path, text)
    assert result.report.texts["text.overview.proactive"] == (
        TEXTS["text.overview.proactive"] + "\n一是主动公开政策文件。\n二是依申请公开答复规范。")
    assert result.report.texts["text.overview.on_request"] == TEXTS["text.overview.on_request"]


# -- Word files saved by WPS

def _wps(t3_matrix_edit=None) -> bytes:
    from docx import Document
    from make_fixtures import _docx_table, grid_matrix
    from variants import docx_report, published, wps_docx

    def t3(doc):
        m = grid_matrix(published(), "t3")
        if t3_matrix_edit:
            t3_matrix_edit(m)
        _docx_table(doc, m)
    import io
    return wps_docx(Document(io.BytesIO(docx_report(t3))))


def test_docx_saved_by_wps_continuation_cells_keep_their_text(tmp_path):
    """Merged cells' text repeated in every continuation cell, numbers one run per digit
    (t2 1234 as 1|2|3|4), headers and labels in several paragraphs."""
    def edit(m):
        for r in m:
            for j, c in enumerate(r):
                if c and c[0] in ("自然人", "总计", "法人或其他组织"):
                    r[j] = (c[0][:-1] + "\n" + c[0][-1], c[1], c[2])
                elif c and c[0].startswith("（二）部分公开"):
                    r[j] = ("（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）", c[1], c[2])
    path = tmp_path / "wps.docx"
    path.write_bytes(_wps(edit))
    result = read_report(path)
    assert_all_read(result)
    assert result.log.problems() == []


def test_docx_saved_by_wps_numbers_merged_down_read_once(tmp_path):
    """A label over two rows, its numbers merged down: WPS keeps the numbers in the second
    row's continuation cells too; the row is read once, from its first row."""
    from variants import partial_over_two_rows

    path = tmp_path / "wps.docx"
    path.write_bytes(_wps(partial_over_two_rows))
    result = read_report(path)
    assert_all_read(result)
    assert result.log.problems() == []


# -- Word's "save as web page", and pages laid out as one table

def test_word_save_as_web_page(tmp_path):
    """GB2312, mso- styles, <o:p>, <span lang=EN-US> around numbers, conditional comments,
    Word's row of column widths, and source lines wrapped inside Chinese text (a heading
    broken in the source is one heading, a paragraph one paragraph)."""
    from variants import word_html_report

    path = tmp_path / "report.htm"
    path.write_bytes(word_html_report())
    result = read_report(path)
    assert_all_read(result)
    assert [e.kind for e in result.log.problems()] == []
    assert check(result.report) == []


def test_word_web_page_overview_as_an_enumeration(tmp_path):
    from variants import word_html_report

    subheads = ENUMERATED[0]
    path = tmp_path / "report.htm"
    path.write_bytes(word_html_report(subheads=subheads))
    texts = dict(TEXTS)
    for sub, tid in zip(subheads, list(TEXTS)[:5]):
        texts[tid] = f"{sub}\n{TEXTS[tid]}"
    assert_all_read(read_report(path), texts=texts)


def _one_table_page(title=TITLE) -> str:
    from variants import html_t2_rows, html_t3_rows, html_t4_rows, html_table

    def para(text):
        return [f"<td colspan=10>&nbsp;&nbsp;{text}</td>"]
    rows = [[f"<td colspan=10 align=center><b>{title}</b></td>"], para(HEADINGS[0])]
    for sub, tid in zip(SUBHEADS, list(TEXTS)[:5]):
        rows += [para(sub), para(TEXTS[tid])]
    rows += [para(HEADINGS[1]), *html_t2_rows(), para(HEADINGS[2]), *html_t3_rows(), para(HEADINGS[3]),
             *html_t4_rows(), para(HEADINGS[4]), para(TEXTS["text.problems"]), para(HEADINGS[5]),
             para(TEXTS["text.other"])]
    return ("<html><head><meta charset='utf-8'><title>政府信息公开年报</title></head><body>"
            "<div class='nav'>首页 | 政务公开</div>" + html_table(rows) + "</body></html>")


def test_page_whose_whole_report_is_one_table(tmp_path):
    """Title, headings and prose each a row of one cell, the report's tables' rows in the
    same table: the prose rows are read as paragraphs, the rest by their labels."""
    result = read(tmp_path, _one_table_page(), "report.html")
    assert_all_read(result)
    assert result.log.problems() == []


def test_page_whose_report_sits_in_a_layout_table_cell(tmp_path):
    from variants import html_report, html_t2_rows, html_t3_rows, html_t4_rows, html_table

    page = html_report(html_table(html_t2_rows()), html_table(html_t3_rows()), html_table(html_t4_rows()))
    body = page[page.index("<body>") + 6:page.index("</body>")]
    page = page.replace(body, "<table width='100%'><tr><td>左侧菜单</td><td>" + body + "</td></tr></table>")
    result = read(tmp_path, page, "report.html")
    assert_all_read(result)


# -- titles of townships, county bureaus and city departments, 2022 and 2023

@pytest.mark.parametrize("title, agency, year", [
    ("杭州市西湖区北山街道办事处\n2022年政府信息公开工作年度报告", "杭州市西湖区北山街道办事处", 2022),
    ("某某县某某乡人民政府2022年度政府信息公开工作年度报告", "某某县某某乡人民政府", 2022),
    ("某某县教育局\n2023年度政府信息公开\n工作年度报告", "某某县教育局", 2023),
    ("某某市生态环境局2023年政府信息公开工作年度报告", "某某市生态环境局", 2023),
    ("2023年某某县市场监督管理局政府信息公开工作年度报告", "某某县市场监督管理局", 2023),
    ("二〇二二年度某某市交通运输局政府信息公开工作年度报告", "某某市交通运输局", 2022),
])
def test_titles_of_2022_and_2023_reports(tmp_path, title, agency, year):
    result = read(tmp_path, text_report(title=title))
    assert_all_read(result, agency=agency, year=year)
    assert result.log.problems() == []
