"""``reportdesk summary PATH… -o OUT.xlsx [--last-year FILE_OR_FOLDER]``: the 汇总 workbook.

Sheet 报告 (one row per report), 问题 (every finding), 表三表四合计 (tables 3 and 4 summed, as
printed), and with a last-year folder 两年对照 — see :mod:`reportdesk.importers.summary`.
The files are read as ``check`` reads them (a pool of processes, bounded memory); the exit
status is check's: 2 if a file could not be read or the workbook not written, else 1 if a
report has errors, else 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "summary"
HELP = "汇总一个文件夹的报告：写出 Excel 汇总表（各报告一行、全部问题、表三表四合计）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .check import add_last_year_argument

    p.add_argument("paths", nargs="+", metavar="路径", help="报告文件或文件夹（文件夹包括其中的子文件夹）")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="汇总表（.xlsx，Excel/WPS 可直接打开）")
    add_last_year_argument(p)


def run(args: argparse.Namespace) -> int:
    from ..errors import ReportdeskError
    from ..fileio import write_atomic
    from ..form import load_form
    from ..importers.summary import Summary
    from .check import NO_FILES, Batch

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        print(f"reportdesk：汇总表只能保存为 .xlsx（Excel 工作簿），不能保存为“{out.suffix or out.name}”", file=sys.stderr)
        return 2
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        print(f"reportdesk：文件夹“{out.parent}”不存在，无法保存“{out.name}”", file=sys.stderr)
        return 2
    batch = Batch(args, values=True)
    if not batch.files:
        print(NO_FILES, file=sys.stderr)
        return 2
    summary = Summary(load_form())
    for result in batch.results():
        summary.add(result)
        if result.error:
            print(f"{result.path}：无法读取 — {result.error}", file=sys.stderr)
    try:
        write_atomic(out, summary.chunks(batch.presence))
    except ReportdeskError as exc:
        print(f"reportdesk：{exc.message}", file=sys.stderr)
        return 2
    print(f"已写入 {out}：{batch.closing_line()}")
    if batch.presence is not None:
        from .check import print_presence

        print_presence(batch.presence)
    return batch.status
