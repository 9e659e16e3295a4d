"""Fixtures for the wizard's tests: a draft store in a temporary folder, settings kept apart,
and helpers that drive the windows with key and mouse events as a clerk would."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit


# A clerk's screen: the offscreen platform pretends to be a 1366×768 monitor (its default is
# 800×800), unless a QApplication already exists.
if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and QApplication.instance() is None:
    # one file per test run: runs side by side (and the screenshots' own screens) must not
    # write over each other's while Qt reads it
    _screen = Path(tempfile.gettempdir()) / f"reportdesk-test-screen-{os.getpid()}.json"
    _screen.write_text(json.dumps({"screens": [{"name": "screen0", "x": 0, "y": 0, "width": 1366, "height": 768,
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"


@pytest.fixture(autouse=True)
def _settings_apart(tmp_path, monkeypatch, qapp):
    """QSettings, the crash log and the store's default place live in this test's folder."""
    QCoreApplication.setOrganizationName("reportdesk-tests")
    QCoreApplication.setApplicationName("reportdesk-tests")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    monkeypatch.setenv("REPORTDESK_DB", str(tmp_path / "drafts.db"))
    monkeypatch.setenv("REPORTDESK_LOG_DIR", str(tmp_path / "log"))
    from reportdesk.ui import theme
    from reportdesk.ui.pyside_fix import protect_none

    protect_none()   # as the program does: see reportdesk/ui/pyside_fix.py
    theme.apply(qapp)
    from reportdesk.ui.translations import ensure_translations

    ensure_translations(qapp)   # Qt's own dialogs in Chinese, as make_app() does
    yield


@pytest.fixture
def store(tmp_path):
    from reportdesk.store import DraftStore

    s = DraftStore(tmp_path / "drafts.db")
    s.set_setting("agency", "某某乡人民政府")
    yield s
    from qt_isolation import close_all_windows

    close_all_windows()  # before the store closes: a live window must never see it closed
    s.close()


@pytest.fixture
def start_window(qtbot, store):
    """Make the start screen (shown, active) over the test's store; returns the window."""
    from reportdesk.ui.start import StartWindow

    def _make():
        window = StartWindow(store)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window
    return _make


@pytest.fixture
def show_ready(qtbot):
    """Show a main window, active, as a person finds it: drawn, with its menus' commands and
    shortcuts (made just after its first frame)."""

    def _show(window) -> None:
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        qtbot.waitUntil(lambda: bool(window.menus[0].actions()))

    return _show


@pytest.fixture
def open_draft(qtbot, store, show_ready):
    """Open a draft in the main window (shown, active); returns the window."""
    from reportdesk.ui.main_window import MainWindow
    from reportdesk.ui.session import DraftSession

    windows = []

    def _open(draft_id: int):
        window = MainWindow(DraftSession(store, draft_id))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        show_ready(window)
        windows.append(window)
        return window

    yield _open
    for w in windows:
        w.close()


# ----------------------------------------------------------------------------- driving


class Clerk:
    """Drives the windows with key and mouse events, as a person would."""

    def __init__(self, qtbot):
        self.qtbot = qtbot

    def click_cell(self, window, cell_id: str):
        """Click a cell of the table page on show; returns the page."""
        page = window.pages[window.current]
        index = page.model.index_of(cell_id)
        page.view.scrollTo(index)
        rect = page.view.visualRect(index)
        self.qtbot.mouseClick(page.view.viewport(), Qt.LeftButton, pos=rect.center())
        assert page.model.cell_id(page.view.currentIndex()) == cell_id
        return page

    def focused(self):
        """The widget with the keyboard focus; after a dialog closed, the window manager gives
        the focus back to the window below (the offscreen platform needs to be told)."""
        widget = QApplication.focusWidget()
        if widget is None:
            windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()
                       and not w.isModal() and w.windowType() in (Qt.Window, Qt.Widget)]
            if windows:
                with self.qtbot.waitActive(windows[-1]):
                    windows[-1].activateWindow()
                widget = QApplication.focusWidget() or windows[-1]
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def type(self, text: str) -> None:
        """Type characters one by one into whatever has the keyboard focus (the cell editor
        opens on the first one, as when a person types into a selected cell)."""
        for ch in text:
            widget = self.focused()
            if ch.isascii():
                self.qtbot.keyClicks(widget, ch)
            else:  # a full-width digit or a Chinese character: a key event carrying the text
                for kind in (QEvent.KeyPress, QEvent.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, ch))
                    widget = QApplication.focusWidget() or widget

    def ime(self, text: str) -> None:
        """What a Chinese input method does: commit a whole string to the focused widget."""
        widget = self.focused()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    def press(self, key, modifier=Qt.NoModifier) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)

    def click(self, widget, pos=None) -> None:
        if pos is None:
            self.qtbot.mouseClick(widget, Qt.LeftButton)
        else:
            self.qtbot.mouseClick(widget, Qt.LeftButton, pos=pos)

    def on_next_dialog(self, action) -> list:
        """Run ``action(dialog)`` on the next modal dialog as soon as it is shown."""
        seen: list = []

        def poll():
            dialog = QApplication.activeModalWidget()
            # not a dialog another call answers, nor the “请稍候” of slow work (reportdesk.ui.busy)
            if dialog is None or dialog.property("answeredByTest") or dialog.objectName() == "busy":
                QTimer.singleShot(20, poll)
                return
            dialog.setProperty("answeredByTest", True)
            seen.append(dialog)
            if not dialog.isActiveWindow():
                dialog.activateWindow()
                QTest.qWaitForWindowActive(dialog)
            action(dialog)

        QTimer.singleShot(0, poll)
        return seen

    def click_button(self, dialog, text: str) -> None:
        """Click the dialog's button whose text contains ``text``."""
        from PySide6.QtWidgets import QAbstractButton

        buttons = dialog.findChildren(QAbstractButton)
        for button in buttons:
            if text in button.text().replace("&", ""):
                self.qtbot.mouseClick(button, Qt.LeftButton)
                return
        raise AssertionError(f"no button “{text}” among {[b.text() for b in buttons]}")

    def choose_file(self, path) -> list:
        """Answer the next file chooser (reportdesk.ui.files) with ``path``, typed into its
        file-name box as a person would, then 打开/保存. Returns a list that gets the
        chooser's name filters (what it offered)."""
        from PySide6.QtWidgets import QFileDialog

        seen: list = []

        def answer(dialog):
            assert isinstance(dialog, QFileDialog), dialog
            seen.append(dialog.nameFilters())
            edit = dialog.findChild(QLineEdit, "fileNameEdit")
            edit.setText(str(path))
            dialog.accept()

        self.on_next_dialog(answer)
        return seen

    def retype(self, edit: QLineEdit, text: str) -> None:
        """Select all in a line edit and type ``text`` over it."""
        edit.setFocus()
        self.qtbot.keyClick(edit, Qt.Key_A, Qt.ControlModifier)
        for ch in text:
            if ch.isascii():
                self.qtbot.keyClicks(edit, ch)
            else:
                for kind in (QEvent.KeyPress, QEvent.KeyRelease):
                    QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.NoModifier, ch))


@pytest.fixture
def clerk(qtbot):
    return Clerk(qtbot)
