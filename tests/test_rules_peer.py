"""Rule 16, a reviewer's check by eye: part 五 says nothing (empty, “无”, “暂无”) while the
tables or part 一 show that something went wrong."""

from __future__ import annotations

import pytest
import two_years

from reportdesk.rules import check


def _report(problems: str, corrected: int = 0, overview_extra: str = ""):
    report = two_years._report(two_years.EDUCATION, 2024, two_years.this_year_cells())
    if corrected:   # one upheld review becomes corrected: table 4 still balances
        report.set("t4.review.upheld", report.values["t4.review.upheld"] - corrected, source="imported")
        report.set("t4.review.corrected", report.values["t4.review.corrected"] + corrected, source="imported")
    report.set_text("text.problems", problems, source="imported")
    if overview_extra:
        report.set_text("text.overview.oversight", report.text("text.overview.oversight") + overview_extra,
                        source="imported")
    return report


def rule16(report, complete=True):
    return [f for f in check(report, complete=complete) if f.rule == "16"]


@pytest.mark.parametrize("said", ["无", "无。", "暂无", " 暂无。 ", "没有"])
def test_nothing_said_while_a_decision_was_corrected(said):
    report = _report(said, corrected=1)
    assert two_years.BASE.cells["t4.review.upheld"] >= 1
    [finding] = rule16(report)
    assert finding.severity == "warning" and finding.cells == ["t4.review.corrected"]
    assert finding.texts == ["text.problems"]
    assert finding.message == (f"“五、存在的主要问题及改进情况”写的是“{said.strip()}”，但表四有1件行政复议或行政诉讼结果纠正："
                               "请写明存在的问题和改进措施")
    assert [f for f in check(report) if f.is_error] == []


def test_empty_part_five_while_part_one_names_shortcomings():
    [finding] = rule16(_report("", overview_extra="同时，监督考核工作还存在短板，培训不够。"))
    assert finding.cells == []
    assert finding.message == ("“五、存在的主要问题及改进情况”没有内容，但“（五）监督保障”写到“短板”："
                               "请写明存在的问题和改进措施")


def test_both_reasons_named():
    [finding] = rule16(_report("暂无", corrected=1, overview_extra="工作中存在的问题已整改。"))
    assert "表四有1件行政复议或行政诉讼结果纠正，“（五）监督保障”写到“存在的问题”" in finding.message


@pytest.mark.parametrize("text, corrected", [
    ("无", 0),                                               # nothing went wrong: “无” is fine
    ("一是公开内容不够全面。二是……下一步将加强培训。", 1),   # said something
    ("无明显问题，但仍需加强培训。", 1),
])
def test_no_finding(text, corrected):
    assert rule16(_report(text, corrected=corrected)) == []


def test_a_draft_still_being_written_is_not_told_off_for_an_empty_part():
    assert rule16(_report("", corrected=1), complete=False) == []
    assert len(rule16(_report("无", corrected=1), complete=False)) == 1
