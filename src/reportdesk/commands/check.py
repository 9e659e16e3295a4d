"""``reportdesk check PATH… [--json] [--csv OUT] [--last-year FILE]``: check published reports."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

NAME = "check"
HELP = "校验报告文件（.txt .json .docx .html）；给出文件夹时校验其中全部报告"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="路径", help="报告文件或文件夹")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.add_argument("--csv", metavar="OUT", help="把每条问题写成 CSV 的一行")
    p.add_argument("--last-year", metavar="FILE", help="上年的报告，用于跨年度校验（规则6、7、12）")


def collect_files(paths: list[str]) -> list[Path]:
    """The files to check: each file named, and every supported report file under each folder."""
    from ..importers import supported_suffixes

    suffixes = supported_suffixes()
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted((f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in suffixes
                            and not f.name.startswith((".~", "~$"))), key=lambda f: str(f))
            files.extend(found)
        else:
            files.append(path)
    return files


def run(args: argparse.Namespace) -> int:
    from ..errors import UnreadableReport
    from ..rules import check
    from .common import counts, describe, print_findings, print_json, read, read_last_year

    last = read_last_year(args.last_year)
    files = collect_files(args.paths)
    if not files:
        print("reportdesk：没有找到可以校验的报告文件", file=sys.stderr)
        return 2
    results = []
    status = 0
    progress = _Progress(len(files)) if not args.json else None
    for i, path in enumerate(files):
        if progress:
            progress.step(i, path)
        try:
            result = read(str(path))
        except UnreadableReport as exc:
            results.append({"file": str(path), "error": exc.message})
            status = 2
            continue
        findings = check(result.report, last)
        errors, _ = counts(findings)
        if errors:
            status = max(status, 1)
        results.append({"file": str(path), "agency": result.report.agency, "year": result.report.year,
                        "findings": findings})
    if progress:
        progress.done()
    if args.csv:
        _write_csv(args.csv, results)
    if args.json:
        print_json([{**r, "findings": [f.to_dict() for f in r["findings"]]} if "findings" in r else r
                    for r in results])
        return status
    for r in results:
        if "error" in r:
            print(f"{r['file']}：无法读取 — {r['error']}", file=sys.stderr)
            continue
        errors, warnings = counts(r["findings"])
        head = f"{r['file']}：{describe(r['agency'], r['year'])}"
        if not r["findings"]:
            print(f"{head} — 没有发现问题")
        else:
            print(f"{head} — {errors}个错误，{warnings}个提示")
            print_findings(r["findings"])
    if len(results) > 1:
        bad = sum(1 for r in results if "error" in r)
        wrong = sum(1 for r in results if "findings" in r and counts(r["findings"])[0])
        print(f"共{len(results)}份：{len(results) - bad - wrong}份无错误，{wrong}份有错误，{bad}份无法读取")
    return status


def _write_csv(target: str, results: list[dict]) -> None:
    from ..fileio import write_atomic

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["文件", "机关", "年度", "规则", "严重程度", "问题", "单元格", "应为", "实为", "差额"])
    for r in results:
        if "error" in r:
            w.writerow([r["file"], "", "", "", "无法读取", r["error"], "", "", "", ""])
            continue
        for f in r["findings"]:
            w.writerow([r["file"], r["agency"], r["year"] or "", f.rule, "错误" if f.is_error else "提示", f.message,
                        " ".join(f.cells), _cell(f.expected), _cell(f.actual), _cell(f.difference)])
    # utf-8 with BOM so that Excel and WPS open the Chinese correctly
    write_atomic(target, buf.getvalue().encode("utf-8-sig"))


def _cell(value) -> str:
    return "" if value is None else str(value)


class _Progress:
    """A one-line progress bar on an interactive terminal's stderr (nothing otherwise)."""

    def __init__(self, total: int):
        self.total = total
        self.live = total > 1 and sys.stderr.isatty()

    def step(self, i: int, path: Path) -> None:
        if self.live:
            width = 30
            filled = width * i // self.total
            name = path.name if len(path.name) <= 30 else path.name[:27] + "…"
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {i}/{self.total} {name:<31}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.live:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()
