"""Shapes of published reports the fixtures do not cover, built in tmp_path from one report's
numbers (tests/importers/variants.py): every cell, text and finding is asserted."""

from __future__ import annotations

import pytest

from published import T3_ITEMS, T4_COLS, T4_GROUPS
from variants import (AGENCY, CELLS, CORNER, HEADINGS, KINDS, RESULTS, T4_HEADS, TEXTS, TITLE, YEAR, T3_COLS, docx_fill,
                      docx_report, fullwidth, html_report, html_t2_rows, published, t3_rows, td, value,
                      html_t3_rows, html_t4_rows, html_table, one_cell_per_line, renumber, t2_lines, t3_lines,
                      partial_over_two_rows, t4_lines, text_report, unbalanced)

from reportdesk.importers import read_report
from reportdesk.importers.log import INTERPRETED, MISSING, UNRECOGNISED
from reportdesk.rules import check


def read(tmp_path, text: str, name: str = "report.txt", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_report(path)


def assert_all_read(result, cells=CELLS, texts=TEXTS):
    r = result.report
    assert (r.agency, r.year) == (AGENCY, YEAR)
    assert {c: r.values[c] for c in cells} == cells
    assert r.invalid == {}
    assert r.texts == texts
    assert result.log.of_kind(UNRECOGNISED) == []
    assert result.log.of_kind(MISSING) == []


def findings(report):
    return sorted((f.rule, tuple(f.cells)) for f in check(report))


def test_tab_flattened_copy_reads_every_cell_and_balances(tmp_path):
    result = read(tmp_path, text_report())
    assert_all_read(result)
    assert check(result.report) == []
    assert result.log.problems() == []


# -- labels numbered differently

@pytest.mark.parametrize("relabel", [
    renumber(r"^(\d)\.", lambda m: chr(0x2460 + int(m.group(1)) - 1)),   # ①属于国家秘密
    renumber(r"^(\d)\.", lambda m: chr(0x2776 + int(m.group(1)) - 1)),   # ❶属于国家秘密
    renumber(r"^(\d)\.", r"（\1）"),                                      # （1）属于国家秘密
    renumber(r"^(\d)\.", r"\1、"),                                        # 1、属于国家秘密
    lambda s: s.replace("（", "(").replace("）", ")"),                     # (一)予以公开
    lambda s: s.replace("、", "、 ").replace("）", "） "),                  # 一、 本年新收…
], ids=["circled", "negative-circled", "bracketed-digit", "dunhao", "half-width", "spaced"])
def test_item_numbering_styles(tmp_path, relabel):
    result = read(tmp_path, text_report(t3=t3_lines(relabel=relabel)))
    assert_all_read(result)
    assert check(result.report) == []
    # every label matched exactly: no "按…读取" approximations to check by hand
    assert [e for e in result.log.of_kind(INTERPRETED) if "按“" in e.message] == []


# -- headings and titles worded differently

@pytest.mark.parametrize("five,six", [
    ("五、政府信息公开工作存在的主要问题及改进情况", "六、其他需要报告的事项"),
    ("五、存在的主要问题和改进措施", "六、其他需报告的事项"),
    ("五、工作中存在的主要问题及改进情况", "六、其他事项"),
    ("五、存在的问题及改进情况", "六、其他需要说明的事项"),
])
def test_parts_five_and_six_worded_differently(tmp_path, five, six):
    result = read(tmp_path, text_report(headings=HEADINGS[:4] + (five, six)))
    assert_all_read(result)
    assert result.report.texts["text.problems"] == TEXTS["text.problems"]
    assert result.report.texts["text.other"] == TEXTS["text.other"]


def test_a_numbered_list_in_part_five_is_no_heading(tmp_path):
    text = text_report().replace(TEXTS["text.problems"], "一、加强培训。\n六、加强队伍建设\n完善制度。")
    result = read(tmp_path, text)
    assert result.report.texts["text.problems"] == "一、加强培训。\n六、加强队伍建设\n完善制度。"
    assert result.report.texts["text.other"] == TEXTS["text.other"]


@pytest.mark.parametrize("subheads", [
    ("(一)主动公开情况", "(二)依申请公开情况", "(三)政府信息管理情况", "(四)政府信息公开平台建设情况", "(五)监督保障情况"),
    ("1.主动公开", "2.依申请公开", "3.政府信息管理", "4.政府信息公开平台建设", "5.监督保障"),
    ("1、主动公开", "2、依申请公开", "3、政府信息管理", "4、平台建设", "5、监督保障"),
])
def test_overview_subheadings_numbered_differently(tmp_path, subheads):
    assert_all_read(read(tmp_path, text_report(subheads=subheads)))


def test_a_numbered_sentence_in_the_overview_does_not_open_another_sub_part(tmp_path):
    text = text_report().replace(TEXTS["text.overview.proactive"],
                                 TEXTS["text.overview.proactive"] + "\n1.依申请公开事项目录已更新。")
    result = read(tmp_path, text)
    assert result.report.texts["text.overview.proactive"] == (
        TEXTS["text.overview.proactive"] + "\n1.依申请公开事项目录已更新。")
    assert result.report.texts["text.overview.on_request"] == TEXTS["text.overview.on_request"]


@pytest.mark.parametrize("title", [
    TITLE,
    f"{AGENCY}\n2023年度政府信息公开\n工作年度报告",
    f"{AGENCY}关于2023年度政府信息公开工作年度报告",
    f"{AGENCY}2023年政府信息公开工作报告",
    f"{AGENCY}2023年政府信息公开年报",
    f"{AGENCY}二〇二三年政府信息公开工作年度报告",
])
def test_title_shapes(tmp_path, title):
    result = read(tmp_path, text_report(title=title))
    assert (result.report.agency, result.report.year) == (AGENCY, YEAR)
    assert result.report.texts == TEXTS


def test_a_sentence_naming_the_report_is_no_title(tmp_path):
    text = text_report(title="根据条例，现将本局2023年政府信息公开工作报告如下")
    result = read(tmp_path, text)
    assert (result.report.agency, result.report.year) == ("", None)
    assert any("没有找到" in e.message and "标题" in e.message for e in result.log.of_kind(MISSING))


def test_part_five_with_its_own_sub_headings_keeps_them_as_lines(tmp_path):
    """Text copies join lines a viewer wrapped; a short numbered heading is no wrapped line."""
    problems = "（一）存在的主要问题\n公开内容不够全面\n（二）改进情况\n下一步将加强培训。"
    result = read(tmp_path, text_report().replace(TEXTS["text.problems"], problems))
    assert result.report.texts["text.problems"] == problems
    assert result.report.texts["text.other"] == TEXTS["text.other"]


# -- web pages

def read_page(tmp_path, t2=None, t3=None, t4=None, **kw):
    page = html_report(t2 or html_table(html_t2_rows()), t3 or html_table(html_t3_rows()),
                       t4 or html_table(html_t4_rows()), **kw)
    return read(tmp_path, page, "report.html")


def test_page_with_styled_cells_units_separators_and_two_header_groups(tmp_path):
    """<td><p style><span style>, 件, 1,234, — for 0, full-width digits, 表四 with 行政复议 and
    行政诉讼 as two header groups, the title with 2023年度."""
    def t2fmt(s):
        return {"1234": "1,234", "0": "—", "3.6": "3.6万元"}.get(s, s + "件")
    result = read_page(tmp_path, html_table(html_t2_rows(fmt=t2fmt)), html_table(html_t3_rows(fmt=fullwidth)),
                       headings=HEADINGS[:4] + ("五、政府信息公开工作存在的主要问题及改进情况", HEADINGS[5]))
    assert_all_read(result)
    assert check(result.report) == []
    zeros = sorted(e.cell for e in result.log.of_kind(INTERPRETED) if "按0读取" in e.message)
    assert zeros == ["t2.enforcement.decisions", "t2.rules.issued", "t2.rules.repealed", "t2.rules.valid"]
    assert [e.cell for e in result.log.of_kind(INTERPRETED) if "千位分隔符" in e.message] == ["t2.licensing.decisions"]


def test_page_table3_header_in_two_rows_and_total_beside_applicants(tmp_path):
    assert_all_read(read_page(tmp_path, t3=html_table(html_t3_rows(header="two-rows"))))
    rows = html_t3_rows()
    rows[:2] = [[td(CORNER, rs=3, cs=3), td("申请人情况", cs=6), td("总计", rs=3)],
                [td("自然人", rs=2), td("法人或其他组织", cs=5)]]
    result = read_page(tmp_path, t3=html_table(rows))
    assert_all_read(result)
    assert result.log.problems() == []


def test_page_labels_and_numbers_in_two_tables_side_by_side(tmp_path):
    labels = [[td(CORNER)]] + [[td(label)] for _g0, _g1, label, _rid in t3_rows()]
    numbers = [[td(x) for x in ("自然人", *KINDS, "总计")]] + [
        [td(value(f"t3.{rid}.{c}")) for c in T3_COLS] for *_x, rid in t3_rows()]
    side = (f'<table width="100%"><tr><td valign="top">{html_table(labels)}</td>'
            f'<td valign="top">{html_table(numbers)}</td></tr></table>')
    result = read_page(tmp_path, t3=side)
    assert_all_read(result)
    assert result.log.problems() == []


def test_page_group_label_on_a_row_of_its_own_and_group_with_item_in_one_cell(tmp_path):
    listed = t3_rows()
    rows = html_t3_rows()[:3] + [[td(label, cs=3)] + [td(value(f"t3.{rid}.{c}")) for c in T3_COLS]
                                 for _g0, _g1, label, rid in listed[:2]]
    rows.append([td(RESULTS, cs=10)])  # 三、本年度办理结果 across the table, no rowspan
    for _g0, g1, label, rid in listed[2:]:
        rows.append([td(f"{g1} {label}".strip(), cs=3)] + [td(value(f"t3.{rid}.{c}")) for c in T3_COLS])
    result = read_page(tmp_path, t3=html_table(rows))
    assert_all_read(result)
    assert result.log.problems() == []  # every label exact, the group row no noise


def test_page_table4_data_row_with_a_caption(tmp_path):
    rows = html_t4_rows()
    rows[0].insert(0, td("", rs=3))
    rows[3].insert(0, td("件数"))
    result = read_page(tmp_path, t4=html_table(rows))
    assert_all_read(result)
    [entry] = result.log.problems()
    assert entry.kind == INTERPRETED and "件数" in entry.message and "表四" in entry.message


def test_page_with_zero_marks_and_labels_broken_by_br(tmp_path):
    page_t3 = html_table(html_t3_rows(fmt=lambda s: "/" if s == "0" else s)).replace(
        "（区分处理的，只计这一情形，不计其他情形）", "<br>（区分处理的，只<br>计这一情形，不计<br>其他情形）").replace(
        "没有现成信息需要另行制作", "没有现成信息<br>需要另行制作")
    result = read_page(tmp_path, html_table(html_t2_rows(fmt=lambda s: "无" if s == "0" else s)), page_t3)
    assert_all_read(result)
    zeros = {e.cell for e in result.log.of_kind(INTERPRETED) if "按0读取" in e.message}
    assert zeros == {c for c, v in CELLS.items() if v == 0 and not c.startswith("t4.")}


# -- Word documents

def test_docx_table3_nested_in_a_layout_table(tmp_path):
    from make_fixtures import grid_matrix

    def nested(doc):
        m = grid_matrix(published(), "t3")
        inner = doc.add_table(rows=1, cols=1).cell(0, 0).add_table(rows=len(m), cols=len(m[0]))
        for i, r in enumerate(m):
            for j, c in enumerate(r):
                if c is not None:
                    target = inner.cell(i, j)
                    if c[1] > 1 or c[2] > 1:
                        target = target.merge(inner.cell(i + c[1] - 1, j + c[2] - 1))
                    target.paragraphs[0].add_run(c[0])
    path = tmp_path / "nested.docx"
    path.write_bytes(docx_report(nested))
    result = read_report(path)
    assert_all_read(result)
    assert result.log.problems() == []


def test_docx_labels_and_numbers_in_nested_tables_side_by_side(tmp_path):
    def side(doc):
        outer = doc.add_table(rows=1, cols=2)
        labels = [[CORNER]] + [[label] for _g0, _g1, label, _rid in t3_rows()]
        numbers = [["自然人", *KINDS, "总计"]] + [[value(f"t3.{rid}.{c}") for c in T3_COLS] for *_x, rid in t3_rows()]
        for cell, rows in ((outer.cell(0, 0), labels), (outer.cell(0, 1), numbers)):
            docx_fill(cell.add_table(rows=len(rows), cols=len(rows[0])), rows)
    path = tmp_path / "side.docx"
    path.write_bytes(docx_report(side))
    result = read_report(path)
    assert_all_read(result)
    assert result.log.problems() == []


def test_docx_label_over_two_rows_with_its_numbers_merged_down(tmp_path):
    from make_fixtures import _docx_table, grid_matrix

    def two_rows(doc):
        m = grid_matrix(published(), "t3")
        partial_over_two_rows(m)
        _docx_table(doc, m)
    path = tmp_path / "two-rows.docx"
    path.write_bytes(docx_report(two_rows))
    result = read_report(path)
    assert_all_read(result)
    assert result.log.problems() == []


# -- text copies: tables one cell per line, blanks, faults

def test_whole_report_copied_one_cell_per_line(tmp_path):
    text = text_report(one_cell_per_line(t2_lines()), one_cell_per_line(t3_lines()), one_cell_per_line(t4_lines()))
    result = read(tmp_path, text)
    assert_all_read(result)
    assert result.log.problems() == []


def test_unbalanced_report_gives_exactly_its_findings(tmp_path):
    cells = unbalanced()
    result = read(tmp_path, text_report(t2_lines(cells), t3_lines(cells), t4_lines(cells)))
    assert_all_read(result, cells=cells)
    natural = [f"t3.{r}.natural" for r in T3_ITEMS]
    total = [f"t3.{r}.total" for r in T3_ITEMS]
    assert findings(result.report) == sorted([
        ("1", ("t3.new.natural", "t3.carried_in.natural", "t3.total.natural", "t3.carried_out.natural")),
        ("2", ("t3.partial.total", *(f"t3.partial.{c}" for c in T3_COLS[:-1]))),
        ("2", ("t3.total.total", *(f"t3.total.{c}" for c in T3_COLS[:-1]))),
        ("3", ("t3.total.natural", *natural)),
        ("3", ("t3.total.total", *total)),
    ])


def test_blank_cells_of_a_tab_copy_stay_blank_in_their_columns(tmp_path):
    result = read(tmp_path, text_report(t3=t3_lines(fmt=lambda s: "" if s == "0" else s)))
    r = result.report
    for cid, v in CELLS.items():
        if cid.startswith("t3."):
            assert r.values[cid] == (None if v == 0 else v), cid
    blanks = {e.cell for e in result.log.of_kind(INTERPRETED) if "空白" in e.message}
    assert "t3.new.research" in blanks and "t3.new.legal" not in blanks
    # a row printed with no number at all is missing, and rule 5 names it
    assert any(f.rule == "5" and "t3.withheld.secret.natural" in f.cells for f in check(r))


def test_table2_header_worded_differently_and_columns_reordered(tmp_path):
    t2 = t2_lines()
    t2[1] = "信息内容\t本年新制发件数\t本年废止件数\t现行有效文件数"
    t2[5] = "信息内容\t处理决定数"
    assert_all_read(read(tmp_path, text_report(t2)))
    t2 = t2_lines()
    t2[1] = "信息内容\t现行有效件数\t本年制发件数\t本年废止件数"
    t2[3] = "行政规范性文件\t12\t3\t1"
    assert_all_read(read(tmp_path, text_report(t2)))


def test_table2_in_the_2019_layout_reads_only_the_columns_of_this_form(tmp_path):
    """The 2019 form's columns (本年新制作数量, 上一年项目数量, 本年增/减) are not this form's:
    their numbers are never put into other columns; 处理决定数量 is read by its header."""
    t2 = ["第二十条第（一）项", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量", "规章\t0\t0\t0",
          "规范性文件\t3\t3\t12",
          "第二十条第（五）项", "信息内容\t上一年项目数量\t本年增/减\t处理决定数量", "行政许可\t20\t0\t1234",
          "第二十条第（六）项", "信息内容\t上一年项目数量\t本年增/减\t处理决定数量", "行政处罚\t10\t0\t56",
          "行政强制\t0\t0\t0",
          "第二十条第（八）项", "信息内容\t上一年项目数量\t本年增/减", "行政事业性收费\t0\t0"]
    result = read(tmp_path, text_report(t2))
    r = result.report
    assert {c: r.values[c] for c in CELLS if c.startswith("t2.")} == {
        "t2.rules.issued": None, "t2.rules.repealed": None, "t2.rules.valid": None,
        "t2.normative.issued": None, "t2.normative.repealed": None, "t2.normative.valid": None,
        "t2.licensing.decisions": 1234, "t2.penalty.decisions": 56, "t2.enforcement.decisions": 0,
        "t2.fees.amount": None}
    dropped = [e.message for e in result.log.of_kind(UNRECOGNISED)]
    assert len(dropped) == 6 and all("不是本格式表二的栏目" in m for m in dropped)
    assert "“规章”一行中“本年新制作数量”“本年新公开数量”“对外公开总数量”不是本格式表二的栏目，这些数字未读取" in dropped
    assert any("规范性文件" in e.message and "行政规范性文件" in e.message for e in result.log.of_kind(INTERPRETED))
    # the rest of the report as published
    assert {c: r.values[c] for c in CELLS if not c.startswith("t2.")} == {
        c: v for c, v in CELLS.items() if not c.startswith("t2.")}
    assert sorted({f.rule for f in check(r)}) == ["5"]


def test_labels_and_numbers_of_several_rows_run_together_are_not_guessed(tmp_path):
    """A PDF's text of a table printed as two tables side by side gives the labels of many rows,
    then their numbers: no row gets another row's numbers."""
    t3 = t3_lines()
    glued = ["\t".join([CORNER, "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"]),
             "\t".join(["23", "3", "0", "0", "1", "0", "27", "2", "0", "0", "0", "0", "0", "2"])]
    result = read(tmp_path, text_report(t3=glued + t3[7:]))  # from （三）1. on, as printed
    r = result.report
    for row in ("new", "carried_in", "granted", "partial"):
        assert all(r.values[f"t3.{row}.{c}"] is None for c in T3_COLS), row
    assert {c: r.values[c] for c in CELLS if c.startswith("t3.withheld.")} == {
        c: v for c, v in CELLS.items() if c.startswith("t3.withheld.")}
    unread = [e.message for e in result.log.of_kind(UNRECOGNISED)]
    assert "“（一）予以公开”应有7个数，读到14个，分不清哪些是这一行的，未读取" in unread


def test_page_table4_printed_as_two_tables(tmp_path):
    """行政复议 in one table, 行政诉讼 (both groups) in another: each row goes to its groups."""
    nums = [value(f"t4.{g}.{c}") for g in T4_GROUPS for c in T4_COLS]
    review = html_table([[td("行政复议", cs=5)], [td(h) for h in T4_HEADS], [td(x) for x in nums[:5]]])
    suits = html_table([[td("行政诉讼", cs=10)], [td("未经复议直接起诉", cs=5), td("复议后起诉", cs=5)],
                        [td(h) for h in T4_HEADS * 2], [td(x) for x in nums[5:]]])
    result = read_page(tmp_path, t4=review + "<p>&nbsp;</p>" + suits)
    assert_all_read(result)
    assert result.log.problems() == []
    # the suits first, then the review: still each to its own groups
    result = read_page(tmp_path, t4=suits + review)
    assert_all_read(result)


def test_text_table4_as_two_tables_without_group_names_fills_the_groups_in_order(tmp_path):
    nums = [value(f"t4.{g}.{c}") for g in T4_GROUPS for c in T4_COLS]
    t4 = ["\t".join(T4_HEADS), "\t".join(nums[:5]), "\t".join(T4_HEADS * 2), "\t".join(nums[5:])]
    result = read(tmp_path, text_report(t4=t4))
    assert_all_read(result)
    notes = [e.message for e in result.log.entries if e.message.startswith("表四分开印刷")]
    assert notes == ["表四分开印刷，这一行按行政复议读取",
                     "表四分开印刷，这一行按未经复议直接起诉、复议后起诉读取"]
