"""The font setting of 检查与导出: chosen once, remembered, used by the Word export."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import QSettings


def _document_fonts(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/styles.xml").decode("utf-8")


def _window(store, open_draft, example_report):
    return open_draft(store.import_report(example_report))


def test_the_common_fonts_setting_reaches_the_word_document(qtbot, store, open_draft, example_report, tmp_path,
                                                            monkeypatch):
    from reportdesk.ui import check_page

    window = _window(store, open_draft, example_report)
    page = window.go_step("check")
    combo = page.fonts
    assert combo.currentData() == "official"
    combo.setCurrentIndex(combo.findData("common"))
    assert QSettings().value(check_page.FONT_SETTING_KEY) == "common"
    target = tmp_path / "out.docx"
    monkeypatch.setattr(page, "_ask_path", lambda *a, **k: target)
    assert page.export_draft() == target
    styles = _document_fonts(target)
    assert 'w:eastAsia="仿宋"' in styles and "仿宋_GB2312" not in styles
    combo.setCurrentIndex(combo.findData("official"))
    page.export_draft()
    assert 'w:eastAsia="仿宋_GB2312"' in _document_fonts(target)


def test_missing_fonts_are_named_on_the_page(qtbot, store, open_draft, example_report, monkeypatch):
    from reportdesk.export import fonts

    monkeypatch.setattr(fonts, "installed_fonts", lambda: {"Noto Sans CJK SC"})
    window = _window(store, open_draft, example_report)
    page = window.go_step("check")
    page._fonts_changed()
    assert "方正小标宋简体" in page.font_note.text()
    assert not page.font_note.isHidden()
