"""Cold start of the wizard against a bare PySide6 QWizard, as whole processes, in turn.

    python3 tests/benchmarks/startup.py [-n 20] [--main]

Runs ``python3 -m reportdesk`` (A) and ``tests/benchmarks/bare_qwizard.py`` (B) alternately,
each printing the time of its window's first paint and quitting, and prints for each the
median of: *shown* (process started to window painted — what the goal is about), *exit*
(wall time to the process's end, teardown included) and *cpu*, and the median of the A/B
ratios taken pair by pair. ``--main`` opens the example
draft's main window instead of the start screen. Offscreen, with a database and settings of
its own. Figures in docs/ui.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(to first paint, wall to exit, cpu) seconds of one run of a command that prints ``painted TIME``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    painted = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("painted ")]
    if done.returncode or not painted:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(painted[0]) - started, wall, cpu


def bench_environment(tmp: str, draft_window: bool) -> dict[str, str]:
    """The environment of a benchmarked start: offscreen, the example draft's database and
    settings of its own in ``tmp``, compiled ``.pyc`` files; with ``draft_window`` the draft's
    main window opens at once (``REPORTDESK_OPEN_DRAFT``). Shared by the start-up benchmarks."""
    db = Path(tmp) / "bench.db"
    draft = subprocess.run([sys.executable, str(HERE / "startup_fixture.py"), str(db)], capture_output=True,
                           text=True, check=True).stdout.strip()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REPORTDESK_DB": str(db),
           "REPORTDESK_EXIT_WHEN_SHOWN": "1", "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
           # An installed program starts from compiled .pyc files (pip writes them); a
           # machine with PYTHONDONTWRITEBYTECODE set would recompile every module each run.
           "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if draft_window:
        env["REPORTDESK_OPEN_DRAFT"] = draft
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="pairs of runs (default 20)")
    parser.add_argument("--main", action="store_true", help="the main window of a draft, not the start screen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_environment(tmp, args.main)
        a_cmd = [sys.executable, "-m", "reportdesk"]
        b_cmd = [sys.executable, str(HERE / "bare_qwizard.py")]
        timed(a_cmd, env), timed(b_cmd, env)  # warm-up: caches, .pyc files, the day's backup
        a, b = [], []
        for _ in range(args.n):
            a.append(timed(a_cmd, env))
            b.append(timed(b_cmd, env))
    what = "main window" if args.main else "start screen"
    for i, name in enumerate(("shown", "exit", "cpu")):
        ma, mb = statistics.median(x[i] for x in a), statistics.median(x[i] for x in b)
        ratio = statistics.median(x[i] / y[i] for x, y in zip(a, b))
        print(f"{what:12s} {name:5s}  reportdesk {ma:.3f} s   bare QWizard {mb:.3f} s   ratio {ratio:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
