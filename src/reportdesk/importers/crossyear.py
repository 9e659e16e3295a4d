"""This year's reports against last year's folder: who is who, and what the pair is checked on.

``reportdesk check THIS_YEAR --last-year LAST_YEAR`` (and 批量审阅 with a last-year folder)
matches each report to last year's of the same agency, then runs the cross-year rules (6:
上年结转 = last year's 结转下年度; 7: 现行有效件数 chain; 12: a fivefold change) on the pair.

Agencies are matched by a normalised name (:func:`agency_key`): full-width and compatibility
forms folded (NFKC), the CJK radicals a PDF converter puts for 长/门/马… read as those
characters, spaces and punctuation dropped, 人民政府 read as 政府 (县人民政府办公室 = 县政府办公室).
Nothing else is guessed: two names that still differ — even by one character, 城关镇 and 城西镇 —
are different agencies; such near pairs are only named (``similar``) for a person to look at.
A pair whose years are not consecutive, or an agency with two different reports in last
year's folder, is not compared, and the result says why. No Qt here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..form import Form
from ..report import Report

# CJK radicals (U+2E80 block) that PDF converters emit for whole characters; NFKC leaves them.
_RADICALS = str.maketrans({
    "⺠": "民", "⺟": "母", "⻄": "西", "⻁": "虎", "⻅": "见", "⻆": "角", "⻉": "贝", "⻋": "车",
    "⻓": "长", "⻔": "门", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞",
    "⻝": "食", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟", "⺩": "王",
})
_NOT_NAME = re.compile(r"[\s\W_]+")

SAME, NORMALISED = "same", "normalised"


def agency_key(agency: str) -> str:
    """The name an agency is matched by (see the module's docstring); "" for no name."""
    text = unicodedata.normalize("NFKC", agency or "").translate(_RADICALS)
    text = _NOT_NAME.sub("", text)
    return text.replace("人民政府", "政府")


def cross_year_cells(form: Form) -> tuple[str, ...]:
    """The cells of last year's report that the cross-year rules read (rules 6, 7, 12)."""
    cells: list[str] = []
    for rel in form.relations:
        cells += [t.cell for t in rel.left + rel.right if t.last_year]
    for rule in form.rules:
        if rule.needs_last_year and rule.kind == "ratio":
            cells += list(rule.params["cells"])
    return tuple(dict.fromkeys(cells))


@dataclass
class LastYearReport:
    """What is kept of one report of last year's folder: enough for the cross-year rules."""

    path: Path
    agency: str
    year: int | None
    cells: dict[str, int | float | None]

    def report(self, form: Form) -> Report:
        """A report holding only these cells (the rules read no others of last year's)."""
        report = Report(form, self.agency, self.year, derive=False)
        for cid, value in self.cells.items():
            report.values[cid] = value
        return report


@dataclass
class Match:
    """Last year's report a report was checked against, or why none was."""

    last: LastYearReport | None
    how: str = ""       # SAME or NORMALISED when matched
    note: str = ""      # Chinese: why no comparison was made, or how the names differ

    def to_dict(self) -> dict:
        """For ``check --json``: ``{"file", "agency", "year", "matched"}``."""
        if self.last is None:
            return {"file": None, "note": self.note}
        return {"file": str(self.last.path), "agency": self.last.agency, "year": self.last.year, "matched": self.how}


@dataclass
class LastYearIndex:
    """Last year's folder, by agency key."""

    form: Form
    by_key: dict[str, list[LastYearReport]] = field(default_factory=dict)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)

    def add(self, entry: LastYearReport) -> None:
        """One readable report of last year's folder."""
        self.by_key.setdefault(agency_key(entry.agency), []).append(entry)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_key.values())

    def match(self, agency: str, year: int | None) -> Match:
        """Last year's report of ``agency`` (this year ``year``), or a Match saying why none."""
        key = agency_key(agency)
        if not key:
            return Match(None, note="这份报告没有机关名称，无法与上年报告对照")
        entries = self.by_key.get(key)
        if not entries:
            return Match(None, note="上年文件夹中没有这个机关的报告")
        distinct = {tuple(sorted((c, v) for c, v in e.cells.items())) for e in entries}
        last = entries[0]
        if len(distinct) > 1:
            names = "、".join(f"“{e.path.name}”" for e in entries)
            return Match(None, note=f"上年文件夹中这个机关有{len(entries)}份数字不同的报告（{names}），未对照")
        if year and last.year and last.year != year - 1:
            return Match(None, note=f"上年文件夹中这个机关的报告是{last.year}年的，不是{year - 1}年的，未对照")
        how = SAME if last.agency == agency else NORMALISED
        note = "" if how == SAME else f"与上年的“{last.agency}”按同一机关对照"
        return Match(last, how, note)

    def keys(self) -> dict[str, str]:
        """Each key and the agency's name as last year's (first) report gives it."""
        return {k: v[0].agency for k, v in self.by_key.items()}


class Presence:
    """Which agencies appear in which year: collected while this year's reports are checked."""

    def __init__(self, index: LastYearIndex):
        self.index = index
        self.this_year: dict[str, str] = {}

    def add(self, agency: str) -> None:
        """A readable report of this year."""
        key = agency_key(agency)
        if key:
            self.this_year.setdefault(key, agency)

    def missing_this_year(self) -> list[str]:
        """Agencies with a report last year and none this year (sorted)."""
        return sorted(name for key, name in self.index.keys().items() if key not in self.this_year)

    def missing_last_year(self) -> list[str]:
        """Agencies with a report this year and none last year (sorted)."""
        last = self.index.keys()
        return sorted(name for key, name in self.this_year.items() if key not in last)

    def similar(self) -> list[tuple[str, str]]:
        """(this year's name, last year's name) of the two lists that differ by one character,
        each the other's only such name: perhaps one agency; not compared, named for a person."""
        gone = {agency_key(n): n for n in self.missing_this_year()}
        new = {agency_key(n): n for n in self.missing_last_year()}

        def near(key: str, others: dict[str, str]) -> list[str]:
            return [k for k in others if len(k) == len(key) and sum(a != b for a, b in zip(k, key)) == 1]

        pairs = []
        for key, name in new.items():
            found = near(key, gone)
            if len(found) == 1 and near(found[0], new) == [key]:
                pairs.append((name, gone[found[0]]))
        return pairs

    def to_dict(self) -> dict:
        """The object ``check --json`` prints after the per-file objects (interfaces.md)."""
        return {"missing_this_year": self.missing_this_year(), "missing_last_year": self.missing_last_year(),
                "similar": [{"this_year": a, "last_year": b} for a, b in self.similar()]}
