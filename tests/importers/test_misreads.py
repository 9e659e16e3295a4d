"""Silent misreads (issue 11, items 7–9): a space inside a number, a cell holding no number, a
note printed among the numbers. Each cell read is where its column is certain; otherwise the
cell stays blank and the log says why. Never a shifted row, never a letter read as 0."""

from __future__ import annotations

import subprocess
import sys

import pytest

from variants import CELLS, T3_COLS, html_report, html_t2_rows, html_t3_rows, html_t4_rows, html_table, td, t2_lines, \
    text_report, value

from reportdesk.importers import read_report
from reportdesk.importers.log import INTERPRETED, UNRECOGNISED
from reportdesk.rules import check

NORMATIVE = ("t2.normative.issued", "t2.normative.repealed", "t2.normative.valid")
RULES = ("t2.rules.issued", "t2.rules.repealed", "t2.rules.valid")
NEW = tuple(f"t3.new.{c}" for c in T3_COLS)


def read(tmp_path, text: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_report(path)


def values(report, cells) -> list:
    return [report.values[c] for c in cells]


def messages(result, kind=None) -> list[str]:
    return [e.message for e in result.log.entries if kind is None or e.kind == kind]


def example_with(example_path, old: str, new: str) -> str:
    text = example_path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def the_rest_as_the_example(report, skip) -> None:
    assert all(v == 0 for c, v in report.values.items() if c not in skip), \
        {c: v for c, v in report.values.items() if c not in skip and v != 0}


# -- 7. a space inside a number

@pytest.mark.parametrize("space", [" ", "\u00a0", "\u3000", "\u2009", "\u202f"],
                         ids=["space", "nbsp", "ideographic", "thin", "narrow-nbsp"])
def test_a_space_grouped_number_is_one_number_when_the_row_count_says_so(tmp_path, example_path, space):
    text = example_with(example_path, "规章\t0\t0\t0", f"规章\t1{space}000\t0\t1{space}000")
    result = read(tmp_path, text)
    assert values(result.report, RULES) == [1000, 0, 1000]
    the_rest_as_the_example(result.report, RULES)
    assert "“规章”一行的数字“1 000 0 1 000”按这一行应有的3个数读取：1 000、0、1 000" in messages(result, INTERPRETED)


def test_a_space_grouped_number_in_a_pdf_copy_split_by_single_spaces(tmp_path):
    lines = t2_lines(sep=" ")
    lines[2] = "规章 1 000 0 1 000"
    lines[3] = "行政规范性文件 12 345 6 7"  # 12 345 6 7: four numbers for three cells, one way only
    result = read(tmp_path, text_report(t2=lines))
    assert values(result.report, RULES) == [1000, 0, 1000]
    assert values(result.report, NORMATIVE) == [12345, 6, 7]
    assert result.report.values["t2.licensing.decisions"] == 1234


def test_a_space_grouped_number_that_the_count_cannot_decide_leaves_the_row_blank(tmp_path):
    lines = t2_lines()
    lines[3] = "行政规范性文件\t1 234\t5 678"  # 1234 | 5 | 678, or 1 | 234 | 5678?
    result = read(tmp_path, text_report(t2=lines))
    assert values(result.report, NORMATIVE) == [None, None, None]
    assert ("“行政规范性文件”一行的“1 234 5 678”分成3个数的读法不止一种，可以是：1 234、5、678；1、234、5 678（共2种），"
            "不能确定，未读取（留空）") in messages(result, UNRECOGNISED)
    assert result.report.values["t2.rules.valid"] == int(value("t2.rules.valid"))  # the other rows as printed


def test_a_space_grouped_number_that_fits_no_count_leaves_the_row_blank(tmp_path, example_path):
    # two cells for three columns, and "000" is no number of its own: the row cannot be read
    text = example_with(example_path, "规章\t0\t0\t0", "规章\t1\u3000000\t0")
    result = read(tmp_path, text)
    assert values(result.report, RULES) == [None, None, None]
    assert any(m.startswith("“规章”应有3个数，读到2个（“1 000 0”）") and m.endswith("未读取（留空）")
               for m in messages(result, UNRECOGNISED))
    findings = [f for f in check(result.report) if f.rule == "5"]
    assert [f.cells for f in findings] == [list(RULES)]  # blank, and said to be blank — not 1/0/0


def test_a_space_grouped_number_in_a_web_page_cell(tmp_path):
    rows = html_t2_rows()
    rows[3] = [td("行政规范性文件"), td("1\u00a0234"), td("0"), td("2 345")]
    page = html_report(html_table(rows), html_table(html_t3_rows()), html_table(html_t4_rows()))
    result = read(tmp_path, page, "report.html")
    assert values(result.report, NORMATIVE) == [1234, 0, 2345]


# -- 8. a cell holding no number

BAD = ["x", "X", "ｘ", "abc", "1e400", "NaN", "inf", "-inf", "0x1F", "²", "①", "٣", "३", "1\u200b2", "1\u200f2",
       "1\u200e2"]


@pytest.mark.parametrize("bad", BAD)
def test_a_cell_holding_no_number_is_kept_and_named_not_read_as_zero(tmp_path, example_path, bad):
    row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t"
    text = example_with(example_path, row, f"一、本年新收政府信息公开申请数量\t\t{bad}\t1\t0\t0\t0\t0\t1")
    result = read(tmp_path, text)
    r = result.report
    assert r.values["t3.new.natural"] is None
    assert r.invalid["t3.new.natural"] == (bad, "不是数字")
    assert values(r, NEW[1:]) == [1, 0, 0, 0, 0, 1]  # the row's valid cells where they were printed
    errors = [f for f in check(r) if f.rule == "5"]
    assert [(f.cells, f.message) for f in errors] == [
        (["t3.new.natural"], f"表三「一、本年新收政府信息公开申请数量」「自然人」的值“{bad}”无效：不是数字")]
    assert any(m.endswith("不是数字，保留原文（不按0读取）") for m in messages(result, INTERPRETED))


@pytest.mark.parametrize("shape", ["tab", "spaces", "cell-a-line", "web"])
def test_a_letter_among_the_numbers_in_every_shape(tmp_path, shape):
    """The same row printed as each reader meets it: the letter stays in its cell."""
    cells = {**CELLS, "t3.new.natural": "x"}
    if shape == "web":
        page = html_report(html_table(html_t2_rows()), html_table(html_t3_rows(cells)), html_table(html_t4_rows()))
        result = read(tmp_path, page, "report.html")
    else:
        from variants import one_cell_per_line, t3_lines

        sep = " " if shape == "spaces" else "\t"
        t3 = t3_lines(cells, sep=sep)
        result = read(tmp_path, text_report(t3=one_cell_per_line(t3) if shape == "cell-a-line" else t3))
    r = result.report
    assert r.invalid == {"t3.new.natural": ("x", "不是数字")}
    assert {c: r.values[c] for c in CELLS if c != "t3.new.natural"} == {c: v for c, v in CELLS.items()
                                                                        if c != "t3.new.natural"}


def test_a_row_really_empty_is_still_said_to_be_empty(tmp_path, example_path):
    text = example_with(example_path, "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
                        "一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t\t\t")
    errors = [f.message for f in check(read(tmp_path, text).report) if f.rule == "5"]
    assert errors == ["表三「一、本年新收政府信息公开申请数量」整行未填写（没有发生的请填0）"]


def test_check_exits_1_on_a_letter_and_names_the_cell(tmp_path, example_path):
    text = example_with(example_path, "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
                        "一、本年新收政府信息公开申请数量\t\tx\t1\t0\t0\t0\t0\t1")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reportdesk", "check", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "「自然人」的值“x”无效：不是数字" in done.stdout
    assert "没有发现问题" not in done.stdout and "Traceback" not in done.stderr


# -- 9. notes printed among the numbers

def _t2_with_row(row: str | list[str]) -> list[str]:
    lines = t2_lines()
    return lines[:3] + ([row] if isinstance(row, str) else row) + lines[4:]


@pytest.mark.parametrize("row", [
    "行政规范性文件\t22（其中修订16件）\t55（含自然失效29件）\t235",              # the notes inside the cells
    "行政规范性文件\t22\t（其中修订16件）\t55\t（含自然失效29件）\t235",          # the notes cells of their own
    ["行政规范性文件\t22", "（其中修订16件）\t55", "（含自然失效29件）\t235"],    # a browser's copy of <td>22<br>(…)</td>
    ["行政规范性文件\t22\t55\t235", "\t（其中修订16件）\t（含自然失效29件）\t"],  # the notes under the numbers
    ["（其中修订16件）\t（含自然失效29件）", "行政规范性文件\t22\t55\t235"],      # …and above them
    ["行政规范性文件", "22", "（其中修订16件）", "55", "（含自然失效29件）", "235"],  # one cell a line
    "行政规范性文件 22（其中修订16件） 55（含自然失效29件） 235",                 # a PDF's copy
    "行政规范性文件22（其中修订16件）55（含自然失效29件）235",                    # run together
    "行政规范性文件\t22\t55\t235\t其中修订16件，含自然失效29件",                   # a note after the row
], ids=["in-cells", "own-cells", "browser-br", "below", "above", "cell-a-line", "pdf", "run-together", "after"])
def test_notes_in_table_2_never_shift_a_number(tmp_path, row):
    result = read(tmp_path, text_report(t2=_t2_with_row(row)))
    r = result.report
    assert values(r, NORMATIVE) == [22, 55, 235]
    assert values(r, RULES) == [int(value(c)) for c in RULES]
    assert r.values["t2.licensing.decisions"] == 1234
    assert r.invalid == {}
    assert any("其中修订16件" in m for m in messages(result, INTERPRETED))


def test_notes_in_the_cells_of_a_web_page(tmp_path):
    rows = html_t2_rows()
    rows[3] = [td("行政规范性文件"), td("22\n（其中修订16件）"), td("55\n（含自然失效29件）"), td("235")]
    page = html_report(html_table(rows), html_table(html_t3_rows()), html_table(html_t4_rows()))
    result = read(tmp_path, page, "report.html")
    assert values(result.report, NORMATIVE) == [22, 55, 235]
    assert "表二「行政规范性文件」「本年制发件数」原文为“22（其中修订16件）”，按22读取，括号中的说明未读取" \
        in messages(result, INTERPRETED)


def test_a_note_whose_number_has_no_certain_column_leaves_the_row_blank(tmp_path):
    # Two numbers for three columns once the note is set aside: which column is empty?
    result = read(tmp_path, text_report(t2=_t2_with_row("行政规范性文件\t22\t（其中修订16件）\t235")))
    assert values(result.report, NORMATIVE) == [None, None, None]
    assert any(m.startswith("“行政规范性文件”应有3个数，读到2个") and "未读取（留空）" in m
               for m in messages(result, UNRECOGNISED))


def test_a_row_short_of_a_number_is_not_read_in_order(tmp_path):
    """A copy that dropped a blank cell: the numbers are not placed from the left."""
    lines = t2_lines(sep=" ")
    lines[3] = "行政规范性文件 3 12"
    result = read(tmp_path, text_report(t2=lines))
    assert values(result.report, NORMATIVE) == [None, None, None]
    assert "“行政规范性文件”应有3个数，读到2个（“3 12”），分不清缺的是哪一格，不能确定，未读取（留空）" \
        in messages(result, UNRECOGNISED)


# -- a number too large to be a count

@pytest.mark.parametrize("big", ["99999999999999999999", "99 999 999 999 999 999 999", "１２３４５６７８９０１２３４５"])
def test_a_20_digit_number_is_kept_as_invalid_and_nothing_crashes(tmp_path, example_path, big):
    text = example_with(example_path, "行政许可\t0\t\t", f"行政许可\t{big}\t\t")
    result = read(tmp_path, text)
    r = result.report
    assert r.values["t2.licensing.decisions"] is None
    raw, reason = r.invalid["t2.licensing.decisions"]
    assert raw == big.strip() and reason.startswith("数字太大")
    assert [f.cells for f in check(r) if f.rule == "5"] == [["t2.licensing.decisions"]]
    path = tmp_path / "report.txt"
    for args in (["check", str(path)], ["drafts", "--db", str(tmp_path / "drafts.db"), "import", str(path)]):
        done = subprocess.run([sys.executable, "-m", "reportdesk", *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "数字太大" in done.stdout + done.stderr
        assert "Traceback" not in done.stderr and "内部错误" not in done.stdout + done.stderr


def test_a_row_with_a_number_too_many_is_not_read_from_the_left(tmp_path):
    result = read(tmp_path, text_report(t2=_t2_with_row("行政规范性文件\t3\t1\t12\t7")))
    assert values(result.report, NORMATIVE) == [None, None, None]
    assert "“行政规范性文件”应有3个数，读到4个（“3 1 12 7”），分不清哪些是这一行的，不能确定，未读取（留空）" \
        in messages(result, UNRECOGNISED)
