"""Qt values and painting for a window's first frame, without PySide6's ``Qt`` namespace.

PySide6 makes the Python enum classes of a Qt class the first time the class is touched, all
of them at once. For the ``Qt`` namespace that is 93 enums (``Qt.Key`` alone has some 480
members): ~14 ms on Python 3.11, as long as the main window's own construction. It happens
when ``Qt`` is imported, when a method returns one of its enums (``focusPolicy()``), and when
PySide6 weighs a call against an overload that takes one — whatever the argument:
``QPainter.setPen``, ``setBrush`` and ``fillRect``, ``QBrush(colour)``, ``QColor(colour)``,
``QAction.setShortcut``. A draft's main window draws its first frame without any of these
(``tests/ui/test_plain_qt.py`` checks it), and the enums are made just after.

What the first frame uses instead: Qt's values as plain ints (roles and text flags are ints in
the C++ API, and PySide6 takes them so), enum properties set by their key's name, solid
brushes taken from a palette, shapes filled as paths, and text drawn through a QTextLayout,
which lays it out as ``QPainter.drawText`` does.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QTextCharFormat, \
    QTextLayout, QTextOption

# Qt's own values (the test compares them with the enums)
DISPLAY_ROLE = 0x0000       # Qt.DisplayRole
USER_ROLE = 0x0100          # Qt.UserRole
ALIGN_LEFT = 0x0001         # Qt.AlignLeft
ALIGN_TOP = 0x0020          # Qt.AlignTop
ALIGN_VCENTER = 0x0080      # Qt.AlignVCenter
TEXT_WORD_WRAP = 0x1000     # Qt.TextWordWrap


def set_enum(obj, name: str, key: str) -> None:
    """Set the enum property ``name`` of a QObject to the value named ``key``:
    ``set_enum(label, "textFormat", "PlainText")`` is ``label.setTextFormat(Qt.PlainText)``."""
    if not obj.setProperty(name, key):
        raise ValueError(f"{type(obj).__name__} has no enum property {name} with a value {key}")


_brushes: dict[int, QBrush] = {}


def solid(colour: QColor | str) -> QBrush:
    """A solid brush of ``colour`` (a QColor or a name such as ``"#c62828"``)."""
    colour = colour if isinstance(colour, QColor) else QColor(colour)
    brush = _brushes.get(colour.rgba())
    if brush is None:
        palette = QPalette()
        palette.setColor(QPalette.Window, colour)
        brush = _brushes[colour.rgba()] = palette.window()
    return brush


def fill_rect(painter: QPainter, rect: QRect, brush: QBrush) -> None:
    """Fill ``rect`` as ``drawRect`` does with no pen."""
    path = QPainterPath()
    path.addRect(QRectF(rect))
    painter.fillPath(path, brush)


def fill_ellipse(painter: QPainter, x: float, y: float, width: float, height: float, brush: QBrush) -> None:
    """Fill the ellipse in that rectangle as ``drawEllipse`` does with no pen."""
    path = QPainterPath()
    path.addEllipse(x, y, width, height)
    painter.fillPath(path, brush)


def draw_text(painter: QPainter, rect: QRect, flags: int, text: str, brush: QBrush) -> None:
    """``painter.drawText(rect, flags, text)`` in the colour of ``brush``, with the painter's font.

    ``flags``: ALIGN_LEFT with ALIGN_TOP or ALIGN_VCENTER, and TEXT_WORD_WRAP or not (what
    the step list uses). The lines are laid out as drawText lays them (``qt_format_text``:
    the font's leading between them) and, as there, cut at the rectangle when they overflow it.
    """
    if not text:
        return
    font = painter.font()
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WordWrap if flags & TEXT_WORD_WRAP else QTextOption.ManualWrap)
    layout.setTextOption(option)
    leading = QFontMetrics(font).leading()
    height = -leading
    widest = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width() if flags & TEXT_WORD_WRAP else 0x01000000)
        height = math.ceil(height + leading)   # each line on a whole pixel, as drawText puts it
        line.setPosition(QPointF(0, height))
        height += line.ascent() + line.descent()
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    top = rect.y() + ((rect.height() - height) / 2 if flags & ALIGN_VCENTER else 0)
    colour = QTextCharFormat()
    colour.setForeground(brush)
    whole = QTextLayout.FormatRange()
    whole.start, whole.length, whole.format = 0, len(text), colour
    clip = not QRectF(rect).contains(QRectF(rect.x(), top, widest, height))
    if clip:
        painter.save()
        painter.setClipRect(rect)
    layout.draw(painter, QPointF(rect.x(), top), [whole])
    if clip:
        painter.restore()
