"""``reportdesk check PATH… [--json] [--csv OUT] [--last-year FILE_OR_FOLDER]``: check published reports.

A folder means every report file under it, recursively, read by one process per core. One
unreadable file never stops the batch: it is reported and the others are checked; the exit
status is then 2 (2 beats 1 beats 0). Results are printed in the files' order as they come,
nothing of a file is kept once printed, so a folder of any size is checked in bounded memory.
On a terminal a progress bar runs on stderr; ``--json`` output goes to stdout alone.

With a folder after ``--last-year``, each report is matched to last year's of its agency
(:mod:`reportdesk.importers.crossyear`) and checked against it (rules 6, 7, 12); agencies found
in only one of the two years are named at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

NAME = "check"
HELP = "校验报告文件（.docx .doc .wps .rtf .odt .html .htm .pdf .txt .md .json）；给出文件夹时校验其中（含子文件夹）全部报告"
NO_FILES = "reportdesk：没有找到可以校验的报告文件（.docx .doc .wps .rtf .odt .html .htm .pdf .txt .md .json）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="路径", help="报告文件或文件夹（文件夹包括其中的子文件夹）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果（每个文件一个对象）")
    p.add_argument("--csv", metavar="OUT", help="把每条问题写成 CSV 的一行（Excel/WPS 可直接打开）")
    add_last_year_argument(p)


def add_last_year_argument(p: argparse.ArgumentParser) -> None:
    """``--last-year FILE_OR_FOLDER`` (shared with ``summary``)."""
    p.add_argument("--last-year", metavar="上年", help="上年的报告文件，或存放上年各单位报告的文件夹（按机关名称逐一对照），"
                                                      "用于跨年度校验（规则6、7、12）")


class Batch:
    """What ``check`` and ``summary`` share: the files, last year's report(s), the results in
    order with a progress bar, the exit status and the counts of the closing line."""

    def __init__(self, args: argparse.Namespace, values: bool = False):
        from ..importers.batch import collect_files, skipped_text
        from .common import read_last_year

        self.status = 0
        self.last = self.index = self.presence = None
        if args.last_year and Path(args.last_year).is_dir():
            self._read_last_year_folder(args.last_year)
        else:
            self.last = read_last_year(args.last_year)
        skipped: list = []
        self.files = collect_files(args.paths, skipped)
        if skipped:
            print(f"reportdesk：{skipped_text(skipped)}", file=sys.stderr)
        self.total = self.fine = self.wrong = self.bad = 0
        self.values = values

    def _read_last_year_folder(self, folder: str) -> None:
        from ..importers.batch import read_last_year_folder
        from ..importers.crossyear import Presence

        self.index = read_last_year_folder([folder])
        for path, error in self.index.unreadable:
            print(f"上年文件夹：{path}：无法读取 — {error}", file=sys.stderr)
            self.status = 2
        if not len(self.index):
            from ..errors import UnreadableReport

            raise UnreadableReport(f"上年文件夹“{folder}”中没有可以读取的报告")
        self.presence = Presence(self.index)

    def results(self):
        """Each file's result, in order, counted (the progress bar on a terminal)."""
        from ..importers.batch import iter_check

        progress = Progress(len(self.files))
        try:
            for result in iter_check(self.files, self.last, self.index, values=self.values):
                self.total += 1
                self.status = max(self.status, result.status)
                if result.error:
                    self.bad += 1
                elif result.errors:
                    self.wrong += 1
                else:
                    self.fine += 1
                if self.presence is not None and not result.error:
                    self.presence.add(result.agency)
                progress.step(self.total, result.path)
                yield result
        finally:
            progress.done()

    def closing_line(self) -> str:
        return f"共{self.total}份：{self.fine}份无错误，{self.wrong}份有错误，{self.bad}份无法读取"


def run(args: argparse.Namespace) -> int:
    from ..errors import ReportdeskError
    from ..importers.batch import COLUMNS, finding_rows
    from ..spreadsheet import CsvSpool

    batch = Batch(args)
    if not batch.files:
        print(NO_FILES, file=sys.stderr)
        return 2
    spool = CsvSpool(COLUMNS) if args.csv else None
    out = JsonArray(sys.stdout) if args.json else None
    for r in batch.results():
        if out is not None:
            out.add(r.to_dict())
        else:
            print_result(r)
        if spool is not None:
            spool.add(finding_rows([r]))
    if out is not None:
        if batch.presence is not None:
            out.add(batch.presence.to_dict())
        out.close()
    else:
        if batch.total > 1:
            print(batch.closing_line())
        if batch.presence is not None:
            print_presence(batch.presence)
    if spool is not None:
        from ..fileio import write_atomic

        try:
            write_atomic(args.csv, spool.chunks())
        except ReportdeskError as exc:
            print(f"reportdesk：{exc.message}", file=sys.stderr)
            return 2
    return batch.status


def print_result(r) -> None:
    """One file's findings as text (an unreadable file on stderr)."""
    from .common import counts, describe, print_findings, print_unread

    if r.error:
        print(f"{r.path}：无法读取 — {r.error}", file=sys.stderr)
        return
    errors, warnings = counts(r.findings)
    head = f"{r.path}：{describe(r.agency, r.year)}"
    if not r.findings:
        print(f"{head} — 没有发现问题")
    else:
        print(f"{head} — {errors}个错误，{warnings}个提示")
        print_findings(r.findings)
    print_unread(r.summary_line, r.unread)
    match = r.last_year
    if match is not None:
        if match.last is None:
            print(f"  上年：未对照 — {match.note}")
        else:
            print(f"  上年：{match.last.path}" + (f"（{match.note}）" if match.note else ""))


def print_presence(presence, out=None) -> None:
    """The agencies found in only one of the two years."""
    out = out or sys.stdout
    for title, names in (("上年有报告、今年没有的机关", presence.missing_this_year()),
                         ("今年有报告、上年没有的机关", presence.missing_last_year())):
        print(f"{title}（{len(names)}个）：{'、'.join(names) if names else '无'}", file=out)
    pairs = presence.similar()
    if pairs:
        shown = "；".join(f"今年“{a}” — 上年“{b}”" for a, b in pairs)
        print(f"名称只差一个字，未作对照（请核对是否同一机关）：{shown}", file=out)


class JsonArray:
    """A JSON array printed one object at a time (``check --json`` of a large folder)."""

    def __init__(self, stream):
        self.stream = stream
        self.count = 0

    def add(self, obj) -> None:
        self.stream.write(("[\n" if not self.count else ",\n")
                          + _indent(json.dumps(obj, ensure_ascii=False, indent=2)))
        self.count += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.count else "[]\n")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


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
