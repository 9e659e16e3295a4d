"""Message boxes in Chinese: every question, warning and notice of the wizard goes through here.

Qt's own QMessageBox buttons say OK / Yes / No unless a translation is loaded (and even then
“是(&Y)”); these boxes name their buttons 确定 / 取消 / 是 / 否 themselves, so what a clerk
reads never depends on the translation files being installed. Each box is a real modal
QMessageBox (tests click its buttons), with an accessible name for screen readers.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QMessageBox, QWidget

from ..fileio import os_reason  # noqa: F401 - what went wrong with a file, in Chinese (for the pages)

YES, NO, OK, CANCEL = "是", "否", "确定", "取消"

_ICONS = {"question": QMessageBox.Question, "information": QMessageBox.Information,
          "warning": QMessageBox.Warning, "critical": QMessageBox.Critical}


def _box(parent: QWidget | None, kind: str, title: str, text: str) -> QMessageBox:
    box = QMessageBox(_ICONS[kind], title, text, QMessageBox.NoButton, parent)
    box.setObjectName(f"message_{kind}")
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    return box


def dispose(box: QWidget) -> None:
    """Delete a box as soon as it has answered, as QMessageBox's static functions do: a hidden
    box left for later deletion would keep the keyboard focus from the window below. The
    window below gets the keyboard back (a desktop without a window manager leaves it nowhere)."""
    parent = box.parentWidget()
    shiboken6.delete(box)
    if parent is not None and shiboken6.isValid(parent) and parent.window().isVisible():
        parent.window().activateWindow()


def ask(parent: QWidget | None, title: str, text: str, *, default: bool = False,
        yes: str = YES, no: str = NO) -> bool:
    """A yes/no question; True when the clerk chose ``yes``. ``default``: the button Enter presses."""
    box = _box(parent, "question", title, text)
    yes_button = box.addButton(yes, QMessageBox.YesRole)
    no_button = box.addButton(no, QMessageBox.NoRole)
    box.setDefaultButton(yes_button if default else no_button)
    box.setEscapeButton(no_button)
    box.exec()
    answer = box.clickedButton() is yes_button
    dispose(box)
    return answer


def choose(parent: QWidget | None, title: str, text: str, options: list[str], *, cancel: str = CANCEL) -> int:
    """A question with several answers: the index of the chosen one, or -1 for ``cancel`` / Escape."""
    box = _box(parent, "question", title, text)
    buttons = [box.addButton(option, QMessageBox.AcceptRole) for option in options]
    cancel_button = box.addButton(cancel, QMessageBox.RejectRole)
    if buttons:
        box.setDefaultButton(buttons[0])
    box.setEscapeButton(cancel_button)
    box.exec()
    clicked = box.clickedButton()
    dispose(box)
    return buttons.index(clicked) if clicked in buttons else -1


def _tell(parent: QWidget | None, kind: str, title: str, text: str) -> None:
    box = _box(parent, kind, title, text)
    ok = box.addButton(OK, QMessageBox.AcceptRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.exec()
    dispose(box)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """A notice with one button, 确定."""
    _tell(parent, "information", title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning with one button, 确定."""
    _tell(parent, "warning", title, text)


def error(parent: QWidget | None, title: str, text: str) -> None:
    """A serious error with one button, 确定."""
    _tell(parent, "critical", title, text)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A line of text (确定 / 取消); None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setObjectName("askText")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText(OK)
    dialog.setCancelButtonText(CANCEL)
    dialog.setAccessibleName(title)
    dialog.setAccessibleDescription(label)
    accepted = dialog.exec() == QInputDialog.Accepted
    value = dialog.textValue()
    dispose(dialog)
    return value if accepted else None


__all__ = ["ask", "ask_text", "choose", "inform", "warn", "error", "dispose", "os_reason", "YES", "NO", "OK", "CANCEL"]
