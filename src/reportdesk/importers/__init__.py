"""Read reports from files: the report file (.json), plain text, and the readers added beside.

:func:`read_report` looks at a file's content (not only its extension), refuses what is too
large or not a report with a Chinese message (:class:`~reportdesk.errors.UnreadableReport`),
and returns the report with its import log.
"""

from __future__ import annotations

import importlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import UnreadableReport
from ..fileio import os_reason
from ..form import Form, load_form
from ..report import Report
from .log import ImportLog

# Kinds of file and the function reading each: "module:function", imported when first needed.
# The function takes (data: bytes, form, name) and returns (Report, ImportLog).
READERS: dict[str, str] = {
    "json": "reportdesk.importers.jsonfile:read_json",
    "text": "reportdesk.importers.textfile:read_text_file",
    "docx": "reportdesk.importers.docxfile:read_docx",
    "html": "reportdesk.importers.htmlfile:read_html",
    "pdf": "reportdesk.importers.pdffile:read_pdf",
    # through LibreOffice when installed (importers/office.py)
    "doc": "reportdesk.importers.office:read_doc",
    "rtf": "reportdesk.importers.office:read_rtf",
    "odt": "reportdesk.importers.office:read_odt",
    "sheet": "reportdesk.importers.office:read_sheet",
}

# A real report is tens of kilobytes of text; a few megabytes once pictures are in a .docx.
MAX_BYTES = {"json": 4 << 20, "text": 4 << 20, "html": 16 << 20, "docx": 64 << 20, "pdf": 64 << 20,
             "doc": 64 << 20, "rtf": 32 << 20, "odt": 64 << 20, "sheet": 32 << 20}

# The extensions `check FOLDER` looks at. A spreadsheet (.et, .xls) is read when named, not
# looked for in a folder (a reviewer's folder holds summary sheets that are no report).
SUFFIXES = {".json": "json", ".txt": "text", ".text": "text", ".md": "text", ".docx": "docx",
            ".html": "html", ".htm": "html", ".pdf": "pdf", ".doc": "doc", ".wps": "doc", ".rtf": "rtf",
            ".odt": "odt"}

KIND_NAMES = {"json": "报告文件", "text": "文本", "docx": "Word 文档", "html": "网页", "pdf": "PDF",
              "doc": "旧版 Word 或 WPS 文件", "rtf": "RTF 文件", "odt": "OpenDocument 文件", "sheet": "表格文件"}

_DIALOG_FILTER = ("报告文件 (*.docx *.doc *.wps *.wpt *.rtf *.odt *.html *.htm *.pdf *.txt *.md *.json *.et *.xls);;"
                 "Word 文档 (*.docx *.doc);;WPS 文件 (*.wps *.et);;网页 (*.html *.htm);;PDF (*.pdf);;"
                 "文本 (*.txt *.md);;报告文件 (*.json);;所有文件 (*)")


@dataclass
class ImportResult:
    """A report read from a file, with the import log and the kind of file it was."""

    report: Report
    log: ImportLog
    path: Path
    kind: str
    notes: list[str] = field(default_factory=list)


def sniff(head: bytes, suffix: str = "") -> str:
    """The kind of a file from its first bytes (the extension only breaks a tie)."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        # OpenDocument keeps its type, uncompressed, as the zip's first member
        if head[30:38] == b"mimetype" and b"opendocument.text" in head[38:120]:
            return "odt"
        if head[30:38] == b"mimetype" and b"opendocument.spreadsheet" in head[38:120]:
            return "sheet"
        return "docx"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 file: old Word, WPS, or a spreadsheet
        return "sheet" if suffix in (".et", ".ett", ".xls") else "doc"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"\xff\xfe") or start.startswith(b"\xfe\xff"):
        start = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore").lstrip().lower()
    if start.startswith(b"{") or start.startswith(b"["):
        return "json"
    if start.startswith((b"<!doctype", b"<html", b"<?xml", b"<meta", b"<head", b"<body", b"<table", b"<div", b"<p")) \
            or (b"<html" in head[:4096].lower() or b"<table" in head[:4096].lower()):
        return "html"
    if b"\x00" in head[:4096] and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return "binary"
    return "text"


def dialog_filter() -> str:
    """The name filter of a Qt file dialog choosing a report to import: every kind of file a
    report can be read from (.doc, .wps, .rtf, .odt, .et through LibreOffice), then each kind."""
    return _DIALOG_FILTER


def office_available() -> bool:
    """Whether .doc, .wps, .rtf, .odt and spreadsheet files can be read here (LibreOffice is
    installed); without it reading one says what to do instead."""
    from .office import available

    return available()


def supported_suffixes() -> set[str]:
    """The file extensions `check FOLDER` looks at: those with a reader here."""
    return {s for s, k in SUFFIXES.items() if k in READERS}


def reader_for(kind: str) -> Callable[[bytes, Form, str], tuple[Report, ImportLog]] | None:
    """The reading function of a kind of file, or None when this build cannot read it."""
    spec = READERS.get(kind)
    if spec is None:
        return None
    module, _, func = spec.partition(":")
    return getattr(importlib.import_module(module), func)


def read_report(path: str | Path, form: Form | None = None) -> ImportResult:
    """Read a report from a file of any supported kind.

    Raises :class:`UnreadableReport` (a Chinese message naming the file) when the file is
    missing, too large, damaged, hostile or not a report.
    """
    path = Path(path)
    name = path.name
    form = form or load_form()
    try:
        _regular_file_size(os.stat(path), name)   # a pipe or device is not even opened
        # O_NONBLOCK: should a FIFO take the file's place after the stat, opening it does not
        # wait for a writer; fstat then refuses it before anything is read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            size = _regular_file_size(os.fstat(f.fileno()), name)
            head = f.read(8192)
            kind = sniff(head, path.suffix.lower())
            limit = MAX_BYTES.get(kind, 4 << 20)
            if size > limit:
                raise UnreadableReport(f"“{name}”太大（{size / 2**20:.1f} MB），不像是一份年度报告，未读取")
            data = head + f.read(limit + 1 - len(head))
    except FileNotFoundError:
        raise UnreadableReport(f"找不到文件“{path}”") from None
    except PermissionError:
        raise UnreadableReport(f"没有权限读取“{name}”") from None
    except IsADirectoryError:
        raise UnreadableReport(f"“{name}”是文件夹，不是报告文件") from None
    except OSError as exc:
        raise UnreadableReport(f"无法读取“{name}”：{os_reason(exc)}") from None
    if len(data) > limit:
        raise UnreadableReport(f"“{name}”太大，不像是一份年度报告，未读取")
    if not data.strip():
        raise UnreadableReport(f"“{name}”是空文件")
    if kind == "binary":
        raise UnreadableReport(f"“{name}”不是文本、Word、网页或报告文件，无法读取")
    reader = reader_for(kind)
    if reader is None:
        raise UnreadableReport(f"暂不支持读取{KIND_NAMES.get(kind, kind)}（“{name}”），请另存为 .docx 或 .txt")
    try:
        report, log = reader(data, form, name)
    except UnreadableReport:
        raise
    except (ValueError, KeyError, IndexError, UnicodeError, RecursionError, MemoryError) as exc:
        raise UnreadableReport(f"“{name}”无法读取：文件内容不完整或格式不对（{type(exc).__name__}）") from None
    if kind != "json" and not _looks_like_report(report):
        raise UnreadableReport(f"“{name}”不像是政府信息公开工作年度报告：没有找到报告的标题、各部分或表格")
    return ImportResult(report, log, path, kind)


# What a path names when it is no regular file (a pipe never ends, a device may not).
_SPECIAL_FILES = ((stat.S_ISDIR, "文件夹"), (stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISSOCK, "套接字"),
                  (stat.S_ISCHR, "设备文件"), (stat.S_ISBLK, "设备文件"))


def special_file_kind(mode: int) -> str:
    """What a non-regular file is, in Chinese (文件夹, 命名管道（FIFO）…); "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    return next((what for test, what in _SPECIAL_FILES if test(mode)), "特殊文件")


def _regular_file_size(st: os.stat_result, name: str) -> int:
    kind = special_file_kind(st.st_mode)
    if kind == "文件夹":
        raise UnreadableReport(f"“{name}”是文件夹，不是报告文件")
    if kind:
        raise UnreadableReport(f"“{name}”是{kind}，不是普通文件，未读取")
    return st.st_size


def _looks_like_report(report: Report) -> bool:
    filled = sum(v is not None for v in report.values.values()) + len(report.invalid)
    return filled > 0 or bool(report.texts)
