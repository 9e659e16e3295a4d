"""The findings panel: what is wrong, with expected, actual and difference; click to go there."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMenu, QStyledItemDelegate, QToolButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ..form import AMOUNT
from ..rules import ERROR, WARNING, Finding
from ..values import format_value
from . import theme

SEVERITY_NAMES = {ERROR: "错误", "warning": "提示"}


def dot_icon(colour: str, size: int = 12) -> QIcon:
    """A filled circle, the colour of a severity or a step state."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def figures(finding: Finding) -> str:
    """“应为 12，实为 10，少 2” — the numbers behind a finding, when it has them.

    The difference is said as 多/少 rather than signed: the message itself already says
    “相差2” without a sign, and “相差 -2” beside it would read as a contradiction."""
    def fmt(v):
        if isinstance(v, float):
            return format_value(v, AMOUNT)
        return str(v)

    bits = []
    if finding.expected is not None and not isinstance(finding.expected, str):
        bits.append(f"应为 {fmt(finding.expected)}")
    if finding.actual is not None and finding.rule != "5" and not isinstance(finding.actual, str):
        bits.append(f"实为 {fmt(finding.actual)}")
    difference = finding.difference
    if isinstance(difference, (int, float)) and not isinstance(difference, bool) and difference:
        bits.append(f"{'多' if difference > 0 else '少'} {fmt(abs(difference))}")
    return "，".join(bits)


def finding_text(finding: Finding) -> str:
    """The lines of a finding in a list: severity and message, then the figures; a warning
    marked 已核实 says so, with the clerk's reason."""
    if finding.acknowledged:
        return f"已核实：{finding.message}\n理由：{finding.acknowledged}"
    text = f"{SEVERITY_NAMES.get(finding.severity, finding.severity)}：{finding.message}"
    numbers = figures(finding)
    return f"{text}\n{numbers}" if numbers else text


def finding_icon(finding: Finding, icons: dict) -> QIcon:
    """The dot of a finding: its severity's colour, grey once marked 已核实."""
    return icons.get("verified" if finding.acknowledged else finding.severity, QIcon())


def can_verify(what) -> bool:
    """Whether the clerk may mark this (a warning, not an error nor a diagnosis) 已核实."""
    return isinstance(what, Finding) and what.severity == WARNING


def open_findings(findings) -> list[Finding]:
    """The findings that still ask for something: all but the warnings marked 已核实."""
    return [f for f in findings if not f.acknowledged]


def verify_finding(parent: QWidget, session, finding: Finding) -> bool:
    """Ask why a warning is right and mark it 已核实 with that reason (it stops nagging, stays in
    the draft's history and prints on the 校验单 as 已核实（理由））; on a warning already marked,
    offer to take the mark back. True when the mark changed."""
    from .messages import ask, ask_text, warn

    if not can_verify(finding):
        return False
    if finding.acknowledged:
        if not ask(parent, "取消已核实", f"{finding.message}\n\n已核实的理由：{finding.acknowledged}\n\n"
                   "取消“已核实”标记？这条提示会重新提醒，校验单上印“请核实”。", yes="取消标记", no="保留"):
            return False
        return session.acknowledge(finding, "")
    reason = ask_text(parent, "标为已核实", f"{finding.message}\n\n核实过了，确实没有问题？请简要写明理由"
                      "（例如“本年确实没有收费”），校验单上会印“已核实（理由）”：")
    while reason is not None and not reason.strip():
        warn(parent, "标为已核实", "请写明理由：审核的人要看到为什么这条提示没有问题。")
        reason = ask_text(parent, "标为已核实", f"{finding.message}\n\n请简要写明理由：")
    if reason is None:
        return False
    return session.acknowledge(finding, reason)


def add_verify_action(menu: QMenu, what, verify) -> None:
    """In a findings menu: 标为已核实… (or 取消已核实…) for a warning, calling ``verify(what)``."""
    if can_verify(what):
        action = menu.addAction("取消已核实…" if what.acknowledged else "标为已核实…")
        action.triggered.connect(lambda: verify(what))


class _WrappingRows(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the list's width: Qt's tree measures a row as one
    line and cuts a long diagnosis with “…”."""

    def __init__(self, view: QTreeWidget):
        super().__init__(view)
        self.view = view
        self._sizes: dict = {}

    def sizeHint(self, option, index):  # noqa: N802 - Qt API
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.view.viewport().width() - self.view.indentation() * (depth + int(self.view.rootIsDecorated())) \
            - self.view.iconSize().width() - 16
        font = index.data(Qt.FontRole) or option.font
        text = index.data(Qt.DisplayRole) or ""
        key = (text, max(40, width), font.bold(), font.pointSizeF())
        size = self._sizes.get(key)
        if size is None:   # measured once per text and width: a repaint asks for every row
            lines = QFontMetrics(font).boundingRect(QRect(0, 0, key[1], 100000), int(Qt.TextWordWrap), text)
            size = self._sizes[key] = QSize(key[1], max(lines.height() + 6, QFontMetrics(font).height() + 4,
                                                         self.view.iconSize().height() + 4))
        return size


def wrapping_rows(view: QTreeWidget) -> QStyledItemDelegate:
    """A delegate for a tree of findings whose rows wrap long lines (see :class:`_WrappingRows`)."""
    view.header().setStretchLastSection(True)
    return _WrappingRows(view)


class FindingsList(QTreeWidget):
    """A list of findings; clicking (or Enter on) one emits :attr:`chosen`.

    A diagnosis (reportdesk.diagnose: the one cell that would make a group of errors balance)
    comes first, in bold, with the errors it explains under it; the other findings follow.
    :attr:`chosen` then carries the Diagnosis or the Finding clicked.
    """

    chosen = Signal(object)   # Finding or Diagnosis
    verify = Signal(object)   # a warning to mark 已核实 (or take the mark from): its menu, or Ctrl+K

    def __init__(self, parent=None, empty_text: str = "没有发现问题", rows: int = 0):
        """``rows``: a fixed height of that many two-line findings (0: as tall as its findings)."""
        super().__init__(parent)
        self.rows = rows
        self.setObjectName("findings")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(22)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setIconSize(QSize(12, 12))
        self.setVerticalScrollMode(QTreeWidget.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.ElideNone)    # long lines wrap (never cut with “…”)
        self.header().setStretchLastSection(True)
        self.setItemDelegate(wrapping_rows(self))
        self.setAccessibleName("发现的问题")
        self.setAccessibleDescription("点击一条问题，转到要修改的格子或文字")
        if rows:   # at least that many; more when the page has the room
            line = self.fontMetrics().lineSpacing()
            self.setMinimumHeight(rows * (2 * line + 6) + 2 * self.frameWidth() + 4)
        self.empty_text = empty_text
        self._findings: list[Finding] = []
        self._diagnoses: list = []
        self._shown: list = []          # what each item's UserRole index points at
        self._icons = {sev: dot_icon(colour) for sev, colour in theme.SEVERITY_COLOURS.items()}
        self._icons["diagnosis"] = dot_icon(theme.DIAGNOSIS_COLOUR)
        self._icons["verified"] = dot_icon(theme.VERIFIED_COLOUR)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    @property
    def diagnoses(self) -> list:
        return list(self._diagnoses)

    def set_findings(self, findings: list[Finding], diagnoses=()) -> None:
        """Show these findings (errors first, as the checker orders them), the errors each
        diagnosis explains grouped under it."""
        diagnoses = list(diagnoses)
        key = ([f.to_dict() for f in findings], [d.short for d in diagnoses])
        if key == getattr(self, "_key", None) and self.topLevelItemCount():
            return
        self._key = key
        self._findings, self._diagnoses, self._shown = list(findings), diagnoses, []
        self.clear()
        if not findings:
            item = QTreeWidgetItem([self.empty_text])
            item.setFlags(Qt.NoItemFlags)
            item.setForeground(0, QColor("#2e7d32"))
            self.addTopLevelItem(item)
        grouped = set()
        for d in diagnoses:
            top = self._item(d, d.short, self._icons["diagnosis"], d.message)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.addTopLevelItem(top)
            for f in d.findings:
                grouped.add(id(f))
                top.addChild(self._item(f, finding_text(f), finding_icon(f, self._icons), f.name or ""))
            top.setExpanded(True)
        # the warnings marked 已核实 last: what still asks for something comes first
        for f in sorted(findings, key=lambda f: bool(f.acknowledged)):
            if id(f) not in grouped and f not in [g for d in diagnoses for g in d.findings]:
                self.addTopLevelItem(self._item(f, finding_text(f), finding_icon(f, self._icons), self._tip(f)))
        if not self.rows:  # as tall as its findings, up to about five of them
            height = sum(self.sizeHintForRow(0) for _ in range(min(self.topLevelItemCount() + len(grouped), 5)))
            self.setMaximumHeight(max(34, min(height + 2 * self.frameWidth() + 4, 150)))

    @staticmethod
    def _tip(finding: Finding) -> str:
        tip = finding.name or ""
        if can_verify(finding):
            tip += ("\n" if tip else "") + ("右键（或 Ctrl+K）可取消“已核实”" if finding.acknowledged
                                             else "核实过确实没有问题：右键（或 Ctrl+K）标为已核实")
        return tip

    def current(self):
        """The finding or diagnosis of the current row (None on the “没有发现问题” line)."""
        item = self.currentItem()
        index = item.data(0, Qt.UserRole) if item is not None else None
        return self._shown[index] if index is not None else None

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt API
        """转到 and 标为已核实… (on a warning), also from the keyboard's menu key."""
        item = self.itemAt(event.pos()) if event.reason() == event.Reason.Mouse else self.currentItem()
        index = item.data(0, Qt.UserRole) if item is not None else None
        if index is None:
            return
        what = self._shown[index]
        self.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction("转到").triggered.connect(lambda: self.chosen.emit(what))
        add_verify_action(menu, what, self.verify.emit)
        menu.exec(event.globalPos())

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key_K and event.modifiers() == Qt.ControlModifier and can_verify(self.current()):
            self.verify.emit(self.current())
            return
        super().keyPressEvent(event)

    def _item(self, what, text: str, icon: QIcon, tip: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setIcon(0, icon)
        item.setToolTip(0, tip)
        item.setData(0, Qt.UserRole, len(self._shown))
        item.setData(0, Qt.AccessibleTextRole, text.replace("\n", "，"))
        self._shown.append(what)
        return item

    def sizeHint(self):  # noqa: N802 - Qt API
        """No taller than its least: the room left over goes to it by stretch. (A page's layout
        lays out heightForWidth items at their preferred height; a list preferring more than
        its least pushed the grid above it under the line below.)"""
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.minimumHeight(), 34))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.scheduleDelayedItemsLayout()   # the rows' wrapped heights follow the new width

    def texts(self) -> list[str]:
        """The lines as shown, top to bottom (a group's errors after its diagnosis)."""
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            out.append(top.text(0))
            out.extend(top.child(j).text(0) for j in range(top.childCount()))
        return out

    def item_for(self, what) -> QTreeWidgetItem | None:
        """The item that shows a finding or a diagnosis."""
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for item in [top] + [top.child(j) for j in range(top.childCount())]:
                index = item.data(0, Qt.UserRole)
                if index is not None and self._shown[index] is what:
                    return item
        return None

    def _clicked(self, item: QTreeWidgetItem) -> None:
        i = item.data(0, Qt.UserRole)
        if i is not None:
            self.chosen.emit(self._shown[i])


class FindingsPanel(QWidget):
    """A page's findings under a header line that counts them and can fold the list away:
    a table page keeps its room for the grid while nothing is wrong, and shows the list as
    soon as something is (unless the clerk folded it)."""

    chosen = Signal(object)

    def __init__(self, empty_text: str, noun: str = "本表", rows: int = 3, parent=None):
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.noun = noun
        self.empty_text = empty_text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.toggle = QToolButton()
        self.toggle.setObjectName("findingsToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.toggle.setAccessibleDescription("展开或收起问题列表")
        head.addWidget(self.toggle)
        self.summary = QLabel()
        self.summary.setObjectName("findingsSummary")
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setAccessibleName("问题摘要")
        self.summary.setMinimumWidth(40)
        head.addWidget(self.summary, 1)
        layout.addLayout(head)
        self.list = FindingsList(empty_text=empty_text, rows=rows)
        self.list.chosen.connect(self.chosen)
        self.verify = self.list.verify
        layout.addWidget(self.list, 1)
        layout.addStretch(0)    # the header stays at the top when the list is folded away
        self.by_clerk: bool | None = None     # the clerk's own choice, once made
        # open by itself when something is found; not in a low window (1366×768 at 150 %),
        # where the grid needs every line: there the header says it and a click opens it
        self.auto_open = True
        self.toggle.toggled.connect(self._toggled)
        self._summary_text = ""
        self.set_findings([])
        self.set_expanded(False)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        if expanded != self.toggle.isChecked():
            self.toggle.blockSignals(True)
            self.toggle.setChecked(expanded)
            self.toggle.blockSignals(False)
        self._show()

    def _toggled(self, expanded: bool) -> None:
        self.by_clerk = expanded
        self._show()

    def set_findings(self, findings: list[Finding], diagnoses=()) -> None:
        """Show these findings; each change of a property only when it changes (this runs at
        every keystroke that changes the findings)."""
        self.list.set_findings(findings, diagnoses)
        verified = len(findings) - len(findings := open_findings(findings))
        errors = sum(f.severity == ERROR for f in findings)
        warnings = len(findings) - errors
        counts = "、".join(n for n in (f"{errors}个错误" if errors else "", f"{warnings}个提示" if warnings else "",
                                      f"{verified}个已核实" if verified else "") if n)
        text = f"{self.noun}：{counts}" if counts else self.empty_text
        if text != self.toggle.text():
            self.toggle.setText(text)
            self.toggle.setAccessibleName(text)
        if self.toggle.isEnabled() != bool(counts):
            self.toggle.setEnabled(bool(counts))
        colour = theme.CLEAN if not findings else theme.TEXT   # “没有发现问题” in green
        palette = self.toggle.palette()
        if palette.color(QPalette.ButtonText) != colour:   # a palette, not a style sheet: no re-polish per key
            palette.setColor(QPalette.ButtonText, colour)
            self.toggle.setPalette(palette)
        self._summary_text = diagnoses[0].short if diagnoses else (findings[0].message if findings else "")
        # unfolded when something is found (unless the clerk folded it), but not folded again
        # while the clerk is on the page: a list coming and going with each key would make the
        # grid above jump (fold_if_clean() does it when the page is shown again)
        if findings:
            self.set_expanded(self.by_clerk if self.by_clerk is not None else self.auto_open)
        elif not self.expanded:
            self._show()

    def fold_if_clean(self) -> None:
        """Fold the list away when nothing in it asks for anything (the page is being shown)."""
        if not open_findings(self.list.findings):
            self.set_expanded(False)

    def _show(self) -> None:
        expanded = self.expanded
        arrow = Qt.DownArrow if expanded else Qt.RightArrow
        if self.toggle.arrowType() != arrow:
            self.toggle.setArrowType(arrow)
        if self.list.isVisibleTo(self) != expanded:
            self.list.setVisible(expanded)
        self._elide()

    def _elide(self) -> None:
        text = "" if self.expanded or not self._summary_text else f"— {self._summary_text}"
        shown = self.summary.fontMetrics().elidedText(text, Qt.ElideRight, max(40, self.summary.width()))
        if shown != self.summary.text():
            self.summary.setText(shown)
            self.summary.setToolTip(self._summary_text if text else "")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()
