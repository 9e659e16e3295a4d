"""Read a report published as plain text, in the shapes it reaches a reviewer:

- a web page copied out, tables flattened with tabs (the example report);
- text copied from a PDF viewer: cells split by spaces, or one cell per line, labels broken
  over lines;
- markdown made by converters: ``| a | b |`` rows, separator rows, header rows broken or
  misaligned, ``<br>`` inside cells.

Lines become :mod:`~reportdesk.importers.document` blocks; inside table parts the cells of
each line are put back together into rows by their labels.
"""

from __future__ import annotations

import re

from ..form import Form, load_form
from ..report import Report
from .cells import clean_markup, split_cells
from .document import Line, assemble
from .log import ImportLog

__all__ = ["read_text", "split_cells", "text_lines"]

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def text_lines(text: str) -> list[Line]:
    """The lines of a text as blocks; markdown separator rows and heading marks dropped."""
    blocks = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        if _MD_SEPARATOR.match(raw):
            continue
        stripped = raw.strip()
        if "|" not in stripped:
            raw = clean_markup(raw)
            stripped = raw.strip()
        if stripped.startswith("#"):
            raw = stripped.lstrip("#").strip()
        elif stripped.startswith("|") or stripped.endswith("|"):
            # A markdown row: one cell between each two bars, an empty one included.
            raw = "\t".join(c.strip() for c in stripped.strip("|").split("|")) if stripped.strip("| ") else ""
        blocks.append(Line(raw))
    return blocks


def read_text(text: str, form: Form | None = None, *, name: str = "") -> tuple[Report, ImportLog]:
    """Read a report from its text. Returns the report (totals as printed) and the import log."""
    form = form or load_form()
    return assemble(text_lines(text), form, split_line=split_cells, join_wrapped=True)
