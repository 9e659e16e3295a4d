"""packaging/reportdesk.spec, run with stand-ins for PyInstaller's build steps.

The spec is plain Python that PyInstaller runs with Analysis, PYZ, EXE and COLLECT in its
globals. Here those record their arguments, so the tests see what the build is told: the
resources and where they land, the commands imported by name, the Qt modules and plugins
kept out, and the executables made.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("PyInstaller", reason="PyInstaller is in the `package` extra")

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "reportdesk.spec"


def _run_spec(binaries=(), datas=()):
    calls = {"EXE": []}

    def analysis(scripts, **kw):
        calls["Analysis"] = SimpleNamespace(scripts=scripts, **kw)
        return SimpleNamespace(scripts=scripts, pure=[], binaries=list(binaries), datas=list(datas))

    def exe(*args, **kw):
        calls["EXE"].append(dict(kw, options=args[2]))
        return kw["name"]

    def collect(*args, **kw):
        calls["COLLECT"] = SimpleNamespace(args=args, **kw)

    namespace = {"SPECPATH": str(SPEC.parent), "Analysis": analysis, "PYZ": lambda pure: "pyz",
                 "EXE": exe, "COLLECT": collect, "__file__": str(SPEC)}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return calls, namespace


@pytest.fixture(scope="module")
def spec():
    return _run_spec()


def test_resources_land_where_the_resource_helper_looks(spec):
    calls, _ = spec
    datas = calls["Analysis"].datas
    assert (str(ROOT / "resources"), "reportdesk/resources") in datas
    # python-docx's templates (headers, footers) must come along, or the Word export fails
    assert any(src.endswith("default-footer.xml") and dest == "docx/templates" for src, dest in datas)
    # … which it opens as docx/parts/../templates: docx/parts must exist on disk
    assert calls["Analysis"].module_collection_mode == {"docx": "pyc"}
    # reportdesk.resources looks for <package dir>/resources: the package dir is reportdesk/
    import reportdesk.resources as helper

    assert helper._PACKAGE_DIR.name == "reportdesk"
    assert (ROOT / "resources" / "forms" / "gov-info-2021.toml").is_file()


def test_the_launcher_runs_the_command_line(spec):
    calls, _ = spec
    (script,) = calls["Analysis"].scripts
    text = Path(script).read_text(encoding="utf-8")
    assert "from reportdesk.cli import main" in text and "sys.exit(main())" in text


def test_modules_imported_by_name_are_bundled(spec):
    calls, _ = spec
    hidden = set(calls["Analysis"].hiddenimports)
    from reportdesk.cli import COMMAND_MODULES

    present = [m for m in COMMAND_MODULES if (ROOT / "src" / "reportdesk" / "commands" / f"{m}.py").is_file()]
    assert {f"reportdesk.commands.{m}" for m in present} <= hidden
    assert {"reportdesk.importers.text", "PySide6.QtWidgets", "PySide6.QtPrintSupport", "docx",
            "sqlite_utils"} <= hidden


def test_unused_qt_modules_are_excluded_and_used_ones_are_not(spec):
    calls, _ = spec
    excludes = set(calls["Analysis"].excludes)
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.Qt3DCore",
            "PySide6.QtMultimedia", "tkinter"} <= excludes
    for used in ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg", "QtNetwork"):
        assert f"PySide6.{used}" not in excludes


def test_frozen_python_runs_in_utf8_mode(spec):
    calls, _ = spec
    assert all(("X utf8", None, "OPTION") in e["options"] for e in calls["EXE"])


@pytest.mark.skipif(sys.platform == "win32", reason="Windows adds the console twin reportdesk-cli.exe")
def test_one_windowed_program_on_linux_in_one_folder(spec):
    calls, _ = spec
    assert [(e["name"], e["console"], e["exclude_binaries"]) for e in calls["EXE"]] == [("reportdesk", False, True)]
    assert calls["COLLECT"].name == "reportdesk"


def test_plugins_and_translations_kept_and_dropped():
    plugins = "PySide6/Qt/plugins/"
    binaries = [(plugins + p, "/nonexistent/" + p, "BINARY") for p in (
        "platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
        "platforms/libqeglfs.so", "platforms/libqvnc.so", "platformthemes/libqgtk3.so",
        "printsupport/libcupsprintersupport.so", "imageformats/libqsvg.so", "imageformats/libqtiff.so",
        "iconengines/libqsvgicon.so", "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "sqldrivers/libqsqlite.so", "generic/libqevdevmouseplugin.so")]
    binaries.append(("PySide6/opengl32sw.dll", "/nonexistent/opengl32sw.dll", "BINARY"))
    datas = [(f"PySide6/Qt/translations/qtbase_{lang}.qm", "/nonexistent", "DATA") for lang in ("zh_CN", "en", "de", "ja")]
    calls, ns = _run_spec(binaries=binaries, datas=datas)
    kept = {e[0].removeprefix(plugins) for e in ns["a"].binaries}
    assert kept == {"platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                    "printsupport/libcupsprintersupport.so", "imageformats/libqsvg.so",
                    "iconengines/libqsvgicon.so", "platforminputcontexts/libibusplatforminputcontextplugin.so"}
    assert sorted(e[0] for e in ns["a"].datas) == ["PySide6/Qt/translations/qtbase_en.qm",
                                                   "PySide6/Qt/translations/qtbase_zh_CN.qm"]


def test_a_library_only_a_dropped_plugin_needed_is_dropped_too(tmp_path):
    import shutil

    if not sys.platform.startswith("linux") or not shutil.which("objdump"):
        pytest.skip("ELF dependencies are read with objdump on Linux")
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    xcb = qt / "plugins" / "platforms" / "libqxcb.so"
    gtk = qt / "plugins" / "platformthemes" / "libqgtk3.so"
    if not (xcb.is_file() and gtk.is_file()):
        pytest.skip("this PySide6 has no xcb or gtk3 plugin")
    binaries = [("PySide6/Qt/plugins/platforms/libqxcb.so", str(xcb), "BINARY"),
                ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", str(gtk), "BINARY"),
                ("libxcb-icccm.so.4", "/usr/lib/x86_64-linux-gnu/libxcb-icccm.so.4", "BINARY"),  # xcb needs it
                ("libgtk-3.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "BINARY")]  # only gtk3 did
    datas = [("libgtk-3.so.0.link", "libgtk-3.so.0", "SYMLINK"), ("libxcb.link", "libxcb-icccm.so.4", "SYMLINK")]
    _, ns = _run_spec(binaries=binaries, datas=datas)
    assert [e[0] for e in ns["a"].binaries] == ["PySide6/Qt/plugins/platforms/libqxcb.so", "libxcb-icccm.so.4"]
    assert [e[0] for e in ns["a"].datas] == ["libxcb.link"]


def test_the_desktops_own_libraries_are_left_to_the_system(tmp_path):
    """fontconfig, FreeType, D-Bus and CUPS come from the system (the .deb depends on them);
    what only they needed (libpng, libsystemd) is pruned with them."""
    import shutil

    if not sys.platform.startswith("linux") or not shutil.which("objdump"):
        pytest.skip("ELF dependencies are read with objdump on Linux")
    libdir = Path("/usr/lib/x86_64-linux-gnu")
    names = ["libfontconfig.so.1", "libfreetype.so.6", "libpng16.so.16", "libdbus-1.so.3", "libsystemd.so.0",
             "libcups.so.2", "libexpat.so.1", "libz.so.1"]
    if not all((libdir / n).exists() for n in names):
        pytest.skip("the system libraries of a Debian desktop are not all here")
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    offscreen = "PySide6/Qt/plugins/platforms/libqoffscreen.so"
    binaries = [(offscreen, str(qt / "plugins" / "platforms" / "libqoffscreen.so"), "BINARY"),
                ("PySide6/Qt/lib/libQt6Gui.so.6", str(qt / "lib" / "libQt6Gui.so.6"), "BINARY"),
                ("PySide6/Qt/lib/libQt6Core.so.6", str(qt / "lib" / "libQt6Core.so.6"), "BINARY")]
    binaries += [(n, str(libdir / n), "BINARY") for n in names]
    _, ns = _run_spec(binaries=binaries)
    kept = {e[0].rsplit("/", 1)[-1] for e in ns["a"].binaries}
    assert {"libqoffscreen.so", "libQt6Gui.so.6", "libz.so.1"} <= kept
    assert not kept & {"libfontconfig.so.1", "libfreetype.so.6", "libpng16.so.16", "libdbus-1.so.3",
                       "libsystemd.so.0", "libcups.so.2"}


def test_a_library_a_package_opens_itself_is_kept(tmp_path):
    """pypdfium2 opens libpdfium.so with ctypes: nothing names it, and pruning dropped it (the
    frozen program then read PDFs with the ten times slower pypdf)."""
    import shutil

    if not sys.platform.startswith("linux") or not shutil.which("objdump"):
        pytest.skip("ELF dependencies are read with objdump on Linux")
    pdfium = pytest.importorskip("pypdfium2_raw")
    library = Path(pdfium.__file__).parent / "libpdfium.so"
    if not library.is_file():
        pytest.skip("this pypdfium2 has no libpdfium.so")
    _, ns = _run_spec(binaries=[("pypdfium2_raw/libpdfium.so", str(library), "BINARY")])
    assert [e[0] for e in ns["a"].binaries] == ["pypdfium2_raw/libpdfium.so"]
