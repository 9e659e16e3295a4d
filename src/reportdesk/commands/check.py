"""``reportdesk check PATH… [--json] [--csv OUT] [--last-year FILE]``: check published reports.

A folder means every report file under it, recursively. One unreadable file never stops the
batch: it is reported and the others are checked; the exit status is then 2 (2 beats 1
beats 0). On a terminal a progress bar runs on stderr; ``--json`` output goes to stdout alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

NAME = "check"
HELP = "校验报告文件（.docx .html .htm .pdf .txt .md .json）；给出文件夹时校验其中（含子文件夹）全部报告"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="路径", help="报告文件或文件夹（文件夹包括其中的子文件夹）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果（每个文件一个对象）")
    p.add_argument("--csv", metavar="OUT", help="把每条问题写成 CSV 的一行（Excel/WPS 可直接打开）")
    p.add_argument("--last-year", metavar="FILE", help="上年的报告，用于跨年度校验（规则6、7、12）")


def run(args: argparse.Namespace) -> int:
    from ..errors import ReportdeskError
    from ..importers.batch import check_files, collect_files, results_csv, skipped_text, status_of
    from .common import counts, describe, print_findings, print_json, print_reading, read_last_year

    last = read_last_year(args.last_year)

    skipped: list = []
    files = collect_files(args.paths, skipped)
    if skipped:
        print(f"reportdesk：{skipped_text(skipped)}", file=sys.stderr)
    if not files:
        print("reportdesk：没有找到可以校验的报告文件（.docx .html .htm .pdf .txt .md .json）", file=sys.stderr)
        return 2
    progress = Progress(len(files))
    results = check_files(files, last_year=last, progress=progress.step)
    progress.done()
    status = status_of(results)
    if args.json:
        print_json([r.to_dict() for r in results])
    else:
        for r in results:
            if r.error:
                print(f"{r.path}：无法读取 — {r.error}", file=sys.stderr)
                continue
            errors, warnings = counts(r.findings)
            head = f"{r.path}：{describe(r.agency, r.year)}"
            if not r.findings:
                print(f"{head} — 没有发现问题")
            else:
                print(f"{head} — {errors}个错误，{warnings}个提示")
                print_findings(r.findings)
            print_reading(r.log)
        if len(results) > 1:
            bad = sum(1 for r in results if r.error)
            wrong = sum(1 for r in results if not r.error and counts(r.findings)[0])
            print(f"共{len(results)}份：{len(results) - bad - wrong}份无错误，{wrong}份有错误，{bad}份无法读取")
    if args.csv:
        from ..fileio import write_atomic

        try:
            write_atomic(args.csv, results_csv(results))
        except ReportdeskError as exc:
            print(f"reportdesk：{exc.message}", file=sys.stderr)
            return 2
    return status


class Progress:
    """A one-line progress bar on an interactive terminal's stderr (nothing otherwise)."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.stream = stream or sys.stderr
        self.live = total > 1 and _isatty(self.stream)
        self._last = 0.0

    def step(self, done: int, path: Path) -> None:
        """Called after each file: ``done`` files of ``total`` are checked."""
        now = time.monotonic()
        if not self.live or (now - self._last < 0.05 and done < self.total):
            return
        self._last = now
        width = 30
        filled = width * done // self.total
        name = path.name if len(path.name) <= 30 else path.name[:29] + "…"
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} {name:<31}")
        self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
