"""A text part's page: the editor, its guidance, a character count, last year's text beside it."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from ..errors import ReportdeskError
from ..rules import Finding
from ..values import cn_number
from .findings import FindingsList
from .pages import StepPage
from .progress import Step
from .session import DraftSession, Update

# How long typing in a text may pause before it is saved (also saved on leaving the text).
TEXT_SAVE_DELAY_MS = 400
# Typing that never pauses is saved at least this often: a crash loses at most a second of it.
TEXT_SAVE_AT_LEAST_EVERY_S = 1.0


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
        self.editor.setAccessibleName(f"{step.title}的内容")
        self.editor.setAccessibleDescription(step.guidance or "在这里填写本部分内容")
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
            self.last.setAccessibleName(f"上年报告的这一部分（{session.last_year.year or ''}年，只读）")
            self.last.setAccessibleDescription("上年报告中同一部分的文字，供改写时参考，不能修改")
            self.last.setStyleSheet("QPlainTextEdit { background: #f2f4f7; color: #3b4653; }")
            rv.addWidget(self.last, 1)
            split.addWidget(right)
            split.setSizes([600, 400])
        self.layout_.addWidget(split, 3)
        self.findings = FindingsList(empty_text="这一部分没有发现问题")
        self.findings.chosen.connect(self.finding_chosen)
        self.findings.verify.connect(self.verify)
        self.layout_.addWidget(self.findings)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TEXT_SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        self._unsaved_since: float | None = None  # when the oldest edit not yet saved was typed
        self.editor.textChanged.connect(self._changed)
        self._count()
        self.findings.set_findings(self.my_findings())

    def _changed(self) -> None:
        self._count()
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        elif now - self._unsaved_since >= TEXT_SAVE_AT_LEAST_EVERY_S:
            self.save()
            return
        self.timer.start()

    def _count(self) -> None:
        text = self.editor.toPlainText()
        chars = sum(not ch.isspace() for ch in text)
        paragraphs = sum(bool(p.strip()) for p in text.split("\n"))
        self.count.setText(f"已写 {chars} 字，{paragraphs} 段")

    def save(self) -> None:
        """Save the editor's text now (the timer does it after a pause in typing, and typing
        without a pause is saved every second)."""
        self.timer.stop()
        self._unsaved_since = None
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
        """Select exactly what the finding is about: the year or the number in the quoted
        words (typing the fix then replaces only it), else the quoted words themselves."""
        self.editor.setFocus()
        quote = _quote_of(finding.message)
        if not quote:
            return
        text = self.editor.toPlainText()
        start = text.find(quote)
        if start < 0:   # the quote had a line break in it, or the text changed since
            token = exact_span(quote, finding)
            start = text.find(quote[token[0]:token[0] + token[1]]) if token else -1
            span = (start, token[1]) if start >= 0 else None
        else:
            token = exact_span(quote, finding)
            span = (start + token[0], token[1]) if token else (start, len(quote))
        if span is None:
            return
        cursor = self.editor.textCursor()
        cursor.setPosition(span[0])
        cursor.setPosition(span[0] + span[1], QTextCursor.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def enter(self) -> None:
        self.editor.setFocus()
        self.editor.moveCursor(QTextCursor.End) if not self.editor.textCursor().hasSelection() else None

    def leave(self) -> None:
        if self.timer.isActive():
            self.save()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)


_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零一二两三四五六七八九十百千万]+")


def exact_span(quote: str, finding: Finding) -> tuple[int, int] | None:
    """Where in ``quote`` the year or number the finding is about stands: (offset, length);
    None when the quote names no such number (then the whole quote is meant).

    Rule 9 (last year's date) names the year, rule 8 (a number that disagrees with the tables)
    the number said; a text that still has last year's figures, its first figure."""
    spans = [(m.start(), m.end() - m.start(), cn_number(m.group(0))) for m in _NUMBER.finditer(quote)]
    spans = [s for s in spans if s[2] is not None]
    wanted = finding.actual if isinstance(finding.actual, (int, float)) and not isinstance(finding.actual, bool) \
        else None
    for offset, length, value in spans:
        if wanted is not None and value == wanted:
            return offset, length
    if wanted is None and spans:
        return spans[0][0], spans[0][1]
    return None


def _quote_of(message: str) -> str:
    """The quoted words of a prose finding (“…写“全年共收到申请12件”…”), to find in the text."""
    start = message.find("“", message.find("”") + 1) if message.startswith("“") else message.find("“")
    end = message.find("”", start + 1)
    return message[start + 1:end] if start >= 0 and end > start else ""
