"""``reportdesk screenshots OUTDIR [--report FILE] [--carry] [--size WxH] [--scale F]``: every
wizard step as a PNG, on a screen of W×H physical pixels at scale F (interfaces.md)."""

from __future__ import annotations

import argparse
import sys

NAME = "screenshots"
HELP = "把填报窗口的每一步画成 PNG 图片（不需要显示器）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("outdir", metavar="OUTDIR", help="图片保存的文件夹（不存在时自动建立）")
    p.add_argument("--report", metavar="FILE", help="填入窗口的报告（.json .txt .docx .html）；不给时是空白草稿")
    p.add_argument("--carry", action="store_true", help="以 --report 为上年报告，画出从上年报告开始的下一年草稿")
    p.add_argument("--size", default="1600x1000", metavar="宽x高", help="屏幕分辨率（物理像素），默认 1600x1000")
    p.add_argument("--scale", default="1", metavar="F",
                   help="屏幕缩放比例，例如 1.5 即 Windows 的 150%%（也可写 150%%），默认 1")


def run(args: argparse.Namespace) -> int:
    from ..errors import ReportdeskError

    try:
        width, height = (int(n) for n in args.size.lower().replace("×", "x").split("x"))
    except ValueError:
        print(f"reportdesk：窗口大小“{args.size}”应写成 宽x高，例如 1366x768", file=sys.stderr)
        return 2
    try:
        text = args.scale.strip()
        scale = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        if not 0.5 <= scale <= 4:
            raise ValueError
    except ValueError:
        print(f"reportdesk：缩放比例“{args.scale}”应是 0.5 到 4 之间的数，例如 1.5 或 150%", file=sys.stderr)
        return 2
    if not (320 <= width <= 10000 and 240 <= height <= 10000):
        print(f"reportdesk：屏幕分辨率“{args.size}”不合理（宽 320–10000，高 240–10000）", file=sys.stderr)
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
        files = render_all(args.outdir, report, carry=args.carry, size=(width, height), scale=scale)
    except OSError as exc:
        from ..fileio import os_reason

        raise ReportdeskError(f"无法写入文件夹 {args.outdir}：{os_reason(exc)}") from None
    for path in files:
        print(path)
    return 0
