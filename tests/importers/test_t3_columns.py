"""Table 3 with its applicant columns in another order than the official one: read by the
header wherever a header row reaches the table reader as cells (Word, web page, tab text);
a header that cannot be placed surely is read in the official order and logged 需核对; where
no header comes as cells (one cell a line) the official order stays, as before."""

from __future__ import annotations

import pytest

from published import T3_COLS
from variants import CELLS, CORNER, docx_report, html_report, html_t2_rows, html_t4_rows, html_table, \
    one_cell_per_line, t3_rows, td, text_report, value
from test_variants import assert_all_read, read

from reportdesk.importers.log import INTERPRETED, NOTE
from reportdesk.rules import check

OFFICIAL = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

# Header layouts over the seven number columns: (text, row, col, rowspan, colspan) and the
# column each printed position holds.
LAYOUTS = {
    "total-first": (
        [("申请人情况", 0, 0, 1, 7), ("总计", 1, 0, 2, 1), ("自然人", 1, 1, 2, 1), ("法人或其他组织", 1, 2, 1, 5),
         ("商业企业", 2, 2, 1, 1), ("科研机构", 2, 3, 1, 1), ("社会公益组织", 2, 4, 1, 1), ("法律服务机构", 2, 5, 1, 1),
         ("其他", 2, 6, 1, 1)],
        ("total", "natural", "business", "research", "public_interest", "legal", "other_org")),
    "organisations-first-total-beside": (
        [("申请人情况", 0, 0, 1, 6), ("合计", 0, 6, 3, 1), ("法人或其他组织", 1, 0, 1, 5), ("自然人", 1, 5, 2, 1),
         ("商业企业", 2, 0, 1, 1), ("科研机构", 2, 1, 1, 1), ("社会公益组织", 2, 2, 1, 1), ("法律服务机构", 2, 3, 1, 1),
         ("其他", 2, 4, 1, 1)],
        ("business", "research", "public_interest", "legal", "other_org", "natural", "total")),
    "kinds-reordered-in-short-words": (
        [("申请人情况", 0, 0, 1, 7), ("自然人", 1, 0, 2, 1), ("法人或其他组织", 1, 1, 1, 5), ("总计", 1, 6, 2, 1),
         ("企业", 2, 1, 1, 1), ("科研机构", 2, 2, 1, 1), ("公益组织", 2, 3, 1, 1), ("其他", 2, 4, 1, 1),
         ("法律服务", 2, 5, 1, 1)],
        ("natural", "business", "research", "public_interest", "other_org", "legal", "total")),
}
NAMES = {"natural": "自然人", "business": "商业企业", "research": "科研机构", "public_interest": "社会公益组织",
         "legal": "法律服务机构", "other_org": "其他", "total": "总计"}
NOTES = {
    "total-first": ["表三各列按表头顺序读取：总计、自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他"],
    "organisations-first-total-beside": [
        "表三表头“合计”按“总计”读取",
        "表三各列按表头顺序读取：商业企业、科研机构、社会公益组织、法律服务机构、其他、自然人、总计"],
    "kinds-reordered-in-short-words": [
        "表三表头“企业”按“商业企业”读取", "表三表头“公益组织”按“社会公益组织”读取", "表三表头“法律服务”按“法律服务机构”读取",
        "表三各列按表头顺序读取：自然人、商业企业、科研机构、社会公益组织、其他、法律服务机构、总计"],
}


def matrix(layout, cells=None):
    """Table 3's printed grid (label columns 0–2, number columns 3–9), header as ``layout``."""
    header, order = layout
    m = [[None] * 10 for _ in range(3)]
    m[0][0] = (CORNER, 3, 3)
    for text, r, c, rs, cs in header:
        m[r][3 + c] = (text, rs, cs)
    listed = t3_rows()
    for i, (g0, g1, label, rid) in enumerate(listed):
        row: list = [None, None, None]
        if not g0:
            row[0] = (label, 1, 3)
        else:
            if i == 0 or listed[i - 1][0] != g0:
                row[0] = (g0, sum(1 for x in listed if x[0] == g0), 1)
            if g1:
                if listed[i - 1][1] != g1:
                    row[1] = (g1, sum(1 for x in listed if x[1] == g1), 1)
                row[2] = (label, 1, 1)
            else:
                row[1] = (label, 1, 2)
        row += [(value(f"t3.{rid}.{c}", cells), 1, 1) for c in order]
        m.append(row)
    return m


def tab_lines(layout, cells=None) -> list[str]:
    """The grid as a browser copies it into text: a tab between cells, a merged cell once,
    the places it covers left empty (as the example report's copy)."""
    lines = []
    for r in matrix(layout, cells):
        lines.append("\t".join(cell[0] if cell else "" for cell in r))
    return lines


def html_rows(layout, cells=None) -> list[list[str]]:
    return [[td(c[0], rs=c[1], cs=c[2]) for c in r if c] for r in matrix(layout, cells)]


def docx_t3(layout, cells=None):
    def write(doc):
        from make_fixtures import _docx_table

        _docx_table(doc, matrix(layout, cells))
    return write


def page(t3_rows_):
    return html_report(html_table(html_t2_rows()), html_table(t3_rows_), html_table(html_t4_rows()))


def t3_notes(result):
    return [e.message for e in result.log.entries if e.message.startswith(("表三的表头", "表三各列", "表三表头"))]


def read_shape(tmp_path, shape, layout, cells=None):
    if shape == "docx":
        path = tmp_path / "report.docx"
        path.write_bytes(docx_report(docx_t3(layout, cells), cells=cells))
        from reportdesk.importers import read_report
        return read_report(path)
    if shape == "html":
        return read(tmp_path, page(html_rows(layout, cells)), "report.html")
    return read(tmp_path, text_report(t3=tab_lines(layout, cells)))


@pytest.mark.parametrize("shape", ["docx", "html", "tab"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_reordered_columns_are_read_by_the_header(tmp_path, shape, name):
    result = read_shape(tmp_path, shape, LAYOUTS[name])
    assert_all_read(result)                      # every cell of every table, to the right column
    assert check(result.report) == []            # balanced as printed
    assert result.log.problems() == []
    assert t3_notes(result) == NOTES[name]
    assert all(e.kind == NOTE for e in result.log.entries if e.message in NOTES[name])
    # each number of table 3 is logged under its own column
    mapped = {e.cell: e.message for e in result.log.entries if e.cell and e.cell.startswith("t3.new.")}
    assert mapped["t3.new.natural"].endswith("「自然人」＝23")
    assert mapped["t3.new.legal"].endswith("「法律服务机构」＝1")


def test_an_unbalanced_reordered_copy_names_the_right_cells(tmp_path):
    cells = dict(CELLS)
    cells["t3.partial.total"] = 4   # 部分公开's 总计 one more than its row
    result = read_shape(tmp_path, "html", LAYOUTS["total-first"], cells)
    assert result.report.values["t3.partial.total"] == 4
    assert result.report.values["t3.partial.natural"] == 3
    assert any("t3.partial.total" in f.cells for f in check(result.report))


def test_a_table_with_its_header_repeated_on_the_next_page_notes_the_order_once(tmp_path):
    layout = LAYOUTS["total-first"]
    m = matrix(layout)
    rows = m[:5] + m[:3] + m[5:]   # the three header rows again after 一 and 二 (a page break)
    result = read(tmp_path, page([[td(c[0], rs=c[1], cs=c[2]) for c in r if c] for r in rows]), "report.html")
    assert {c: result.report.values[c] for c in CELLS if c.startswith("t3.")} == \
        {c: v for c, v in CELLS.items() if c.startswith("t3.")}
    assert t3_notes(result) == NOTES["total-first"]


# -- headers that cannot be placed surely: the official order, 需核对

def official_lines(header_lines: list[str]) -> list[str]:
    """Table 3 with the given header lines and its numbers in the official order."""
    official = matrix(([], T3_COLS))[3:]
    return header_lines + ["\t".join(c[0] if c else "" for c in r) for r in official]


@pytest.mark.parametrize("header,reason", [
    # a word that is no column of the form ("个人"), among a reordered header
    ([f"{CORNER}\t申请人情况", "总计\t个人\t法人或其他组织", "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"],
     "表头中“个人”不是表三的栏目"),
    # a word inside two of the form's ("机构": 科研机构 or 法律服务机构)
    ([f"{CORNER}\t申请人情况", "自然人\t法人或其他组织\t总计", "商业企业\t机构\t社会公益组织\t法律服务机构\t其他"],
     "表头中“机构”不是表三的栏目"),
    # the header rows run into one line: 总计 under 申请人情况 (first) or beside it (last)?
    ([f"{CORNER}\t申请人情况\t总计\t自然人\t法人或其他组织\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"],
     "“总计”在“申请人情况”之后，分不清在它下面还是旁边"),
    # reordered, but the five kinds' row is missing: their order is not guessed
    ([f"{CORNER}\t申请人情况", "总计\t自然人\t法人或其他组织"], "表头没有分别列出每一列"),
    # a kind printed twice
    ([f"{CORNER}\t申请人情况", "自然人\t法人或其他组织\t总计", "商业企业\t科研机构\t其他\t法律服务机构\t其他"],
     "表头的同一行中有重复的栏目"),
], ids=["unknown-word", "ambiguous-word", "rows-run-together", "kinds-row-missing", "a-kind-twice"])
def test_a_header_that_cannot_be_placed_surely_reads_the_official_order_and_says_so(tmp_path, header, reason):
    result = read(tmp_path, text_report(t3=official_lines(header)))
    assert_all_read(result)          # the numbers are in the official order here: all right
    assert check(result.report) == []
    notes = [e for e in result.log.entries if e.message.startswith("表三的表头")]
    assert [(e.kind, e.message) for e in notes] == [
        (INTERPRETED, f"表三的表头不能确定每一列的位置（{reason}），按规定的顺序读取：" + "、".join(OFFICIAL) + "，请核对")]
    assert "申请人情况" in notes[0].raw   # the header as printed, for the reviewer


def test_an_unplaceable_reordered_header_is_not_guessed_at(tmp_path):
    """总计 first, 自然人 printed as 个人: read in the official order, flagged — and the copy's
    numbers then do not balance, which the findings show (nothing is silently repaired)."""
    header, order = LAYOUTS["total-first"]
    header = [(("个人",) + h[1:]) if h[0] == "自然人" else h for h in header]
    result = read_shape(tmp_path, "html", (header, order))
    assert any(e.kind == INTERPRETED and e.message.startswith("表三的表头不能确定") for e in result.log.entries)
    # official order: the first printed number (总计 27) went to 自然人
    assert result.report.values["t3.new.natural"] == 27
    assert check(result.report) != []


def test_a_header_that_agrees_with_the_official_order_but_lacks_a_row_is_read_quietly(tmp_path):
    lines = official_lines([f"{CORNER}\t申请人情况", "自然人\t法人或其他组织\t总计"])
    result = read(tmp_path, text_report(t3=lines))
    assert_all_read(result)
    assert result.log.problems() == []
    assert t3_notes(result) == []


# -- no header as cells: the official order, as before

def test_one_cell_a_line_keeps_the_official_order(tmp_path):
    """A phone's copy gives one cell a line: the header's order cannot be read, the official
    order is taken without a note (a limit: a reordered table 3 is then read wrong)."""
    lines = one_cell_per_line(official_lines(tab_lines(LAYOUTS["total-first"])[:3]))
    result = read(tmp_path, text_report(t3=lines))
    assert_all_read(result)
    assert t3_notes(result) == []


def test_the_official_layouts_say_nothing_new(tmp_path):
    """The template's header and 总计 beside 申请人情况, in every shape: no note about columns."""
    official = ([("申请人情况", 0, 0, 1, 7), ("自然人", 1, 0, 2, 1), ("法人或其他组织", 1, 1, 1, 5), ("总计", 1, 6, 2, 1)]
                + [(k, 2, 1 + i, 1, 1) for i, k in enumerate(OFFICIAL[1:6])], T3_COLS)
    beside = ([("申请人情况", 0, 0, 1, 6), ("总计", 0, 6, 3, 1), ("自然人", 1, 0, 2, 1), ("法人或其他组织", 1, 1, 1, 5)]
              + [(k, 2, 1 + i, 1, 1) for i, k in enumerate(OFFICIAL[1:6])], T3_COLS)
    for layout in (official, beside):
        for shape in ("docx", "html", "tab"):
            result = read_shape(tmp_path, shape, layout)
            assert_all_read(result)
            assert result.log.problems() == []
            assert t3_notes(result) == [], shape
