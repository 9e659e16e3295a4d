"""Matching an agency to last year's: what is the same agency, and what is not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportdesk.form import load_form
from reportdesk.importers.crossyear import LastYearIndex, LastYearReport, Presence, agency_key


@pytest.mark.parametrize("a, b", [
    ("某某县人民政府办公室", "某某县政府办公室"),
    ("某某县⻓安乡人民政府", "某某县长安乡人民政府"),        # CJK radical ⻓ from a PDF converter
    ("某某县⽂化广电和旅游局", "某某县文化广电和旅游局"),      # Kangxi radical ⽂
    ("某某县 教育局", "某某县教育局"),
    ("某某县市场监督管理局（知识产权局）", "某某县市场监督管理局(知识产权局)"),
    ("ＸＸ县财政局", "XX县财政局"),
])
def test_the_same_agency(a, b):
    assert agency_key(a) == agency_key(b)


@pytest.mark.parametrize("a, b", [
    ("某某县城关镇人民政府", "某某县城西镇人民政府"),
    ("某某县第一中学", "某某县第二中学"),
    ("某某县人民政府办公室", "某某市人民政府办公室"),
])
def test_different_agencies(a, b):
    assert agency_key(a) != agency_key(b)


def _entry(agency, year=2023, natural=5, name="a.json"):
    return LastYearReport(Path(name), agency, year, {"t3.carried_out.natural": natural})


def test_match_says_why_not():
    index = LastYearIndex(load_form())
    index.add(_entry("某某县教育局"))
    index.add(_entry("某某县卫生健康委员会", year=2022))
    index.add(_entry("某某县财政局", natural=5, name="a.docx"))
    index.add(_entry("某某县财政局", natural=5, name="a.pdf"))       # the same report twice: fine
    index.add(_entry("某某县民政局", natural=5, name="b.docx"))
    index.add(_entry("某某县民政局", natural=7, name="b2.docx"))     # two different: not guessed
    assert index.match("某某县教育局", 2024).how == "same"
    assert index.match("某某县财政局", 2024).last.path == Path("a.docx")
    assert index.match("某某县卫生健康委员会", 2024).note == "上年文件夹中这个机关的报告是2022年的，不是2023年的，未对照"
    assert index.match("某某县民政局", 2024).last is None
    assert index.match("", 2024).note == "这份报告没有机关名称，无法与上年报告对照"
    assert index.match("某某县审计局", 2024).note == "上年文件夹中没有这个机关的报告"


def test_presence_and_similar_names():
    index = LastYearIndex(load_form())
    for name in ("某某县城关镇人民政府", "某某县教育局", "某某县第一中学"):
        index.add(_entry(name))
    presence = Presence(index)
    for name in ("某某县城西镇人民政府", "某某县教育局", "某某县第二中学", "某某县第三中学"):
        presence.add(name)
    assert presence.missing_this_year() == ["某某县城关镇人民政府", "某某县第一中学"]
    assert presence.missing_last_year() == ["某某县城西镇人民政府", "某某县第三中学", "某某县第二中学"]
    # 第一中学 is one character from both 第二 and 第三: no pair is named for it
    assert presence.similar() == [("某某县城西镇人民政府", "某某县城关镇人民政府")]
