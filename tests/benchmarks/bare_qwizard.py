"""The yardstick of the start-up benchmark: a bare PySide6 QWizard, shown, prints the time of its first paint and quits.

    python3 tests/benchmarks/bare_qwizard.py

It imports and creates what any Qt Widgets program must (QApplication, one window with a page
and its buttons); reportdesk's cold start is measured against it (docs/ui.md).
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage


class QuitWhenPainted(QObject):
    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Paint:
            obj.removeEventFilter(self)
            print(f"painted {time.time():.6f}", flush=True)
            QTimer.singleShot(0, lambda: QApplication.exit(0))   # quit() would close the windows first
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    wizard = QWizard()
    page = QWizardPage()
    page.setTitle("基本信息")
    layout = QVBoxLayout(page)
    layout.addWidget(QLabel("政府信息公开工作年度报告"))
    wizard.addPage(page)
    wizard.resize(1300, 740)
    watcher = QuitWhenPainted(wizard)
    wizard.installEventFilter(watcher)
    wizard.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
