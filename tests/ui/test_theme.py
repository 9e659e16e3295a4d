"""The wizard's font: the first installed Chinese font of the list, without listing every font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QLabel

from reportdesk.ui import theme


def test_text_is_drawn_in_the_first_installed_chinese_font(qapp):
    installed = [f for f in theme.CJK_FONTS if f in set(QFontDatabase.families())]
    if not installed:
        pytest.skip("no Chinese font on this machine (Debian: fonts-noto-cjk)")
    theme.apply(qapp)
    label = QLabel("政府信息公开工作年度报告")
    assert QFontInfo(label.font()).family() == installed[0]
    assert qapp.styleSheet() == theme.STYLE
