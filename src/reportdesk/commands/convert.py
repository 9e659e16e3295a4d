"""``reportdesk convert IN -o OUT [--final]``: read a report in any form, write .json, .docx or .pdf."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

NAME = "convert"
HELP = "把报告转换为 .json 报告文件、.docx Word 文档或 PDF"

# Output writers by extension: "module:function" taking (report, findings, final, fonts) -> bytes.
WRITERS = {
    ".json": "reportdesk.commands.convert:json_bytes",
    ".docx": "reportdesk.export.docx:docx_bytes",
    ".pdf": "reportdesk.export.pdf:pdf_bytes",
}
# Outputs that carry the draft mark (草稿) while the report has errors.
MARKED = (".docx", ".pdf")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="IN", help="输入的报告（.docx .doc .wps .html .pdf .txt .md .json 等）")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件（.json、.docx 或 .pdf）")
    p.add_argument("--final", action="store_true", help="正式版：报告有错误时拒绝输出")
    p.add_argument("--last-year", metavar="FILE", help="上年的报告，用于跨年度校验")
    add_font_argument(p)


def add_font_argument(p: argparse.ArgumentParser) -> None:
    """``--fonts official|common``: the fonts the Word document names (shared with drafts export)."""
    p.add_argument("--fonts", choices=("official", "common"), default="official",
                   help="Word 文档和 PDF 的字体：official 规范字体（方正小标宋简体、仿宋_GB2312、楷体_GB2312，默认）；"
                        "common 常用字体（宋体、仿宋、楷体、黑体）")


def json_bytes(report, findings, final: bool, fonts: str = "official") -> bytes:
    """The report file of interfaces.md."""
    from ..reportfile import dumps

    return dumps(report).encode("utf-8")


def writer_for(suffix: str):
    """The writing function for an output extension, or None."""
    spec = WRITERS.get(suffix.lower())
    if spec is None:
        return None
    module, _, func = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), func)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("reportdesk"):
            return None
        raise


def write_report(report, output: str, *, final: bool, last_year=None, fonts: str = "official") -> tuple[int, list]:
    """Check and write one report; returns (exit status, findings). Shared with ``drafts export``."""
    from ..fileio import write_atomic
    from ..rules import check, has_errors
    from .common import print_findings

    out = Path(output)
    writer = writer_for(out.suffix)
    if writer is None:
        print(f"reportdesk：无法输出为“{out.suffix or out.name}”格式，请使用 .json、.docx 或 .pdf", file=sys.stderr)
        return 2, []
    findings = check(report, last_year)
    errors = has_errors(findings)
    if final and errors:
        print("reportdesk：报告还有错误，不能输出正式版（未写入文件）：", file=sys.stderr)
        print_findings([f for f in findings if f.is_error], out=sys.stderr, limit=10)
        return 1, findings
    write_atomic(out, writer(report, findings, final, fonts))
    if out.suffix.lower() in MARKED:
        from ..export.fonts import font_warning

        warning = font_warning(fonts)
        if warning:
            print(f"reportdesk：提示：{warning}", file=sys.stderr)
    if errors:
        mark = "（已标注“草稿”）" if out.suffix.lower() in MARKED else ""
        print(f"reportdesk：已写入 {out}{mark}，但报告有错误：", file=sys.stderr)
        print_findings([f for f in findings if f.is_error], out=sys.stderr, limit=10)
        return 1, findings
    return 0, findings


def run(args: argparse.Namespace) -> int:
    from .common import print_reading, read, read_last_year

    last = read_last_year(args.last_year)
    result = read(args.input)
    status, _ = write_report(result.report, args.output, final=args.final, last_year=last, fonts=args.fonts)
    print_reading(result.log, out=sys.stderr, indent="", lead="reportdesk：")
    return status
