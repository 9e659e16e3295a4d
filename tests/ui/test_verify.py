"""已核实 (issue 13, item 8): a warning the clerk has looked into is marked with a short reason;
it stops nagging, is kept in the draft's history and the 校验单 prints 已核实（理由）."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from reportdesk.export.checklist import VERIFIED, checklist

REASON = "本机关不收取任何费用"


def _draft_with_a_warning(store, example_report):
    """The published example, whose part 六 no longer says whether fees were charged (rule 11)."""
    draft_id = store.import_report(example_report)
    from reportdesk import operations as ops

    ops.set_text(store, draft_id, "text.other", "本年度工作平稳。")
    return draft_id


def _step(window, step_id: str):
    return window.go(next(i for i, s in enumerate(window.steps) if s.id == step_id))


def _answer_reason(clerk, reason: str) -> list:
    """Type ``reason`` into the next 标为已核实 box and press 确定."""
    def answer(dialog):
        assert isinstance(dialog, QInputDialog) and dialog.windowTitle() == "标为已核实"
        assert "信息处理费" in dialog.labelText()          # the box says which warning
        dialog.setTextValue(reason)
        clerk.click_button(dialog, "确定")
    return clerk.on_next_dialog(answer)


def test_a_warning_marked_verified_on_its_page_stops_nagging_and_prints_so(store, open_draft, clerk, qtbot,
                                                                             example_report):
    draft_id = _draft_with_a_warning(store, example_report)
    window = open_draft(draft_id)
    page = _step(window, "text:text.other")
    assert window.session.step_states["text:text.other"].name == "有提示"
    [line] = page.findings.texts()
    assert line.startswith("提示：“六、其他需要报告的事项”没有说明是否收取信息处理费")
    page.findings.setFocus()
    page.findings.setCurrentItem(page.findings.topLevelItem(0))
    seen = _answer_reason(clerk, f"  {REASON} ")
    clerk.press(Qt.Key_K, Qt.ControlModifier)
    qtbot.waitUntil(lambda: page.findings.texts()[0].startswith("已核实："))
    assert seen and page.findings.texts() == [f"已核实：“六、其他需要报告的事项”没有说明是否收取信息处理费\n理由：{REASON}"]
    assert window.session.step_states["text:text.other"].name == "已完成"
    # on disk, with the history, and on the 校验单
    assert store.load(draft_id).acks == {page.findings.findings[0].key: REASON}
    assert [(h.kind, h.new) for h in store.history(draft_id)][-1] == ("ack", REASON)
    [result] = [r for r in checklist(window.session.report, window.session.findings_complete()) if r.rule.id == "11"]
    assert result.status == VERIFIED
    # the check page counts it apart and says the report may be exported
    check = window.go(len(window.steps) - 1)
    assert "1 个提示都已核实" in check.summary.text()
    # Ctrl+Z takes the mark back, and says so
    window.session.undo()
    assert window.session.step_states["text:text.other"].name == "有提示"
    assert store.load(draft_id).acks == {}
    assert window.message_text() == "规则11「六、说明信息处理费」（「六、其他需要报告的事项」）：不再标为已核实"


def test_no_reason_no_mark_and_an_error_cannot_be_marked(store, open_draft, clerk, qtbot, example_report):
    draft_id = _draft_with_a_warning(store, example_report)
    from reportdesk import operations as ops

    ops.set_cells(store, draft_id, {"t3.carried_out.business": 2})     # an error in 表三
    window = open_draft(draft_id)
    check = window.go(len(window.steps) - 1)
    warning = next(i for i, w in enumerate(check._shown) if getattr(w, "rule", "") == "11")
    error = next(i for i, w in enumerate(check._shown) if getattr(w, "severity", "") == "error")
    check.tree.setCurrentItem(check._item_at(error))
    assert not check.verify_button.isEnabled()
    check.tree.setCurrentItem(check._item_at(warning))
    assert check.verify_button.isEnabled() and check.verify_button.text() == "标为已核实…"

    # an empty reason is asked again (the clerk is told why); cancelling then marks nothing
    answers = []

    def empty(dialog):
        answers.append(dialog.windowTitle())
        if isinstance(dialog, QInputDialog) and len(answers) == 1:
            dialog.setTextValue("   ")
            clerk.click_button(dialog, "确定")
        elif isinstance(dialog, QInputDialog):
            clerk.click_button(dialog, "取消")
        else:
            assert "请写明理由" in dialog.text()
            clerk.click_button(dialog, "确定")
        if len(answers) < 3:
            clerk.on_next_dialog(empty)

    clerk.on_next_dialog(empty)
    clerk.click(check.verify_button)
    qtbot.waitUntil(lambda: len(answers) == 3)
    assert store.load(draft_id).acks == {}

    _answer_reason(clerk, REASON)
    clerk.click(check.verify_button)
    qtbot.waitUntil(lambda: bool(store.load(draft_id).acks))
    # still chosen, now offered to be taken back; the part's title counts it
    assert check.verify_button.text() == "取消已核实…"
    assert any("（1 条已核实）" in check.tree.topLevelItem(i).text(0) for i in range(check.tree.topLevelItemCount()))
    assert "1 个提示已核实" in check.summary.text()

    def take_back(dialog):
        assert REASON in dialog.text()
        clerk.click_button(dialog, "取消标记")

    clerk.on_next_dialog(take_back)
    clerk.click(check.verify_button)
    qtbot.waitUntil(lambda: not store.load(draft_id).acks)
    assert check.verify_button.text() == "标为已核实…"


def test_the_table_page_counts_a_verified_warning_apart(store, open_draft, qtbot, monkeypatch, example_report):
    """A table's warning (rule 15, a number far too large) marked from the page's list: the
    header counts it as 已核实, the cell is no longer yellow."""
    from reportdesk import operations as ops
    from reportdesk.ui import findings as findings_ui

    draft_id = store.import_report(example_report)
    ops.set_cells(store, draft_id, {"t4.review.pending": 25000})
    window = open_draft(draft_id)
    page = _step(window, "table:t4")
    [warning] = [f for f in page.findings.list.findings if f.rule == "15"]
    # the text says 未发生行政复议 too (rule 8, on the total): a second warning, left open
    others = len(page.findings.list.findings) - 1
    assert others == 1
    assert page.findings.toggle.text() == f"本表：{others + 1}个提示"
    assert page.model.data(page.model.index_of("t4.review.pending"), Qt.BackgroundRole) is not None
    monkeypatch.setattr("reportdesk.ui.messages.ask_text", lambda *a, **k: "确有25000件待审")
    page.findings.list.verify.emit(warning)
    qtbot.waitUntil(lambda: page.findings.toggle.text() == "本表：1个提示、1个已核实")
    assert len(findings_ui.open_findings(page.findings.list.findings)) == others
    assert page.findings.list.texts()[-1] == f"已核实：{warning.message}\n理由：确有25000件待审"   # listed last
    assert page.model.data(page.model.index_of("t4.review.pending"), Qt.BackgroundRole) is None
    assert page.model.data(page.model.index_of("t4.review.total"), Qt.BackgroundRole) is not None


def test_the_list_menu_offers_go_to_and_verify_from_the_keyboard(store, open_draft, clerk, qtbot, example_report):
    """The menu key (or a right click) on a warning: 转到 and 标为已核实…."""
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    draft_id = _draft_with_a_warning(store, example_report)
    window = open_draft(draft_id)
    page = _step(window, "text:text.other")
    page.findings.setFocus()
    page.findings.setCurrentItem(page.findings.topLevelItem(0))
    offered = []

    def pick():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, pick)
            return
        offered.extend(a.text() for a in menu.actions())
        _answer_reason(clerk, REASON)
        next(a for a in menu.actions() if a.text() == "标为已核实…").trigger()
        menu.close()

    QTimer.singleShot(0, pick)
    # what the window system sends for the menu key (QTest's key bypasses that translation)
    QApplication.sendEvent(page.findings.viewport(), QContextMenuEvent(QContextMenuEvent.Keyboard, QPoint(5, 5),
                                                                            page.findings.viewport().mapToGlobal(QPoint(5, 5))))
    qtbot.waitUntil(lambda: bool(store.load(draft_id).acks))
    assert offered == ["转到", "标为已核实…"]
    assert page.findings.texts()[0] == f"已核实：“六、其他需要报告的事项”没有说明是否收取信息处理费\n理由：{REASON}"
