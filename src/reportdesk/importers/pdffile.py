"""Read a report published as PDF, through its text layer (PDFium, by pypdfium2; pypdf where
pypdfium2 is not installed).

PDFium (Apache-2.0/BSD, the engine of Chrome's PDF viewer) extracts text about ten times
faster than pypdf (3–6 ms a page against 30–40 ms) and gives each character's box, so the
lines here are made from the geometry, as a PDF viewer's copy gives them: a new line where the
baseline moves, a space where a gap is wider than half a character — the gap between table
cells is two characters or more, while the quarter-character gap a word processor puts
between Chinese and digits (“2024 年”) is no space. Characters of one line are put in
left-to-right order, so quotes that a word processor writes after their line
(“危及 三“安全一稳定”) come back in place. The text reader then puts rows and labels together.

pypdf (pure Python) stays as the fallback for machines without a pypdfium2 wheel (the Loongson
and other non-x86/ARM desktops some offices use). A scanned PDF has no text layer and is
refused with a message saying so; an encrypted one that needs a password too.

PDFium is not thread-safe: every use here holds one lock (the 批量审阅 worker thread and the
preview dialog may read PDFs at the same moment).
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
import zlib

from ..errors import UnreadableReport
from ..form import Form
from .log import NOTE
from .safexml import check_block_count
from .text import read_text

MAX_PAGES = 200
# No stream of a report inflates to this much (a page's text is some kilobytes); PDFium has no
# limit of its own and would inflate a "PDF bomb" whole, so streams are measured first.
MAX_STREAM = 16 << 20
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")

_PDFIUM_LOCK = threading.Lock()

NEW_LINE_SHIFT = 0.5     # a baseline moved by more than half a character's height: a new line
SPACE_GAP = 0.5          # a gap wider than half a character's height: a space (cells are ≥ 2 apart)

# LibreOffice and Word space a number apart from the Chinese around it ("2023 年") — for pypdf's text.
_AUTOSPACE = re.compile(r"(?<=[0-9A-Za-z%]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
                        r"|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[0-9A-Za-z])")
_ENDS_WITH_NUMBER = re.compile(r"[0-9０-９]\s*$")


def read_pdf(data: bytes, form: Form, name: str):
    """Read a PDF's bytes as a published report (totals as printed)."""
    text, engine = pdf_text(data, name)
    check_block_count(text.count("\n"), name, "行")
    report, log = read_text(text, form, name=name)
    note = "从 PDF 的文字层读取" + ("" if engine == "pdfium" else "（pypdf）；正文中的引号位置可能与原文不同，请核对")
    log.entries.insert(0, log.entries[0].__class__(NOTE, note))
    return report, log


def pdf_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of every page, as a viewer's copy gives it, and the engine that read it
    ("pdfium" or "pypdf")."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        text, engine = _pypdf_text(data, name), "pypdf"
    else:
        text, engine = _pdfium_text(data, name), "pdfium"
    if len(text.strip()) < 20:
        raise UnreadableReport(f"“{name}”没有文字层（可能是扫描件或图片），无法读取数字，请使用 Word 或网页版本")
    return text, engine


# -- PDFium

def _pdfium_text(data: bytes, name: str) -> str:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if _has_bomb(data):
        raise UnreadableReport(f"“{name}”中有数据解压后超过{MAX_STREAM >> 20} MB，不像是一份年度报告（可能是恶意构造的文件），未读取")
    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
                raise UnreadableReport(f"“{name}”是加密的 PDF，请取消密码或另存为 .docx 后再导入") from None
            raise UnreadableReport(f"“{name}”不是有效的 PDF 文件（已损坏或不完整）") from None
        try:
            pages = len(doc)
            if pages > MAX_PAGES:
                raise UnreadableReport(f"“{name}”有{pages}页，不像是一份年度报告，未读取")
            texts = []
            for i in range(pages):
                page = doc[i]
                try:
                    textpage = page.get_textpage()
                    try:
                        texts.append(_page_text(textpage, raw))
                    finally:
                        textpage.close()
                finally:
                    page.close()
        except pdfium.PdfiumError:
            raise UnreadableReport(f"“{name}”不是有效的 PDF 文件（已损坏或不完整）") from None
        finally:
            doc.close()
    return "\n".join(texts)


def _has_bomb(data: bytes) -> bool:
    """Whether a deflated stream of the file inflates to more than :data:`MAX_STREAM`.

    Inflated 16 kB of input at a time, output counted and dropped (deflate gives at most ~1000
    times its input, so memory stays bounded); images are skipped — PDFium does not decode
    them to extract text, and a scan's pictures may be large. About 1 ms for a report."""
    view = memoryview(data)
    for m in _STREAM_START.finditer(data):
        head = data[max(0, m.start() - 1024): m.start()]
        head = head[head.rfind(b" obj") + 1:]
        if b"/Fl" not in head or b"/Image" in head:   # /FlateDecode, or /Fl in an inline dictionary
            continue
        inflater = zlib.decompressobj()
        total = 0
        end = min(len(data), m.end() + (4 << 20))
        for at in range(m.end(), end, 16 << 10):
            try:
                total += len(inflater.decompress(view[at:min(at + (16 << 10), end)]))
            except zlib.error:
                break   # not deflate after all, or damaged: PDFium says so if it matters
            if total > MAX_STREAM:
                return True
            if inflater.eof:
                break
    return False


def _page_text(textpage, raw) -> str:
    """One page's text from its characters' boxes (see the module's docstring)."""
    handle = textpage.raw   # the bare pointer: ctypes converts no wrapper at each of the calls below
    n = raw.FPDFText_CountChars(handle)
    if n <= 0:
        return ""
    chars = _page_chars(handle, raw, n)
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    loose_box, generated = raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated
    lines: list[list[tuple[float, float, str, float]]] = []   # per line: (left, right, char, height)
    line: list[tuple[float, float, str, float]] = []
    prev_base = prev_height = None
    for i, ch in enumerate(chars):
        if ch in " \r\n\x00\ufffe" and (ch in "\x00\ufffe" or generated(handle, i)):
            continue   # PDFium's own spaces and line ends: decided here from the boxes instead
        if not loose_box(handle, i, box_ref):
            continue
        bottom = box.bottom
        height = box.top - bottom
        if height <= 0:
            height = prev_height or 10.0
        if prev_base is not None and abs(bottom - prev_base) > NEW_LINE_SHIFT * max(height, prev_height):
            lines.append(line)
            line = []
        line.append((box.left, box.right, ch, height))
        prev_base, prev_height = bottom, height
    lines.append(line)
    return "\n".join(_line_text(chars_of_line) for chars_of_line in lines if chars_of_line)


def _page_chars(handle, raw, n: int) -> str:
    """The page's characters, one per index (UCS-2 as PDFium keeps them)."""
    buffer = (ctypes.c_ushort * (n + 1))()
    count = raw.FPDFText_GetText(handle, 0, n, buffer)
    text = bytes(memoryview(buffer).cast("B")[: max(count - 1, 0) * 2]).decode("utf-16-le", errors="replace")
    if len(text) != n:   # PDFium left out or added characters: ask each one
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, i) or 0xFFFE) for i in range(n))
    return text


def _line_text(chars: list[tuple[float, float, str, float]]) -> str:
    """A line's characters left to right, a space where the gap says so."""
    chars.sort(key=lambda c: c[0])
    out = []
    prev = None
    for left, right, ch, height in chars:
        if prev is not None and ch != " " and out[-1] != " ":
            gap = left - prev[1]
            if gap > SPACE_GAP * max(height, prev[3]):
                out.append(" ")
        out.append(ch)
        prev = (left, right, ch, height)
    return "".join(out).strip()


# -- pypdf (fallback)

def _pypdf_text(data: bytes, name: str) -> str:
    try:
        import logging

        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        logging.getLogger("pypdf").setLevel(logging.ERROR)
    except ImportError:
        raise UnreadableReport(f"读取 PDF（“{name}”）需要 pypdfium2 或 pypdf，请安装后再试，或另存为 .docx") from None
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
    # Only prose: in a table row the space between a label and its numbers separates cells.
    return "\n".join(line if _ENDS_WITH_NUMBER.search(line) else _AUTOSPACE.sub("", line)
                     for line in text.split("\n"))
