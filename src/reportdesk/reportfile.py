"""The report file (``.json``) of interfaces.md: read and written exactly as documented.

``null`` or an absent id means blank; unknown ids are kept (and reported by the checker);
renamed ids are read under their new name. A report read from a file keeps its totals as
printed.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import UnreadableReport
from .form import Form, load_form
from .report import IMPORTED, Report

FORMAT_KEY = "format"
VERSION_KEY = "version"   # the form's version; absent: version 1


def report_to_dict(report: Report, *, sources: bool = False) -> dict[str, Any]:
    """The report as the JSON object of interfaces.md (``sources`` adds provenance)."""
    cells: dict[str, Any] = {}
    for cid in report.form.cells:
        bad = report.invalid.get(cid)
        cells[cid] = bad.raw if bad is not None else report.values[cid]
    for cid, value in report.unknown.items():
        cells[cid] = value
    texts = {tid: report.texts[tid] for tid in report.form.text_ids() if report.texts.get(tid)}
    data: dict[str, Any] = {FORMAT_KEY: report.form.id, "agency": report.agency, "year": report.year,
                            "cells": cells, "texts": texts}
    if report.form.version != 1:   # a later version of the form is named; version 1 goes without, as ever
        data = {FORMAT_KEY: report.form.id, VERSION_KEY: report.form.version, **data}
    if sources:
        data["sources"] = {cid: report.sources[cid] for cid in report.form.cells if cid in report.sources}
        data["text_sources"] = {tid: report.text_sources[tid] for tid in texts if tid in report.text_sources}
    return data


def dumps(report: Report) -> str:
    """The report file's text: UTF-8 JSON, Chinese kept readable, two-space indent."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def report_from_dict(data: Any, *, name: str = "", form: Form | None = None, derive: bool = False) -> Report:
    """Build a report from the parsed JSON object; a wrong shape raises :class:`UnreadableReport`."""
    where = f"“{name}”" if name else "这个文件"
    if not isinstance(data, dict) or not isinstance(data.get("cells", {}), dict):
        raise UnreadableReport(f"{where}不是 reportdesk 报告文件（缺少 cells）")
    if FORMAT_KEY not in data and "cells" not in data:
        raise UnreadableReport(f"{where}不是 reportdesk 报告文件")
    form_id = data.get(FORMAT_KEY) or "gov-info-2021"
    version = data.get(VERSION_KEY, 1)
    if form is None:
        if isinstance(version, bool) or not isinstance(version, int):
            raise UnreadableReport(f"{where}的格式版本“{version}”不是整数")
        try:
            form = load_form(str(form_id), version)
        except Exception:
            raise UnreadableReport(f"{where}使用了这个程序不认识的报告格式“{form_id}”第 {version} 版；"
                                   "请升级程序") from None
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, (int, str))):
        raise UnreadableReport(f"{where}的年份“{year}”不是整数")
    if isinstance(year, str):
        year = int(year) if year.strip().isdigit() else None
    agency = data.get("agency") or ""
    if not isinstance(agency, str):
        raise UnreadableReport(f"{where}的机关名称不是文字")
    report = Report(form, agency.strip(), year, derive=False)
    for cid, value in data.get("cells", {}).items():
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False)
        report.set(str(cid), value, source=IMPORTED)
    texts = data.get("texts", {}) or {}
    if not isinstance(texts, dict):
        raise UnreadableReport(f"{where}的 texts 不是对象")
    for tid, text in texts.items():
        tid = form.canonical(str(tid))
        if tid in form.texts and isinstance(text, str):
            report.set_text(tid, text, source=IMPORTED)
    for cid, src in (data.get("sources") or {}).items():
        if cid in report.sources and src in ("typed", "imported", "carried", "computed"):
            report.sources[cid] = src
    for tid, src in (data.get("text_sources") or {}).items():
        if tid in report.text_sources and src in ("typed", "imported", "carried"):
            report.text_sources[tid] = src
    if derive:
        report, _ = report.as_draft()
    return report


def loads(text: str, *, name: str = "") -> Report:
    """Read a report file's text."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f"“{name}”" if name else "这个文件"
        raise UnreadableReport(f"{where}不是有效的 JSON 报告文件（第{getattr(exc, 'lineno', '?')}行有误）") from None
    return report_from_dict(data, name=name)
