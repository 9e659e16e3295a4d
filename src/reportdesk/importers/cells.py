"""The cells of a table row flattened into one line of text.

A web page copied out separates cells with tabs, a markdown converter with ``|``, a PDF
viewer with runs of spaces or single spaces between numbers. :func:`split_cells` gives the
cells back; :mod:`~reportdesk.importers.document` then puts rows together from them.
"""

from __future__ import annotations

import html
import re

from .cellkind import SPACES, is_bad_number, is_note, is_value_text

# A cell a copy printed empty, in a shape that gives each cell a line of its own (a crawler's
# "cell |" lines, a lone "|" for an empty one): kept so that the cells after it keep their columns.
EMPTY_CELL = "\ue000"

_DIGIT_SPACE = re.compile(f"(?<=[0-9０-９])[{SPACES}](?=[0-9０-９])")
_GROUP = re.compile(r"^[0-9]{3}$")
_CHAIN = re.compile(r"^[1-9][0-9]{0,2}(?: [0-9]{3})*$")
# A note in brackets among digits run together: "22（其中修订16件）55".
_NOTE_IN_RUN = re.compile(r"([（(][^（）()]*[)）])")
# Chinese text (or a closing bracket) and then the row's digits, with nothing between.
_LABEL_DIGITS = re.compile(r"^(.*[\u4e00-\u9fff）)”】\]])([0-9０-９][0-9０-９ ]*)$")
_PLACEHOLDER = re.compile(r"^(?:数据|列|字段|栏|column|col)\s*\d{1,2}$", re.IGNORECASE)
_CELL_SPLIT = re.compile(r" {2,}|\u3000+|\s*\|\s*")
_MD_MARKUP = re.compile(r"\*\*|__|<br\s*/?>", re.IGNORECASE)


def split_cells(line: str) -> list[str]:
    """The cells of a flattened table row: tabs, ``|``, runs of spaces, or single spaces
    between numbers ("规章 0 0 0", "一、本年新收…数量 58 7 0 0 1 0 66").

    A number written with spaces between its digit groups ("1 000", also with U+00A0, U+3000
    or a thin space) stays one cell, its spaces kept: the row's cell count decides later
    whether it is one number or several. A label run into its digits ("行政规范性文件8855698",
    a page copied without its cell separators) is cut before the digits; a note among the
    numbers ("22（其中修订16件）55") is a cell of its own.
    """
    line = _DIGIT_SPACE.sub(" ", clean_markup(line))
    if "\t" in line:
        parts = line.strip("\r\n").split("\t")  # a web page's copy: the tabs are the cells
    elif "  " in line or "\u3000" in line or "|" in line:
        parts = _CELL_SPLIT.split(line.strip().strip("|"))
    else:
        parts = [line]
    cells: list[str] = []
    for p in parts:
        if _PLACEHOLDER.match(p.strip()):
            cells.append("")  # a header a converter made up ("数据1", "Column 2"): no text of the report
            continue
        tokens = _grouped(_unrun(p.split()))
        if len(tokens) > 1 and all(is_value_text(t) or is_note(t) for t in tokens):
            cells.extend(tokens)
        elif len(tokens) > 1 and _ends_in_numbers(tokens) and not _numbering_only(tokens[:-1]):
            i = len(tokens)
            while i > 0 and (is_value_text(tokens[i - 1]) or is_note(tokens[i - 1]) or is_bad_number(tokens[i - 1])):
                i -= 1
            cells.append(" ".join(tokens[:i]))
            cells.extend(tokens[i:])
        else:
            cells.append(p.strip())
    return cells


def _ends_in_numbers(tokens: list[str]) -> bool:
    """Whether a line ends in a row's numbers: a number last, or bad numbers and notes with a
    number among them, or one short bad number ("行政许可 x")."""
    run = []
    for t in reversed(tokens):
        if not (is_value_text(t) or is_note(t) or is_bad_number(t)):
            break
        run.append(t)
    if not run or len(run) == len(tokens):
        return False
    return any(is_value_text(t) for t in run) or (len(run) == 1 and len(run[0]) <= 8)


def _unrun(tokens: list[str]) -> list[str]:
    """Tokens with a label's trailing digits and notes among numbers made tokens of their own."""
    out = []
    for t in tokens:
        if is_value_text(t) or not re.search(r"\d", t):
            out.append(t)
            continue
        pieces = [x for x in _NOTE_IN_RUN.split(t) if x]
        if len(pieces) > 1 and any(is_note(x) for x in pieces) and \
                all(is_note(x) or is_value_text(x) for x in pieces[1:]):
            head = pieces[0]
            out.extend(_label_and_digits(head) if not is_value_text(head) else [head])
            out.extend(pieces[1:])
            continue
        out.extend(_label_and_digits(t))
    return out


def _label_and_digits(token: str) -> list[str]:
    m = _LABEL_DIGITS.match(token)
    return [m.group(1), m.group(2)] if m else [token]


def _grouped(tokens: list[str]) -> list[str]:
    """Digit groups written apart ("1", "000") joined again into one token ("1 000")."""
    out: list[str] = []
    for t in tokens:
        if out and _GROUP.match(t) and _CHAIN.match(out[-1]):
            out[-1] += " " + t
        else:
            out.append(t)
    return out


def clean_markup(line: str) -> str:
    """A line without markdown emphasis, ``<br>`` and HTML entities (``&nbsp;`` is a space);
    an escaped ``\\|`` is kept as text, not a cell border."""
    line = line.replace("\\|", "｜")
    if "&" in line:
        line = html.unescape(line).replace("\u00a0", " ")
    return _MD_MARKUP.sub(" ", line)


def _numbering_only(tokens: list[str]) -> bool:
    return all(re.fullmatch(r"\d+[.、．]?|[（(][一二三四五六七八九十]+[)）]", t) for t in tokens)
