"""Cold start counted in instructions (valgrind's callgrind), against a bare PySide6 QWizard.

    python3 tests/benchmarks/startup_instructions.py [--start] [--frame]

The time of a start varies by ±10 % on a machine shared with other jobs; the number of
instructions it executes hardly varies at all (±0.5 %), so a change of a millisecond shows.
Runs ``python -m reportdesk`` (a draft's main window, or with ``--start`` the start screen)
and ``bare_qwizard.py`` once each under ``valgrind --tool=callgrind`` and prints how many
instructions each executed until its window's first Paint event — the moment
``startup.py``'s *shown* is taken — or, with ``--frame``, until the first frame has been drawn
whole (the main window's ``_first_frame_done``; for the other windows the event loop's next
turn). Instructions are not time (a cache miss or a system call counts as one), but the ratio
follows the time ratio closely (docs/ui.md). Needs valgrind (Debian: ``apt install valgrind``);
each run takes some 15 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from startup import HERE, bench_environment

# Runs one start and ends the process (os._exit: no teardown counted) at the moment measured.
CHILD = textwrap.dedent(r"""
    import builtins, os, runpy, sys
    frame, what = sys.argv[1] == "frame", sys.argv[2]
    from PySide6.QtCore import QTimer

    def painted():
        if not frame:
            os._exit(0)
        window = getattr(sys.modules.get("reportdesk.ui.main_window"), "MainWindow", None)
        if window is not None and hasattr(window, "_first_frame_done"):
            window._first_frame_done = lambda self: os._exit(0)   # called just after the frame
        else:
            QTimer.singleShot(0, lambda: os._exit(0))

    if what == "bare":
        source = open(sys.argv[3], encoding="utf-8").read()
        source = source.replace('print(f"painted {time.time():.6f}", flush=True)', "PAINTED()")
        sys.argv = ["bare_qwizard.py"]
        exec(compile(source, "bare_qwizard.py", "exec"), {"__name__": "__main__", "PAINTED": painted})
    else:
        say = builtins.print

        def print_(*args, **kwargs):
            if args and isinstance(args[0], str) and args[0].startswith("painted "):
                painted()
                return
            say(*args, **kwargs)

        builtins.print = print_
        sys.argv = ["reportdesk"]
        runpy.run_module("reportdesk", run_name="__main__")
""")


def instructions(mode: str, what: str, env: dict[str, str]) -> int:
    """Instructions executed by one start under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c",
                               CHILD, mode, what, str(HERE / "bare_qwizard.py")],
                              env=env, capture_output=True, text=True, check=False)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if not found:
            sys.exit(f"callgrind gave no count ({done.returncode}): {done.stderr[-600:]}")
        return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", action="store_true", help="the start screen, not a draft's main window")
    parser.add_argument("--frame", action="store_true", help="until the first frame is drawn whole")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_environment(tmp, draft_window=not args.start)
        # the first start compiles the .pyc files, makes the day's backup and the cached copies
        subprocess.run([sys.executable, "-m", "reportdesk"], env=env, capture_output=True, check=True)
        mode = "frame" if args.frame else "paint"
        ours, bare = instructions(mode, "reportdesk", env), instructions(mode, "bare", env)
    what = "start screen" if args.start else "main window"
    until = "first frame drawn" if args.frame else "first paint"
    print(f"{what}, to the {until}: reportdesk {ours / 1e6:.1f} M instructions, bare QWizard {bare / 1e6:.1f} M, "
          f"ratio {ours / bare:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
