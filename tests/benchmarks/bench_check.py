"""Batch check speed of .docx reports: prints reports per second.

    python3 tests/benchmarks/bench_check.py [N]

Copies the Word fixtures (tests/fixtures/published/*.docx) N times (default 300 files) into
a temporary folder, then times ``reportdesk check FOLDER --json`` as a person runs it (a new
process, start-up included) and the batch alone in-process. Goal: ≥ 100 reports per second.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))


def main(n: int = 300) -> None:
    sources = sorted((ROOT / "tests" / "fixtures" / "published").glob("*.docx"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for i in range(n):
            src = sources[i % len(sources)]
            shutil.copy(src, folder / f"{i:04}-{src.name}")
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        best = None
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "reportdesk", "check", str(folder), "--json"],
                                  env=env, capture_output=True)
            elapsed = time.perf_counter() - start
            assert proc.returncode in (0, 1), proc.stderr.decode()
            best = elapsed if best is None else min(best, elapsed)
        print(f"reportdesk check on {n} .docx reports: {best:.2f} s best of 3 = {n / best:.0f} reports/s "
              f"(one process, start-up included)")
        from reportdesk.importers.batch import check_files, collect_files

        files = collect_files([folder])
        check_files(files[:5])  # warm the caches as a long batch has them
        start = time.perf_counter()
        results = check_files(files)
        elapsed = time.perf_counter() - start
        assert all(not r.error for r in results)
        print(f"in-process batch: {elapsed:.2f} s = {n / elapsed:.0f} reports/s, "
              f"{elapsed / n * 1000:.1f} ms per report (read + check)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
