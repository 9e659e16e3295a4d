"""Where the time of a cold start into a draft's main window goes, phase by phase.

    python3 tests/benchmarks/startup_phases.py [-n 15]

Runs the start in fresh processes (offscreen, the benchmark's draft database, compiled
``.pyc`` files, the cyclic collector off as ``app.run`` has it) and prints the median
milliseconds of each phase: the core imported, PySide6 and the application module imported,
the QApplication made, the store opened, ``main_window`` imported, the draft's window made
(its session, then the window), shown, and first painted. Figures in docs/ui.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

from startup import bench_environment

# One start, marks taken with perf_counter; prints a JSON dict of phase → ms.
CHILD = r"""
import time
t0 = time.perf_counter()
import gc, json, os, sys
marks = []
def mark(name):
    marks.append((name, time.perf_counter()))
gc.disable()
sys.modules["numpy"] = None
from reportdesk import carry, rules, store
from reportdesk.ui import progress
from reportdesk.ui import app as start
mark("core imported")
getattr(start, "_spare_source_reads", lambda: None)()   # as app.run() does (main's code may not)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from reportdesk.ui import application
mark("PySide6 + ui.application imported")
app = application.make_app()
mark("QApplication made")
db = application.open_store()
mark("store opened")
from reportdesk.ui import main_window
mark("main_window imported")
from reportdesk.ui.session import DraftSession
session = DraftSession(db, int(os.environ["REPORTDESK_OPEN_DRAFT"]))
mark("draft loaded (DraftSession)")
window = main_window.MainWindow(session)
mark("MainWindow made")
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            obj.removeEventFilter(self)
            mark("first paint")
            QTimer.singleShot(0, lambda: QApplication.exit(0))
        return False
watcher = Painted(window)
window.installEventFilter(watcher)
window.show()
mark("shown")
app.exec()
out, last = {}, t0
for name, t in marks:
    out[name] = (t - last) * 1000
    last = t
out["total (from the first line)"] = (last - t0) * 1000
print(json.dumps(out))
window.close()
db.close()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=15, help="runs (default 15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_environment(tmp, draft_window=True)
        env.pop("REPORTDESK_EXIT_WHEN_SHOWN")   # (the child quits at the first paint itself)
        runs = []
        for i in range(args.n + 1):
            done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=False)
            if done.returncode:
                sys.exit(done.stderr[-600:])
            if i:   # the first run compiles the .pyc files
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for name in runs[0]:
        values = [r[name] for r in runs]
        print(f"{name:34s} {statistics.median(values):6.1f} ms   ({min(values):.1f}–{max(values):.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
