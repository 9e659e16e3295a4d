"""Accessibility (issue 13, item 14): every control of every step, of the start screen and of
the dialogs has a name and a description a screen reader can say; a grid cell says its row
and column as printed; Tab goes through a page in reading order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox,
                               QHeaderView, QLineEdit, QPlainTextEdit, QTabBar, QTextEdit, QWidget)

CONTROLS = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit,
            QTabBar)


def unnamed(window: QWidget) -> list[str]:
    """Controls of ``window`` (shown or not yet) without an accessible name or description."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.window() is not window or widget.objectName().startswith("qt_"):
            continue   # qt_…: a part of a Qt widget (a menu bar's », a table's corner), said by it
        parent = widget.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QTabBar)) or \
                (isinstance(widget, QHeaderView) and widget.isHidden()):
            continue   # a part of a Qt control, said by that control
        # what Qt's accessibility says (asked of the widgets themselves: the QAccessible
        # interfaces a test would hold outlive the widgets of a later test and crash Qt)
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        description = widget.accessibleDescription() or widget.toolTip()
        if not name.strip() or not description.strip():
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            found.append(f"{type(widget).__name__}({widget.objectName() or text}) name={name!r} description={description!r}")
    return found


def test_every_control_of_every_step_is_named(store, open_draft, example_report):
    draft_id = store.new_from(example_report, "武陟县小董乡人民政府", 2025)
    window = open_draft(draft_id)
    missing = {}
    for i, step in enumerate(window.steps):
        window.go(i)
        QApplication.processEvents()
        if step.kind == "table":      # what shows only after an edit or a paste
            page = window.pages[i]
            page.suggest.show()
            page.notice.show()
        if step.kind == "check":
            window.pages[i].done_bar.show()
        missing.update({f"{step.id}: {m}": 1 for m in unnamed(window)})
    assert list(missing) == []


def test_the_start_screen_and_its_dialogs_are_named(start_window, store, clerk, example_path):
    store.create("某某乡人民政府", 2024)
    window = start_window()
    assert unnamed(window) == []
    seen = []

    def look(dialog):
        seen.append(unnamed(dialog))
        dialog.reject()

    clerk.on_next_dialog(look)
    clerk.click(window.buttons["new"])
    clerk.on_next_dialog(look)
    clerk.click(window.buttons["carry"])
    from reportdesk.ui.import_preview import ImportPreviewDialog

    preview = ImportPreviewDialog(window, example_path)
    clerk.qtbot.addWidget(preview)
    seen.append(unnamed(preview))
    assert seen == [[], [], []]


def test_a_grid_cell_says_its_row_and_column(store, open_draft):
    from reportdesk import operations as ops

    draft_id = store.create("某某乡人民政府", 2024)
    ops.set_cells(store, draft_id, {"t3.new.business": 7})
    window = open_draft(draft_id)
    page = window.go_step("table:t3")
    index = page.model.index_of("t3.new.business")
    assert index.data(Qt.AccessibleTextRole) == "表三「一、本年新收政府信息公开申请数量」「商业企业」：7"
    assert index.data(Qt.AccessibleDescriptionRole).startswith("本年1月1日至12月31日新收到的申请件数")
    blank = page.model.index_of("t3.new.natural").data(Qt.AccessibleTextRole)
    assert blank == "表三「一、本年新收政府信息公开申请数量」「自然人」：空"
    # the header and label cells say their printed text
    assert page.model.index(0, 3).data(Qt.AccessibleTextRole) == "申请人情况"


def _chain(window, start: QWidget, page: QWidget) -> list[QWidget]:
    """The widgets Tab reaches from ``start`` on, inside the page and the buttons below it."""
    out, widget = [], start.nextInFocusChain()
    while widget is not start and len(out) < 400:
        if widget.isVisible() and widget.focusPolicy() & Qt.TabFocus and widget.isEnabled() \
                and not widget.objectName().startswith("qt_") \
                and (page.isAncestorOf(widget) or widget in (window.back, window.next)):
            out.append(widget)
        widget = widget.nextInFocusChain()
    return out


@pytest.mark.parametrize("step_id", ["info", "table:t2", "table:t3", "text:text.problems", "check"])
@pytest.mark.parametrize("again", [False, True], ids=["first", "again"])
def test_tab_goes_through_a_page_in_reading_order(store, open_draft, example_report, step_id, again):
    """Also on a page shown a second time, after another (its controls were once found from the
    page itself, which they had left: 上一步 and 下一步 came first)."""
    window = open_draft(store.new_from(example_report, "武陟县小董乡人民政府", 2025))
    window.resize(1366, 698)
    page = window.go_step(step_id)
    QApplication.processEvents()
    if again:
        window.go_step("table:t4")
        page = window.go_step(step_id)
        QApplication.processEvents()
    _assert_reading_order(window, page, step_id)


def test_the_first_page_is_in_reading_order_once_the_window_is_drawn(store, open_draft, example_report):
    """The page a draft opens at gets its tab order just after the window's first frame."""
    window = open_draft(store.new_from(example_report, "武陟县小董乡人民政府", 2025))
    window.resize(1366, 698)
    window.repaint()
    QApplication.processEvents()
    _assert_reading_order(window, window.pages[window.current], "info")


def _assert_reading_order(window, page, step_id: str) -> None:
    chain = _chain(window, window.step_list, page)
    buttons = [b for b in (window.back, window.next) if b.isEnabled()]   # 上一步 is off on the first step
    assert chain[-len(buttons):] == buttons, [type(w).__name__ for w in chain]
    places = [w.mapTo(window, QPoint(0, 0)) for w in chain[:-len(buttons)]]
    assert places, step_id
    # the page first, top to bottom and, on one line, left to right (a column beside the grid
    # comes after the grid)
    chain = chain[:-len(buttons)]
    for (a, wa), (b, wb) in zip(zip(places, chain), zip(places[1:], chain[1:])):
        same_line = abs(a.y() - b.y()) < 12
        beside = a.x() + wa.width() <= b.x()
        assert (same_line and a.x() < b.x()) or (not same_line and (b.y() > a.y() or beside)), \
            (step_id, type(wa).__name__, wa.objectName(), a, type(wb).__name__, wb.objectName(), b)
