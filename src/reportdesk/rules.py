"""The rule engine: the cross-checks of the form file run over a report.

A :class:`Finding` carries the rule id, severity, the cells involved, expected, actual and
difference, and a Chinese message naming rows and columns as printed. Every rule's text and
parameters come from the form file; this module only knows the kinds of rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Any, Callable, Iterable

from .form import AMOUNT, Form, Relation, Rule
from .report import CARRIED, Report
from .values import cn_number, format_value

ERROR = "error"
WARNING = "warning"


@dataclass
class Finding:
    """One broken rule in one place of a report."""

    rule: str
    severity: str
    cells: list[str]
    message: str
    expected: Any = None
    actual: Any = None
    difference: Any = None
    name: str = ""
    texts: list[str] = field(default_factory=list)
    acknowledged: str = ""   # a warning the clerk marked 已核实, with the reason given

    @property
    def key(self) -> str:
        """What identifies this finding across edits (its rule and place, not its figures)."""
        return f"{self.rule}|{','.join(self.cells)}|{','.join(self.texts)}"

    def to_dict(self) -> dict[str, Any]:
        """The finding as in interfaces.md (plus ``name``, ``texts`` when prose is involved, and
        ``acknowledged`` for a warning marked 已核实)."""
        d = {"rule": self.rule, "severity": self.severity, "cells": list(self.cells), "message": self.message,
             "expected": self.expected, "actual": self.actual, "difference": self.difference}
        if self.name:
            d["name"] = self.name
        if self.texts:
            d["texts"] = list(self.texts)
        if self.acknowledged:
            d["acknowledged"] = self.acknowledged
        return d

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return format_value(value, AMOUNT)
    return str(value)


def _clean(value: Any) -> Any:
    """Whole floats become ints so that JSON shows 5, not 5.0; amounts are rounded."""
    if isinstance(value, float):
        value = round(value, 6)
        if value.is_integer():
            return int(value)
    return value


class Checker:
    """Runs every rule of a form over reports. Build once per form (see :func:`checker_for`)."""

    def __init__(self, form: Form):
        self.form = form
        self._kinds: dict[str, Callable[..., Iterable[Finding]]] = {
            "balance": self._balance, "values": self._values, "prose_numbers": self._prose_numbers,
            "stale_year": self._stale_year, "threshold": self._threshold, "text_mentions": self._text_mentions,
            "ratio": self._ratio, "unknown_cells": self._unknown_cells, "texts_present": self._texts_present,
            "silent_problems": self._silent_problems,
        }
        self._relations: dict[str, list[Relation]] = {}
        for rel in form.relations:
            self._relations.setdefault(rel.rule.id, []).append(rel)
        self._patterns = {
            r.id: [(re.compile(p["regex"]), p) for p in r.params.get("patterns", [])] for r in form.rules
        }
        self._rows_by_table = self._blank_groups()
        self._thresholds: dict[str, list[tuple[str, float]]] = {}

    def check(self, report: Report, last_year: Report | None = None, *, complete: bool = True) -> list[Finding]:
        """Every finding of the report, errors first, in the order of the rules.

        ``complete``: the report should be finished (a published report, a draft being
        exported), so blank cells and missing texts are findings. While a draft is being filled
        in they are not.
        """
        findings: list[Finding] = []
        for rule in self.form.rules:
            if rule.needs_last_year and last_year is None:
                continue
            findings.extend(self._kinds[rule.kind](rule, report, last_year, complete))
        findings.sort(key=lambda f: f.severity != ERROR)
        return findings

    # -- balance: sum(left) == sum(right), for rules 1-4, 6, 7

    def _balance(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        values = report.values
        last_values = last.values if last is not None else None
        partial = report.partial
        message = rule.params["message"]
        for rel in self._relations.get(rule.id, ()):
            sums = relation_sums(rel, values, last_values, partial)
            if sums is None:
                continue
            left, right = sums
            if abs(left - right) > 1e-9:
                diff = _clean(left - right)
                yield Finding(rule.id, rule.severity, rel.cells,
                              message.format(left=_fmt(_clean(left)), right=_fmt(_clean(right)),
                                             difference=_fmt(abs(diff)), **rel.names),
                              expected=_clean(right), actual=_clean(left), difference=diff, name=rule.name)

    # -- values: rule 5

    def _blank_groups(self) -> list[tuple[str, str, list[str]]]:
        groups = []
        for table in self.form.tables.values():
            for block in table.blocks:
                for row in block.rows:
                    ids = [table.cell_id(row.id, c.id) for c in block.columns]
                    groups.append((table.short_name, row.name, ids))
        return groups

    def _values(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        p = rule.params
        form = self.form
        for cid, bad in report.invalid.items():
            cdef = form.cells[cid]
            yield Finding(rule.id, rule.severity, [cid],
                          p["message_invalid"].format(table=form.tables[cdef.table].short_name,
                                                      row_name=cdef.row.name, col_name=cdef.column.name,
                                                      raw=bad.raw, reason=bad.reason),
                          actual=bad.raw, name=rule.name)
        if not complete:
            return
        values, invalid = report.values, report.invalid
        for table_name, row_name, ids in self._rows_by_table:
            blank = [c for c in ids if values[c] is None and c not in invalid]
            if not blank:
                continue
            if len(ids) == 1:
                cols = ""
            elif len(blank) == len(ids):
                cols = "整行"
            else:
                cols = "「" + "」「".join(form.cells[c].column.name for c in blank) + "」"
            yield Finding(rule.id, rule.severity, blank,
                          p["message_blank"].format(table=table_name, row_name=row_name, cols=cols),
                          name=rule.name)

    # -- prose: rules 8, 9, 11, 14

    def _prose_numbers(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        values = report.values
        for text_id, text in report.texts.items():
            for index, said, quote in self._quoted_numbers(rule.id, text):
                pat = self._patterns[rule.id][index][1]
                cells = pat["cells"]
                if any(values[c] is None for c in cells):
                    continue
                expected = sum(values[c] for c in cells)
                if said == expected or any(said == sum(values[c] or 0 for c in alt) for alt in pat.get("alternatives", [])):
                    continue
                yield Finding(rule.id, rule.severity, list(cells),
                              rule.params["message"].format(text=self._text_heading(text_id), quote=quote,
                                                            what=pat["what"], expected=_fmt(_clean(expected))),
                              expected=_clean(expected), actual=said, difference=_clean(said - expected),
                              name=rule.name, texts=[text_id])

    @lru_cache(maxsize=256)
    def _quoted_numbers(self, rule_id: str, text: str) -> tuple[tuple[int, int, str], ...]:
        """The numbers a text states, by pattern: (pattern index, number, quote). Cached: the
        texts rarely change while the numbers are typed."""
        found = []
        for index, (regex, pat) in enumerate(self._patterns[rule_id]):
            for m in regex.finditer(text):
                said = pat["value"] if pat.get("value") is not None else cn_number(m.group("number"))
                if said is not None:
                    found.append((index, said, m.group(0).strip()))
        return tuple(found)

    def _stale_year(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        if not report.year:
            return
        p = rule.params
        regex = _stale_year_regex(report.year - 1)
        before = tuple(p.get("allowed_before", ()))
        after = tuple(p.get("allowed_after", ()))
        for text_id, text in report.texts.items():
            heading = self._text_heading(text_id)
            if report.text_sources.get(text_id) == CARRIED:
                yield Finding(rule.id, rule.severity, [], p["message_carried"].format(text=heading),
                              name=rule.name, texts=[text_id])
                continue
            last_text = last.text(text_id) if last is not None else ""
            same = _same_facts(text, last_text) if last_text and p.get("message_same_facts") else ()
            if same:   # edited, but still last year's numbers and years: not rewritten
                quoted = "”“".join(same[:3])
                yield Finding(rule.id, rule.severity, [], p["message_same_facts"].format(text=heading, numbers=quoted),
                              name=rule.name, texts=[text_id])
                continue
            quote = _stale_quote(regex, text, before, after)
            if quote:  # one finding per text is enough to send the clerk there
                yield Finding(rule.id, rule.severity, [],
                              p["message"].format(text=heading, quote=quote, year=report.year),
                              expected=report.year, actual=report.year - 1, name=rule.name, texts=[text_id])

    def _text_mentions(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        p = rule.params
        for text_id in p["texts"]:
            text = report.text(text_id)
            if not text and not complete:
                continue
            if not any(word in text for word in p["any_of"]):
                yield Finding(rule.id, rule.severity, [], p["message"], name=rule.name, texts=[text_id])

    def _texts_present(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        if not complete:
            return
        for part in self.form.parts:
            if not part.texts or (part.whole and report.text(part.whole).strip()):
                continue
            for text_id in part.texts:
                if not report.text(text_id).strip():
                    heading = self.form.texts[text_id].heading
                    if part.whole:
                        heading = f"{part.title}·{heading}"
                    yield Finding(rule.id, rule.severity, [], rule.params["message"].format(heading=heading),
                                  name=rule.name, texts=[text_id])

    def _silent_problems(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        """Rule 16: part 五 says nothing (empty, “无”, “暂无”) while table 4 has decisions
        corrected or 一、总体情况 names shortcomings of the agency's own."""
        p = rule.params
        text = report.text(p["text"])
        said = re.sub(r"[\s\W_]+", "", text)
        if said not in p["nothing"] or (not text.strip() and not complete):
            return
        why, cells = [], []
        corrected = [c for c in p["cells"] if report.values[c]]
        if corrected:
            why.append(p["cells_what"].format(count=_fmt(_clean(sum(report.values[c] for c in corrected)))))
            cells = corrected
        for text_id in p["texts"]:
            quote = next((w for w in p["words"] if w in report.text(text_id)), None)
            if quote:
                why.append(p["words_what"].format(heading=self.form.texts[text_id].heading, quote=quote))
                break
        if why:
            yield Finding(rule.id, rule.severity, cells,
                          p["message"].format(said=f"写的是“{text.strip()}”" if text.strip() else "没有内容",
                                              why="，".join(why)),
                          name=rule.name, texts=[p["text"]])

    def _text_heading(self, text_id: str) -> str:
        t = self.form.texts.get(text_id)
        return f"“{t.heading}”" if t else f"“{text_id}”"

    # -- single-cell plausibility: rules 10, 12, 13

    def _threshold(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        p = rule.params
        form = self.form
        for cid, at_least in self._threshold_cells(rule):
            v = report.values[cid]
            if v is not None and v >= at_least:
                cdef = form.cells[cid]
                yield Finding(rule.id, rule.severity, [cid],
                              p["message"].format(actual=_fmt(_clean(v)), yuan=_fmt(_clean(v * 10000)),
                                                  cell=form.cell_name(cid), table=form.tables[cdef.table].short_name,
                                                  row_name=cdef.row.name, col_name=cdef.column.name),
                              expected=f"< {at_least}", actual=_clean(v), name=rule.name)

    def _threshold_cells(self, rule: Rule) -> list[tuple[str, float]]:
        """(cell, bound) of a threshold rule: the cells it names with one bound, or with
        ``at_least`` a table → bound map, every typed count of those tables (amounts have rule 10)."""
        found = self._thresholds.get(rule.id)
        if found is None:
            p = rule.params
            if isinstance(p["at_least"], dict):
                found = [(cid, p["at_least"][c.table]) for cid, c in self.form.cells.items()
                         if c.table in p["at_least"] and c.kind != AMOUNT and not self.form.is_computed(cid)]
            else:
                found = [(cid, p["at_least"]) for cid in p["cells"]]
            self._thresholds[rule.id] = found
        return found

    def _ratio(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        p = rule.params
        factor, floor = p["factor"], p.get("at_least", 0)
        for cid in p["cells"]:
            now, before = report.values[cid], last.values[cid]
            if now is None or before is None or max(now, before) < floor:
                continue
            low, high = min(now, before), max(now, before)
            if low == 0 or high / low > factor:
                cdef = self.form.cells[cid]
                yield Finding(rule.id, rule.severity, [cid],
                              p["message"].format(row_name=cdef.row.name, actual=_fmt(now), expected=_fmt(before),
                                                  factor=factor),
                              expected=_clean(before), actual=_clean(now), difference=_clean(now - before),
                              name=rule.name)

    def _unknown_cells(self, rule: Rule, report: Report, last: Report | None, complete: bool) -> Iterable[Finding]:
        for cid, value in report.unknown.items():
            yield Finding(rule.id, rule.severity, [cid], rule.params["message"].format(cell=cid, actual=value),
                          actual=value, name=rule.name)


def relation_sums(rel: Relation, values: dict, last_values: dict | None, partial: set[str]) -> tuple | None:
    """The two sums of a balance relation, or None when it is not checked yet: a blank or
    invalid cell (rule 5 says so), a provisional total (its blank addends are what is missing),
    last year's value without last year's report."""
    if partial and any(t.cell in partial for t in rel.left + rel.right if not t.last_year):
        return None
    sums = []
    for side in (rel.left, rel.right):
        total = 0
        for term in side:
            source = last_values if term.last_year else values
            v = source[term.cell] if source is not None else None
            if v is None:
                return None
            total += term.sign * v
        sums.append(total)
    return sums[0], sums[1]


_FACT = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:年|月|日|件|个|条|篇|次|项|人次|人|万元|元|%|％)?")


@lru_cache(maxsize=256)
def _same_facts(text: str, last: str) -> tuple[str, ...]:
    """Last year's numbers and years, when an edited text still has exactly those (in the same
    order) and is still mostly last year's wording: the quoted facts; else ().

    A carried text is not rewritten by a one-character edit: while it still says last year's
    “179篇” and “57个” it is last year's report. A text whose facts were all rewritten, or that
    says no number at all (nothing to judge by), counts as rewritten."""
    facts = [unicodedata.normalize("NFKC", m.group(0)).replace(" ", "") for m in _FACT.finditer(last)]
    if not facts:
        return ()
    if [unicodedata.normalize("NFKC", m.group(0)).replace(" ", "") for m in _FACT.finditer(text)] != facts:
        return ()
    # a wholly new text that happens to repeat the same figures is a rewrite
    matcher = SequenceMatcher(None, text, last, autojunk=False)
    if (matcher.ratio() if len(text) + len(last) < 6000 else matcher.quick_ratio()) < 0.6:
        return ()
    return tuple(dict.fromkeys(facts))


@lru_cache(maxsize=256)
def _stale_quote(regex: re.Pattern[str], text: str, before: tuple[str, ...], after: tuple[str, ...]) -> str:
    """The first mention of last year that is not a deliberate comparison, with context."""
    for m in regex.finditer(text):
        head = text[max(0, m.start() - 4): m.start()].rstrip()
        tail = text[m.end(): m.end() + 16].lstrip()
        if head.endswith(before) or tail.startswith(after):
            continue
        return text[max(0, m.start() - 6): m.end() + 8].replace("\n", " ").strip()
    return ""


@cache
def _stale_year_regex(year: int) -> re.Pattern[str]:
    digits = "〇一二三四五六七八九"
    chinese = "".join(digits[int(d)] for d in str(year))
    return re.compile(rf"(?<![0-9０-９])(?:{year}|{chinese}|{''.join(chr(0xFF10 + int(d)) for d in str(year))})\s*年")


@cache
def checker_for(form: Form) -> Checker:
    """The (cached) checker of a form."""
    return Checker(form)


def check(report: Report, last_year: Report | None = None, *, complete: bool = True) -> list[Finding]:
    """All findings of a report (see :meth:`Checker.check`)."""
    return checker_for(report.form).check(report, last_year, complete=complete)


def acknowledge(findings: Iterable[Finding], reasons: dict[str, str]) -> list[Finding]:
    """The findings, each warning the clerk marked 已核实 carrying its reason (errors never)."""
    out = list(findings)
    for f in out:
        if f.severity == WARNING and f.key in reasons:
            f.acknowledged = reasons[f.key]
    return out


def verified_name(form, key: str) -> str:
    """What a 已核实 mark (a finding's :attr:`Finding.key`) is about, for people:
    “规则15「数字大得异常」（表四「行政复议」「尚未审结」）”."""
    rule_id, _, rest = key.partition("|")
    cells, _, texts = rest.partition("|")
    rule = next((r for r in form.rules if r.id == rule_id), None)
    name = f"规则{rule_id}" + (f"「{rule.name}」" if rule is not None and rule.name else "")
    places = [form.cell_name(c) if c in form.cells else c for c in cells.split(",") if c]
    places += [f"「{form.texts[t].heading}」" if t in form.texts else t for t in texts.split(",") if t]
    return name + (f"（{'、'.join(places)}）" if places else "")


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (not only warnings)."""
    return any(f.severity == ERROR for f in findings)
