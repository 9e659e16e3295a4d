"""The Qt application of the wizard: QApplication, the draft store, the first window.

:func:`reportdesk.ui.app.run` calls :func:`start_gui` after the core is imported. Two
environment variables serve the start-up benchmark (docs/ui.md): ``REPORTDESK_OPEN_DRAFT``
opens that draft at once instead of the start screen, and ``REPORTDESK_EXIT_WHEN_SHOWN=1``
quits as soon as the first window has been painted, printing ``painted`` and the time
(seconds since the epoch) on standard output.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QtMsgType, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ..errors import ReportdeskError
from . import theme

ORGANIZATION = "reportdesk"
APPLICATION = "reportdesk"


# When the first copy starts to listen for later ones (QtNetwork costs some 6 ms: after the
# first paint, not before it).
LISTEN_AFTER_MS = 800

_starting: list[str] | None = None   # Qt's messages while the QApplication is being made


def _qt_message(kind, context, message) -> None:
    """Qt's messages: chatter that means nothing to a clerk stays out of the console, and a
    display that cannot be opened ends the program with one Chinese line, not a Qt abort."""
    if kind == QtMsgType.QtFatalMsg:
        from ..display import NO_DISPLAY_MESSAGE

        if _starting is not None:  # no platform plugin could start: no usable display
            sys.stderr.write(NO_DISPLAY_MESSAGE + "\n")
        else:
            sys.stderr.write(f"reportdesk：图形界面出错，程序已停止（{message.splitlines()[0] if message else ''}）。"
                             "已保存的内容不会丢失。\n")
        sys.stderr.flush()
        os._exit(2)
    if "propagateSizeHints" in message:
        return
    if _starting is not None:
        _starting.append(message)   # shown only if the start goes on
        return
    sys.stderr.write(message + "\n")


def make_app() -> QApplication:
    """The QApplication (created once), with names for QSettings, a Chinese font and the style."""
    global _starting
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_message)
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        _starting = []
        app = QApplication(sys.argv[:1])
        held, _starting = _starting, None
        for message in held:
            sys.stderr.write(message + "\n")
    else:
        QCoreApplication.setOrganizationName(QCoreApplication.organizationName() or ORGANIZATION)
        QCoreApplication.setApplicationName(QCoreApplication.applicationName() or APPLICATION)
    from .pyside_fix import protect_none

    protect_none()
    app.setApplicationDisplayName("政府信息公开工作年度报告")
    theme.apply(app)
    # once the first window is up (~3 ms the start need not wait for); the dialogs load them
    # first themselves when they come sooner
    QTimer.singleShot(300, app, lambda: install_translations(app))
    return app


def install_translations(app: QApplication) -> None:
    """Qt's own dialogs (files, printing, a line edit's menu) in Chinese: Qt's qtbase_zh_CN.qm,
    and the few strings it leaves in English (reportdesk.ui.translations). Once per application."""
    from .translations import ensure_translations

    ensure_translations(app)


def open_store(parent=None):
    """The draft store; a damaged database offers to restore the newest backup. None: give up."""
    from ..store import DamagedDatabase, DraftStore

    try:
        return DraftStore()
    except DamagedDatabase as exc:
        from .messages import ask, error

        if not ask(parent, "草稿数据库已损坏", f"{exc.message}\n\n要现在用最新的备份恢复吗？（损坏的文件会保留在原处旁边）",
                   default=True, yes="恢复", no="不恢复"):
            return None
        from ..store import default_db_path, restore_backup

        path = Path(os.environ.get("REPORTDESK_DB") or default_db_path()).expanduser()
        try:
            restore_backup(path)
            return DraftStore()
        except Exception as again:  # noqa: BLE001 - tell the clerk, never a traceback
            if not isinstance(again, ReportdeskError):
                from ..crashlog import log_crash

                again = ReportdeskError(f"程序内部出错（{type(again).__name__}），详细信息已记录在 {log_crash(again)}")
            error(parent, "无法恢复", f"恢复备份没有成功：{again.message}")
            return None


class _QuitWhenPainted(QObject):
    """For the start-up benchmark: print the time of the first paint and quit."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Paint:
            obj.removeEventFilter(self)
            if sys.stdout is not None:   # None in a windowed Windows program
                print(f"painted {time.time():.6f}", flush=True)
            QTimer.singleShot(0, lambda: QApplication.exit(0))   # quit() would close the windows first
        return False


class _ErrorReporter:
    """Unexpected errors inside the window (PySide6 hands an exception raised in a slot to
    ``sys.excepthook`` and goes on): logged, then said in a Chinese message box.

    The box is shown from the event loop, never from inside the failing slot (a modal loop in
    the middle of an editor's commit can crash Qt), one at a time, and the same error again
    within a minute is only logged."""

    QUIET_SECONDS = 60.0

    def __init__(self):
        self.showing = False
        self.last: tuple[str, float] | None = None

    def __call__(self, kind, value, tb) -> None:
        from ..crashlog import log_crash

        where = log_crash(value.with_traceback(tb) if value is not None else None)
        now = time.monotonic()
        if self.showing or (self.last and self.last[0] == kind.__name__ and now - self.last[1] < self.QUIET_SECONDS):
            return
        self.last = (kind.__name__, now)
        self.showing = True
        QTimer.singleShot(0, lambda: self._tell(kind.__name__, where))

    def _tell(self, name: str, where) -> None:
        from .messages import error

        try:
            error(QApplication.activeWindow(), "程序出错",
                  f"程序内部出错（{name}）。已保存的内容不会丢失，可以继续填写。\n"
                  f"详细信息已记录在 {where}，请把这个文件交给技术人员。")
        finally:
            self.showing = False


class _Windows:
    """The program's two windows; the start screen is made only when it is first shown."""

    def __init__(self, store):
        self.store = store
        self.start = None
        self.main = None
        self.closing = False

    def show_start(self):
        """The start screen, shown."""
        if self.start is None:
            from .start import StartWindow

            self.start = StartWindow(self.store)
        self.start.show()
        self.start.activateWindow()   # the keyboard here, also on a desktop that does not give it
        return self.start

    def open_draft(self, draft_id: int):
        """A draft's main window, shown, without the start screen behind it (None if it cannot be opened)."""
        from .main_window import open_draft_window

        self.main = open_draft_window(self.store, draft_id)
        if self.main is not None:
            self.main.closed.connect(self._main_closed)
            self.main.show()
            self.main.activateWindow()
        return self.main

    def front(self):
        """The window the clerk works in: a draft's main window when one is open (whether opened
        at start or from the list, which is hidden meanwhile), else the list of drafts."""
        return self.main or (self.start.main if self.start is not None else None) or self.start

    def _main_closed(self) -> None:
        self.main = None
        if not self.closing:   # the program is ending: no draft list to go back to
            self.show_start()

    def close_all(self) -> None:
        """Qt objects go before the interpreter's clean-up does it in its own order."""
        self.closing = True
        for widget in (self.main, self.start and self.start.main, self.start):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def resume_collector() -> None:
    """The start is over: what exists now lives as long as the program, so it is kept out of
    the cyclic garbage collector's scans (``gc.freeze``), and the collector runs again
    (:func:`reportdesk.ui.app.run` turned it off for the start)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def start_gui() -> int:
    """Show the start screen (or the draft named by ``REPORTDESK_OPEN_DRAFT``) and run until closed.

    A copy already running on the same draft database is brought forward instead (exit 0)."""
    app = make_app()
    from ..store import default_db_path
    from .single import SingleInstance, bring_forward

    single = SingleInstance(default_db_path())
    if not single.claim(listen=False):
        if single.reached:
            print("reportdesk：填报窗口已经打开，已把它调到最前面。", file=sys.stderr)
            return 0
        print("reportdesk：另一个填报窗口正在使用同一个草稿数据库，但没有响应；请先关闭它再打开。", file=sys.stderr)
        return 2
    store = open_store()
    if store is None:
        single.release()
        return 2
    sys.excepthook = _ErrorReporter()
    windows = _Windows(store)
    single.activated.connect(lambda: bring_forward(windows.front()))
    draft = os.environ.get("REPORTDESK_OPEN_DRAFT")
    window = windows.open_draft(int(draft)) if draft and draft.isdigit() else None
    if window is None:
        window = windows.show_start()
        if os.environ.get("REPORTDESK_EXIT_WHEN_SHOWN") != "1":
            QTimer.singleShot(0, window.ask_agency)
    if os.environ.get("REPORTDESK_EXIT_WHEN_SHOWN") == "1":
        watcher = _QuitWhenPainted(window)
        window.installEventFilter(watcher)
    QTimer.singleShot(0, resume_collector)   # once the event loop runs: the window is up
    # a second copy waits for this one for seconds: listening can wait until the window is up
    QTimer.singleShot(LISTEN_AFTER_MS, single.listen)
    try:
        return int(app.exec())
    finally:
        sys.excepthook = sys.__excepthook__
        windows.close_all()
        store.close()
        single.release()


__all__ = ["start_gui", "make_app", "open_store"]
