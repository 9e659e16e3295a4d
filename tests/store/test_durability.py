"""The issue's “must hold”: killed writers lose no acknowledged edit, two writers lose nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportdesk.store import DraftStore

from .edit_writer import AGENCY, write_edits

WRITER = Path(__file__).with_name("edit_writer.py")
ROWS = ("new", "granted", "partial", "carried_out")
FIRST = [f"t3.{r}.{c}" for r in ROWS for c in ("natural", "business", "research")]
SECOND = [f"t3.{r}.{c}" for r in ROWS for c in ("public_interest", "legal", "other_org")]


def saved(db: Path) -> tuple[list[int], dict[str, object], str]:
    """(values of every history entry in order, cells, integrity_check) read with plain sqlite3."""
    conn = sqlite3.connect(db)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'history'").fetchone():
            return [], {}, check  # killed before the database was first set up
        history = [json.loads(new) for (new,) in conn.execute("SELECT new FROM history ORDER BY id")]
        cells = dict(conn.execute("SELECT cell, value FROM cells"))
        return history, cells, check
    finally:
        conn.close()


def assert_totals_add_up(cells: dict) -> None:
    """Only the typed cells are stored (totals are derived on every load): the last value
    written of each is there, and no total is stored to disagree with them."""
    assert not [c for c in cells if c.endswith(".total")]
    for row in ROWS:
        addends = [cells[f"t3.{row}.{c}"] for c in ("natural", "business", "research", "public_interest", "legal",
                                                     "other_org") if f"t3.{row}.{c}" in cells]
        assert all(isinstance(v, int) for v in addends)


def _child(db: str, start: int, fd: int) -> None:
    try:
        with os.fdopen(fd, "w", buffering=1) as out:
            write_edits(db, start, 10**6, FIRST, out)
    finally:
        os._exit(0)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_sigkill_while_writing_loses_no_acknowledged_edit_50_times(tmp_path):
    db = tmp_path / "drafts.db"
    rng = random.Random(20240301)
    fork = multiprocessing.get_context("fork")
    next_value = 0
    acknowledged: list[int] = []
    for run in range(50):
        r, w = os.pipe()
        child = fork.Process(target=_child, args=(str(db), next_value, w))
        child.start()
        os.close(w)
        reader = os.fdopen(r, "r")
        # kill at a random moment: some runs while opening (even creating) the database,
        # most after a random number of acknowledged edits, a random fraction of a millisecond on
        wanted = 0 if run == 0 else rng.choice([0, 0, 1, 3, 10, 25, 60])  # run 0: while creating it
        seen = []
        line = reader.readline() if wanted else ""
        while wanted and line:
            if line.strip() != "ready":
                seen.append(int(line))
            if len(seen) >= wanted:
                break
            line = reader.readline()
        time.sleep(rng.random() / 1000 if wanted else rng.random() / 100)
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL, f"run {run}: the writer ended by itself"
        # acknowledgements already in the pipe when it died count too
        seen += [int(x) for x in reader.read().split() if x != "ready"]
        reader.close()
        acknowledged += seen

        history, cells, check = saved(db)
        assert check == "ok", f"run {run}"
        assert set(acknowledged) <= set(history), f"run {run}: an acknowledged edit is missing"
        assert history == list(range(len(history))), f"run {run}: edits out of order or lost"
        # history and cells were written together: each cell holds its last edit
        for i, cell in enumerate(FIRST):
            written = [v for v in history if v % len(FIRST) == i]
            assert cells.get(cell) == (written[-1] if written else None)
        assert_totals_add_up(cells)
        next_value = len(history)  # the next run continues the sequence: value k goes to FIRST[k % 12]
    assert len(acknowledged) > 300
    with DraftStore(db) as store:  # and the store opens it as a healthy database
        assert store.load(store.find(AGENCY, 2024)).report.values["t3.new.natural"] is not None


@pytest.mark.slow
def test_two_programs_writing_500_edits_each_at_once_lose_nothing(tmp_path):
    db = tmp_path / "drafts.db"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    writers = [subprocess.Popen([sys.executable, str(WRITER), str(db), str(start), "500", ",".join(cells), "--wait",
                                 "--pause"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
               for start, cells in ((0, FIRST), (10_000, SECOND))]
    for w in writers:  # both opened (and created) the database at once; now both write at once
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    outputs = [w.communicate(timeout=120) for w in writers]
    for w, (out, err) in zip(writers, outputs):
        assert w.returncode == 0 and err == "", err
    acks = [[int(x) for x in out.split()] for out, _ in outputs]
    assert acks == [list(range(500)), list(range(10_000, 10_500))]

    history, cells, check = saved(db)
    assert check == "ok"
    assert sorted(history) == acks[0] + acks[1]
    assert [v for v in history if v < 10_000] == acks[0]  # each program's edits in its order
    assert [v for v in history if v >= 10_000] == acks[1]
    interleaved = sum(1 for a, b in zip(history, history[1:]) if (a < 10_000) != (b < 10_000))
    assert interleaved > 1, "the two programs did not write at the same time"
    for start, group in ((0, FIRST), (10_000, SECOND)):
        for i, cell in enumerate(group):
            assert cells[cell] == max(v for v in range(start, start + 500) if v % len(group) == i)
    assert_totals_add_up(cells)
