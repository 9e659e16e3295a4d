"""PDFs made by LibreOffice from the Word fixtures (tests/fixtures/published/*.pdf), read
through pypdf's text layer to every cell; scanned and damaged PDFs refused."""

from __future__ import annotations

import pytest

from helpers import FIXTURES
from published import REPORTS

from reportdesk.errors import UnreadableReport
from reportdesk.importers import read_report
from reportdesk.rules import check



@pytest.mark.parametrize("key", ["longhua-market-2023", "changchun-office-2024"])
def test_every_cell_from_a_libreoffice_pdf(key):
    spec = REPORTS[key]
    result = read_report(FIXTURES / "published" / f"{key}.pdf")
    assert result.kind == "pdf"
    assert (result.report.agency, result.report.year) == (spec.agency, spec.year)
    assert {c: result.report.values[c] for c in spec.cells} == spec.cells
    assert sorted((f.rule, tuple(f.cells)) for f in check(result.report)) == sorted(spec.findings)
    # every label found; one broken so that only its beginning matched is logged for a look
    assert {e.kind for e in result.log.problems()} <= {"interpreted"}
    assert all("读取" in e.message for e in result.log.problems())


def test_texts_from_a_pdf_lose_the_spaces_a_word_processor_adds():
    result = read_report(FIXTURES / "published" / "longhua-market-2023.pdf")
    assert result.report.texts["text.overview.on_request"] == REPORTS["longhua-market-2023"].texts[
        "text.overview.on_request"]


def test_a_pdf_without_text_is_refused(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "扫描件.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    with pytest.raises(UnreadableReport, match="没有文字层"):
        read_report(path)


def test_a_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "坏.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n" + b"\x00" * 100)
    with pytest.raises(UnreadableReport):
        read_report(path)
