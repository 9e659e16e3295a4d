"""Text whose cell separators were lost: labels and digits run together.

What many crawlers and some "copy all" actions give of a web page: a table's cells joined
without a separator (``行政规范性文件8855698``, ``一、本年新收政府信息公开申请数量713000074``,
``结果维持结果纠正其他结果尚未审结总计``), labels broken by stray spaces (``社会公益 组织``),
sometimes a whole table — or the whole report — on one line.

:class:`Scanner` finds the form's words inside such a line (row labels, the merged group
labels, column headers, block titles, part headings; longest first, spaces and bracket
widths ignored) and the digit runs between them, and gives the line back as lines of cells: a
header line, then each row's label with its digits. Splitting a digit run into the row's
numbers is left to the table reader (:mod:`~reportdesk.importers.uncertain`), which does it
only when one split alone fits the form's arithmetic.

A line is taken for run together only when the form's words cover it (nothing but
punctuation between them) and two of them, or a label and its digits, stand with no space
between; a PDF copy's line ("规章 0 0 0", "（二）部分公开（区分处理") is left to the usual reading.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..form import Form
from .cellkind import is_note
from .labels import LabelIndex, normalize_label, strip_numbering

ROW, GROUP, HEADER, PART, DIGITS, OTHER, NOTE = "row", "group", "header", "part", "digits", "other", "note"
EXTRA = "extra"  # short text the form does not know, kept as a header cell
_BRACKETED = re.compile(r"[（(][^（）()]{1,38}[)）]")
_NUMBER = r"[0-9０-９]+(?:[.．][0-9０-９]+)?(?:件|个|条|份|宗|起|次|项|万元)?"
# A number and the numbers after it with only spaces between ("10 0 0 0 01"); a unit ends one
# ("0件0件0件" is three numbers).
_DIGIT_RUN = re.compile(rf"{_NUMBER}(?:[ \u00a0\u3000\u2009\u202f]+{_NUMBER})*")
# Numbering before a label ("3.其他"): what a digit run must leave to the label after it.
_NUMBERING_AFTER = re.compile(r"[0-9０-９]{1,2}[.．、](?![0-9０-９])")
MAX_LINE = 60_000  # a whole report on one line is some 10 000 characters; longer lines are not searched
_PUNCT = re.compile(r"^[\s,，、。.;；:：|｜/()（）\[\]【】\-—_*#·•]*$")


@dataclass(frozen=True)
class Piece:
    kind: str
    text: str
    spaced: bool = False  # white space stood before it in the line


class Scanner:
    """The form's words, ready to be found inside a line."""

    def __init__(self, form: Form, labels: LabelIndex):
        words: dict[str, str] = {}
        headers: set[str] = set()

        def add(text: str, kind: str) -> None:
            norm = normalize_label(text)
            if len(norm) < 2:
                return
            if kind == HEADER:
                headers.add(norm)
            if norm not in words or _RANK[kind] > _RANK[words[norm]]:
                words[norm] = kind

        for table in form.tables.values():
            header_rows = table.layout == "single_row"  # its rows are printed as column headers (表四's groups)
            for block in table.blocks:
                add(block.title, HEADER)
                add(block.corner, HEADER)
                for h in block.header:
                    add(h.text, HEADER)
                for c in block.columns:
                    add(c.label, HEADER)
                    for alias in c.aliases:
                        add(alias, HEADER)
                for r in block.rows:
                    kind = HEADER if header_rows else ROW
                    full = normalize_label(r.label)
                    add(r.label, kind)
                    for alias in r.aliases:
                        add(alias, kind)
                    core = strip_numbering(full)
                    if len(core) >= 2:
                        add(core, kind)
                    short = re.sub(r"\(.*$", "", core)
                    if len(short) >= 2 and short != core:
                        add(short, kind)
                        add(full[: len(full) - len(core)] + short, kind)  # "(二)部分公开"
                    for group in r.path:
                        add(group, GROUP)
                        add(strip_numbering(normalize_label(group)), GROUP)
        for part in form.parts:
            add(f"{part.number}、{part.heading}", PART)
        self.words = words
        # Words that are a row's label and a column header too ("总计", "其他"): among header
        # words they are headers.
        self.also_header = {w for w in headers if words[w] != HEADER}
        self.first: dict[str, list[str]] = {}
        for w in sorted(words, key=len, reverse=True):
            self.first.setdefault(w[0], []).append(w)
        self.labels = labels

    @classmethod
    def of(cls, form: Form, labels: LabelIndex) -> "Scanner":
        """One scanner per form (kept on its label index)."""
        cached = getattr(labels, "run_scanner", None)
        if cached is None:
            cached = labels.run_scanner = cls(form, labels)
        return cached

    def pieces(self, line: str) -> list[Piece]:
        """The line as the form's words, digit runs and other text, in order."""
        norm, origin = _normalised(line)
        out: list[Piece] = []
        j = 0
        other_from = None
        while j < len(norm):
            p = origin[j]
            spaced = p > 0 and line[p - 1].isspace()
            note = _BRACKETED.match(line, p) if line[p] in "（(" else None
            if note is not None and is_note(note.group(0)):
                # a note among the numbers ("（其中修订16件）"): a cell of its own, left out later
                if other_from is not None:
                    out.append(Piece(OTHER, line[other_from:p].strip()))
                    other_from = None
                out.append(Piece(NOTE, note.group(0), spaced))
                j = _index_at(origin, note.end())
                continue
            m = _DIGIT_RUN.match(line, p) if norm[j].isdigit() else None
            word = None if m is not None and not _NUMBERING_AFTER.match(line, p) else self._word(norm, j)
            if word is None and m is not None:
                end = m.end()
                # "…00000003.其他": the last digits number the next label, not the row.
                for k in range(max(p + 1, end - 2), end):
                    after = _NUMBERING_AFTER.match(line, k)
                    if after and after.end() < len(line) and self._word_at(line, k) is not None:
                        end = k
                        break
                if other_from is not None:
                    out.append(Piece(OTHER, line[other_from:p].strip()))
                    other_from = None
                out.append(Piece(DIGITS, line[p:end].strip(), spaced))
                j = _index_at(origin, end)
                continue
            if word is not None:
                if other_from is not None:
                    out.append(Piece(OTHER, line[other_from:p].strip()))
                    other_from = None
                end = origin[j + len(word) - 1] + 1
                kind = self.words[word]
                if word in self.also_header and out and out[-1].kind == HEADER:
                    kind = HEADER
                out.append(Piece(kind, line[p:end].strip(), spaced))
                j += len(word)
                continue
            if other_from is None:
                other_from = p
            j += 1
        if other_from is not None:
            out.append(Piece(OTHER, line[other_from:].strip()))
        return [x for x in out if x.text]

    def _word(self, norm: str, j: int) -> str | None:
        for w in self.first.get(norm[j], ()):
            if norm.startswith(w, j):
                return w
        return None

    def _word_at(self, line: str, p: int) -> str | None:
        norm, _origin = _normalised(line[p:p + 60])
        return self._word(norm, 0) if norm else None

    def run_together(self, line: str) -> list[list[str]] | None:
        """The line as lines of cells when it is run together (see the module), else None."""
        if "\t" in line or len(line) < 4 or len(line) > MAX_LINE:
            return None
        if "。" in line or "；" in line:
            return None  # a sentence, not a table's cells
        pieces = _tolerated(self.pieces(line), self.also_header)
        words = [x for x in pieces if x.kind in (ROW, GROUP, HEADER, PART)]
        if not words or any(x.kind == OTHER and not _PUNCT.match(x.text) for x in pieces):
            return None
        glued = any(b.kind not in (OTHER, NOTE, EXTRA) and not b.spaced and a.kind not in (OTHER, NOTE, EXTRA)
                    and (a.kind != DIGITS or b.kind != DIGITS) for a, b in zip(pieces, pieces[1:]))
        # The labels of several rows in a line of text of their own (a converter's markdown
        # that pushed them out of the table): one label a line.
        labels_only = sum(x.kind == ROW for x in pieces) >= 2 and all(x.kind in (ROW, GROUP, OTHER, EXTRA) for x in pieces)
        if not (glued or labels_only) or (len(words) < 2 and not any(x.kind == DIGITS for x in pieces)):
            return None
        return _lines(pieces)


_RANK = {HEADER: 1, GROUP: 2, ROW: 3, PART: 4}


def _tolerated(pieces: list[Piece], also_header: set[str]) -> list[Piece]:
    """Text the form does not know, where it does no harm. Right after a label, with no space
    and no number between, whatever follows is the rest of that label worded a little
    differently ("（二）部分公开" + "（区分处理的只计这一情形不计其他情形）"; a column word inside it
    too) — up to the next number, note or row label. A short piece elsewhere ("（单位：件）") is a
    header cell, read or logged as such. Longer text (a sentence) stays unknown, and the line is
    then not taken for run together."""
    out: list[Piece] = []
    for x in pieces:
        rest_of_label = x.kind in (OTHER, HEADER) or (x.kind == ROW and normalize_label(x.text) in also_header)
        if out and out[-1].kind in (ROW, GROUP) and rest_of_label and not x.spaced \
                and len(out[-1].text) + len(x.text) <= 80 and not re.search(r"[0-9０-９]", x.text):
            out[-1] = Piece(out[-1].kind, out[-1].text + x.text, out[-1].spaced)
            continue
        if x.kind == OTHER and not _PUNCT.match(x.text) and not re.search(r"[0-9０-９]", x.text) and len(x.text) <= 12:
            out.append(Piece(EXTRA, x.text, x.spaced))
            continue
        out.append(x)
    return out


def _lines(pieces: list[Piece]) -> list[list[str]]:
    """Pieces as lines of cells: a new line before a row, a group or a part heading, and
    before header words that follow numbers; a row's digits stay on its line."""
    lines: list[list[str]] = []
    kinds: list[str] = []  # what the current line holds: "header", "row", "values"
    for x in pieces:
        if x.kind == OTHER:
            continue
        if x.kind == NOTE:
            if lines:
                lines[-1].append(x.text)  # left out as a note by the reader, and logged
            continue
        if x.kind == DIGITS:
            if not lines or kinds[-1] == HEADER:
                lines.append([])
                kinds.append("values")
            lines[-1].extend(x.text.split())
            continue
        if x.kind == EXTRA:
            x = Piece(HEADER, x.text, x.spaced)
        if x.kind == HEADER and lines and kinds[-1] == HEADER:
            lines[-1].append(x.text)
            continue
        if x.kind == GROUP and lines and kinds[-1] == GROUP:
            lines[-1].append(x.text)
            continue
        if x.kind == ROW and lines and kinds[-1] == GROUP:
            lines[-1].append(x.text)
            kinds[-1] = ROW
            continue
        lines.append([x.text])
        kinds.append(HEADER if x.kind == HEADER else GROUP if x.kind == GROUP else ROW)
    return lines


def _normalised(line: str) -> tuple[str, list[int]]:
    """The line normalised as labels are (normalize_label, char by char) and, for each
    normalised character, the index in the line it came from."""
    norm: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(line):
        n = normalize_label(ch)
        norm.append(n)
        origin.extend([i] * len(n))
    return "".join(norm), origin


def _index_at(origin: list[int], p: int) -> int:
    """The first normalised index whose character comes from position ``p`` or later."""
    return bisect_left(origin, p)


def split_body(line: str, form: Form) -> list[str] | None:
    """A whole report run into one line (two part headings or more in it), cut before and
    after each part heading and each sub-heading of a part's prose ("（一）主动公开"); None for
    any other line."""
    if len(line) > MAX_LINE:
        return None
    norm, origin = _normalised(line)
    headings = [(f"{p.number}、{m}", True) for p in form.parts for m in (p.heading, *p.match)]
    for tid, field in form.texts.items():
        if field.part and "（" in field.heading:
            number = field.heading[: field.heading.index("）") + 1]
            headings += [(field.heading, False)] + [(number + m, False) for m in field.match]
    spans: list[tuple[int, int]] = []
    parts = set()
    for text, is_part in sorted(headings, key=lambda h: -len(normalize_label(h[0]))):
        word = normalize_label(text)
        start = 0
        while (j := norm.find(word, start)) >= 0:
            start = j + 1
            begin, end = origin[j], origin[j + len(word) - 1] + 1
            if any(b < end and begin < e for b, e in spans):
                continue
            spans.append((begin, end))
            if is_part:
                parts.add(text[0])
    if len(parts) < 2:
        return None
    cuts = sorted({c for span in spans for c in span if 0 < c < len(line)})
    pieces, last = [], 0
    for c in cuts + [len(line)]:
        pieces.append(line[last:c].strip())
        last = c
    return [p for p in pieces if p]
