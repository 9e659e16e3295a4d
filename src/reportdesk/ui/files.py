"""Every file chooser of the wizard: open a report, save an export, pick a folder.

Why one helper (issue 11, item 4): on Linux a process loses *all* its POSIX locks on a file
when it closes *any* descriptor of that file (SQLite's “How To Corrupt An SQLite Database
File”, 2.2). Qt's file dialog finds the icon and type of every file it lists by reading the
file's first bytes (QMimeDatabase), so a dialog showing the drafts folder opened and closed
``drafts.db``, ``-wal`` and ``-shm`` — and a second process could then checkpoint and delete
the WAL under the window. Here:

- the dialog (Qt's own, not the desktop's: the desktop's would list files its own way) gets
  an icon provider that looks at names only, never at content, so listing a folder opens no
  file in it;
- the database, its ``-wal``/``-shm``/``-journal``, anything else named after it (a lock) and
  its backup folder are hidden from every listing, so they cannot be chosen either;
- the dialog never starts in the database's folder (a remembered folder there is replaced by
  the Documents folder or the home folder).

On Windows the system's own dialog is used (what clerks know: 此电脑, 桌面, network places);
Windows locks belong to a file handle, so another handle opened and closed by the shell does
not release SQLite's locks, and the data folder (``%LOCALAPPDATA%``) is hidden in Explorer.

Tests answer these dialogs like a person: ``QFileDialog`` is modal, and its file-name box
takes the path (tests/ui/conftest.py, ``Clerk.choose_file``).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

# Qt is imported by the functions that show a chooser: the dialog classes would cost the
# program's start some milliseconds.

def report_files() -> str:
    """What a chooser of a report offers: every kind the importers read (.doc, .wps, .rtf, .odt
    and .et through LibreOffice), then each kind, then 所有文件."""
    from ..importers import dialog_filter

    return dialog_filter()

def protected_paths() -> list[Path]:
    """The databases the choosers hide: every draft store open in this program (the store
    registers itself with :func:`reportdesk.fileio.protect`), and the default one."""
    from ..fileio import protected_databases

    paths = set(protected_databases())
    try:
        from ..store.location import default_db_path

        paths.add(_real(default_db_path()))
    except Exception:  # noqa: BLE001 - no data folder known: nothing more to hide
        pass
    return sorted(paths)


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def is_hidden(path: str | Path) -> bool:
    """Whether a chooser hides ``path``: a protected database, anything named after it (its
    -wal, -shm, -journal, -lock), its backup folder and what is in it."""
    from ..store.location import backup_dir

    path = _real(path)
    for db in protected_paths():
        if path.parent == db.parent and (path.name.startswith(db.name) or path.name == backup_dir(db).name):
            return True
        if backup_dir(db) in path.parents:
            return True
    return False


def _database_folders() -> set[Path]:
    return {db.parent for db in protected_paths()}


def start_folder(key: str) -> Path:
    """Where a chooser opens: the folder remembered under ``key`` unless it is a database's
    folder (or gone); else the Documents folder; else the home folder."""
    from PySide6.QtCore import QSettings, QStandardPaths

    avoid = _database_folders()
    remembered = QSettings().value(key, "") if key else ""
    documents = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    for candidate in (remembered, documents, str(Path.home())):
        if candidate and Path(candidate).is_dir() and _real(candidate) not in avoid and not is_hidden(candidate):
            return Path(candidate)
    return Path.home().parent if _real(Path.home()) in avoid else Path.home()


def remember(key: str, folder: Path) -> None:
    from PySide6.QtCore import QSettings

    if key and _real(folder) not in _database_folders():
        QSettings().setValue(key, str(folder))


@cache
def _chooser_classes():
    """The listing filter and the icon provider (Qt classes, made when a chooser is first shown)."""
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtGui import QAbstractFileIconProvider
    from PySide6.QtWidgets import QFileIconProvider

    class _HideDatabase(QSortFilterProxyModel):
        """Leaves the protected database files and backup folders out of the listing."""

        def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt API
            model = self.sourceModel()
            index = model.index(row, 0, parent)
            path = model.filePath(index) if hasattr(model, "filePath") else ""
            return not (path and is_hidden(path))


    class _NamesOnlyIcons(QAbstractFileIconProvider):
        """A folder or a file icon, and a type from the name: never opens a file to look inside."""

        TYPES = {".docx": "Word 文档", ".doc": "Word 97-2003 文档", ".wps": "WPS 文字文档", ".pdf": "PDF 文件",
                 ".json": "报告文件", ".txt": "文本文件", ".html": "网页", ".htm": "网页", ".csv": "CSV 表格",
                 ".xlsx": "Excel 工作簿", ".md": "文本文件"}

        def __init__(self):
            super().__init__()
            style_icons = QFileIconProvider()   # the style's icons, made here in the GUI thread
            self._folder = style_icons.icon(QAbstractFileIconProvider.Folder)
            self._file = style_icons.icon(QAbstractFileIconProvider.File)
            self._drive = style_icons.icon(QAbstractFileIconProvider.Drive)
            self._computer = style_icons.icon(QAbstractFileIconProvider.Computer)

        def icon(self, what):  # noqa: D102 - Qt API (called from the dialog's file-listing thread)
            if isinstance(what, QAbstractFileIconProvider.IconType):
                return {QAbstractFileIconProvider.Folder: self._folder, QAbstractFileIconProvider.Drive: self._drive,
                        QAbstractFileIconProvider.Computer: self._computer}.get(what, self._file)
            if what.isRoot():
                return self._drive
            return self._folder if what.isDir() else self._file

        def type(self, info) -> str:  # noqa: A003 - Qt API
            if info.isDir():
                return "文件夹"
            return self.TYPES.get(Path(info.fileName()).suffix.lower(), "文件")

    return _HideDatabase, _NamesOnlyIcons


def _native() -> bool:
    return sys.platform == "win32" and not os.environ.get("REPORTDESK_QT_FILE_DIALOG")


def file_dialog(parent, title: str, folder: Path, name_filter: str, *, save: bool = False,
                name: str = "", folders: bool = False):
    """The chooser (a QFileDialog), not yet shown: the database hidden (see the module's doc)."""
    from PySide6.QtWidgets import QFileDialog

    from .translations import ensure_translations

    ensure_translations()
    dialog = QFileDialog(parent, title, str(folder), name_filter)
    dialog.setObjectName("fileChooser")
    dialog.setAccessibleName(title)
    if folders:
        dialog.setFileMode(QFileDialog.Directory)
        dialog.setOption(QFileDialog.ShowDirsOnly, True)
    elif save:
        dialog.setAcceptMode(QFileDialog.AcceptSave)
        dialog.setFileMode(QFileDialog.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.ExistingFile)
    if not _native():
        hide_database, names_only_icons = _chooser_classes()
        dialog.setOption(QFileDialog.DontUseNativeDialog, True)
        dialog._icons = names_only_icons()            # the dialog does not own it
        dialog.setIconProvider(dialog._icons)
        dialog._hide = hide_database(dialog)
        dialog.setProxyModel(dialog._hide)
    if name:
        dialog.selectFile(name)
    dialog.setLabelText(QFileDialog.Accept, "保存" if save else ("选择" if folders else "打开"))
    dialog.setLabelText(QFileDialog.Reject, "取消")
    return dialog


def _run(dialog) -> Path | None:
    from PySide6.QtWidgets import QDialog

    from .messages import dispose

    chosen = dialog.selectedFiles() if dialog.exec() == QDialog.Accepted else []
    parent = dialog.parentWidget()
    title = dialog.windowTitle()
    dispose(dialog)   # at once: a hidden dialog would keep the focus from the window
    if not chosen or not chosen[0]:
        return None
    path = Path(chosen[0])
    if is_hidden(path):   # typed by hand: the drafts database is never a report, nor a place to write
        from .messages import warn

        warn(parent, title, "这是本程序保存草稿的文件，不能在这里选择。请选择其他文件。")
        return None
    return path


def ask_open(parent, title: str, name_filter: str, key: str) -> Path | None:
    """An existing file to read; None when the clerk cancels. ``key``: the folder remembered (QSettings)."""
    path = _run(file_dialog(parent, title, start_folder(key), name_filter))
    if path is not None:
        remember(key, path.parent)
    return path


def ask_save(parent, title: str, name: str, name_filter: str, key: str,
             suffix: str = "") -> Path | None:
    """Where to write a file named ``name`` at first; ``suffix`` is added when the clerk left it out."""
    path = _run(file_dialog(parent, title, start_folder(key), name_filter, save=True, name=name))
    if path is None:
        return None
    if suffix and path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    remember(key, path.parent)
    return path


def ask_folder(parent, title: str, key: str) -> Path | None:
    """A folder (the batch review reads every report in it)."""
    path = _run(file_dialog(parent, title, start_folder(key), "", folders=True))
    if path is not None:
        remember(key, path)
    return path


__all__ = ["ask_open", "ask_save", "ask_folder", "protected_paths", "is_hidden", "start_folder", "file_dialog",
           "report_files"]
