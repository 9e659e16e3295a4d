"""Benchmarks run like the program: the guard of reportdesk/ui/pyside_fix.py in place."""

import pytest


@pytest.fixture(autouse=True)
def _guard_none(qapp):
    from reportdesk.ui.pyside_fix import protect_none

    protect_none()
