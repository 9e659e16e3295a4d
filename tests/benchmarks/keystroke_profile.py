"""Calls and SQL statements of one keystroke in 表三, through the window's edit path
(``DraftSession.type_cell``: the operation, the rules, the change set, the signals).

    python3 tests/benchmarks/keystroke_profile.py

Prints the Python function calls (cProfile) and the SQL statements (sqlite3's trace callback)
of one keystroke, averaged over 50, and the ten functions with the most calls.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

N = 50


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from reportdesk.importers import read_report
    from reportdesk.store import DraftStore
    from reportdesk.ui.session import DraftSession

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = DraftStore(Path(tmp) / "p.db")
        last = read_report(ROOT / "tests" / "fixtures" / "xiaodong-2024.txt").report
        draft_id = store.new_from(last, "武陟县小董乡人民政府", 2025)
        session = DraftSession(store, draft_id)
        session.type_cell("t3.new.natural", "1", ("t3.new.natural", 1))
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        profile = cProfile.Profile()
        profile.enable()
        for i in range(N):
            session.type_cell("t3.new.natural", "12" if i % 2 == 0 else "1", ("t3.new.natural", 1))
        profile.disable()
        store.conn.set_trace_callback(None)
        stats = pstats.Stats(profile)
        print(f"per keystroke: {stats.total_calls / N:.0f} function calls, {len(statements) / N:.1f} SQL statements "
              f"({len([s for s in statements if s not in ('BEGIN IMMEDIATE', 'COMMIT')]) / N:.1f} besides BEGIN/COMMIT)")
        for s in statements[:len(statements) // N]:   # one keystroke's
            print("   ", " ".join(s.split())[:110])
        stats.sort_stats("ncalls").print_stats(10)
        session.deleteLater()
        store.close()
    app.processEvents()


if __name__ == "__main__":
    main()
