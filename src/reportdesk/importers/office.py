"""Old Word (.doc), WPS (.wps), RTF, OpenDocument (.odt) and spreadsheet (.et, .xls) files,
read through LibreOffice when it is installed.

Many offices still publish the report as a .doc or a WPS file. LibreOffice converts them
(``soffice --headless --convert-to docx``) into a private temporary folder, with a user profile
of this process's own (``-env:UserInstallation=…``, so a LibreOffice the clerk has open is never
touched and two conversions never share a profile), under a time limit; the .docx is then read
like any other. A spreadsheet (WPS 表格 .et, Excel .xls) has no Word form: it is converted to a
web page and read as one. Without LibreOffice the clerk is told, in Chinese, what to do instead.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..errors import UnreadableReport
from ..form import Form
from ..report import Report
from .log import NOTE, ImportLog, LogEntry

TIMEOUT = 90  # seconds; a first start of LibreOffice with a fresh profile takes a few
KIND_NAMES = {"doc": "旧版 Word（.doc）或 WPS 文字（.wps）", "rtf": "RTF", "odt": "OpenDocument 文字（.odt）",
              "sheet": "WPS 表格或 Excel"}
_EXTENSIONS = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt", "sheet": ".xls"}
_lock = threading.Lock()      # one conversion at a time in a process: one profile
_profile: str | None = None


def libreoffice() -> str | None:
    """The LibreOffice program (``soffice``) to convert with, or None when it is not installed.

    ``REPORTDESK_SOFFICE`` names it explicitly (an empty value: do not use LibreOffice)."""
    chosen = os.environ.get("REPORTDESK_SOFFICE")
    if chosen is not None:
        return chosen or None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if base:
                candidate = Path(base) / "LibreOffice" / "program" / "soffice.exe"
                if candidate.is_file():
                    return str(candidate)
    return None


def available() -> bool:
    """Whether .doc, .wps, .rtf, .odt and spreadsheet files can be read on this computer."""
    return libreoffice() is not None


def missing_message(name: str, kind: str = "doc") -> str:
    """What the clerk is told when a file needs LibreOffice and it is not installed."""
    what = KIND_NAMES.get(kind, kind)
    save_as = "另存为 .docx（Word 文档）" if kind != "sheet" else "把报告另存为 .docx 或网页（.html）"
    return (f"“{name}”是{what}文件。这台电脑没有安装 LibreOffice，无法直接读取：请用 WPS 或 Word 打开它，"
            f"{save_as}后再导入；或者安装 LibreOffice（免费）后重试")


def to_docx(data: bytes, name: str, kind: str = "doc", timeout: float | None = None) -> tuple[bytes, str]:
    """Convert an office file's bytes with LibreOffice: (the converted bytes, "docx" or "html").

    Raises :class:`UnreadableReport` with a Chinese message when LibreOffice is missing, fails,
    or takes longer than ``timeout`` seconds. Nothing is left on disk.
    """
    program = libreoffice()
    if program is None:
        raise UnreadableReport(missing_message(name, kind))
    timeout = timeout or TIMEOUT
    targets = ("html", "docx") if kind == "sheet" else ("docx", "html")
    with _lock, tempfile.TemporaryDirectory(prefix="reportdesk-convert-") as work:
        source = Path(work) / ("report" + _EXTENSIONS.get(kind, Path(name).suffix.lower() or ".doc"))
        source.write_bytes(data)
        for target in targets:
            out = Path(work) / target
            out.mkdir()
            _run([program, f"-env:UserInstallation={Path(_profile_dir()).as_uri()}", "--headless", "--norestore",
                  "--nolockcheck", "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(out),
                  str(source)], name, timeout)
            made = sorted(out.iterdir())
            if made:
                return made[0].read_bytes(), target
    raise UnreadableReport(f"“{name}”无法用 LibreOffice 转换（文件已损坏，或不是{KIND_NAMES.get(kind, '文档')}），"
                           "请用 WPS 或 Word 打开后另存为 .docx 再导入")


def _run(args: list[str], name: str, timeout: float) -> None:
    kwargs: dict = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "stdin": subprocess.DEVNULL}
    if os.name == "posix":
        kwargs["start_new_session"] = True  # its helper processes end with it
    else:
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    try:
        process = subprocess.Popen(args, **kwargs)
    except OSError:
        raise UnreadableReport(f"无法启动 LibreOffice 来读取“{name}”，请用 WPS 或 Word 另存为 .docx 后再导入") from None
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise UnreadableReport(f"LibreOffice 转换“{name}”超过{int(timeout)}秒仍未完成，已停止；"
                               "请用 WPS 或 Word 另存为 .docx 后再导入") from None


def _kill(process: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _profile_dir() -> str:
    """This process's own LibreOffice profile, made once and removed when the process ends."""
    global _profile
    if _profile is None:
        _profile = tempfile.mkdtemp(prefix="reportdesk-lo-profile-")
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def read_office(data: bytes, form: Form, name: str, kind: str = "doc") -> tuple[Report, ImportLog]:
    """Read a .doc, .wps, .rtf, .odt or spreadsheet file's bytes through LibreOffice."""
    converted, target = to_docx(data, name, kind)
    if target == "docx":
        from .docxfile import read_docx

        report, log = read_docx(converted, form, name)
    else:
        from .htmlfile import read_html

        report, log = read_html(converted, form, name)
    log.entries.insert(0, LogEntry(NOTE, f"{KIND_NAMES.get(kind, kind)}文件，已用 LibreOffice 转换后读取"))
    return report, log


def read_doc(data: bytes, form: Form, name: str) -> tuple[Report, ImportLog]:
    """Old Word and WPS 文字 (.doc, .wps); an OLE2 spreadsheet given such a name as a spreadsheet."""
    sheet = _OLE_NAME(b"Workbook") in data or _OLE_NAME(b"Book") in data
    kind = "sheet" if sheet and _OLE_NAME(b"WordDocument") not in data else "doc"
    return read_office(data, form, name, kind)


def _OLE_NAME(name: bytes) -> bytes:
    """A stream's name as an OLE2 directory holds it (UTF-16, little-endian)."""
    return b"".join(bytes([c, 0]) for c in name)


def read_rtf(data: bytes, form: Form, name: str) -> tuple[Report, ImportLog]:
    """RTF."""
    return read_office(data, form, name, "rtf")


def read_odt(data: bytes, form: Form, name: str) -> tuple[Report, ImportLog]:
    """OpenDocument text (.odt, also WPS's ODF files)."""
    return read_office(data, form, name, "odt")


def read_sheet(data: bytes, form: Form, name: str) -> tuple[Report, ImportLog]:
    """A spreadsheet holding the report's tables (WPS 表格 .et, Excel .xls)."""
    return read_office(data, form, name, "sheet")
