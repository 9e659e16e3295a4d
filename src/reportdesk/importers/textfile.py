"""Read a plain-text report file: decode it (UTF-8, UTF-16 or GB18030) and read its text."""

from __future__ import annotations

from ..form import Form
from ..report import Report
from .encoding import UTF8, decode
from .log import NOTE, ImportLog, LogEntry
from .safexml import check_block_count
from .text import read_text


def read_text_file(data: bytes, form: Form, name: str) -> tuple[Report, ImportLog]:
    """Read a text file's bytes as a published report."""
    check_block_count(data.count(b"\n"), name, "行")
    text, encoding = decode(data)
    report, log = read_text(text, form, name=name)
    if encoding != UTF8:
        log.entries.insert(0, LogEntry(NOTE, f"文件编码为 {encoding}"))
    return report, log
