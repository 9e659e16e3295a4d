"""Issue 11, item 4: the window's process loses SQLite's POSIX locks (something in it opened and
closed the database file), a second program opens and closes the store, the window types on,
is killed — and every edit it called saved is there."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from reportdesk.operations import DraftEditor
    from reportdesk.store import DraftStore

    db = Path(sys.argv[1])
    store = DraftStore(db)
    editor = DraftEditor(store, store.create("某某乡人民政府", 2025), live=False)
    cells = ["t3.new.natural", "t3.new.business", "t3.granted.legal", "t4.review.upheld"]

    def edits(start, count):
        for v in range(start, start + count):
            editor.set_cells({cells[v % len(cells)]: v})
            print(v, flush=True)

    edits(1, 20)
    # what a file dialog listing the folder does: open and close each file (POSIX: every lock
    # this process held on it is gone)
    for suffix in ("", "-wal", "-shm"):
        os.close(os.open(str(db) + suffix, os.O_RDONLY))
    print("dropped", flush=True)
    sys.stdin.readline()
    edits(21, 100000)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX: kill -9")
def test_edits_after_the_locks_were_lost_survive_another_program_and_kill_9(tmp_path):
    db = tmp_path / "drafts.db"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=os.environ)
    try:
        acknowledged = []
        for line in writer.stdout:
            if line.strip() == "dropped":
                break
            acknowledged.append(int(line))
        # a second program opens and closes the store (the command line, a second copy …)
        listed = subprocess.run([sys.executable, "-m", "reportdesk", "drafts", "--db", str(db), "list", "--json"],
                                capture_output=True, text=True, timeout=60)
        assert listed.returncode == 0 and json.loads(listed.stdout)[0]["agency"] == "某某乡人民政府"
        assert (tmp_path / "drafts.db-wal").exists()      # it did not delete the log in use
        writer.stdin.write("go\n")
        writer.stdin.flush()
        for line in writer.stdout:
            acknowledged.append(int(line))
            if len(acknowledged) >= 150:
                break
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    conn = sqlite3.connect(db)
    try:
        saved = {json.loads(new) for (new,) in conn.execute("SELECT new FROM history")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert [v for v in acknowledged if v not in saved] == []
    assert len(acknowledged) >= 150


def test_the_last_program_to_close_folds_the_log_into_the_file(tmp_path):
    from reportdesk import operations as ops
    from reportdesk.store import DraftStore

    db = tmp_path / "drafts.db"
    first, second = DraftStore(db), DraftStore(db)
    draft_id = first.create("某某乡人民政府", 2025)
    ops.set_cell(first, draft_id, "t3.new.natural", 4)
    second.close()                                     # not the last: the log stays
    assert (tmp_path / "drafts.db-wal").exists()
    first.close()                                      # the last: folded in and deleted
    assert not (tmp_path / "drafts.db-wal").exists()
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro&immutable=1", uri=True)   # the file alone
    assert conn.execute("SELECT value FROM cells WHERE cell = 't3.new.natural'").fetchone() == (4,)
    conn.close()


def test_a_write_into_a_log_a_foreign_program_deleted_is_noticed_and_written_again(tmp_path):
    """A program that is not reportdesk (a backup tool using SQLite) does checkpoint and delete the
    log when it closes and sees no lock: the store notices its write went into a deleted file."""
    from reportdesk.operations import DraftEditor
    from reportdesk.store import DraftStore

    db = tmp_path / "drafts.db"
    store = DraftStore(db)
    editor = DraftEditor(store, store.create("某某乡人民政府", 2025))
    editor.set_cells({"t3.new.natural": 1})
    for suffix in ("", "-wal", "-shm"):
        os.close(os.open(str(db) + suffix, os.O_RDONLY))      # this process's locks are gone
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                    "c.execute('SELECT count(*) FROM drafts').fetchone(); c.close()", str(db)], check=True, timeout=60)
    assert not (tmp_path / "drafts.db-wal").exists()           # the foreign program deleted the log
    changes = editor.set_cells({"t3.new.natural": 2})
    assert changes.cells == {"t3.new.natural", "t3.new.total"}
    reader = sqlite3.connect(db)                               # what is on disk, from outside
    try:
        assert reader.execute("SELECT value FROM cells WHERE cell = 't3.new.natural'").fetchone() == (2,)
    finally:
        reader.close()
    store.close()
