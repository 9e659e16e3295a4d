"""Time one cell edit saved by the draft store (the cell, its totals, history; one commit).

Run:  python3 tests/benchmarks/store_latency.py [--edits 2000] [--db PATH]
Prints p50, p90, p99 and the slowest edit in milliseconds. The database is prepared as a clerk's
would be after a few years: 12 drafts and 6000 history entries. Goal: p99 ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from reportdesk import operations as ops  # noqa: E402 - after the path above

CELLS = [f"t3.{row}.{col}" for row in ("new", "granted", "withheld.secret", "other.other")
         for col in ("natural", "business", "legal")] + ["t2.fees.amount", "t4.review.upheld"]


def prepare(store, drafts: int = 12, edits_each: int = 500) -> int:
    """Fill ``store`` with drafts and history; returns the id of the draft to edit."""
    for year in range(2012, 2012 + drafts):
        draft_id = store.create("某某县人民政府办公室", year)
        editor = ops.DraftEditor(store, draft_id, live=False)
        for v in range(edits_each):
            editor.set_cells({CELLS[v % len(CELLS)]: v})
    return draft_id


def edit_function(store, draft_id: int):
    """One edit per call, always a new value (an unchanged value is not saved at all): the
    operation of an open draft (as the window holds one) without its rules, which the keystroke
    benchmark measures with the rest."""
    values = itertools.count(1_000_000)
    editor = ops.DraftEditor(store, draft_id, live=False)

    def edit() -> None:
        v = next(values)
        editor.set_cells({CELLS[v % len(CELLS)]: str(v)})

    return edit


def percentiles(times: list[float]) -> dict[str, float]:
    """p50, p90, p99 and max of ``times`` (seconds), in milliseconds."""
    ordered = sorted(times)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000

    return {"p50": at(0.50), "p90": at(0.90), "p99": at(0.99), "max": ordered[-1] * 1000}


def main() -> None:
    from reportdesk.store import DraftStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--db", help="database to use (default: a new one in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = DraftStore(args.db or Path(folder) / "drafts.db")
        draft_id = prepare(store)
        edit = edit_function(store, draft_id)
        for _ in range(50):
            edit()
        times = []
        for _ in range(args.edits):
            start = time.perf_counter()
            edit()
            times.append(time.perf_counter() - start)
        store.close()
    figures = percentiles(times)
    print(f"one cell edit saved with history, {args.edits} edits: "
          + "  ".join(f"{k} {v:.2f} ms" for k, v in figures.items()))


if __name__ == "__main__":
    main()
