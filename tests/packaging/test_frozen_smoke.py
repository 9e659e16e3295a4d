"""Smoke test of the real thing: packaging/build.sh builds the bundle and the .deb, and the
frozen program works as a clerk and an IT person would use it.

Slow (about a minute on 2 cores: PyInstaller, then xz for the .deb). Needs PyInstaller
(`pip install -e ".[package]"`), binutils and dpkg-deb; installing the .deb is tried only as
root with dpkg usable and no reportdesk package installed already.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _frozen_env(cwd: Path, **extra: str) -> dict[str, str]:
    """The environment of a clerk's session: nothing that points into this checkout, and a
    draft store of its own in the test's folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(QT_QPA_PLATFORM="offscreen", LANG="zh_CN.UTF-8", REPORTDESK_DB=str(cwd / "drafts.db"),
               REPORTDESK_LOG_DIR=str(cwd / "logs"), **extra)
    return env


def run_frozen(program: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(program), *args], capture_output=True, text=True, cwd=cwd,
                          env=_frozen_env(cwd, **env), timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    pytest.importorskip("PyInstaller", reason='PyInstaller: pip install -e ".[package]"')
    for tool in ("objdump", "dpkg-deb"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is missing (packaging/install-deps.sh)")
    work = tmp_path_factory.mktemp("build")
    # the interpreter running the tests (a virtual environment in CI), not whatever python3 is first
    env = dict(os.environ, BUILD_DIR=str(work / "build"), DIST_DIR=str(work / "dist"), PYTHON=sys.executable)
    result = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (deb,) = (work / "dist").glob("reportdesk_*.deb")
    return {"bundle": work / "dist" / "reportdesk", "deb": deb}


def test_bundle_carries_the_form_and_icons_where_the_helper_looks(built):
    resources = built["bundle"] / "_internal" / "reportdesk" / "resources"
    assert (resources / "forms" / "gov-info-2021.toml").is_file()
    assert (resources / "icons" / "reportdesk-256.png").is_file()


def test_bundle_leaves_out_unused_qt_and_stays_small(built):
    internal = built["bundle"] / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for unused in ("libQt6WebEngineCore.so.6", "libQt6Qml.so.6", "libQt6Quick.so.6",
                   "libqgtk3.so", "libqeglfs.so", "qtbase_de.qm"):
        assert unused not in names
    for used in ("libQt6Widgets.so.6", "libQt6PrintSupport.so.6", "libqxcb.so", "libqoffscreen.so",
                 "qtbase_zh_CN.qm", "libQt6Network.so.6", "QtNetwork.abi3.so"):
        assert used in names
    size = sum(p.lstat().st_size for p in built["bundle"].rglob("*"))
    assert size < 150_000_000, f"bundle is {size / 1e6:.0f} MB, the goal is 150 MB"


def test_frozen_check_of_the_example_report(built, example_path, tmp_path):
    program = built["bundle"] / "reportdesk"
    result = run_frozen(program, "check", str(example_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "武陟县小董乡人民政府 2024年 — 没有发现问题" in result.stdout
    assert "Traceback" not in result.stderr

    as_json = run_frozen(program, "check", "--json", str(example_path), cwd=tmp_path)
    (entry,) = json.loads(as_json.stdout)
    assert (entry["agency"], entry["year"], entry["findings"]) == ("武陟县小董乡人民政府", 2024, [])


def test_frozen_word_export_and_reading_it_back(built, example_path, tmp_path):
    program = built["bundle"] / "reportdesk"
    docx = tmp_path / "报告.docx"
    result = run_frozen(program, "convert", str(example_path), "-o", str(docx), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert docx.read_bytes().startswith(b"PK")
    back = run_frozen(program, "check", str(docx), cwd=tmp_path)
    assert back.returncode == 0, back.stdout + back.stderr
    assert "武陟县小董乡人民政府 2024年 — 没有发现问题" in back.stdout


def test_frozen_check_finds_a_wrong_total_and_says_so_in_chinese(built, example_path, tmp_path):
    text = example_path.read_text(encoding="utf-8")
    lines = text.splitlines()
    # table 3, row 一、本年新收: the first number of the row (自然人) becomes 5
    i = next(n for n, line in enumerate(lines) if line.startswith("一、本年新收政府信息公开申请数量"))
    cells = lines[i].split("\t")
    first = next(n for n, cell in enumerate(cells) if cell.strip().isdigit())
    assert cells[first] == "0"
    cells[first] = "5"
    lines[i] = "\t".join(cells)
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_frozen(built["bundle"] / "reportdesk", "check", str(bad), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "规则1" in result.stdout and "相差5" in result.stdout

    missing = run_frozen(built["bundle"] / "reportdesk", "check", str(tmp_path / "无此文件.txt"), cwd=tmp_path)
    assert missing.returncode == 2
    assert "无法读取" in missing.stderr and "Traceback" not in missing.stderr


def test_frozen_screenshots_offscreen(built, example_path, tmp_path, qapp):
    out = tmp_path / "shots"
    result = run_frozen(built["bundle"] / "reportdesk", "screenshots", str(out), "--report", str(example_path),
                        cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    pngs = sorted(out.glob("*.png"))
    assert pngs, "no screenshot written"
    from PySide6.QtGui import QImage

    for png in pngs:
        image = QImage(str(png))
        assert image.width() >= 400 and image.height() >= 300, png.name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
        assert len(colours) > 5, f"{png.name} is blank"


def test_frozen_window_opens_and_is_painted(built, tmp_path):
    result = run_frozen(built["bundle"] / "reportdesk", cwd=tmp_path, REPORTDESK_EXIT_WHEN_SHOWN="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "logs" / "crash.log").exists()


def _deb_listing(deb: Path) -> dict[str, str]:
    out = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    return {line.split(None, 5)[5].split(" -> ")[0].removeprefix("./").rstrip("/"): line for line in out.splitlines()}


def test_deb_holds_the_bundle_menu_entry_and_icons(built, tmp_path, read_desktop_entry):
    files = _deb_listing(built["deb"])
    assert files["opt/reportdesk/reportdesk"].startswith("-rwxr-xr-x root/root")
    assert "opt/reportdesk/_internal/reportdesk/resources/forms/gov-info-2021.toml" in files
    assert files["usr/bin/reportdesk"].endswith("-> /opt/reportdesk/reportdesk")
    for size in (16, 32, 48, 128, 256):
        assert f"usr/share/icons/hicolor/{size}x{size}/apps/reportdesk.png" in files
    subprocess.run(["dpkg-deb", "-x", str(built["deb"]), str(tmp_path)], check=True)
    entry = read_desktop_entry(tmp_path / "usr" / "share" / "applications" / "reportdesk.desktop")
    assert (entry["Exec"], entry["Icon"], entry["Name[zh_CN]"]) == ("reportdesk", "reportdesk", "政府信息公开年报填报")
    if shutil.which("desktop-file-validate"):
        desktop = tmp_path / "usr" / "share" / "applications" / "reportdesk.desktop"
        assert subprocess.run(["desktop-file-validate", str(desktop)]).returncode == 0
    depends = subprocess.run(["dpkg-deb", "-f", str(built["deb"]), "Depends"], capture_output=True, text=True).stdout
    assert depends.startswith("libc6 (>= 2.")


WATCHED = ("/opt", "/usr/bin", "/usr/share/applications", "/usr/share/icons/hicolor", "/usr/share/doc")


def _snapshot() -> dict[str, str]:
    """Every path under the folders the package touches, with the caches' contents."""
    seen = {}
    for top in WATCHED:
        for dirpath, dirnames, filenames in os.walk(top):
            for name in dirnames + filenames:
                path = os.path.join(dirpath, name)
                seen[path] = ""
    for cache in ("/usr/share/icons/hicolor/icon-theme.cache", "/usr/share/applications/mimeinfo.cache"):
        if os.path.isfile(cache):
            seen[cache] = Path(cache).read_bytes().hex()
    return seen


def _dpkg_usable() -> str | None:
    """Why the install test cannot run here, or None."""
    if os.name != "posix" or os.geteuid() != 0:
        return "installing a .deb needs root"
    if not shutil.which("dpkg"):
        return "no dpkg on this system"
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "reportdesk"], capture_output=True, text=True)
    if "installed" in status.stdout and "not-installed" not in status.stdout:
        return "a reportdesk package is installed already; not touching it"
    if os.path.lexists("/usr/bin/reportdesk") or os.path.lexists("/opt/reportdesk"):
        return "/usr/bin/reportdesk or /opt/reportdesk exists already"
    return None


def test_deb_installs_runs_and_removes_without_a_trace(built, example_path, tmp_path):
    reason = _dpkg_usable()
    if reason:
        pytest.skip(reason)
    before = _snapshot()
    installed = subprocess.run(["dpkg", "-i", str(built["deb"])], capture_output=True, text=True)
    try:
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert os.path.isfile("/usr/share/applications/reportdesk.desktop")
        assert os.path.isfile("/usr/share/icons/hicolor/48x48/apps/reportdesk.png")
        result = run_frozen(Path("/usr/bin/reportdesk"), "check", str(example_path), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "没有发现问题" in result.stdout
    finally:
        removed = subprocess.run(["dpkg", "-r", "reportdesk"], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = _snapshot()
    assert sorted(set(after) ^ set(before)) == []
    assert {k: v for k, v in after.items() if v} == {k: v for k, v in before.items() if v}
    purged = subprocess.run(["dpkg", "--purge", "reportdesk"], capture_output=True, text=True)
    assert purged.returncode == 0
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "reportdesk"], capture_output=True, text=True)
    assert "installed" not in status.stdout.replace("not-installed", "")


def test_frozen_program_reads_pdf_with_pdfium(built, tmp_path):
    pytest.importorskip("pypdfium2_raw")
    # opened by pypdfium2 itself (ctypes): the spec must not prune it as an orphan
    assert (built["bundle"] / "_internal" / "pypdfium2_raw" / "libpdfium.so").is_file()
    published = ROOT / "tests" / "fixtures" / "published" / "changchun-office-2024.pdf"
    result = run_frozen(built["bundle"] / "reportdesk", "check", str(published), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "长春市人民政府办公厅 2024年 — 没有发现问题" in result.stdout
