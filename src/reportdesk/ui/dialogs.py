"""The dialogs of the start screen: a new draft (agency and year), and starting from last year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSpinBox,
                               QVBoxLayout)

from ..store.records import STATUS_NAMES
from .messages import warn


def default_year() -> int:
    """The year a clerk most likely reports on: last year (reports are due in Jan–Mar)."""
    return date.today().year - 1


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
        self.agency.setAccessibleName("机关名称")
        self.agency.setAccessibleDescription("机关名称和报告年度组成报告的标题")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        self.year.setAccessibleName("报告年度")
        self.year.setAccessibleDescription("报告所写的是哪一年的工作（一般是上一年）")
        form.addRow("机关名称：", self.agency)
        form.addRow("报告年度：", self.year)
        layout.addLayout(form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        ok, cancel = buttons.button(QDialogButtonBox.Ok), buttons.button(QDialogButtonBox.Cancel)
        ok.setText("确定")
        ok.setAccessibleDescription("用这个机关名称和年度开始报告")
        cancel.setText("取消")
        cancel.setAccessibleDescription("不新建，关上这个窗口")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.agency.text().strip():
            warn(self, "机关名称", "请填写机关名称，它是报告标题的一部分。")
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
        self.from_draft.setAccessibleDescription("从本程序里上一年的草稿开始")
        self.from_file = QRadioButton("文件（Word、WPS、网页、文本或报告文件）：")
        self.from_file.setAccessibleDescription("从一份上年报告的文件开始")
        group = QButtonGroup(self)
        group.addButton(self.from_draft)
        group.addButton(self.from_file)
        self.draft_box = QComboBox()
        self.draft_box.setAccessibleName("上年的草稿")
        self.draft_box.setAccessibleDescription("选择作为上年报告的草稿")
        for info in drafts:
            self.draft_box.addItem(f"{info.agency} {info.year or ''}年（{STATUS_NAMES.get(info.status, info.status)}）",
                                   info.id)
        self.path = QLineEdit()
        self.path.setPlaceholderText("选择上年的报告文件……")
        self.path.setAccessibleName("上年报告文件")
        self.path.setAccessibleDescription("上年报告文件的位置；点“浏览…”选择")
        browse = QPushButton("浏览…")
        browse.setAccessibleDescription("选择上年报告的文件")
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
        from .files import ask_open, report_files

        path = ask_open(self, "选择上年的报告", report_files(), "import/folder")
        if path is not None:
            self.path.setText(str(path))
            self.from_file.setChecked(True)

    def source(self) -> int | str | None:
        """The draft id, or the file path, chosen as last year's report."""
        if self.from_draft.isChecked():
            return self.draft_box.currentData()
        return self.path.text().strip() or None
