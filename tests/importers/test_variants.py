"""Shapes of published reports the fixtures do not cover, built in tmp_path from one report's
numbers (tests/importers/variants.py): every cell, text and finding is asserted."""

from __future__ import annotations

import pytest

from variants import (AGENCY, CELLS, HEADINGS, SUBHEADS, TEXTS, TITLE, YEAR, fullwidth, html_report, html_t2_rows,
                      html_t3_rows, html_t4_rows, html_table, one_cell_per_line, renumber, t2_lines, t3_lines,
                      t4_lines, text_report, unbalanced)

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
