"""``reportdesk screenshots OUTDIR [--report FILE] [--carry]``: every wizard step as a PNG."""

from __future__ import annotations

import argparse
import sys

NAME = "screenshots"
HELP = "把填报窗口的每一步画成 PNG 图片（不需要显示器）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("outdir", metavar="OUTDIR", help="图片保存的文件夹（不存在时自动建立）")
    p.add_argument("--report", metavar="FILE", help="填入窗口的报告（.json .txt .docx .html）；不给时是空白草稿")
    p.add_argument("--carry", action="store_true", help="以 --report 为上年报告，画出从上年报告开始的下一年草稿")
    p.add_argument("--size", default="1366x768", metavar="宽x高", help="窗口大小，默认 1366x768")


def run(args: argparse.Namespace) -> int:
    from ..errors import ReportdeskError

    try:
        width, height = (int(n) for n in args.size.lower().replace("×", "x").split("x"))
    except ValueError:
        print(f"reportdesk：窗口大小“{args.size}”应写成 宽x高，例如 1366x768", file=sys.stderr)
        return 2
    if args.carry and not args.report:
        print("reportdesk：--carry 需要同时给出 --report（上年的报告）", file=sys.stderr)
        return 2
    report = None
    if args.report:
        from .common import read

        report = read(args.report).report
    from ..ui.screenshots import render_all

    try:
        files = render_all(args.outdir, report, carry=args.carry, size=(width, height))
    except OSError as exc:
        raise ReportdeskError(f"无法写入文件夹 {args.outdir}：{exc.strerror or exc}") from None
    for path in files:
        print(path)
    return 0
