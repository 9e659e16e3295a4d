"""Batch review: check every report under a folder, shared by ``reportdesk check``,
``reportdesk summary`` and the 批量审阅 window. No Qt here.

One unreadable file never stops a batch: it becomes a result with an ``error`` (Chinese) and
the next file is read. :func:`iter_check` gives the results in the files' order, reading them
in a pool of processes (one per core) when there are enough files for that to pay; each
result is small (findings, the few figures a summary needs, what could not be read) so that a
folder of any size is checked in bounded memory. Results export to CSV (one row per finding)
and to the 汇总 workbook (:mod:`reportdesk.importers.summary`).
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import UnreadableReport
from ..fileio import os_reason
from ..rules import ERROR, Finding, check
from ..spreadsheet import csv_bytes
from .log import ImportLog, LogEntry

SEVERITY_NAMES = {ERROR: "错误", "warning": "提示"}
COLUMNS = ["文件", "机关", "年度", "规则", "严重程度", "问题", "单元格", "应为", "实为", "差额"]
# Fewer files than this are read in this process: starting workers would cost more.
POOL_FROM = 16
# Files handed to a worker at a time (a chunk): up to what reading CHUNK .docx costs, some
# 0.15 s, while many are left (each hand-over costs the main process about a millisecond);
# fewer towards the end, down to one file, so that no core idles long while another reads the
# last chunk. A PDF costs about four .docx; a file LibreOffice converts, seconds: one a chunk
# (what is handed out is read even after a cancel). And chunks in flight per worker: few
# enough that results never pile up, enough that a worker never waits.
CHUNK = 32
IN_FLIGHT = 3
_COST = {".pdf": 4, **dict.fromkeys((".doc", ".wps", ".rtf", ".odt", ".et"), 300)}


@dataclass
class FileResult:
    """What checking one file gave: findings, or the reason it could not be read."""

    path: Path
    agency: str = ""
    year: int | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    kind: str = ""
    log: ImportLog | None = None    # the whole import log: kept only when reading in this process
    summary_line: str = ""          # the log's summary when something could not be read, else ""
    unread: list[LogEntry] = field(default_factory=list)   # the log's unread entries
    values: dict = field(default_factory=dict)             # the cells the 汇总 shows, as read
    last_year: object | None = None  # crossyear.Match when a last-year folder was given

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity != ERROR)

    @property
    def status(self) -> int:
        """2 unreadable, 1 has errors, 0 fine (the command line's exit status)."""
        return 2 if self.error else (1 if self.errors else 0)

    @property
    def reading(self) -> str:
        """How the file was read when something could not be (the log's summary line); else ""."""
        return self.summary_line

    def to_dict(self) -> dict:
        """As ``check --json`` prints it (interfaces.md); with a last-year folder, also
        ``"last_year"``: the report it was compared with, or why none."""
        if self.error:
            return {"file": str(self.path), "error": self.error}
        d = {"file": str(self.path), "agency": self.agency, "year": self.year,
             "findings": [f.to_dict() for f in self.findings]}
        if self.last_year is not None:
            d["last_year"] = self.last_year.to_dict()
        return d


def supported(path: Path, suffixes: set[str] | None = None) -> bool:
    """Whether a file in a folder is one ``check`` looks at (lock files and hidden ones not);
    ``suffixes``: :func:`~reportdesk.importers.supported_suffixes`, when the caller has them."""
    if suffixes is None:
        from . import supported_suffixes

        suffixes = supported_suffixes()
    return path.suffix.lower() in suffixes and not path.name.startswith((".", "~$", ".~"))


def collect_files(paths: Iterable[str | Path], skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """The files to check: each file named, and every report file under each folder (sorted).

    Entries of a folder that look like reports but are no regular file (a FIFO, a socket, a
    device, a link to nothing) are never opened — reading a FIFO would wait for ever — and go
    to ``skipped`` as (path, what it is) when a list is given. A path named on its own is kept:
    reading it then refuses it with a message (exit 2). A file named twice, or reached again
    through a link, is checked once.
    """
    from . import supported_suffixes

    suffixes = supported_suffixes()
    files: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = []
            hidden = os.sep + "."   # a hidden folder somewhere in a path: looked at closely
            for f in sorted(path.rglob("*"), key=str):
                if not supported(f, suffixes) or (hidden in os.sep + str(f.parent) and any(
                        part.startswith(".") for part in f.relative_to(path).parts[:-1])):
                    continue
                what = _not_regular(f)
                if not what:
                    found.append(f)
                elif what != "文件夹" and skipped is not None:
                    skipped.append((f, what))
            keys = _resolved(found)   # (each found by its stat: it exists)
        else:
            found = [path]
            keys = [path.resolve() if path.exists() else path]
        for f, key in zip(found, keys):
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def _resolved(files: list[Path]) -> list[Path]:
    """Each file's ``resolve()``: its folder's, once a folder, and its name (a link: resolved)."""
    folders: dict[Path, Path] = {}
    out = []
    for f in files:
        if f.is_symlink():
            out.append(f.resolve())
            continue
        folder = folders.get(f.parent)
        if folder is None:
            folder = folders[f.parent] = f.parent.resolve()
        out.append(folder / f.name)
    return out


def _not_regular(path: Path) -> str:
    """"" for a regular file (or a link to one); else what the entry is, in Chinese."""
    from . import special_file_kind

    try:
        return special_file_kind(path.stat().st_mode)
    except FileNotFoundError:
        return "指向不存在文件的链接"
    except OSError as exc:
        return f"无法访问的条目（{os_reason(exc)}）"


def skipped_text(skipped: list[tuple[Path, str]], limit: int = 5) -> str:
    """One Chinese sentence naming what a folder scan left out, e.g. for stderr or a status line."""
    named = "；".join(f"“{p}”是{what}" for p, what in skipped[:limit])
    more = f"等{len(skipped)}个" if len(skipped) > limit else ""
    return f"跳过了不是普通文件的条目（未读取）：{named}{more}"


def check_file(path: Path, last_year=None, index=None, *, keep_log: bool = True,
               keep_values: bool = True) -> FileResult:
    """Read and check one file; never raises for a bad file.

    ``last_year``: one report for every file (``--last-year FILE``); ``index``: last year's
    folder (:class:`~reportdesk.importers.crossyear.LastYearIndex`), each report matched to
    its agency's. ``keep_log=False`` leaves the whole import log out (a worker's result);
    ``keep_values=False`` the values the 汇总 shows (the form's ``[summary]``: only a 汇总 needs them).
    """
    from . import read_report
    from .log import MAPPED, counting_only

    try:
        if keep_log:
            result = read_report(path)
        else:
            with counting_only(MAPPED):   # one entry a cell read, of which only the count is shown
                result = read_report(path)
    except UnreadableReport as exc:
        return FileResult(path, error=exc.message)
    except Exception as exc:  # a reader's bug must not stop a batch of a hundred files
        return FileResult(path, error=f"读取时出现内部错误（{type(exc).__name__}），请把这个文件交给技术人员")
    report, log = result.report, result.log
    match = None
    if index is not None:
        match = index.match(report.agency, report.year)
        last_year = match.last.report(report.form) if match.last is not None else None
    unread = log.unread()
    values = summary_values(report) if keep_values else {}
    from .peer import file_findings

    findings = check(report, last_year) + file_findings(result.kind, log)
    return FileResult(path, report.agency, report.year, findings, kind=result.kind,
                      log=log if keep_log else None, summary_line=log.summary() if unread else "",
                      unread=unread, values=values, last_year=match)


@lru_cache(maxsize=8)
def summary_cells(form) -> frozenset[str]:
    """The cells the 汇总 workbook shows of each report: those of the tables it sums and those
    its figures add up (the form's ``[summary]``)."""
    tables = set(form.summary.tables)
    return frozenset([c for c, d in form.cells.items() if d.table in tables]
                     + [c for f in form.summary.figures for c in f.cells + f.divided_by])


def summary_values(report) -> dict:
    """A report's values the 汇总 workbook shows (a worker's result carries only these)."""
    cells = summary_cells(report.form)
    return {c: v for c, v in report.values.items() if c in cells}


def read_last_year_entry(path: Path):
    """One file of last year's folder: a ``crossyear.LastYearReport``, or (path, error)."""
    from . import read_report
    from .crossyear import LastYearReport, cross_year_cells

    try:
        report = read_report(path).report
    except UnreadableReport as exc:
        return path, exc.message
    except Exception as exc:
        return path, f"读取时出现内部错误（{type(exc).__name__}），请把这个文件交给技术人员"
    return LastYearReport(path, report.agency, report.year,
                          {c: report.values[c] for c in cross_year_cells(report.form)})


def read_last_year_folder(paths: Iterable[str | Path], workers: int | None = None):
    """Last year's folder read into a ``crossyear.LastYearIndex`` (unreadable files listed)."""
    from ..form import load_form
    from .crossyear import LastYearIndex

    index = LastYearIndex(load_form())
    for item in _in_order(collect_files(paths), _read_last_chunk, (), workers):
        if isinstance(item, tuple):
            index.unreadable.append(item)
        else:
            index.add(item)
    return index


def iter_check(files: list[Path], last_year=None, index=None, *, workers: int | None = None,
               cancelled: Callable[[], bool] | None = None, values: bool = True) -> Iterator[FileResult]:
    """Check files, yielding each result in the files' order.

    With enough files, the reading is done by ``workers`` processes (default: one per core);
    memory stays bounded whatever the number of files, since results are consumed as they
    come. ``cancelled()`` stops early (after the files already handed out). ``values``: carry
    tables 3 and 4 in each result (for a 汇总)."""
    if (workers is None or workers > 1) and len(files) >= POOL_FROM:
        _preload(files)
    yield from _in_order(files, _check_chunk, (last_year, index, values), workers, cancelled)


def check_files(files: list[Path], last_year=None,
                progress: Callable[[int, Path], None] | None = None,
                cancelled: Callable[[], bool] | None = None, index=None,
                workers: int | None = None) -> list[FileResult]:
    """Check files in order (a list); ``progress(done, path)`` after each, ``cancelled()`` stops early."""
    results = []
    for result in iter_check(files, last_year, index, workers=workers, cancelled=cancelled):
        results.append(result)
        if progress is not None:
            progress(len(results), result.path)
    return results


def default_workers() -> int:
    """Processes for a batch: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# -- the pool

def _preload(files: list[Path]) -> None:
    """The form and the readers the files need, loaded once here: workers forked from this
    process find them loaded instead of each importing and parsing them again. Readers of
    other kinds are not imported (before the workers start, nothing else runs); a worker
    imports one should a file's content need it."""
    import importlib

    from ..form import load_form
    from . import READERS, SUFFIXES

    load_form()
    kinds = {SUFFIXES.get(f.suffix.lower()) for f in files}
    for kind, spec in READERS.items():
        if kind not in kinds and None not in kinds:   # an unknown extension: any kind may come
            continue
        try:
            importlib.import_module(spec.partition(":")[0])
        except ImportError:
            pass


_WORKER_ARGS: tuple = ()


def _init_worker(args: tuple) -> None:
    global _WORKER_ARGS
    _WORKER_ARGS = args
    keep_freed_memory()


# M_TRIM_THRESHOLD of glibc's mallopt, and what a worker keeps (bounded: one report's reading
# uses a few MB; a large one's peak is the same either way, only not handed back at once).
_M_TRIM_THRESHOLD = -1
KEEP_FREED = 16 << 20


def keep_freed_memory() -> bool:
    """Keep freed memory for the next file instead of handing it back to the system (Linux's
    C library, glibc): by default every report's reading ends by trimming the heap, and the
    next one faults the same pages in again, some 200 page faults and 0.5 ms of system time a
    report, a tenth of the reading. Nothing to do elsewhere (True when set)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return bool(ctypes.CDLL(None).mallopt(_M_TRIM_THRESHOLD, KEEP_FREED))
    except (OSError, AttributeError, ImportError):   # no glibc (musl): its allocator, as it is
        return False


def _check_chunk(paths: list[Path], args: tuple | None = None) -> list[FileResult]:
    last_year, index, values = _WORKER_ARGS if args is None else args
    return [check_file(p, last_year, index, keep_log=False, keep_values=values) for p in paths]


def _read_last_chunk(paths: list[Path], args: tuple | None = None) -> list:
    return [read_last_year_entry(p) for p in paths]


def _in_order(files: list[Path], work, args: tuple, workers: int | None,
              cancelled: Callable[[], bool] | None = None, pool_from: int | None = None) -> Iterator:
    """``work(chunk)`` over the files in chunks, each item yielded in the files' order: in this
    process for a few files, else in a pool of processes with a bounded number in flight.

    A worker that dies (a crash in a PDF library on one hostile file) takes no file with it:
    its chunk is read again one file per fresh process, the file that kills its process gets
    an error of its own, and the rest of the batch goes on in a new pool."""
    workers = default_workers() if workers is None else workers
    pool_from = POOL_FROM if pool_from is None else pool_from
    if workers <= 1 or len(files) < pool_from:
        for path in files:
            if cancelled is not None and cancelled():
                return
            yield from work([path], args)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(files, workers)
    broken_at = None
    with ProcessPoolExecutor(min(workers, len(chunks)), mp_context=_mp_context(),
                             initializer=_init_worker, initargs=(args,)) as pool:
        pending: deque = deque()
        at = 0
        refused = False   # the pool broke before a chunk could be handed out
        try:
            while at < len(chunks) or pending:
                while at < len(chunks) and len(pending) < workers * IN_FLIGHT and not refused:
                    if cancelled is not None and cancelled():
                        at = len(chunks)
                        break
                    try:
                        pending.append((at, pool.submit(work, chunks[at])))
                    except BrokenProcessPool:
                        # A worker died since the last result: the chunk it was reading is
                        # among those handed out, whose results say which; nothing more goes out.
                        refused = True
                        break
                    at += 1
                if not pending:
                    if refused:
                        broken_at = at
                    break
                index, future = pending.popleft()
                try:
                    items = future.result()
                except BrokenProcessPool:
                    broken_at = index
                    break
                yield from items
        finally:
            for _, future in pending:
                future.cancel()
    if broken_at is not None:
        for path in chunks[broken_at]:
            yield from _alone(work, path, args)
        rest = [f for chunk in chunks[broken_at + 1:] for f in chunk]
        if rest and not (cancelled is not None and cancelled()):
            # in processes however few are left: the files after a crash may crash again, and
            # read in this process one would take the whole program with it
            yield from _in_order(rest, work, args, max(workers, 2), cancelled, pool_from=0)


def _chunks(files: list[Path], workers: int) -> list[list[Path]]:
    """The files in chunks, in order: each costing up to CHUNK (``_COST``, a .docx 1) while
    much is left, then at most a quarter of what is left for two workers (an eighth for four),
    down to one file a chunk."""
    costs = [_COST.get(f.suffix.lower(), 1) for f in files]
    left = sum(costs)
    chunks, at = [], 0
    while at < len(files):
        budget = min(CHUNK, left / (2 * workers))
        end, spent = at + 1, costs[at]   # one file at least
        while end < len(files) and spent + costs[end] <= budget:
            spent += costs[end]
            end += 1
        chunks.append(files[at:end])
        left -= spent
        at = end
    return chunks


def _alone(work, path: Path, args: tuple) -> list:
    """``work([path])`` in a process of its own; an error item for the file if it dies."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(1, mp_context=_mp_context(), initializer=_init_worker, initargs=(args,)) as pool:
            return pool.submit(work, [path]).result()
    except BrokenProcessPool:
        message = f"读取“{path.name}”时程序意外退出（文件可能已损坏或是恶意构造的），未读取"
        return [(path, message)] if work is _read_last_chunk else [FileResult(path, error=message)]


def _mp_context():
    """How workers start. "fork" is cheapest (the form and modules are already loaded), but
    only safe from a process with no other thread (the window's worker thread, Qt's): then
    "forkserver" where there is one, "spawn" elsewhere (Windows)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and not getattr(sys, "frozen", False):
        return multiprocessing.get_context("fork")
    if "forkserver" in methods and not getattr(sys, "frozen", False):
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def status_of(results: Iterable[FileResult]) -> int:
    """The batch's exit status: 2 beats 1 beats 0."""
    return max((r.status for r in results), default=0)


def finding_rows(results: Iterable[FileResult]) -> list[list]:
    """One row per finding (and one per unreadable file), under :data:`COLUMNS`; numbers stay
    numbers (a writer makes every cell safe, :mod:`reportdesk.spreadsheet`)."""
    rows = []
    for r in results:
        if r.error:
            rows.append([str(r.path), "", "", "", "无法读取", r.error, "", "", "", ""])
            continue
        for f in r.findings:
            rows.append([str(r.path), r.agency, r.year or "", f.rule, SEVERITY_NAMES.get(f.severity, f.severity),
                         f.message, " ".join(f.cells), f.expected, f.actual, f.difference])
    return rows


def results_csv(results: Iterable[FileResult]) -> bytes:
    """The CSV file: UTF-8 with BOM, so that Excel and WPS open the Chinese correctly; no cell a
    spreadsheet would take for a formula."""
    return csv_bytes(COLUMNS, finding_rows(results))
