"""The cells of a table row flattened into one line of text.

A web page copied out separates cells with tabs, a markdown converter with ``|``, a PDF
viewer with runs of spaces or single spaces between numbers. :func:`split_cells` gives the
cells back; :mod:`~reportdesk.importers.document` then puts rows together from them.
"""

from __future__ import annotations

import html
import re

from .tables import is_value_text

_CELL_SPLIT = re.compile(r" {2,}|\u3000+|\s*\|\s*")
_MD_MARKUP = re.compile(r"\*\*|__|<br\s*/?>", re.IGNORECASE)


def split_cells(line: str) -> list[str]:
    """The cells of a flattened table row: tabs, ``|``, runs of spaces, or single spaces
    between numbers ("规章 0 0 0", "一、本年新收…数量 58 7 0 0 1 0 66")."""
    line = clean_markup(line)
    if "\t" in line:
        parts = line.strip("\r\n").split("\t")  # a web page's copy: the tabs are the cells
    elif "  " in line or "\u3000" in line or "|" in line:
        parts = _CELL_SPLIT.split(line.strip().strip("|"))
    else:
        parts = [line]
    cells: list[str] = []
    for p in parts:
        tokens = p.split()
        if len(tokens) > 1 and all(is_value_text(t) for t in tokens):
            cells.extend(tokens)
        elif len(tokens) > 1 and is_value_text(tokens[-1]) and not _numbering_only(tokens[:-1]):
            i = len(tokens)
            while i > 0 and is_value_text(tokens[i - 1]):
                i -= 1
            cells.append(" ".join(tokens[:i]))
            cells.extend(tokens[i:])
        else:
            cells.append(p.strip())
    return cells


def clean_markup(line: str) -> str:
    """A line without markdown emphasis, ``<br>`` and HTML entities (``&nbsp;`` is a space);
    an escaped ``\\|`` is kept as text, not a cell border."""
    line = line.replace("\\|", "｜")
    if "&" in line:
        line = html.unescape(line).replace("\u00a0", " ")
    return _MD_MARKUP.sub(" ", line)


def _numbering_only(tokens: list[str]) -> bool:
    return all(re.fullmatch(r"\d+[.、．]?|[（(][一二三四五六七八九十]+[)）]", t) for t in tokens)
