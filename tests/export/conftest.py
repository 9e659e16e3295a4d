"""Reports to export: the published example (all zeros) and a busy one with distinct numbers."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from busy_report import busy  # noqa: E402


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
