"""Render every screen of the wizard to PNG files, without a display (``reportdesk screenshots``).

The windows are drawn by Qt's offscreen platform on a screen of W×H physical pixels at a
scale (Windows' 缩放: 100 %, 125 %, 150 %; Qt then works in W/F × H/F logical pixels), over a
draft in a temporary database, with settings of their own: the user's drafts and settings are
never touched. The main window is placed as the program places it on such a screen, in the
part a Windows task bar (40 logical pixels) leaves, less a title bar; the pictures are its
inside at the screen's real resolution.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

SIZE = (1600, 1000)       # interfaces.md: the default screen
TASKBAR = 40              # logical pixels, Windows 10/11 at any scale
TITLE_BAR = 31            # a window's title bar (the offscreen platform draws none)


def use_offscreen(size: tuple[int, int] = SIZE, scale: float = 1.0) -> None:
    """Make Qt draw offscreen on a screen of ``size`` physical pixels at ``scale`` (before the
    QApplication exists). The scale is given as the screen's DPI (96 × scale), as Windows does;
    Qt derives its device-pixel ratio and the logical size from it."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return
    # one file per process: two runs side by side must not rewrite it under each other
    name = f"reportdesk-screen-{size[0]}x{size[1]}-{scale:g}-{os.getpid()}.json"
    config = Path(tempfile.gettempdir()) / name
    config.write_text(json.dumps({"screens": [{"name": "screen0", "x": 0, "y": 0, "width": size[0],
                                               "height": size[1], "logicalDpi": 96 * scale, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ.pop("QT_SCALE_FACTOR", None)
    os.environ.pop("QT_SCREEN_SCALE_FACTORS", None)


def work_area():
    """Where a window's inside may go: the screen less a Windows task bar and a title bar."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen().geometry()
    return screen.adjusted(0, TITLE_BAR, 0, -TASKBAR)


def step_file_name(i: int, step) -> str:
    """``08-table-t3.png``: the step's number and id, safe as a file name."""
    return f"{i + 1:02d}-{step.id.replace(':', '-').replace('.', '-')}.png"


def render_all(outdir: str | Path, report=None, *, carry: bool = False, size: tuple[int, int] = SIZE,
               scale: float = 1.0, check=None) -> list[Path]:
    """Draw the start screen and every step of a draft of ``report`` (blank when None) to PNGs.

    ``carry``: the draft is next year's, started from ``report`` (carried numbers, last
    year's texts beside this year's). ``check(window, name)``, when given, is called with
    each window as drawn (the tests look at the widgets). Returns the files written, in order.
    """
    use_offscreen(size, scale)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ..store import DraftStore
    from .application import make_app
    from .dialogs import default_year
    from .main_window import DEFAULT_SIZE
    from .screen import fit_window
    from .start import START_SIZE, StartWindow

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="reportdesk-shots-") as tmp:
        QSettings.setDefaultFormat(QSettings.IniFormat)
        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(Path(tmp) / "settings"))
        app = make_app()
        from .translations import ensure_translations

        ensure_translations(app)
        store = DraftStore(Path(tmp) / "drafts.db")
        try:
            if report is None:
                store.set_setting("agency", "某某乡人民政府")
                draft_id = store.create("某某乡人民政府", default_year())
            elif carry:
                store.set_setting("agency", report.agency)
                draft_id = store.new_from(report)
            else:
                store.set_setting("agency", report.agency)
                draft_id = store.import_report(report)
            area = work_area()
            start = StartWindow(store)
            start.show()
            app.processEvents()
            fit_window(start, START_SIZE, area)     # now that the frame is known
            app.processEvents()
            written.append(_save(start, out / "00-start.png", check))
            main = start.open_draft(draft_id)
            main.show()
            app.processEvents()
            fit_window(main, DEFAULT_SIZE, area)
            for i, step in enumerate(main.steps):
                main.go(i)
                app.processEvents()
                written.append(_save(main, out / step_file_name(i, step), check))
            main.close()
            start.close()
            for widget in (main, start):
                widget.deleteLater()
            QApplication.sendPostedEvents(None, 0)
            app.processEvents()
        finally:
            store.close()
    return written


def _save(widget, path: Path, check=None) -> Path:
    from ..errors import ReportdeskError

    if check is not None:
        check(widget, path.name)
    if not widget.grab().save(str(path)):
        raise ReportdeskError(f"无法写入图片 {path}")
    return path


def layout_problems(window) -> list[str]:
    """What does not fit in a drawn window: the window off the screen, a page that must
    scroll sideways, a widget outside its parent or the window, a button or label narrower
    than its text, a wrapped label shorter than its lines. Empty when all is well."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QScrollBar, QWidget

    from .pages import FoldingLabel

    problems: list[str] = []
    screen = window.screen().geometry()
    if not screen.contains(window.frameGeometry()):
        problems.append(f"window {window.frameGeometry()} outside the screen {screen}")
    inside = QRect(QPoint(0, 0), window.size())

    def name(w) -> str:
        return f"{type(w).__name__}({w.objectName() or getattr(w, 'text', lambda: '')() or w.accessibleName()})"

    def walk(widget) -> None:
        for child in widget.findChildren(QWidget, options=_direct()):
            if not child.isVisible() or child.isWindow():
                continue
            rect = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
            if not inside.contains(rect):
                problems.append(f"{name(child)} at {rect} outside the window {inside}")
            if not QRect(QPoint(0, 0), widget.size()).contains(child.geometry()) and not isinstance(child, QScrollBar):
                problems.append(f"{name(child)} {child.geometry()} cut by its parent {name(widget)} {widget.size()}")
            if isinstance(child, QAbstractButton) and child.text() and child.width() < child.minimumSizeHint().width():
                problems.append(f"{name(child)} narrower ({child.width()}) than its text ({child.minimumSizeHint().width()})")
            if isinstance(child, QLabel) and not isinstance(child, FoldingLabel) and child.wordWrap() \
                    and child.text() and child.height() < child.heightForWidth(child.width()):
                problems.append(f"{name(child)} cut: {child.height()} high, its lines need {child.heightForWidth(child.width())}")
            if child.objectName() == "pageScroller":
                if child.horizontalScrollBar().isVisible():
                    problems.append(f"the page {name(child.widget())} scrolls sideways")
                walk(child.widget())   # a page, drawn in its scroll area (up and down is fine)
                continue
            if isinstance(child, QAbstractScrollArea):
                continue   # an item view's or editor's own inside scrolls as it should
            walk(child)

    walk(window)
    steps = getattr(window, "step_list", None)
    if steps is not None:   # every step's name whole: wrapped, never cut
        delegate = steps.itemDelegate()
        metrics = steps.fontMetrics()
        for row in range(steps.count()):
            item = steps.item(row)
            need = delegate.title_height(metrics, item.text()) + metrics.height() + 8
            if steps.visualItemRect(item).height() < need:
                problems.append(f"step “{item.text()}” cut: {steps.visualItemRect(item).height()} high, needs {need}")
    return problems


def _direct():
    from PySide6.QtCore import Qt

    return Qt.FindDirectChildrenOnly
