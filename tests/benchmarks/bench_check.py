"""Batch check speed and memory: prints reports per second and the peak memory of the whole
process tree (the command and its worker processes).

    python3 tests/benchmarks/bench_check.py                   # PDFs (200) and .docx (600)
    python3 tests/benchmarks/bench_check.py --kind pdf -n 400
    python3 tests/benchmarks/bench_check.py --kind docx -n 3000 --repeat 1   # memory on a big folder
    python3 tests/benchmarks/bench_check.py --command summary                # reportdesk summary -o x.xlsx
    python3 tests/benchmarks/bench_check.py --kind docx --against ../main/src  # and another checkout, runs alternating

Copies the published fixtures (tests/fixtures/published/*.pdf: LibreOffice PDFs of 2–6 pages;
*.docx) N times into a temporary folder, then times ``reportdesk check FOLDER --json`` as a
person runs it (a new process, start-up and worker start included, output to a pipe), best of
``--repeat``, with the program's bytecode cached as an installed program has it (written by
an untimed run on 20 files first; PYTHONDONTWRITEBYTECODE would otherwise have every run
compile every module again, some 0.1 s). While it runs, the RSS and PSS of the process and all its children are sampled
every 10 ms from /proc (Linux); the peak of their sum is printed. RSS counts pages shared by
forked workers once per process, so it overstates; PSS shares them out. Goals (issue 15):
PDFs ≥ 20 reports/s, .docx ≥ 300 reports/s on the 2-core machine, memory ≤ 200 MB whatever
the folder's size. The machine's load average is printed before and after: the cores are
shared, and a busy machine gives lower figures. ``--against SRC`` times another checkout's
``src`` (main's, say) too, its runs alternating with this one's on the same folder, so that
both see the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOALS = {"pdf": 20, "docx": 300}


def make_folder(folder: Path, kind: str, n: int) -> None:
    sources = sorted((ROOT / "tests" / "fixtures" / "published").glob(f"*.{kind}"))
    folder.mkdir(parents=True)
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copy(src, folder / f"{i:05}-{src.name}")


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


def _memory(pids: list[int]) -> tuple[int, int]:
    """(RSS, PSS) of the processes in kB, summed."""
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


def environment(pycache: Path, src: Path = ROOT / "src") -> dict[str, str]:
    """The command's environment: the code under ``src`` (this checkout's), its bytecode cached
    (in ``pycache``) as an installed program has it, even where PYTHONDONTWRITEBYTECODE is set."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=str(pycache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(folder: Path, command: str = "check", src: Path = ROOT / "src") -> tuple[float, int, int, int, float]:
    """(seconds, exit status, peak RSS kB, peak PSS kB, CPU seconds of the whole tree) of one
    ``reportdesk check FOLDER --json`` (or ``reportdesk summary FOLDER -o …xlsx``) of the code
    under ``src``."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = environment(folder.parent / f"pycache-{abs(hash(str(src)))}", src)
    peak = [0, 0]
    args = ["check", str(folder), "--json"] if command == "check" else \
        ["summary", str(folder), "-o", str(folder.parent / "汇总.xlsx")]
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "reportdesk", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample():
        while not done.is_set():
            rss, pss = _memory(_tree(proc.pid))
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"reportdesk check failed ({proc.returncode}): {err.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)   # the command and its reaped workers
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, proc.returncode, peak[0], peak[1], cpu


def bench(kind: str, n: int, repeat: int, command: str = "check", against: Path | None = None) -> None:
    sources = {"this": ROOT / "src"}
    if against is not None:
        sources["against"] = against.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        make_folder(folder, kind, n)
        # A few files first, untimed (in the pool, as the timed runs): the bytecode is written,
        # as installing the program does.
        warm = Path(tmp) / "warm-up"
        make_folder(warm, kind, 20)
        for src in sources.values():
            run_once(warm, command, src)
        load = os.getloadavg()[0]
        runs: dict[str, list] = {name: [] for name in sources}
        for _ in range(repeat):
            for name, src in sources.items():   # alternating: both see the same load
                runs[name].append(run_once(folder, command, src))
        cores = len(os.sched_getaffinity(0))
        for name, src in sources.items():
            best = min(r[0] for r in runs[name])
            rss, pss = max(r[2] for r in runs[name]) / 1024, max(r[3] for r in runs[name]) / 1024
            cpu = min(r[4] for r in runs[name])
            which = "" if against is None else f"[{src}] "
            print(f"{which}reportdesk {command} on {n} .{kind} reports: {best:.2f} s best of {repeat} = {n / best:.0f} reports/s "
                  f"(goal ≥ {GOALS[kind]}; whole command, {cores} cores); peak memory of the process tree "
                  f"RSS {rss:.0f} MB, PSS {pss:.0f} MB (goal ≤ 200); load average {load:.2f} → {os.getloadavg()[0]:.2f}")
            # What the command costs, whatever else runs: CPU time of the process and its workers.
            print(f"  CPU time of the whole tree: {cpu:.2f} s = {cpu / n * 1000:.1f} ms per report; "
                  f"with the {cores} cores to itself: {cores * n / cpu:.0f} reports/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("pdf", "docx", "both"), default="both")
    parser.add_argument("-n", type=int, help="files (default 200 PDFs, 600 .docx)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--command", choices=("check", "summary"), default="check")
    parser.add_argument("--against", type=Path, metavar="SRC",
                        help="another checkout's src/ (main's), timed too, its runs alternating with this one's")
    args = parser.parse_args()
    for kind in ("pdf", "docx") if args.kind == "both" else (args.kind,):
        bench(kind, args.n or (200 if kind == "pdf" else 600), args.repeat, args.command, args.against)


if __name__ == "__main__":
    main()
