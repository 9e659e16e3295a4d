"""The start screen: the drafts, and 新建 · 从上年报告开始 · 导入已发布报告 · 打开 · 删除."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMainWindow,
                               QMessageBox, QPushButton, QRadioButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..errors import ReportdeskError
from ..rules import ERROR, check

AGENCY_SETTING = "agency"
REPORT_FILES = "报告文件 (*.docx *.json *.txt *.html *.htm *.pdf);;所有文件 (*)"
STATUS_NAMES = {"draft": "草稿", "final": "已定稿"}


def default_year() -> int:
    """The year a clerk most likely reports on: last year (reports are due in Jan–Mar)."""
    return date.today().year - 1


def optional_class(module: str, name: str):
    """A class from a part of the program that may not be installed, or None."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("reportdesk"):
            raise
        return None
    except AttributeError:
        return None


class DraftDialog(QDialog):
    """Agency and year of a new draft."""

    def __init__(self, parent, title: str, agency: str, year: int, note: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            layout.addWidget(label)
        form = QFormLayout()
        self.agency = QLineEdit(agency)
        self.agency.setObjectName("agency")
        self.agency.setMinimumWidth(360)
        self.agency.setPlaceholderText("例如：武陟县小董乡人民政府")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        form.addRow("机关名称：", self.agency)
        form.addRow("报告年度：", self.year)
        layout.addLayout(form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("确定")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.agency.text().strip():
            QMessageBox.warning(self, "机关名称", "请填写机关名称，它是报告标题的一部分。")
            self.agency.setFocus()
            return
        self.accept()

    def values(self) -> tuple[str, int]:
        return self.agency.text().strip(), self.year.value()


class FromLastYearDialog(DraftDialog):
    """Start from last year's report: a draft in the list, or a file (.docx, .json, .txt …)."""

    def __init__(self, parent, drafts, agency: str, year: int):
        super().__init__(parent, "从上年报告开始", agency, year,
                         "新报告会带上上年的文字（需要改写）、上年结转数和现行有效件数；本年的数字留空，上年的数字在填写时可以看到。")
        self.drafts = drafts
        self.from_draft = QRadioButton("草稿列表中的上年报告：")
        self.from_file = QRadioButton("文件（Word、网页、文本或报告文件）：")
        group = QButtonGroup(self)
        group.addButton(self.from_draft)
        group.addButton(self.from_file)
        self.draft_box = QComboBox()
        for info in drafts:
            self.draft_box.addItem(f"{info.agency} {info.year or ''}年（{STATUS_NAMES.get(info.status, info.status)}）",
                                   info.id)
        self.path = QLineEdit()
        self.path.setPlaceholderText("选择上年的报告文件……")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.extra.addWidget(self.from_draft)
        self.extra.addWidget(self.draft_box)
        self.extra.addWidget(self.from_file)
        self.extra.addLayout(row)
        (self.from_draft if drafts else self.from_file).setChecked(True)
        self.from_draft.setEnabled(bool(drafts))
        self.draft_box.setEnabled(bool(drafts))
        self.draft_box.currentIndexChanged.connect(self._follow_draft)
        self._follow_draft()

    def _follow_draft(self) -> None:
        i = self.draft_box.currentIndex()
        if i >= 0 and self.drafts[i].year:
            self.year.setValue(self.drafts[i].year + 1)
            if self.drafts[i].agency:
                self.agency.setText(self.drafts[i].agency)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择上年的报告", str(Path.home()), REPORT_FILES)
        if path:
            self.path.setText(path)
            self.from_file.setChecked(True)

    def source(self) -> int | str | None:
        """The draft id, or the file path, chosen as last year's report."""
        if self.from_draft.isChecked():
            return self.draft_box.currentData()
        return self.path.text().strip() or None


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
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in range(1, 6):
            header.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        body.addWidget(self.table, 1)
        side = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("new", "新建…", self.new_draft), ("carry", "从上年报告开始…", self.from_last_year),
                                ("import", "导入已发布报告…", self.import_report), ("open", "打开", self.open_selected),
                                ("delete", "删除…", self.delete_selected)):
            button = QPushButton(text)
            button.setMinimumWidth(170)
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[key] = button
        self.buttons["open"].setObjectName("primary")
        batch = optional_class("reportdesk.ui.batch", "BatchReviewWindow")
        if batch is not None:
            side.addSpacing(16)
            button = QPushButton("批量审阅报告…")
            button.setToolTip("一次检查许多份已发布的报告（例如下级机关报送的）")
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
        self.resize(980, 560)
        self._counts: dict[tuple[int, str], tuple[int, int]] = {}
        self.refresh()

    # -- the list

    def refresh(self) -> None:
        """Re-read the drafts from the store."""
        agency = self.store.get_setting(AGENCY_SETTING) or ""
        self.hello.setText(f"本机关：{agency}" if agency else "")
        self.infos = self.store.list_drafts()
        self.table.setRowCount(len(self.infos))
        for r, info in enumerate(self.infos):
            errors, blanks = self._count(info)
            cells = [info.agency or "（未填机关名称）", f"{info.year}" if info.year else "—",
                     STATUS_NAMES.get(info.status, info.status), str(info.modified)[:16].replace("T", " "),
                     str(errors) if errors is not None else "?", str(blanks) if blanks is not None else "?"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignCenter)
                if c == 4 and errors:
                    item.setForeground(Qt.red)
                item.setData(Qt.UserRole, info.id)
                self.table.setItem(r, c, item)
        self.empty.setVisible(not self.infos)
        if self.infos and not self.table.selectedItems():
            self.table.selectRow(0)
        for key in ("open", "delete"):
            self.buttons[key].setEnabled(bool(self.infos))

    def _count(self, info) -> tuple[int | None, int | None]:
        """Errors (as being filled in) and blank cells of a draft, cached by its modification time."""
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
        name, ok = QInputDialog.getText(self, "欢迎使用", "请输入本机关的名称（报告标题要用；以后新建报告时自动填写）：")
        if ok and name.strip():
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
        dialog = DraftDialog(self, "新建报告", self._agency(), default_year())
        if dialog.exec() != QDialog.Accepted:
            return None
        agency, year = dialog.values()
        try:
            existing = self.store.find(agency, year)
            if existing is not None:
                QMessageBox.information(self, "新建报告", f"“{agency}”{year}年的报告已经有草稿，将打开它。")
                draft_id = existing
            else:
                draft_id = self.store.create(agency, year)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "新建报告", exc.message)
            return None
        self._remember(agency)
        self.open_draft(draft_id)
        return draft_id

    def from_last_year(self) -> int | None:
        """从上年报告开始: a new draft carried from last year's draft or report file."""
        dialog = FromLastYearDialog(self, self.store.list_drafts(), self._agency(), default_year())
        if dialog.exec() != QDialog.Accepted:
            return None
        agency, year = dialog.values()
        source = dialog.source()
        if source is None:
            QMessageBox.warning(self, "从上年报告开始", "请选择上年的报告（草稿或文件）。")
            return None
        try:
            if isinstance(source, str):
                from ..importers import read_report

                last = read_report(source).report
                draft_id = self.store.new_from(last, agency, year, name=Path(source).name)
            else:
                draft_id = self.store.new_from(source, agency, year)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "从上年报告开始", exc.message)
            return None
        self._remember(agency)
        self.open_draft(draft_id)
        return draft_id

    def import_report(self) -> int | None:
        """导入已发布报告: read a published report into a new draft (with a preview when available)."""
        path, _ = QFileDialog.getOpenFileName(self, "导入已发布的报告", QSettings().value("import/folder", str(Path.home())),
                                              REPORT_FILES)
        if not path:
            return None
        QSettings().setValue("import/folder", str(Path(path).parent))
        preview = optional_class("reportdesk.ui.import_preview", "ImportPreviewDialog")
        purpose = "draft"
        try:
            if preview is not None:
                dialog = preview(self, path)
                if dialog.exec() != QDialog.Accepted or dialog.import_result is None:
                    return None
                result, purpose = dialog.import_result, getattr(dialog, "purpose", "draft")
            else:
                from ..importers import read_report

                result = read_report(path)
            if purpose == "basis":  # next year's draft, started from this published report
                draft_id = self.store.new_from(result.report, name=Path(path).name)
            else:
                draft_id = self.store.import_report(result.report, name=Path(path).name)
        except ReportdeskError as exc:
            from ..store import DraftExists

            if isinstance(exc, DraftExists):
                existing = exc.draft_id
                answer = QMessageBox.question(self, "已有这份草稿", f"{exc.message}\n\n打开已有的草稿吗？",
                                              QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
                if answer == QMessageBox.Yes:
                    self.open_draft(existing)
                return None
            QMessageBox.warning(self, "无法导入", exc.message)
            return None
        self.open_draft(draft_id)
        return draft_id

    def open_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is not None:
            self.open_draft(draft_id)

    def open_draft(self, draft_id: int):
        """Open a draft in the main window (this window hides until it is closed)."""
        from .main_window import MainWindow
        from .session import DraftSession

        try:
            session = DraftSession(self.store, draft_id)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "无法打开", exc.message)
            self.refresh()
            return None
        self.main = MainWindow(session)
        self.main.closed.connect(self._main_closed)
        self.main.show()
        self.hide()
        self.opened.emit(self.main)
        return self.main

    def _main_closed(self) -> None:
        self.main = None
        self.refresh()
        self.show()

    def delete_selected(self) -> bool:
        """删除, after confirmation (a backup is taken first)."""
        draft_id = self.selected_id()
        if draft_id is None:
            return False
        info = next(i for i in self.infos if i.id == draft_id)
        answer = QMessageBox.question(
            self, "删除草稿", f"确定删除“{info.agency}”{info.year or ''}年的草稿吗？\n"
            "删除前会自动备份；误删了可以用“reportdesk drafts restore”恢复。",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        try:
            self.store.delete(draft_id)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "无法删除", exc.message)
        self.refresh()
        return True

    def batch_review(self) -> None:
        window_class = optional_class("reportdesk.ui.batch", "BatchReviewWindow")
        if window_class is None:
            return
        self._batch = window_class()
        self._batch.show()
