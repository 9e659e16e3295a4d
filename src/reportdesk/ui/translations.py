"""Qt's own words in Chinese: the translation PySide6 ships (``qtbase_zh_CN.qm``) and the few
strings that file leaves in English.

The frozen bundle and the .deb must carry ``PySide6/Qt/translations/qtbase_zh_CN.qm``
(docs/ui.md); without it the wizard's own texts stay Chinese (they are written in Chinese,
and message boxes name their buttons themselves) but Qt's file and print dialogs would not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

QTBASE_FILE = "qtbase_zh_CN.qm"

# Strings of Qt's dialogs that qtbase_zh_CN.qm (Qt 6.11) does not translate: (context, source) → Chinese.
MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QPrintPropertiesWidget", "Page &Set:"): "打印页面(&S)：",
    ("QPrintDialog", "Page &Set:"): "打印页面(&S)：",
    ("QPrintPropertiesWidget", "Page &order:"): "页面顺序(&O)：",
    ("QPrintPropertiesWidget", "Pages &per sheet:"): "每张纸页数(&P)：",
    ("QPageSetupWidget", "Page &order:"): "页面顺序(&O)：",
    ("QPageSetupWidget", "Pages &per sheet:"): "每张纸页数(&P)：",
}


class MissingStrings(QTranslator):
    """The strings of :data:`MISSING`; everything else is left to the other translators."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102 - Qt API
        return MISSING.get((context, source))   # None: a null string, “not translated here”

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def translations_folder() -> Path:
    """Where Qt's .qm files are: Qt's own idea, else PySide6's folder (a frozen bundle)."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.TranslationsPath))
    if (folder / QTBASE_FILE).is_file():
        return folder
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


def ensure_translations(app: QCoreApplication | None = None) -> None:
    """Install the translators once per application (every dialog helper calls this first)."""
    app = app or QCoreApplication.instance()
    if app is None or getattr(app, "_reportdesk_translators", None):
        return
    app._reportdesk_translators = load_qt_translators(app)   # kept alive with the application


def load_qt_translators(app: QCoreApplication) -> list[QTranslator]:
    """Install Qt's Chinese translation and :class:`MissingStrings`; returns them (keep them alive)."""
    translators: list[QTranslator] = []
    qtbase = QTranslator(app)
    # by file name, not by QLocale: building QLocale's enums would cost the start ~5 ms
    if qtbase.load(QTBASE_FILE, str(translations_folder())):
        app.installTranslator(qtbase)
        translators.append(qtbase)
    missing = MissingStrings(app)
    app.installTranslator(missing)   # installed last: asked first
    translators.append(missing)
    return translators
