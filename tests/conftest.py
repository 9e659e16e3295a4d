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
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "xiaodong-2024.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def form():
    from reportdesk.form import load_form

    return load_form()


@pytest.fixture(scope="session")
def example_path() -> Path:
    if not EXAMPLE.is_file():
        pytest.skip("../shared/examples/xiaodong-2024.txt is not beside the checkout")
    return EXAMPLE


@pytest.fixture
def example_report(example_path):
    """The published example, read fresh for each test (totals as printed)."""
    from reportdesk.importers import read_report

    return read_report(example_path).report


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (specs and examples); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture
def balanced_report():
    """A factory: balanced_report(seed=0, …) → a complete report that passes every rule."""
    from conftest_helpers import build_balanced_report

    return build_balanced_report
