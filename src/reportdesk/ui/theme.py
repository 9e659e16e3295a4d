"""Colours, fonts and the style sheet of the wizard, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

# Fonts that draw Simplified Chinese well, best first: Windows, 统信UOS/麒麟, any Linux with
# Noto, macOS. The first one installed becomes the application font.
CJK_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
             "Source Han Sans CN", "WenQuanYi Micro Hei", "Droid Sans Fallback", "PingFang SC", "SimSun")

ERROR_BG = QColor("#f9d6d5")
WARNING_BG = QColor("#fff1c2")
COMPUTED_BG = QColor("#e9edf2")
COMPUTED_FG = QColor("#44505e")
HEADER_BG = QColor("#dde6f0")
LABEL_BG = QColor("#f7f9fb")
CARRIED_FG = QColor("#1f5fa8")
INVALID_FG = QColor("#b3261e")
SELECTION = QColor("#3478c6")       # the current step in the step list
SELECTED_TEXT = QColor("#ffffff")
HOVER = QColor("#e6ecf3")            # the step under the mouse
TEXT = QColor("#1d2b3a")
CLEAN = QColor("#2e7d32")            # “没有发现问题”

STATE_COLOURS = {
    "empty": "#9aa5b1",
    "errors": "#c62828",
    "partial": "#1f6fb2",
    "warnings": "#b7791f",
    "done": "#2e7d32",
}
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#b7791f"}
VERIFIED_COLOUR = "#7b8794"          # a warning the clerk marked 已核实: said, no longer nagging
DIAGNOSIS_COLOUR = "#6a1b9a"         # the likely mistake, said before the errors it explains

STYLE = """
QWidget { font-size: 10.5pt; }
QLabel#stepTitle { font-size: 15pt; font-weight: bold; color: #1d2b3a; }
QLabel#guidance { color: #4a5a6a; }
QLabel#reportTitle { font-weight: bold; }
QLabel#saved { color: #2e7d32; padding: 0 8px; }
QLabel#savedFailed { color: #c62828; font-weight: bold; padding: 0 8px; }
QLabel#cellInfo { color: #1d2b3a; padding: 2px 4px; }
QLabel#banner { background: #fff1c2; color: #5a4300; padding: 6px 10px; border-radius: 3px; }
QListWidget#steps { background: #f4f6f9; border: none; border-right: 1px solid #d5dbe3; }
QTreeWidget#findings { border: 1px solid #d5dbe3; }
QToolButton#findingsToggle { font-weight: bold; border: none; padding: 1px 2px; }
QLabel#findingsSummary { color: #4a5a6a; }
QLabel#flash { color: #1d2b3a; }
QTableView { gridline-color: #9aa5b1; selection-background-color: #cfe1f7; selection-color: #10243a; }
QPushButton#primary { background: #1f6fb2; color: white; padding: 5px 16px; border-radius: 3px; }
QPushButton#primary:disabled { background: #e4e8ed; color: #9aa5b1; border: 1px solid #d5dbe3; }
"""


def apply(app: QApplication) -> None:
    """Give the application a Chinese font and the wizard's style sheet.

    The font names every family of :data:`CJK_FONTS`; Qt uses the first one installed, so
    nothing here needs to ask which fonts the machine has.
    """
    font = QFont(app.font())
    font.setFamilies([*CJK_FONTS, *font.families()])
    app.setFont(font)
    app.setStyleSheet(STYLE)
