"""Painting without PySide6's Qt namespace (reportdesk/ui/plain_qt.py): the same values, the
same pixels, and a main window whose first frame leaves the namespace's 93 enums unmade."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QListWidget

from reportdesk.ui import plain_qt


def test_the_values_are_qts():
    assert plain_qt.DISPLAY_ROLE == Qt.DisplayRole.value
    assert plain_qt.USER_ROLE == Qt.UserRole.value
    assert plain_qt.ALIGN_LEFT == Qt.AlignLeft.value
    assert plain_qt.ALIGN_TOP == Qt.AlignTop.value
    assert plain_qt.ALIGN_VCENTER == Qt.AlignVCenter.value
    assert plain_qt.TEXT_WORD_WRAP == Qt.TextWordWrap.value


def test_an_enum_property_is_set_by_its_key_and_a_wrong_key_is_refused(qapp):
    label, steps = QLabel("<b>一</b>"), QListWidget()
    plain_qt.set_enum(label, "textFormat", "PlainText")
    plain_qt.set_enum(steps, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
    assert label.textFormat() == Qt.PlainText
    assert steps.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff
    with pytest.raises(ValueError):
        plain_qt.set_enum(label, "textFormat", "Plain")
    with pytest.raises(ValueError):
        plain_qt.set_enum(label, "textFormatt", "PlainText")


def _painted(paint) -> QImage:
    image = QImage(300, 90, QImage.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setFont(QApplication.font())
    paint(painter)
    painter.end()
    return image


def _largest_difference(a: QImage, b: QImage) -> int:
    worst = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            worst = max(worst, abs(pa.red() - pb.red()), abs(pa.green() - pb.green()), abs(pa.blue() - pb.blue()))
    return worst


@pytest.mark.parametrize("text", ["基本信息", "表三  收到和处理政府信息公开申请情况", "有错误"])
@pytest.mark.parametrize("flags, rect, size", [
    (Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, QRect(28, 4, 150, 60), 0),   # a step's name, wrapped
    (Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap, QRect(28, 4, 70, 80), 0),
    (Qt.AlignLeft | Qt.AlignVCenter, QRect(28, 30, 240, 19), -1.5),             # its state, smaller
    (Qt.AlignLeft | Qt.AlignVCenter, QRect(28, 30, 240, 16), 0),                # taller than its place
])
def test_text_is_drawn_as_drawtext_draws_it(qapp, text, flags, rect, size):
    colour = QColor("#c62828")

    def font(painter):
        if size:
            smaller = QFont(painter.font())
            smaller.setPointSizeF(painter.font().pointSizeF() + size)
            painter.setFont(smaller)

    def by_qt(painter):
        font(painter)
        painter.setPen(colour)
        painter.drawText(rect, int(flags), text)

    def plain(painter):
        font(painter)
        plain_qt.draw_text(painter, rect, int(flags), text, plain_qt.solid(colour))

    expected, drawn = _painted(by_qt), _painted(plain)
    assert expected != _painted(lambda p: None)          # something was drawn
    assert _largest_difference(expected, drawn) <= 2      # antialiasing may round one way or the other


def test_shapes_are_filled_as_without_a_pen(qapp):
    def by_qt(painter):
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor("#3478c6"))
        painter.drawRect(QRect(0, 0, 250, 40))
        painter.setBrush(QColor("#2e7d32"))
        painter.drawEllipse(10, 51, 10, 10)

    def plain(painter):
        painter.setRenderHint(QPainter.Antialiasing)
        plain_qt.fill_rect(painter, QRect(0, 0, 250, 40), plain_qt.solid("#3478c6"))
        plain_qt.fill_ellipse(painter, 10, 51, 10, 10, plain_qt.solid(QColor("#2e7d32")))

    assert _largest_difference(_painted(by_qt), _painted(plain)) <= 2
    assert plain_qt.solid("#2e7d32").color() == QColor("#2e7d32")


def test_a_drafts_first_frame_leaves_the_qt_namespace_unmade(tmp_path):
    """Opening a draft straight into its main window (the start-up benchmark's path) draws the
    whole first frame — step list, page, buttons — before PySide6 makes the Qt namespace's
    enums; they are made just after, for the tab order."""
    from reportdesk.store import DraftStore

    db = tmp_path / "d.db"
    with DraftStore(db) as store:
        draft_id = store.create("某某乡人民政府", 2024)
    script = textwrap.dedent("""
        import sys
        import PySide6.QtCore as core
        from reportdesk.ui import app, main_window

        drawn = main_window.StepDelegate.paint
        def paint(self, painter, option, index):
            drawn(self, painter, option, index)
            print("step painted", "Qt" in core.__dict__, flush=True)
        main_window.StepDelegate.paint = paint
        done = main_window.MainWindow._first_frame_done
        def first_frame_done(self):
            print("frame done", "Qt" in core.__dict__, flush=True)
            done(self)
            print("tab order set", "Qt" in core.__dict__, flush=True)
            core.QTimer.singleShot(0, lambda: core.QCoreApplication.exit(0))
        main_window.MainWindow._first_frame_done = first_frame_done
        sys.exit(app.run())
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REPORTDESK_DB": str(db),
           "REPORTDESK_OPEN_DRAFT": str(draft_id), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    lines = result.stdout.splitlines()
    assert "frame done False" in lines, result.stdout + result.stderr
    painted = lines[:lines.index("frame done False")]
    assert len(painted) >= 5 and set(painted) == {"step painted False"}, lines   # the steps in view
    assert "tab order set True" in lines
