"""Batch review: check every report under a folder, shared by ``reportdesk check`` and the
批量审核 window. No Qt here.

One unreadable file never stops a batch: it becomes a result with an ``error`` (Chinese) and
the next file is read. Results export to CSV (one row per finding) and to .xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..errors import UnreadableReport
from ..rules import ERROR, Finding, check
from ..spreadsheet import add_sheet, csv_bytes, new_workbook, workbook_bytes
from .log import ImportLog

SEVERITY_NAMES = {ERROR: "错误", "warning": "提示"}
COLUMNS = ["文件", "机关", "年度", "规则", "严重程度", "问题", "单元格", "应为", "实为", "差额"]


@dataclass
class FileResult:
    """What checking one file gave: findings, or the reason it could not be read."""

    path: Path
    agency: str = ""
    year: int | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str = ""
    kind: str = ""
    log: ImportLog | None = None    # what the reader did (not in ``to_dict``: interfaces.md's shape)

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
        return self.log.summary() if self.log and self.log.unread() else ""

    def to_dict(self) -> dict:
        """As ``check --json`` prints it (interfaces.md)."""
        if self.error:
            return {"file": str(self.path), "error": self.error}
        return {"file": str(self.path), "agency": self.agency, "year": self.year,
                "findings": [f.to_dict() for f in self.findings]}


def supported(path: Path) -> bool:
    """Whether a file in a folder is one ``check`` looks at (lock files and hidden ones not)."""
    from . import supported_suffixes

    return (path.suffix.lower() in supported_suffixes() and not path.name.startswith((".", "~$", ".~")))


def collect_files(paths: Iterable[str | Path], skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """The files to check: each file named, and every report file under each folder (sorted).

    Entries of a folder that look like reports but are no regular file (a FIFO, a socket, a
    device, a link to nothing) are never opened — reading a FIFO would wait for ever — and go
    to ``skipped`` as (path, what it is) when a list is given. A path named on its own is kept:
    reading it then refuses it with a message (exit 2).
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = []
            for f in sorted(path.rglob("*"), key=str):
                if not supported(f) or any(part.startswith(".") for part in f.relative_to(path).parts[:-1]):
                    continue
                what = _not_regular(f)
                if not what:
                    found.append(f)
                elif what != "文件夹" and skipped is not None:
                    skipped.append((f, what))
        else:
            found = [path]
        for f in found:
            key = f.resolve() if f.exists() else f
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def _not_regular(path: Path) -> str:
    """"" for a regular file (or a link to one); else what the entry is, in Chinese."""
    from . import special_file_kind

    try:
        return special_file_kind(path.stat().st_mode)
    except FileNotFoundError:
        return "指向不存在文件的链接"
    except OSError as exc:
        return f"无法访问的条目（{exc.strerror or exc}）"


def skipped_text(skipped: list[tuple[Path, str]], limit: int = 5) -> str:
    """One Chinese sentence naming what a folder scan left out, e.g. for stderr or a status line."""
    named = "；".join(f"“{p}”是{what}" for p, what in skipped[:limit])
    more = f"等{len(skipped)}个" if len(skipped) > limit else ""
    return f"跳过了不是普通文件的条目（未读取）：{named}{more}"


def check_file(path: Path, last_year=None) -> FileResult:
    """Read and check one file; never raises for a bad file."""
    from . import read_report

    try:
        result = read_report(path)
    except UnreadableReport as exc:
        return FileResult(path, error=exc.message)
    except Exception as exc:  # a reader's bug must not stop a batch of a hundred files
        return FileResult(path, error=f"读取时出现内部错误（{type(exc).__name__}），请把这个文件交给技术人员")
    report = result.report
    return FileResult(path, report.agency, report.year, check(report, last_year), kind=result.kind, log=result.log)


def check_files(files: list[Path], last_year=None,
                progress: Callable[[int, Path], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[FileResult]:
    """Check files in order; ``progress(done, path)`` after each, ``cancelled()`` stops early."""
    results = []
    for i, path in enumerate(files):
        if cancelled is not None and cancelled():
            break
        results.append(check_file(path, last_year))
        if progress is not None:
            progress(i + 1, path)
    return results


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


def results_xlsx(results: list[FileResult]) -> bytes:
    """An .xlsx workbook: a sheet of findings (one row each) and a sheet with one row per file."""
    wb = new_workbook()
    add_sheet(wb, "问题", COLUMNS, finding_rows(results), [40, 28, 8, 6, 10, 70, 30, 8, 8, 8])
    add_sheet(wb, "报告", ["文件", "机关", "年度", "错误", "提示", "状态", "读取"],
              ([str(r.path), r.agency, r.year or "", r.errors, r.warnings,
                "无法读取：" + r.error if r.error else ("有错误" if r.errors else "无错误"), r.reading]
               for r in results),
              [40, 28, 8, 6, 6, 40, 60])
    return workbook_bytes(wb)
