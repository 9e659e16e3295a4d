"""Benchmark: a full report to .docx bytes (goal ≤ 0.3 s on the 2-core machine), and the rest.

Run: python3 -m pytest tests/benchmarks/test_export_bench.py --benchmark-only
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "export"))
from busy_report import busy  # noqa: E402

from reportdesk.export.docx import checklist_docx_bytes, docx_bytes  # noqa: E402
from reportdesk.rules import check  # noqa: E402


@pytest.fixture
def full_report(example_report):
    return busy(example_report)


def test_docx_of_a_full_report(benchmark, full_report):
    findings = check(full_report)
    data = benchmark(docx_bytes, full_report, findings, True)
    assert data.startswith(b"PK") and len(data) > 30_000


def test_check_and_docx_as_convert_does(benchmark, full_report):
    """What ``reportdesk convert`` and the wizard's export do after reading: check, then write."""
    data = benchmark(lambda: docx_bytes(full_report, check(full_report), False))
    assert data.startswith(b"PK")


def test_checklist_docx(benchmark, full_report, example_report):
    data = benchmark(checklist_docx_bytes, full_report, None, example_report)
    assert data.startswith(b"PK")


def test_pdf_of_a_full_report(benchmark, full_report, qapp):
    from reportdesk.export.pdf import layout_pdf
    from reportdesk.ui.printing import layout_for

    layout = layout_for(full_report)
    data = benchmark.pedantic(layout_pdf, (layout,), rounds=5, iterations=1)
    assert data.startswith(b"%PDF")
