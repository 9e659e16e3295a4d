"""The pages of the wizard: what every page has, and 基本信息 (a text part: text_page.py; a table:
table_page.py; 检查与导出: check_page.py — each imported when its first page is built).

Each page shows one :class:`~reportdesk.ui.progress.Step`, edits only through the
:class:`~reportdesk.ui.session.DraftSession`, and repaints from the session's updates.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from ..errors import ReportdeskError
from ..rules import Finding
from .plain_qt import set_enum
from .progress import Step, touches
from .session import DraftSession, Update


COMPACT_BELOW = 600   # a window less tall than this (1366×768 at 150 %) gets one-line guidance


class FoldingLabel(QLabel):
    """A label that wraps its text, or — in a window too low for that — shows one line, cut
    with “…”, the whole text in its tooltip (and in F1)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.full = text
        self.folded = False
        self.setWordWrap(True)
        set_enum(self, "textFormat", "PlainText")
        self.setText(text)
        self.setAccessibleDescription(text)

    def set_full(self, text: str) -> None:
        self.full = text
        self.setAccessibleDescription(text)
        self._show()

    def fold(self, folded: bool) -> None:
        if folded != self.folded:
            self.folded = folded
            self.setWordWrap(not folded)
            self._show()

    def _show(self) -> None:
        if self.folded:
            from PySide6.QtCore import Qt   # (only here: the first frame of a tall window needs no Qt enum)

            shown = self.fontMetrics().elidedText(self.full, Qt.ElideRight, max(40, self.width()))
            self.setText(shown)
            self.setToolTip(self.full if shown != self.full else "")
        else:
            self.setText(self.full)
            self.setToolTip("")

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        if self.folded:   # one line, as narrow as the layout wants
            hint.setWidth(min(hint.width(), 40))
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.folded:
            self._show()


class StepPage(QWidget):
    """What every page has: the step, its title and guidance, and a way to report messages."""

    message = Signal(str)            # a line for the status bar
    finding_chosen = Signal(object)  # a finding clicked on this page

    def __init__(self, session: DraftSession, step: Step, parent=None):
        super().__init__(parent)
        self.session, self.step, self.form = session, step, session.form
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 10, 16, 6)
        self.heading = QLabel(step.title)
        self.heading.setObjectName("stepTitle")
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("步骤名称")
        self.layout_.addWidget(self.heading)
        self.guidance = None
        self.folding: list[FoldingLabel] = []    # labels that fold to one line in a low window
        if step.guidance:
            self.guidance = FoldingLabel(step.guidance)
            self.guidance.setObjectName("guidance")
            self.guidance.setAccessibleName("填写说明")
            self.layout_.addWidget(self.guidance)
            self.folding.append(self.guidance)
        self.compact = False
        self.recent = lambda: []     # cells the clerk typed, newest first (the main window sets it)

    def set_compact(self, compact: bool) -> None:
        """A low window: guidance on one line (the whole of it in the tooltip and F1)."""
        self.compact = compact
        for label in self.folding:
            label.fold(compact)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        """What the page's scroll area must give it: its *least* height at that width (wrapped
        labels as tall as they need, the grid or the editor at their smallest) — so a page
        scrolls only when it cannot be squeezed, not whenever it is below its best size."""
        return self.layout_.minimumHeightForWidth(width)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        compact = self.window().height() < COMPACT_BELOW
        if compact != self.compact:
            self.set_compact(compact)
        super().resizeEvent(event)

    def on_update(self, update: Update) -> None:
        """Repaint from one edit's change set."""

    def show_finding(self, finding: Finding) -> None:
        """Select what a finding is about."""

    def verify(self, finding: Finding) -> bool:
        """标为已核实… on a warning of this page (or take the mark back): asks the reason."""
        from .findings import verify_finding

        if self.session.read_only:
            self.message.emit(self.session.read_only_reason)
            return False
        return verify_finding(self, self.session, finding)

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
        self.agency.setAccessibleName("机关名称")
        self.agency.setAccessibleDescription("机关名称和报告年度组成报告的标题")
        self.agency.setMinimumWidth(420)
        self.agency.setMaximumWidth(560)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSpecialValueText("（未填）")
        self.year.setMinimum(1999)
        self.year.setValue(session.report.year or 1999)
        self.year.setSuffix(" 年")
        self.year.setMinimumWidth(140)
        self.year.setAccessibleName("报告年度")
        self.year.setAccessibleDescription("报告所写的是哪一年的工作（一般是上一年）")
        self.year.setMaximumWidth(160)
        self.title = QLabel()
        self.title.setObjectName("reportTitle")   # bold (theme.STYLE): plain text, no rich text's
        set_enum(self.title, "textFormat", "PlainText")   # document (~2 ms of the first frame)
        set_enum(self.title, "alignment", "AlignLeft|AlignTop")
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow("机关名称：", self.agency)
        form.addRow("报告年度：", self.year)
        form.addRow("报告标题：", self.title)
        form.addRow("草稿情况：", self.status)
        self.layout_.addLayout(form)
        tips = QLabel(
            "怎样填写：左边是全部步骤，可以按顺序点“下一步”，也可以直接点任何一步；每一步的状态"
            "（未填、填写中、有错误、有提示、已完成）随填写自动更新。\n"
            "每次修改都会立即保存，不用另外保存；填错了按 Ctrl+Z 撤销，Ctrl+Y 重做。"
            "在表格里按 Tab 或回车到下一格，按 F1 看当前格子的填写说明。\n"
            "全部填完后到“检查与导出”，检查整份报告，导出 Word 文档、打印、打印校验单。")
        tips.setObjectName("guidance")
        tips.setWordWrap(True)
        tips.setContentsMargins(0, 12, 0, 0)
        self.layout_.addWidget(tips)
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
        if (agency, year) == (self.session.report.agency, self.session.report.year):
            return
        try:
            self.session.set_info(agency, year)
        except ReportdeskError as exc:   # another draft has this agency and year: refused, not failed
            message = exc.message
            self.message.emit(message)
            self.agency.setText(self.session.report.agency)   # the fields show what is saved again
            self.year.setValue(self.session.report.year or 1999)
            from PySide6.QtCore import QTimer

            from .messages import warn

            QTimer.singleShot(0, lambda: warn(self, "不能修改", message))

    def _show(self) -> None:
        report = self.session.report
        self.title.setText(report.title)
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
            self.agency.setText(self.session.report.agency)
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


class _GlobalUndoWhenEmpty(QObject):
    """A line edit keeps Ctrl+Z for its own typing; with nothing of its own to undo, the
    report's undo gets it."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.ShortcutOverride and isinstance(obj, QLineEdit):
            from PySide6.QtGui import QKeySequence   # (not before the window's first frame: ~1 ms)

            if (event.matches(QKeySequence.Undo) and not obj.isUndoAvailable()) or \
                    (event.matches(QKeySequence.Redo) and not obj.isRedoAvailable()):
                event.ignore()
                return True
        return False
