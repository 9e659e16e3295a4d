"""The main window: the step list on the left, one page at a time, Back/Next, the save indicator."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QRect, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QPushButton, QScrollArea, QStackedWidget, QStyledItemDelegate, QVBoxLayout, QWidget)

from ..errors import ReportdeskError
from ..rules import Finding
from . import theme
from .plain_qt import (ALIGN_LEFT, ALIGN_TOP, ALIGN_VCENTER, DISPLAY_ROLE, TEXT_WORD_WRAP, USER_ROLE, draw_text,
                       fill_ellipse, fill_rect, set_enum, solid)
from .progress import INFO, TABLE, TEXT, Step, build_steps, step_for_finding, step_state
from .session import DraftSession, Update

# The window's first frame touches nothing of PySide6's Qt namespace, whose 93 enums cost as
# much as the window's construction (plain_qt.py); they are made just after it.
STATE_ROLE = USER_ROLE + 1
WRAP = ALIGN_LEFT | ALIGN_TOP | TEXT_WORD_WRAP
COLOUR_ROLE = USER_ROLE + 2

MIN_SIZE = QSize(640, 400)        # 1366×768 at 150 % leaves about 900×440 for the window
DEFAULT_SIZE = QSize(1300, 740)
# The step list's width by the window's: names wrap onto more lines when it is narrow.
STEP_LIST_WIDTHS = ((1200, 250), (1000, 210), (0, 170))
# The step on show is written to the settings this long after it is shown (not before the
# first paint of the window; a crash in these few tenths of a second is not worth its cost).
STEP_SAVE_MS = 200
SCROLL_BAR = 17   # room kept for the list's scroll bar (a constant: asking the style costs start-up time)


class StepDelegate(QStyledItemDelegate):
    """A step in the list: a dot in the colour of its state, its name, and the state below.

    Which row is the current step and which is under the mouse come from the list itself,
    not from ``option.state``: reading that makes PySide6 build every enum of QStyle, some
    4 ms of the program's start (docs/ui.md). It paints with :mod:`plain_qt`'s brushes and
    text, QPainter's pens and brushes being out of reach of the first frame.
    """

    def __init__(self, view: QListWidget):
        super().__init__(view)
        self.view = view
        self.hover = -1
        self._heights: dict = {}
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

    def text_width(self) -> int:
        """The width a step's name may take: the list, less the dot, the margins and a scroll bar."""
        return self.view.width() - 2 * self.view.frameWidth() - 34 - SCROLL_BAR

    def title_height(self, metrics, text: str) -> int:
        """The height of a step's name wrapped to the list's width (never cut: it wraps)."""
        width = max(40, self.text_width())
        key = (text, width, metrics.height())
        height = self._heights.get(key)
        if height is None:   # asked for every row at each layout: measured once per width
            height = self._heights[key] = metrics.boundingRect(QRect(0, 0, width, 10000), WRAP, text).height()
        return height

    def paint(self, painter, option, index) -> None:
        painter.save()
        selected = index.row() == self.view.currentRow()
        rect = option.rect
        if selected or index.row() == self.hover:
            fill_rect(painter, rect, solid(theme.SELECTION if selected else theme.HOVER))
        colour = solid(index.data(COLOUR_ROLE) or "#9aa5b1")
        painter.setRenderHint(QPainter.Antialiasing)
        fill_ellipse(painter, rect.left() + 10, rect.top() + 11, 10, 10, colour)
        text_colour = solid(theme.SELECTED_TEXT if selected else theme.TEXT)
        metrics = option.fontMetrics
        text = index.data(DISPLAY_ROLE) or ""
        title_rect = QRect(rect.left() + 28, rect.top() + 4, max(40, self.text_width()),
                           self.title_height(metrics, text))
        draw_text(painter, title_rect, WRAP, text, text_colour)
        state = index.data(STATE_ROLE)
        if state:
            small = QFont(option.font)
            small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
            painter.setFont(small)
            state_rect = QRect(rect.left() + 28, title_rect.bottom() + 1, rect.width() - 34, metrics.height())
            draw_text(painter, state_rect, ALIGN_LEFT | ALIGN_VCENTER, state, text_colour if selected else colour)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        metrics = option.fontMetrics
        return QSize(self.text_width() + 34, self.title_height(metrics, index.data(DISPLAY_ROLE) or "")
                     + metrics.height() + 12)


class MainWindow(QMainWindow):
    """One draft, step by step."""

    closed = Signal()

    def __init__(self, session: DraftSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.form = session.form

        self.steps: list[Step] = build_steps(self.form, session.report)
        self.pages: dict = {}   # step index → its page (a StepPage)
        self._tab_controls: dict = {}   # page → its controls in reading order (_tab_order)
        self.recent: list[str] = []   # cells typed one at a time, newest first: the likeliest mistakes
        self.setObjectName("mainWindow")
        self.setMinimumSize(MIN_SIZE)

        central = QWidget()
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.step_list = QListWidget()
        self.step_list.setObjectName("steps")
        self.step_list.setItemDelegate(StepDelegate(self.step_list))
        self.step_list.setFixedWidth(STEP_LIST_WIDTHS[0][1])
        set_enum(self.step_list, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.step_list.setAccessibleName("填报步骤")
        self.step_list.setAccessibleDescription("报告的各个部分，点击转到那一步；每一步下面是它的状态")
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
        self.holders: dict = {}   # step index → the scroll area its page sits in
        right.addWidget(self.stack, 1)
        # one row for moving on and for what the program says (no status bar below it: a
        # window on 1366×768 at 150 % needs each line for the table)
        nav = QHBoxLayout()
        nav.setContentsMargins(16, 4, 16, 6)
        self.back = QPushButton("◀ 上一步")
        self.back.setAccessibleName("上一步")
        self.back.setAccessibleDescription("回到上一步（Ctrl+PgUp）")
        self.next = QPushButton("下一步 ▶")
        self.next.setObjectName("primary")
        self.next.setAccessibleName("下一步")
        self.next.setAccessibleDescription("到下一步（Ctrl+PgDn）")
        self.position = QLabel()
        self.position.setAccessibleName("当前是第几步")
        self.flash = QLabel()
        self.flash.setObjectName("flash")
        self.flash.setAccessibleName("程序的提示")
        self.flash.setMinimumWidth(40)
        set_enum(self.flash, "textFormat", "PlainText")
        self._flash_text = ""
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(lambda: self.show_message(""))
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.saved_label.setAccessibleName("保存状态")

        nav.addWidget(self.back)
        nav.addSpacing(8)
        nav.addWidget(self.flash, 1)
        nav.addWidget(self.position)
        nav.addSpacing(8)
        nav.addWidget(self.saved_label)
        nav.addWidget(self.next)
        right.addLayout(nav)
        holder = QWidget()
        holder.setLayout(right)
        outer.addWidget(holder, 1)
        self.setCentralWidget(central)
        # the steps once the window is put together: each part moved into it made the list lay
        # out its rows again, at once (a style change), asking the delegate each row's size
        for step in self.steps:
            item = QListWidgetItem(step.short)
            item.setToolTip(step.title)
            self.step_list.addItem(item)

        # the menus' titles now; their commands and the window's shortcuts just after the first
        # frame (_actions: QAction and QKeySequence cost ~2 ms of the start)
        self.menus = [self.menuBar().addMenu(title) for title in ("文件(&F)", "编辑(&E)", "转到(&G)", "帮助(&H)")]
        self.undo_action = self.redo_action = None

        self.back.clicked.connect(lambda: self.go(self.current - 1))
        self.next.clicked.connect(lambda: self.go(self.current + 1))
        self.step_list.currentRowChanged.connect(self._row_changed)
        session.updated.connect(self._updated)
        session.saved.connect(self._saved)
        session.failed.connect(self._failed)
        session.status_changed.connect(self._status_changed)
        session.notice.connect(lambda message: self.show_message(message, 10000))
        self.current = -1
        self._painted = False
        self._first_page = True
        self._refresh_states()
        self._status_changed()
        self.saved_label.setText("每次修改都会自动保存")
        self._restore_geometry()
        # Open where the clerk left this draft.
        last = QSettings().value(self._step_key(), 0)
        self.go(int(last) if str(last).isdigit() and int(last) < len(self.steps) else 0)
        self._first_page = False

    # -- menus and shortcuts

    def _actions(self) -> None:
        """The menus' commands and the window's shortcuts."""
        from PySide6.QtGui import QAction, QKeySequence

        # Undo and redo are operations over the saved history (reportdesk.operations).
        undo, redo = QAction(self), QAction(self)
        undo.setText("撤销")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])   # (setShortcut's overloads take a Qt enum)
        undo.triggered.connect(self._undo)
        redo.setText("重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        redo.triggered.connect(self._redo)
        for a in (undo, redo):   # Qt.WindowShortcut, an action's default context
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

        file_menu, edit_menu, go_menu, help_menu = self.menus
        file_menu.addAction(action("保存(&S)", self.save_all, "Ctrl+S"))
        file_menu.addAction(action("打印预览(&P)…", self.print_preview, "Ctrl+P"))
        file_menu.addAction(action("检查与导出…", lambda: self.go(len(self.steps) - 1)))
        file_menu.addSeparator()
        file_menu.addAction(action("返回草稿列表(&L)", self.close, "Ctrl+W"))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        go_menu.addAction(action("上一步", lambda: self.go(self.current - 1), "Ctrl+PgUp", "Alt+Left"))
        go_menu.addAction(action("下一步", lambda: self.go(self.current + 1), "Ctrl+PgDown", "Alt+Right"))
        help_menu.addAction(action("填写说明(&H)", self.show_help, "F1"))

    def _undo(self) -> None:
        if self.current in self.pages:
            self.pages[self.current].leave()   # what is being typed is saved first: it is the step undone
        self.session.undo()

    def _redo(self) -> None:
        self.session.redo()

    def _undo_state(self) -> None:
        if self.undo_action is None:   # (not made yet: _actions calls this when it makes them)
            return
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
            page.message.connect(lambda text: self.show_message(text, 8000))
            page.recent = lambda: self.recent
            page.finding_chosen.connect(self.show_finding)
            page.set_read_only(self.session.read_only)
            # a page that does not fit a small window (1366×768 at 150 %) scrolls, nothing is
            # cut; each page in its own scroll area, so that only its own size counts
            holder = QScrollArea()
            holder.setObjectName("pageScroller")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.NoFrame)
            set_enum(holder, "focusPolicy", "NoFocus")   # the focus belongs to the page's fields
            holder.setWidget(page)
            self.holders[i] = holder
            self.stack.addWidget(holder)   # pages are built when first shown (a fast start)
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
        self.stack.setCurrentWidget(self.holders[i])
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(i)
        self.step_list.blockSignals(False)
        self.back.setEnabled(i > 0)
        self.next.setEnabled(i < len(self.steps) - 1)
        self.next.setText("检查与导出 ▶" if i == len(self.steps) - 2 else "下一步 ▶")
        self.position.setText(f"第 {i + 1} 步，共 {len(self.steps)} 步")
        self.holders[i].ensureVisible(0, 0)
        if not self._first_page:   # (the first page's: just after the first frame, _first_frame_done)
            self._tab_order(page)
        # remembered at once, not only on a clean close: after a crash the draft reopens here
        # (just after this step is painted: writing the settings file is not worth the wait)
        QTimer.singleShot(STEP_SAVE_MS, self, lambda: QSettings().setValue(self._step_key(), self.current))
        page.enter()
        return page

    def _tab_order(self, page) -> None:
        """Tab in reading order: the step list, the page top to bottom, then 上一步, 下一步
        (the page's widgets are made after the buttons, so Qt's order would put them last).

        A page's controls are found after the page in the focus chain; setting the order moves
        them from there, so a page shown again takes those found before (it had 上一步 and
        下一步 first), with any made since."""
        from PySide6.QtCore import Qt
        from shiboken6 import isValid

        controls = [w for w in self._tab_controls.get(page, ()) if isValid(w)]
        widget = page.nextInFocusChain()
        while widget is not page and page.isAncestorOf(widget) and len(controls) < 500:
            # a spin box's or a combo box's own line edit goes with it, not on its own
            if widget.focusPolicy() & Qt.TabFocus and not widget.objectName().startswith("qt_") \
                    and widget not in controls:
                controls.append(widget)
            widget = widget.nextInFocusChain()
        self._tab_controls[page] = controls
        chain = [self.step_list, *controls, self.back, self.next]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def go_step(self, step_id: str):
        return self.go(self.step_index(step_id))

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.go(row)

    def show_finding(self, finding: Finding) -> None:
        """Go to where a finding is fixed and select its cells (or its words); a diagnosis
        (reportdesk.diagnose) goes to its suspect cell."""
        if not isinstance(finding, Finding):
            step = next((s for s in self.steps if s.kind == TABLE and s.table == finding.table), None)
            if step is not None:
                self.go_step(step.id).show_finding(finding)
            return
        step = step_for_finding(self.steps, finding, self.form)
        if step is None:
            return
        page = self.go_step(step.id) or self.pages[self.current]
        page.show_finding(finding)

    # -- repainting from the session

    def _updated(self, update: Update) -> None:
        # a cell typed (not 空白填0 or a pasted block) is the first suspect when a balance breaks
        typed = [c for c in update.cells if not self.form.is_computed(c)]
        if len(typed) == 1:
            self.recent = typed + [c for c in self.recent if c != typed[0]][:50]
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
            return
        if update.acks:   # a 已核实 mark taken back or set again: said, the page as it is
            from ..rules import verified_name

            key, reason = next(iter(sorted(update.acks.items())))
            self.show_message(f"{verified_name(self.form, key)}：" + (f"已核实（{reason}）" if reason else "不再标为已核实"))

    def _refresh_states(self) -> None:
        states = self.session.step_states   # worked out by the operation (reportdesk.operations)
        changed = []
        for i, step in enumerate(self.steps):
            state = states.get(step.id) or step_state(step, self.session.report, self.session.findings)
            item = self.step_list.item(i)
            tip = f"{step.title}\n{state.detail}"
            if item.data(STATE_ROLE) != state.name or item.toolTip() != tip:
                changed.append((item, state.name, theme.STATE_COLOURS[state.state], tip))
        if not changed:
            return
        # without the model's signal: the list's rows differ in height, and a changed row would
        # make it lay out and paint every row again (each keystroke); a row's height does not
        # change with its state, so repainting the row is enough
        model = self.step_list.model()
        model.blockSignals(True)
        for item, name, colour, tip in changed:
            item.setData(STATE_ROLE, name)
            item.setData(COLOUR_ROLE, colour)
            item.setToolTip(tip)
        model.blockSignals(False)
        if self.step_list.isVisible():   # (before the window is shown there is nothing to repaint)
            for item, *_ in changed:
                self.step_list.update(self.step_list.indexFromItem(item))

    def _saved(self, when: str) -> None:
        if self.saved_label.styleSheet():   # a style sheet set again re-lays out the window: not per key
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
        self.show_message(message, 15000)
        if not already:
            # from the event loop, not inside the edit that failed (a cell editor is being
            # committed there: a modal loop in the middle of it can crash Qt)
            QTimer.singleShot(0, lambda: self._tell_not_saved(message))

    def _tell_not_saved(self, message: str) -> None:
        from .messages import warn

        warn(self, "没有保存", f"{message}\n\n这次修改没有保存。请处理后再填写。")

    def show_message(self, text: str, ms: int = 8000) -> None:
        """A line of what the program has to say, beside the buttons, for ``ms`` milliseconds
        (cut with “…” where the window is narrow; the whole of it in the tooltip)."""
        self._flash_text = text
        self._elide_flash()
        self.flash.setToolTip(text)
        self.flash.setAccessibleDescription(text)
        if text:
            self._flash_timer.start(ms)

    def message_text(self) -> str:
        """What :meth:`show_message` shows now (empty when nothing)."""
        return self._flash_text

    def _elide_flash(self) -> None:
        if not self._flash_text:   # (as the window is first laid out: no Qt enum needed)
            self.flash.setText("")
            return
        from PySide6.QtCore import Qt

        self.flash.setText(self.flash.fontMetrics().elidedText(self._flash_text, Qt.ElideRight,
                                                               max(40, self.flash.width())))

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
        self.upgrade_button.setAccessibleDescription("按新版本的报告格式填写；新格式没有的项目会列出，原值保留在修改记录中")
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
        from .messages import ask, inform

        if not ask(self, "升级报告格式", self.upgrade_text.text() + "\n\n现在升级吗？", default=True):
            return
        moves = self.session.upgrade()
        if moves is None:
            return
        self._rebuild_steps()
        lines = [f"已升级到第 {self.session.form.version} 版。"]
        lines += [f"移到新位置：{self._name(old)} → {self._name(new)}" for old, new in moves.moved.items()]
        lines += [f"需要按新格式重新填写（原值 {value}）：{self._name(old)}" for old, value in moves.dropped.items()]
        inform(self, "升级报告格式", "\n".join(lines[:40]) + ("\n……" if len(lines) > 40 else ""))

    def _name(self, cid: str) -> str:
        form = self.session.form
        return form.cell_name(cid) if cid in form.cells else form.texts[cid].heading if cid in form.texts else cid

    def _rebuild_steps(self) -> None:
        """The form changed under the window: steps and pages made again from it."""
        step_id = self.steps[self.current].id if 0 <= self.current < len(self.steps) else ""
        for holder in self.holders.values():
            self.stack.removeWidget(holder)
            holder.deleteLater()          # its page with it
        self.pages, self.holders, self.current, self._tab_controls = {}, {}, -1, {}
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
        self.show_message("所有内容都已保存（每次修改都会自动保存）" + (f"，最后保存于 {when}" if when else ""), 6000)

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
        from .messages import inform

        inform(self, "填写说明", text or "这一步没有额外的说明。")

    # -- geometry

    def _restore_geometry(self) -> None:
        """The size and place of last time, if they fit this screen; else as large as fits."""
        from .screen import fit_window, keep_on_screen

        data = QSettings().value("main/geometry")
        if isinstance(data, QByteArray) and not data.isEmpty() and self.restoreGeometry(data):
            keep_on_screen(self, DEFAULT_SIZE)
            return
        fit_window(self, DEFAULT_SIZE)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            # as wide as its longest text, always (measured with the style sheet's font, now
            # applied): a new time at each keystroke must not re-lay out the row
            label = self.saved_label
            label.setFixedWidth(max(label.sizeHint().width(),
                                    label.fontMetrics().horizontalAdvance("每次修改都会自动保存")
                                    + label.contentsMargins().left() + label.contentsMargins().right() + 20))
            from .screen import keep_on_screen

            QTimer.singleShot(200, self, lambda: keep_on_screen(self, DEFAULT_SIZE))   # the real frame is known then

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:   # the first frame: the window's children are drawn next, in this pass
            self._painted = True
            QTimer.singleShot(0, self, self._first_frame_done)

    def _first_frame_done(self) -> None:
        """What the first frame does not show, done as soon as it is drawn: the menus' commands
        and the shortcuts, and the tab order of the page on show (it asks each widget for its
        focus policy, a Qt enum: plain_qt.py)."""
        if self.undo_action is None:
            self._actions()
        if self.current in self.pages:
            self._tab_order(self.pages[self.current])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        width = next(w for least, w in STEP_LIST_WIDTHS if self.width() >= least)
        if self.step_list.width() != width:
            self.step_list.setFixedWidth(width)
            self.step_list.doItemsLayout()     # the names wrap to the new width
        super().resizeEvent(event)
        self._elide_flash()

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
        from .messages import warn

        warn(parent, "无法打开", exc.message)
        return None
    return MainWindow(session)
