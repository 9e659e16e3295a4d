"""reportdesk.diagnose: the one cell that, changed, makes every broken balance hold."""

from __future__ import annotations

from reportdesk.carry import carry_forward
from reportdesk.diagnose import diagnose
from reportdesk.rules import check


def _draft(example_report):
    draft, _ = example_report.as_draft()       # totals derived, as in the wizard
    return draft


def test_the_issue_example_one_wrong_carried_out_cell(example_report):
    """四、结转 商业企业 = 2 where 1 is right: two rule-1 errors, one cause, said first."""
    report = _draft(example_report)
    right = report.values["t3.carried_out.business"]
    report.set("t3.carried_out.business", right + 1)
    findings = check(report)
    assert [f.message for f in findings if f.rule == "1"] == [
        f"表三「商业企业」列：一＋二＝{report.values['t3.new.business'] + report.values['t3.carried_in.business']}，"
        f"（七）总计＋四＝{report.values['t3.total.business'] + right + 1}，相差1",
        f"表三「总计」列：一＋二＝{report.values['t3.new.total'] + report.values['t3.carried_in.total']}，"
        f"（七）总计＋四＝{report.values['t3.total.total'] + report.values['t3.carried_out.total']}，相差1"]
    [d] = diagnose(report, findings, recent=["t3.carried_out.business", "t3.new.natural"])
    assert d.cell == "t3.carried_out.business" and d.suspects[0].value == right and d.recent
    assert d.short.startswith(f"很可能是刚填写的「四、结转下年度继续办理」「商业企业」填错了：改为{right}后各项平衡")
    assert d.message.startswith("很可能是刚填写的表三「四、结转下年度继续办理」「商业企业」填错了")
    assert [f.rule for f in d.findings] == ["1", "1"] and all(f in findings for f in d.findings)
    # other single cells would balance too (一 or 二 of the column one more): named, not hidden
    others = {s.cell: s.value for s in d.suspects[1:]}
    assert others["t3.new.business"] == report.values["t3.new.business"] + 1
    assert "只改另一个格子也能平衡" in d.short
    # each suspect really balances everything
    for suspect in d.suspects:
        fixed = report.copy()
        fixed.set(suspect.cell, suspect.value)
        assert not [f for f in check(fixed) if f.severity == "error"], suspect


def test_without_a_recent_edit_no_cell_is_singled_out(example_report):
    report = _draft(example_report)
    report.set("t3.carried_out.business", report.values["t3.carried_out.business"] + 1)
    [d] = diagnose(report, check(report))
    assert not d.recent and d.short.startswith("可能是一个格子填错了：") and "都能使各项平衡" in d.short


def test_a_typo_in_a_published_table_is_pinned_to_its_cell(example_report):
    """Printed totals are cells too: a body cell off by 3 breaks its row's and its column's
    sums, and only that cell fixes both."""
    report = example_report
    right = report.values["t3.granted.natural"]
    report.values["t3.granted.natural"] = right + 3
    findings = check(report)
    [d] = diagnose(report, findings)
    assert [(s.cell, s.value) for s in d.suspects] == [("t3.granted.natural", right)]
    assert d.message == f"很可能是表三「（一）予以公开」「自然人」填错了：改为{right}后各项平衡"
    assert sorted(f.rule for f in d.findings) == ["2", "3"]


def test_a_wrong_printed_total(example_report):
    report = example_report
    right = report.values["t3.new.total"]
    report.values["t3.new.total"] = right + 10
    [d] = diagnose(report, check(report))
    assert [(s.cell, s.value) for s in d.suspects] == [("t3.new.total", right)]


def test_two_mistakes_in_two_tables_are_two_diagnoses(example_report):
    report = _draft(example_report)
    report.set("t3.carried_out.natural", report.values["t3.carried_out.natural"] + 2)
    published = example_report.copy()
    published.derive = False
    published.values["t4.review.upheld"] += 1               # 总计 as printed now disagrees
    published.values["t3.carried_out.natural"] = report.values["t3.carried_out.natural"]
    found = diagnose(published, check(published))
    assert [d.table for d in found] == ["t3", "t4"]
    t4 = found[1]
    assert [(s.cell, s.value) for s in t4.suspects][0][0] in ("t4.review.upheld", "t4.review.total")


def test_two_mistakes_in_one_group_have_no_single_cause(example_report):
    report = _draft(example_report)
    report.set("t3.carried_out.natural", report.values["t3.carried_out.natural"] + 1)
    report.set("t3.carried_out.business", report.values["t3.carried_out.business"] + 1)
    findings = check(report)
    assert len([f for f in findings if f.rule == "1"]) == 3
    assert diagnose(report, findings) == []


def test_last_years_carried_value_mistyped(example_report):
    """上年结转 typed wrong: rule 6 (against last year) and rule 1 break; only that cell fixes both."""
    report = carry_forward(example_report)
    form = report.form
    for cid in form.tables["t3"].cell_ids():
        if not form.is_computed(cid) and report.values[cid] is None:
            report.set(cid, example_report.values[cid])
    for column in [c.id for c in form.tables["t3"].columns if c.id != "total"]:   # 一 balances each column
        v = report.values
        report.set(f"t3.new.{column}", v[f"t3.total.{column}"] + v[f"t3.carried_out.{column}"]
                   - v[f"t3.carried_in.{column}"])
    assert not [f for f in check(report, example_report, complete=False) if f.severity == "error"]
    right = report.values["t3.carried_in.natural"]
    report.set("t3.carried_in.natural", right + 4)
    findings = check(report, example_report, complete=False)
    assert {f.rule for f in findings if f.severity == "error"} == {"1", "6"}
    [d] = diagnose(report, findings, example_report)
    assert [(s.cell, s.value) for s in d.suspects] == [("t3.carried_in.natural", right)]


def test_a_value_below_zero_is_never_suggested(example_report):
    report = _draft(example_report)
    report.set("t3.new.natural", report.values["t3.new.natural"] + 1)
    [d] = diagnose(report, check(report))
    assert all(s.value >= 0 for s in d.suspects)
    assert all(report.values[s.cell] > 0 for s in d.suspects if s.value < report.values[s.cell])


def test_a_balanced_report_has_nothing_to_diagnose(example_report):
    assert diagnose(example_report, check(example_report)) == []
