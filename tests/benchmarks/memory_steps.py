"""Helper of memory.py: open a draft's main window, visit every step as a clerk clicking
through would, then exit (the caller reads the process's peak memory).

    python3 tests/benchmarks/memory_steps.py DB DRAFT_ID
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402

from reportdesk.store import DraftStore  # noqa: E402
from reportdesk.ui.application import make_app  # noqa: E402
from reportdesk.ui.main_window import open_draft_window  # noqa: E402


def main(db: str, draft_id: str) -> int:
    app = make_app()
    with DraftStore(Path(db)) as store:
        window = open_draft_window(store, int(draft_id))
        window.show()
        app.processEvents()
        for i in range(len(window.steps)):
            window.go(i)
            window.repaint()
            app.processEvents()
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
