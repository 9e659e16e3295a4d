"""Markdown that PDF converters make of a published report (issue 15, part 1, item 2): value
rows whose labels were pushed out of the table, a table cut into small tables headed
数据1–数据6, bogus header rows, page footers between rows, a 四 row missing its 总计. Rows are
placed by their order, their counts and the form's arithmetic — blank and logged when two
placements fit. Every cell and text asserted (builders in tests/importers/converted.py)."""

from __future__ import annotations

import pytest

from converted import pdf_markdown
from variants import AGENCY, CELLS, TEXTS, T3_COLS, YEAR

from reportdesk.importers import read_report
from reportdesk.importers.log import INTERPRETED, UNRECOGNISED
from reportdesk.rules import check

CARRIED_OUT_TOTAL = "t3.carried_out.total"


def read(tmp_path, text: str):
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return read_report(path)


def assert_read(result, missing=()):
    r = result.report
    assert (r.agency, r.year) == (AGENCY, YEAR)
    assert {c: r.values[c] for c in CELLS} == {c: (None if c in missing else v) for c, v in CELLS.items()}
    assert r.invalid == {}
    assert r.texts == TEXTS


@pytest.mark.parametrize("shape", [
    {},
    {"labels_outside": "before"},
    {"labels_outside": "after"},
    {"per_group": True},
    {"bogus_header": "numbered"},
    {"bogus_header": "data"},
    {"footer": True},
    {"per_group": True, "footer": True, "bogus_header": "data"},
], ids=["plain", "labels-before", "labels-after", "per-group", "numbered-header", "data-header", "footer", "all"])
def test_a_converters_markdown_reads_every_cell(tmp_path, shape):
    result = read(tmp_path, pdf_markdown(**shape))
    assert_read(result)
    assert result.log.unread() == []
    assert check(result.report) == []


def test_labels_after_their_numbers_are_said_to_be_matched_by_order(tmp_path):
    result = read(tmp_path, pdf_markdown(labels_outside="after"))
    assert ("表格中没有行标题的2行数字，按其后文字中依次列出的行标题读取：一、本年新收政府信息公开申请数量、二、上年结转政府信息公开申请数量"
            in [e.message for e in result.log.of_kind(INTERPRETED)])


def test_a_numbered_header_row_is_no_row_of_numbers(tmp_path):
    result = read(tmp_path, pdf_markdown(bogus_header="numbered"))
    assert "表格中给各列编号的一行（1 2 3 4 5 6 7 8）不是数字，未读取" in [e.message for e in result.log.entries]


def test_a_carried_out_row_missing_its_total_is_placed_by_rule_1(tmp_path):
    result = read(tmp_path, pdf_markdown(lose_carried_out_total=True))
    assert_read(result, missing={CARRIED_OUT_TOTAL})
    messages = [e.message for e in result.log.of_kind(INTERPRETED)]
    assert "“四、结转下年度继续办理”一行按各行各列的加总关系只有一种读法：2、1、0、0、0、0、？" in messages
    assert "表三「四、结转下年度继续办理」「总计」在原文中没有，留空待填" in messages
    assert [f.cells for f in check(result.report) if f.rule == "5"] == [[CARRIED_OUT_TOTAL]]


def test_labels_lost_with_every_shape_at_once(tmp_path):
    result = read(tmp_path, pdf_markdown(labels_outside="after", per_group=True, bogus_header="numbered", footer=True,
                                         lose_carried_out_total=True))
    assert_read(result, missing={CARRIED_OUT_TOTAL})


def test_a_carried_out_row_missing_a_number_that_two_placements_fit_stays_blank(tmp_path):
    """All zeros: the missing cell could be any of the seven; nothing is placed."""
    cells = {c: (0 if c.startswith("t3.") else v) for c, v in CELLS.items()}
    result = read(tmp_path, pdf_markdown(cells, lose_carried_out_total=True))
    r = result.report
    assert [r.values[f"t3.carried_out.{c}"] for c in T3_COLS] == [None] * 7
    assert {c: r.values[c] for c in cells if not c.startswith("t3.carried_out.")} == \
        {c: v for c, v in cells.items() if not c.startswith("t3.carried_out.")}
    assert ("“四、结转下年度继续办理”应有7个数，读到6个（“0 0 0 0 0 0”），分不清缺的是哪一格，按各行各列的加总关系仍不能确定，"
            "其余未读取（留空）") in [e.message for e in result.log.of_kind(UNRECOGNISED)]


def test_a_converted_published_report():
    """子长市人民政府 2023 as a converter's markdown with every shape above: all read but
    四、结转下年度继续办理, six zeros for seven cells that any placement fits."""
    from helpers import FIXTURES
    from published import REPORTS

    spec = REPORTS["zichang-2023"]
    result = read_report(FIXTURES / "published" / "zichang-2023-converted.md")
    r = result.report
    assert (r.agency, r.year) == (spec.agency, spec.year)
    assert {c: r.values[c] for c in spec.cells} == {
        c: (None if c.startswith("t3.carried_out.") else v) for c, v in spec.cells.items()}
    assert r.texts == spec.texts
    assert [e.message for e in result.log.unread()] == [
        "“四、结转下年度继续办理”应有7个数，读到6个（“0 0 0 0 0 0”），分不清缺的是哪一格，按各行各列的加总关系仍不能确定，"
        "其余未读取（留空）"]
