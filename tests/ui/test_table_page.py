"""A table step: frozen header rows, findings that point at the mistake and scroll to it,
warnings listed where their cells are, the right-click menu, Enter down the column, the line
under the grid said once and never cut, notices that go when they are stale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

from conftest_helpers import balanced_t3_values
from reportdesk import operations as ops


@pytest.fixture
def t3_window(store, open_draft, form):
    """A draft whose table 3 balances, open on 表三 in a window as low as 1366×768 less a task bar."""
    draft_id = store.create("某某乡人民政府", 2024)
    ops.set_cells(store, draft_id, balanced_t3_values(form))
    window = open_draft(draft_id)
    window.resize(1366, 698)
    window.go_step("table:t3")
    QApplication.processEvents()
    return window


def test_the_header_rows_stay_while_the_table_scrolls(t3_window, clerk):
    page = t3_window.pages[t3_window.current]
    view = page.view
    assert (view.frozen.rows, view.frozen.cols) == (3, 3)
    assert view.verticalScrollBar().maximum() > 0          # 25 rows do not all fit: it scrolls
    clerk.click_cell(t3_window, "t3.carried_out.natural")   # the last row
    assert view.verticalScrollBar().value() > 0
    top = view.frozen.top
    # the pane over the grid still shows the header, at the top of the grid
    assert top.isVisible() and top.geometry().top() == view.viewport().geometry().top()
    assert top.indexAt(QPoint(5, 5)).row() == 0
    assert top.verticalScrollBar().value() == 0
    # the current cell is below the frozen header, not under it
    rect = view.visualRect(page.model.index_of("t3.carried_out.natural"))
    assert rect.top() >= view.frozen.frozen_height() and rect.bottom() <= view.viewport().height()
    # the label column scrolls with the rows
    assert view.frozen.left.verticalScrollBar().value() == view.verticalScrollBar().value()


def test_one_wrong_cell_is_named_first_and_a_click_goes_there(t3_window, clerk):
    """四、结转 商业企业 typed 2 where 1 is right (issue 13, item 6)."""
    page = t3_window.pages[t3_window.current]
    clerk.click_cell(t3_window, "t3.carried_out.business")
    clerk.type("2")
    clerk.press(Qt.Key_Return)
    lines = page.findings.list.texts()
    assert lines[0].startswith("很可能是刚填写的「四、结转下年度继续办理」「商业企业」填错了：改为1后各项平衡")
    # the two rule-1 errors it explains are under it, with their figures
    assert any(line.startswith("错误：表三「商业企业」列") for line in lines[1:3])
    assert any(line.startswith("错误：表三「总计」列") for line in lines[1:3])
    assert page.findings.expanded and page.findings.toggle.text() == "本表：2个错误"
    # scrolled away to the top of the table, a click on the diagnosis goes to the cell
    page.view.go_to("t3.new.natural")
    page.view.verticalScrollBar().setValue(0)
    diagnosis = page.findings.list.topLevelItem(0)
    clerk.click(page.findings.list.viewport(), page.findings.list.visualItemRect(diagnosis).center())
    view = page.view
    assert page.model.cell_id(view.currentIndex()) == "t3.carried_out.business"
    rect = view.visualRect(view.currentIndex())
    assert view.viewport().rect().contains(rect) and rect.top() >= view.frozen.frozen_height()
    # and a click on one of the errors selects its cells, the suspect current
    view.verticalScrollBar().setValue(0)
    error = diagnosis.child(0)
    clerk.click(page.findings.list.viewport(), page.findings.list.visualItemRect(error).center())
    assert page.model.cell_id(view.currentIndex()) == "t3.carried_out.business"
    assert len(view.selected_cells()) == 4
    # the fix: everything balances; the list stays open while the clerk is here (the grid
    # must not jump with each key), and is folded away when the page is shown again
    clerk.type("1")
    clerk.press(Qt.Key_Return)
    assert page.findings.list.texts() == ["本表没有发现问题"] and page.findings.expanded
    t3_window.go_step("table:t4")
    t3_window.go_step("table:t3")
    assert not page.findings.expanded and page.findings.toggle.text() == "本表没有发现问题"


def test_the_check_page_says_the_likely_mistake_too(t3_window, clerk):
    page = t3_window.pages[t3_window.current]
    clerk.click_cell(t3_window, "t3.carried_out.business")
    clerk.type("2")
    clerk.press(Qt.Key_Return)
    check = t3_window.go(len(t3_window.steps) - 1)
    texts = []
    for i in range(check.tree.topLevelItemCount()):
        top = check.tree.topLevelItem(i)
        texts += [top.child(j).text(0) for j in range(top.childCount())]
    first = next(t for t in texts if "很可能是" in t)
    assert first.startswith("很可能是刚填写的表三「四、结转下年度继续办理」「商业企业」填错了：改为1后各项平衡")
    item = next(check.tree.topLevelItem(i).child(j) for i in range(check.tree.topLevelItemCount())
                for j in range(check.tree.topLevelItem(i).childCount())
                if check.tree.topLevelItem(i).child(j).text(0) == first)
    check.tree.scrollToItem(item)
    clerk.click(check.tree.viewport(), check.tree.visualItemRect(item).center())
    assert t3_window.steps[t3_window.current].id == "table:t3"
    assert page.model.cell_id(page.view.currentIndex()) == "t3.carried_out.business"


def test_a_warning_about_a_table_is_listed_on_its_page(store, open_draft, clerk):
    """Cells turn yellow for a prose finding (the text says another number): the table's
    panel lists it too instead of “没有发现错误” (issue 13, item 7)."""
    draft_id = store.create("某某乡人民政府", 2024)
    ops.set_cells(store, draft_id, {"t3.new.natural": 5})
    ops.set_text(store, draft_id, "text.overview.on_request", "全年共收到政府信息公开申请12件。")
    window = open_draft(draft_id)
    page = window.go_step("table:t3")
    assert page.model.index_of("t3.new.total").data(Qt.BackgroundRole).color().name() == "#fff1c2"
    lines = page.findings.list.texts()
    assert any("收到政府信息公开申请12件" in line and line.startswith("提示：") for line in lines), lines
    assert page.findings.toggle.text() == "本表：1个提示"
    assert window.step_list.item(window.step_index("table:t3")).data(Qt.UserRole + 1) != "已完成"


def _menu(clerk, page, cid):
    """Right-click a cell; returns the menu's actions by text (the menu is closed again)."""
    view = page.view
    view.scrollTo(page.model.index_of(cid))
    pos = view.visualRect(page.model.index_of(cid)).center()
    seen = {}

    def look():
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.update({a.text(): a for a in menu.actions() if a.text()})
        menu.close()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, look)
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Mouse, pos, view.viewport().mapToGlobal(pos)))
    return seen


def test_the_right_click_menu(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2024)
    window = open_draft(draft_id)
    page = window.go_step("table:t4")
    clerk.click_cell(window, "t4.review.upheld")
    clerk.type("3")
    clerk.press(Qt.Key_Return)
    actions = _menu(clerk, page, "t4.review.upheld")
    assert list(actions) == ["复制", "粘贴", "清除", "空白填0…"]
    assert page.model.cell_id(page.view.currentIndex()) == "t4.review.upheld"   # the cell under the mouse
    actions["复制"].trigger()
    assert QGuiApplication.clipboard().text() == "3"
    actions["清除"].trigger()
    assert window.session.report.values["t4.review.upheld"] is None
    QGuiApplication.clipboard().setText("4\t5")
    page.view.go_to("t4.review.corrected")
    actions = _menu(clerk, page, "t4.review.corrected")
    actions["粘贴"].trigger()
    assert (window.session.report.values["t4.review.corrected"], window.session.report.values["t4.review.other"]) == (4, 5)
    clerk.on_next_dialog(lambda box: clerk.click_button(box, "是"))
    actions = _menu(clerk, page, "t4.review.pending")
    actions["空白填0…"].trigger()
    assert window.session.report.values["t4.suit_direct.upheld"] == 0
    # a computed cell: copy yes, clear no
    actions = _menu(clerk, page, "t4.review.total")
    assert actions["复制"].isEnabled() and not actions["清除"].isEnabled()


def test_enter_moves_down_the_column_when_chosen(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    window.go_step("table:t4")          # a table page made before the option is chosen
    page = window.go_step("table:t3")
    current = lambda: page.model.cell_id(page.view.currentIndex())  # noqa: E731
    clerk.click_cell(window, "t3.new.natural")
    clerk.type("1")
    clerk.press(Qt.Key_Return)
    assert current() == "t3.new.business"              # as before: on to the right
    clerk.click(page.enter_down)
    assert page.enter_down.isChecked()
    clerk.click_cell(window, "t3.new.natural")
    clerk.type("4")
    clerk.press(Qt.Key_Return)
    assert current() == "t3.carried_in.natural"        # Excel's habit: down
    clerk.press(Qt.Key_Return)                          # not editing: Enter moves down too
    assert current() == "t3.granted.natural"
    clerk.press(Qt.Key_Return, Qt.ShiftModifier)
    assert current() == "t3.carried_in.natural"
    page.view.go_to("t3.carried_out.natural")           # the end of a column: the next one's top
    clerk.press(Qt.Key_Return)
    assert current() == "t3.new.business"
    assert window.session.report.values["t3.new.natural"] == 4
    # remembered, for every table and the next time
    from PySide6.QtCore import QSettings

    assert QSettings().value("grid/enter_moves_down") in (True, "true")
    other = window.go_step("table:t4")
    assert other.enter_down.isChecked() and other.view.enter_down


def test_the_line_under_the_grid_says_it_once_and_is_not_cut(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go_step("table:t3")
    clerk.click_cell(window, "t3.new.natural")
    page.view.go_to("t3.new.total")
    text = page.cell_info.text()
    assert text.count("自动计算") == 1 and "自动计算：自动计算" not in text
    # narrow: it wraps onto more lines and grows, never cut
    window.resize(1000, 698)
    QApplication.processEvents()
    page.view.go_to("t3.partial.natural")
    label = page.cell_info
    assert label.height() >= label.heightForWidth(label.width())


def test_a_paste_notice_goes_when_the_clerk_moves_on(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go_step("table:t4")
    clerk.click_cell(window, "t4.review.upheld")
    QGuiApplication.clipboard().setText("1\tx\t2")
    clerk.press(Qt.Key_V, Qt.ControlModifier)
    assert page.notice.isVisible() and "无法识别" in page.notice.text()
    clerk.click_cell(window, "t4.suit_direct.upheld")
    assert not page.notice.isVisible()
