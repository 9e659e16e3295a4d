"""One open draft in the window: run an operation, repaint from its change set.

Every edit, whatever widget it starts in, is one operation of :mod:`reportdesk.operations`
(the same as ``reportdesk drafts set``): it is saved before it returns, and its
:class:`~reportdesk.operations.ChangeSet` is emitted as ``updated``, from which the grid
marks, the step list, the findings panels and the save indicator repaint. Undo and redo are
operations over the saved history (the same after a restart). This module only adds what a
window needs: signals, Chinese messages for failures, and a look every two seconds at whether
another program changed the draft.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ..errors import InvalidValue, RefusedEdit, ReportdeskError
from ..operations import ChangeSet, DraftEditor
from ..rules import Finding

# How often the window looks whether another program saved the draft (one small query).
WATCH_MS = 2000
RELOADED = "这份草稿刚被另一个程序（如命令行）修改，已重新读入最新的内容"

Update = ChangeSet  # the name the pages use for what they repaint from


class DraftSession(QObject):
    """A draft opened in the window, edited only through its :class:`DraftEditor`."""

    updated = Signal(object)     # ChangeSet
    saved = Signal(str)          # “hh:mm:ss”
    failed = Signal(str)         # a Chinese message: the edit was not saved
    notice = Signal(str)         # a Chinese message for the status line
    status_changed = Signal()    # final / reopened
    undo_changed = Signal()      # can_undo / can_redo may have changed

    def __init__(self, store, draft_id: int, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.draft_id = draft_id
        self.editor = DraftEditor(store, draft_id)
        self.last_saved: str = ""
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.look_outside)
        self._watch.start()

    # -- reading (the editor's state)

    @property
    def report(self):
        return self.editor.report

    @property
    def last_year(self):
        return self.editor.last_year

    @property
    def form(self):
        return self.editor.form

    @property
    def info(self):
        return self.editor.info

    @property
    def findings(self) -> list[Finding]:
        return self.editor.findings

    @property
    def marks(self) -> dict[str, str]:
        return self.editor.marks

    @property
    def suggestions(self) -> dict[str, Any]:
        return self.editor.suggestions

    @property
    def step_states(self):
        """Each wizard step's state (未填, 填写中, 有错误 …), by step id."""
        return self.editor.step_states

    @property
    def read_only(self) -> bool:
        return self.editor.read_only

    @property
    def read_only_reason(self) -> str:
        return self.editor.read_only_reason

    @property
    def title(self) -> str:
        return self.report.title

    @property
    def can_undo(self) -> bool:
        return self.editor.can_undo

    @property
    def can_redo(self) -> bool:
        return self.editor.can_redo

    def last_value(self, cell_id: str) -> Any:
        """Last year's value of the cell (None without last year's report)."""
        return self.last_year.values.get(cell_id) if self.last_year is not None else None

    def findings_complete(self) -> list[Finding]:
        """Every finding as if the report were finished (blanks and missing texts count)."""
        return self.editor.findings_complete()

    def parse(self, cell_id: str, text: Any) -> Any:
        """The number a typed text means for a cell; InvalidValue (Chinese) if it means none."""
        return self.editor.parse(cell_id, text)

    # -- operations (what the widgets call)

    def set_cells(self, values: dict[str, Any], label: str = "", merge_key: Any = None) -> bool:
        """Set cells to typed values as one undo step; InvalidValue or RefusedEdit (nothing set)
        when a value is not a number or a cell cannot be typed in. Returns whether anything changed."""
        return self._run(lambda: self.editor.set_cells(values, merge=merge_key), repaint=values)

    def type_cell(self, cell_id: str, text: str, merge_key: Any) -> bool:
        """A keystroke in a cell editor: the cell's value now; one editor's keystrokes are one undo step."""
        return self.set_cells({cell_id: text}, merge_key=merge_key)

    def revert_typing(self, merge_key: Any) -> None:
        """Escape in a cell editor: drop what was typed in it (no redo step is left)."""
        self._run(lambda: self.editor.revert(merge_key))

    def set_text(self, text_id: str, text: str) -> bool:
        """A text part as typed (typing within two seconds is one undo step)."""
        return self._run(lambda: self.editor.set_text(text_id, text), repaint_texts=(text_id,))

    def set_info(self, agency: str, year: int | None) -> bool:
        """The agency and year (the report's title)."""
        return self._run(lambda: self.editor.set_info(agency, year), repaint_info=True)

    def acknowledge(self, finding: Finding, reason: str) -> bool:
        """Mark a warning 已核实 with a short reason (an empty one takes the mark back)."""
        return self._run(lambda: self.editor.acknowledge(finding, reason))

    def undo(self) -> bool:
        """Ctrl+Z: undo the newest edit (also one made before a restart)."""
        return self._run(self.editor.undo)

    def redo(self) -> bool:
        """Ctrl+Y: redo what was just undone."""
        return self._run(self.editor.redo)

    def mark_final(self) -> None:
        self._run(self.editor.mark_final)

    def reopen(self) -> None:
        self._run(self.editor.reopen)

    @property
    def newer_form_version(self) -> int | None:
        """The newest version of the draft's form, when the program has one newer than the draft's."""
        from ..form import newest_version

        newest = newest_version(self.form.id)
        return newest if newest > self.form.version else None

    def upgrade(self):
        """Move the draft to the newest version of its form; the Moves (what moved, what was
        dropped), or None when it failed (said) or there was nothing to do."""
        result: list = []

        def operation():
            done = self.editor.upgrade()
            if done is None:
                return None
            changes, moves = done
            result.append(moves)
            return changes

        self._run(operation)
        return result[0] if result else None

    def look_outside(self) -> bool:
        """Read the draft again if another program saved it; says so in the status line."""
        try:
            changes = self.editor.refresh()
        except ReportdeskError:
            return False  # the next edit will say what is wrong
        if changes is None:
            return False
        self._emit(changes)
        return True

    # -- the one path

    def _run(self, operation: Callable[[], ChangeSet | None], repaint: dict | None = None,
             repaint_texts: tuple = (), repaint_info: bool = False) -> bool:
        try:
            changes = operation()
        except (InvalidValue, RefusedEdit):
            raise  # the widget says why, at the cell; nothing was saved, and nothing failed
        except ReportdeskError as exc:
            self._failed(exc.message, repaint, repaint_texts, repaint_info)
            return False
        except Exception as exc:  # noqa: BLE001 - a failure must not lose the window
            self._failed(_unexpected(exc), repaint, repaint_texts, repaint_info)
            return False
        if changes is None:
            self.undo_changed.emit()
            return False
        self._emit(changes)
        return bool(changes.cells or changes.texts or changes.info or changes.status or changes.findings)

    def _emit(self, changes: ChangeSet) -> None:
        if changes.reloaded:
            self.notice.emit(RELOADED)
        if changes.saved:
            self.last_saved = datetime.fromisoformat(changes.saved).strftime("%H:%M:%S")
            self.saved.emit(self.last_saved)
        if changes.status or changes.reloaded:
            self.status_changed.emit()
        self.undo_changed.emit()
        self.updated.emit(changes)

    def _failed(self, message: str, cells: dict | None, texts: tuple, info: bool) -> None:
        """Not saved: said, and what the widgets show is put back to what is saved."""
        self.failed.emit(message)
        self.updated.emit(ChangeSet(cells=set(cells or ()), texts=set(texts), info=info))


def _unexpected(exc: Exception) -> str:
    """An error the program did not foresee: logged for the engineer, a Chinese line for the clerk."""
    from ..crashlog import log_crash

    where = log_crash(exc)
    return f"程序内部出错（{type(exc).__name__}），这次修改没有保存。详细信息已记录在 {where}"


__all__ = ["DraftSession", "Update", "RELOADED"]
