"""Match the labels of a published report to the form: rows, parts and text headings.

Published copies differ from the official template in brackets (half- or full-width),
spaces inside labels ("结果 维持"), numbering ("1." "1、"), quotes, and now and then a word.
Matching is by label, never by position.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from functools import lru_cache

from ..form import Form
from ..values import normalize_label as _normalize_label

# The same few hundred labels come back in every report of a batch.
normalize_label = lru_cache(maxsize=8192)(_normalize_label)

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[、)]|\(\d+\)|[①-⑳])")
_PARENTHETICAL = re.compile(r"\([^)]*\)?$")
_HEADING1 = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．,，]\s*(\S.*)$")
_HEADING2 = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(\S.*)$")
_HEADING2_ARABIC = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*(\D.*)$")
# Sub-parts of 总体情况 written as an enumeration ("一是主动公开。……") or numbered like parts
# ("二、依申请公开"): taken only when the number is the sub-part's own.
_ENUMERATED = re.compile(r"^\s*(?:([一二三四五六七八九十])\s*是|([一二三四五六七八九十])\s*[、.．])\s*(\S.*)$")
_CN_DIGITS = "一二三四五六七八九十"
_SENTENCE_END = re.compile(r"[。；;!！?？]")


def _alike(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def strip_numbering(norm: str) -> str:
    """Drop leading numbering like "一、", "(三)", "1、" from a normalised label."""
    prev = None
    while prev != norm:
        prev = norm
        norm = _NUMBERING.sub("", norm)
    return norm


_INDEXES: dict[int, "LabelIndex"] = {}
_INNER_NUMBERING = re.compile(r"(?<=.)(?=[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])")


def _numbered_tails(label: str) -> list[str]:
    """The pieces of a label from each numbering inside it on, the last piece first."""
    return [label[m.start():] for m in reversed(list(_INNER_NUMBERING.finditer(label.strip())))]


_BRACKETED = re.compile(r"^(.{2,}?)[（(]([^（()）]{2,})[)）]$")


def _bracketed(label: str) -> list[str]:
    """A group named with its kind in brackets, "行政诉讼（未经复议直接起诉）": the inner name, then the outer."""
    m = _BRACKETED.match(label.strip())
    return [m.group(2), m.group(1)] if m else []


@dataclass(frozen=True)
class RowMatch:
    """A label matched to a row of a table; ``exact`` is False for a near match."""

    table: str
    row: str
    exact: bool
    label: str


class LabelIndex:
    """Row labels, part headings and text headings of a form, ready for matching."""

    def __init__(self, form: Form):
        self.form = form
        self._cache: dict[tuple[str, str | None], RowMatch | None] = {}
        self._rows: list[tuple[str, str, str, str]] = []  # (core, full, table, row)
        # other words copies print for a row's label (its aliases): matched, never exactly
        self._aliases: dict[str, list[tuple[str, str]]] = {}
        for table in form.tables.values():
            for row in table.rows:
                full = normalize_label(row.label)
                core = strip_numbering(full)
                self._rows.append((core, full, table.id, row.id))
                short = _PARENTHETICAL.sub("", core)
                if short != core and len(short) >= 2:
                    self._rows.append((short, full, table.id, row.id))
                for alias in row.aliases:
                    alias_core = strip_numbering(normalize_label(alias))
                    if alias_core:
                        self._aliases.setdefault(alias_core, []).append((table.id, row.id))
        # The merged label cells rows sit in (三、本年度办理结果, （三）不予公开), normalised.
        self.group_labels: set[str] = set()
        for table in form.tables.values():
            for row in table.rows:
                for text in row.path:
                    norm = normalize_label(text)
                    self.group_labels.update((norm, strip_numbering(norm)))
        self._by_core: dict[str, list[tuple[str, str]]] = {}
        for core, _full, tid, rid in self._rows:
            self._by_core.setdefault(core, [])
            if (tid, rid) not in self._by_core[core]:
                self._by_core[core].append((tid, rid))
        # an alias's beginning, end or near wording is matched as the label's is
        self._rows += [(core, core, tid, rid) for core, hits in self._aliases.items() for tid, rid in hits]

    def match_row(self, label: str, table: str | None = None) -> RowMatch | None:
        """The row a printed label names, or None.

        Exact (after normalising) first; then a label that begins with a row's label or is
        its beginning (a truncated long label); then a close match (≥ 85 % alike); last, a
        group and a row label in one cell ("三、本年度办理结果 （一）予以公开"): the row's own
        label is the last numbered piece.
        """
        key = (label, table)
        if key in self._cache:
            return self._cache[key]
        found = self._match_row(label, table)
        if (found is None or not found.exact) and self._names_several_rows(label, table):
            # Labels of several rows run together (a PDF's text of a table printed as two
            # tables side by side): no one row's label.
            found = None
            if len(self._cache) < 20000:
                self._cache[key] = found
            return found
        if found is None or not found.exact:
            # A group and a row label in one cell ("（五）不予处理 5.要求行政机关确认……"): the
            # row's own label, exactly, beats the whole cell matched only approximately.
            for tail in _numbered_tails(label) + _bracketed(label):
                part = self._match_row(tail, table)
                if part is not None and (found is None or part.exact):
                    found = RowMatch(part.table, part.row, part.exact, label)
                    break
        if len(self._cache) < 20000:
            self._cache[key] = found
        return found

    def _names_several_rows(self, label: str, table: str | None) -> bool:
        rows = set()
        for tail in _numbered_tails(label) + [label]:
            core = strip_numbering(normalize_label(tail))
            for rcore, _full, tid, rid in self._rows:
                if len(rcore) >= 4 and table in (None, tid) and core.startswith(rcore):
                    rows.add((tid, rid))
                    break
        return len(rows) > 1

    def is_label_start(self, label: str) -> bool:
        """Whether a label is the beginning of a row's label (a label broken over lines)."""
        core = strip_numbering(normalize_label(label))
        return len(core) >= 3 and any(rcore.startswith(core) and rcore != core for rcore, *_ in self._rows)

    @classmethod
    def of(cls, form: Form) -> LabelIndex:
        """The index of a form, built once (a batch reads hundreds of reports of one form)."""
        index = _INDEXES.get(id(form))
        if index is None or index.form is not form:
            index = _INDEXES[id(form)] = cls(form)
        return index

    def _match_row(self, label: str, table: str | None) -> RowMatch | None:
        norm = normalize_label(label)
        core = strip_numbering(norm)
        if not core:
            return None
        hits = [h for h in self._by_core.get(core, []) if table in (None, h[0])]
        if len(hits) == 1:
            return RowMatch(hits[0][0], hits[0][1], True, label)
        hits = [h for h in self._aliases.get(core, ()) if table in (None, h[0])] if not hits else hits
        if len(hits) == 1:
            return RowMatch(hits[0][0], hits[0][1], False, label)
        if len(core) > 200:
            return None  # no label is this long: text run together, not compared character by character
        candidates = []
        for rcore, _full, tid, rid in self._rows:
            if table not in (None, tid) or len(rcore) < 4 or len(core) < 4:
                continue
            if core.startswith(rcore) or rcore.startswith(core) or (len(core) >= 5 and rcore.endswith(core)):
                # its beginning (a label cut short), or its end ("规范性文件" for 行政规范性文件)
                candidates.append((min(len(core), len(rcore)), tid, rid))
        if candidates:
            candidates.sort(reverse=True)
            best = [c for c in candidates if c[0] == candidates[0][0]]
            if len({(t, r) for _, t, r in best}) == 1:
                return RowMatch(best[0][1], best[0][2], False, label)
        if len(core) >= 4:
            scored = []
            for rcore, _full, tid, rid in self._rows:
                if table not in (None, tid) or len(rcore) < 4:
                    continue
                ratio = difflib.SequenceMatcher(None, core, rcore, autojunk=False).ratio()
                scored.append((ratio, tid, rid))
            scored.sort(reverse=True)
            if scored and scored[0][0] >= 0.85 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.05):
                return RowMatch(scored[0][1], scored[0][2], False, label)
        return None

    def part_heading(self, line: str) -> str | None:
        """The part a level-1 heading line (一、总体情况 …) opens, or None."""
        m = _HEADING1.match(line)
        if not m or _SENTENCE_END.search(m.group(2)) or len(m.group(2)) > 30:
            return None
        norm = normalize_label(m.group(2))
        for part in self.form.parts:
            if part.number == m.group(1) and any(normalize_label(k) in norm for k in part.match):
                return part.id
        for part in self.form.parts:
            if any(normalize_label(k) == norm for k in part.match):
                return part.id
        # Worded a little differently ("六、其他需报告的事项", "五、存在的主要问题和改进措施",
        # "六、其他事项"): its number and a heading mostly alike.
        for part in self.form.parts:
            if part.number == m.group(1) and _alike(norm, normalize_label(part.heading)) >= 0.6:
                return part.id
        return None

    def enumerated_heading(self, line: str, part_id: str) -> tuple[str, str] | None:
        """The sub-part a line of the form "一是主动公开……" or "二、依申请公开" opens, and
        the text of the line to keep; or None.

        Only when its number is the sub-part's own and the words before the first
        punctuation name that sub-part alone ("一是加强主动公开，……" does; "二是主动公开……",
        "一是加强组织领导" do not). "一是……" is prose and is kept whole; "二、依申请公开" is a
        heading and only what follows it on the line is kept.
        """
        m = _ENUMERATED.match(line)
        if not m:
            return None
        part = next((p for p in self.form.parts if p.id == part_id), None)
        if part is None or len(part.texts) < 2:
            return None
        number = _CN_DIGITS.index(m.group(1) or m.group(2)) + 1
        if number > len(part.texts):
            return None
        head = re.split(r"[。：:；;，,！!]", m.group(3), maxsplit=1)[0]
        if len(head) > 24:
            return None
        norm = normalize_label(head)
        tid = part.texts[number - 1]
        if any(normalize_label(k) in norm for k in self.form.texts[tid].match):
            # "三是政府信息管理" names only its own sub-part; "一是依申请公开" names another.
            others = [t for t in part.texts if t != tid
                      and any(normalize_label(k) in norm for k in self.form.texts[t].match)]
            if others:
                return None
            if m.group(1):
                return tid, line.strip()
            return tid, m.group(3)[len(head):].lstrip("。：:；;，,！! \u3000")
        return None

    def text_heading(self, line: str, part_id: str) -> tuple[str, str] | None:
        """For a level-2 heading line inside a part, the text id it opens and the rest of the line.

        A heading may be followed on the same line by the first sentence of its text
        ("（一）主动公开。本年……"); the rest is returned so no text is lost.
        """
        m = _HEADING2.match(line)
        arabic = None
        if not m:
            # "1.主动公开" "2、依申请公开": numbered with digits, only when the number is the
            # sub-part's own (a numbered list in the prose is not taken for a heading).
            m = arabic = _HEADING2_ARABIC.match(line)
            if not m:
                return None
        part = next((p for p in self.form.parts if p.id == part_id), None)
        if part is None or len(part.texts) < 2:
            return None
        body = m.group(2)
        head = re.split(r"[。：:；;，,]", body, maxsplit=1)[0]
        if len(head) > 24:
            return None
        norm = normalize_label(head)
        for i, tid in enumerate(part.texts, 1):
            if arabic is not None and int(arabic.group(1)) != i:
                continue
            field = self.form.texts[tid]
            if any(normalize_label(k) in norm for k in field.match):
                rest = body[len(head):].lstrip("。：:；;，, \u3000")
                return tid, rest
        return None
