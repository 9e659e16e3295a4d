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
from .cells import EMPTY_CELL, clean_markup, split_cells
from .document import Line, assemble
from .log import ImportLog

__all__ = ["read_text", "split_cells", "text_lines"]

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def text_lines(text: str) -> list[Line]:
    """The lines of a text as blocks; markdown separator rows and heading marks dropped.

    A crawler's text that gives each table cell a line ending in a bar ("自然人 |"), an empty
    cell as a bar alone, or each cell a line with a bar line after it, keeps its empty cells
    (:data:`~reportdesk.importers.cells.EMPTY_CELL`): a row's numbers keep their columns.
    """
    raws = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    bars = _bar_style(raws)
    blocks = []
    after_bar = True
    for raw in raws:
        if _MD_SEPARATOR.match(raw):
            continue
        stripped = raw.strip()
        if bars and _BARS.match(stripped):
            # "after": each bar an empty cell; "between": a bar closes the cell before it, so
            # only the bars after the first stand for empty cells
            empties = stripped.count("|") - (0 if bars == "after" or after_bar else 1)
            blocks += [Line(EMPTY_CELL)] * empties
            after_bar = True
            continue
        after_bar = not stripped
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


_BARS = re.compile(r"^\|+$")


def _bar_style(lines: list[str]) -> str | None:
    """"after" when cells are lines ending in a bar, "between" when bar lines separate cells,
    None for any other text (a markdown table has no line of bars alone)."""
    alone = sum(1 for x in lines if _BARS.match(x.strip()))
    if alone < 5:
        return None
    ending = sum(1 for x in lines if x.rstrip().endswith("|") and not x.lstrip().startswith("|") and x.strip("| "))
    before = sum(1 for x, nxt in zip(lines, lines[1:]) if x.strip() and "|" not in x and _BARS.match(nxt.strip()))
    return "after" if ending >= before else "between"


def read_text(text: str, form: Form | None = None, *, name: str = "") -> tuple[Report, ImportLog]:
    """Read a report from its text. Returns the report (totals as printed) and the import log."""
    form = form or load_form()
    return assemble(text_lines(text), form, split_line=split_cells, join_wrapped=True)
