"""The findings panel: what is wrong, with expected, actual and difference; click to go there."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ..form import AMOUNT
from ..rules import ERROR, Finding
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
    """The two lines of a finding in a list: severity and message, then the figures."""
    text = f"{SEVERITY_NAMES.get(finding.severity, finding.severity)}：{finding.message}"
    numbers = figures(finding)
    return f"{text}\n{numbers}" if numbers else text


class FindingsList(QListWidget):
    """A list of findings; clicking (or Enter on) one emits :attr:`chosen`."""

    chosen = Signal(object)   # Finding

    def __init__(self, parent=None, empty_text: str = "没有发现问题", rows: int = 0):
        """``rows``: a fixed height of that many two-line findings (0: as tall as its findings)."""
        super().__init__(parent)
        self.rows = rows
        if rows:
            line = self.fontMetrics().lineSpacing()
            self.setFixedHeight(rows * (2 * line + 6) + 2 * self.frameWidth() + 4)
        self.setObjectName("findings")
        self.setWordWrap(True)
        self.setIconSize(QSize(12, 12))
        self.setVerticalScrollMode(QListWidget.ScrollPerPixel)
        self.empty_text = empty_text
        self._findings: list[Finding] = []
        self._icons = {sev: dot_icon(colour) for sev, colour in theme.SEVERITY_COLOURS.items()}
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    def set_findings(self, findings: list[Finding]) -> None:
        """Show these findings (errors first, as the checker orders them)."""
        if [f.to_dict() for f in findings] == [f.to_dict() for f in self._findings] and self.count():
            return
        self._findings = list(findings)
        self.clear()
        if not findings:
            item = QListWidgetItem(self.empty_text)
            item.setFlags(Qt.NoItemFlags)
            item.setForeground(QColor("#2e7d32"))
            self.addItem(item)
        for i, f in enumerate(findings):
            item = QListWidgetItem(self._icons.get(f.severity, QIcon()), finding_text(f))
            item.setData(Qt.UserRole, i)
            item.setToolTip(f.name or "")
            self.addItem(item)
        if not self.rows:  # as tall as its findings, up to about five of them
            height = sum(self.sizeHintForRow(i) for i in range(min(self.count(), 5)))
            self.setMaximumHeight(max(34, min(height + 2 * self.frameWidth() + 4, 150)))

    def _clicked(self, item: QListWidgetItem) -> None:
        i = item.data(Qt.UserRole)
        if i is not None:
            self.chosen.emit(self._findings[i])
