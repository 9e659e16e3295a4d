"""Whole-process time of ``reportdesk convert example.txt -o out.pdf`` (goal ≤ 1 s).

    python3 tests/benchmarks/convert_pdf.py [-n 10]

Each run is a fresh ``python -m reportdesk`` process, as a clerk's command is, with
LibreOffice off the PATH; prints the median, min and max wall time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = Path(tmp, "bin")
        bin_dir.mkdir()
        if shutil.which("fc-list"):
            (bin_dir / "fc-list").symlink_to(shutil.which("fc-list"))
        env = {**os.environ, "PATH": str(bin_dir), "PYTHONPATH": str(ROOT / "src")}
        env.pop("DISPLAY", None)
        command = [sys.executable, "-m", "reportdesk", "convert", str(ROOT / "tests" / "fixtures" / "xiaodong-2024.txt"),
                   "-o", str(Path(tmp, "out.pdf"))]
        subprocess.run(command, env=env, capture_output=True, check=True)  # compiled .pyc, warm caches
        times = []
        for _ in range(args.n):
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
    print(f"convert example.txt -o out.pdf: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s ({args.n} runs)")


if __name__ == "__main__":
    main()
