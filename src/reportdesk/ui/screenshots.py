"""Render every screen of the wizard to PNG files, without a display (``reportdesk screenshots``).

The windows are drawn by Qt's offscreen platform at a clerk's screen size (1366×768 by
default), with a CJK font, over a draft in a temporary database: the user's own drafts are
never touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

SIZE = (1366, 768)


def use_offscreen(size: tuple[int, int] = SIZE) -> None:
    """Make Qt draw offscreen on a screen of ``size`` (before the QApplication exists)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return
    config = Path(tempfile.gettempdir()) / f"reportdesk-screen-{size[0]}x{size[1]}.json"
    config.write_text(json.dumps({"screens": [{"name": "screen0", "x": 0, "y": 0, "width": size[0],
                                               "height": size[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def step_file_name(i: int, step) -> str:
    """``08-table-t3.png``: the step's number and id, safe as a file name."""
    return f"{i + 1:02d}-{step.id.replace(':', '-').replace('.', '-')}.png"


def render_all(outdir: str | Path, report=None, *, carry: bool = False, size: tuple[int, int] = SIZE) -> list[Path]:
    """Draw the start screen and every step of a draft of ``report`` (blank when None) to PNGs.

    ``carry``: the draft is next year's, started from ``report`` (carried numbers, last
    year's texts beside this year's). Returns the files written, in order.
    """
    use_offscreen(size)
    from PySide6.QtWidgets import QApplication

    from ..store import DraftStore
    from .application import make_app
    from .dialogs import default_year
    from .start import StartWindow

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="reportdesk-shots-") as tmp:
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
            start = StartWindow(store)
            start.resize(*size)
            start.show()
            app.processEvents()
            written.append(_save(start, out / "00-start.png"))
            main = start.open_draft(draft_id)
            main.resize(*size)
            main.show()
            for i, step in enumerate(main.steps):
                main.go(i)
                app.processEvents()
                written.append(_save(main, out / step_file_name(i, step)))
            main.close()
            start.close()
            for widget in (main, start):
                widget.deleteLater()
            QApplication.sendPostedEvents(None, 0)
            app.processEvents()
        finally:
            store.close()
    return written


def _save(widget, path: Path) -> Path:
    from ..errors import ReportdeskError

    if not widget.grab().save(str(path)):
        raise ReportdeskError(f"无法写入图片 {path}")
    return path
