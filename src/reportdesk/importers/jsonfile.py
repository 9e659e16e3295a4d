"""Read the report file (.json) of interfaces.md as an import."""

from __future__ import annotations

from ..form import Form
from ..report import Report
from ..reportfile import loads
from .log import NOTE, ImportLog
from .encoding import decode


def read_json(data: bytes, form: Form, name: str) -> tuple[Report, ImportLog]:
    """Read a report file's bytes; its totals are kept as written."""
    text, _ = decode(data)
    report = loads(text, name=name)
    log = ImportLog()
    log.add(NOTE, f"报告文件：机关“{report.agency}”，年度{report.year}")
    return report, log
