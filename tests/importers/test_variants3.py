"""Round 3 of the importer variants: reports as government sites' content-management systems
publish them (TRS_Editor / zoom / article-content bodies, the site's chrome around, styled
cells, <th> headers, &emsp;/　 indentation, an empty &nbsp; cell), a report split over two
pages of the site, and what a reviewer gets by copying such pages from a browser or a phone.
Every cell, text and finding is asserted."""

from __future__ import annotations

import pytest

import cms
from variants import AGENCY, CELLS, TEXTS, YEAR, t3_rows

from reportdesk.importers import read_report
from reportdesk.importers.log import INTERPRETED, MISSING, NOTE, UNRECOGNISED
from reportdesk.rules import check

PAGE_1_ROWS = {rid for *_g, rid in t3_rows()[:cms.T3_SPLIT - 3]}
ON_PAGE_1 = {c for c in CELLS if c.startswith("t2.") or (c.startswith("t3.") and c.rsplit(".", 1)[0][3:] in PAGE_1_ROWS)}
ON_PAGE_2 = set(CELLS) - ON_PAGE_1
OVERVIEW = [t for t in TEXTS if t.startswith("text.overview.")]


def read(tmp_path, text: str, name: str):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return read_report(path)


def assert_all_read(result):
    r = result.report
    assert (r.agency, r.year) == (AGENCY, YEAR)
    assert {c: r.values[c] for c in CELLS} == CELLS
    assert r.invalid == {}
    assert r.texts == TEXTS
    assert result.log.problems() == []
    assert check(r) == []


def assert_page(result, page: int):
    """Only the page's cells and texts, the rest blank; the first thing said of what was not
    read is that the file is one page of two."""
    r = result.report
    here, away = (ON_PAGE_1, ON_PAGE_2) if page == 1 else (ON_PAGE_2, ON_PAGE_1)
    assert (r.agency, r.year) == (AGENCY, YEAR)
    assert {c: r.values[c] for c in here} == {c: CELLS[c] for c in here}
    assert all(r.values[c] is None for c in away)
    texts = OVERVIEW if page == 1 else ["text.problems", "text.other"]
    assert r.texts == {t: TEXTS[t] for t in texts}
    assert result.log.of_kind(UNRECOGNISED) == []
    other = 2 if page == 1 else 1
    first, *rest = result.log.unread()
    assert first.kind == MISSING
    assert first.message == (f"网页的报告正文共2页，这个文件只是第{page}页：第{other}页的内容不在文件中。"
                             "下面缺少的表格、单元格和部分请打开其余各页核对（未作推测，留空）")
    if page == 1:
        assert [e.message for e in rest if not e.message.startswith("没有读到")] == [
            "没有找到“五、存在的主要问题及改进情况”", "没有找到“六、其他需要报告的事项”",
            "没有找到表四（政府信息公开行政复议、行政诉讼情况）"]
    else:
        assert [e.message for e in rest if not e.message.startswith("没有读到")] == [
            "没有找到“一、总体情况”", "没有找到表二（主动公开政府信息情况）"]
    findings = check(r)
    blank_rows = {f.cells[0].rsplit(".", 1)[0] for f in findings if f.rule == "5"}
    assert {c.rsplit(".", 1)[0] for c in away} == blank_rows


# -- web pages as the CMS writes them

@pytest.mark.parametrize("wrapper", ["TRS_Editor", "zoom", "article-content"])
@pytest.mark.parametrize("th,indent", [(False, "&emsp;&emsp;"), (True, "&ensp;&ensp;&ensp;&ensp;"), (True, "　　")])
def test_cms_page_reads_every_cell_and_text(tmp_path, wrapper, th, indent):
    result = read(tmp_path, cms.page(wrapper=wrapper, th=th, indent=indent), "report.html")
    assert_all_read(result)
    assert "已从网页中取出报告正文，菜单、页眉页脚等页面内容未读取" in [e.message for e in result.log.of_kind(NOTE)]


def test_cms_page_empty_cell_is_blank_not_zero(tmp_path):
    blank = {"t3.withheld.secret.research"}
    for name, text in [("r.html", cms.page(blank=blank)), ("chrome.txt", cms.browser_copy(cms.page(blank=blank))),
                       ("pad.txt", cms.browser_copy(cms.page(blank=blank), "pad"))]:
        result = read(tmp_path, text, name)
        r = result.report
        assert r.values["t3.withheld.secret.research"] is None
        assert {c: r.values[c] for c in CELLS if c not in blank} == {c: v for c, v in CELLS.items() if c not in blank}
        assert [e.message for e in result.log.problems()] == ["表三「（三）1.属于国家秘密」「科研机构」在原文中是空白，留空待填"]
        assert [(f.rule, f.cells) for f in check(r)] == [("5", ["t3.withheld.secret.research"])]


@pytest.mark.parametrize("pager", ["text", "outside", "script"])
@pytest.mark.parametrize("page", [1, 2])
def test_one_page_of_a_report_split_over_two_says_what_is_missing(tmp_path, page, pager):
    result = read(tmp_path, cms.page(page=page, pager=pager), "page.html")
    assert_page(result, page)


def test_a_pager_on_a_whole_report_is_only_noted(tmp_path):
    html = cms.page().replace("</div></div>\n<div class=\"share\">", cms.PAGER_1 + "</div></div>\n<div class=\"share\">")
    result = read(tmp_path, html, "report.html")
    assert_all_read(result)
    assert "网页的分页链接（“第1页/第2页”）未读取" in [e.message for e in result.log.of_kind(NOTE)]


# -- copies from a browser (Ctrl+A, Ctrl+C, paste into Notepad) and from a phone

@pytest.mark.parametrize("mode", ["chrome", "pad", "phone"])
def test_browser_copy_of_a_cms_page(tmp_path, mode):
    """Menus, breadcrumb, the 索引号 box (tab-separated: preamble, not a table) and the title
    before the report; 分享到/扫一扫/打印本页/相关链接/footer after it, never in part 六."""
    result = read(tmp_path, cms.browser_copy(cms.page(), mode), "copy.txt")
    assert_all_read(result)
    notes = [e.message for e in result.log.of_kind(NOTE)]
    assert "报告正文之外的网页内容（相关链接、打印/关闭、页脚等）6行，未读取" in notes


@pytest.mark.parametrize("mode", ["chrome", "pad", "phone"])
@pytest.mark.parametrize("page", [1, 2])
def test_browser_copy_of_one_page_of_two(tmp_path, mode, page):
    """Page 2 begins inside table 3, before any heading: its rows are read by their labels
    (also one cell a line)."""
    result = read(tmp_path, cms.browser_copy(cms.page(page=page), mode), "copy.txt")
    assert_page(result, page)


@pytest.mark.parametrize("mode", ["chrome", "pad", "phone"])
def test_browser_copies_of_both_pages_pasted_together(tmp_path, mode):
    """The first page's footer, then the second page's menus: the report goes on at the rows of
    table 3 on page 2."""
    text = cms.browser_copy(cms.page(page=1), mode) + cms.browser_copy(cms.page(page=2), mode)
    result = read(tmp_path, text, "both.txt")
    assert_all_read(result)
    assert "网页的分页链接（“第1页/第2页”）未读取" in [e.message for e in result.log.of_kind(NOTE)]


def test_title_is_never_taken_from_a_pages_field_box_or_preamble(tmp_path):
    """The 索引号/名称 box lines and a preamble naming the report are no title: with the
    heading missing, the title is logged missing rather than guessed."""
    text = cms.browser_copy(cms.page()).replace(
        "某某县自然资源局2023年度政府信息公开工作年度报告\n发布时间", "发布时间")
    text = text.replace("名称：\t某某县自然资源局2023年度政府信息公开工作年度报告", "名称：\t某某县自然资源局年报")
    result = read(tmp_path, text, "copy.txt")
    r = result.report
    assert (r.agency, r.year) == ("", None)
    assert result.log.of_kind(MISSING)[0].message == "没有找到“××××年政府信息公开工作年度报告”标题，机关名称和年度需要填写"
    assert {c: r.values[c] for c in CELLS} == CELLS
