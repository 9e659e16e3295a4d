"""packaging/linux/reportdesk.desktop: the menu entry on 统信UOS / 麒麟 and other Linux desktops."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "reportdesk.desktop"


def test_passes_desktop_file_validate():
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate is in desktop-file-utils (packaging/install-deps.sh)")
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_starts_the_program_with_its_icon_in_the_office_menu(read_desktop_entry):
    entry = read_desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "reportdesk"  # the GUI takes no file argument: no %f
    assert entry["Icon"] == "reportdesk"
    assert (ROOT / "resources" / "icons" / "reportdesk.svg").is_file()
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")


def test_speaks_chinese(read_desktop_entry):
    entry = read_desktop_entry()
    assert entry["Name[zh_CN]"] == "政府信息公开年报填报"
    assert "政府信息公开工作年度报告" in entry["Comment[zh_CN]"]
    assert "年报" in entry["Keywords[zh_CN]"].split(";")
