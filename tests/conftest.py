"""Shared fixtures: the example report, the form, and an offscreen Qt platform."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
# Test this checkout's code, also in subprocesses, whatever else is installed.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parent))  # conftest_helpers
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
# The parsed form file's cached copy (reportdesk.parsed_cache) goes to a folder of this run's.
os.environ.setdefault("REPORTDESK_CACHE", tempfile.mkdtemp(prefix="reportdesk-test-cache-"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Copies of ../shared/examples/xiaodong-2024.txt and of the two spec pages the tests read, so
# that the suite needs nothing outside the repository (tests/fixtures/README.md).
EXAMPLE = FIXTURES / "xiaodong-2024.txt"
SPEC = FIXTURES / "spec"


@pytest.fixture(autouse=True)
def _windows_closed_and_dialogs_answered(request):
    """After every test that used Qt, every window is closed and deleted; a modal dialog that
    nobody answers is rejected and fails its test instead of hanging the suite."""
    from qt_isolation import DialogWatchdog, close_all_windows, qt_application

    if {"qapp", "qtbot"} & set(request.fixturenames):
        request.getfixturevalue("qapp")
    watchdog = DialogWatchdog() if qt_application() is not None else None
    yield
    close_all_windows()
    if watchdog is not None:
        watchdog.stop()
        if watchdog.caught:
            pytest.fail("a dialog stayed open with nobody to answer it: " + "; ".join(watchdog.caught))


@pytest.fixture(autouse=True)
def _numpy_left_importable():
    """The wizard's start blocks numpy (``sys.modules["numpy"] = None``, reportdesk.ui.app): a
    test that leaves that block behind breaks whatever runs after it in a random order (hypothesis
    imports numpy). Such a test fails here, and the block is lifted for the next."""
    import sys

    yield
    if "numpy" in sys.modules and sys.modules["numpy"] is None:
        del sys.modules["numpy"]
        pytest.fail("the test left numpy blocked (sys.modules['numpy'] is None)")


@pytest.fixture(scope="session")
def form():
    from reportdesk.form import load_form

    return load_form()


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The published example report (a copy kept in tests/fixtures/)."""
    return EXAMPLE


@pytest.fixture
def example_report(example_path):
    """The published example, read fresh for each test (totals as printed)."""
    from reportdesk.importers import read_report

    return read_report(example_path).report


@pytest.fixture(scope="session")
def spec_dir() -> Path:
    """Copies of the spec pages (format-2021.md, interfaces.md) the tests compare against."""
    return SPEC


@pytest.fixture
def balanced_report():
    """A factory: balanced_report(seed=0, …) → a complete report that passes every rule."""
    from conftest_helpers import build_balanced_report

    return build_balanced_report
