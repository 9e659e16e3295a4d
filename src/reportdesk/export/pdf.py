"""PDF through LibreOffice: the exported .docx converted by ``soffice --headless``.

LibreOffice lays out the very file the clerk submits, so its PDF shows the Word layout (line
breaks, page breaks, repeated table headers, page numbers) rather than a second rendering of
it. Fonts this computer lacks are replaced in the converted copy by installed stand-ins of the
same kind (see :func:`reportdesk.export.fonts.with_stand_ins`); left to itself LibreOffice
falls back to whatever CJK face fontconfig offers first, often a Japanese one.

Each conversion runs with its own temporary LibreOffice profile: it neither waits for nor
disturbs a LibreOffice the clerk has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import ReportdeskError
from .fonts import with_stand_ins
from .layout import Layout


class PdfError(ReportdeskError):
    """The PDF could not be made."""


def soffice_path() -> str | None:
    """LibreOffice's ``soffice`` on this computer, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if base:
                candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe"
                if candidate.is_file():
                    return str(candidate)
    return None


def docx_to_pdf(data: bytes, *, timeout: float = 180) -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice; :class:`PdfError` when it cannot."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfError("没有找到 LibreOffice，无法用它生成 PDF")
    with tempfile.TemporaryDirectory(prefix="reportdesk-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(data)
        profile = (folder / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL, cwd=folder)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 在 {int(timeout)} 秒内没有完成 PDF 转换") from None
        except OSError as exc:
            raise PdfError(f"无法启动 LibreOffice：{exc.strerror or exc}") from None
        result = folder / "report.pdf"
        if not result.is_file():
            detail = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
            raise PdfError("LibreOffice 没有生成 PDF" + (f"：{detail[-1]}" if detail else ""))
        return result.read_bytes()


def layout_pdf(layout: Layout, *, installed: set[str] | None = None, timeout: float = 180) -> bytes:
    """A layout as PDF through LibreOffice, missing fonts replaced by stand-ins."""
    from .docx import render

    drawn = replace(layout, fonts=with_stand_ins(layout.fonts, installed))
    return docx_to_pdf(render(drawn), timeout=timeout)
