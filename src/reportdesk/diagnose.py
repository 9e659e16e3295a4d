"""Which one cell, changed, would make every broken balance hold: the likely mistake.

One wrong number breaks several relations at once — 四、结转下年度继续办理「商业企业」typed as 2
instead of 1 breaks rule 1 in the 商业企业 column and, through the computed 总计, in the 总计
column — and each message alone reads as if something else were wrong. Every balance
relation is linear in the cells, so for each cell it is simple arithmetic to find the one
value that would make all the broken relations of a group hold at once, and to check that no
relation that holds now would break. When such a cell exists the wizard says so first
(“很可能是「四、结转下年度继续办理」「商业企业」填错了：改为1后各项平衡”) and shows the errors
it explains under it.

In a draft the totals are computed from their addends, so a change to an addend moves its
totals too (the relations are expanded through the form's formulas); in a published report
the totals are cells as printed and are suspects like any other. Usually several cells of a
column could each make a rule-1 column balance; then the cell the clerk changed last comes
first (``recent``), and the message says that other cells would do too.

No Qt here: the findings panel, the check page and the 校验单 use it alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Iterable

from .form import AMOUNT, Form, Relation
from .report import Report
from .rules import ERROR, Finding, relation_sums
from .values import format_value

TOLERANCE = 1e-6
# At most this many alternatives are named in a message (the rest are counted).
NAMED = 2


@dataclass(frozen=True)
class Suspect:
    """A cell that, holding ``value`` instead of ``current``, balances a group of relations."""

    cell: str
    current: int | float
    value: int | float


@dataclass
class Diagnosis:
    """The errors that one wrong cell explains, and the cells that could be it (likeliest first)."""

    suspects: list[Suspect]
    findings: list[Finding] = field(default_factory=list)
    message: str = ""        # with the table's name, for the whole report (检查与导出, 校验单)
    short: str = ""          # without it, on the table's own page
    recent: bool = False     # the first suspect is a cell the clerk has just changed

    @property
    def cell(self) -> str:
        return self.suspects[0].cell

    @property
    def table(self) -> str:
        return self.cell.split(".", 1)[0]


def diagnose(report: Report, findings: Iterable[Finding], last_year: Report | None = None,
             recent: Iterable[str] = ()) -> list[Diagnosis]:
    """For each group of broken balance relations (errors), the single cells that would fix
    the whole group. Groups no single cell can fix get no diagnosis. ``recent``: cells the
    clerk changed, most recent first (they are the likeliest suspects)."""
    form = report.form
    coefficients = _coefficients(form, report.derive)
    values = report.values
    last_values = last_year.values if last_year is not None else None
    errors = {(f.rule, tuple(f.cells)): f for f in findings if f.severity == ERROR}
    residual: dict[int, float] = {}      # every relation checked now: left − right
    broken: list[int] = []
    for i, rel in enumerate(form.relations):
        if rel.rule.kind != "balance":
            continue
        sums = relation_sums(rel, values, last_values, report.partial)
        if sums is None:
            continue
        residual[i] = sums[0] - sums[1]
        if abs(residual[i]) > TOLERANCE and (rel.rule.id, tuple(rel.cells)) in errors:
            broken.append(i)
    recent = [c for c in dict.fromkeys(recent) if c in form.cells]
    order = {cid: n for n, cid in enumerate(form.cells)}
    rank = {cid: n for n, cid in enumerate(recent)}
    out = []
    for group in _groups(broken, coefficients):
        suspects = _suspects(form, values, group, residual, coefficients)
        if not suspects:
            continue
        suspects.sort(key=lambda s: (rank.get(s.cell, len(rank)), order[s.cell]))
        explained = [errors[(form.relations[i].rule.id, tuple(form.relations[i].cells))] for i in sorted(group)]
        diagnosis = Diagnosis(suspects, explained, recent=suspects[0].cell in rank)
        diagnosis.message, diagnosis.short = _messages(form, diagnosis)
        out.append(diagnosis)
    out.sort(key=lambda d: order[d.cell])
    return out


def _groups(broken: list[int], coefficients: dict[int, dict[str, float]]) -> list[set[int]]:
    """Broken relations that share a cell belong together (one mistake can break them all)."""
    groups: list[tuple[set[int], set[str]]] = []
    for i in broken:
        cells = set(coefficients[i])
        joined = [g for g in groups if g[1] & cells]
        group, members = {i}, set(cells)
        for g in joined:
            group |= g[0]
            members |= g[1]
            groups.remove(g)
        groups.append((group, members))
    return [g for g, _ in groups]


def _suspects(form: Form, values: dict, group: set[int], residual: dict[int, float],
              coefficients: dict[int, dict[str, float]]) -> list[Suspect]:
    candidates = set.intersection(*(set(coefficients[i]) for i in group))
    out = []
    for cid in candidates:
        current = values[cid]
        if current is None:
            continue
        shifts = {-residual[i] / coefficients[i][cid] for i in group}
        shift = next(iter(shifts))
        if max(shifts) - min(shifts) > TOLERANCE or abs(shift) <= TOLERANCE:
            continue
        # nothing that holds now may break
        if any(abs(residual[j] + a * shift) > TOLERANCE for j in residual if j not in group
               for a in (coefficients[j].get(cid, 0),) if a):
            continue
        value = current + shift
        kind = form.cells[cid].kind
        if value < -TOLERANCE:
            continue
        if kind != AMOUNT:
            if abs(value - round(value)) > TOLERANCE:
                continue
            value = int(round(value))
        else:
            value = round(value, 4)
        out.append(Suspect(cid, current, value))
    return out


@cache
def _coefficients(form: Form, derive: bool) -> dict[int, dict[str, float]]:
    """For each balance relation, how much left − right moves per unit of each cell a person
    fills in (in a draft, computed totals expanded into their addends)."""
    out = {}
    for i, rel in enumerate(form.relations):
        if rel.rule.kind != "balance":
            continue
        coef: dict[str, float] = {}
        for side, sign in ((rel.left, 1), (rel.right, -1)):
            for term in side:
                if not term.last_year:
                    _add(form, derive, term.cell, sign * term.sign, coef)
        out[i] = {c: a for c, a in coef.items() if abs(a) > TOLERANCE}
    return out


def _add(form: Form, derive: bool, cid: str, weight: float, coef: dict[str, float]) -> None:
    if derive and cid in form.formulas:
        for addend in form.formulas[cid]:
            _add(form, derive, addend, weight, coef)
    else:
        coef[cid] = coef.get(cid, 0) + weight


def place_name(form: Form, cid: str, table: bool = True) -> str:
    """「四、结转下年度继续办理」「商业企业」, with the table's name in front when ``table``."""
    name = form.cell_name(cid)
    return name if table else name[len(form.tables[form.cells[cid].table].short_name):]


def _messages(form: Form, d: Diagnosis) -> tuple[str, str]:
    """(with the table's name, without): the likely mistake in one sentence."""
    def said(s: Suspect, table: bool) -> str:
        return f"{place_name(form, s.cell, table)}改为{format_value(s.value, form.cells[s.cell].kind)}"

    def text(table: bool) -> str:
        first, others = d.suspects[0], d.suspects[1:]
        value = format_value(first.value, form.cells[first.cell].kind)
        where = place_name(form, first.cell, table)
        if not others:
            return f"很可能是{where}填错了：改为{value}后各项平衡"
        named = "，或".join(said(s, table) for s in others[:NAMED])
        more = f"等{len(others)}处中的一处" if len(others) > NAMED else ""
        if d.recent:
            return (f"很可能是刚填写的{where}填错了：改为{value}后各项平衡"
                    f"（只改另一个格子也能平衡：{named}{more}；请对照原始记录核实）")
        return (f"可能是一个格子填错了：{said(first, table)}，或{named}{more}，都能使各项平衡；"
                "请对照原始记录核实")

    return text(True), text(False)


__all__ = ["Diagnosis", "Suspect", "diagnose", "place_name"]
