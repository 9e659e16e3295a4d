""".doc, .wps, .rtf, .odt and WPS 表格 files, read through LibreOffice when it is installed, and
what a clerk is told when it is not (importers/office.py). The fixtures are LibreOffice's
copies of the Word and web fixtures (tests/fixtures/make_office_copies.py)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time

import pytest

from helpers import FIXTURES
from published import REPORTS

from reportdesk.cli import main
from reportdesk.errors import UnreadableReport
from reportdesk.importers import dialog_filter, office, read_report, supported_suffixes
from reportdesk.rules import check

PUBLISHED = FIXTURES / "published"
requires_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

COPIES = {
    "longhua-market-2023.doc": ("longhua-market-2023", "doc"),
    "changchun-office-2024.wps": ("changchun-office-2024", "doc"),
    "longhua-market-2023.rtf": ("longhua-market-2023", "rtf"),
    "changchun-office-2024.odt": ("changchun-office-2024", "odt"),
    "changchun-office-2024.et": ("changchun-office-2024", "sheet"),
}


@pytest.mark.slow
@requires_soffice
@pytest.mark.parametrize("name", sorted(COPIES))
def test_every_cell_and_text_through_libreoffice(name):
    key, kind = COPIES[name]
    spec = REPORTS[key]
    result = read_report(PUBLISHED / name)
    assert result.kind == kind
    assert (result.report.agency, result.report.year) == (spec.agency, spec.year)
    assert {c: result.report.values[c] for c in spec.cells} == spec.cells
    assert result.report.texts == spec.texts
    assert sorted((f.rule, tuple(f.cells)) for f in check(result.report)) == sorted(spec.findings)
    assert result.log.entries[0].message.endswith("文件，已用 LibreOffice 转换后读取")


@pytest.mark.slow
@requires_soffice
def test_the_command_line_reads_a_doc_checks_it_and_imports_it(tmp_path, capsys):
    assert main(["check", str(PUBLISHED / "longhua-market-2023.doc")]) == 0
    assert "没有发现问题" in capsys.readouterr().out
    db = tmp_path / "drafts.db"
    assert main(["drafts", "--db", str(db), "import", str(PUBLISHED / "changchun-office-2024.wps")]) == 0
    capsys.readouterr()
    assert main(["drafts", "--db", str(db), "list"]) == 0
    assert "长春市人民政府办公厅" in capsys.readouterr().out
    out = tmp_path / "copy.json"
    assert main(["convert", str(PUBLISHED / "longhua-market-2023.rtf"), "-o", str(out)]) == 0
    assert read_report(out).report.values == read_report(PUBLISHED / "longhua-market-2023.docx").report.values


@pytest.mark.slow
@requires_soffice
def test_a_conversion_leaves_nothing_behind_and_never_uses_the_clerks_profile(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    data = (PUBLISHED / "longhua-market-2023.doc").read_bytes()
    converted, target = office.to_docx(data, "longhua-market-2023.doc")
    assert target == "docx" and converted.startswith(b"PK")
    assert not (home / ".config" / "libreoffice").exists()
    assert [p.name for p in (tmp_path / "tmp").iterdir() if not p.name.startswith("reportdesk-lo-profile-")] == []


def test_without_libreoffice_the_clerk_is_told_what_to_do(monkeypatch):
    monkeypatch.setenv("REPORTDESK_SOFFICE", "")
    assert not office.available()
    for name in ("longhua-market-2023.doc", "changchun-office-2024.wps", "longhua-market-2023.rtf",
                 "changchun-office-2024.odt"):
        with pytest.raises(UnreadableReport) as exc:
            read_report(PUBLISHED / name)
        assert f"“{name}”是" in exc.value.message
        assert "这台电脑没有安装 LibreOffice，无法直接读取：请用 WPS 或 Word 打开它，另存为 .docx（Word 文档）后再导入" \
            in exc.value.message
    with pytest.raises(UnreadableReport) as exc:
        read_report(PUBLISHED / "changchun-office-2024.et")
    assert "WPS 表格或 Excel文件" in exc.value.message and "另存为 .docx 或网页（.html）" in exc.value.message


def test_without_libreoffice_check_exits_2_with_the_message(tmp_path):
    env = {**os.environ, "REPORTDESK_SOFFICE": ""}
    done = subprocess.run([sys.executable, "-m", "reportdesk", "check", str(PUBLISHED / "longhua-market-2023.doc")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "请用 WPS 或 Word 打开它，另存为 .docx" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_libreoffice_that_hangs_is_stopped_after_the_time_limit(tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("REPORTDESK_SOFFICE", str(fake))
    started = time.monotonic()
    with pytest.raises(UnreadableReport) as exc:
        office.to_docx(b"\xd0\xcf\x11\xe0" + b"\0" * 512, "slow.doc", timeout=1)
    assert time.monotonic() - started < 15
    assert exc.value.message == "LibreOffice 转换“slow.doc”超过1秒仍未完成，已停止；请用 WPS 或 Word 另存为 .docx 后再导入"
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_libreoffice_that_makes_nothing_says_the_file_could_not_be_converted(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("REPORTDESK_SOFFICE", str(fake))
    with pytest.raises(UnreadableReport) as exc:
        office.to_docx(b"{\\rtf1 nothing}", "broken.rtf", kind="rtf")
    assert exc.value.message == ("“broken.rtf”无法用 LibreOffice 转换（文件已损坏，或不是RTF），"
                                 "请用 WPS 或 Word 打开后另存为 .docx 再导入")


def test_the_kinds_are_sniffed_and_looked_for_in_folders():
    from reportdesk.importers import sniff

    head = lambda name: (PUBLISHED / name).read_bytes()[:8192]  # noqa: E731
    assert sniff(head("longhua-market-2023.doc"), ".doc") == "doc"
    assert sniff(head("changchun-office-2024.wps"), ".wps") == "doc"
    assert sniff(head("longhua-market-2023.rtf"), ".rtf") == "rtf"
    assert sniff(head("changchun-office-2024.odt"), ".odt") == "odt"
    assert sniff(head("changchun-office-2024.et"), ".et") == "sheet"
    assert {".doc", ".wps", ".rtf", ".odt"} <= supported_suffixes()
    assert ".et" not in supported_suffixes() and ".xls" not in supported_suffixes()  # summary sheets in a folder
    for pattern in ("*.doc", "*.wps", "*.rtf", "*.odt", "*.et", "*.docx", "*.pdf"):
        assert pattern in dialog_filter().split(";;")[0]
