"""One open draft: the single edit path of the wizard, with undo and redo.

Every edit, whatever widget it starts in, goes the same way (DESIGN.md): a command on the
session's QUndoStack → ``store.set_cell`` / ``store.set_text`` (saved at once, the report
updated in place) → the rules re-run → one :class:`Update` is emitted, from which the grid
marks, the step list, the findings panels and the save indicator repaint. Nothing else
reloads. Undo and redo run the same path backwards.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from .. import carry
from ..errors import InvalidValue, RefusedEdit, ReportdeskError
from ..report import CARRIED, TYPED
from ..rules import Finding, check
from ..values import parse_cell
from .progress import cell_marks

# How many steps of the saved history become undo steps when a draft is opened again.
SEED_UNDO_LIMIT = 200
# Edits of one text (or one cell, from history) this close together are one undo step.
MERGE_SECONDS = 2.0


@dataclass
class Update:
    """What one edit (or undo, or redo) changed, for the views to repaint."""

    cells: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    marks: set[str] = field(default_factory=set)   # cells whose mark changed
    findings: bool = False                          # the findings list changed
    info: bool = False                              # agency or year changed
    by_undo: bool = False                           # caused by undo/redo (views may jump to it)

    def touched(self) -> set[str]:
        return self.cells | self.marks


class CellState(NamedTuple):
    """What a cell holds, enough to put it back: value, source and an invalid raw text."""

    value: Any
    source: str | None
    raw: str | None = None


class Edit(NamedTuple):
    cell: str
    old: CellState
    new: CellState


class _CellsCommand(QUndoCommand):
    """Set one or more cells; keystrokes in one open cell editor merge into one step."""

    def __init__(self, session: DraftSession, label: str, edits: list[Edit], merge_key: Any = None,
                 applied: bool = False):
        super().__init__(label)
        self.session, self.edits, self.merge_key, self._applied = session, edits, merge_key, applied

    def id(self) -> int:  # noqa: A003 - Qt API
        return 1 if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, _CellsCommand) or other.merge_key != self.merge_key:
            return False
        first = {e.cell: e for e in self.edits}
        self.edits = [Edit(e.cell, first[e.cell].old if e.cell in first else e.old, e.new) for e in other.edits] + \
            [e for e in self.edits if e.cell not in {o.cell for o in other.edits}]
        if all(e.old == e.new for e in self.edits):
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        if self._applied:  # pushed after it was done (seeded from history), or the first push
            self._applied = False
            return
        self.session._apply_cells([(e.cell, e.new) for e in self.edits], by_undo=True)

    def undo(self) -> None:
        self.session._apply_cells([(e.cell, e.old) for e in reversed(self.edits)], by_undo=not self.dropping)
        if self.dropping:
            self.setObsolete(True)  # QUndoStack deletes it: no redo step is left

    dropping = False


class _TextCommand(QUndoCommand):
    """Set one text part; a burst of typing in the same text is one step."""

    def __init__(self, session: DraftSession, text_id: str, old: tuple[str, str | None], new: tuple[str, str],
                 applied: bool = False):
        super().__init__(f"修改“{session.form.texts[text_id].heading}”")
        self.session, self.text_id, self.old, self.new = session, text_id, old, new
        self.stamp = time.monotonic()
        self._applied = applied

    def id(self) -> int:  # noqa: A003 - Qt API
        return 2

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, _TextCommand) or other.text_id != self.text_id \
                or other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.new, self.stamp = other.new, other.stamp
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.session._apply_text(self.text_id, *self.new, by_undo=True)

    def undo(self) -> None:
        self.session._apply_text(self.text_id, self.old[0], self.old[1] or TYPED, by_undo=True)


class _InfoCommand(QUndoCommand):
    def __init__(self, session: DraftSession, old: tuple[str, int | None], new: tuple[str, int | None]):
        super().__init__("修改基本信息")
        self.session, self.old, self.new = session, old, new
        self._pushed = False

    def redo(self) -> None:
        if not self.session._apply_info(*self.new, by_undo=self._pushed):
            self.setObsolete(True)  # refused (another draft has that agency and year): no step
        self._pushed = True

    def undo(self) -> None:
        self.session._apply_info(*self.old, by_undo=True)


class DraftSession(QObject):
    """A draft opened from the store, edited only through this object."""

    updated = Signal(object)     # Update
    saved = Signal(str)          # “已保存 hh:mm:ss”
    failed = Signal(str)         # a Chinese message: the edit was not saved
    status_changed = Signal()    # final / reopened

    def __init__(self, store, draft_id: int, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.draft_id = draft_id
        draft = store.load(draft_id)
        self.info = draft.info
        self.report = draft.report
        self.last_year = draft.last_year
        self.form = self.report.form
        self.undo_stack = QUndoStack(self)
        self.findings: list[Finding] = []
        self.marks: dict[str, str] = {}
        self.suggestions: dict[str, Any] = {}
        self.last_saved: str = ""
        self._recheck()
        self.seed_undo()

    # -- reading

    @property
    def read_only(self) -> bool:
        return getattr(self.info, "status", "draft") == "final"

    @property
    def title(self) -> str:
        return self.report.title

    def cell_state(self, cell_id: str) -> CellState:
        bad = self.report.invalid.get(cell_id)
        return CellState(self.report.values[cell_id], self.report.sources.get(cell_id),
                         bad.raw if bad is not None else None)

    def last_value(self, cell_id: str) -> Any:
        """Last year's value of the cell (None without last year's report)."""
        return self.last_year.values.get(cell_id) if self.last_year is not None else None

    def findings_complete(self) -> list[Finding]:
        """Every finding as if the report were finished (blanks and missing texts count)."""
        return check(self.report, self.last_year, complete=True)

    # -- editing (what the widgets call)

    def parse(self, cell_id: str, text: Any) -> Any:
        """The number a typed text means for a cell; InvalidValue (Chinese) if it means none."""
        try:
            return parse_cell(text, self.form.cells[cell_id].kind)
        except InvalidValue as exc:
            raise InvalidValue(f"{self.form.cell_name(cell_id)}：{exc.message}") from None

    def set_cells(self, values: dict[str, Any], label: str, merge_key: Any = None) -> bool:
        """Set cells to typed values (strings or numbers) as one undo step.

        Values are parsed first: a bad one raises :class:`InvalidValue` and nothing is set;
        computed cells raise :class:`RefusedEdit`. Cells that already hold the value are left
        out. Returns whether anything changed.
        """
        self._refuse_if_final()
        edits = []
        for cid, raw in values.items():
            if self.form.is_computed(cid):
                raise RefusedEdit(f"{self.form.cell_name(cid)}由程序自动计算，不能直接填写")
            number = self.parse(cid, raw)
            old = self.cell_state(cid)
            new = CellState(number, None if number is None else TYPED)
            if old != new:
                edits.append(Edit(cid, old, new))
        if not edits:
            return False
        command = _CellsCommand(self, label, edits, merge_key, applied=True)
        if not self._apply_cells([(e.cell, e.new) for e in edits]):
            return False
        self.undo_stack.push(command)
        return True

    def type_cell(self, cell_id: str, text: str, merge_key: Any) -> bool:
        """A keystroke in a cell editor: the cell's value now, merged with the editor's other keystrokes."""
        return self.set_cells({cell_id: text}, f"填写{self.form.cell_name(cell_id)}", merge_key)

    def revert_typing(self, merge_key: Any) -> None:
        """Escape in a cell editor: drop what was typed in it (no redo step is left)."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, _CellsCommand) and top.merge_key == merge_key:
            top.dropping = True
            self.undo_stack.undo()

    def set_text(self, text_id: str, text: str) -> bool:
        """A text part as typed (bursts merge into one undo step)."""
        self._refuse_if_final()
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        old = (self.report.text(text_id), self.report.text_sources.get(text_id))
        if old[0] == text:
            return False
        command = _TextCommand(self, text_id, old, (text, TYPED), applied=True)
        if not self._apply_text(text_id, text, TYPED):
            return False
        self.undo_stack.push(command)
        return True

    def set_info(self, agency: str, year: int | None) -> bool:
        """The agency and year (the report's title)."""
        self._refuse_if_final()
        old = (self.report.agency, self.report.year)
        new = (agency.strip(), year)
        if old == new:
            return False
        self.undo_stack.push(_InfoCommand(self, old, new))
        return True

    def mark_final(self) -> None:
        self.store.mark_final(self.draft_id)
        self._reload_info()

    def reopen(self) -> None:
        self.store.reopen(self.draft_id)
        self._reload_info()

    # -- the one path into the store

    def _apply_cells(self, states: Iterable[tuple[str, CellState]], by_undo: bool = False) -> bool:
        update = Update(by_undo=by_undo)
        ok = True
        try:
            for source, values in _runs(states):
                if len(values) > 1 and hasattr(self.store, "set_cells"):
                    change = self.store.set_cells(self.draft_id, values, source)  # one transaction
                    update.cells.update(change.cells)
                    continue
                for cid, value in values.items():
                    change = self.store.set_cell(self.draft_id, cid, value, source)
                    update.cells.update(change.cells)
        except ReportdeskError as exc:
            ok = False
            self.failed.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 - a failure must not lose the window
            ok = False
            self.failed.emit(_unexpected(exc))
        self._finish(update, saved=ok)
        return ok

    def _apply_text(self, text_id: str, text: str, source: str, by_undo: bool = False) -> bool:
        update = Update(by_undo=by_undo)
        ok = True
        try:
            change = self.store.set_text(self.draft_id, text_id, text, source)
            update.texts.update(change.texts)
        except ReportdeskError as exc:
            ok = False
            self.failed.emit(exc.message)
        except Exception as exc:  # noqa: BLE001
            ok = False
            self.failed.emit(_unexpected(exc))
        self._finish(update, saved=ok)
        return ok

    def _apply_info(self, agency: str, year: int | None, by_undo: bool = False) -> bool:
        try:
            self.store.set_info(self.draft_id, agency=agency, year=year)  # updates the report too
        except ReportdeskError as exc:
            self.failed.emit(exc.message)
            self.updated.emit(Update(info=True))  # the fields show what is saved again
            return False
        self._reload_info()
        self._finish(Update(info=True, by_undo=by_undo), saved=True)
        return True

    def _finish(self, update: Update, saved: bool) -> None:
        old_marks, old_findings = self.marks, self.findings
        self._recheck()
        update.marks = {c for c in old_marks.keys() | self.marks.keys() if old_marks.get(c) != self.marks.get(c)}
        update.findings = [f.to_dict() for f in old_findings] != [f.to_dict() for f in self.findings]
        if saved:
            self.last_saved = datetime.now().strftime("%H:%M:%S")
            self.saved.emit(self.last_saved)
        self.updated.emit(update)

    def _recheck(self) -> None:
        self.findings = check(self.report, self.last_year, complete=False)
        self.marks = cell_marks(self.findings)
        self.suggestions = carry.suggestions(self.report, self.last_year)

    def _reload_info(self) -> None:
        for info in self.store.list_drafts():
            if info.id == self.draft_id:
                self.info = info
        self.status_changed.emit()

    def _refuse_if_final(self) -> None:
        if self.read_only:
            raise RefusedEdit("这份报告已定稿，只能查看；要修改请先“重新打开编辑”")

    # -- undo after a restart

    def seed_undo(self, limit: int = SEED_UNDO_LIMIT) -> int:
        """Turn the saved history into undo steps, so Ctrl+Z works after the program restarts.

        The history is walked back from the newest entry while it agrees with what the draft
        holds now. Keystrokes in one cell (or one text) close together are one step, and so
        are edits saved together (a paste) when the store's history tells its batches.
        Returns the number of undo steps made.
        """
        try:
            history = list(self.store.history(self.draft_id))
        except Exception:
            return 0
        current: dict[str, Any] = {}
        steps: list[dict] = []   # newest first: {"batch", "stamp", "edits": {id: [old, new]}}
        for entry in reversed(history):
            kind = getattr(entry, "kind", "text" if entry.cell in self.form.texts else "cell")
            if kind not in ("cell", "text"):
                continue  # agency, year, status: not undone from here
            key = entry.cell
            if key not in self.form.cells and key not in self.form.texts:
                break
            if not _same(current.get(key, self._held(key)), entry.new):
                break  # the history and the draft disagree from here on: stop
            current[key] = entry.old
            stamp = _timestamp(entry.time)
            batch = getattr(entry, "batch", None)  # edits saved together (a paste), if the store says
            last = steps[-1] if steps else None
            if last is not None and ((batch is not None and batch == last["batch"] and key not in last["edits"])
                                     or (list(last["edits"]) == [key] and stamp is not None
                                         and last["stamp"] is not None and last["stamp"] - stamp <= MERGE_SECONDS)):
                last["edits"].setdefault(key, [entry.old, entry.new])[0] = entry.old
                last["stamp"] = stamp
                continue
            if len(steps) >= limit:
                break
            steps.append({"batch": batch, "stamp": stamp, "edits": {key: [entry.old, entry.new]}})
        for step in reversed(steps):
            edits = step["edits"]
            key = next(iter(edits))
            if key in self.form.texts:
                old, new = edits[key]
                cmd = _TextCommand(self, key, (old or "", TYPED), (new or "", TYPED), applied=True)
                cmd.stamp = float("-inf")  # never merge with what is typed now
            else:
                cells = [Edit(c, _history_state(o), _history_state(n)) for c, (o, n) in edits.items()]
                label = f"填写{self.form.cell_name(key)}" if len(cells) == 1 else f"修改{len(cells)}个格子"
                cmd = _CellsCommand(self, label, cells, applied=True)
            self.undo_stack.push(cmd)
        self.undo_stack.setClean()
        return len(steps)

    def _held(self, key: str) -> Any:
        if key in self.form.texts:
            return self.report.text(key)
        bad = self.report.invalid.get(key)
        return bad.raw if bad is not None else self.report.values[key]


def _unexpected(exc: Exception) -> str:
    """An error the program did not foresee: logged for the engineer, a Chinese line for the clerk."""
    from ..crashlog import log_crash

    where = log_crash(exc)
    return f"程序内部出错（{type(exc).__name__}），这次修改没有保存。详细信息已记录在 {where}"


def _runs(states: Iterable[tuple[str, CellState]]) -> list[tuple[str, dict[str, Any]]]:
    """Consecutive cell states with the same source, as (source, {cell: value}) for the store."""
    runs: list[tuple[str, dict[str, Any]]] = []
    for cid, state in states:
        if state.raw is not None:
            value, source = state.raw, state.source or TYPED
        else:
            value, source = state.value, (state.source or TYPED) if state.value is not None else TYPED
        if runs and runs[-1][0] == source and cid not in runs[-1][1]:
            runs[-1][1][cid] = value
        else:
            runs.append((source, {cid: value}))
    return runs


def _same(a: Any, b: Any) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-9
    if isinstance(a, (int, float)) and isinstance(b, str):
        try:
            return abs(a - float(b)) < 1e-9
        except ValueError:
            return False
    return a == b


def _history_state(value: Any) -> CellState:
    if value is None or value == "":
        return CellState(None, None)
    if isinstance(value, str):
        try:
            value = parse_cell(value, "amount" if "." in value else "count")
        except InvalidValue:
            return CellState(None, "imported", value)
    return CellState(value, TYPED)


def _timestamp(text: Any) -> float | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(str(text)).timestamp()
    except ValueError:
        return None


__all__ = ["DraftSession", "Update", "CellState", "CARRIED"]
