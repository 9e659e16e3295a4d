"""The suite's own guard: a dialog nobody answers is rejected, and windows do not outlive a test."""

from __future__ import annotations

from qt_isolation import DialogWatchdog, close_all_windows


def test_an_unanswered_dialog_is_rejected_and_named(qapp):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    watchdog = DialogWatchdog(patience_ms=400)
    box = QMessageBox(QMessageBox.Question, "标为已定稿", "报告还有错误。仍然标为已定稿吗？",
                      QMessageBox.Yes | QMessageBox.No)
    QTimer.singleShot(5000, box.accept)  # only if the watchdog failed: the test then fails below
    result = box.exec()
    watchdog.stop()
    assert result != QMessageBox.Yes
    assert watchdog.caught == ["QMessageBox「标为已定稿：报告还有错误。仍然标为已定稿吗？」"]


def test_every_top_level_window_is_closed_and_deleted(qapp):
    from PySide6.QtWidgets import QApplication, QMainWindow
    from shiboken6 import isValid

    window = QMainWindow()
    window.show()
    assert window in QApplication.topLevelWidgets()
    close_all_windows()
    assert not isValid(window)
    assert QApplication.topLevelWidgets() == []
