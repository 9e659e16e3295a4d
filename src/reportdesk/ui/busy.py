"""Slow work (a .doc converted through LibreOffice, a Word document built) with the window
alive and a progress dialog once it takes longer than a second.

    data = run_busy(parent, "正在读取“年报.doc”……", lambda: read_report(path))

The work runs in a thread (a LibreOffice conversion waits on a subprocess; python-docx builds
in Python and gives the window its turns); meanwhile the window repaints but takes no clicks
or keys, so nothing is edited while a copy of the report is being written. After
:data:`DELAY_MS` a modal “请稍候” dialog with a moving bar and the time spent says that the
program is working. The work's exception, if any, is raised again here.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Callable, TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

T = TypeVar("T")

DELAY_MS = 1000            # below this, a wait cursor is enough
POLL_MS = 40

_INPUT = {QEvent.MouseButtonPress, QEvent.MouseButtonRelease, QEvent.MouseButtonDblClick, QEvent.KeyPress,
          QEvent.KeyRelease, QEvent.Wheel, QEvent.Shortcut, QEvent.ShortcutOverride, QEvent.Close,
          QEvent.InputMethod}


class _Hold(QObject):
    """Swallows clicks and keys for every window but the progress dialog while work runs."""

    def __init__(self, shown: list):
        super().__init__()
        self.shown = shown

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT and isinstance(obj, QWidget) and not (self.shown and obj.window() is self.shown[0]):
            if event.type() == QEvent.Close:
                event.ignore()
            return True
        return False


def _progress_dialog(parent: QWidget | None, label: str) -> QProgressDialog:
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("busy")
    dialog.setWindowTitle("请稍候")
    dialog.setAccessibleName("请稍候")
    dialog.setAccessibleDescription(label)
    dialog.setCancelButton(None)           # a subprocess or a document half-written cannot be stopped cleanly
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def run_busy(parent: QWidget | None, label: str, work: Callable[[], T], *, delay_ms: int = DELAY_MS) -> T:
    """Run ``work()`` in a thread; show a progress dialog if it lasts longer than ``delay_ms``."""
    # No cyclic garbage collection while the thread runs: a collection runs in whichever thread
    # allocates, and one in the worker would delete Qt objects that Python owns (a draft's
    # session, its timers) from the wrong thread — Qt's timer list then keeps a dangling
    # entry and the program crashes later. Cycles are collected in this thread afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(parent, label, work, delay_ms)
    finally:
        if collecting:
            gc.enable()


def _run(parent: QWidget | None, label: str, work: Callable[[], T], delay_ms: int) -> T:
    outcome: dict = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - raised again in the GUI thread
            outcome["error"] = exc
        finally:
            done.set()

    thread = threading.Thread(target=target, name="reportdesk-busy", daemon=True)
    thread.start()
    if done.wait(0.02):      # quick work: no event loop, no dialog
        thread.join()
        return _outcome(outcome)
    shown: list[QProgressDialog] = []   # made only when the work lasts
    hold = _Hold(shown)
    app = QApplication.instance()
    app.installEventFilter(hold)
    QApplication.setOverrideCursor(Qt.WaitCursor)
    started = time.monotonic()
    loop = QEventLoop()

    def poll() -> None:
        if done.is_set():
            loop.quit()
            return
        waited = time.monotonic() - started
        if waited * 1000 >= delay_ms:
            if not shown:
                shown.append(_progress_dialog(parent, label))
                shown[0].show()
            shown[0].setLabelText(f"{label}\n已用 {int(waited)} 秒")

    timer = QTimer()
    timer.setInterval(POLL_MS)
    timer.timeout.connect(poll)
    timer.start()
    try:
        if not done.is_set():
            loop.exec()
    finally:
        timer.stop()
        app.removeEventFilter(hold)
        QApplication.restoreOverrideCursor()
        for dialog in shown:
            dialog.hide()
            dialog.deleteLater()
    thread.join()
    return _outcome(outcome)


def _outcome(outcome: dict):
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


__all__ = ["run_busy", "DELAY_MS"]
