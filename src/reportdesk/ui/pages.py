"""The pages of the wizard: 基本信息, a text part, a table. (检查与导出 is in check_page.py.)

Each page shows one :class:`~reportdesk.ui.progress.Step`, edits only through the
:class:`~reportdesk.ui.session.DraftSession`, and repaints from the session's updates.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..errors import InvalidValue, ReportdeskError
from ..rules import Finding
from ..values import format_value, parse_block
from .findings import FindingsList
from .grid import GridView, TableModel, paste_targets
from .progress import Step, touches
from .session import DraftSession, Update

# How long typing in a text may pause before it is saved (also saved on leaving the text).
TEXT_SAVE_DELAY_MS = 400


class StepPage(QWidget):
    """What every page has: the step, its title and guidance, and a way to report messages."""

    message = Signal(str)            # a line for the status bar
    finding_chosen = Signal(object)  # a finding clicked on this page

    def __init__(self, session: DraftSession, step: Step, parent=None):
        super().__init__(parent)
        self.session, self.step, self.form = session, step, session.form
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 10, 16, 6)
        title = QLabel(step.title)
        title.setObjectName("stepTitle")
        title.setWordWrap(True)
        self.layout_.addWidget(title)
        if step.guidance:
            guidance = QLabel(step.guidance)
            guidance.setObjectName("guidance")
            guidance.setWordWrap(True)
            self.layout_.addWidget(guidance)

    def on_update(self, update: Update) -> None:
        """Repaint from one edit's change set."""

    def show_finding(self, finding: Finding) -> None:
        """Select what a finding is about."""

    def help_text(self) -> str:
        """The guidance of the field the clerk is in (F1)."""
        return self.step.guidance

    def enter(self) -> None:
        """The page becomes visible: put the focus where typing starts."""

    def leave(self) -> None:
        """The page is left: save what is pending."""

    def set_read_only(self, read_only: bool) -> None:
        """A final draft shows everything and edits nothing."""

    def my_findings(self) -> list[Finding]:
        return [f for f in self.session.findings if touches(self.step, f, self.form)]


# ----------------------------------------------------------------------------- 基本信息


class InfoPage(StepPage):
    """机关名称 and 报告年度, which make the title."""

    def __init__(self, session: DraftSession, step: Step, parent=None):
        super().__init__(session, step, parent)
        form = QFormLayout()
        form.setContentsMargins(0, 16, 0, 0)
        form.setVerticalSpacing(14)
        self.agency = QLineEdit(session.report.agency)
        self.agency.setPlaceholderText("例如：武陟县小董乡人民政府")
        self.agency.setMinimumWidth(420)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSpecialValueText("（未填）")
        self.year.setMinimum(1999)
        self.year.setValue(session.report.year or 1999)
        self.year.setSuffix(" 年")
        self.year.setMinimumWidth(140)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow("机关名称：", self.agency)
        form.addRow("报告年度：", self.year)
        form.addRow("报告标题：", self.title)
        form.addRow("草稿情况：", self.status)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self._undo_filter = _GlobalUndoWhenEmpty(self)
        self.agency.installEventFilter(self._undo_filter)
        self.year.lineEdit().installEventFilter(self._undo_filter)
        self.agency.editingFinished.connect(self._save)
        self.year.editingFinished.connect(self._save)
        self.year.valueChanged.connect(lambda _: self._save() if not self.year.hasFocus() else None)
        self._show()

    def _save(self) -> None:
        if self.session.read_only:
            return
        year = self.year.value() if self.year.value() >= 2000 else None
        agency = self.agency.text().strip()
        if not agency:
            self.message.emit("机关名称不能为空")
            self.agency.setText(self.session.report.agency)
            return
        try:
            self.session.set_info(agency, year)
        except ReportdeskError as exc:
            self.message.emit(exc.message)

    def _show(self) -> None:
        report = self.session.report
        self.title.setText(f"<b>{report.title}</b>")
        info = self.session.info
        bits = ["已定稿（只读）" if self.session.read_only else "草稿"]
        if self.session.last_year is not None:
            bits.append(f"从{self.session.last_year.year or '上'}年报告开始填写，上年的数字在表格中可以看到")
        created = getattr(info, "created", "")
        if created:
            bits.append(f"创建于 {str(created)[:16].replace('T', ' ')}")
        self.status.setText("；".join(bits))

    def on_update(self, update: Update) -> None:
        if update.info:
            if not self.agency.hasFocus():
                self.agency.setText(self.session.report.agency)
            if not self.year.hasFocus():
                self.year.setValue(self.session.report.year or 1999)
            self._show()

    def enter(self) -> None:
        self.agency.setFocus()

    def leave(self) -> None:
        self._save()

    def set_read_only(self, read_only: bool) -> None:
        self.agency.setReadOnly(read_only)
        self.year.setReadOnly(read_only)
        self._show()


# ----------------------------------------------------------------------------- text parts


class TextEditor(QPlainTextEdit):
    """A text part's editor: its own undo is off, Ctrl+Z/Ctrl+Y reach the report's undo stack
    (after what was just typed is saved, so that it is the step undone)."""

    def __init__(self, before_undo, parent=None):
        super().__init__(parent)
        self.before_undo = before_undo
        self.setUndoRedoEnabled(False)

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and (event.matches(QKeySequence.Undo)
                                                        or event.matches(QKeySequence.Redo)):
            self.before_undo()
            event.ignore()
            return False
        return super().event(event)


class _GlobalUndoWhenEmpty(QObject):
    """A line edit keeps Ctrl+Z for its own typing; with nothing of its own to undo, the
    report's undo gets it."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.ShortcutOverride and isinstance(obj, QLineEdit):
            if (event.matches(QKeySequence.Undo) and not obj.isUndoAvailable()) or \
                    (event.matches(QKeySequence.Redo) and not obj.isRedoAvailable()):
                event.ignore()
                return True
        return False


class TextPage(StepPage):
    """One prose part: the editor, its guidance, a character count, last year's text beside it."""

    def __init__(self, session: DraftSession, step: Step, parent=None):
        super().__init__(session, step, parent)
        self.text_id = step.text_ids[0]
        split = QSplitter(Qt.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.editor = TextEditor(self.save)
        self.editor.setObjectName("textEditor")
        self.editor.setPlaceholderText("在这里填写本部分内容。每段一行，段首不用空格（导出时自动缩进两字）。")
        self.editor.setPlainText(session.report.text(self.text_id))
        lv.addWidget(self.editor, 1)
        self.count = QLabel()
        lv.addWidget(self.count)
        split.addWidget(left)
        last = session.last_year.text(self.text_id) if session.last_year is not None else ""
        self.last = None
        if last.strip():
            right = QWidget()
            rv = QVBoxLayout(right)
            rv.setContentsMargins(0, 0, 0, 0)
            rv.addWidget(QLabel(f"上年报告的这一部分（{session.last_year.year or ''}年，只读）："))
            self.last = QPlainTextEdit(last)
            self.last.setReadOnly(True)
            self.last.setObjectName("lastYearText")
            self.last.setStyleSheet("QPlainTextEdit { background: #f2f4f7; color: #3b4653; }")
            rv.addWidget(self.last, 1)
            split.addWidget(right)
            split.setSizes([600, 400])
        self.layout_.addWidget(split, 3)
        self.findings = FindingsList(empty_text="这一部分没有发现问题")
        self.findings.chosen.connect(self.finding_chosen)
        self.layout_.addWidget(self.findings)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TEXT_SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self._changed)
        self._count()
        self.findings.set_findings(self.my_findings())

    def _changed(self) -> None:
        self._count()
        self.timer.start()

    def _count(self) -> None:
        text = self.editor.toPlainText()
        chars = sum(not ch.isspace() for ch in text)
        paragraphs = sum(bool(p.strip()) for p in text.split("\n"))
        self.count.setText(f"已写 {chars} 字，{paragraphs} 段")

    def save(self) -> None:
        """Save the editor's text now (the timer does it after a pause in typing)."""
        self.timer.stop()
        if self.session.read_only:
            return
        try:
            self.session.set_text(self.text_id, self.editor.toPlainText())
        except ReportdeskError as exc:
            self.message.emit(exc.message)

    def on_update(self, update: Update) -> None:
        if self.text_id in update.texts:
            text = self.session.report.text(self.text_id)
            if text != self.editor.toPlainText():
                pos = self.editor.textCursor().position()
                self.editor.blockSignals(True)
                self.editor.setPlainText(text)
                self.editor.blockSignals(False)
                cursor = self.editor.textCursor()
                cursor.setPosition(min(pos, len(text)))
                self.editor.setTextCursor(cursor)
                self._count()
        if update.findings or self.text_id in update.texts:
            self.findings.set_findings(self.my_findings())

    def show_finding(self, finding: Finding) -> None:
        self.editor.setFocus()
        quote = _quote_of(finding.message)
        if quote:
            found = self.editor.document().find(quote)
            if not found.isNull():
                self.editor.setTextCursor(found)

    def enter(self) -> None:
        self.editor.setFocus()
        self.editor.moveCursor(QTextCursor.End) if not self.editor.textCursor().hasSelection() else None

    def leave(self) -> None:
        if self.timer.isActive():
            self.save()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)


def _quote_of(message: str) -> str:
    """The quoted words of a prose finding (“…写“全年共收到申请12件”…”), to find in the text."""
    start = message.find("“", message.find("”") + 1) if message.startswith("“") else message.find("“")
    end = message.find("”", start + 1)
    return message[start + 1:end] if start >= 0 and end > start else ""


# ----------------------------------------------------------------------------- tables


class TablePage(StepPage):
    """A table as printed, with the current cell's guidance and the table's findings below."""

    def __init__(self, session: DraftSession, step: Step, parent=None):
        super().__init__(session, step, parent)
        self.model = TableModel(session, step.table, self)
        self.view = GridView(self.model)
        self.view.setObjectName(f"grid_{step.table}")
        bar = QHBoxLayout()
        self.legend = QLabel(self._legend())
        self.legend.setObjectName("guidance")
        self.legend.setWordWrap(True)
        bar.addWidget(self.legend, 1)
        self.zero = QPushButton("空白填0")
        self.zero.setToolTip("把本表中还空着的单元格都填为0（确实没有发生的才这样做）；可以撤销")
        self.zero.clicked.connect(self.fill_zeros)
        bar.addWidget(self.zero)
        self.layout_.addLayout(bar)

        width, height = self.view.preferred_size()
        self.view.setMaximumSize(width + self.view.verticalScrollBar().sizeHint().width(), height)
        self.view.setMinimumHeight(min(height, 200))
        row = QHBoxLayout()
        row.addWidget(self.view, 1)   # as wide as the table, the rest of the row left empty
        row.addStretch(0)
        self.layout_.addLayout(row, 4)
        info = QHBoxLayout()
        self.cell_info = QLabel()
        self.cell_info.setObjectName("cellInfo")
        self.cell_info.setWordWrap(True)
        self.cell_info.setTextFormat(Qt.PlainText)
        info.addWidget(self.cell_info, 1)
        self.suggest = QPushButton()
        self.suggest.setObjectName("suggest")
        self.suggest.hide()
        self.suggest.clicked.connect(self._take_suggestion)
        info.addWidget(self.suggest)
        self.layout_.addLayout(info)
        self.notice = QLabel()
        self.notice.setObjectName("banner")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.layout_.addWidget(self.notice)
        self.findings = FindingsList(empty_text="本表没有发现错误")
        self.findings.chosen.connect(self._finding_here)
        self.layout_.addWidget(self.findings, 1)

        self.view.current_cell_changed.connect(self._show_cell)
        self.view.paste_requested.connect(self.paste)
        self.view.clear_requested.connect(self.clear_cells)
        self.view.delegate.refused.connect(lambda message, _: self.message.emit(message))
        self.findings.set_findings(self.my_findings())
        self._show_cell("")

    def _legend(self) -> str:
        bits = ["灰底：自动计算", "红底：数字对不上", "黄底：提示"]
        if self.session.last_year is not None:
            bits.append("蓝字：上年结转（鼠标停在格子上可看上年数）")
        bits.append("Ctrl+V：粘贴 Excel/WPS 复制的数字")
        return "　".join(bits)

    # -- repaint

    def on_update(self, update: Update) -> None:
        self.model.refresh(update.touched())
        if update.findings:
            self.findings.set_findings(self.my_findings())
        cid = self.model.cell_id(self.view.currentIndex())
        if cid and (cid in update.cells or update.findings):
            self._show_cell(cid)

    def _show_cell(self, cid: str) -> None:
        if not cid:
            self.cell_info.setText("选中一个格子可以看到它的填写说明（F1）。")
            self.suggest.hide()
            return
        self.cell_info.setText(self.model.describe(cid).replace("\n", "  ·  "))
        suggestion = self.session.suggestions.get(cid)
        kind = self.form.cells[cid].kind
        if suggestion is not None and suggestion != self.session.report.values[cid] and not self.session.read_only:
            self.suggest.setText(f"采用推算值 {format_value(suggestion, kind)}")
            self.suggest.setProperty("cellId", cid)
            self.suggest.setProperty("value", suggestion)
            self.suggest.show()
        else:
            self.suggest.hide()

    def _take_suggestion(self) -> None:
        cid = self.suggest.property("cellId")
        self._set({cid: self.suggest.property("value")}, f"采用推算值：{self.form.cell_name(cid)}")

    # -- edits that are not typing

    def _set(self, values: dict, label: str) -> bool:
        try:
            return self.session.set_cells(values, label)
        except ReportdeskError as exc:
            self.message.emit(exc.message)
            return False

    def fill_zeros(self) -> None:
        """“空白填0”: the blanks of this table become confirmed zeros, after asking, as one undo step."""
        blanks = [cid for cid in self.model.order if self.session.report.is_blank(cid)]
        if not blanks:
            self.message.emit(f"{self.form.tables[self.step.table].short_name}没有空白的格子")
            return
        answer = QMessageBox.question(
            self, "空白填0",
            f"{self.form.tables[self.step.table].short_name}还有 {len(blanks)} 个格子空着。\n"
            "确实没有发生的事项要填0。把它们全部填为0吗？\n（填错了可以按 Ctrl+Z 撤销）",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        if self._set(dict.fromkeys(blanks, 0), f"{self.form.tables[self.step.table].short_name}空白填0"):
            self.message.emit(f"已把 {len(blanks)} 个空白格填为0")

    def clear_cells(self, cells: list[str]) -> None:
        """Delete: the selected cells become blank again (computed ones are left alone)."""
        cells = [c for c in cells if self.model.editable(c) and not self.session.report.is_blank(c)]
        if cells:
            self._set(dict.fromkeys(cells), f"清空{len(cells)}个格子")

    def paste(self, start: QModelIndex, text: str) -> None:
        """Paste a block copied from Excel/WPS, starting at the current cell, as one undo step."""
        if self.session.read_only:
            self.message.emit("这份报告已定稿，只能查看")
            return
        block = parse_block(text)
        if not start.isValid() or not block:
            self.message.emit("剪贴板里没有可以粘贴的数字" if not block else "请先选中粘贴的起始格")
            return
        targets, notes = paste_targets(self.model, start, block)
        good, bad = {}, []
        for cid, raw in targets.items():
            try:
                good[cid] = self.session.parse(cid, raw)
            except InvalidValue as exc:
                bad.append(f"“{raw.strip()}”（{self.form.cell_name(cid)}：{exc.message.split('：')[-1]}）")
        if bad:
            notes.insert(0, f"{len(bad)}个值无法识别，没有粘贴：" + "；".join(bad[:5]) + ("……" if len(bad) > 5 else ""))
        done = self._set(good, f"粘贴{len(good)}个格子") if good else False
        summary = f"已粘贴 {len(good)} 个格子。" if done else "没有粘贴任何格子。"
        self.show_notice(summary + "".join(n + "。" for n in notes), warn=bool(notes))
        if good:
            self.view.select_cells(list(good))

    def show_notice(self, text: str, warn: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet("" if warn else "background: #e3f1e4; color: #1e4d22;")
        self.notice.show()
        self.message.emit(text)

    # -- findings and help

    def _finding_here(self, finding: Finding) -> None:
        self.show_finding(finding)

    def show_finding(self, finding: Finding) -> None:
        self.view.select_cells(finding.cells)

    def help_text(self) -> str:
        cid = self.model.cell_id(self.view.currentIndex())
        return self.model.describe(cid) if cid else self.step.guidance

    def enter(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid():
            first = next((c for c in self.model.order if self.session.report.is_blank(c)), None)
            self.view.go_to(first or self.model.order[0])

    def leave(self) -> None:
        self.view.finish_editing()

    def set_read_only(self, read_only: bool) -> None:
        self.zero.setEnabled(not read_only)
        self.model.refresh_all()

