"""The wizard's steps and their states, without Qt."""

from reportdesk.carry import carry_forward
from reportdesk.report import Report
from reportdesk.rules import check
from reportdesk import steps as progress
from reportdesk.steps import build_steps, cell_marks, group_findings, step_for_finding, step_state


def _step(steps, step_id):
    return next(s for s in steps if s.id == step_id)


def test_steps_follow_the_form(form):
    steps = build_steps(form, Report(form))
    assert [s.short for s in steps] == [
        "基本信息", "一（一）主动公开", "一（二）依申请公开", "一（三）政府信息管理",
        "一（四）政府信息公开平台建设", "一（五）监督保障", "表二  主动公开政府信息情况",
        "表三  收到和处理政府信息公开申请情况", "表四  政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "检查与导出"]
    assert _step(steps, "table:t3").title == "三、收到和处理政府信息公开申请情况"


def test_overview_without_subheadings_is_one_step(form):
    report = Report(form)
    report.set_text("text.overview", "全年工作……")
    steps = build_steps(form, report)
    overview = [s for s in steps if s.part == steps[1].part]
    assert [s.text_ids for s in overview] == [("text.overview",)]


def test_table_step_states_follow_blanks_and_errors(form):
    report = Report(form, "某乡人民政府", 2024)
    steps = build_steps(form, report)
    t4 = _step(steps, "table:t4")
    assert step_state(t4, report, []).state == progress.EMPTY
    report.set("t4.review.upheld", "1")
    state = step_state(t4, report, check(report, complete=False))
    assert (state.state, state.blanks, state.name) == (progress.PARTIAL, 11, "填写中")
    for cid in form.tables["t4"].cell_ids():
        if not form.is_computed(cid) and report.is_blank(cid):
            report.set(cid, "0")
    assert step_state(t4, report, check(report, complete=False)).state == progress.DONE


def test_an_unbalanced_column_marks_table_three_with_errors(form):
    report = Report(form, "某乡人民政府", 2024)
    for cid in form.tables["t3"].cell_ids():
        if not form.is_computed(cid):
            report.set(cid, "0")
    report.set("t3.new.natural", "5")
    report.set("t3.granted.natural", "3")
    findings = check(report, complete=False)
    steps = build_steps(form, report)
    state = step_state(_step(steps, "table:t3"), report, findings)
    assert state.state == progress.ERRORS and state.errors == 2  # 自然人 and 总计 columns
    assert step_state(_step(steps, "table:t2"), report, findings).state == progress.EMPTY
    marks = cell_marks(findings)
    assert marks["t3.new.natural"] == "error" and marks["t3.total.natural"] == "error"
    assert "t3.new.business" not in marks
    assert step_for_finding(steps, findings[0], form).id == "table:t3"


def test_carried_text_is_a_warning_on_its_step(form, example_report):
    report = carry_forward(example_report)
    findings = check(report, example_report, complete=False)
    steps = build_steps(form, report)
    state = step_state(_step(steps, "text:text.problems"), report, findings)
    assert state.state == progress.WARNINGS and "1个提示" in state.detail
    groups = group_findings(steps, findings, form)
    assert groups[0][0] == "一、总体情况" and groups[0][1] == "warning"
    assert _step(steps, "info") and step_state(_step(steps, "info"), report, findings).state == progress.DONE
