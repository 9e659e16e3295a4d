"""The table grid, driven by the keyboard and the mouse: typing, refusing, pasting, clearing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip


def _t3(window):
    return window.go_step("table:t3")


def test_the_grid_mirrors_the_printed_table(store, open_draft):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = _t3(window)
    view = page.view
    # The corner note spans three label columns and three header rows; 法人或其他组织 five columns.
    assert (view.rowSpan(0, 0), view.columnSpan(0, 0)) == (3, 3)
    assert page.model.index(0, 0).data().startswith("（本列数据的勾稽关系为")
    assert page.model.index(1, 4).data() == "法人或其他组织" and view.columnSpan(1, 4) == 5
    # （三）不予公开 spans its eight items; 三、本年度办理结果 the 22 rows （一） to （七）.
    assert view.rowSpan(5, 0) == 22 and page.model.index(5, 0).data() == "三、本年度办理结果"
    row = page.model.position["t3.withheld.secret.natural"][0]
    assert page.model.index(row, 1).data() == "（三）不予公开" and view.rowSpan(row, 1) == 8
    # Computed cells are read-only and painted differently.
    total = page.model.index_of("t3.new.total")
    assert not total.flags() & Qt.ItemIsEditable
    assert total.data(Qt.BackgroundRole) is not None
    assert page.model.index_of("t3.new.natural").flags() & Qt.ItemIsEditable


def test_typing_saves_each_keystroke_and_totals_follow(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2024)
    window = open_draft(draft_id)
    _t3(window)
    page = clerk.click_cell(window, "t3.new.natural")
    clerk.type("12")
    # still editing: the value is already saved and the total moved
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    report = window.session.report
    assert report.values["t3.new.natural"] == 12 and report.values["t3.new.total"] == 12
    assert page.model.index_of("t3.new.total").data() == "12"
    assert window.saved_label.text().startswith("已保存 ")
    clerk.press(Qt.Key_Tab)
    clerk.type("３")          # full-width digit
    clerk.press(Qt.Key_Return)
    assert report.values["t3.new.business"] == 3 and report.values["t3.new.total"] == 15
    # what was saved is what another reader of the database sees
    from reportdesk.store import DraftStore

    other = DraftStore(store.path)
    try:
        saved = other.load(draft_id).report
        assert saved.values["t3.new.natural"] == 12 and saved.values["t3.new.business"] == 3
        assert saved.values["t3.new.total"] == 15
    finally:
        other.close()


def test_letters_are_refused_with_a_chinese_tooltip(store, open_draft, clerk, qtbot):
    window = open_draft(store.create("某某乡人民政府", 2024))
    _t3(window)
    clerk.click_cell(window, "t3.granted.natural")
    clerk.type("1a")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "1"
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "只能填数字" in QToolTip.text()
    clerk.type("2")
    clerk.press(Qt.Key_Return)
    assert window.session.report.values["t3.granted.natural"] == 12
    assert "t3.granted.natural" not in window.session.report.invalid


def test_thousands_separators_and_blank_until_typed(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    window.go_step("table:t2")
    report = window.session.report
    assert report.values["t2.fees.amount"] is None
    clerk.click_cell(window, "t2.fees.amount")
    clerk.type("1,234.5")
    clerk.press(Qt.Key_Return)
    assert report.values["t2.fees.amount"] == 1234.5
    # an untouched cell stays blank (not 0)
    assert report.values["t2.rules.issued"] is None and report.is_blank("t2.rules.issued")


def test_tab_and_enter_follow_reading_order_and_skip_totals(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = _t3(window)
    clerk.click_cell(window, "t3.new.other_org")
    clerk.press(Qt.Key_Tab)          # skips 总计, goes to the next row's 自然人
    assert page.model.cell_id(page.view.currentIndex()) == "t3.carried_in.natural"
    clerk.type("4")
    clerk.press(Qt.Key_Return)       # Enter commits and moves on like Tab
    assert page.model.cell_id(page.view.currentIndex()) == "t3.carried_in.business"
    assert window.session.report.values["t3.carried_in.natural"] == 4


def test_paste_a_block_from_a_spreadsheet(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = _t3(window)
    clerk.click_cell(window, "t3.new.natural")
    # two rows copied from Excel: seven columns including 总计 (which is computed here)
    QGuiApplication.clipboard().setText("1\t2\t0\t0\t0\t0\t3\r\n０\t１０\t0\t0\t0\t0\t10\r\n")
    clerk.press(Qt.Key_V, Qt.ControlModifier)
    report = window.session.report
    assert [report.values[f"t3.new.{c}"] for c in ("natural", "business", "research", "total")] == [1, 2, 0, 3]
    assert [report.values[f"t3.carried_in.{c}"] for c in ("natural", "business", "total")] == [0, 10, 10]
    assert "已粘贴 12 个格子" in page.notice.text() and "总计" in page.notice.text()
    # the whole paste is one undo step
    clerk.press(Qt.Key_Z, Qt.ControlModifier)
    assert all(report.values[f"t3.{r}.natural"] is None for r in ("new", "carried_in"))


def test_paste_with_a_bad_value_pastes_the_rest_and_says_which(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = _t3(window)
    clerk.click_cell(window, "t3.granted.natural")
    QGuiApplication.clipboard().setText("5\tabc\t7")
    clerk.press(Qt.Key_V, Qt.ControlModifier)
    report = window.session.report
    assert report.values["t3.granted.natural"] == 5 and report.values["t3.granted.research"] == 7
    assert report.values["t3.granted.business"] is None
    assert "1个值无法识别" in page.notice.text() and "“abc”" in page.notice.text()


def test_delete_clears_the_selection_to_blank(store, open_draft, clerk, qtbot):
    window = open_draft(store.create("某某乡人民政府", 2024))
    _t3(window)
    clerk.click_cell(window, "t3.new.natural")
    clerk.type("5")
    clerk.press(Qt.Key_Tab)
    clerk.type("6")
    clerk.press(Qt.Key_Escape)       # leaves the editor, dropping the 6
    report = window.session.report
    assert report.values["t3.new.business"] is None
    clerk.click_cell(window, "t3.new.natural")
    clerk.press(Qt.Key_Delete)
    assert report.values["t3.new.natural"] is None and report.is_blank("t3.new.natural")
    assert report.values["t3.new.total"] is None


def test_fill_blanks_with_zero_after_confirming(store, open_draft, clerk):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go_step("table:t4")
    clerk.click_cell(window, "t4.review.upheld")
    clerk.type("2")
    clerk.press(Qt.Key_Return)
    clerk.on_next_dialog(lambda box: clerk.click_button(box, "是"))
    clerk.click(page.zero)
    report = window.session.report
    assert report.values["t4.review.upheld"] == 2
    assert all(report.values[c] == 0 for c in page.model.order if c != "t4.review.upheld")
    assert report.values["t4.review.total"] == 2 and report.values["t4.suit_direct.total"] == 0
    # one undoable action
    clerk.press(Qt.Key_Z, Qt.ControlModifier)
    assert report.values["t4.review.upheld"] == 2 and report.values["t4.suit_direct.upheld"] is None


def test_digits_from_a_chinese_input_method(store, open_draft, clerk):
    """With a Chinese input method on, digits arrive as a committed string (often full-width)."""
    window = open_draft(store.create("某某乡人民政府", 2024))
    _t3(window)
    clerk.click_cell(window, "t3.partial.research")
    clerk.ime("１２")
    clerk.press(Qt.Key_Return)
    assert window.session.report.values["t3.partial.research"] == 12
    clerk.click_cell(window, "t3.partial.legal")
    clerk.ime("十二")                 # Chinese numerals are not a number to type into a cell
    editor = QApplication.focusWidget()
    assert not (isinstance(editor, QLineEdit) and editor.text())
    assert window.session.report.values["t3.partial.legal"] is None


def _type_while_saving_fails(store, open_draft, clerk, monkeypatch, qtbot, error: Exception, digits: str):
    """Type into 表三 while every save raises ``error``; the message boxes shown (from the event loop)."""
    from reportdesk.ui import messages

    window = open_draft(store.create("某某乡人民政府", 2024))
    _t3(window)
    boxes = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, text, *a: boxes.append(text))

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(store, "write", failing)
    clerk.click_cell(window, "t3.new.natural")
    clerk.type(digits)
    clerk.press(Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(boxes))   # told from the event loop, after the editor is done
    return window, boxes


def test_a_failed_save_is_said_once_and_nothing_is_half_done(store, open_draft, clerk, monkeypatch, qtbot):
    from reportdesk.store import StoreError

    window, boxes = _type_while_saving_fails(store, open_draft, clerk, monkeypatch, qtbot,
                                             StoreError("磁盘空间不足，这次修改没有保存"), "123")
    assert len(boxes) == 1 and "磁盘空间不足" in boxes[0]
    assert window.saved_label.text() == "未保存！"
    assert window.session.report.values["t3.new.natural"] is None
    assert not window.session.can_undo      # nothing was saved: nothing to undo
    monkeypatch.undo()
    clerk.click_cell(window, "t3.new.natural")
    clerk.type("4")
    clerk.press(Qt.Key_Return)
    assert window.saved_label.text().startswith("已保存") and window.session.report.values["t3.new.natural"] == 4


def test_an_unforeseen_failure_is_said_in_chinese_and_logged(store, open_draft, clerk, monkeypatch, qtbot, tmp_path):
    window, boxes = _type_while_saving_fails(store, open_draft, clerk, monkeypatch, qtbot,
                                             OverflowError("Python int too large to convert to SQLite INTEGER"), "5")
    assert "程序内部出错（OverflowError）" in boxes[0] and "Python" not in boxes[0] and "SQLite" not in boxes[0]
    assert "OverflowError: Python int too large" in (tmp_path / "log" / "crash.log").read_text(encoding="utf-8")
    assert window.session.report.values["t3.new.natural"] is None
