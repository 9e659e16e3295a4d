"""导入已发布报告: a preview of what was read from a published report, before it becomes a
draft or the basis of next year's draft.

    dialog = ImportPreviewDialog(parent, path)
    if dialog.exec() == QDialog.Accepted:
        result = dialog.import_result      # reportdesk.importers.ImportResult
        purpose = dialog.purpose           # "draft" or "basis" (next year's draft)

or, with the file chooser first: ``choose_and_preview(parent)`` → ``(result, purpose)`` or None.

The tables are laid out from ``form.tables[...].grid()`` like the wizard's; a cell whose
value needed interpretation (“—”, “/”, “无”, blank) is yellow, one the file did not have or
could not be read is red, and every cell's tooltip says what the import log says of it. The
log lists every entry, the ones to look at (unrecognised labels, interpretations) coloured
and, at first, alone (a check box shows the rest).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
    QWidget,
)

from ..errors import UnreadableReport
from ..importers.log import INTERPRETED, KIND_NAMES, MISSING, PROBLEM_KINDS, UNREAD_KINDS, ImportLog

INTERPRETED_BG = QColor("#fff1c2")
PROBLEM_BG = QColor("#f9d6d5")
HEADER_BG = QColor("#dde6f0")
LABEL_BG = QColor("#f7f9fb")

DRAFT = "draft"
BASIS = "basis"


class ImportPreviewDialog(QDialog):
    """Reads ``path`` and shows what was read; accepting gives :attr:`import_result`."""

    def __init__(self, parent: QWidget | None, path: str | Path, form=None, *, review_only: bool = False):
        super().__init__(parent)
        protect_none()
        self.review_only = review_only
        self.setWindowTitle("查看报告" if review_only else "导入已发布报告")
        from PySide6.QtCore import QSize

        from .screen import fit_window

        fit_window(self, QSize(1100, 760))   # no larger than the screen (1366×768 at 150 %)
        self.path = Path(path)
        self.import_result = None
        self.purpose = DRAFT
        self.error = ""
        layout = QVBoxLayout(self)
        try:
            from ..importers import read_report
            from .busy import run_busy

            # a .doc or .wps goes through LibreOffice: seconds, the first time half a minute
            self.import_result = run_busy(parent, f"正在读取“{self.path.name}”……",
                                          lambda: read_report(self.path, form))
        except UnreadableReport as exc:
            self.error = exc.message
        if self.import_result is None:
            self._show_error(layout)
            return
        self._build(layout)

    # -- building

    def _show_error(self, layout: QVBoxLayout) -> None:
        label = QLabel(f"无法导入这个文件：\n\n{self.error}")
        label.setObjectName("importError")
        label.setWordWrap(True)
        label.setStyleSheet("color: #b3261e; font-size: 12pt; padding: 16px;")
        layout.addWidget(label, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        close = buttons.button(QDialogButtonBox.Close)
        close.setText("关闭")
        close.setAccessibleDescription("关上这个窗口")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _build(self, layout: QVBoxLayout) -> None:
        result = self.import_result
        report, log = result.report, result.log
        head = QFormLayout()
        self.agency_edit = QLineEdit(report.agency)
        self.agency_edit.setPlaceholderText("标题中没有找到机关名称，请填写")
        self.year_edit = QSpinBox()
        self.year_edit.setRange(2000, 2100)
        self.year_edit.setValue(report.year or 2000)
        self.year_edit.setSpecialValueText("（请填写）")
        _describe(self.agency_edit, "机关名称", "从报告标题读出的机关名称；没有读到时请填写")
        _describe(self.year_edit, "报告年度", "从报告标题读出的年度；没有读到时请填写")
        head.addRow("机关名称：", self.agency_edit)
        head.addRow("报告年度：", self.year_edit)
        layout.addLayout(head)
        self.missing = QLabel("")
        self.missing.setObjectName("missingTitle")
        self.missing.setStyleSheet("color: #b3261e;")
        self.missing.setVisible(False)
        layout.addWidget(self.missing)
        self.summary = QLabel(f"“{self.path.name}”（{_kind_name(result.kind)}）：{log.summary()}")
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.check_label = QLabel(_check_summary(report))
        self.check_label.setObjectName("checkSummary")
        self.check_label.setWordWrap(True)
        layout.addWidget(self.check_label)
        legend = QLabel('<span style="background:#fff1c2">&nbsp;黄色&nbsp;</span> 原文不是数字，已按说明读取，请核对；'
                        '<span style="background:#f9d6d5">&nbsp;红色&nbsp;</span> 原文没有或无法读取，导入后留空待填。'
                        '鼠标停在单元格上可看原文。')
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.tabs = QTabWidget()
        notes = _notes_by_cell(log)
        self.grids: dict[str, QTableWidget] = {}
        for tid, table in report.form.tables.items():
            grid = _table_grid(table, report, notes)
            _describe(grid, f"读到的{table.short_name}", "黄色：原文不是数字，已按说明读取；红色：原文没有或无法读取。"
                      "鼠标停在单元格上可看原文")
            self.grids[tid] = grid
            self.tabs.addTab(grid, f"{table.short_name} {table.heading}")
        self.texts_view = QPlainTextEdit(_texts_of(report))
        self.texts_view.setReadOnly(True)
        _describe(self.texts_view, "读到的正文", "报告各部分的文字，按部分排列，只读")
        self.tabs.addTab(self.texts_view, "正文")
        self.log_table = _log_table(log)
        _describe(self.log_table, "导入记录", "每个单元格和每部分文字是怎样读到的；需要核对的排在前面")
        _describe(self.log_table.horizontalHeader(), "导入记录的列标题", "类别、位置、说明")
        problems = len(log.problems())
        log_page = QWidget()
        log_layout = QVBoxLayout(log_page)
        log_layout.setContentsMargins(0, 4, 0, 0)
        # a report gives some 200 entries, nearly all “已读取”: the ones to look at come first
        self.only_problems = QCheckBox(f"只看需要核对的 {problems} 处（需核对、未识别、缺少）")
        self.only_problems.setEnabled(bool(problems))
        self.only_problems.setAccessibleDescription("只列出需要核对、没有识别或缺少的项目")
        self.only_problems.toggled.connect(self._filter_log)
        self.only_problems.setChecked(bool(problems))
        log_layout.addWidget(self.only_problems)
        log_layout.addWidget(self.log_table, 1)
        self.tabs.addTab(log_page, f"导入记录（需核对{problems}处）" if problems else "导入记录")
        layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        if self.review_only:  # opened from 批量审核: look, do not import
            close = QPushButton("关闭")
            close.setAccessibleDescription("关上这个窗口")
            close.clicked.connect(self.reject)
            buttons.addWidget(close)
            layout.addLayout(buttons)
            return
        self.draft_button = QPushButton("导入为草稿")
        self.draft_button.setToolTip("把这份已发布的报告导入为草稿，可以修改后重新导出")
        self.basis_button = QPushButton("作为下一年报告的基础")
        self.basis_button.setToolTip("用这份报告开始下一年的报告：上年结转、现行有效件数和正文带入新草稿")
        cancel = QPushButton("取消")
        cancel.setAccessibleDescription("不导入，关上这个窗口")
        for b in (self.draft_button, self.basis_button):
            b.setAccessibleDescription(b.toolTip())
        self.draft_button.setDefault(True)
        self.draft_button.clicked.connect(lambda: self._accept(DRAFT))
        self.basis_button.clicked.connect(lambda: self._accept(BASIS))
        cancel.clicked.connect(self.reject)
        for b in (self.draft_button, self.basis_button, cancel):
            buttons.addWidget(b)
        layout.addLayout(buttons)

    def _filter_log(self, only_problems: bool) -> None:
        for row in range(self.log_table.rowCount()):
            kind = self.log_table.item(row, 0).data(Qt.UserRole)
            self.log_table.setRowHidden(row, only_problems and kind not in PROBLEM_KINDS)

    def _accept(self, purpose: str) -> None:
        agency = self.agency_edit.text().strip()
        year = self.year_edit.value()
        if not agency or year == self.year_edit.minimum():
            self.missing.setText("请先填写机关名称和报告年度（这份报告的标题中没有找到）")
            self.missing.setVisible(True)
            (self.year_edit if agency else self.agency_edit).setFocus()
            return
        report = self.import_result.report
        report.agency, report.year = agency, year
        self.purpose = purpose
        self.accept()


def protect_none() -> None:
    """Use the wizard's guard against PySide6's reference-count bug when it is there."""
    try:
        from .pyside_fix import protect_none as protect
    except ImportError:
        return
    protect()


def choose_and_preview(parent: QWidget | None = None, form=None):
    """Ask for a file, preview it; ``(ImportResult, "draft"|"basis")`` when accepted, else None."""
    from .files import ask_open, report_files

    path = ask_open(parent, "导入已发布报告", report_files(), "import/folder")
    if path is None:
        return None
    dialog = ImportPreviewDialog(parent, path, form)
    if dialog.exec() == QDialog.Accepted and dialog.import_result is not None:
        return dialog.import_result, dialog.purpose
    return None


# ----------------------------------------------------------------------------- pieces


def _describe(widget, name: str, description: str) -> None:
    """What a screen reader says of a control."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)

def _kind_name(kind: str) -> str:
    from ..importers import KIND_NAMES as NAMES

    return NAMES.get(kind, kind)


def _notes_by_cell(log: ImportLog) -> dict[str, list]:
    notes: dict[str, list] = {}
    for e in log.entries:
        if e.cell:
            notes.setdefault(e.cell, []).append(e)
    return notes


def _table_grid(table, report, notes) -> QTableWidget:
    """A read-only grid laid out as printed, with the imported numbers and their marks."""
    from ..values import format_value

    grid = table.grid()
    widget = QTableWidget(grid.rows, grid.cols)
    widget.setObjectName(f"grid_{table.id}")
    widget.setEditTriggers(QAbstractItemView.NoEditTriggers)
    widget.horizontalHeader().setVisible(False)
    widget.verticalHeader().setVisible(False)
    widget.setWordWrap(True)
    for c in grid.cells:
        if c.rowspan > 1 or c.colspan > 1:
            widget.setSpan(c.row, c.col, c.rowspan, c.colspan)
        if c.cell_id is None:
            item = QTableWidgetItem(c.text)
            item.setBackground(QBrush(HEADER_BG if c.role in ("header", "corner", "title") else LABEL_BG))
            item.setTextAlignment(Qt.AlignCenter if c.role != "label" else Qt.AlignVCenter | Qt.AlignLeft)
        else:
            cid = c.cell_id
            bad = report.invalid.get(cid)
            value = report.values[cid]
            item = QTableWidgetItem(bad.raw if bad else format_value(value, report.form.cells[cid].kind))
            item.setData(Qt.UserRole, cid)
            item.setTextAlignment(Qt.AlignCenter)
            entries = notes.get(cid, [])
            kinds = {e.kind for e in entries}
            if bad is not None or (value is None) or MISSING in kinds:
                item.setBackground(QBrush(PROBLEM_BG))
            elif INTERPRETED in kinds:
                item.setBackground(QBrush(INTERPRETED_BG))
            tip = [report.form.cell_name(cid)]
            tip += [f"{KIND_NAMES.get(e.kind, e.kind)}：{e.message}" + (f"（原文“{e.raw}”）" if e.raw is not None else "")
                    for e in entries]
            if bad is not None:
                tip.append(f"无效：{bad.reason}")
            if not entries and value is None:
                tip.append("文件中没有这个数字，导入后留空待填")
            item.setToolTip("\n".join(tip))
        widget.setItem(c.row, c.col, item)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.Interactive)
    widget.resizeColumnsToContents()
    for col in range(grid.cols):
        widget.setColumnWidth(col, min(max(widget.columnWidth(col), 56), 260))
    widget.resizeRowsToContents()
    return widget


def _check_summary(report) -> str:
    """What the checks say of the report as published, and what becomes of its totals."""
    from ..rules import check

    findings = check(report)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    text = "校验：没有发现问题。" if not findings else f"校验：{errors}个错误，{warnings}个提示（导入后在“检查”一步逐条列出）。"
    _, differed = report.as_draft()
    if differed:
        text += f"原文有{len(differed)}个总计与各项之和不符；导入为草稿后，总计按各项重新计算。"
    return text


def _texts_of(report) -> str:
    parts = []
    for tid in report.form.text_ids():
        text = report.texts.get(tid)
        if text:
            parts.append(f"【{report.form.texts[tid].heading}】\n{text}")
    return "\n\n".join(parts) or "（没有读到正文）"


def _log_table(log: ImportLog) -> QTableWidget:
    widget = QTableWidget(len(log.entries), 3)
    widget.setObjectName("importLog")
    widget.setHorizontalHeaderLabels(["类型", "说明", "原文"])
    widget.setEditTriggers(QAbstractItemView.NoEditTriggers)
    widget.verticalHeader().setVisible(False)
    for i, e in enumerate(log.entries):
        cells = [KIND_NAMES.get(e.kind, e.kind), e.message, e.raw or ""]
        colour = INTERPRETED_BG if e.kind == INTERPRETED else PROBLEM_BG if e.kind in UNREAD_KINDS else None
        for j, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour is not None:
                item.setBackground(QBrush(colour))
            if j:
                item.setToolTip(text)   # long messages are cut at the column's edge
            widget.setItem(i, j, item)
        widget.item(i, 0).setData(Qt.UserRole, e.kind)
    widget.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
    widget.resizeColumnToContents(0)
    widget.setColumnWidth(2, 200)
    return widget
