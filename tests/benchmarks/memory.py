"""Memory of the wizard with a full report open, against a bare PySide6 QWizard (goal ≤ +40 MiB).

    python3 tests/benchmarks/memory.py [-n 5]

Peak resident memory (the kernel's maxrss of each process, offscreen platform) of:
  A  `python -m reportdesk` opening a draft in which every cell is filled (distinct numbers,
     the example's texts) and quitting when its main window is painted;
  A+ the same main window after visiting every step, as a clerk clicking through does
     (tests/benchmarks/memory_steps.py): every page built and drawn;
  B  tests/benchmarks/bare_qwizard.py: a QApplication and one QWizard page, shown.
Prints the medians of n runs each, in MiB, and the differences to B.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "export"))


def peak_mib(cmd: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one process run to its end, in MiB."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.read().decode()[-400:]}")
    return usage.ru_maxrss / 1024  # kB on Linux


def full_report(folder: Path) -> str:
    """A draft database with the busy report (every cell filled) as a draft; its id."""
    from busy_report import busy
    from reportdesk.importers import read_report
    from reportdesk.store import DraftStore

    report = busy(read_report(ROOT / "tests" / "fixtures" / "xiaodong-2024.txt").report)
    db = folder / "memory.db"
    with DraftStore(db) as store:
        draft_id = store.import_report(report)
    return str(draft_id)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="runs of each (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        draft = full_report(folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REPORTDESK_DB": str(folder / "memory.db"),
               "REPORTDESK_EXIT_WHEN_SHOWN": "1", "XDG_CONFIG_HOME": str(folder / "config"),
               "PYTHONPATH": str(ROOT / "src"), "PYTHONPYCACHEPREFIX": str(folder / "pycache")}
        commands = {
            "A  wizard, full report open": ([sys.executable, "-m", "reportdesk"], {"REPORTDESK_OPEN_DRAFT": draft}),
            "A+ after visiting every step": ([sys.executable, str(HERE / "memory_steps.py"),
                                              str(folder / "memory.db"), draft], {}),
            "B  bare PySide6 QWizard": ([sys.executable, str(HERE / "bare_qwizard.py")], {}),
        }
        results = {}
        for name, (cmd, extra) in commands.items():
            peak_mib(cmd, {**env, **extra})  # warm-up: .pyc files, caches
            results[name] = statistics.median(peak_mib(cmd, {**env, **extra}) for _ in range(args.n))
    bare = results["B  bare PySide6 QWizard"]
    for name, mib in results.items():
        extra = "" if name.startswith("B") else f"   (+{mib - bare:.1f} MiB over B; goal ≤ +40)"
        print(f"{name:36s} peak RSS {mib:6.1f} MiB{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
