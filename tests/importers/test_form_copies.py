"""A row, a column or a table added to a copy of the form file is read with no code change:
published-looking copies of such a form (text and Word, laid out from its own grids) read back
cell for cell, and the checks count what was added (issue 12, form knowledge in the form)."""

from __future__ import annotations

import pytest
from formcopy import T5_CELLS, docx_report, form_copy, text_lines, text_report
from variants import AGENCY, CELLS, TEXTS, YEAR

from reportdesk.importers import read_report
from reportdesk.importers.log import INTERPRETED, NOTE, UNRECOGNISED
from reportdesk.rules import check

T3_COLS = ("natural", "business", "research", "public_interest", "legal", "other_org", "total")
T4_GROUPS = ("review", "suit_direct", "suit_after_review")


def report_cells(form, *what, fault: bool = False) -> dict:
    """Our variants' balanced report, with the cells of what was added. ``fault``: the
    addition printed but left out of its total (as a copy whose totals were summed by hand
    over the old rows and columns)."""
    cells = dict(CELLS)
    if "row" in what:
        cells.update({f"t3.other.referred.{c}": 0 for c in T3_COLS})
        cells["t3.other.referred.natural"] = cells["t3.other.referred.total"] = 2
        if not fault:   # two of 不掌握 were in truth referred: （七）总计 is unchanged
            cells["t3.unavailable.not_held.natural"] -= 2
            cells["t3.unavailable.not_held.total"] -= 2
    if "column" in what:
        cells.update({f"t4.{g}.terminated": 0 for g in T4_GROUPS})
        cells["t4.review.terminated"] = 1
        if not fault:
            cells["t4.review.total"] += 1
    if "table" in what:
        cells.update(T5_CELLS)
        if fault:
            cells["t5.unit_staff.part_time"] = None
    assert set(cells) == set(form.cells)
    return cells


def write(tmp_path, shape, form, cells):
    if shape == "text":
        path = tmp_path / "report.txt"
        path.write_text(text_report(form, AGENCY, YEAR, cells, TEXTS), encoding="utf-8")
    else:
        path = tmp_path / "report.docx"
        path.write_bytes(docx_report(form, AGENCY, YEAR, cells, TEXTS))
    return path


ADDED = [("row",), ("column",), ("table",), ("row", "column", "table")]


@pytest.mark.parametrize("shape", ["text", "docx"])
@pytest.mark.parametrize("what", ADDED, ids="+".join)
def test_a_copy_of_the_form_with_a_row_a_column_or_a_table_reads_back_cell_for_cell(tmp_path, what, shape):
    form = form_copy(tmp_path, *what)
    cells = report_cells(form, *what)
    result = read_report(write(tmp_path, shape, form, cells), form)
    report = result.report
    assert (report.agency, report.year) == (AGENCY, YEAR)
    assert {c: report.values[c] for c in form.cells} == cells
    assert report.texts == TEXTS
    assert result.log.problems() == []
    assert check(report) == []


def test_the_added_row_is_counted_by_its_total_when_a_copy_is_checked(tmp_path):
    form = form_copy(tmp_path, "row")
    assert len(form.cells) == 207
    cells = report_cells(form, "row", fault=True)
    result = read_report(write(tmp_path, "docx", form, cells), form)
    assert result.report.values["t3.other.referred.natural"] == 2
    assert [(f.rule, f.message) for f in check(result.report)] == [
        ("3", "表三「自然人」列：（七）总计为23，（一）至（六）各项之和为25，相差2"),
        ("3", "表三「总计」列：（七）总计为26，（一）至（六）各项之和为28，相差2"),
    ]


def test_the_added_column_is_counted_by_each_groups_total_when_a_copy_is_checked(tmp_path):
    form = form_copy(tmp_path, "column")
    cells = report_cells(form, "column", fault=True)
    result = read_report(write(tmp_path, "text", form, cells), form)
    assert result.report.values["t4.review.terminated"] == 1
    assert [(f.rule, f.message) for f in check(result.report)] == [
        ("4", "表四「行政复议」：总计为2，结果维持＋结果纠正＋其他结果＋尚未审结为3，相差1"),
    ]


def test_a_blank_cell_of_the_added_table_is_named_by_rule_5(tmp_path):
    form = form_copy(tmp_path, "table")
    cells = report_cells(form, "table", fault=True)
    result = read_report(write(tmp_path, "text", form, cells), form)
    assert result.report.values["t5.unit_staff.part_time"] is None
    assert [e.message for e in result.log.of_kind(INTERPRETED)] == [
        "表五「所属单位工作人员」「兼职人员数」在原文中是空白，留空待填"]
    assert [(f.rule, f.message) for f in check(result.report)] == [
        ("5", "表五「所属单位工作人员」「兼职人员数」未填写（没有发生的请填0）")]


def test_the_added_column_when_table_4_is_printed_as_two_tables(tmp_path):
    """表四 as 行政复议 | 行政诉讼 (the form's ``pieces``): rows of 6 and 12 numbers now."""
    form = form_copy(tmp_path, "column")
    cells = report_cells(form, "column")
    heads = "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "终止审理", "总计"])
    numbers = [str(cells[f"t4.{g}.{c.id}"]) for g in T4_GROUPS for c in form.tables["t4"].columns]
    t4 = [heads, "\t".join(numbers[:6]), "\t".join([heads, heads]), "\t".join(numbers[6:])]
    text = text_report(form, AGENCY, YEAR, cells, TEXTS)
    text = text.replace("\n".join(text_lines(form, "t4", cells)), "\n".join(t4))
    path = tmp_path / "two-tables.txt"
    path.write_text(text, encoding="utf-8")
    result = read_report(path, form)
    assert {c: result.report.values[c] for c in form.cells} == cells
    assert [e.message for e in result.log.of_kind(NOTE) if "分开印刷" in e.message] == [
        "表四分开印刷，这一行按行政复议读取", "表四分开印刷，这一行按未经复议直接起诉、复议后起诉读取"]


def test_the_added_table_read_by_its_blocks_header(tmp_path):
    """表五's block printed with its columns swapped and one the form does not have: each
    number goes by its header; the unknown column is logged, its numbers never put elsewhere."""
    form = form_copy(tmp_path, "table")
    cells = report_cells(form, "table")
    text = text_report(form, AGENCY, YEAR, cells, TEXTS)
    printed = "项目\t专职人员数\t兼职人员数\n本机关工作人员\t2\t3\n所属单位工作人员\t0\t11"
    assert printed in text
    text = text.replace(printed, "项目\t兼职人员数\t专职人员数\t上年人数\n本机关工作人员\t3\t2\t4\n"
                                 "所属单位工作人员\t11\t0\t9")
    path = tmp_path / "reordered.txt"
    path.write_text(text, encoding="utf-8")
    result = read_report(path, form)
    assert {c: result.report.values[c] for c in form.cells} == cells
    assert [e.message for e in result.log.of_kind(UNRECOGNISED)] == [
        "“本机关工作人员”一行中“上年人数”不是本格式表五的栏目，这些数字未读取",
        "“所属单位工作人员”一行中“上年人数”不是本格式表五的栏目，这些数字未读取"]


# -- the reading hints are the form's: change the form file, and the reading follows

def read_text(tmp_path, text, form):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return read_report(path, form)


SHIPPED_ALIASES = 'aliases = ["合计", "总数", "合计数", "总计数"]'


def test_a_columns_aliases_are_the_words_read_for_it(tmp_path):
    """表三's 总计 printed as 合计 is read by the shipped form's ``aliases``; a copy that names
    汇总 instead reads 汇总 and no longer knows 合计 (需核对, the official order)."""
    from test_t3_columns import LAYOUTS, tab_lines
    from variants import text_report as variant_report

    header, order = LAYOUTS["organisations-first-total-beside"]
    form = form_copy(tmp_path, also=((SHIPPED_ALIASES, 'aliases = ["汇总"]'),))
    result = read_text(tmp_path, variant_report(t3=tab_lines((header, order))), form)
    assert [e.message for e in result.log.of_kind(INTERPRETED)] == [
        "表三的表头不能确定每一列的位置（表头中“合计”不是表三的栏目），按规定的顺序读取：自然人、商业企业、科研机构、"
        "社会公益组织、法律服务机构、其他、总计，请核对"]
    renamed = [(("汇总",) + h[1:]) if h[0] == "合计" else h for h in header]
    result = read_text(tmp_path, variant_report(t3=tab_lines((renamed, order))), form)
    assert {c: result.report.values[c] for c in CELLS} == CELLS
    assert "表三表头“汇总”按“总计”读取" in [e.message for e in result.log.of_kind(NOTE)]


def test_the_pieces_a_single_row_table_is_printed_in_are_the_forms(tmp_path):
    """Without ``pieces``, 表四 printed as two tables is not guessed at: blank, logged."""
    from variants import text_report as variant_report

    form = form_copy(tmp_path, also=(('pieces = [["review"], ["suit_direct", "suit_after_review"]]\n', ""),))
    heads = "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    numbers = [str(CELLS[f"t4.{g}.{c}"]) for g in T4_GROUPS for c in ("upheld", "corrected", "other", "pending", "total")]
    t4 = [heads, "\t".join(numbers[:5]), "\t".join([heads, heads]), "\t".join(numbers[5:])]
    result = read_text(tmp_path, variant_report(t4=t4), form)
    assert all(v is None for c, v in result.report.values.items() if c.startswith("t4."))
    assert [e.message for e in result.log.of_kind(UNRECOGNISED)] == [
        "表四应有15个数，读到5个，分不清每个数属于哪一格，未读取（留空）",
        "表四应有15个数，读到10个，分不清每个数属于哪一格，未读取（留空）"]


def test_a_column_printed_beside_the_top_header_is_the_forms_to_say(tmp_path):
    """A header run into one line, "申请人情况 总计 自然人 …": 总计 may stand under 申请人情况
    (first) or beside it (last) — the shipped form says it may (``beside_top``), so it is
    需核对; a form that does not say so reads it as printed, 总计 first."""
    from test_t3_columns import official_lines
    from variants import CORNER, text_report as variant_report

    line = f"{CORNER}\t申请人情况\t总计\t自然人\t法人或其他组织\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"
    text = variant_report(t3=official_lines([line]))
    shipped = read_text(tmp_path, text, form_copy(tmp_path))
    assert "分不清在它下面还是旁边" in shipped.log.of_kind(INTERPRETED)[0].message
    form = form_copy(tmp_path, also=(("total = true, beside_top = true,", "total = true,"),))
    result = read_text(tmp_path, text, form)
    assert "表三各列按表头顺序读取：总计、自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他" in [
        e.message for e in result.log.of_kind(NOTE)]


def test_the_summary_workbook_shows_what_the_forms_summary_names(tmp_path):
    """The 汇总's summed tables and its figures are the form's ``[summary]``: a copy that adds
    表五 and a figure of it gets a sheet 表三表四表五合计 and a 报告 column, with no code."""
    from io import BytesIO

    from openpyxl import load_workbook

    from reportdesk.importers.batch import FileResult, summary_values
    from reportdesk.importers.summary import summary_chunks

    last = '    { name = "行政诉讼·结果纠正", cells = ["t4.suit_direct.corrected", "t4.suit_after_review.corrected"] },\n'
    form = form_copy(tmp_path, "table", also=(
        ('tables = ["t3", "t4"]\n', 'tables = ["t3", "t4", "t5"]\n'),
        (last, last + '    { name = "专职人员", cells = ["t5.agency_staff.full_time", "t5.unit_staff.full_time"] },\n'
                      '    { name = "专职人员占比", cells = ["t5.agency_staff.full_time", "t5.unit_staff.full_time"], '
                      'divided_by = ["t5.agency_staff.full_time", "t5.agency_staff.part_time", '
                      '"t5.unit_staff.full_time", "t5.unit_staff.part_time"] },\n')))
    cells = report_cells(form, "table")
    path = write(tmp_path, "docx", form, cells)
    report = read_report(path, form).report
    results = [FileResult(path, report.agency, report.year, check(report), values=summary_values(report))] * 2
    wb = load_workbook(BytesIO(b"".join(summary_chunks(results, form))))
    assert wb.sheetnames == ["报告", "问题", "表三表四表五合计"]
    reports = wb["报告"]
    header = [c.value for c in reports[1]]
    assert header[-4:] == ["专职人员", "专职人员占比", "读取情况", "上年对照"]
    row = [c.value for c in reports[2]]
    assert row[header.index("专职人员")] == 2
    assert row[header.index("专职人员占比")] == pytest.approx(2 / 16)
    assert reports.cell(row=2, column=header.index("专职人员占比") + 1).number_format == "0.0%"
    assert reports.cell(row=2, column=header.index("予以公开率") + 1).number_format == "0.0%"
    assert reports.column_dimensions["P"].width == 9     # 专职人员: its name and some room
    totals = wb["表三表四表五合计"]
    assert totals["A1"].value == "表三、表四、表五合计：2份报告之和"
    rows = list(totals.iter_rows(values_only=True))
    assert ("五、政府信息公开工作机构和人员情况",) == tuple(v for v in rows[-8] if v is not None)
    assert [v for v in rows[-1] if v is not None] == ["所属单位工作人员", 0, 22]
