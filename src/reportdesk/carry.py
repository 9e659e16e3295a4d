"""Start this year's report from last year's: what carries over, and what is offered.

A new report for year Y from the report of Y−1 takes the agency and the texts (marked
carried, so the stale-year check fires until they are rewritten), the carry links of the
form file (上年结转 from last year's 结转下年度, 现行有效件数 as a starting point), and leaves
this year's own numbers blank.
"""

from __future__ import annotations

from .report import CARRIED, Report


def carry_forward(last: Report, *, agency: str | None = None, year: int | None = None) -> Report:
    """A new draft (totals derived) for the year after ``last``."""
    form = last.form
    report = Report(form, agency if agency is not None else last.agency,
                    year if year is not None else (last.year + 1 if last.year else None), derive=True)
    for link in form.carry_cells:
        value = last.values.get(link.source)
        if value is not None and not form.is_computed(link.to):  # totals derive from their addends
            report.set(link.to, value, source=CARRIED)
    if form.carry_texts:
        for text_id, text in last.texts.items():
            if text.strip():
                report.set_text(text_id, text, source=CARRIED)
    return report


def suggestions(report: Report, last: Report | None) -> dict[str, int | float]:
    """Values the cross-year rules expect for single cells, where every addend is known.

    For 现行有效件数 this is last year's 现行有效 + this year's 制发 − 废止 (rule 7); for 上年结转
    last year's 结转下年度 (rule 6). The wizard offers them; nothing is filled in by itself.
    """
    if last is None:
        return {}
    out: dict[str, int | float] = {}
    for rel in report.form.relations:
        if not rel.rule.needs_last_year or len(rel.left) != 1 or rel.left[0].last_year:
            continue
        total = 0
        for term in rel.right:
            v = (last if term.last_year else report).values.get(term.cell)
            if v is None:
                break
            total += term.sign * v
        else:
            out[rel.left[0].cell] = total
    return out
