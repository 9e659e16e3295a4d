"""A FIFO, a socket or a device given to ``check``, ``convert`` or ``drafts import`` is refused at
once (exit 2, a Chinese message), never read — reading a FIFO waits for a writer for ever. In a
folder such entries are skipped and named, and the rest of the folder is checked.

Every subprocess has a timeout: before the fix these commands hung."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "published"


def reportdesk(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportdesk", *map(str, args)], capture_output=True, text=True,
                          timeout=30, cwd=cwd)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "报告.docx"
    os.mkfifo(path)
    return path


def test_check_refuses_a_fifo_at_once(fifo):
    proc = reportdesk("check", fifo)
    assert proc.returncode == 2
    assert "“报告.docx”是命名管道（FIFO），不是普通文件，未读取" in proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(reportdesk("check", fifo, "--json").stdout)
    assert data == [{"file": str(fifo), "error": "“报告.docx”是命名管道（FIFO），不是普通文件，未读取"}]


def test_convert_refuses_a_fifo_and_writes_nothing(fifo, tmp_path):
    out = tmp_path / "out.json"
    proc = reportdesk("convert", fifo, "-o", out)
    assert proc.returncode == 2
    assert "命名管道（FIFO），不是普通文件" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_last_year_as_a_fifo_is_refused(fifo):
    proc = reportdesk("check", FIXTURES / "changchun-office-2024.docx", "--last-year", fifo)
    assert proc.returncode == 2
    assert "上年报告：“报告.docx”是命名管道（FIFO）" in proc.stderr


def test_drafts_import_refuses_a_fifo_and_adds_no_draft(fifo, tmp_path):
    db = tmp_path / "drafts.sqlite"
    proc = reportdesk("drafts", "--db", db, "import", fifo)
    assert proc.returncode == 2
    assert "命名管道（FIFO），不是普通文件" in proc.stderr and "Traceback" not in proc.stderr
    listed = reportdesk("drafts", "--db", db, "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []


def test_a_device_and_a_socket_are_refused(tmp_path):
    assert reportdesk("check", "/dev/zero").returncode == 2
    proc = reportdesk("check", "/dev/zero")
    assert "“zero”是设备文件，不是普通文件，未读取" in proc.stderr
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        proc = reportdesk("check", path)
    assert proc.returncode == 2 and "“s.txt”是套接字" in proc.stderr


def test_a_folder_scan_skips_and_names_them(tmp_path):
    root = tmp_path / "各单位"
    (root / "乡镇").mkdir(parents=True)
    shutil.copy(FIXTURES / "changchun-office-2024.docx", root / "办公厅.docx")
    os.mkfifo(root / "乡镇" / "管道.txt")
    (root / "乡镇" / "断链.pdf").symlink_to(root / "没有这个文件.pdf")
    os.mkfifo(root / "乡镇" / "无关的管道")          # not a report's name: not looked at
    proc = reportdesk("check", root, "--json")
    assert proc.returncode == 0       # the one report is fine; the skipped entries are no reports
    assert [Path(d["file"]).name for d in json.loads(proc.stdout)] == ["办公厅.docx"]
    assert proc.stderr.startswith("reportdesk：跳过了不是普通文件的条目（未读取）：")
    assert f"“{root / '乡镇' / '管道.txt'}”是命名管道（FIFO）" in proc.stderr
    assert f"“{root / '乡镇' / '断链.pdf'}”是指向不存在文件的链接" in proc.stderr
    assert "无关的管道" not in proc.stderr


def test_a_folder_of_nothing_but_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "a.docx")
    proc = reportdesk("check", tmp_path)
    assert proc.returncode == 2
    assert "跳过了不是普通文件的条目" in proc.stderr and "没有找到可以校验的报告文件" in proc.stderr


@pytest.mark.timeout(20)
def test_a_fifo_put_in_place_after_the_stat_is_not_waited_on(fifo, tmp_path, monkeypatch):
    """The race: the path was a regular file when looked at, a FIFO when opened."""
    import reportdesk.importers as importers
    from reportdesk.errors import UnreadableReport

    regular = tmp_path / "regular.txt"
    regular.write_text("x")
    real_stat = os.stat
    monkeypatch.setattr(importers.os, "stat", lambda p, *a, **k: real_stat(regular if Path(p) == fifo else p))
    with pytest.raises(UnreadableReport, match="命名管道"):
        importers.read_report(fifo)
