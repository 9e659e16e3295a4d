"""The table grid: the printed table (表二, 表三, 表四) with its merges, editable in place.

The model lays out ``form.tables[id].grid()`` cell for cell (``setSpan`` for the merges), so
the clerk fills in exactly what will be printed. Value cells are edited through a line edit
that accepts full-width digits and thousands separators and refuses letters with a Chinese
tooltip. Each keystroke that makes a valid number goes to the session at once (saved, rules
re-run); the keystrokes of one visit to a cell are one undo step.
"""

from __future__ import annotations

import itertools
import unicodedata
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QGuiApplication, QInputMethodEvent, QKeySequence, QValidator
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QHeaderView, QLineEdit,
                               QStyledItemDelegate, QTableView, QToolTip, QWidget)

from ..errors import InvalidValue
from ..form import AMOUNT, GridCell
from ..report import CARRIED, IMPORTED
from ..values import format_value, parse_cell
from . import theme
from .session import DraftSession

CELL_ID_ROLE = int(Qt.UserRole) + 1
ROLE_ROLE = int(Qt.UserRole) + 2
# Item data roles as plain ints: looking them up on Qt's enums costs microseconds each.
DISPLAY, EDIT, TOOLTIP = int(Qt.DisplayRole), int(Qt.EditRole), int(Qt.ToolTipRole)
ACCESSIBLE_TEXT, ACCESSIBLE_DESCRIPTION = int(Qt.AccessibleTextRole), int(Qt.AccessibleDescriptionRole)
BACKGROUND, FOREGROUND = int(Qt.BackgroundRole), int(Qt.ForegroundRole)
FONT, ALIGNMENT = int(Qt.FontRole), int(Qt.TextAlignmentRole)

SOURCE_NAMES = {CARRIED: "从上年报告结转", IMPORTED: "从已发布报告导入"}

# Characters that can be part of a number while it is being typed (after NFKC: full-width → ASCII).
_NUMBER_CHARS = set("0123456789,.'· 。，") | set("件个条份宗起次项万元")


class TableModel(QAbstractTableModel):
    """One table of the report as a grid of cells, merges and all."""

    def __init__(self, session: DraftSession, table_id: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.form = session.form
        self.table = self.form.tables[table_id]
        self.grid = self.table.grid()
        self.anchors: dict[tuple[int, int], GridCell] = {}
        self.position: dict[str, tuple[int, int]] = {}
        for cell in self.grid.cells:
            self.anchors[(cell.row, cell.col)] = cell
            if cell.cell_id:
                self.position[cell.cell_id] = (cell.row, cell.col)
        # Reading order of the cells a clerk fills in (Tab and Enter follow it).
        self.order = [cid for cid in self.table.cell_ids() if not self.form.is_computed(cid)]
        self._bold = QFont()
        self._bold.setBold(True)
        self._computed_font = QFont()
        self._computed_font.setBold(True)
        self._brushes = {"header": QBrush(theme.HEADER_BG), "label": QBrush(theme.LABEL_BG),
                         "error": QBrush(theme.ERROR_BG), "warning": QBrush(theme.WARNING_BG),
                         "computed": QBrush(theme.COMPUTED_BG), "computed_fg": QBrush(theme.COMPUTED_FG),
                         "carried": QBrush(theme.CARRIED_FG), "invalid": QBrush(theme.INVALID_FG)}
        self._left = int(Qt.AlignLeft | Qt.AlignVCenter)
        self._right = int(Qt.AlignRight | Qt.AlignVCenter)
        self._centre = int(Qt.AlignCenter)
        self._roles: dict[tuple[int, int], dict[int, Any]] = {}
        self._flags: dict[tuple[int, int], Any] = {}

    # -- structure

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self.grid.rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self.grid.cols

    def spans(self) -> list[GridCell]:
        return [c for c in self.grid.cells if c.rowspan > 1 or c.colspan > 1]

    def cell_id(self, index: QModelIndex) -> str | None:
        cell = self.anchors.get((index.row(), index.column()))
        return cell.cell_id if cell is not None else None

    def index_of(self, cell_id: str) -> QModelIndex:
        r, c = self.position[cell_id]
        return self.index(r, c)

    def editable(self, cell_id: str | None) -> bool:
        return bool(cell_id) and not self.form.is_computed(cell_id) and not self.session.read_only

    # -- content
    #
    # A grid repaint asks for a dozen roles of every visible cell: each cell's roles are
    # worked out once into a dict and kept until the cell changes (refresh), so that data()
    # is two dict lookups. (Tooltips, asked one at a time, are built when asked.)

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        key = (index.row(), index.column())
        flags = self._flags.get(key)
        if flags is None:
            cid = self.cell_id(index)
            if not cid:
                flags = Qt.ItemIsEnabled
            else:
                flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
                if self.editable(cid):
                    flags |= Qt.ItemIsEditable
            self._flags[key] = flags
        return flags

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        key = (index.row(), index.column())
        roles = self._roles.get(key)
        if roles is None:
            cell = self.anchors.get(key)
            if cell is None:
                return None
            roles = self._roles[key] = self._static(cell) if cell.cell_id is None else self._value(cell.cell_id)
        value = roles.get(role)
        if value is None and role in (TOOLTIP, ACCESSIBLE_TEXT, ACCESSIBLE_DESCRIPTION):
            cell = self.anchors.get(key)
            if cell is not None and cell.cell_id:
                if role == TOOLTIP:
                    return self.describe(cell.cell_id, rich=True)
                if role == ACCESSIBLE_DESCRIPTION:
                    return self.describe(cell.cell_id, findings=True).split("\n", 1)[-1]
                # a screen reader says the cell's row and column as printed, then its value
                shown = roles.get(DISPLAY) or "空"
                return f"{self.form.cell_name(cell.cell_id)}：{shown}"
            if cell is not None and role == ACCESSIBLE_TEXT:
                return cell.text
        return value

    def _static(self, cell: GridCell) -> dict[int, Any]:
        heading = cell.role in ("header", "corner", "title")
        roles: dict[int, Any] = {
            DISPLAY: cell.text,
            ROLE_ROLE: cell.role,
            BACKGROUND: self._brushes["header" if heading else "label"],
            ALIGNMENT: self._left if cell.role == "label" and cell.rowspan == 1 else self._centre,
        }
        if cell.role in ("header", "title"):
            roles[FONT] = self._bold
        if cell.role == "label" and cell.row_id:
            row = next((r for r in self.table.rows if r.id == cell.row_id), None)
            if row is not None and row.guidance:
                roles[TOOLTIP] = row.guidance
        return roles

    def _value(self, cid: str) -> dict[int, Any]:
        report, form = self.session.report, self.form
        bad = report.invalid.get(cid)
        text = bad.raw if bad is not None else format_value(report.values[cid], form.cells[cid].kind)
        computed = form.is_computed(cid)
        roles: dict[int, Any] = {DISPLAY: text, EDIT: text, CELL_ID_ROLE: cid, ROLE_ROLE: "value",
                                 ALIGNMENT: self._right}
        mark = self.session.marks.get(cid)
        if mark == "error" or bad is not None:
            roles[BACKGROUND] = self._brushes["error"]
        elif mark == "warning":
            roles[BACKGROUND] = self._brushes["warning"]
        elif computed:
            roles[BACKGROUND] = self._brushes["computed"]
        if bad is not None:
            roles[FOREGROUND] = self._brushes["invalid"]
        elif computed:
            roles[FOREGROUND] = self._brushes["computed_fg"]
        elif report.sources.get(cid) == CARRIED:
            roles[FOREGROUND] = self._brushes["carried"]
        if computed:
            roles[FONT] = self._computed_font
        return roles

    def describe(self, cid: str, rich: bool = False, findings: bool = True) -> str:
        """What the clerk should know about a cell: its name, guidance, last year, findings."""
        form, session = self.form, self.session
        cdef = form.cells[cid]
        lines = [form.cell_name(cid)]
        if form.is_computed(cid):
            how = cdef.column.guidance if cdef.column.total else cdef.row.guidance
            lines.append(how if how.startswith("自动计算") else f"自动计算：{how}")
        elif cdef.row.guidance or cdef.column.guidance:
            lines.append(cdef.row.guidance or cdef.column.guidance)
        if cdef.kind == AMOUNT:
            lines.append("单位：万元，可以有小数")
        source = session.report.sources.get(cid)
        if source in SOURCE_NAMES:
            lines.append(SOURCE_NAMES[source])
        last = session.last_value(cid)
        if session.last_year is not None:
            lines.append(f"上年：{format_value(last, cdef.kind) if last is not None else '（空）'}")
        if cid in session.suggestions and session.suggestions[cid] != session.report.values[cid]:
            lines.append(f"按上年推算应为：{format_value(session.suggestions[cid], cdef.kind)}")
        for f in session.findings if findings else ():
            if cid in f.cells:
                lines.append(("错误：" if f.severity == "error" else "提示：") + f.message)
        if not rich:
            return "\n".join(lines)
        return "<br>".join(_html(line) for line in lines)

    def refresh(self, cells) -> None:
        """Repaint the given cells (those of this table)."""
        for cid in cells:
            pos = self.position.get(cid)
            if pos is not None:
                self._roles.pop(pos, None)
                index = self.index(*pos)
                self.dataChanged.emit(index, index)

    def refresh_all(self) -> None:
        """Everything may have changed (a final draft reopened, say)."""
        self._roles.clear()
        self._flags.clear()
        self.dataChanged.emit(self.index(0, 0), self.index(self.grid.rows - 1, self.grid.cols - 1))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class NumberValidator(QValidator):
    """Accepts what :func:`parse_cell` reads, lets a number being typed through, refuses the rest."""

    refused = Signal(str)

    def __init__(self, kind: str, parent=None):
        super().__init__(parent)
        self.kind = kind

    def validate(self, text: str, pos: int):
        try:
            parse_cell(text, self.kind)
            return QValidator.Acceptable, text, pos
        except InvalidValue as exc:
            plain = unicodedata.normalize("NFKC", text)
            if all(ch in _NUMBER_CHARS for ch in plain) and not _only_units(plain):
                return QValidator.Intermediate, text, pos
            self.refused.emit(exc.message)
            return QValidator.Invalid, text, pos

    def fixup(self, text: str) -> str:
        return text.strip().rstrip(".,，。'")


def _only_units(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not any(ch.isdigit() for ch in stripped)


class NumberDelegate(QStyledItemDelegate):
    """The cell editor: a line edit whose every valid keystroke is saved at once."""

    refused = Signal(str, QPoint)   # message, where to show it (global position)

    def __init__(self, model: TableModel, parent=None):
        super().__init__(parent)
        self.model = model
        self._keys = itertools.count(1)
        # One validator per kind of number, owned here: editors come and go, and a validator
        # owned by a deleted editor must never be called back from Python.
        self.validators = {kind: NumberValidator(kind, self) for kind in ("count", AMOUNT)}
        for validator in self.validators.values():
            validator.refused.connect(self._refuse_current)
        self._editor: QLineEdit | None = None

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802 - Qt API
        cid = self.model.cell_id(index)
        editor = QLineEdit(parent)
        editor.setObjectName("cellEditor")
        editor.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        editor.setFrame(False)
        editor.setValidator(self.validators[self.model.form.cells[cid].kind])
        key = (cid, next(self._keys))
        editor.setProperty("mergeKey", key[1])
        editor.setProperty("cellId", cid)
        editor.textEdited.connect(lambda text, c=cid, k=key: self._typed(c, text, k))
        self._editor = editor
        return editor

    def destroyEditor(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        if editor is self._editor:
            self._editor = None
        super().destroyEditor(editor, index)

    def _refuse_current(self, message: str) -> None:
        if self._editor is not None:
            self._refuse(self._editor, message)

    def _typed(self, cid: str, text: str, key) -> None:
        try:
            self.model.session.type_cell(cid, text, key)
        except InvalidValue:
            pass  # a number still being typed (“1,”): the cell keeps its last valid value

    def _refuse(self, editor: QLineEdit, message: str) -> None:
        where = editor.mapToGlobal(QPoint(0, editor.height()))
        QToolTip.showText(where, message, editor)
        self.refused.emit(message, where)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        if not editor.isModified():
            editor.setText(index.data(Qt.EditRole) or "")

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        if not editor.isModified():
            # nothing typed in this editor (or its typing was dropped with Escape): what it shows
            # may be older than the draft (another program may have changed it), never saved
            return
        cid = self.model.cell_id(index)
        text = editor.text()
        try:
            self.model.session.type_cell(cid, text, (cid, editor.property("mergeKey")))
        except InvalidValue as exc:
            self._refuse(editor, exc.message)

    def eventFilter(self, editor: QWidget, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.ShortcutOverride, QEvent.KeyPress) and isinstance(editor, QLineEdit) \
                and (event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo)):
            # Undo in a cell editor is the report's undo: close the editor (its typing is one
            # step already), then undo or redo over the whole report.
            event.accept()
            if event.type() == QEvent.KeyPress:
                undo = event.matches(QKeySequence.Undo)
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.NoHint)
                session = self.model.session
                session.undo() if undo else session.redo()
            return True
        if event.type() == QEvent.KeyPress and isinstance(editor, QLineEdit):
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                # Enter moves on like Tab, in reading order — or down the column (the option)
                self.commitData.emit(editor)
                view = getattr(self, "view", None)
                if view is not None and view.enter_down:
                    self.closeEditor.emit(editor, QAbstractItemDelegate.NoHint)
                    nxt = view.enter_target(bool(event.modifiers() & Qt.ShiftModifier))
                    if nxt:
                        view.go_to(nxt)
                else:
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EditPreviousItem
                                          if event.modifiers() & Qt.ShiftModifier else QAbstractItemDelegate.EditNextItem)
                return True
            if event.key() == Qt.Key_Escape:
                editor.setModified(False)
                self.model.session.revert_typing((editor.property("cellId"), editor.property("mergeKey")))
                self.closeEditor.emit(editor, QAbstractItemDelegate.RevertModelCache)
                return True
        return super().eventFilter(editor, event)


def column_widths(table) -> tuple[tuple[int, ...], int, tuple[int, ...], int]:
    """(label column widths, value column width, the narrowest each label column and a value
    column may become when the window is narrow). The preferred widths are the form file's
    ``[tables.X.display]``; a wide label column may give up to 45 % (its row names wrap onto
    another line), a value column 20 %."""
    labels = tuple(table.label_widths)
    value = table.value_width
    narrow = tuple(max(60, round(w * 0.55)) if w >= 150 else w for w in labels)
    return labels, value, narrow, max(52, round(value * 0.8))


ENTER_DOWN_SETTING = "grid/enter_moves_down"


class GridView(QTableView):
    """The grid widget: merges, frozen header rows and label columns, reading-order navigation,
    paste, Delete, copy, a right-click menu."""

    paste_requested = Signal(object, str)   # start index, clipboard text
    clear_requested = Signal(list)          # cell ids
    zeros_requested = Signal()              # 空白填0 from the menu
    current_cell_changed = Signal(str)      # cell id ('' for none)

    def __init__(self, model: TableModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.grid_model = model
        self.delegate = NumberDelegate(model, self)
        self.delegate.view = self
        self.setItemDelegate(self.delegate)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.DoubleClicked
                             | QAbstractItemView.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.enter_down = bool(_setting(ENTER_DOWN_SETTING, False))
        for cell in model.spans():
            self.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        grid = model.grid
        self.value_cols = sorted({c.col for c in grid.cells if c.role == "value"})
        self.label_cols = [c for c in range(grid.cols) if c not in self.value_cols]
        self.widths = column_widths(model.table)
        self._layout_columns()
        self.selectionModel().currentChanged.connect(self._current_changed)
        from .frozen import FrozenPanes

        rows, cols = _frozen_extent(model)
        self.frozen = FrozenPanes(self, rows, cols, [(c.row, c.col, c.rowspan, c.colspan) for c in model.spans()])

    # -- columns and rows

    def _layout_columns(self, label_widths=None, value_width=None) -> None:
        labels, value, _, _ = self.widths
        labels = label_widths or labels
        header = self.horizontalHeader()
        header.setMinimumSectionSize(24)
        for i, col in enumerate(self.label_cols):
            self.setColumnWidth(col, labels[i] if i < len(labels) else 160)
        for col in self.value_cols:
            self.setColumnWidth(col, value_width or value)
        vheader = self.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.Fixed)
        vheader.setDefaultSectionSize(26)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped labels (merged cells do not count)."""
        model = self.grid_model
        plain = self.fontMetrics()
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        for r in range(model.grid.rows):
            height = 26
            for c in range(model.grid.cols):
                cell = model.anchors.get((r, c))
                if cell is None or cell.rowspan > 1 or not cell.text:
                    continue
                metrics = bold if cell.role in ("header", "title") else plain
                width = sum(self.columnWidth(c + k) for k in range(cell.colspan)) - 12
                lines = max(1, -(-metrics.horizontalAdvance(cell.text) // max(width, 1)))
                if lines > 1:
                    height = max(height, lines * metrics.lineSpacing() + 12)
            if self.rowHeight(r) != height:
                self.setRowHeight(r, height)

    def preferred_size(self) -> tuple[int, int]:
        """The width and height that show the whole grid at its preferred column widths."""
        labels, value, _, _ = self.widths
        w = sum(labels[i] if i < len(labels) else 160 for i in range(len(self.label_cols))) \
            + value * len(self.value_cols) + 2 * self.frameWidth() + 2
        return w, self.content_height()

    def sizeHint(self):  # noqa: N802 - Qt API
        """The whole table: a layout gives the grid that much when it can."""
        from PySide6.QtCore import QSize

        width, height = self.preferred_size()
        return QSize(width + self.verticalScrollBar().sizeHint().width(), height)

    def content_height(self) -> int:
        """The height that shows every row (as wrapped now) without a vertical scroll bar."""
        return sum(self.rowHeight(r) for r in range(self.grid_model.grid.rows)) + 2 * self.frameWidth() + 2

    def fit_width(self, width: int) -> None:
        """Narrow the label columns, then the value columns, to fit ``width`` (the space the
        grid has); what still does not fit scrolls sideways under the frozen label columns."""
        labels, value, min_labels, min_value = self.widths
        room = width - 2 * self.frameWidth() - 2 - self.verticalScrollBar().sizeHint().width()
        need = sum(labels) + value * len(self.value_cols)
        new_labels, new_value = list(labels), value
        deficit = need - room
        if deficit > 0 and labels:
            # the widest label column gives first (表三's long row names wrap onto two lines)
            i = max(range(len(labels)), key=lambda k: labels[k] - min_labels[k])
            give = min(deficit, labels[i] - min_labels[i])
            new_labels[i] -= give
            deficit -= give
        if deficit > 0 and self.value_cols:
            new_value = max(min_value, value - -(-deficit // len(self.value_cols)))
        current = ([self.columnWidth(c) for c in self.label_cols], self.columnWidth(self.value_cols[0])
                   if self.value_cols else value)
        if current != (new_labels[:len(self.label_cols)], new_value):
            self._layout_columns(new_labels, new_value)

    def finish_editing(self) -> None:
        """Commit and close the open cell editor, if any (leaving the page, closing the window)."""
        editor = self.delegate._editor
        if editor is not None and self.state() == QAbstractItemView.EditingState:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.NoHint)

    # -- navigation: reading order (Tab), and Enter either the same or down the column

    def neighbour(self, cell_id: str | None, step: int) -> str | None:
        order = self.grid_model.order
        if not order:
            return None
        if cell_id not in order:
            return order[0] if step > 0 else order[-1]
        i = order.index(cell_id) + step
        return order[i] if 0 <= i < len(order) else None

    def below(self, cell_id: str | None, step: int) -> str | None:
        """The next cell to fill down (``step`` 1) or up (-1) the column; from the end of a
        column, the start of the next one (as a clerk fills a table column by column)."""
        order = self.column_order()
        if cell_id not in order:
            return order[0] if order else None
        i = order.index(cell_id) + step
        return order[i] if 0 <= i < len(order) else None

    def column_order(self) -> list[str]:
        model = self.grid_model
        if not hasattr(self, "_column_order"):
            editable = set(model.order)
            cells = [c for c in model.grid.cells if c.cell_id in editable]
            self._column_order = [c.cell_id for c in sorted(cells, key=lambda c: (c.col, c.row))]
        return self._column_order

    def enter_target(self, backwards: bool) -> str | None:
        cid = self.grid_model.cell_id(self.currentIndex())
        if self.enter_down:
            return self.below(cid, -1 if backwards else 1)
        return self.neighbour(cid, -1 if backwards else 1)

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt API
        if action in (QAbstractItemView.MoveNext, QAbstractItemView.MovePrevious):
            cid = self.grid_model.cell_id(self.currentIndex())
            nxt = self.neighbour(cid, 1 if action == QAbstractItemView.MoveNext else -1)
            return self.grid_model.index_of(nxt) if nxt else self.currentIndex()
        return super().moveCursor(action, modifiers)

    def go_to(self, cell_id: str) -> None:
        index = self.grid_model.index_of(cell_id)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.EnsureVisible) -> None:  # noqa: N802 - Qt API
        """As Qt does, and then clear of the frozen header rows and label columns."""
        super().scrollTo(index, hint)
        frozen = getattr(self, "frozen", None)
        if frozen is None or not index.isValid():
            return
        dx, dy = frozen.keep_clear(self.visualRect(index))
        if dx:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        if dy:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def select_cells(self, cell_ids: list[str], current: str | None = None) -> None:
        """Select the given cells (those in this table); ``current`` (else the first) becomes
        the current cell and is scrolled into view."""
        mine = [c for c in cell_ids if c in self.grid_model.position]
        if not mine:
            return
        selection = QItemSelection()
        for cid in mine:
            index = self.grid_model.index_of(cid)
            selection.select(index, index)
        first = self.grid_model.index_of(current if current in mine else mine[0])
        self.selectionModel().setCurrentIndex(first, QItemSelectionModel.NoUpdate)
        self.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)
        self.scrollTo(first)
        self.setFocus(Qt.OtherFocusReason)

    def selected_cells(self) -> list[str]:
        ids = [self.grid_model.cell_id(i) for i in self.selectionModel().selectedIndexes()]
        order = {cid: n for n, cid in enumerate(self.grid_model.table.cell_ids())}
        return sorted({c for c in ids if c}, key=order.__getitem__)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.state() != QAbstractItemView.EditingState:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                nxt = self.enter_target(bool(event.modifiers() & Qt.ShiftModifier))
                if nxt:
                    self.go_to(nxt)
                return
            if event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
                self.clear_requested.emit(self.selected_cells())
                return
            if event.matches(QKeySequence.Paste):
                self.paste()
                return
            if event.matches(QKeySequence.Copy):
                self.copy_selection()
                return
        super().keyPressEvent(event)

    def paste(self) -> None:
        self.paste_requested.emit(self.currentIndex(), QGuiApplication.clipboard().text())

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        """复制 · 粘贴 · 清除 · 空白填0, for the cells under the mouse (or the selection there)."""
        from PySide6.QtGui import QAction
        from PySide6.QtWidgets import QMenu

        index = self.indexAt(event.pos())
        if index.isValid() and self.grid_model.cell_id(index) and index not in self.selectionModel().selectedIndexes():
            self.setCurrentIndex(index)
        read_only = self.grid_model.session.read_only
        selected = self.selected_cells()
        editable = [c for c in selected if self.grid_model.editable(c)]
        menu = QMenu(self)
        menu.setObjectName("gridMenu")
        menu.setAccessibleName("表格操作")
        entries = (("复制", "Ctrl+C", self.copy_selection, bool(selected)),
                   ("粘贴", "Ctrl+V", self.paste, not read_only and self.currentIndex().isValid()),
                   ("清除", "Delete", lambda: self.clear_requested.emit(selected), bool(editable)),
                   (None, None, None, None),
                   ("空白填0…", "", self.zeros_requested.emit, not read_only))
        self.menu_actions = {}
        for text, keys, slot, enabled in entries:
            if text is None:
                menu.addSeparator()
                continue
            action = QAction(menu)
            action.setText(text)
            if keys:
                action.setShortcut(QKeySequence(keys))   # shown in the menu; the keys work anyway
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            menu.addAction(action)
            self.menu_actions[text] = action
        self.menu = menu
        menu.exec(event.globalPos())
        menu.deleteLater()

    def inputMethodEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Digits committed by an input method into a selected cell open its editor with them
        (Qt forwards key presses to a new editor, but not a commit that came without a preedit)."""
        if self.state() != QAbstractItemView.EditingState and event.commitString() and not event.preeditString():
            if self.edit(self.currentIndex(), QAbstractItemView.AnyKeyPressed, event):
                editor = self.delegate._editor
                if editor is not None:
                    forwarded = QInputMethodEvent()
                    forwarded.setCommitString(event.commitString())
                    QApplication.sendEvent(editor, forwarded)
                event.accept()
                return
        super().inputMethodEvent(event)

    def copy_selection(self) -> None:
        """Copy the selected cells as a tab-separated block (what Excel and WPS paste)."""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes if self.grid_model.cell_id(i)})
        lines = []
        for r in rows:
            lines.append("\t".join(self.grid_model.index(r, c).data() or "" for c in cols
                                   if self.grid_model.anchors.get((r, c))))
        QGuiApplication.clipboard().setText("\n".join(lines))

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.current_cell_changed.emit(self.grid_model.cell_id(current) or "")


def _setting(key: str, default):
    from PySide6.QtCore import QSettings

    value = QSettings().value(key, default)
    return value in (True, "true", "1", 1) if isinstance(default, bool) else value


def _frozen_extent(model: TableModel) -> tuple[int, int]:
    """How many header rows and label columns stay in place: the table's header rows and the
    columns left of its numbers — each only when no merged cell crosses the edge (表二's
    section titles span the whole width: its label column scrolls with the rest)."""
    grid = model.grid
    value_cols = [c.col for c in grid.cells if c.role == "value"]
    rows = grid.header_rows
    cols = min(value_cols) if value_cols else 0
    if any(c.row < rows < c.row + c.rowspan for c in grid.cells):
        rows = 0
    if any(c.col < cols < c.col + c.colspan for c in grid.cells):
        cols = 0
    return rows, cols


def paste_targets(model: TableModel, start: QModelIndex, block: list[list[str]]) -> tuple[dict[str, str], list[str]]:
    """Where a pasted block goes: {cell id: text} from the start cell, and notes for the clerk.

    Row i of the block goes to grid row start+i; within it, column j goes to the j-th value
    cell at or right of the start column. Computed cells take a column of the block (so a
    copied 总计 column lines up) but keep their computed value.
    """
    targets: dict[str, str] = {}
    notes: list[str] = []
    skipped_computed = overflow = 0
    row0, col0 = start.row(), start.column()
    for i, values in enumerate(block):
        r = row0 + i
        if r >= model.grid.rows:
            overflow += len([v for v in values if v.strip()])
            continue
        cells = sorted((c for c in model.grid.cells if c.row == r and c.cell_id and c.col + c.colspan > col0),
                       key=lambda c: c.col)
        for j, text in enumerate(values):
            if j >= len(cells):
                overflow += bool(text.strip())
                continue
            cid = cells[j].cell_id
            if model.form.is_computed(cid):
                skipped_computed += bool(text.strip())
                continue
            targets[cid] = text
    if skipped_computed:
        notes.append(f"{skipped_computed}个总计单元格由程序自动计算，粘贴的值未采用")
    if overflow:
        notes.append(f"{overflow}个值超出了表格范围，未粘贴")
    return targets, notes


__all__ = ["TableModel", "GridView", "NumberDelegate", "NumberValidator", "paste_targets", "ENTER_DOWN_SETTING"]
