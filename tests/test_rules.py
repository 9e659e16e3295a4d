"""The cross-checks of format-2021.md, each caught in a report changed to break it."""

import pytest

from reportdesk.carry import carry_forward
from reportdesk.report import IMPORTED
from reportdesk.rules import check, has_errors


def published(report):
    """The report as read from a file: totals kept as printed, so a wrong one can be caught."""
    copy = report.copy()
    copy.derive = False
    return copy


def only(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_a_balanced_report_passes_every_rule(balanced_report):
    assert check(balanced_report(1)) == []


def test_rule1_column_balance_names_the_four_cells_of_the_column(balanced_report):
    report = published(balanced_report(2))
    old = report.get("t3.new.natural")
    report.set("t3.new.natural", old + 2, source=IMPORTED)
    found = only(check(report), "1")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert f.cells == ["t3.new.natural", "t3.carried_in.natural", "t3.total.natural", "t3.carried_out.natural"]
    assert f.difference == 2 and f.actual - f.expected == 2
    assert f.message.startswith("表三「自然人」列：一＋二＝")
    assert "相差2" in f.message


def test_rule2_row_total_names_the_row(balanced_report):
    report = published(balanced_report(3))
    report.set("t3.refused.repeat.total", report.get("t3.refused.repeat.total") + 1, source=IMPORTED)
    found = only(check(report), "2")
    assert [f.cells[0] for f in found] == ["t3.refused.repeat.total"]
    assert set(found[0].cells) == {f"t3.refused.repeat.{c}" for c in
                                    ("total", "natural", "business", "research", "public_interest", "legal", "other_org")}
    assert "（五）2.重复申请" in found[0].message


def test_rule3_results_total_names_the_column_and_all_its_items(balanced_report):
    report = published(balanced_report(4))
    report.set("t3.total.legal", report.get("t3.total.legal") + 3, source=IMPORTED)
    found = only(check(report), "3")
    assert len(found) == 1 and found[0].cells[0] == "t3.total.legal" and len(found[0].cells) == 22
    assert "「法律服务机构」列" in found[0].message and found[0].difference == 3


def test_rule4_each_table4_group(balanced_report):
    report = published(balanced_report(5))
    report.set("t4.suit_after_review.upheld", report.get("t4.suit_after_review.upheld") + 1, source=IMPORTED)
    found = only(check(report), "4")
    assert [f.cells for f in found] == [["t4.suit_after_review.total", "t4.suit_after_review.upheld",
                                         "t4.suit_after_review.corrected", "t4.suit_after_review.other",
                                         "t4.suit_after_review.pending"]]
    assert "复议后起诉" in found[0].message


def test_rule5_blank_cells_are_errors_in_a_complete_report_only(balanced_report):
    report = balanced_report(6)
    report.clear("t3.withheld.law.research")
    report.clear("t2.fees.amount")
    found = only(check(report), "5")
    assert sorted(c for f in found for c in f.cells) == ["t2.fees.amount", "t3.withheld.law.research"]
    assert any("「科研机构」未填写" in f.message for f in found)
    assert only(check(report, complete=False), "5") == []


def test_rule5_letters_and_negatives_read_from_a_file(balanced_report):
    report = published(balanced_report(7))
    report.set("t3.granted.natural", "一些", source=IMPORTED)
    report.set("t4.review.other", -1, source=IMPORTED)
    found = only(check(report, complete=False), "5")
    assert {f.cells[0] for f in found} == {"t3.granted.natural", "t4.review.other"}
    assert any("“一些”" in f.message for f in found) and any("负数" in f.message for f in found)


def test_a_blank_cell_does_not_also_break_the_balance_rules(balanced_report):
    report = balanced_report(8)
    report.clear("t3.carried_out.natural")
    found = check(report)
    assert {f.rule for f in found} == {"5"}


def test_rule6_carried_in_must_equal_last_years_carried_out(balanced_report):
    last = balanced_report(9, year=2023)
    report = balanced_report(10, year=2024)
    found = only(check(report, last), "6")
    expected_cols = [c for c in ("natural", "business", "research", "public_interest", "legal", "other_org", "total")
                     if report.get(f"t3.carried_in.{c}") != last.get(f"t3.carried_out.{c}")]
    assert [f.cells for f in found] == [[f"t3.carried_in.{c}"] for c in expected_cols]
    assert all(f.severity == "error" for f in found)


def test_rule7_valid_documents_is_a_warning(balanced_report):
    last = balanced_report(11, year=2023)
    report = balanced_report(12, year=2024)
    report.set("t2.rules.valid", str(last.get("t2.rules.valid") + report.get("t2.rules.issued")
                                     - report.get("t2.rules.repealed")))
    report.set("t2.normative.valid", str(last.get("t2.normative.valid") + report.get("t2.normative.issued")
                                         - report.get("t2.normative.repealed") + 4))
    found = only(check(report, last), "7")
    assert [(f.cells[0], f.severity, f.difference) for f in found] == [("t2.normative.valid", "warning", 4)]
    assert "行政规范性文件" in found[0].message


def test_rule8_numbers_in_the_prose_must_agree_with_the_tables(balanced_report):
    report = balanced_report(13)
    total = report.get("t3.new.total")
    report.set_text("text.overview.on_request", f"全年共收到政府信息公开申请{total + 7}件，均已办结。")
    found = only(check(report), "8")
    assert len(found) == 1 and found[0].expected == total and found[0].actual == total + 7
    assert found[0].texts == ["text.overview.on_request"]
    report.set_text("text.overview.on_request", "本年度未发生行政复议。")
    if report.get("t4.review.total"):
        assert only(check(report), "8")


def test_rule9_last_years_facts_left_in_the_text(balanced_report):
    report = balanced_report(14, year=2024)
    report.set_text("text.overview.platform", "2023年，我局新建了政务公开专栏。")
    found = only(check(report), "9")
    assert len(found) == 1 and "2023年" in found[0].message
    report.set_text("text.overview.platform", "较2023年相比，公开数量增加。二〇二三年以来持续推进。")
    assert only(check(report), "9") == []


def test_rule9_carried_texts_until_they_are_rewritten(balanced_report):
    last = balanced_report(15, year=2023)
    report = carry_forward(last)
    found = only(check(report, last, complete=False), "9")
    assert len(found) == 7
    report.set_text("text.problems", "新写的问题。")
    assert len(only(check(report, last, complete=False), "9")) == 6


def test_rule10_fees_in_yuan_instead_of_wan_yuan(balanced_report):
    report = balanced_report(16)
    report.set("t2.fees.amount", "12000")
    found = only(check(report), "10")
    assert found and found[0].cells == ["t2.fees.amount"] and "万元" in found[0].message


def test_rule11_part_six_silent_on_processing_fees(balanced_report):
    report = balanced_report(17)
    report.set_text("text.other", "无其他需要报告的事项。")
    assert [f.rule for f in check(report)] == ["11"]


def test_rule12_a_total_changing_more_than_fivefold(balanced_report):
    last = balanced_report(18, year=2023)
    report = carry_forward(last)
    report_full = balanced_report(19, year=2024)
    for cid, v in report_full.values.items():
        if not report.form.is_computed(cid) and v is not None:
            report.set(cid, v)
    for tid, text in report_full.texts.items():
        report.set_text(tid, text)
    report.set("t3.granted.natural", report.get("t3.granted.natural") + 500)
    report.set("t3.new.natural", report.get("t3.new.natural") + 500)
    found = only(check(report, last), "12")
    assert {f.cells[0] for f in found} == {"t3.new.total", "t3.total.total"}


def test_rule13_unknown_cells_are_warnings(balanced_report):
    report = published(balanced_report(20))
    report.set("t3.mystery.natural", 4, source=IMPORTED)
    found = only(check(report), "13")
    assert found[0].cells == ["t3.mystery.natural"] and found[0].severity == "warning"
    assert not has_errors(found)


def test_rule14_missing_text_parts(balanced_report):
    report = balanced_report(21)
    report.set_text("text.overview.platform", "")
    found = only(check(report), "14")
    assert len(found) == 1 and "平台建设" in found[0].message
    report.set_text("text.overview", "总体情况写在一起。")
    assert only(check(report), "14") == []


def test_findings_as_json_carry_every_field(balanced_report):
    report = published(balanced_report(22))
    report.set("t4.review.total", 99, source=IMPORTED)
    d = check(report)[0].to_dict()
    assert set(d) >= {"rule", "severity", "cells", "message", "expected", "actual", "difference"}
    assert d["rule"] == "4" and isinstance(d["cells"], list)


def test_rule9_last_years_report_named_on_purpose_is_no_copy(balanced_report):
    """Part 五 is asked to say what became of the problems last year's report named."""
    report = balanced_report(21, year=2025)
    for said in ("针对2024年报告中指出的信息更新不及时问题，本年已整改。",
                 "对照2024年度报告提出的改进措施，逐项落实。",
                 "2024年政府信息公开工作年度报告中提到的问题已全部整改。",
                 "2024年报指出的问题已经整改。"):
        report.set_text("text.problems", said)
        assert only(check(report), "9") == [], said
    report.set_text("text.problems", "2024年，我乡存在公开不及时的问题。")   # still a copied fact
    assert len(only(check(report), "9")) == 1


def test_rule8_a_no_does_not_reach_over_a_comma(balanced_report):
    """“未发生…收费情况，发生…行政复议1件” does not say there was no 复议."""
    report = balanced_report(22)
    report.set("t4.review.upheld", 1)
    text = "本年度未发生信息处理费收费情况，发生政府信息公开行政复议1件。"
    report.set_text("text.other", text)
    assert [f for f in only(check(report), "8") if "行政复议" in f.message] == []
    report.set_text("text.other", "本年度未发生政府信息公开行政复议案件。")
    found = [f for f in only(check(report), "8") if "行政复议" in f.message]
    assert len(found) == 1 and found[0].actual == 0 and found[0].expected == report.get("t4.review.total")


def test_rule9_a_carried_text_is_rewritten_by_its_facts_not_by_one_character(balanced_report):
    last = balanced_report(23, year=2024)
    last.set_text("text.overview.proactive", "本年主动公开政府信息179篇，更新专栏57个，发布政策解读12篇。")
    report = carry_forward(last)
    assert any("沿用上年报告" in f.message for f in only(check(report, last, complete=False), "9"))
    # one character changed: still last year's 179篇 and 57个
    report.set_text("text.overview.proactive", "本年主动公开政府信息179篇，更新专栏57个，发布政策解读12篇！")
    found = [f for f in only(check(report, last, complete=False), "9") if f.texts == ["text.overview.proactive"]]
    assert len(found) == 1 and "数字和年份仍与上年报告相同" in found[0].message and "179篇" in found[0].message
    # this year's figures: rewritten
    report.set_text("text.overview.proactive", "本年主动公开政府信息203篇，更新专栏61个，发布政策解读15篇。")
    assert [f for f in only(check(report, last, complete=False), "9") if f.texts == ["text.overview.proactive"]] == []
    # a new text that happens to repeat a figure, in other words, is a rewrite too
    report.set_text("text.overview.proactive", "全乡通过公开栏、微信群等渠道，发布各类信息179篇、栏目57个和解读12篇，群众反映良好，"
                                                 "下一步继续完善。")
    assert [f for f in only(check(report, last, complete=False), "9") if f.texts == ["text.overview.proactive"]] == []
    # without last year's report there is nothing to compare with: an edited text is rewritten
    report.set_text("text.overview.proactive", "本年主动公开政府信息179篇，更新专栏57个，发布政策解读12篇！")
    assert [f for f in only(check(report, complete=False), "9") if f.texts == ["text.overview.proactive"]] == []


def test_rule15_a_possible_but_huge_count_is_a_warning_naming_the_cell(balanced_report):
    report = published(balanced_report(7))
    report.set("t4.review.pending", 25000, source=IMPORTED)
    report.set("t2.penalty.decisions", 9_000_000, source=IMPORTED)   # a traffic police bureau: possible
    found = only(check(report), "15")
    assert [(f.cells, f.severity) for f in found] == [(["t4.review.pending"], "warning")]
    assert found[0].message == "表四「行政复议」「尚未审结」为25000，数字大得异常，请核实是否多打了数字"
