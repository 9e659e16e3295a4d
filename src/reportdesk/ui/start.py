"""The start screen: the drafts, and 新建 · 从上年报告开始 · 导入已发布报告 · 打开 · 删除.

What only an action needs (dialogs, message boxes, file choosers) is imported by the action:
each Qt class costs start-up time when it is first touched.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMainWindow, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..errors import ReportdeskError
from ..store.records import STATUS_NAMES

AGENCY_SETTING = "agency"
START_SIZE = QSize(980, 560)


class StartWindow(QMainWindow):
    """The list of drafts and what can be done with them."""

    opened = Signal(object)   # the MainWindow of the draft just opened

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.main = None
        self.setObjectName("startWindow")
        self.setWindowTitle("reportdesk — 政府信息公开工作年度报告")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(20, 16, 20, 16)
        title = QLabel("政府信息公开工作年度报告")
        title.setObjectName("stepTitle")
        layout.addWidget(title)
        self.hello = QLabel()
        self.hello.setObjectName("guidance")
        layout.addWidget(self.hello)
        body = QHBoxLayout()
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("drafts")
        self.table.setHorizontalHeaderLabels(["机关", "年度", "状态", "最后修改", "错误", "未填"])
        self.table.setAccessibleName("草稿列表")
        self.table.setAccessibleDescription("每一行是一份报告草稿：机关、年度、状态、最后修改时间、错误数和未填的格子数；"
                                            "双击、按回车或按“打开”开始填写")
        self.table.horizontalHeader().setAccessibleName("草稿列表的列标题")
        self.table.horizontalHeader().setAccessibleDescription("机关、年度、状态、最后修改、错误、未填")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in range(1, 6):
            header.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        # Enter opens the chosen draft, as in any file list (a main window has no default button)
        for key in (Qt.Key_Return, Qt.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.open_selected, context=Qt.WidgetShortcut)
        body.addWidget(self.table, 1)
        side = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot, what in (
                ("new", "新建…", self.new_draft, "为一个机关和年度新建一份空白的报告草稿"),
                ("carry", "从上年报告开始…", self.from_last_year, "用上年的报告（草稿或文件）开始今年的报告：带上上年的文字和结转数"),
                ("import", "导入已发布报告…", self.import_report, "读入一份已发布的报告（Word、WPS、网页、PDF、文本），成为草稿"),
                ("open", "打开", self.open_selected, "打开列表中选中的草稿继续填写"),
                ("delete", "删除…", self.delete_selected, "删除列表中选中的草稿（删除前自动备份）")):
            button = QPushButton(text)
            button.setAccessibleDescription(what)
            button.setToolTip(what)
            button.setMinimumWidth(150)
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[key] = button
        self.buttons["open"].setObjectName("primary")
        side.addSpacing(16)
        button = QPushButton("批量审阅报告…")  # its window is imported when first opened
        button.setToolTip("一次检查许多份已发布的报告（例如下级机关报送的）")
        button.setAccessibleDescription(button.toolTip())
        button.clicked.connect(self.batch_review)
        side.addWidget(button)
        self.buttons["batch"] = button
        side.addStretch(1)
        body.addLayout(side)
        layout.addLayout(body, 1)
        self.empty = QLabel("还没有草稿。点“新建”开始填写今年的报告；有上年的报告，点“从上年报告开始”更省事。")
        self.empty.setObjectName("guidance")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.setCentralWidget(central)
        from .screen import fit_window

        fit_window(self, START_SIZE)
        self._counts: dict[tuple[int, str], tuple[int, int]] = {}
        self.refresh(counts=False)
        # Errors and blanks need every draft loaded and checked (the form and the rules too):
        # put in once the list has been painted, or after a moment should it never be
        self._counted = False
        QTimer.singleShot(300, self, self._first_counts)   # (the timer dies with the window)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            from .screen import keep_on_screen

            QTimer.singleShot(200, self, lambda: keep_on_screen(self, START_SIZE))   # the real frame is known then

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._counted:
            QTimer.singleShot(0, self, self._first_counts)

    def _first_counts(self) -> None:
        if not self._counted:
            self._counted = True
            self._fill_counts()

    # -- the list

    def refresh(self, counts: bool = True) -> None:
        """Re-read the drafts from the store (with each draft's errors and blanks when ``counts``)."""
        agency = self.store.get_setting(AGENCY_SETTING) or ""
        self.hello.setText(f"本机关：{agency}" if agency else "")
        self.infos = self.store.list_drafts()
        self.table.setRowCount(len(self.infos))
        for r, info in enumerate(self.infos):
            cells = [info.agency or "（未填机关名称）", f"{info.year}" if info.year else "—",
                     STATUS_NAMES.get(info.status, info.status), str(info.modified)[:16].replace("T", " "), "…", "…"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignCenter)
                item.setData(Qt.UserRole, info.id)
                self.table.setItem(r, c, item)
        if counts:
            self._fill_counts()
        self.empty.setVisible(not self.infos)
        if self.infos and not self.table.selectedItems():
            self.table.selectRow(0)
        for key in ("open", "delete"):
            self.buttons[key].setEnabled(bool(self.infos))

    def _fill_counts(self) -> None:
        """Put each draft's errors and blank cells in the list."""
        for r, info in enumerate(self.infos):
            errors, blanks = self._count(info)
            for c, n in ((4, errors), (5, blanks)):
                item = self.table.item(r, c)
                if item is not None:
                    item.setText(str(n) if n is not None else "?")
                    if c == 4 and errors:
                        item.setForeground(Qt.red)

    def _count(self, info) -> tuple[int | None, int | None]:
        """Errors (as being filled in) and blank cells of a draft, cached by its modification time."""
        from ..rules import ERROR, check

        key = (info.id, str(info.modified))
        if key not in self._counts:
            try:
                draft = self.store.load(info.id)
                findings = check(draft.report, draft.last_year, complete=False)
                self._counts[key] = (sum(f.severity == ERROR for f in findings), len(draft.report.blank_cells()))
            except ReportdeskError:
                return None, None
        return self._counts[key]

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    # -- first run

    def ask_agency(self) -> None:
        """The first time, ask for the agency's name once and remember it."""
        if self.store.get_setting(AGENCY_SETTING):
            return
        from . import messages

        name = messages.ask_text(self, "欢迎使用", "请输入本机关的名称（报告标题要用；以后新建报告时自动填写）：")
        if name and name.strip():
            self.store.set_setting(AGENCY_SETTING, " ".join(name.split()))
            self.refresh()

    def _agency(self) -> str:
        return self.store.get_setting(AGENCY_SETTING) or ""

    def _remember(self, agency: str) -> None:
        if agency and not self._agency():
            self.store.set_setting(AGENCY_SETTING, agency)

    # -- actions

    def new_draft(self) -> int | None:
        """新建: a blank draft for an agency and year (an existing one is opened instead)."""
        from PySide6.QtWidgets import QDialog

        from .dialogs import DraftDialog, default_year
        from .messages import inform, warn

        dialog = DraftDialog(self, "新建报告", self._agency(), default_year())
        if dialog.exec() != QDialog.Accepted:
            return None
        agency, year = dialog.values()
        try:
            existing = self.store.find(agency, year)
            if existing is not None:
                inform(self, "新建报告", f"“{agency}”{year}年的报告已经有草稿，将打开它。")
                draft_id = existing
            else:
                draft_id = self.store.create(agency, year)
        except ReportdeskError as exc:
            warn(self, "新建报告", exc.message)
            return None
        self._remember(agency)
        self.open_draft(draft_id)
        return draft_id

    def from_last_year(self) -> int | None:
        """从上年报告开始: a new draft carried from last year's draft or report file."""
        from PySide6.QtWidgets import QDialog

        from .dialogs import FromLastYearDialog, default_year
        from .messages import warn

        dialog = FromLastYearDialog(self, self.store.list_drafts(), self._agency(), default_year())
        if dialog.exec() != QDialog.Accepted:
            return None
        agency, year = dialog.values()
        source = dialog.source()
        if source is None:
            warn(self, "从上年报告开始", "请选择上年的报告（草稿或文件）。")
            return None
        try:
            if isinstance(source, str):
                from ..importers import read_report
                from .busy import run_busy

                last = run_busy(self, f"正在读取“{Path(source).name}”……", lambda: read_report(source).report)
                draft_id = self.store.new_from(last, agency, year, name=Path(source).name)
            else:
                draft_id = self.store.new_from(source, agency, year)
        except ReportdeskError as exc:
            warn(self, "从上年报告开始", exc.message)
            return None
        self._remember(agency)
        self.open_draft(draft_id)
        return draft_id

    def import_report(self) -> int | None:
        """导入已发布报告: read a published report into a new draft (with a preview when available)."""
        from PySide6.QtWidgets import QDialog

        from .files import ask_open, report_files
        from .messages import ask, warn

        path = ask_open(self, "导入已发布的报告", report_files(), "import/folder")
        if path is None:
            return None
        from .import_preview import ImportPreviewDialog

        try:
            dialog = ImportPreviewDialog(self, path)
            if dialog.exec() != QDialog.Accepted or dialog.import_result is None:
                return None
            result, purpose = dialog.import_result, dialog.purpose
            if purpose == "basis":  # next year's draft, started from this published report
                draft_id = self.store.new_from(result.report, name=Path(path).name)
            else:
                draft_id = self.store.import_report(result.report, name=Path(path).name)
        except ReportdeskError as exc:
            from ..store import DraftExists

            if isinstance(exc, DraftExists):
                existing = exc.draft_id
                if ask(self, "已有这份草稿", f"{exc.message}\n\n打开已有的草稿吗？", default=True):
                    self.open_draft(existing)
                return None
            warn(self, "无法导入", exc.message)
            return None
        self.open_draft(draft_id)
        return draft_id

    def open_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is not None:
            self.open_draft(draft_id)

    def open_draft(self, draft_id: int):
        """Open a draft in the main window (this window hides until it is closed)."""
        from .main_window import open_draft_window

        self.main = open_draft_window(self.store, draft_id, self)
        if self.main is None:
            self.refresh()
            return None
        self.main.closed.connect(self._main_closed)
        self.main.show()
        self.hide()
        # the keyboard goes to the window that replaced this one (a desktop without a window
        # manager, or one that does not focus new windows, would leave it nowhere)
        self.main.activateWindow()
        self.opened.emit(self.main)
        return self.main

    def _main_closed(self) -> None:
        self.main = None
        self.refresh()
        self.show()
        self.activateWindow()

    def delete_selected(self) -> bool:
        """删除, after confirmation (a backup is taken first)."""
        draft_id = self.selected_id()
        if draft_id is None:
            return False
        info = next(i for i in self.infos if i.id == draft_id)
        from .messages import ask, warn

        if not ask(self, "删除草稿", f"确定删除“{info.agency}”{info.year or ''}年的草稿吗？\n"
                   "删除前会自动备份；误删了可以用“reportdesk drafts restore”恢复。"):
            return False
        try:
            self.store.delete(draft_id)
        except ReportdeskError as exc:
            warn(self, "无法删除", exc.message)
        self.refresh()
        return True

    def batch_review(self) -> None:
        from .batch import BatchReviewWindow

        self._batch = BatchReviewWindow()
        self._batch.show()
