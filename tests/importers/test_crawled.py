"""Web-page text with its cell separators gone (issue 15, part 1, item 1): what crawlers and
some "copy all" actions give. Labels are found inside the lines; a digit run is split only
when one split alone fits the form's arithmetic; otherwise the cells stay blank and the
candidates are logged."""

from __future__ import annotations

import re

import pytest

from converted import crawled
from variants import CELLS, TEXTS, T3_COLS, text_report

from reportdesk.importers import read_report
from reportdesk.importers.log import UNRECOGNISED
from reportdesk.rules import check

NORMATIVE = ("t2.normative.issued", "t2.normative.repealed", "t2.normative.valid")


def read(tmp_path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return read_report(path)


def squashed(texts: dict[str, str]) -> dict[str, str]:
    return {k: re.sub(r"\s+", "", v) for k, v in texts.items()}


@pytest.mark.parametrize("how", ["cells", "tables", "body"])
def test_the_example_without_its_separators_reads_back_cell_for_cell(tmp_path, example_path, example_report, how):
    text = example_path.read_text(encoding="utf-8")
    result = read(tmp_path, crawled(text, how))
    r = result.report
    assert (r.agency, r.year) == (example_report.agency, example_report.year)
    assert r.values == example_report.values
    assert r.invalid == {}
    assert squashed(r.texts) == squashed(example_report.texts)
    assert result.log.unread() == []
    assert check(r) == check(example_report) == []


@pytest.mark.parametrize("how", ["cells", "tables", "body"])
def test_a_report_with_numbers_reads_back_where_the_arithmetic_leaves_one_split(tmp_path, how):
    result = read(tmp_path, crawled(text_report(), how))
    r = result.report
    # table 2's "3112" (3 | 1 | 12) has no arithmetic to decide: blank, the splits named
    assert {c: r.values[c] for c in CELLS if c not in NORMATIVE} == {c: v for c, v in CELLS.items() if c not in NORMATIVE}
    assert [r.values[c] for c in NORMATIVE] == [None, None, None]
    assert [e.message for e in result.log.unread()] == [
        "“行政规范性文件”一行的数字连在一起（“3112”），没有加总关系可以判断怎样分成3个数，"
        "可以是：3、1、12；3、11、2；31、1、2（共3种），未读取（留空）"]
    assert squashed(r.texts) == squashed(TEXTS)
    messages = [e.message for e in result.log.problems()]
    assert ("“一、本年新收政府信息公开申请数量”一行的数字连在一起（“233001027”），分成7个数符合表内加总关系的只有一种分法："
            "23、3、0、0、1、0、27") in messages
    # a row two splits of which fit its own total, decided by the columns' rules 1 and 3
    assert "“（一）予以公开”一行按各行各列的加总关系只有一种读法：10、1、0、0、0、0、11" in messages


def test_ambiguous_digit_runs_stay_blank_with_the_candidates_logged(tmp_path, example_path):
    text = example_path.read_text(encoding="utf-8")
    ones = "\t".join(["1", "10", "0", "0", "0", "0", "11"])
    for row in ("一、本年新收政府信息公开申请数量\t\t", "三、本年度办理结果\t(一) 予以公开\t", "(七) 总计\t\t"):
        old = next(line for line in text.split("\n") if line.startswith(row))
        text = text.replace(old, row + ones + ("\t" if old.endswith("\t") else ""))
    text = text.replace("行政规范性文件\t0\t0\t0", "行政规范性文件\t12\t3\t4")
    result = read(tmp_path, crawled(text, "cells"))
    r = result.report
    for row in ("new", "granted", "total"):
        # 1 | 10 | … | 11 or 11 | 0 | … | 11: both fit the row and, the three rows together,
        # the columns; the cells every reading agrees on are read
        assert [r.values[f"t3.{row}.{c}"] for c in T3_COLS] == [None, None, 0, 0, 0, 0, 11], row
    assert [r.values[c] for c in NORMATIVE] == [None, None, None]
    unread = [e.message for e in result.log.of_kind(UNRECOGNISED)]
    assert ("“一、本年新收政府信息公开申请数量”一行的数字连在一起（“110000011”），分成7个数且符合表内加总关系的分法不止一种，"
            "可以是：1、10、0、0、0、0、11；11、0、0、0、0、0、11（共2种），按各行各列的加总关系仍不能确定，"
            "其中5格各种读法都相同，已读取；其余未读取（留空）") in unread
    assert any(m.startswith("“行政规范性文件”一行的数字连在一起（“1234”），没有加总关系可以判断怎样分成3个数，可以是：1、2、34；")
               for m in unread)
    # the other cells all read, as printed
    assert all(v == 0 for c, v in r.values.items()
               if not c.startswith(("t3.new.", "t3.granted.", "t3.total.")) and c not in NORMATIVE)


def test_digit_runs_with_some_spaces_left(tmp_path, example_path):
    """"10 0 0 0 01": the spaces that are left separate numbers, "01" is two of them."""
    text = example_path.read_text(encoding="utf-8")
    text = text.replace("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t", "四、结转下年度继续办理10 0 0 0 01")
    text = text.replace("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t", "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t")
    result = read(tmp_path, text)
    assert [result.report.values[f"t3.carried_out.{c}"] for c in T3_COLS] == [1, 0, 0, 0, 0, 0, 1]


def test_labels_broken_by_spaces_in_a_run_together_header(tmp_path):
    lines = text_report().split("\n")
    text = "\n".join(x.replace("\t", "") for x in lines).replace("社会公益组织", "社会公益 组织") \
        .replace("法律服务机构", "法律 服务机构")
    r = read(tmp_path, text).report
    assert {c: r.values[c] for c in CELLS if c.startswith("t3.")} == {c: v for c, v in CELLS.items() if c.startswith("t3.")}


def test_a_run_together_file_is_no_longer_refused(tmp_path, example_path):
    """Before, the same copy was refused: “不像是政府信息公开工作年度报告”."""
    text = re.sub(r"[\t ]+", "", example_path.read_text(encoding="utf-8"))
    result = read(tmp_path, text)
    assert sum(v is not None for v in result.report.values.values()) == len(result.report.values)


# -- fixtures made from published reports (tests/fixtures/README.md, round 4)

def _published(name: str, key: str):
    from helpers import FIXTURES
    from published import REPORTS

    return read_report(FIXTURES / "published" / name), REPORTS[key]


def test_a_crawled_copy_of_a_published_report(tmp_path):
    """遂宁市船山区人民政府办公室 2023, its cells run together: table 3 and 4 read to the cell;
    table 2's "21014" (2 | 10 | 14) left blank, the four splits named."""
    result, spec = _published("chuanshan-office-2023-crawled.txt", "chuanshan-office-2023")
    r = result.report
    assert (r.agency, r.year) == (spec.agency, spec.year)
    assert {c: r.values[c] for c in spec.cells} == {c: (None if c in NORMATIVE else v) for c, v in spec.cells.items()}
    assert r.texts == spec.texts
    assert [e.message for e in result.log.unread()] == [
        "“行政规范性文件”一行的数字连在一起（“21014”），没有加总关系可以判断怎样分成3个数，"
        "可以是：2、10、14；2、101、4；21、0、14；210、1、4（共4种），未读取（留空）"]
    assert [(f.rule, f.cells) for f in check(r)] == [("5", list(NORMATIVE))]


def test_a_published_report_run_into_one_line(tmp_path):
    """武汉市硚口区人民政府办公室 2023, the whole report one line: three rows of table 3 fit two
    splits each ("212001024": 21 | 2 | … | 24 or 2 | 1 | 20 | … | 24); the three together and
    the rows around them leave one."""
    result, spec = _published("qiaokou-office-2023-crawled-body.txt", "qiaokou-office-2023")
    r = result.report
    assert (r.agency, r.year) == (spec.agency, spec.year)
    assert {c: r.values[c] for c in spec.cells} == {c: (None if c in NORMATIVE else v) for c, v in spec.cells.items()}
    assert r.texts == spec.texts
    assert [e.message for e in result.log.unread()] == [
        "“行政规范性文件”一行的数字连在一起（“106”），没有加总关系可以判断怎样分成3个数，只能分成1、0、6，"
        "但原文也可能本有空白格，未读取（留空）"]
    messages = [e.message for e in result.log.problems()]
    for row, numbers in (("一、本年新收政府信息公开申请数量", "21、2、0、0、1、0、24"), ("（一）予以公开", "10、1、0、0、0、0、11"),
                         ("（七）总计", "21、2、0、0、1、0、24")):
        assert f"“{row}”一行按各行各列的加总关系只有一种读法：{numbers}" in messages


# -- a crawler's text that gives each cell a line ("自然人 |"), an empty cell a bar alone

def _bars(text: str, style: str) -> str:
    out = []
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        for cell in line.split("\t"):
            if style == "after":
                out.append(f"{cell} |" if cell else "|")
            else:
                out += ([cell] if cell else []) + ["|"]
        out.append("||")  # the row's end, as the crawler writes it
    return "\n".join(out)


@pytest.mark.parametrize("style", ["after", "between"])
def test_a_crawlers_cell_a_line_copy_keeps_its_empty_cells(tmp_path, example_path, example_report, style):
    """An empty cell as a bar alone: the numbers after it keep their columns (a row with only
    its 总计 filled, as some offices publish it, reads 总计 — not 自然人)."""
    text = example_path.read_text(encoding="utf-8").replace(
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t", "一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t\t0\t")
    result = read(tmp_path, _bars(text, style))
    r = result.report
    assert [r.values[f"t3.new.{c}"] for c in T3_COLS] == [None] * 6 + [0]
    assert {c: v for c, v in r.values.items() if not c.startswith("t3.new.")} == \
        {c: v for c, v in example_report.values.items() if not c.startswith("t3.new.")}
    assert r.invalid == {}
    assert squashed(r.texts) == squashed(example_report.texts)


def test_run_together_labels_worded_a_little_differently_and_numbers_with_units(tmp_path, example_path,
                                                                                example_report):
    text = example_path.read_text(encoding="utf-8")
    text = text.replace("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", "(二)部分公开（区分处理的只计这一情形不计其他情形）")
    text = text.replace("规章\t0\t0\t0", "规章\t0件\t0件\t0件").replace("行政许可\t0", "行政许可\t0件")
    result = read(tmp_path, crawled(text, "tables"))
    assert result.report.values == example_report.values
    assert result.log.unread() == []
