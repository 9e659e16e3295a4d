"""A report: agency, year, cell values and texts, each knowing where it came from.

Blank is not zero: a cell that has not been filled holds ``None``. In a *draft* the computed
cells (the 总计 column of table 3, its （七）总计 row, the table-4 总计) are always derived from
their addends; a *published* report read from a file keeps its totals as printed, so the
checker can find a total that does not add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .errors import InvalidValue, RefusedEdit
from .form import Form, load_form
from .values import clean_text, parse_cell

TYPED = "typed"
IMPORTED = "imported"
CARRIED = "carried"
COMPUTED = "computed"
SOURCES = (TYPED, IMPORTED, CARRIED, COMPUTED)

Number = int | float


class Invalid(NamedTuple):
    """A value that was read from a file but is not a valid number for its cell."""

    raw: str
    reason: str


@dataclass
class Change:
    """What one edit changed: the cells (the edited one and the totals it moved) and texts."""

    cells: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.cells or self.texts)


class Report:
    """One yearly report of one agency, under the cell ids of its form."""

    def __init__(self, form: Form | None = None, agency: str = "", year: int | None = None,
                 *, derive: bool = True):
        self.form = form or load_form()
        self.agency = agency
        self.year = year
        self.derive = derive
        self.values: dict[str, Number | None] = dict.fromkeys(self.form.cells)
        self.sources: dict[str, str] = {}
        self.invalid: dict[str, Invalid] = {}
        self.texts: dict[str, str] = {}
        self.text_sources: dict[str, str] = {}
        self.unknown: dict[str, Any] = {}
        # Derived totals some of whose addends are still blank: provisional, so the balance
        # rules wait for them (the blanks themselves are what is missing).
        self.partial: set[str] = set()

    # -- reading

    def get(self, cell_id: str) -> Number | None:
        """The cell's value, ``None`` when blank (or holding an invalid value)."""
        return self.values[cell_id]

    def is_blank(self, cell_id: str) -> bool:
        """Blank: never filled, and not holding an invalid value either."""
        return self.values[cell_id] is None and cell_id not in self.invalid

    def source(self, cell_id: str) -> str | None:
        """Where the value came from: typed, imported, carried or computed; None when blank."""
        return self.sources.get(cell_id)

    def text(self, text_id: str) -> str:
        """A text part; empty when not written."""
        return self.texts.get(text_id, "")

    @property
    def title(self) -> str:
        return self.form.report_title(self.agency, self.year)

    def blank_cells(self) -> list[str]:
        """Cells not yet filled, in reading order."""
        return [c for c in self.form.cells if self.is_blank(c)]

    # -- editing

    def set(self, cell_id: str, value: Any, source: str = TYPED) -> Change:
        """Set one cell from what a person typed (a string) or a number.

        A typed value that is not valid raises :class:`InvalidValue`; a value read from a file
        (``source`` imported) that is not valid is kept as it was and found by rule 5.
        In a draft a computed cell refuses a value (:class:`RefusedEdit`).
        """
        form = self.form
        if cell_id in form.renamed:
            cell_id = form.canonical(cell_id)
        cdef = form.cells.get(cell_id)
        if cdef is None:
            if source == TYPED:
                raise RefusedEdit(f"没有编号为“{cell_id}”的单元格")
            self.unknown[cell_id] = value
            return Change()
        if self.derive and cdef.computed and source != COMPUTED:
            raise RefusedEdit(f"{self.form.cell_name(cell_id)}由程序自动计算，不能直接填写")
        try:
            number = parse_cell(value, cdef.kind)
        except InvalidValue as exc:
            if source == TYPED:
                raise InvalidValue(f"{self.form.cell_name(cell_id)}：{exc.message}") from None
            return self._store_invalid(cell_id, value, exc.message, source)
        return self._store(cell_id, number, source)

    def set_read(self, cell_id: str, digits: str) -> None:
        """Put a number read from a file and printed as digits alone ("0", "12") into its cell,
        as ``set(cell_id, digits, source=IMPORTED)`` does, without the look-ups other input
        needs (a reader puts some 200 a report). ``cell_id`` is the form's own id."""
        if self.derive:   # a draft's computed cells refuse it, its totals follow: the whole way
            self.set(cell_id, digits, source=IMPORTED)
            return
        number = parse_cell(digits, self.form.cells[cell_id].kind)
        self.invalid.pop(cell_id, None)
        self.values[cell_id] = number
        self.sources[cell_id] = IMPORTED

    def set_invalid(self, cell_id: str, raw: str, reason: str, source: str = IMPORTED) -> Change:
        """Keep a value read from a file that is no number for its cell ("x", "²"), with the
        reason rule 5 gives; the cell counts as neither blank nor a number."""
        return self._store_invalid(self.form.canonical(cell_id), raw, reason, source)

    def clear(self, cell_id: str) -> Change:
        """Make a cell blank again."""
        return self.set(cell_id, None)

    def set_text(self, text_id: str, text: str, source: str = TYPED) -> Change:
        """Set one text part; paragraphs are separated by newlines."""
        if text_id not in self.form.texts:
            raise RefusedEdit(f"没有编号为“{text_id}”的文字部分")
        text = clean_text(text)
        if self.texts.get(text_id, "") == text and (not text or self.text_sources.get(text_id) == source):
            return Change()  # the same text from the same source; an empty text has no source
        if text:
            self.texts[text_id] = text
            self.text_sources[text_id] = source
        else:
            self.texts.pop(text_id, None)
            self.text_sources.pop(text_id, None)
        return Change(texts=[text_id])

    def _store(self, cell_id: str, number: Number | None, source: str) -> Change:
        was_invalid = self.invalid.pop(cell_id, None) is not None
        old = self.values[cell_id]
        old_source = self.sources.get(cell_id)
        self.values[cell_id] = number
        if number is None:
            self.sources.pop(cell_id, None)
        else:
            self.sources[cell_id] = source
        changed = [cell_id] if (was_invalid or old != number or type(old) is not type(number)
                                or old_source != self.sources.get(cell_id)) else []
        if changed and self.derive:
            changed += self._refresh(self.form.dependents.get(cell_id, ()))
        return Change(cells=changed)

    def _store_invalid(self, cell_id: str, raw: Any, reason: str, source: str) -> Change:
        self.values[cell_id] = None
        self.invalid[cell_id] = Invalid(str(raw), reason)
        self.sources[cell_id] = source
        changed = [cell_id]
        if self.derive:
            changed += self._refresh(self.form.dependents.get(cell_id, ()))
        return Change(cells=changed)

    def _refresh(self, targets: tuple[str, ...]) -> list[str]:
        changed = []
        values, formulas = self.values, self.form.formulas
        partial = self.partial
        for target in targets:
            total = None
            incomplete = False
            for addend in formulas[target]:
                v = values[addend]
                if v is not None:
                    total = v if total is None else total + v
                if v is None or addend in partial:
                    incomplete = True
            if incomplete:
                partial.add(target)
            else:
                partial.discard(target)
            if total != values[target] or (total is None) != (values[target] is None):
                values[target] = total
                if total is None:
                    self.sources.pop(target, None)
                else:
                    self.sources[target] = COMPUTED
                changed.append(target)
        return changed

    def recompute(self) -> list[str]:
        """Derive every computed cell from its addends (a draft's totals); returns those changed."""
        for cid in self.form.compute_order:
            self.invalid.pop(cid, None)
        changed = self._refresh(self.form.compute_order)
        for cid in self.form.compute_order:  # a printed total that was right is now derived too
            if self.values[cid] is not None:
                self.sources[cid] = COMPUTED
        return changed

    def as_draft(self) -> tuple[Report, list[str]]:
        """A copy whose totals are derived, and the totals whose printed value differed."""
        draft = self.copy()
        draft.derive = True
        before = {cid: (self.values[cid], cid in self.invalid) for cid in self.form.compute_order}
        draft.recompute()
        differed = [cid for cid in self.form.compute_order
                    if before[cid] != (draft.values[cid], False) and (before[cid][0] is not None or before[cid][1])]
        return draft, differed

    def copy(self) -> Report:
        """An independent copy of the report."""
        other = Report(self.form, self.agency, self.year, derive=self.derive)
        other.values = dict(self.values)
        other.sources = dict(self.sources)
        other.invalid = dict(self.invalid)
        other.texts = dict(self.texts)
        other.text_sources = dict(self.text_sources)
        other.unknown = dict(self.unknown)
        other.partial = set(self.partial)
        return other

    def __repr__(self) -> str:
        filled = sum(v is not None for v in self.values.values())
        return f"<Report {self.agency!r} {self.year} {filled}/{len(self.values)} cells>"
