"""Header rows and label columns that stay in place while a table grid scrolls (as Excel's
冻结窗格): 表三's three header rows stay on top when its 25 rows scroll, and its three label
columns stay on the left when a narrow window scrolls sideways.

Qt's table view has no frozen panes; the usual way (Qt's “Frozen Column” example) is another
view over the same model, laid over the edge of the grid and scrolled with it. Here up to
three such panes: the header rows (scrolled sideways with the grid), the label columns
(scrolled up and down with it) and their corner. They show the same cells, spans, widths and
heights as the grid below them, take no focus, and pass the mouse wheel to the grid. The
cells under them are header and label cells, which are never edited.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFrame, QTableView


class FrozenPanes(QObject):
    """Keeps ``rows`` header rows and ``cols`` label columns of ``view`` in place."""

    def __init__(self, view: QTableView, rows: int, cols: int, spans=()):
        """``spans``: the grid's merged cells, (row, col, rowspan, colspan)."""
        super().__init__(view)
        self.view = view
        self.rows, self.cols = rows, cols
        self.spans = list(spans)
        self.top = self._pane("表头（固定显示）") if rows else None
        self.left = self._pane("行标题（固定显示）") if cols else None
        self.corner = self._pane("表头左上角（固定显示）") if rows and cols else None
        if self.top is not None:
            view.horizontalScrollBar().valueChanged.connect(self.top.horizontalScrollBar().setValue)
        if self.left is not None:
            view.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)
        view.horizontalHeader().sectionResized.connect(self._column_resized)
        view.verticalHeader().sectionResized.connect(self._row_resized)
        view.installEventFilter(self)
        self.place()

    @property
    def panes(self) -> list[QTableView]:
        return [p for p in (self.top, self.left, self.corner) if p is not None]

    def _pane(self, name: str) -> QTableView:
        view = self.view
        pane = QTableView(view)
        pane.setObjectName("frozenPane")
        pane.setAccessibleName(name)
        pane.setAccessibleDescription("表格滚动时固定显示的表头或行标题，不能填写")
        pane.setModel(view.model())
        pane.setSelectionModel(view.selectionModel())
        pane.setFocusPolicy(Qt.NoFocus)
        pane.setFrameShape(QFrame.NoFrame)
        pane.horizontalHeader().hide()
        pane.verticalHeader().hide()
        pane.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        pane.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        pane.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        pane.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        pane.setEditTriggers(QAbstractItemView.NoEditTriggers)
        pane.setAutoScroll(False)        # the grid's current cell must not scroll the pane
        pane.setTabKeyNavigation(False)
        pane.setSelectionMode(QAbstractItemView.NoSelection)
        pane.setWordWrap(view.wordWrap())   # its own delegate: the grid's belongs to the grid's editors
        model = view.model()
        for r, c, rs, cs in self.spans:
            pane.setSpan(r, c, rs, cs)
        for c in range(model.columnCount()):
            pane.setColumnWidth(c, view.columnWidth(c))
        for r in range(model.rowCount()):
            pane.setRowHeight(r, view.rowHeight(r))
        pane.viewport().installEventFilter(self)
        pane.show()
        return pane

    # -- size and place

    def frozen_height(self) -> int:
        return sum(self.view.rowHeight(r) for r in range(self.rows))

    def frozen_width(self) -> int:
        return sum(self.view.columnWidth(c) for c in range(self.cols))

    def place(self) -> None:
        """Lay the panes over the top and left edges of the grid's viewport."""
        area = self.view.viewport().geometry()
        height, width = min(self.frozen_height(), area.height()), min(self.frozen_width(), area.width())
        if self.top is not None:
            self.top.setGeometry(QRect(area.x(), area.y(), area.width(), height))
            self.top.horizontalScrollBar().setValue(self.view.horizontalScrollBar().value())
        if self.left is not None:
            self.left.setGeometry(QRect(area.x(), area.y(), width, area.height()))
            self.left.verticalScrollBar().setValue(self.view.verticalScrollBar().value())
        if self.corner is not None:
            self.corner.setGeometry(QRect(area.x(), area.y(), width, height))
        for pane in self.panes:
            pane.raise_()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        for pane in self.panes:
            pane.setColumnWidth(column, new)
        self.place()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        for pane in self.panes:
            pane.setRowHeight(row, new)
        self.place()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if obj is self.view:
            if kind in (QEvent.Resize, QEvent.LayoutRequest, QEvent.Show):
                self.place()
            return False
        if kind == QEvent.Wheel:   # over a pane: the grid scrolls, as over any other cell
            QApplication.sendEvent(self.view.viewport(), event)
            return True
        return False

    def keep_clear(self, rect: QRect) -> tuple[int, int]:
        """How far to scroll (dx, dy, in pixels) so that ``rect`` (viewport coordinates) is not
        under a pane: negative values scroll back (left / up)."""
        dx = min(0, rect.left() - self.frozen_width()) if self.cols else 0
        dy = min(0, rect.top() - self.frozen_height()) if self.rows else 0
        return dx, dy


__all__ = ["FrozenPanes"]
