"""Windows that fit the clerk's screen, at any scale.

Clerks have 1366×768 screens, and 1920×1080 ones set to 150 % (Qt then works in 1280×720
“logical” pixels), and 1366×768 at 150 % (911×512). A window must fit the part of the screen
not taken by the task bar (``availableGeometry``) with its title bar, whatever it asks for and
whatever size was remembered from a bigger screen. Before a window is shown its frame (title
bar, borders) is unknown, so a typical one is allowed for.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication

# A title bar and the borders of a decorated window (Windows 10 at 100 %: 31 + 8 px), when the
# window system has not told yet.
FRAME = QSize(16, 39)


def available_area(widget=None) -> QRect:
    """The part of the widget's screen (else the primary screen) that windows may use."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def frame_of(window) -> QSize:
    """How much the window system adds around the window (or :data:`FRAME` before it says)."""
    outer, inner = window.frameGeometry(), window.geometry()
    extra = QSize(outer.width() - inner.width(), outer.height() - inner.height())
    return extra if extra.height() > 0 else (FRAME if _decorated() else QSize(0, 0))


def _decorated() -> bool:
    return QGuiApplication.platformName() not in ("offscreen", "minimal", "vnc")


def fit_size(preferred: QSize, area: QRect, frame: QSize = FRAME) -> QSize:
    """``preferred``, made smaller where the area (less the frame) is smaller."""
    return preferred.boundedTo(area.size() - frame)


def fit_window(window, preferred: QSize, area: QRect | None = None) -> None:
    """Size and place a top-level window: ``preferred`` where it fits, else as large as the
    area allows, centred; the window's minimum size is lowered to fit as well."""
    area = area if area is not None else available_area(window)
    frame = frame_of(window)
    size = fit_size(preferred, area, frame)
    window.setMinimumSize(window.minimumSize().boundedTo(size))
    window.resize(size)
    x = area.x() + max(0, (area.width() - size.width() - frame.width()) // 2)
    y = area.y() + max(0, (area.height() - size.height() - frame.height()) // 2)
    window.move(QPoint(x, y))


def fits(window, area: QRect | None = None) -> bool:
    """Whether the whole window, title bar included, lies inside the available area."""
    area = area if area is not None else available_area(window)
    return area.contains(QRect(window.frameGeometry().topLeft(), window.size() + frame_of(window)))


def keep_on_screen(window, preferred: QSize, area: QRect | None = None) -> None:
    """Fit again when the window does not fit this screen: after a remembered geometry was
    restored (last used on a bigger screen, or at a smaller scale), and once it is shown (only
    then does the window system tell the size of its title bar and borders)."""
    if not fits(window, area):
        fit_window(window, preferred, area)


__all__ = ["fit_window", "keep_on_screen", "fits", "available_area", "fit_size", "FRAME"]
