"""The schema: a new database is current, and a database of every earlier version upgrades."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlite_utils import Database

from reportdesk import operations as ops
from reportdesk.store import DraftStore, StoreError, schema

from .conftest import AGENCY, LAST_YEAR_CELLS, published

T0 = "2024-03-01T01:00:00.000000+00:00"
T1 = "2024-03-02T01:00:00.000000+00:00"


def database_at(path, version: int) -> None:
    """A database as a program of schema ``version`` left it, holding one draft with history."""
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    if version < schema.LATEST:
        schema.MIGRATIONS.apply(db, stop_before=schema.VERSIONS[version])
    else:
        schema.MIGRATIONS.apply(db)
    assert schema.version(db) == version
    conn.execute("INSERT INTO drafts (id, agency, year, form, status, created, modified) "
                 "VALUES (1, ?, 2024, 'gov-info-2021', 'draft', ?, ?)", (AGENCY, T0, T1))
    conn.executemany("INSERT INTO cells (draft_id, cell, value, raw, source) VALUES (1, ?, ?, ?, ?)", [
        ("t3.new.natural", 4, None, "typed"), ("t3.new.business", 1, None, "typed"),
        ("t3.new.total", 5, None, "computed"), ("t2.fees.amount", 0.0, None, "typed"),
        ("t3.new.legal", None, "若干", "imported")])
    conn.execute("INSERT INTO texts (draft_id, text_id, text, source) VALUES (1, 'text.other', '无。', 'typed')")
    conn.executemany("INSERT INTO history (draft_id, time, target, old, new) VALUES (1, ?, ?, ?, ?)", [
        (T0, "t3.new.natural", None, "3"), (T0, "t3.new.business", None, "1"),
        (T1, "t3.new.natural", "3", "4"), (T1, "text.other", None, json.dumps("无。", ensure_ascii=False)),
        (T1, "status", '"draft"', '"final"'), (T1, "status", '"final"', '"draft"')])
    conn.execute("INSERT INTO settings (key, value) VALUES ('agency', ?)", (json.dumps(AGENCY, ensure_ascii=False),))
    if version >= 3:   # a program of version 3 or later wrote the kinds and sources itself
        conn.execute("UPDATE history SET kind = CASE WHEN target LIKE 'text.%' THEN 'text' "
                     "WHEN target = 'status' THEN 'status' ELSE 'cell' END, "
                     "new_source = CASE WHEN target = 'status' THEN NULL ELSE 'typed' END")
    conn.close()


def test_a_new_database_is_current_in_wal_mode_and_flushes_every_commit(store, db_path):
    assert store.schema_version == schema.LATEST == len(schema.VERSIONS)
    assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert store.conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert store.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert store.backups() == []  # nothing to back up yet


@pytest.mark.parametrize("version", range(1, schema.LATEST))
def test_a_database_of_an_earlier_version_is_backed_up_and_upgraded(tmp_path, version, last_year):
    path = tmp_path / "drafts.db"
    database_at(path, version)
    store = DraftStore(path)
    try:
        assert store.schema_version == schema.LATEST
        [backup] = store.backups()
        assert backup.reason == "migration"
        old = Database(str(backup.path))
        assert schema.version(old) == version  # the backup is the database as it was
        old.conn.close()

        draft = store.load(1)
        assert (draft.info.form, draft.info.form_version) == ("gov-info-2021", 1)   # version 4: the form's version
        report = draft.report
        assert (report.agency, report.year) == (AGENCY, 2024)
        assert report.values["t3.new.natural"] == 4 and report.values["t3.new.total"] == 5
        assert report.values["t2.fees.amount"] == 0.0 and type(report.values["t2.fees.amount"]) is float
        assert report.invalid["t3.new.legal"].raw == "若干"
        assert report.text("text.other") == "无。"
        assert store.get_setting("agency") == AGENCY
        history = store.history(1)
        assert [(h.kind, h.cell, h.old, h.new) for h in history] == [
            ("cell", "t3.new.natural", None, 3), ("cell", "t3.new.business", None, 1),
            ("cell", "t3.new.natural", 3, 4), ("text", "text.other", None, "无。"),
            ("status", "status", "draft", "final"), ("status", "status", "final", "draft")]

        # what the later versions added works on the upgraded data
        assert ops.undo(store, 1).texts == {"text.other"}
        assert ops.undo(store, 1).cells == {"t3.new.natural", "t3.new.total"}
        report = store.load(1).report
        assert report.values["t3.new.natural"] == 3 and report.values["t3.new.total"] == 4
        new_id = store.new_from(1)
        assert store.load(new_id).last_year.values["t3.new.natural"] == 3
        ops.set_cell(store, 1, "t3.new.research", 2)
    finally:
        store.close()


def test_a_current_database_is_not_migrated_or_backed_up_again(tmp_path):
    path = tmp_path / "drafts.db"
    database_at(path, schema.LATEST)
    with DraftStore(path) as store:
        assert [b.reason for b in store.backups()] == ["daily"]
        assert store.load(1).report.values["t3.new.total"] == 5


def test_last_year_round_trips_through_its_json(store):
    last = published(LAST_YEAR_CELLS)
    draft_id = store.new_from(last, year=2024)
    kept = store.load(draft_id).last_year
    assert kept.values == last.values and not kept.derive


def test_a_database_of_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "drafts.db"
    database_at(path, schema.LATEST)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, '0099_future', '')",
                 (schema.MIGRATIONS.name,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as exc:
        DraftStore(path)
    assert "更新版本" in exc.value.message and exc.value.exit_code == 2
