"""Benchmark: one cell edit saved by the draft store, history included (goal p99 ≤ 5 ms).

Run:  python3 -m pytest tests/benchmarks/test_store_bench.py --benchmark-enable -s
(or python3 tests/benchmarks/store_latency.py for p50/p90/p99 alone).
"""

from __future__ import annotations

from reportdesk.store import DraftStore

from .store_latency import edit_function, percentiles, prepare


def test_one_cell_edit_saved_with_history(benchmark, tmp_path):
    store = DraftStore(tmp_path / "drafts.db")
    try:
        draft_id = prepare(store)
        edit = edit_function(store, draft_id)
        benchmark.pedantic(edit, rounds=2000, iterations=1, warmup_rounds=50)
        history = store.history(draft_id)
        assert len(history) == 500 + 2050 and history[-1].new == int(history[-1].new)
        if benchmark.stats is not None:  # None with --benchmark-disable
            figures = percentiles(benchmark.stats.stats.data)
            benchmark.extra_info.update({f"{k}_ms": round(v, 3) for k, v in figures.items()})
            print("\none cell edit saved with history: " + "  ".join(f"{k} {v:.2f} ms" for k, v in figures.items()))
    finally:
        store.close()
