"""write_atomic: the old file survives any failure; a new file gets the usual permissions."""

from __future__ import annotations

import os

import pytest

from reportdesk.fileio import WriteError, write_atomic


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_mode(tmp_path):
    old = os.umask(0o027)
    try:
        new = write_atomic(tmp_path / "a.docx", b"one")
        assert new.stat().st_mode & 0o777 == 0o640
        kept = tmp_path / "b.docx"
        kept.write_bytes(b"old")
        kept.chmod(0o664)
        write_atomic(kept, b"two")
        assert kept.read_bytes() == b"two" and kept.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)


def test_read_only_file_is_not_replaced(tmp_path):
    target = tmp_path / "正式版.docx"
    target.write_bytes(b"final")
    target.chmod(0o444)
    with pytest.raises(WriteError) as info:
        write_atomic(target, b"other")
    assert "只读" in info.value.message
    assert target.read_bytes() == b"final"
    assert [p.name for p in tmp_path.iterdir()] == ["正式版.docx"]


@pytest.mark.parametrize("title, expected", [
    ("武陟县小董乡人民政府2024年政府信息公开工作年度报告", "武陟县小董乡人民政府2024年政府信息公开工作年度报告"),
    ("../../etc/passwd", "etc_passwd"),
    ("某局/办公室\\信息科", "某局_办公室_信息科"),
    ('县"水利"局<草稿>:*?|', "县_水利_局_草稿"),
    ("  ..隐藏.  ", "隐藏"),
    ("CON", "报告_CON"),
    ("nul.docx", "报告_nul.docx"),
    ("", "报告"),
    ("..", "报告"),
    ("a\x00b\x1fc", "a_b_c"),
])
def test_a_title_becomes_a_safe_file_name(title, expected):
    from reportdesk.fileio import safe_file_name

    assert safe_file_name(title) == expected


def test_a_very_long_name_fits_a_file_system_with_room_for_the_suffix(tmp_path):
    from reportdesk.fileio import safe_file_name

    name = safe_file_name("某" * 300 + "人民政府")
    assert len(name.encode("utf-8")) <= 200
    write_atomic(tmp_path / (name + ".docx"), b"x")   # and the system takes it


def test_an_export_never_writes_over_an_open_draft_database(tmp_path):
    from reportdesk.store import DraftStore

    with DraftStore(tmp_path / "drafts.db") as store:
        store.create("某某乡人民政府", 2025)
        store.backup_now()
        backup = store.backups()[0].path
        for target in (tmp_path / "drafts.db", tmp_path / "drafts.db-wal", tmp_path / "drafts.db-shm", backup,
                       tmp_path / "sub" / ".." / "drafts.db"):
            with pytest.raises(WriteError, match="草稿数据库"):
                write_atomic(target, b"PK not a database")
        assert [d.agency for d in store.list_drafts()] == ["某某乡人民政府"]
    write_atomic(tmp_path / "drafts.db", b"closed: an ordinary file now")
