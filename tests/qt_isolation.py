"""Keeping GUI tests apart: every window closed and deleted after a test, and no test able to
wait for ever on a dialog nobody answers.

Importable (like conftest_helpers) because conftest modules are not, under importlib mode.
"""

from __future__ import annotations

import sys

# A modal dialog that stays open this long has no test answering it: it is rejected and the
# test fails, instead of the suite hanging in the dialog's event loop.
DIALOG_PATIENCE_MS = 8000


def qt_application():
    """The QApplication, if Qt has been imported and one exists (core tests never import Qt)."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    return widgets.QApplication.instance() if widgets is not None else None


def close_all_windows() -> None:
    """Close and delete every top-level widget, and run the deferred deletes now."""
    app = qt_application()
    if app is None:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in app.topLevelWidgets():
        try:
            if widget.isVisible():
                widget.close()
            widget.deleteLater()
        except RuntimeError:  # already deleted on the C++ side
            pass
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


class DialogWatchdog:
    """Rejects a modal dialog that stays open longer than :data:`DIALOG_PATIENCE_MS` and
    remembers what it said, so that the test can be failed with it."""

    def __init__(self, patience_ms: int = DIALOG_PATIENCE_MS):
        from PySide6.QtCore import QTimer

        self.patience_ms = patience_ms
        self.caught: list[str] = []
        self._seen = None
        self._waited = 0
        self._timer = QTimer()
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        from PySide6.QtWidgets import QApplication

        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is not self._seen:
            self._seen, self._waited = dialog, 0
            return
        self._waited += self._timer.interval()
        if self._waited >= self.patience_ms:
            self.caught.append(_describe(dialog))
            self._seen, self._waited = None, 0
            reject = getattr(dialog, "reject", None)
            (reject or dialog.close)()

    def stop(self) -> None:
        self._timer.stop()


def _describe(dialog) -> str:
    text = dialog.windowTitle()
    body = getattr(dialog, "text", None)
    if callable(body):
        text += "：" + body()
    return f"{type(dialog).__name__}「{text}」"
