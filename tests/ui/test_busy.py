"""Slow work with feedback (reportdesk.ui.busy): a progress dialog once it lasts, the window
takes no clicks meanwhile, and the work's error comes back."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from reportdesk.errors import ReportdeskError
from reportdesk.ui.busy import run_busy


def test_slow_work_shows_progress_and_holds_the_window(qtbot):
    button = QPushButton("导出")
    qtbot.addWidget(button)
    button.show()
    clicks, seen = [], []
    button.clicked.connect(lambda: clicks.append(1))

    def look():
        dialog = QApplication.activeModalWidget()
        seen.append((dialog.windowTitle(), dialog.labelText()) if dialog is not None else None)
        qtbot.mouseClick(button, Qt.LeftButton)      # a click meanwhile is not taken

    QTimer.singleShot(250, look)
    in_thread = []
    result = run_busy(button, "正在生成 PDF……", lambda: (time.sleep(0.5), in_thread.append(threading.current_thread()))
                      and "done", delay_ms=100)
    assert result == "done" and in_thread[0] is not threading.main_thread()
    assert seen and seen[0][0] == "请稍候" and seen[0][1].startswith("正在生成 PDF……")
    assert clicks == []
    assert QApplication.activeModalWidget() is None and QApplication.overrideCursor() is None
    qtbot.mouseClick(button, Qt.LeftButton)           # and afterwards it is
    assert clicks == [1]


def test_quick_work_shows_nothing_and_errors_come_back(qtbot):
    shown = []
    QTimer.singleShot(0, lambda: shown.append(QApplication.activeModalWidget()))
    assert run_busy(None, "正在保存……", lambda: 42) == 42
    assert shown in ([], [None])

    def fail():
        raise ReportdeskError("磁盘空间不足")

    with pytest.raises(ReportdeskError, match="磁盘空间不足"):
        run_busy(None, "正在保存……", fail)
    assert QApplication.overrideCursor() is None


def test_no_garbage_collection_in_the_worker_thread(qtbot):
    """A collection in the worker would delete Qt objects Python owns from the wrong thread
    (Qt's timer list then dangles and the program crashes later): none runs while it works."""
    import gc

    collected = []

    def watch(phase, info):
        if phase == "start":
            collected.append(threading.current_thread())

    gc.callbacks.append(watch)
    try:
        def work():
            junk = []
            for _ in range(20000):      # far more new objects than a collection waits for
                a, b = [], []
                a.append(b)
                b.append(a)
                junk.append(a)
            time.sleep(0.1)
            return len(junk)

        assert run_busy(None, "正在整理……", work, delay_ms=5000) == 20000
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(watch)
    assert all(t is threading.main_thread() for t in collected)
