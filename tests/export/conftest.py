"""Reports to export: the published example (all zeros) and a busy one with distinct numbers."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest


def busy(example) -> "Report":  # noqa: F821
    """A complete, balanced draft with numbers that differ from cell to cell.

    Texts are the example's; every table-3 column balances (一＋二＝（七）＋四), so the
    report has no errors and exports without the draft mark.
    """
    from reportdesk.report import Report

    report = Report(example.form, example.agency, example.year)
    for tid, text in example.texts.items():
        report.set_text(tid, text, "imported")
    form = report.form
    t2 = {"rules": (0, 0, 3), "normative": (4, 1, 27)}
    for row, (issued, repealed, valid) in t2.items():
        report.set(f"t2.{row}.issued", issued)
        report.set(f"t2.{row}.repealed", repealed)
        report.set(f"t2.{row}.valid", valid)
    report.set("t2.licensing.decisions", 1385)
    report.set("t2.penalty.decisions", 212)
    report.set("t2.enforcement.decisions", 9)
    report.set("t2.fees.amount", 12.35)
    table3 = form.tables["t3"]
    columns = [c.id for c in table3.columns if not form.is_computed(f"t3.new.{c.id}")]
    result_rows = [r.id for r in table3.rows if r.id not in ("new", "carried_in", "total", "carried_out")]
    for j, col in enumerate(columns):
        for i, row in enumerate(result_rows):
            report.set(f"t3.{row}.{col}", (i * 7 + j * 5) % 13 if j in (0, 1) or i < 3 else 0)
        report.set(f"t3.carried_in.{col}", 2 + j)
        report.set(f"t3.carried_out.{col}", 3 + j)
        total = report.values[f"t3.total.{col}"]
        report.set(f"t3.new.{col}", total + 3 + j - (2 + j))
    for g, group in enumerate(("review", "suit_direct", "suit_after_review")):
        for k, col in enumerate(("upheld", "corrected", "other", "pending")):
            report.set(f"t4.{group}.{col}", g + k + 1)
    return report


@pytest.fixture
def busy_report(example_report):
    return busy(example_report)


def docx_parts(data: bytes) -> dict[str, str]:
    """Every XML part of a .docx by name, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8", errors="replace") for n in z.namelist()
                if n.endswith((".xml", ".rels"))}


def open_docx(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


requires_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def soffice_pdf(docx_path: Path, tmp_path: Path) -> Path:
    """Convert with LibreOffice exactly as a reviewer would, in a throw-away profile."""
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx_path)], capture_output=True, timeout=240, check=True,
                   env={**os.environ, "HOME": str(tmp_path)})
    return tmp_path / (docx_path.stem + ".pdf")
