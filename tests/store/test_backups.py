"""Rolling backups, damaged databases (never written to), and restoring."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import datetime, timedelta

import pytest

from reportdesk import operations as ops
from reportdesk.store import (
    DamagedDatabase,
    DraftStore,
    StoreError,
    list_backups,
    restore_backup,
)
from reportdesk.store.backups import KEEP, make_backup
from reportdesk.store.location import backup_dir

from .conftest import AGENCY


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def filled_database(path, cells=3) -> None:
    with DraftStore(path) as store:
        draft_id = store.create(AGENCY, 2024)
        for i in range(cells):
            ops.set_cell(store, draft_id, "t3.new.natural", i + 1)
        ops.set_text(store, draft_id, "text.other", "无。" * 2000)  # a few pages


def age_backups(db_path, days: int) -> None:
    """Make every backup look ``days`` older (they are named by their time)."""
    for b in list_backups(db_path):
        stamp = b.name.removeprefix("drafts-")[:22]
        older = (datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f") - timedelta(days=days)).strftime("%Y%m%d-%H%M%S-%f")
        b.path.rename(b.path.with_name(b.name.replace(stamp, older)))


def damage(path, how: str) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'history'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    if how == "not sqlite":
        data[:16] = b"PK\x03\x04 not sql!"
    elif how == "truncated":
        data = data[: len(data) // 2 + 100]
    elif how == "integrity":
        # scramble the history table's page: the header stays valid, the file whole
        page = int.from_bytes(data[16:18], "big")
        start = (root - 1) * page
        data[start + 8: start + page] = os.urandom(page - 8)
    path.write_bytes(bytes(data))


# -- backups


def test_a_backup_is_made_once_a_day_on_opening(db_path):
    filled_database(db_path)
    DraftStore(db_path).close()
    DraftStore(db_path).close()
    assert [b.reason for b in list_backups(db_path)] == ["daily"]
    age_backups(db_path, 1)
    DraftStore(db_path).close()
    assert [b.reason for b in list_backups(db_path)] == ["daily", "daily"]


def test_a_backup_is_a_whole_database_of_its_own(store, db_path):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 7)
    path = store.backup_now()
    ops.set_cell(store, draft_id, "t3.new.natural", 8)  # after the backup
    assert path.parent == backup_dir(db_path) and not path.with_name(path.name + "-wal").exists()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT value FROM cells WHERE cell = 't3.new.natural'").fetchone() == (7,)
    finally:
        conn.close()
    [info] = store.backups()
    assert (info.name, info.reason, info.size) == (path.name, "manual", path.stat().st_size)


def test_only_the_newest_ten_backups_are_kept(store):
    store.create(AGENCY, 2024)
    made = [store.backup_now() for _ in range(KEEP + 3)]
    kept = store.backups()
    assert len(kept) == KEEP == 10
    assert [b.path for b in kept] == list(reversed(made[-KEEP:]))
    assert not any(p.exists() for p in made[:3])


def test_a_backup_is_listed_with_the_time_it_was_made(store, db_path):
    store.create(AGENCY, 2024)
    before = datetime.now().astimezone().replace(microsecond=0)
    made = store.backup_now()
    # a file in the folder whose name only looks like a backup's (month 13) is not listed
    made.with_name("drafts-20241340-101010-000000-manual.db").write_bytes(made.read_bytes())
    [info] = list_backups(db_path)
    when = datetime.fromisoformat(info.time)
    assert info.path == made and when.tzinfo is not None
    assert before <= when <= datetime.now().astimezone()


# -- damage


@pytest.mark.parametrize("how", ["not sqlite", "truncated", "integrity"])
def test_a_damaged_database_is_named_left_untouched_and_restorable(db_path, how):
    filled_database(db_path, cells=3)
    with DraftStore(db_path) as store:
        store.backup_now()
    with DraftStore(db_path) as store:
        ops.set_cell(store, 1, "t3.new.natural", 99)  # after the backup
    damage(db_path, how)
    before = fingerprint(db_path)
    newest = list_backups(db_path)[0]

    for _ in range(2):  # asking again changes nothing either
        with pytest.raises(DamagedDatabase) as exc:
            DraftStore(db_path)
        message = exc.value.message
        assert "已损坏" in message and newest.name in message and "reportdesk drafts restore" in message
        assert exc.value.exit_code == 2
        assert fingerprint(db_path) == before
        assert not db_path.with_name("drafts.db-wal").exists()

    backup, aside = restore_backup(db_path)
    assert backup.name == newest.name
    assert aside.name.startswith("drafts.db.damaged-") and fingerprint(aside)[0] == before[0]
    with DraftStore(db_path) as store:
        assert store.load(1).report.values["t3.new.natural"] == 3


def test_an_empty_file_where_backups_exist_is_damage_not_a_new_database(db_path):
    filled_database(db_path)
    DraftStore(db_path).close()  # the daily backup
    for side in ("-wal", "-shm"):
        db_path.with_name(db_path.name + side).unlink(missing_ok=True)
    db_path.write_bytes(b"")
    with pytest.raises(DamagedDatabase) as exc:
        DraftStore(db_path)
    assert "空" in exc.value.message
    assert db_path.read_bytes() == b""


def test_an_empty_file_without_backups_becomes_a_new_database(tmp_path):
    path = tmp_path / "drafts.db"
    path.write_bytes(b"")
    with DraftStore(path) as store:
        assert store.list_drafts() == []


def test_without_a_backup_the_message_says_so(tmp_path):
    path = tmp_path / "drafts.db"
    path.write_bytes(b"this is a note, not a database" * 100)
    with pytest.raises(DamagedDatabase) as exc:
        DraftStore(path)
    assert "没有找到可用的备份" in exc.value.message and exc.value.newest_backup is None
    with pytest.raises(StoreError) as exc:
        restore_backup(path)
    assert "没有找到" in exc.value.message
    assert path.read_bytes() == b"this is a note, not a database" * 100


# -- restore


def test_restore_a_named_backup_from_an_open_store(store, db_path):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 1)
    first = store.backup_now()
    ops.set_cell(store, draft_id, "t3.new.natural", 2)
    store.backup_now()
    ops.set_cell(store, draft_id, "t3.new.natural", 3)
    assert store.restore(first.name) == first
    assert store.load(draft_id).report.values["t3.new.natural"] == 1
    assert store.set_aside.name.startswith("drafts.db.replaced-")
    with DraftStore(store.set_aside) as old:  # the replaced database, with its WAL, is whole
        assert old.load(draft_id).report.values["t3.new.natural"] == 3
    ops.set_cell(store, draft_id, "t3.new.natural", 4)


def test_a_damaged_backup_is_not_restored(store, db_path):
    store.create(AGENCY, 2024)
    bad = store.backup_now()
    bad.write_bytes(b"garbage" * 1000)
    before = fingerprint(db_path)
    with pytest.raises(StoreError) as exc:
        restore_backup(db_path, bad.name)
    assert "也无法使用" in exc.value.message
    assert fingerprint(db_path) == before
    with pytest.raises(StoreError) as exc:
        restore_backup(db_path, "drafts-19990101-000000-000000-daily.db")
    assert "没有名为" in exc.value.message


def test_make_backup_reports_a_folder_it_cannot_write(store, db_path):
    backup_dir(db_path).write_text("a file where the folder should be")
    with pytest.raises(StoreError) as exc:
        make_backup(store.conn, db_path, "manual")
    assert "无法备份" in exc.value.message
