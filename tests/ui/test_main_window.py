"""The main window, driven as a clerk drives it: the whole report from a blank draft, undo and
redo, jumping from a finding to its cells, help, the window's size remembered."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from conftest_helpers import balanced_t3_values
from reportdesk import operations as ops
from reportdesk.rules import check

TEXTS = {
    "text.overview.proactive": "本乡通过政府网站和公开栏主动公开政府信息，内容涵盖财政预决算、惠民政策等。",
    "text.overview.on_request": "本乡依法受理和答复政府信息公开申请，答复均在法定期限内完成。",
    "text.overview.management": "严格落实公开前审查制度，及时清理行政规范性文件。",
    "text.overview.platform": "持续维护政府网站信息公开专栏，确保平台安全稳定运行。",
    "text.overview.oversight": "将政务公开纳入年度考核，组织专题培训，未发生责任追究情况。",
    "text.problems": "存在公开内容不够全面的问题，下一步将加强培训，提高公开质量。",
    "text.other": "本年度未收取信息处理费。",
}


def _fill_table(clerk, window, step_id, values):
    """Click the first cell, then type every value with Tab between, in reading order."""
    page = window.go_step(step_id)
    order = page.model.order
    clerk.click_cell(window, order[0])
    for i, cid in enumerate(order):
        assert page.model.cell_id(page.view.currentIndex()) == cid
        clerk.type(str(values[cid]))
        clerk.press(Qt.Key_Tab if i < len(order) - 1 else Qt.Key_Return)
    return page


def test_fill_a_whole_report_from_a_blank_draft(qtbot, store, clerk, form):
    from reportdesk.ui.start import StartWindow

    start = StartWindow(store)
    qtbot.addWidget(start)
    with qtbot.waitActive(start):
        start.show()
        start.activateWindow()

    def fill_new(dialog):
        clerk.retype(dialog.agency, "某某乡人民政府")
        clerk.retype(dialog.year.lineEdit(), "2024")
        clerk.click_button(dialog, "确定")

    clerk.on_next_dialog(fill_new)
    clerk.click(start.buttons["new"])
    window = start.main
    assert window is not None and window.isVisible() and not start.isVisible()
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.activateWindow()
    draft_id = window.session.draft_id
    assert window.session.report.title == "某某乡人民政府2024年政府信息公开工作年度报告"
    assert window.step_list.item(7).data(Qt.UserRole + 1) == "未填"

    # the texts, typed through the input method, one step after another with “下一步”
    clerk.click(window.next)
    for text_id in list(TEXTS)[:5]:
        page = window.pages[window.current]
        assert page.text_id == text_id
        assert isinstance(QApplication.focusWidget(), QPlainTextEdit)
        clerk.ime(TEXTS[text_id])
        clerk.click(window.next)
    assert window.steps[window.current].id == "table:t2"
    t2 = {cid: 0 for cid in form.tables["t2"].cell_ids()}
    t2.update({"t2.normative.issued": 3, "t2.normative.valid": 12, "t2.licensing.decisions": 45,
               "t2.fees.amount": "0.5"})
    _fill_table(clerk, window, "table:t2", t2)
    t3 = balanced_t3_values(form)
    page = _fill_table(clerk, window, "table:t3", t3)
    assert page.model.index_of("t3.total.total").data() == "12"
    assert window.step_list.item(window.step_index("table:t3")).data(Qt.UserRole + 1) == "已完成"
    t4 = {cid: 0 for cid in form.tables["t4"].cell_ids() if not form.is_computed(cid)}
    t4["t4.review.upheld"] = 1
    _fill_table(clerk, window, "table:t4", t4)
    for text_id in ("text.problems", "text.other"):
        page = window.go_step(f"text:{text_id}")
        clerk.ime(TEXTS[text_id])
    check_page = window.go(len(window.steps) - 1)     # 检查与导出 (the text page saves on leaving)
    assert "没有发现问题" in check_page.summary.text()
    assert [check_page.tree.topLevelItem(i).text(0)[-24:] for i in range(check_page.tree.topLevelItemCount())] \
        == ["项检查全部通过：各表数字对得上，各部分文字齐全。"]
    states = {s.id: window.step_list.item(i).data(Qt.UserRole + 1) for i, s in enumerate(window.steps)}
    assert set(states.values()) == {"已完成"}, states

    # what is in the database: every number and text as typed, totals derived, no findings
    from reportdesk.store import DraftStore

    other = DraftStore(store.path)
    try:
        saved = other.load(draft_id).report
    finally:
        other.close()
    for cid, value in {**t2, **t3, **t4}.items():
        expected = float(value) if cid == "t2.fees.amount" else value
        assert saved.values[cid] == expected, cid
    assert saved.values["t3.new.total"] == 12 and saved.values["t4.review.total"] == 1
    assert saved.texts == TEXTS
    assert check(saved) == []


def test_undo_and_redo_over_the_whole_report(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    window.go_step("table:t3")
    clerk.click_cell(window, "t3.new.natural")
    clerk.type("7")
    clerk.press(Qt.Key_Return)
    text_page = window.go_step("text:text.problems")
    clerk.ime("存在的问题")
    window.go_step("table:t4")        # leaving the text saves it
    report = window.session.report
    assert report.text("text.problems") == "存在的问题"
    clerk.press(Qt.Key_Z, Qt.ControlModifier)     # undoes the text, and shows it
    assert report.text("text.problems") == ""
    assert window.steps[window.current].id == "text:text.problems"
    assert text_page.editor.toPlainText() == ""
    clerk.press(Qt.Key_Z, Qt.ControlModifier)     # undoes the 7 (typed in one go: one step)
    assert report.values["t3.new.natural"] is None and report.values["t3.new.total"] is None
    assert window.steps[window.current].id == "table:t3"
    clerk.press(Qt.Key_Y, Qt.ControlModifier)
    assert report.values["t3.new.natural"] == 7
    clerk.press(Qt.Key_Y, Qt.ControlModifier)
    assert report.text("text.problems") == "存在的问题"
    assert store.load(window.session.draft_id).report.values["t3.new.natural"] == 7


def test_undo_works_after_the_program_restarts(store, open_draft, clerk, show_ready):
    draft_id = store.create("某某乡人民政府", 2024)
    window = open_draft(draft_id)
    window.go_step("table:t3")
    clerk.click_cell(window, "t3.granted.natural")
    clerk.type("15")
    clerk.press(Qt.Key_Tab)
    clerk.type("3")
    clerk.press(Qt.Key_Return)
    window.close()

    from reportdesk.store import DraftStore

    again = DraftStore(store.path)      # a new process would open the database afresh
    try:
        from reportdesk.ui.main_window import MainWindow
        from reportdesk.ui.session import DraftSession

        session = DraftSession(again, draft_id)
        assert session.can_undo and not session.can_redo
        second = MainWindow(session)
        clerk.qtbot.addWidget(second)
        show_ready(second)
        clerk.press(Qt.Key_Z, Qt.ControlModifier)
        assert session.report.values["t3.granted.business"] is None
        clerk.press(Qt.Key_Z, Qt.ControlModifier)   # “15” typed in one go is one step
        assert session.report.values["t3.granted.natural"] is None
        assert not session.can_undo
        clerk.press(Qt.Key_Y, Qt.ControlModifier)
        assert session.report.values["t3.granted.natural"] == 15
        second.close()
    finally:
        again.close()


def test_clicking_a_finding_selects_its_cells(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go_step("table:t3")
    for cid, value in (("t3.new.legal", "5"), ("t3.granted.legal", "3")):
        clerk.click_cell(window, cid)
        clerk.type(value)
        clerk.press(Qt.Key_Return)
    # a total with blank addends is provisional: no balance is checked yet
    assert not any("「法律服务机构」列" in f.message for f in window.session.findings)
    clerk.on_next_dialog(lambda box: clerk.click_button(box, "是"))
    clerk.click(page.zero)            # 空白填0: now every column is complete
    page = window.pages[window.current]
    # the table page lists the broken rule with its figures; the cells are marked red
    texts = page.findings.list.texts()
    # first the likely mistake: the cell typed last, and what would balance everything
    assert texts[0].startswith("很可能是刚填写的「（一）予以公开」「法律服务机构」填错了：改为5后各项平衡")
    assert page.findings.expanded and "本表：2个错误" == page.findings.toggle.text()
    legal = next(t for t in texts if "「法律服务机构」列" in t)
    assert "一＋二＝5" in legal and "相差2" in legal
    assert legal.endswith("应为 3，实为 5，多 2")     # the figures: one sign, no “相差 2” twice
    assert page.model.index_of("t3.new.legal").data(Qt.BackgroundRole).color().name() == "#f9d6d5"
    assert window.step_list.item(window.step_index("table:t3")).data(Qt.UserRole + 1) == "有错误"

    # from 检查与导出, click the finding: back to 表三 with the four cells of the relation selected
    check_page = window.go(len(window.steps) - 1)
    tree = check_page.tree
    target = None
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):    # the errors, some grouped under their likely cause
            child = top.child(j)
            for item in [child] + [child.child(k) for k in range(child.childCount())]:
                if "「法律服务机构」列：一＋二" in item.text(0):
                    target = item
    assert target is not None
    tree.scrollToItem(target)
    clerk.click(tree.viewport(), tree.visualItemRect(target).center())
    assert window.steps[window.current].id == "table:t3"
    page = window.pages[window.current]
    assert set(page.view.selected_cells()) == {"t3.new.legal", "t3.carried_in.legal", "t3.total.legal",
                                               "t3.carried_out.legal"}
    assert page.model.cell_id(page.view.currentIndex()) == "t3.new.legal"


def test_step_states_follow_the_edits(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    row = window.step_index("table:t4")
    state = lambda: window.step_list.item(row).data(Qt.UserRole + 1)  # noqa: E731
    assert state() == "未填"
    window.go_step("table:t4")
    clerk.click_cell(window, "t4.review.upheld")
    clerk.type("1")
    clerk.press(Qt.Key_Return)
    assert state() == "填写中"
    assert "11格未填" in window.step_list.item(row).toolTip()


def test_f1_shows_the_guidance_of_the_current_cell(store, open_draft, clerk, monkeypatch):
    shown = []
    window = open_draft(store.create("某某乡人民政府", 2024))
    window.go_step("table:t3")
    clerk.click_cell(window, "t3.carried_out.natural")
    clerk.on_next_dialog(lambda box: (shown.append((box.windowTitle(), box.text())), clerk.click_button(box, "确定")))
    clerk.press(Qt.Key_F1)
    assert shown and shown[-1][0] == "填写说明"
    assert "转入下年度继续办理" in shown[-1][1] and "表三「四、结转下年度继续办理」「自然人」" in shown[-1][1]


def test_the_window_remembers_its_size_and_place(store, qtbot):
    from reportdesk.ui.main_window import MainWindow
    from reportdesk.ui.session import DraftSession

    if QApplication.primaryScreen().availableGeometry().width() < 1300:
        pytest.skip("the test screen is smaller than a clerk's")
    draft_id = store.create("某某乡人民政府", 2024)
    first = MainWindow(DraftSession(store, draft_id))
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(120, 60, 1180, 690)
    first.close()
    second = MainWindow(DraftSession(store, draft_id))
    qtbot.addWidget(second)
    second.show()
    assert (second.geometry().width(), second.geometry().height()) == (1180, 690)
    assert (second.geometry().x(), second.geometry().y()) == (120, 60)


def test_usable_at_1366_by_768(store, open_draft, tmp_path, qtbot):
    """Every step fits a 1366×768 screen: nothing needs a horizontal scroll bar, buttons are visible."""
    from PySide6.QtCore import QEvent

    window = open_draft(store.create("某某乡人民政府", 2024))
    window.resize(1366, 728)   # the screen less a task bar
    # the window refits itself to the screen 200 ms after it is shown (the frame is known then):
    # wait for that, so that no step is looked at in the middle of a resize (a busy machine did)
    qtbot.wait(300)
    for i in range(len(window.steps)):
        page = window.go(i)
        for _ in range(2):
            QApplication.processEvents()
            QApplication.sendPostedEvents(None, QEvent.LayoutRequest)
        assert window.next.isVisible() and window.back.isVisible()
        if hasattr(page, "view"):
            assert not page.view.horizontalScrollBar().isVisible(), window.steps[i].id
        assert page.width() >= page.minimumSizeHint().width()


def test_export_the_report_file_from_check_and_export(store, open_draft, clerk, tmp_path):
    out = tmp_path / "报告.json"
    window = open_draft(store.create("某某乡人民政府", 2024))
    window.go_step("table:t4")
    clerk.click_cell(window, "t4.review.pending")
    clerk.type("2")
    clerk.press(Qt.Key_Return)
    page = window.go(len(window.steps) - 1)
    clerk.choose_file(out)
    clerk.click(page.buttons["json"])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["agency"] == "某某乡人民政府" and data["year"] == 2024
    assert data["cells"]["t4.review.pending"] == 2 and data["cells"]["t4.review.total"] == 2
    assert data["cells"]["t3.new.natural"] is None


def test_a_final_draft_is_read_only_until_reopened(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2024)
    ops.mark_final(store, draft_id)
    window = open_draft(draft_id)
    assert window.banner.isVisible() and "已定稿" in window.banner.text()
    page = window.go_step("table:t3")
    assert not page.model.index_of("t3.new.natural").flags() & Qt.ItemIsEditable
    check_page = window.go(len(window.steps) - 1)
    assert check_page.buttons["status"].text() == "重新打开编辑"
    clerk.click(check_page.buttons["status"])
    assert not window.session.read_only and not window.banner.isVisible()
    window.go_step("table:t3")
    clerk.click_cell(window, "t3.new.natural")
    clerk.type("1")
    clerk.press(Qt.Key_Return)
    assert store.load(draft_id).report.values["t3.new.natural"] == 1


def test_basic_info_changes_the_title_and_is_undoable(store, open_draft, clerk, monkeypatch):
    other = store.create("某某乡人民政府", 2023)
    draft_id = store.create("某某乡人民政府", 2024)
    window = open_draft(draft_id)
    page = window.go(0)
    clerk.retype(page.agency, "某某县某某乡人民政府")
    clerk.press(Qt.Key_Tab)                      # leaving the field saves it
    assert store.load(draft_id).report.title == "某某县某某乡人民政府2024年政府信息公开工作年度报告"
    assert "某某县某某乡人民政府2024年" in window.windowTitle()
    # a year another draft of the same agency already has is refused, and the field says so
    warned = []
    from reportdesk.ui import messages

    monkeypatch.setattr(messages, "warn", lambda parent, title, text, *a: warned.append(text))
    clerk.retype(page.agency, "某某乡人民政府")
    clerk.press(Qt.Key_Tab)
    clerk.retype(page.year.lineEdit(), "2023")
    clerk.press(Qt.Key_Tab)
    clerk.qtbot.waitUntil(lambda: bool(warned))
    assert "已经存在" in warned[-1]
    assert page.year.value() == 2024 and store.load(draft_id).report.year == 2024
    assert window.saved_label.text() != "未保存！"     # refused, not a failed save
    assert store.load(other).report.year == 2023
    window.go_step("table:t3")
    clerk.click_cell(window, "t3.new.natural")
    clerk.press(Qt.Key_Z, Qt.ControlModifier)   # undoes the agency back to 某某县…
    assert store.load(draft_id).report.agency == "某某县某某乡人民政府"
    assert window.steps[window.current].id == "info"


def test_the_step_list_shows_the_current_step_and_the_one_under_the_mouse(store, open_draft, qtbot):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QColor, QMouseEvent

    window = open_draft(store.create("某某乡人民政府", 2024))
    steps = window.step_list
    from reportdesk.ui import theme

    highlight = theme.SELECTION
    hover = theme.HOVER

    def background(row: int) -> QColor:
        rect = steps.visualItemRect(steps.item(row))
        return steps.viewport().grab().toImage().pixelColor(rect.right() - 3, rect.top() + 2)

    def move_to(row: int | None) -> None:
        pos = steps.visualItemRect(steps.item(row)).center() if row is not None else steps.rect().bottomLeft()
        event = QMouseEvent(QEvent.MouseMove, QPointF(pos), QPointF(steps.viewport().mapToGlobal(pos)),
                            Qt.NoButton, Qt.NoButton, Qt.NoModifier)
        QApplication.sendEvent(steps.viewport(), event)

    assert background(0) == highlight and background(2) != highlight
    window.go(2)
    assert background(2) == highlight and background(0) != highlight
    move_to(4)
    assert background(4) == hover and background(2) == highlight
    move_to(5)
    assert background(5) == hover and background(4) != hover
    QApplication.sendEvent(steps, QEvent(QEvent.Leave))   # the mouse leaves the list
    assert background(5) != hover


def test_after_a_crash_the_draft_reopens_at_the_step_the_clerk_was_on(store, open_draft, qtbot):
    """The step is remembered as the clerk moves, not only when the window closes cleanly."""
    from reportdesk.ui.main_window import MainWindow
    from reportdesk.ui.session import DraftSession

    draft_id = store.create("某某乡人民政府", 2024)
    window = open_draft(draft_id)
    window.go_step("table:t4")
    from PySide6.QtCore import QSettings

    # written a moment after the step is shown (not before the window's first paint)
    qtbot.waitUntil(lambda: QSettings().value(f"drafts/{draft_id}/step") in (window.current, str(window.current)))
    # no close: the program is killed here; a new process reads the same settings
    again = MainWindow(DraftSession(store, draft_id))
    qtbot.addWidget(again)
    assert again.steps[again.current].id == "table:t4"


def test_a_disabled_primary_button_looks_disabled(store, qtbot):
    """打开 with no draft to open: grey, not the blue of a button that works."""
    from reportdesk.ui.start import StartWindow

    window = StartWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    button = window.buttons["open"]
    assert not button.isEnabled()
    image = button.grab().toImage()
    colour = image.pixelColor(image.width() // 2, 3)
    assert colour.saturation() < 40 and colour.lightness() > 200, colour.name()
    store.create("某某乡人民政府", 2024)
    window.refresh()
    assert button.isEnabled()
    image = button.grab().toImage()
    assert image.pixelColor(image.width() // 2, 3).name() == "#1f6fb2"
