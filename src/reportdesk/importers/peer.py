"""Findings about the published file itself rather than its numbers (a reviewer's checks by
eye, done by the batch check): rule 17, a Word document whose tables have no borders.

The other peer check, part 五 saying nothing while something went wrong, is about the report's
content and is rule 16 of the form (:mod:`reportdesk.rules`), so drafts get it too.
"""

from __future__ import annotations

from ..rules import WARNING, Finding
from .docxborders import UNRULED_NOTE
from .log import NOTE, ImportLog

UNRULED_RULE = "17"


def file_findings(kind: str, log: ImportLog) -> list[Finding]:
    """Warnings about the file as published (rule 17), from what its reader noted."""
    findings = []
    if kind == "docx":
        for entry in log.of_kind(NOTE):
            if entry.message.startswith(UNRULED_NOTE):
                findings.append(Finding(UNRULED_RULE, WARNING, [],
                                        f"Word 文档的{entry.message[len(UNRULED_NOTE):].lstrip('（').split('）')[0]}"
                                        "没有边框线；规定的表格有边框线，请按模板加上表格线后再发布",
                                        name="表格有边框线"))
    return findings
