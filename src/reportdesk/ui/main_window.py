"""The main window: the step list on the left, one page at a time, Back/Next, the save indicator."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QPushButton, QStackedWidget, QStyledItemDelegate, QVBoxLayout, QWidget)

from ..errors import ReportdeskError
from ..rules import Finding
from . import theme
from .progress import INFO, TABLE, TEXT, Step, build_steps, step_for_finding, step_state
from .session import DraftSession, Update

STATE_ROLE = Qt.UserRole + 1
COLOUR_ROLE = Qt.UserRole + 2

MIN_SIZE = QSize(1024, 640)
DEFAULT_SIZE = QSize(1300, 740)


class StepDelegate(QStyledItemDelegate):
    """A step in the list: a dot in the colour of its state, its name, and the state below.

    Which row is the current step and which is under the mouse come from the list itself,
    not from ``option.state``: reading that makes PySide6 build every enum of QStyle, some
    4 ms of the program's start (docs/ui.md).
    """

    def __init__(self, view: QListWidget):
        super().__init__(view)
        self.view = view
        self.hover = -1
        view.setMouseTracking(True)
        view.entered.connect(lambda index: self._hover(index.row()))
        view.viewportEntered.connect(lambda: self._hover(-1))   # over the list, but below the steps
        # the list, not its viewport(): a QWidget* handed to Python makes PySide6 build the
        # Python type of every widget class to find its own, another 4 ms of the start
        view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Leave:
            self._hover(-1)
        return False

    def _hover(self, row: int) -> None:
        if row != self.hover:
            old, self.hover = self.hover, row
            for r in (old, row):
                if r >= 0:
                    self.view.update(self.view.indexFromItem(self.view.item(r)))

    def paint(self, painter, option, index) -> None:
        painter.save()
        selected = index.row() == self.view.currentRow()
        rect = option.rect
        painter.setPen(Qt.NoPen)
        if selected or index.row() == self.hover:
            # drawRect, not fillRect: fillRect's overloads make PySide6 build QGradient's enums
            painter.setBrush(theme.SELECTION if selected else theme.HOVER)
            painter.drawRect(rect)
        colour = QColor(index.data(COLOUR_ROLE) or "#9aa5b1")
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(colour)
        painter.drawEllipse(rect.left() + 10, rect.top() + 11, 10, 10)
        text_colour = theme.SELECTED_TEXT if selected else QColor("#1d2b3a")
        painter.setPen(text_colour)
        metrics = option.fontMetrics
        title_rect = QRect(rect.left() + 28, rect.top() + 4, rect.width() - 34, metrics.height())
        painter.drawText(title_rect, int(Qt.AlignLeft | Qt.AlignVCenter),
                         metrics.elidedText(index.data(Qt.DisplayRole) or "", Qt.ElideRight, title_rect.width()))
        state = index.data(STATE_ROLE)
        if state:
            small = QFont(option.font)
            small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
            painter.setFont(small)
            painter.setPen(text_colour if selected else colour)
            state_rect = QRect(rect.left() + 28, title_rect.bottom() + 1, rect.width() - 34, metrics.height())
            painter.drawText(state_rect, int(Qt.AlignLeft | Qt.AlignVCenter), state)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        return QSize(200, 2 * option.fontMetrics.height() + 12)


class MainWindow(QMainWindow):
    """One draft, step by step."""

    closed = Signal()

    def __init__(self, session: DraftSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.form = session.form
        self.steps: list[Step] = build_steps(self.form, session.report)
        self.pages: dict = {}   # step index → its page (a StepPage)
        self.setObjectName("mainWindow")
        self.setMinimumSize(MIN_SIZE)

        central = QWidget()
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.step_list = QListWidget()
        self.step_list.setObjectName("steps")
        self.step_list.setItemDelegate(StepDelegate(self.step_list))
        self.step_list.setFixedWidth(250)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.step_list.setUniformItemSizes(True)  # a changed state repaints one row, not the list
        for step in self.steps:
            item = QListWidgetItem(step.short)
            item.setToolTip(step.title)
            self.step_list.addItem(item)
        outer.addWidget(self.step_list)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        right.addWidget(self.banner)
        self.upgrade_bar = self._upgrade_bar()
        right.addWidget(self.upgrade_bar)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        nav.setContentsMargins(16, 4, 16, 8)
        self.back = QPushButton("◀ 上一步")
        self.next = QPushButton("下一步 ▶")
        self.next.setObjectName("primary")
        self.position = QLabel()
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.position)
        nav.addStretch(1)
        nav.addWidget(self.next)
        right.addLayout(nav)
        holder = QWidget()
        holder.setLayout(right)
        outer.addWidget(holder, 1)
        self.setCentralWidget(central)

        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.statusBar().addPermanentWidget(self.saved_label)
        self._actions()

        self.back.clicked.connect(lambda: self.go(self.current - 1))
        self.next.clicked.connect(lambda: self.go(self.current + 1))
        self.step_list.currentRowChanged.connect(self._row_changed)
        session.updated.connect(self._updated)
        session.saved.connect(self._saved)
        session.failed.connect(self._failed)
        session.status_changed.connect(self._status_changed)
        session.notice.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.current = -1
        self._refresh_states()
        self._status_changed()
        self.saved_label.setText("每次修改都会自动保存")
        self._restore_geometry()
        # Open where the clerk left this draft.
        last = QSettings().value(self._step_key(), 0)
        self.go(int(last) if str(last).isdigit() and int(last) < len(self.steps) else 0)

    # -- menus and shortcuts

    def _actions(self) -> None:
        # Undo and redo are operations over the saved history (reportdesk.operations).
        undo, redo = QAction(self), QAction(self)
        undo.setText("撤销")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        undo.triggered.connect(self._undo)
        redo.setText("重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        redo.triggered.connect(self._redo)
        for a in (undo, redo):
            a.setShortcutContext(Qt.WindowShortcut)
            self.addAction(a)
        self.undo_action, self.redo_action = undo, redo
        self.session.undo_changed.connect(self._undo_state)
        self._undo_state()

        def action(text, slot, *keys):
            a = QAction(self)   # QAction(text, self) would make PySide6 build QIcon's enums (1 ms of the start)
            a.setText(text)
            if keys:
                a.setShortcuts([QKeySequence(k) for k in keys])
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction(action("保存(&S)", self.save_all, "Ctrl+S"))
        file_menu.addAction(action("打印预览(&P)…", self.print_preview, "Ctrl+P"))
        file_menu.addAction(action("检查与导出…", lambda: self.go(len(self.steps) - 1)))
        file_menu.addSeparator()
        file_menu.addAction(action("返回草稿列表(&L)", self.close, "Ctrl+W"))
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        go_menu = self.menuBar().addMenu("转到(&G)")
        go_menu.addAction(action("上一步", lambda: self.go(self.current - 1), "Ctrl+PgUp", "Alt+Left"))
        go_menu.addAction(action("下一步", lambda: self.go(self.current + 1), "Ctrl+PgDown", "Alt+Right"))
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(action("填写说明(&H)", self.show_help, "F1"))

    def _undo(self) -> None:
        if self.current in self.pages:
            self.pages[self.current].leave()   # what is being typed is saved first: it is the step undone
        self.session.undo()

    def _redo(self) -> None:
        self.session.redo()

    def _undo_state(self) -> None:
        self.undo_action.setEnabled(self.session.can_undo)
        self.redo_action.setEnabled(self.session.can_redo)

    # -- steps

    def page(self, i: int):
        """The page of step i, built the first time it is needed."""
        if i not in self.pages:
            # each kind's module imported when its first page is built: a page's module (and
            # the Qt classes it touches) costs start-up time
            step = self.steps[i]
            if step.kind == INFO:
                from .pages import InfoPage

                page = InfoPage(self.session, step)
            elif step.kind == TEXT:
                from .text_page import TextPage

                page = TextPage(self.session, step)
            elif step.kind == TABLE:
                from .table_page import TablePage

                page = TablePage(self.session, step)
            else:
                from .check_page import CheckPage

                page = CheckPage(self.session, step, self.steps)
            page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            page.finding_chosen.connect(self.show_finding)
            page.set_read_only(self.session.read_only)
            self.stack.addWidget(page)   # pages are built when first shown (a fast start)
            self.pages[i] = page
        return self.pages[i]

    def _step_key(self) -> str:
        return f"drafts/{self.session.draft_id}/step"

    def step_index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)

    def go(self, i: int):
        """Show step i (Back, Next, a click in the list, a finding)."""
        if not 0 <= i < len(self.steps):
            return None
        if i == self.current:
            return self.pages.get(i)
        if self.current in self.pages:
            self.pages[self.current].leave()
        page = self.page(i)
        self.current = i
        self.stack.setCurrentWidget(page)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(i)
        self.step_list.blockSignals(False)
        self.back.setEnabled(i > 0)
        self.next.setEnabled(i < len(self.steps) - 1)
        self.next.setText("检查与导出 ▶" if i == len(self.steps) - 2 else "下一步 ▶")
        self.position.setText(f"第 {i + 1} 步，共 {len(self.steps)} 步")
        page.enter()
        return page

    def go_step(self, step_id: str):
        return self.go(self.step_index(step_id))

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.go(row)

    def show_finding(self, finding: Finding) -> None:
        """Go to where a finding is fixed and select its cells (or its words)."""
        step = step_for_finding(self.steps, finding, self.form)
        if step is None:
            return
        page = self.go_step(step.id) or self.pages[self.current]
        page.show_finding(finding)

    # -- repainting from the session

    def _updated(self, update: Update) -> None:
        for page in self.pages.values():
            page.on_update(update)
        self._refresh_states()
        if update.info:
            self._status_changed()
        if update.by_undo:
            self._follow(update)

    def _follow(self, update: Update) -> None:
        """After undo/redo, show where the change happened."""
        for i, step in enumerate(self.steps):
            if (step.kind == TABLE and any(c.startswith(step.table + ".") for c in update.cells)) \
                    or (step.kind == TEXT and update.texts & set(step.text_ids)):
                page = self.go(i) or self.pages[i]
                if step.kind == TABLE:
                    page.view.select_cells(sorted(update.cells, key=self.form.tables[step.table].cell_ids().index))
                return
        if update.info:
            self.go(0)

    def _refresh_states(self) -> None:
        states = self.session.step_states   # worked out by the operation (reportdesk.operations)
        for i, step in enumerate(self.steps):
            state = states.get(step.id) or step_state(step, self.session.report, self.session.findings)
            item = self.step_list.item(i)
            colour = theme.STATE_COLOURS[state.state]
            if item.data(STATE_ROLE) != state.name or item.toolTip() != f"{step.title}\n{state.detail}":
                item.setData(STATE_ROLE, state.name)
                item.setData(COLOUR_ROLE, colour)
                item.setToolTip(f"{step.title}\n{state.detail}")

    def _saved(self, when: str) -> None:
        self.saved_label.setStyleSheet("")
        self.saved_label.setToolTip("")
        self.saved_label.setText(f"已保存 {when}")

    def _failed(self, message: str) -> None:
        """A save failed: said once in a message box, then in red until a save succeeds again
        (typing on while the disk is full must not bring a box per keystroke)."""
        already = self.saved_label.text() == "未保存！"
        self.saved_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.saved_label.setText("未保存！")
        self.saved_label.setToolTip(message)
        self.statusBar().showMessage(message, 15000)
        if not already:
            # from the event loop, not inside the edit that failed (a cell editor is being
            # committed there: a modal loop in the middle of it can crash Qt)
            QTimer.singleShot(0, lambda: self._tell_not_saved(message))

    def _tell_not_saved(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "没有保存", f"{message}\n\n这次修改没有保存。请处理后再填写。")

    def _status_changed(self) -> None:
        self.setWindowTitle(f"{self.session.report.title} — reportdesk")
        read_only = self.session.read_only
        self.banner.setVisible(read_only)
        if self.session.store.read_only:
            self.banner.setText(self.session.read_only_reason + "。")
        else:
            self.banner.setText("这份报告已定稿，只能查看。要修改，请到“检查与导出”点“重新打开编辑”。")
        self._show_upgrade_bar()
        for page in self.pages.values():
            page.set_read_only(read_only)

    # -- a newer version of the form

    def _upgrade_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("banner")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 6, 12, 6)
        self.upgrade_text = QLabel()
        self.upgrade_text.setWordWrap(True)
        self.upgrade_button = QPushButton("升级到新版本…")
        self.upgrade_button.setAccessibleName("把草稿升级到报告格式的新版本")
        self.upgrade_button.clicked.connect(self.upgrade_form)
        row.addWidget(self.upgrade_text, 1)
        row.addWidget(self.upgrade_button)
        bar.hide()
        return bar

    def _show_upgrade_bar(self) -> None:
        newer = self.session.newer_form_version
        self.upgrade_bar.setVisible(newer is not None and not self.session.read_only)
        if newer is not None:
            form = self.session.form
            self.upgrade_text.setText(f"这份草稿使用的是报告格式“{form.name}”第 {form.version} 版，"
                                      f"程序已有第 {newer} 版。升级后按新格式填写；新格式没有的项目会列出，原值保留在修改记录中。")

    def upgrade_form(self) -> None:
        """Move the draft to the newest version of its form, after asking; say what moved and was dropped."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, "升级报告格式", self.upgrade_text.text() + "\n\n现在升级吗？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            return
        moves = self.session.upgrade()
        if moves is None:
            return
        self._rebuild_steps()
        lines = [f"已升级到第 {self.session.form.version} 版。"]
        lines += [f"移到新位置：{self._name(old)} → {self._name(new)}" for old, new in moves.moved.items()]
        lines += [f"需要按新格式重新填写（原值 {value}）：{self._name(old)}" for old, value in moves.dropped.items()]
        QMessageBox.information(self, "升级报告格式", "\n".join(lines[:40]) + ("\n……" if len(lines) > 40 else ""))

    def _name(self, cid: str) -> str:
        form = self.session.form
        return form.cell_name(cid) if cid in form.cells else form.texts[cid].heading if cid in form.texts else cid

    def _rebuild_steps(self) -> None:
        """The form changed under the window: steps and pages made again from it."""
        step_id = self.steps[self.current].id if 0 <= self.current < len(self.steps) else ""
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages, self.current = {}, -1
        self.form = self.session.form
        self.steps = build_steps(self.form, self.session.report)
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for step in self.steps:
            item = QListWidgetItem(step.short)
            item.setToolTip(step.title)
            self.step_list.addItem(item)
        self.step_list.blockSignals(False)
        self._refresh_states()
        self._status_changed()
        index = next((i for i, s in enumerate(self.steps) if s.id == step_id), 0)
        self.go(index)

    # -- commands

    def save_all(self) -> None:
        """Ctrl+S: every edit is already saved; this saves what is being typed and says so."""
        if self.current in self.pages:
            self.pages[self.current].leave()
        when = self.session.last_saved
        self.statusBar().showMessage("所有内容都已保存（每次修改都会自动保存）" + (f"，最后保存于 {when}" if when else ""),
                                     6000)

    def print_preview(self) -> None:
        """Ctrl+P: print preview of the report."""
        if self.current in self.pages:
            self.pages[self.current].leave()
        check = self.page(len(self.steps) - 1)
        check.print_report()

    def show_help(self) -> None:
        """F1: the guidance of the current field."""
        page = self.pages.get(self.current)
        text = page.help_text() if page is not None else ""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "填写说明", text or "这一步没有额外的说明。")

    # -- geometry

    def _restore_geometry(self) -> None:
        data = QSettings().value("main/geometry")
        if isinstance(data, QByteArray) and not data.isEmpty() and self.restoreGeometry(data):
            return
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)
        size = DEFAULT_SIZE.boundedTo(area.size() - QSize(20, 40))
        self.resize(size.expandedTo(MIN_SIZE).boundedTo(area.size()))
        self.move(area.center() - self.rect().center())

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        try:
            if self.current in self.pages:
                self.pages[self.current].leave()
        except ReportdeskError:
            pass
        QSettings().setValue("main/geometry", self.saveGeometry())
        QSettings().setValue(self._step_key(), max(self.current, 0))
        super().closeEvent(event)
        self.closed.emit()


def open_draft_window(store, draft_id: int, parent=None) -> MainWindow | None:
    """A draft's main window, not yet shown; None, after telling the clerk why, if it cannot be opened."""
    try:
        session = DraftSession(store, draft_id)
    except ReportdeskError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, "无法打开", exc.message)
        return None
    return MainWindow(session)
