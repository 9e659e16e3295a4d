"""A full disk and a read-only database: said as such in Chinese, nothing lost, and work goes on
when space comes back (issue 11, items 12 and 13)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from disks import fill, read_only, small_disk

from reportdesk import operations as ops
from reportdesk.store import DraftStore, StoreError

from .conftest import AGENCY


def cli(db, *args):
    proc = subprocess.run([sys.executable, "-m", "reportdesk", "drafts", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def test_a_full_disk_is_said_as_such_every_time_and_the_draft_goes_on_when_space_is_freed(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "drafts.db"
        store = DraftStore(db)
        draft_id = store.create(AGENCY, 2025)
        ops.set_cell(store, draft_id, "t3.new.natural", 1)
        filler = fill(disk)
        messages = []
        for value in range(2, 30):   # the window goes on typing: every edit is refused the same way
            with pytest.raises(StoreError) as exc:
                ops.set_text(store, draft_id, "text.other", "很长的一段文字。" * 200 * value)
                ops.set_cell(store, draft_id, "t3.new.natural", value)
            messages.append(exc.value.message)
        assert all("磁盘空间已满" in m and "已损坏" not in m for m in messages), set(messages)
        # another program (the command line) on the full disk can still read it, and says why it cannot write
        status, out, err = cli(db, "show", str(draft_id), "--json")
        assert status == 0 and '"t3.new.natural": 1' in out
        status, out, err = cli(db, "set", str(draft_id), "t3.new.business", "3")
        assert status == 2 and "磁盘空间已满" in err and "已损坏" not in err
        filler.unlink()
        ops.set_cell(store, draft_id, "t3.new.natural", 8)   # the same window, space freed
        store.close()
        assert cli(db, "set", str(draft_id), "t3.new.business", "3")[0] == 0
        status, out, _ = cli(db, "history", str(draft_id), "--json")
        assert [e["new"] for e in __import__("json").loads(out)] == [1, 8, 3]


def test_a_store_opened_on_a_full_disk_reads_and_writes_again_once_there_is_room(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "drafts.db"
        with DraftStore(db) as store:
            draft_id = store.create(AGENCY, 2025)
            ops.set_cell(store, draft_id, "t3.new.natural", 1)
        filler = fill(disk)
        store = DraftStore(db)      # e.g. the window started while the disk is full
        assert "磁盘空间已满" in store.read_only
        assert store.load(draft_id).report.values["t3.new.natural"] == 1
        with pytest.raises(StoreError, match="磁盘空间已满"):
            ops.set_cell(store, draft_id, "t3.new.natural", 2)
        filler.unlink()
        ops.set_cell(store, draft_id, "t3.new.natural", 2)
        assert not store.read_only
        store.close()


def test_a_read_only_database_is_listed_and_shown_and_edits_are_refused_in_chinese(tmp_path):
    with small_disk(tmp_path / "disk", 4096) as disk:
        db = disk / "drafts.db"
        with DraftStore(db) as store:
            draft_id = store.create(AGENCY, 2025)
            ops.set_cell(store, draft_id, "t3.new.natural", 4)
        with read_only(disk):
            status, out, err = cli(db, "list")
            assert status == 0 and AGENCY in out and "unable" not in err
            status, out, err = cli(db, "show", str(draft_id), "--json")
            assert status == 0 and '"t3.new.natural": 4' in out
            status, out, err = cli(db, "set", str(draft_id), "t3.new.natural", "5")
            assert status == 2 and "只读" in err and "unable" not in err.lower()
            with DraftStore(db) as store:
                assert "只读" in store.read_only
                assert store.load(draft_id).report.values["t3.new.natural"] == 4
