"""A program that writes edits to a draft and prints each one once it is acknowledged.

Used by test_durability as a separate process: ``python edit_writer.py DB START COUNT CELLS [--wait]``
opens the store, takes the draft of 某某县人民政府办公室 2024 (creating it if needed), prints
``ready``, waits for a line on stdin when ``--wait`` is given, then writes
each value v of START..START+COUNT-1 into cell ``CELLS[v % len(CELLS)]``, printing v after each
``set_cell`` has returned. ``--pause`` sleeps a millisecond after each edit, as a program that
does other work between edits would (a tight loop would keep the lock to itself: SQLite's busy
handler polls, it does not queue).
"""

from __future__ import annotations

import sys
import time

AGENCY = "某某县人民政府办公室"


def write_edits(db: str, start: int, count: int, cells: list[str], out, wait=None, pause: float = 0) -> None:
    from reportdesk import operations as ops
    from reportdesk.store import DraftStore

    store = DraftStore(db)
    draft_id = store.create(AGENCY, 2024)
    out.write("ready\n")
    out.flush()
    if wait is not None:
        wait.readline()
    for value in range(start, start + count):
        ops.set_cell(store, draft_id, cells[value % len(cells)], value)
        out.write(f"{value}\n")
        out.flush()
        if pause:
            time.sleep(pause)
    store.close()


if __name__ == "__main__":
    db, start, count, cells = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
    write_edits(db, start, count, cells, sys.stdout, sys.stdin if "--wait" in sys.argv else None,
                0.001 if "--pause" in sys.argv else 0)
