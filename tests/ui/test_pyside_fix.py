"""The guard against PySide6 taking references from None (reportdesk/ui/pyside_fix.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})


def test_many_qt_calls_do_not_abort_the_program():
    """Half a million calls of a Qt method that returns nothing: more than None has references
    on Python 3.11. With the guard (as the wizard starts) the program lives on."""
    result = _run("""
        from PySide6.QtCore import QObject
        from reportdesk.ui.application import make_app
        make_app()
        o = QObject()
        for _ in range(500_000):
            o.setObjectName("x")
        print("alive")
    """)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "alive"


def test_the_guard_is_needed_only_where_none_leaks():
    from reportdesk.ui.pyside_fix import none_leaks, protect_none

    protect_none()
    if sys.version_info >= (3, 12):
        assert not none_leaks()
    # after the guard, None has references to spare whatever this PySide6 does
    assert sys.getrefcount(None) > 1 << 30 or not none_leaks()
