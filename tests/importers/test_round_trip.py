"""Export → import: a report written by the Word exporter reads back to the same cells and
texts (runs once reportdesk.export.docx is on the branch)."""

from __future__ import annotations

import pytest

from published import REPORTS

from reportdesk.importers import read_report
from reportdesk.report import Report

from reportdesk.export import docx as docx_export


@pytest.mark.parametrize("key", sorted(REPORTS))
@pytest.mark.parametrize("final", [False, True])
def test_export_then_import_gives_the_same_report(tmp_path, form, key, final):
    from reportdesk.rules import check

    spec = REPORTS[key]
    if final and spec.findings:
        pytest.skip("a report with errors is never exported final")
    report = Report(form, spec.agency, spec.year, derive=False)
    for cid, value in spec.cells.items():
        report.set(cid, value, source="imported")
    for tid, text in spec.texts.items():
        report.set_text(tid, text)
    data = docx_export.docx_bytes(report, check(report), final)
    path = tmp_path / f"{key}.docx"
    path.write_bytes(data)
    back = read_report(path).report
    assert (back.agency, back.year) == (spec.agency, spec.year)
    assert {c: back.values[c] for c in spec.cells} == spec.cells
    assert back.texts == spec.texts
