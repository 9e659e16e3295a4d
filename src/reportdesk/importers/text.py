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
from .document import Line, assemble
from .log import ImportLog
from .tables import is_value_text

_CELL_SPLIT = re.compile(r"\t| {2,}|\u3000+|\s*\|\s*")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_MARKUP = re.compile(r"\*\*|__|<br\s*/?>|&nbsp;", re.IGNORECASE)
_HTML_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&"}


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Returns the text and the encoding used. GB18030 is a superset of GBK and GB2312, the
    encodings Chinese Windows saves plain text in.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8"


def split_cells(line: str) -> list[str]:
    """The cells of a flattened table row: tabs, ``|``, runs of spaces, or single spaces
    between numbers ("规章 0 0 0", "一、本年新收…数量 58 7 0 0 1 0 66")."""
    line = _clean_markup(line)
    if "\t" in line or "  " in line or "\u3000" in line or "|" in line:
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


def _clean_markup(line: str) -> str:
    line = line.replace("\\|", "｜")
    for entity, char in _HTML_ENTITIES.items():
        line = line.replace(entity, char)
    return _MD_MARKUP.sub(" ", line)


def _numbering_only(tokens: list[str]) -> bool:
    return all(re.fullmatch(r"\d+[.、．]?|[（(][一二三四五六七八九十]+[)）]", t) for t in tokens)


def text_lines(text: str) -> list[Line]:
    """The lines of a text as blocks; markdown separator rows and heading marks dropped."""
    blocks = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        if _MD_SEPARATOR.match(raw):
            continue
        stripped = raw.strip()
        if "|" not in stripped:
            raw = _clean_markup(raw)
            stripped = raw.strip()
        if stripped.startswith("#"):
            raw = stripped.lstrip("#").strip()
        elif stripped.startswith("|") or stripped.endswith("|"):
            raw = raw.replace("|", "\t") if stripped.strip("| ") else ""
        blocks.append(Line(raw))
    return blocks


def read_text(text: str, form: Form | None = None, *, name: str = "") -> tuple[Report, ImportLog]:
    """Read a report from its text. Returns the report (totals as printed) and the import log."""
    form = form or load_form()
    return assemble(text_lines(text), form, split_line=split_cells, join_wrapped=True)
