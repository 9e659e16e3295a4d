"""Read a report published as PDF, through its text layer (pypdf).

pypdf is pure Python and reads the PDFs that Word, WPS and LibreOffice write; its text comes
out as a PDF viewer's copy does (cells one per line, long labels broken, spaces between
digits and Chinese), which the text reader already puts back together. A scanned PDF has
no text layer and is refused with a message saying so; an encrypted one too.
"""

from __future__ import annotations

import io
import re

from ..errors import UnreadableReport
from ..form import Form
from .log import NOTE
from .safexml import check_block_count
from .text import read_text

MAX_PAGES = 200
# LibreOffice and Word space a number apart from the Chinese around it ("2023 年").
_AUTOSPACE = re.compile(r"(?<=[0-9A-Za-z%]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
                        r"|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[0-9A-Za-z])")


_ENDS_WITH_NUMBER = re.compile(r"[0-9０-９]\s*$")


def read_pdf(data: bytes, form: Form, name: str):
    """Read a PDF's bytes as a published report (totals as printed)."""
    text = pdf_text(data, name)
    check_block_count(text.count("\n"), name, "行")
    report, log = read_text(text, form, name=name)
    log.entries.insert(0, log.entries[0].__class__(NOTE, "从 PDF 的文字层读取；正文中的引号位置可能与原文不同，请核对"))
    return report, log


def pdf_text(data: bytes, name: str) -> str:
    """The text of every page, as a viewer's copy gives it."""
    try:
        import logging

        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        logging.getLogger("pypdf").setLevel(logging.ERROR)
    except ImportError:
        raise UnreadableReport(f"读取 PDF（“{name}”）需要 pypdf，请安装后再试，或另存为 .docx") from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnreadableReport(f"“{name}”是加密的 PDF，请取消密码或另存为 .docx 后再导入")
        pages = len(reader.pages)
        if pages > MAX_PAGES:
            raise UnreadableReport(f"“{name}”有{pages}页，不像是一份年度报告，未读取")
        texts = [page.extract_text() or "" for page in reader.pages]
    except UnreadableReport:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise UnreadableReport(f"“{name}”不是有效的 PDF 文件（已损坏或不完整）") from None
    text = "\n".join(texts)
    if len(text.strip()) < 20:
        raise UnreadableReport(f"“{name}”没有文字层（可能是扫描件或图片），无法读取数字，请使用 Word 或网页版本")
    # Only prose: in a table row the space between a label and its numbers separates cells.
    return "\n".join(line if _ENDS_WITH_NUMBER.search(line) else _AUTOSPACE.sub("", line)
                     for line in text.split("\n"))
