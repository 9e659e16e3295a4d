"""The file choosers (reportdesk.ui.files): they never start in the drafts folder, never list
the database or its companions, and listing that folder opens none of those files — on Linux
closing any descriptor of the database drops SQLite's locks (issue 11, item 4)."""

from __future__ import annotations

import ctypes
import os
import struct
import sys
import time

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QListView

from reportdesk.ui import files

IN_OPEN = 0x20
IN_NONBLOCK = 0o4000


class OpenWatch:
    """inotify: the names of the files any process opens in a folder while watched."""

    def __init__(self, folder):
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(IN_NONBLOCK)
        assert self.fd >= 0
        assert libc.inotify_add_watch(self.fd, str(folder).encode(), IN_OPEN) >= 0

    def opened(self) -> set[str]:
        names = set()
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return names
            i = 0
            while i < len(data):
                _, _, _, length = struct.unpack_from("iIII", data, i)
                name = data[i + 16:i + 16 + length].rstrip(b"\0").decode()
                if name:
                    names.add(name)
                i += 16 + length

    def close(self):
        os.close(self.fd)


def _listed(dialog) -> list[str]:
    """The names the dialog's file list shows."""
    view = dialog.findChild(QListView, "listView")
    model = view.model()
    root = view.rootIndex()
    return [model.index(r, 0, root).data() for r in range(model.rowCount(root))]


def _list_folder(dialog, folder, seconds: float = 3.0) -> list[str]:
    """Show the dialog on ``folder`` and wait until its listing (and the icons) are loaded."""
    dialog.setDirectory(str(folder))
    dialog.show()
    deadline = time.monotonic() + seconds
    names: list[str] = []
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
        names = _listed(dialog)
        if "报告.docx" in names and time.monotonic() > deadline - seconds / 2:
            break
    return names


@pytest.fixture
def drafts_folder(store, tmp_path):
    """The test's draft store in WAL mode, its backup folder, and a report beside it."""
    store.create("某某乡人民政府", 2024)          # the database, -wal and -shm exist now
    store.backup_now()
    (tmp_path / "报告.docx").write_bytes(b"PK")
    names = {p.name for p in tmp_path.iterdir()}
    assert {"drafts.db", "drafts.db-wal", "drafts.db-shm", "drafts-backups"} <= names
    return tmp_path


def test_the_database_and_its_companions_are_never_listed(qtbot, drafts_folder):
    dialog = files.file_dialog(None, "导入已发布的报告", drafts_folder, files.report_files())
    qtbot.addWidget(dialog)
    names = _list_folder(dialog, drafts_folder)
    assert "报告.docx" in names
    assert not [n for n in names if n.startswith("drafts")], names
    dialog.reject()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_listing_the_drafts_folder_opens_none_of_the_database_files(qtbot, drafts_folder):
    watch = OpenWatch(drafts_folder)
    try:
        # what Qt's own dialog does (the defect): it reads every file's first bytes for its icon
        plain = QFileDialog(None, "x", str(drafts_folder))
        plain.setOption(QFileDialog.DontUseNativeDialog)
        qtbot.addWidget(plain)
        _list_folder(plain, drafts_folder)
        plain.reject()
        defect = watch.opened() & {"drafts.db", "drafts.db-wal", "drafts.db-shm"}
        # the program's chooser, on the same folder
        dialog = files.file_dialog(None, "导入已发布的报告", drafts_folder, files.report_files())
        qtbot.addWidget(dialog)
        assert "报告.docx" in _list_folder(dialog, drafts_folder)
        dialog.reject()
        opened = watch.opened()
    finally:
        watch.close()
    assert not opened & {"drafts.db", "drafts.db-wal", "drafts.db-shm", "drafts.db-journal"}, opened
    print("a plain QFileDialog opened:", sorted(defect))


def test_a_chooser_never_starts_in_the_drafts_folder(drafts_folder, store):
    QSettings().setValue("export/folder", str(drafts_folder))    # remembered from an older version
    start = files.start_folder("export/folder")
    assert start.resolve() != store.path.parent.resolve() and start.is_dir()
    files.remember("export/folder", drafts_folder)                # nor is it remembered again
    QSettings().setValue("import/folder", str(drafts_folder / "sub"))
    assert files.start_folder("import/folder").resolve() != drafts_folder.resolve()
    elsewhere = drafts_folder / "reports"
    elsewhere.mkdir()
    files.remember("import/folder", elsewhere)
    assert files.start_folder("import/folder") == elsewhere


def test_a_database_file_typed_by_hand_is_refused(clerk, drafts_folder, store):
    told = []
    clerk.choose_file(store.path)
    clerk.on_next_dialog(lambda box: (told.append(box.text()), clerk.click_button(box, "确定")))
    assert files.ask_open(None, "导入已发布的报告", files.report_files(), "import/folder") is None
    assert told and "保存草稿的文件" in told[0]
    assert files.is_hidden(drafts_folder / "drafts-backups" / "x.db")
    assert not files.is_hidden(drafts_folder / "报告.docx")


def test_save_adds_the_suffix_and_remembers_the_folder(clerk, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    clerk.choose_file(out / "年报")
    assert files.ask_save(None, "导出", "年报.docx", "Word 文档 (*.docx)", "export/folder", ".docx") \
        == out / "年报.docx"
    assert files.start_folder("export/folder") == out
