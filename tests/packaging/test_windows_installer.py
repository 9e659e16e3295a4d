"""packaging/windows/reportdesk.iss and .github/workflows/windows.yml, read as text.

Neither can run here (Inno Setup and the runner are Windows programs): these tests hold the
settings the installer must keep — Chinese, per user without administrator rights, a
Start-menu shortcut, an uninstaller — and the names that tie the spec, the script, the
build script and the workflow together.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
ISS = WINDOWS / "reportdesk.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def iss_sections() -> dict[str, list[str]]:
    """{section name lower-case: its non-comment lines} of the Inno Setup script."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            current = sections.setdefault(m.group(1).lower(), [])
        elif current is not None:
            current.append(line)
    return sections


def setup_directives() -> dict[str, str]:
    return dict(line.split("=", 1) for line in iss_sections()["setup"])


def entries(section: str) -> list[dict[str, str]]:
    """The `Name: "…"; Filename: "…"; …` entries of a section as dicts."""
    out = []
    for line in iss_sections()[section]:
        params = {}
        for part in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]+)', line):
            key, value = part
            params[key] = value.strip().strip('"').replace('""', '"')
        out.append(params)
    return out


def test_script_is_utf8_with_a_byte_order_mark():
    # without the BOM the compiler reads the Chinese in the ANSI code page: garbled
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")


def test_per_user_install_without_administrator_rights():
    setup = setup_directives()
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"] == r"{autopf}\reportdesk"  # %LOCALAPPDATA%\Programs\reportdesk
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"


def test_the_wizard_speaks_chinese_only():
    (language,) = entries("languages")
    assert language["MessagesFile"] == "ChineseSimplified.isl"
    assert setup_directives()["ShowLanguageDialog"] == "no"
    # the file is fetched at build time (not in the repository) by build.ps1
    assert "ChineseSimplified.isl" in (WINDOWS / ".gitignore").read_text().split()
    build = (WINDOWS / "build.ps1").read_text(encoding="utf-8")
    assert "jrsoftware/issrc" in build and "LanguageID=\\$0804" in build and "0xEF, 0xBB, 0xBF" in build


def test_start_menu_shortcut_to_the_windowed_program(read_desktop_entry):
    setup = setup_directives()
    icons = entries("icons")
    start_menu = [i for i in icons if i["Name"].startswith("{autoprograms}\\")]
    assert len(start_menu) == 1
    assert start_menu[0]["Filename"] == r"{app}\{#AppExe}"
    assert re.search(r'#define AppExe "reportdesk\.exe"', ISS.read_text(encoding="utf-8-sig"))
    # the same Chinese name as the Linux menu entry
    app_name = re.search(r'#define AppName "([^"]+)"', ISS.read_text(encoding="utf-8-sig")).group(1)
    assert app_name == read_desktop_entry()["Name[zh_CN]"]
    assert setup["AppName"] == "{#AppName}"
    desktop = [i for i in icons if i["Name"].startswith("{autodesktop}")]
    assert desktop and desktop[0]["Tasks"] == "desktopicon"  # only when asked for


def test_uninstaller_and_its_identity():
    setup = setup_directives()
    assert setup.get("Uninstallable", "yes") != "no"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["UninstallDisplayIcon"] == r"{app}\{#AppExe}"
    # an upgrade clears the old libraries; the clerk's drafts (elsewhere) are never touched
    assert entries("installdelete") == [{"Type": "filesandordirs", "Name": r"{app}\_internal"}]
    assert "uninstalldelete" not in iss_sections()


def test_installs_the_whole_bundle_with_the_application_icon():
    (files,) = entries("files")
    assert files["Source"] == r"{#SourceDir}\*"
    assert files["DestDir"] == "{app}"
    assert {"recursesubdirs", "createallsubdirs"} <= set(files["Flags"].split())
    icon = (WINDOWS / setup_directives()["SetupIconFile"].replace("\\", "/")).resolve()
    assert icon == ROOT / "resources" / "icons" / "reportdesk.ico" and icon.is_file()
    assert re.search(r'#define SourceDir "\.\.\\\.\.\\dist\\reportdesk"', ISS.read_text(encoding="utf-8-sig"))


def test_spec_makes_the_programs_the_installer_and_its_test_expect():
    spec = (ROOT / "packaging" / "reportdesk.spec").read_text(encoding="utf-8")
    assert '_exe("reportdesk", console=False)' in spec
    assert '_exe("reportdesk-cli", console=True)' in spec
    assert 'name="reportdesk"' in spec
    test = (WINDOWS / "test-installer.ps1").read_text(encoding="utf-8")
    for name in ("reportdesk.exe", "reportdesk-cli.exe", "unins000.exe", "/VERYSILENT"):
        assert name in test


def test_workflow_builds_tests_and_uploads_on_windows():
    yaml = pytest.importorskip("yaml")
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = flow["jobs"].values()
    assert job["runs-on"] == "windows-latest"
    runs = [s.get("run", "") for s in job["steps"]]
    uses = [s.get("uses", "") for s in job["steps"]]
    assert any('pip install ".[package]"' in r for r in runs)
    assert "./packaging/windows/build.ps1" in runs
    assert "./packaging/windows/test-installer.ps1" in runs
    assert any("smoke_frozen.py dist/reportdesk" in r for r in runs)
    artifacts = {s["with"]["name"]: s["with"]["path"] for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")}
    assert artifacts == {"reportdesk-windows": "dist/reportdesk/", "reportdesk-windows-setup": "dist/reportdesk-*-setup.exe"}
    assert any(u.startswith("actions/setup-python") for u in uses)
    # the `package` extra that the workflow installs brings PyInstaller
    assert re.search(r'package = \[\s*"pyinstaller', (ROOT / "pyproject.toml").read_text())
