"""Figures of the frozen program: bundle size, cold and warm start of `reportdesk check`.

    python3 packaging/measure_startup.py dist/reportdesk REPORT.txt [-n 5]

Cold: before each run the bundle's files are dropped from the page cache (posix_fadvise
DONTNEED, Linux, no root needed), as after a reboot or on a slow USB/network drive; the
system libraries stay cached. Warm: the same command run again right away. Each figure is
the median wall time of n runs, from process start to exit. docs/packaging.md quotes them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def bundle_size(bundle: Path) -> int:
    """Bytes of every file in the bundle, as unpacked on disk (symlinks counted as links)."""
    return sum(p.lstat().st_size for p in bundle.rglob("*"))


def evict(bundle: Path) -> None:
    """Drop the bundle's files from the page cache."""
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def timed_run(command: list[str]) -> float:
    """Wall seconds of one run; the command must succeed (exit 0 or 1: report with errors)."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.decode()[:300]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Print the size and the cold and warm start figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("bundle", type=Path)
    p.add_argument("report", type=Path, help="a report file to check")
    p.add_argument("-n", type=int, default=5, help="runs per figure (default 5)")
    args = p.parse_args(argv)
    if not hasattr(os, "posix_fadvise"):
        print("measure_startup: needs Linux (posix_fadvise)", file=sys.stderr)
        return 2
    exe = args.bundle / "reportdesk"
    command = [str(exe), "check", str(args.report)]
    size = bundle_size(args.bundle)
    cold = []
    for _ in range(args.n):
        evict(args.bundle)
        cold.append(timed_run(command))
    timed_run(command)
    warm = [timed_run(command) for _ in range(args.n)]
    print(f"bundle size unpacked: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)")
    print(f"cold start, reportdesk check: median {statistics.median(cold):.3f} s "
          f"(min {min(cold):.3f}, max {max(cold):.3f}, n={args.n})")
    print(f"warm start, reportdesk check: median {statistics.median(warm):.3f} s "
          f"(min {min(warm):.3f}, max {max(warm):.3f}, n={args.n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
