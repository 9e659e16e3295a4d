"""Every change to a draft, as one Qt-free operation: the wizard and the command line alike.

An operation (:meth:`DraftEditor.set_cells`, ``set_text``, ``set_info``, ``undo``, ``redo``,
``revert``, ``mark_final``, ``reopen``) parses what was typed once, changes the editor's own
report in memory, saves the cells, texts and history rows in one transaction
(:meth:`DraftStore.write`), re-runs the rules, and returns a :class:`ChangeSet`: the cells,
texts, marks, findings and step states it changed. The window repaints from that set alone;
``reportdesk drafts set`` prints it.

Undo and redo are operations over the saved history — one engine, the same after a restart,
the same for Ctrl+Z and ``reportdesk drafts undo``. Keystrokes in one cell editor, or typing in
one text within two seconds, join one undo step (one history batch).

The editor holds the only copy of the draft in the program; when another program saved the
draft since it was read (the store's revision tells), the operation reads it again first and
says so (``ChangeSet.reloaded``), so an edit is never made over a stale copy.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from . import carry
from .errors import InvalidValue, RefusedEdit, ReportdeskError
from .report import TYPED, Report
from .rules import WARNING, Finding, acknowledge, check
from .steps import StepState, build_steps, cell_marks, step_states
from .store.errors import Conflict, LogLost
from .store.records import DRAFT, FINAL, Write
from .store.drafts import cell_rows, clean_agency, parse_year, text_rows
from .values import parse_cell

# Typing in one text with pauses shorter than this is one undo step.
MERGE_SECONDS = 2.0
# How often an operation is tried again when other programs keep saving the same draft.
CONFLICT_RETRIES = 5
SETTABLE_SOURCES = ("typed", "imported", "carried")


@dataclass(eq=False)   # never compared: each method generated costs start-up time (form.py)
class ChangeSet:
    """What one operation changed, for the views to repaint and the command line to print."""

    cells: set[str] = field(default_factory=set)       # values changed (edited cells and the totals they moved)
    texts: set[str] = field(default_factory=set)
    info: bool = False                                 # agency or year
    status: bool = False                               # final / reopened
    marks: set[str] = field(default_factory=set)       # cells whose error/warning mark changed
    added: list[Finding] = field(default_factory=list)
    removed: list[Finding] = field(default_factory=list)
    steps: set[str] = field(default_factory=set)       # wizard steps whose state changed
    reloaded: bool = False                             # the draft had changed outside: read again
    by_undo: bool = False                              # undo, redo or revert (views may show where)
    saved: str = ""                                    # when it was saved (local ISO time)
    acks: dict[str, str] = field(default_factory=dict)  # 已核实 marks set (reason) or taken back ("")

    @property
    def findings(self) -> bool:
        """Whether the list of findings changed."""
        return bool(self.added or self.removed)

    def touched(self) -> set[str]:
        """Cells to repaint: changed values and changed marks."""
        return self.cells | self.marks

    def __bool__(self) -> bool:
        return bool(self.cells or self.texts or self.info or self.status or self.reloaded or self.acks)


class DraftEditor:
    """One draft opened for editing: its report, findings and marks, changed only by operations.

    ``live=False`` (the command line) skips re-running the rules after each operation.
    """

    def __init__(self, store, draft_id: int, *, live: bool = True):
        self.store = store
        self.draft_id = draft_id
        self.live = live
        self.findings: list[Finding] = []
        self.marks: dict[str, str] = {}
        self.suggestions: dict[str, Any] = {}
        self.step_states: dict[str, StepState] = {}
        self.can_undo = self.can_redo = False
        self._merge: tuple[Any, int | None, int, float] | None = None  # key, batch, revision, time
        self._load()
        self._recheck()
        self._undo_state()

    # -- reading

    @property
    def read_only(self) -> bool:
        """Final, or a database that cannot be written: no operation but reopen is possible."""
        return self.info.status == FINAL or bool(self.store.read_only)

    @property
    def read_only_reason(self) -> str:
        if self.store.read_only:
            return self.store.read_only
        return "这份报告已定稿，只能查看；要修改请先“重新打开编辑”" if self.info.status == FINAL else ""

    def findings_complete(self) -> list[Finding]:
        """Every finding as if the report were finished (blanks and missing texts count), each
        warning marked 已核实 carrying its reason."""
        return acknowledge(check(self.report, self.last_year, complete=True), self.acks)

    def parse(self, cell_id: str, text: Any) -> Any:
        """The number a typed text means for a cell; InvalidValue naming the cell if it means none."""
        try:
            return parse_cell(text, self.form.cells[cell_id].kind)
        except InvalidValue as exc:
            raise InvalidValue(f"{self.form.cell_name(cell_id)}：{exc.message}") from None

    def refresh(self) -> ChangeSet | None:
        """Read the draft again if another program saved it; the change set says what to repaint."""
        if self.store.revision(self.draft_id) == self.revision:
            return None
        return self._reloaded()

    # -- operations

    def set_cells(self, values: Mapping[str, Any], *, source: str = TYPED, merge: Any = None) -> ChangeSet:
        """Set cells to what was typed (text, numbers, None for blank): all saved, or none.

        A value that is not a number for its cell raises :class:`InvalidValue` naming the cell;
        a computed or unknown cell, or a final draft, :class:`RefusedEdit`; nothing changes then.
        ``merge``: keystrokes of one cell editor share a key and are one undo step.
        """
        if source not in SETTABLE_SOURCES:
            raise RefusedEdit(f"不能以“{source}”的来源填写单元格")
        self._refuse_if_read_only()
        numbers: dict[str, Any] = {}
        for cell_id, raw in values.items():
            cid = self.form.canonical(cell_id)
            if cid not in self.form.cells:
                raise RefusedEdit(f"没有编号为“{cell_id}”的单元格")
            if self.form.is_computed(cid):
                raise RefusedEdit(f"{self.form.cell_name(cid)}由程序自动计算，不能直接填写")
            # what a person typed is parsed here, once; a value from a file or from last year is
            # kept as it was, even when it is not a number (rule 5 then names it)
            numbers[cid] = self.parse(cid, raw) if source == TYPED else raw

        def build(report: Report, touched: set[str]) -> Write | None:
            write = Write()
            for cid, number in numbers.items():
                _set_cell(report, write, touched, cid, number, source)
            return write if write.history else None

        return self._run(build, merge=("cells", merge) if merge is not None else None)

    def set_text(self, text_id: str, text: str, *, source: str = TYPED) -> ChangeSet:
        """Set one text part (paragraphs separated by newlines); typing in the same text within
        two seconds of the last save is one undo step."""
        if source not in SETTABLE_SOURCES:
            raise RefusedEdit(f"不能以“{source}”的来源填写文字")
        if text_id not in self.form.texts:
            raise RefusedEdit(f"没有编号为“{text_id}”的文字部分")
        self._refuse_if_read_only()

        def build(report: Report, touched: set[str]) -> Write | None:
            write = Write()
            _set_text(report, write, text_id, text if text is not None else "", source)
            return write if write.history else None

        return self._run(build, merge=("text", text_id), merge_seconds=MERGE_SECONDS)

    def set_info(self, agency: str | None = None, year: Any = None) -> ChangeSet:
        """The draft's agency and/or year (its title); one per agency and year (DraftExists)."""
        self._refuse_if_read_only()

        def build(report: Report, touched: set[str]) -> Write | None:
            new_agency = clean_agency(agency) if agency is not None else report.agency
            new_year = parse_year(year) if year is not None else report.year
            write = Write()
            _set_info(report, write, new_agency, new_year)
            return write if write.history else None

        return self._run(build)

    def acknowledge(self, finding: Finding | str, reason: str) -> ChangeSet:
        """Mark a warning 已核实 with a short reason (it stops nagging; the 校验单 prints 已核实（理由））;
        an empty reason takes the mark back. Recorded in the history, undoable. Errors cannot be."""
        if isinstance(finding, Finding):
            if finding.severity != WARNING:
                raise RefusedEdit("错误不能标为已核实，只能改正")
            key = finding.key
        else:
            key = finding
        reason = " ".join((reason or "").split())
        if len(reason) > 200:
            raise InvalidValue("理由请写得简短一些（200字以内）")
        self._refuse_if_read_only()

        def build(report: Report, touched: set[str]) -> Write | None:
            old = self.acks.get(key, "")
            if old == reason:
                return None
            _set_ack(self.acks, write := Write(), key, reason)
            return write

        return self._run(build)

    def mark_final(self) -> ChangeSet:
        """The draft becomes final: read-only until reopened (recorded in history)."""
        return self._set_status(FINAL)

    def reopen(self) -> ChangeSet:
        """A final draft becomes editable again (recorded in history)."""
        return self._set_status(DRAFT)

    def upgrade(self, target=None) -> tuple[ChangeSet, Any] | None:
        """Move the draft to a newer version of its form (``target``, a Form, or the newest the
        program has). Every cell and text moved and every value dropped is in the returned
        :class:`reportdesk.upgrade.Moves`; the dropped values stay in the history. None when the
        draft is on that version already. Not undoable: an upgrade is a change of format."""
        from .upgrade import path_to, upgrade

        self._refuse_if_read_only()
        steps = path_to(self.form, target)
        if not steps:
            return None
        if target is not None and target.source is not None:
            from .form import keep_form_file, shipped_versions

            if shipped_versions(target.id).get(target.version) != target.source:
                keep_form_file(target, self.store.forms_folder)   # the draft must open again on it
        found: list = []

        def build(report: Report, touched: set[str]) -> Write | None:
            new, moves = upgrade(report, steps)
            found[:] = [moves]
            new_form = new.form
            write = Write(action="upgrade", form=(new_form.id, new_form.version))
            old_ids = [c for c in report.form.cells if not report.form.is_computed(c)
                       and (report.values.get(c) is not None or c in report.invalid)]
            gone = [c for c in old_ids if c not in new_form.cells or c in moves.moved or c in moves.dropped]
            write.cells += [(c, None, None, TYPED) for c in gone]
            write.history += [("cell", c, _state(report, c), report.sources.get(c), None, None) for c in gone]
            arrived = [c for c in new_form.cells if not new_form.is_computed(c)
                       and (new.values.get(c) is not None or c in new.invalid)
                       and (c in moves.moved.values() or c in moves.merged or c not in report.form.cells)]
            write.cells += cell_rows(new, arrived)
            write.history += [("cell", c, None, None, _state(new, c), new.sources.get(c)) for c in arrived]
            texts_gone = [t for t in report.texts if t in moves.moved or t in moves.dropped]
            write.texts += [(t, "", TYPED) for t in texts_gone]
            write.history += [("text", t, report.texts[t], report.text_sources.get(t), None, None) for t in texts_gone]
            texts_arrived = [t for t in moves.moved.values() if t in new.texts]
            write.texts += text_rows(new, texts_arrived)
            write.history += [("text", t, None, None, new.texts[t], new.text_sources.get(t)) for t in texts_arrived]
            write.history.append(("info", "form", f"{report.form.id}@{report.form.version}", None,
                                  f"{new_form.id}@{new_form.version}", None))
            touched.update(new_form.cells)
            return write

        self._run(build)
        self._load()   # the draft on its new form
        self._merge = None
        self._undo_state()
        everything = ChangeSet(cells=set(self.form.cells), texts=set(self.form.texts), info=True, status=True,
                               saved=self.info.modified)
        return self._rechecked(everything), found[0]

    def undo(self) -> ChangeSet | None:
        """Undo the newest edit not yet undone (a pasted block, a burst of typing, at once).
        None when there is nothing to undo."""
        return self._replay(undo=True)

    def redo(self) -> ChangeSet | None:
        """Redo what the newest undo undid, unless an edit came after it; None: nothing to redo."""
        return self._replay(undo=False)

    def revert(self, merge: Any) -> ChangeSet | None:
        """Escape in a cell editor: drop what was typed in it (it leaves no redo step)."""
        if self._merge is None or self._merge[0] != ("cells", merge) or self._merge[2] != self.revision:
            return None
        return self._replay(undo=True, action="revert")

    # -- how every operation runs

    def _set_status(self, status: str) -> ChangeSet:
        def build(report: Report, touched: set[str]) -> Write | None:
            if self.info.status == status:
                return None
            return Write(history=[("status", "status", self.info.status, None, status, None)], status=status,
                         allow_final=True)

        return self._run(build)

    def _replay(self, *, undo: bool, action: str | None = None) -> ChangeSet | None:
        found: list = []

        def build(report: Report, touched: set[str]) -> Write | None:
            entries = self.store.undo_step(self.draft_id) if undo else self.store.redo_step(self.draft_id)
            found[:] = entries
            if not entries:
                return None
            write = Write(action=action or ("undo" if undo else "redo"), reverts=[], undone=([e.id for e in entries],
                                                                                          1 if undo else 0))
            for e in entries:
                value, source = (e.old, e.old_source) if undo else (e.new, e.new_source)
                before = len(write.history)
                if e.kind == "ack":
                    _set_ack(self.acks, write, e.target, value or "")
                elif e.kind == "cell":
                    _set_cell(report, write, touched, e.target, value, (source or TYPED) if value is not None else TYPED)
                elif e.kind == "text":
                    _set_text(report, write, e.target, value or "", source or TYPED)
                else:
                    _set_info(report, write, value if e.target == "agency" else report.agency,
                              value if e.target == "year" else report.year)
                write.reverts += [e.id] * (len(write.history) - before)
            return write

        self._refuse_if_read_only()
        changes = self._run(build, by_undo=True)
        if not found:
            self._undo_state()
            return None
        return changes

    def _run(self, build: Callable[[Report, set[str]], Write | None], *, merge: Any = None, merge_seconds: float | None = None,
             by_undo: bool = False) -> ChangeSet:
        """Build the change on the report in memory, save it, re-check; on a conflict read the
        draft again and build it anew; on a failure the memory goes back to what is saved."""
        reloaded = False
        touched: set[str] = set()    # the cells build changed: those it set and the totals they moved
        for attempt in range(CONFLICT_RETRIES):
            # after two conflicts in a row (other programs keep saving between this one's read
            # and write) the write lock is taken first: read, build and write with no one between
            locked = attempt >= 2
            before = None
            try:
                with self.store.exclusive() if locked else contextlib.nullcontext():
                    if locked:
                        self._load()
                        reloaded = True
                    before = self._snapshot()
                    write = build(self.report, touched)
                    if write is None:
                        if not reloaded and self.store.revision(self.draft_id) != self.revision:
                            # "no change" judged on a copy another program has since changed
                            self._load()
                            reloaded = True
                            continue
                        if reloaded:
                            return self._rechecked(self._everything())
                        return self._rechecked(ChangeSet(cells=touched)) if touched else ChangeSet()
                    write.batch = self._merge_batch(merge, merge_seconds)
                    written = self.store.write(self.draft_id, self.revision, write)
            except Conflict as exc:
                if before is not None:
                    self._restore(before)
                self._load()
                reloaded = reloaded or not isinstance(exc, LogLost)   # lost log: the same edit, written again
                continue
            except BaseException:
                if before is not None:
                    self._restore(before)
                raise
            break
        else:
            raise Conflict(self.draft_id, self.store.revision(self.draft_id))
        self.revision = written.revision
        self._merge = (merge, written.batch, written.revision, time.monotonic()) if merge is not None else None
        changes = self._everything() if reloaded else ChangeSet(
            cells=touched, texts={t[0] for t in write.texts}, info=bool(write.info), status=bool(write.status),
            acks=dict(write.acks))
        self.info = self.info._replace(agency=self.report.agency, year=self.report.year,
                                       status=write.status or self.info.status, modified=written.time)
        changes.saved = written.time
        changes.by_undo = by_undo
        if write.action == "edit":
            self.can_undo, self.can_redo = True, False
        else:
            self._undo_state()
        return self._rechecked(changes)

    def _merge_batch(self, merge: Any, seconds: float | None) -> int | None:
        """The undo step this operation joins: the previous one's, when it had the same merge
        key, nothing was saved in between, and (for texts) it was recent."""
        last = self._merge
        if merge is None or last is None or last[0] != merge or last[2] != self.revision:
            return None
        if seconds is not None and time.monotonic() - last[3] > seconds:
            return None
        return last[1]

    def _everything(self) -> ChangeSet:
        """Read again after another program's change: everything may have changed."""
        return ChangeSet(cells=set(self.form.cells), texts=set(self.form.texts), info=True, status=True,
                         reloaded=True)

    def _reloaded(self) -> ChangeSet:
        self._load()
        self._merge = None
        self._undo_state()
        return self._rechecked(self._everything())

    def _rechecked(self, changes: ChangeSet) -> ChangeSet:
        if not self.live:
            return changes
        old_findings, old_marks, old_states = self.findings, self.marks, self.step_states
        self.findings = acknowledge(check(self.report, self.last_year, complete=False), self.acks)
        self.marks = cell_marks(self.findings)
        self.suggestions = carry.suggestions(self.report, self.last_year)
        changes.marks = {c for c in old_marks.keys() | self.marks.keys() if old_marks.get(c) != self.marks.get(c)}
        if [f.to_dict() for f in old_findings] != [f.to_dict() for f in self.findings]:
            before = {_key(f): f for f in old_findings}
            after = {_key(f): f for f in self.findings}
            changes.added = [f for k, f in after.items() if k not in before]
            changes.removed = [f for k, f in before.items() if k not in after]
        self.step_states = step_states(self.steps, self.report, self.findings, previous=old_states, cells=changes.cells,
                                       texts=changes.texts, changed_findings=changes.added + changes.removed,
                                       info=changes.info or changes.reloaded)
        changes.steps = {s for s, state in self.step_states.items() if old_states.get(s) != state}
        return changes

    def _recheck(self) -> None:
        if not self.live:
            return
        self.findings = acknowledge(check(self.report, self.last_year, complete=False), self.acks)
        self.marks = cell_marks(self.findings)
        self.suggestions = carry.suggestions(self.report, self.last_year)
        self.step_states = step_states(self.steps, self.report, self.findings)

    def _load(self) -> None:
        draft = self.store.load(self.draft_id)
        self.info, self.report, self.last_year, self.revision = draft.info, draft.report, draft.last_year, draft.revision
        self.acks = dict(draft.acks)
        self.form = self.report.form
        self.steps = build_steps(self.form, self.report)

    def _snapshot(self) -> tuple:
        r = self.report
        return (dict(r.values), dict(r.sources), dict(r.invalid), dict(r.texts), dict(r.text_sources), set(r.partial),
                r.agency, r.year, dict(self.acks))

    def _restore(self, snapshot: tuple) -> None:
        r = self.report
        (r.values, r.sources, r.invalid, r.texts, r.text_sources, r.partial, r.agency, r.year, self.acks) = snapshot

    def _undo_state(self) -> None:
        try:
            self.can_undo = bool(self.store.undo_step(self.draft_id))
            self.can_redo = bool(self.store.redo_step(self.draft_id))
        except ReportdeskError:
            self.can_undo = self.can_redo = False

    def _refuse_if_read_only(self) -> None:
        # a database that can only be read is the store's to refuse (or to open for writing
        # again, once a full disk has room): it says why, as a StoreError
        if self.info.status == FINAL:
            raise RefusedEdit(f"草稿 {self.draft_id} 已定稿（只读），不能修改；"
                              f"如需修改，请先重新打开：reportdesk drafts reopen {self.draft_id}")


# -- the changes themselves, on a report and into a Write

def _state(report: Report, cid: str) -> Any:
    """A cell's value as history keeps it: the number, None when blank, the raw text when invalid."""
    bad = report.invalid.get(cid)
    return bad.raw if bad is not None else report.values.get(cid)


def _set_cell(report: Report, write: Write, touched: set[str], cid: str, value: Any, source: str) -> None:
    old, old_source = _state(report, cid), report.sources.get(cid)
    changed = report.set(cid, value, source if value is not None else TYPED).cells
    touched.update(changed)
    if cid in changed:
        write.history.append(("cell", cid, old, old_source, _state(report, cid), report.sources.get(cid)))
        write.cells += cell_rows(report, [cid])


def _set_text(report: Report, write: Write, tid: str, text: str, source: str) -> None:
    old, old_source = report.texts.get(tid), report.text_sources.get(tid)
    if report.set_text(tid, text, source):
        write.history.append(("text", tid, old, old_source, report.texts.get(tid), report.text_sources.get(tid)))
        write.texts += text_rows(report, [tid])


def _set_ack(acks: dict[str, str], write: Write, key: str, reason: str) -> None:
    old = acks.get(key, "")
    if old != reason:
        write.history.append(("ack", key, old or None, None, reason or None, None))
        write.acks.append((key, reason))
        if reason:
            acks[key] = reason
        else:
            acks.pop(key, None)


def _set_info(report: Report, write: Write, agency: str, year: int | None) -> None:
    changed = [(t, old, new) for t, old, new in (("agency", report.agency, agency), ("year", report.year, year))
               if old != new]
    if changed:
        write.history += [("info", t, old, None, new, None) for t, old, new in changed]
        report.agency, report.year = agency, year
        write.info = {"agency": agency, "year": year}


def _key(finding: Finding) -> tuple:
    return (finding.rule, tuple(finding.cells), tuple(finding.texts), finding.message, finding.acknowledged)


# -- one operation from the command line


def edit(store, draft_id: int, operation: Callable[[DraftEditor], Any]) -> Any:
    """Open the draft, run one operation (e.g. ``lambda e: e.set_cells({...})``), return its result."""
    return operation(DraftEditor(store, draft_id, live=False))




# -- one operation, as a call (scripts, the tests): the same as the window's


def set_cell(store, draft_id: int, cell_id: str, value: Any, source: str = TYPED) -> ChangeSet:
    """Set one cell of a saved draft (text as typed, a number, or None for blank)."""
    return edit(store, draft_id, lambda e: e.set_cells({cell_id: value}, source=source))


def set_cells(store, draft_id: int, values: Mapping[str, Any], source: str = TYPED) -> ChangeSet:
    """Set several cells at once (a pasted block): all saved or none; one undo step."""
    return edit(store, draft_id, lambda e: e.set_cells(values, source=source))


def set_text(store, draft_id: int, text_id: str, text: str, source: str = TYPED) -> ChangeSet:
    """Set one text part of a saved draft."""
    return edit(store, draft_id, lambda e: e.set_text(text_id, text, source=source))


def set_info(store, draft_id: int, agency: str | None = None, year: Any = None) -> ChangeSet:
    """Change a draft's agency and/or year."""
    return edit(store, draft_id, lambda e: e.set_info(agency, year))


def undo(store, draft_id: int) -> ChangeSet | None:
    """Undo the newest edit of a saved draft (None: nothing to undo)."""
    return edit(store, draft_id, lambda e: e.undo())


def redo(store, draft_id: int) -> ChangeSet | None:
    """Redo what the newest undo undid (None: nothing to redo)."""
    return edit(store, draft_id, lambda e: e.redo())


def mark_final(store, draft_id: int) -> ChangeSet:
    """The draft becomes final (read-only until reopened)."""
    return edit(store, draft_id, lambda e: e.mark_final())


def reopen(store, draft_id: int) -> ChangeSet:
    """A final draft becomes editable again."""
    return edit(store, draft_id, lambda e: e.reopen())


__all__ = ["ChangeSet", "DraftEditor", "edit", "set_cell", "set_cells", "set_text", "set_info", "undo", "redo",
           "mark_final", "reopen", "MERGE_SECONDS"]
