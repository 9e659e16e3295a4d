"""Export → import: the .docx reader gives back the same report (once that reader is installed)."""

from __future__ import annotations

import pytest

from reportdesk.export.docx import export_docx
from reportdesk.importers import READERS, read_report

pytestmark = pytest.mark.skipif("docx" not in READERS, reason="the .docx importer is not on this branch yet")


@pytest.mark.parametrize("which", ["example", "busy"])
def test_exported_report_reads_back_the_same(which, example_report, busy_report, tmp_path):
    report = example_report if which == "example" else busy_report
    path = tmp_path / f"{which}.docx"
    export_docx(report, path)
    back = read_report(path).report
    assert (back.agency, back.year) == (report.agency, report.year)
    assert {c: back.values[c] for c in report.form.cells} == {c: report.values[c] for c in report.form.cells}
    assert {t: back.text(t) for t in report.form.texts} == {t: report.text(t) for t in report.form.texts}


def test_a_draft_reads_back_with_its_numbers(example_report, tmp_path):
    example_report.values["t3.new.natural"] = 6  # an error: the file is marked 草稿
    path = tmp_path / "draft.docx"
    export_docx(example_report, path)
    back = read_report(path).report
    assert back.values["t3.new.natural"] == 6
