"""The Windows build, checked here as far as it can be without Windows.

The spec is run as on Windows (``sys.platform == "win32"``, PyInstaller's build steps and its
Windows version-info module replaced by stand-ins that record what they are given); the tree
it describes is laid out in a temporary folder like PyInstaller's one-folder output; then
every file the Inno Setup script, the installer test and the workflow name must be there.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from .conftest import ROOT
from .test_windows_installer import ISS, WINDOWS, WORKFLOW, entries, setup_directives

SPEC = ROOT / "packaging" / "reportdesk.spec"
pytest.importorskip("PyInstaller", reason="PyInstaller is in the `package` extra")


def _version_info_stand_in() -> ModuleType:
    """PyInstaller.utils.win32.versioninfo needs pefile (Windows only): record its arguments."""
    module = ModuleType("PyInstaller.utils.win32.versioninfo")
    for name in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
                 "VarFileInfo", "VarStruct"):
        setattr(module, name, lambda *args, _kind=name, **kw: SimpleNamespace(kind=_kind, args=args, **kw))
    return module


@pytest.fixture(scope="module")
def windows_spec():
    """The spec's calls when PyInstaller runs it on Windows."""
    calls = {"EXE": []}

    def analysis(scripts, **kw):
        calls["Analysis"] = SimpleNamespace(scripts=scripts, **kw)
        return SimpleNamespace(scripts=scripts, pure=[], binaries=[
            ("PySide6/opengl32sw.dll", "C:/x/opengl32sw.dll", "BINARY"),
            ("PySide6/plugins/platforms/qwindows.dll", "C:/x/qwindows.dll", "BINARY"),
            ("PySide6/plugins/platforms/qoffscreen.dll", "C:/x/qoffscreen.dll", "BINARY"),
            ("PySide6/plugins/imageformats/qtiff.dll", "C:/x/qtiff.dll", "BINARY")], datas=[])

    def exe(*args, **kw):
        calls["EXE"].append(kw)
        return kw["name"]

    def collect(*args, **kw):
        calls["COLLECT"] = SimpleNamespace(args=args, **kw)

    namespace = {"SPECPATH": str(SPEC.parent), "Analysis": analysis, "PYZ": lambda pure: "pyz",
                 "EXE": exe, "COLLECT": collect, "__file__": str(SPEC)}
    saved_platform, saved_module = sys.platform, sys.modules.get("PyInstaller.utils.win32.versioninfo")
    sys.modules["PyInstaller.utils.win32.versioninfo"] = _version_info_stand_in()
    sys.platform = "win32"
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.platform = saved_platform
        if saved_module is None:
            sys.modules.pop("PyInstaller.utils.win32.versioninfo", None)
        else:
            sys.modules["PyInstaller.utils.win32.versioninfo"] = saved_module
    return calls, namespace


@pytest.fixture(scope="module")
def built_tree(windows_spec, tmp_path_factory) -> Path:
    """dist\\reportdesk as PyInstaller would lay it out from the spec: the .exe files at the
    top, the data files under _internal (PyInstaller 6's one-folder layout)."""
    calls, namespace = windows_spec
    tree = tmp_path_factory.mktemp("dist") / calls["COLLECT"].name
    tree.mkdir()
    for exe in calls["EXE"]:
        (tree / f"{exe['name']}.exe").write_bytes(b"MZ")
    internal = tree / "_internal"
    for source, dest in calls["Analysis"].datas:
        source = Path(source)
        if source.is_dir():
            shutil.copytree(source, internal / dest / source.name if dest == "." else internal / dest,
                            dirs_exist_ok=True)
        else:
            (internal / dest).mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, internal / dest / source.name)
    for dest, _source, _kind in namespace["a"].binaries:
        (internal / dest).parent.mkdir(parents=True, exist_ok=True)
        (internal / dest).write_bytes(b"MZ")
    return tree


def test_the_spec_makes_a_windowed_program_and_its_console_twin(windows_spec):
    calls, _ = windows_spec
    programs = {e["name"]: e for e in calls["EXE"]}
    assert set(programs) == {"reportdesk", "reportdesk-cli"}
    assert programs["reportdesk"]["console"] is False and programs["reportdesk-cli"]["console"] is True
    for e in programs.values():
        assert Path(e["icon"]) == ROOT / "resources" / "icons" / "reportdesk.ico" and Path(e["icon"]).is_file()
        assert e["strip"] is False  # stripping Windows DLLs would break their signatures
        strings = {s.args[0]: s.args[1] for s in e["version"].kids[0].args[0][0].args[1]}
        assert strings["FileDescription"] == "政府信息公开工作年度报告填报"
        assert strings["OriginalFilename"] == "reportdesk.exe"
    assert calls["COLLECT"].name == "reportdesk" and calls["COLLECT"].strip is False


def test_the_spec_keeps_windows_plugins_and_drops_software_opengl(windows_spec):
    _, namespace = windows_spec
    kept = {Path(dest).name for dest, _src, _kind in namespace["a"].binaries}
    # qoffscreen.dll: the command line draws PDFs without a window
    assert kept == {"qwindows.dll", "qoffscreen.dll"}


def test_every_file_the_installer_and_its_test_name_is_in_the_built_tree(built_tree):
    setup = setup_directives()
    app_exe = re.search(r'#define AppExe "([^"]+)"', ISS.read_text(encoding="utf-8-sig")).group(1)

    def in_tree(name: str) -> Path:
        return built_tree / name.replace("{app}\\", "").replace("{#AppExe}", app_exe).replace("\\", "/")

    named = [setup["UninstallDisplayIcon"]]
    named += [e["Filename"] for e in entries("icons")] + [e["Filename"] for e in entries("run")]
    for name in named:
        assert in_tree(name).is_file(), name
    (files,) = entries("files")
    assert files["Source"] == r"{#SourceDir}\*" and "recursesubdirs" in files["Flags"]
    test = (WINDOWS / "test-installer.ps1").read_text(encoding="utf-8")
    listed = re.search(r"foreach \(\$name in @\(([^)]*)\)\)", test).group(1)
    for name in re.findall(r"'([^']+)'", listed):
        if name != "unins000.exe":  # written by Inno Setup when it installs
            assert in_tree(name).is_file(), name
    assert (WINDOWS / setup["SetupIconFile"].replace("\\", "/")).resolve().is_file()


def test_the_workflow_calls_only_what_the_repository_provides():
    yaml = pytest.importorskip("yaml")
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = flow["jobs"].values()
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    for script in re.findall(r"(?:\./)?(packaging/[\w/.-]+\.(?:ps1|py|sh))", runs):
        assert (ROOT / script).is_file(), script
    # build.ps1 builds with the spec and the .iss the tests above read
    build = (WINDOWS / "build.ps1").read_text(encoding="utf-8")
    assert "packaging\\reportdesk.spec" in build and "reportdesk.iss" in build
    assert "dist\\reportdesk" in build or "'dist\\reportdesk'" in build
    # the installer's name is what the workflow uploads
    base = setup_directives()["OutputBaseFilename"].replace("{#AppVersion}", "0.1.0")
    upload = next(s["with"]["path"] for s in job["steps"] if s.get("with", {}).get("name") == "reportdesk-windows-setup")
    assert re.fullmatch(upload.removeprefix("dist/").replace(".", r"\.").replace("*", ".*"), f"{base}.exe")
    # the Python the workflow sets up is one the project supports
    python = next(s["with"]["python-version"] for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    requires = re.search(r'requires-python = ">=(\d+)\.(\d+)"', (ROOT / "pyproject.toml").read_text()).groups()
    assert tuple(map(int, python.split("."))) >= tuple(map(int, requires))
