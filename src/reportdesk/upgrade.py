"""Moving a report to a newer version of its form, by the map the new version carries.

A version of a form file says what changed from the one before (``[changes]``): cells and texts
renamed (the value moves), merged (the new cell holds the sum of the old ones), split (an old
value cannot be divided: it is dropped and the new cells stay blank for the clerk) and removed
(dropped). A row id stands for all the cells of that row. A draft several versions behind goes
through each version in turn. What was dropped is listed, never lost quietly (the draft's
history keeps it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import ReportdeskError
from .form import Form, load_form, newest_version
from .report import Report


class UpgradeError(ReportdeskError):
    """A draft that cannot be moved to the form asked for."""

    exit_code = 1


@dataclass
class Moves:
    """What an upgrade did: ``moved`` old id → new id, ``merged`` new id → old ids, ``dropped``
    old id → the value that has no place any more."""

    moved: dict[str, str] = field(default_factory=dict)
    merged: dict[str, list[str]] = field(default_factory=dict)
    dropped: dict[str, Any] = field(default_factory=dict)
    split: dict[str, list[str]] = field(default_factory=dict)   # a dropped value's cell → the cells that divide it
    steps: list[tuple[int, int]] = field(default_factory=list)   # versions gone through

    def to_dict(self) -> dict[str, Any]:
        """``drafts upgrade --json``: ``{"moved": {old: new}, "dropped": {id: value}}`` (+ merged)."""
        d: dict[str, Any] = {"moved": dict(self.moved), "dropped": dict(self.dropped)}
        if self.merged:
            d["merged"] = {k: list(v) for k, v in self.merged.items()}
        if self.split:
            d["split"] = {k: list(v) for k, v in self.split.items()}
        return d


def path_to(form: Form, target: Form | None = None) -> list[Form]:
    """The forms a report on ``form`` goes through to reach ``target`` (default: the newest
    version the program has), in order; [] when it is there already."""
    if target is None:
        newest = newest_version(form.id)
        if newest <= form.version:
            return []
        steps = [load_form(form.id, v) for v in range(form.version + 1, newest + 1)]
    else:
        if target.id != form.id:
            raise UpgradeError(f"“{target.id}”不是“{form.id}”的新版本，无法升级")
        if target.version <= form.version:
            return []
        steps = [load_form(form.id, v) for v in range(form.version + 1, target.version)] + [target]
    for before, step in zip([form, *steps], steps):
        changes = step.changes or {}
        if changes.get("from_version") != before.version:
            raise UpgradeError(f"格式“{form.id}”第 {step.version} 版没有说明它从第 {before.version} 版改了什么"
                               "（[changes] from_version），无法升级")
    return steps


def upgrade(report: Report, steps: list[Form]) -> tuple[Report, Moves]:
    """``report`` moved through ``steps`` (see :func:`path_to`): a new report on the last form,
    and what moved and what was dropped (ids of the report's own form)."""
    moves = Moves()
    origin: dict[str, str] = {}     # an id now → the id it had in the report given
    for new_form in steps:
        report, step = _one_step(report, new_form)
        for old, new in step.moved.items():
            first = origin.pop(old, old)
            moves.moved[first] = new
            origin[new] = first
        for new, olds in step.merged.items():
            moves.merged[new] = [origin.pop(o, o) for o in olds]
            origin[new] = new
        for old, value in step.dropped.items():
            first = origin.pop(old, old)
            moves.moved.pop(first, None)
            moves.dropped[first] = value
            if old in step.split:
                moves.split[first] = step.split[old]
        moves.steps.append((new_form.changes["from_version"], new_form.version))
    return report, moves


def _one_step(report: Report, new_form: Form) -> tuple[Report, Moves]:
    old_form = report.form
    changes = new_form.changes or {}
    renamed = _expand(changes.get("renamed", {}), old_form, new_form)
    merged = _expand_merged(changes.get("merged", {}), old_form, new_form)
    split = {old: [f"{n}.{old.rpartition('.')[2]}" if old not in (key,) else n for n in news]
             for key, news in changes.get("split", {}).items() for old in _cells_of(key, old_form)}
    removed = {old for key in changes.get("removed", []) for old in _cells_of(key, old_form)}
    new = Report(new_form, report.agency, report.year, derive=report.derive)
    moves = Moves()
    merged_from = {old for olds in merged.values() for old in olds}
    for cid in old_form.cells:
        if old_form.is_computed(cid) and report.derive:
            continue   # totals are derived again on the new form
        value = _value(report, cid)
        if cid in merged_from:
            continue
        if cid in split or cid in removed or (cid not in renamed and cid not in new_form.cells):
            if value is not None:
                moves.dropped[cid] = value
                if cid in split:
                    moves.split[cid] = split[cid]
            continue
        target = renamed.get(cid, cid)
        if target not in new_form.cells:
            if value is not None:
                moves.dropped[cid] = value
            continue
        if value is None:
            continue
        _put(new, target, report, cid)
        if target != cid:
            moves.moved[cid] = target
    for target, olds in merged.items():
        values = [report.values[o] for o in olds if report.values.get(o) is not None]
        bad = [o for o in olds if o in report.invalid]
        for o in bad:
            moves.dropped[o] = report.invalid[o].raw
        if values and not bad:
            new.values[target] = sum(values)
            new.sources[target] = report.sources.get(olds[0], "typed")
            moves.merged[target] = list(olds)
        elif values:
            for o in olds:
                if report.values.get(o) is not None:
                    moves.dropped[o] = report.values[o]
    text_renamed = {k: v for k, v in changes.get("renamed", {}).items() if k in old_form.texts}
    text_removed = {k for k in list(changes.get("removed", [])) + list(changes.get("split", {})) if k in old_form.texts}
    for tid, text in report.texts.items():
        target = text_renamed.get(tid, tid)
        if tid in text_removed or target not in new_form.texts:
            moves.dropped[tid] = text
            continue
        new.texts[target] = text
        if tid in report.text_sources:
            new.text_sources[target] = report.text_sources[tid]
        if target != tid:
            moves.moved[tid] = target
    new.unknown = dict(report.unknown)
    if new.derive:
        new.recompute()
    return new, moves


def _value(report: Report, cid: str) -> Any:
    bad = report.invalid.get(cid)
    return bad.raw if bad is not None else report.values.get(cid)


def _put(new: Report, target: str, old: Report, cid: str) -> None:
    if cid in old.invalid:
        new.invalid[target] = old.invalid[cid]
        new.values[target] = None
    else:
        new.values[target] = old.values[cid]
    if cid in old.sources:
        new.sources[target] = old.sources[cid]


def _cells_of(key: str, form: Form) -> list[str]:
    """A cell id, or a row id (``t3.refused.repeat``) standing for every cell of the row."""
    if key in form.cells:
        return [key]
    return [cid for cid in form.cells if cid.rpartition(".")[0] == key]


def _expand(renamed: dict[str, str], old_form: Form, new_form: Form) -> dict[str, str]:
    out = {}
    for old, new in renamed.items():
        if old in old_form.cells:
            out[old] = new
        else:
            for cid in _cells_of(old, old_form):
                out[cid] = f"{new}.{cid.rpartition('.')[2]}"
    return out


def _expand_merged(merged: dict[str, list[str]], old_form: Form, new_form: Form) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for new, olds in merged.items():
        if new in new_form.cells:
            out[new] = list(olds)
            continue
        for cid in [c for c in new_form.cells if c.rpartition(".")[0] == new]:
            column = cid.rpartition(".")[2]
            if not new_form.is_computed(cid):
                out[cid] = [f"{o}.{column}" for o in olds]
    return out
