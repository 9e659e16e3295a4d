"""What several subcommands share: reading reports for them and printing findings."""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable

from ..errors import UnreadableReport
from ..rules import ERROR, Finding

SEVERITY_NAMES = {ERROR: "错误", "warning": "提示"}


def read(path: str):
    """Read a report file of any supported kind (an ImportResult); Chinese error if not."""
    from ..importers import read_report

    return read_report(path)


def read_last_year(path: str | None):
    """Last year's report for the cross-year rules, or None."""
    if not path:
        return None
    try:
        return read(path).report
    except UnreadableReport as exc:
        raise UnreadableReport(f"上年报告：{exc.message}") from None


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for f in findings:
        if f.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def describe(agency: str, year: int | None) -> str:
    """“武陟县小董乡人民政府 2024年”, or what is missing."""
    return f"{agency or '（机关名称未知）'} {f'{year}年' if year else '（年度未知）'}"


def print_findings(findings: list[Finding], out=None, indent: str = "  ", limit: int | None = None) -> None:
    """One block per finding: severity, rule, message, the cells involved (the first ``limit``)."""
    out = out or sys.stdout
    for f in findings[:limit]:
        print(f"{indent}{SEVERITY_NAMES.get(f.severity, f.severity)}  规则{f.rule}  {f.message}", file=out)
        if f.acknowledged:
            print(f"{indent}      已核实：{f.acknowledged}", file=out)
        if f.cells:
            shown = "、".join(f.cells[:8]) + (f" 等{len(f.cells)}个" if len(f.cells) > 8 else "")
            print(f"{indent}      单元格：{shown}", file=out)
    if limit is not None and len(findings) > limit:
        print(f"{indent}……共{len(findings)}条，这里只列出前{limit}条", file=out)


def print_json(data: Any) -> None:
    """JSON on stdout alone, Chinese readable."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_reading(log, out=None, indent: str = "  ", limit: int = 3, lead: str = "") -> None:
    """What could not be read from a published file (its import log's unrecognised text and
    missing cells), when anything: a finding about cells never read says more of the copy than
    of the report."""
    unread = log.unread() if log is not None else []
    print_unread(log.summary() if unread else "", unread, out, indent, limit, lead)


def print_unread(summary: str, unread: list, out=None, indent: str = "  ", limit: int = 3, lead: str = "") -> None:
    """:func:`print_reading` from the log's summary line and its unread entries."""
    if not unread:
        return
    out = out or sys.stdout
    print(f"{indent}{lead}读取：{summary}。没有读到的内容，相关的问题请对照原文核实：", file=out)
    for e in unread[:limit]:
        text = e.message if len(e.message) <= 80 else e.message[:79] + "…"
        print(f"{indent}      {text}", file=out)
    if len(unread) > limit:
        print(f"{indent}      ……共{len(unread)}处（在填报窗口“导入已发布报告”中可看全部）", file=out)
