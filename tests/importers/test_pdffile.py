"""PDFs made by LibreOffice from the Word fixtures (tests/fixtures/published/*.pdf), read
through the text layer (PDFium; pypdf where pypdfium2 is missing) to every cell and text;
scanned, damaged and password-protected PDFs refused."""

from __future__ import annotations

import sys

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


@pytest.mark.parametrize("key", ["longhua-market-2023", "changchun-office-2024"])
def test_every_text_as_written_quotes_in_place(key):
    """The characters of a line are put left to right: LibreOffice writes the quotes of
    “龙华政府在线” after their line, which pypdf gave as “ ”依托 龙华政府在线 网站."""
    result = read_report(FIXTURES / "published" / f"{key}.pdf")
    assert result.report.texts == REPORTS[key].texts
    assert result.log.entries[0].message == "从 PDF 的文字层读取"


@pytest.mark.parametrize("key", ["longhua-market-2023", "changchun-office-2024"])
def test_without_pypdfium2_pypdf_reads_every_cell(key, monkeypatch):
    """The fallback for machines without a pypdfium2 wheel gives the same cells."""
    monkeypatch.setitem(sys.modules, "pypdfium2", None)   # import fails
    spec = REPORTS[key]
    result = read_report(FIXTURES / "published" / f"{key}.pdf")
    assert {c: result.report.values[c] for c in spec.cells} == spec.cells
    assert "pypdf" in result.log.entries[0].message


def _encrypted(tmp_path, user: str, owner: str):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "published" / "changchun-office-2024.pdf"))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    path = tmp_path / "加密.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    return path


def test_a_pdf_that_needs_a_password_is_refused(tmp_path):
    with pytest.raises(UnreadableReport, match="“加密.pdf”是加密的 PDF，请取消密码"):
        read_report(_encrypted(tmp_path, "1234", "5678"))


def test_a_pdf_only_restricted_by_its_owner_is_read(tmp_path):
    """Many offices publish with an owner password (no copying, no printing) and no password to
    open: PDFium reads it as a viewer shows it."""
    spec = REPORTS["changchun-office-2024"]
    result = read_report(_encrypted(tmp_path, "", "owner-only"))
    assert {c: result.report.values[c] for c in spec.cells} == spec.cells


def test_pdfs_read_from_two_threads_at_once():
    """PDFium is not thread-safe: the batch window's worker and the preview dialog may read at
    the same moment; one lock keeps them apart."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [FIXTURES / "published" / f"{k}.pdf" for k in ("longhua-market-2023", "changchun-office-2024")] * 6
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(read_report, paths))
    for path, result in zip(paths, results):
        spec = REPORTS[path.stem]
        assert {c: result.report.values[c] for c in spec.cells} == spec.cells


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
