"""packaging/linux/build_deb.py on a stand-in bundle: what the .deb holds and asks for."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if not shutil.which("dpkg-deb"):
    pytest.skip("dpkg-deb is needed to build a .deb", allow_module_level=True)


def deb_contents(deb: Path) -> dict[str, str]:
    """{path in the package: the `dpkg-deb -c` line} (symlinks as 'path -> target')."""
    out = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    entries = {}
    for line in out.splitlines():
        name = line.split(None, 5)[5]
        entries[name.split(" -> ")[0].removeprefix("./").rstrip("/")] = line
    return entries


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture(scope="module")
def fake_bundle(tmp_path_factory) -> Path:
    bundle = tmp_path_factory.mktemp("dist") / "reportdesk"
    (bundle / "_internal" / "reportdesk" / "resources").mkdir(parents=True)
    program = bundle / "reportdesk"
    program.write_text("#!/bin/sh\necho frozen\n")
    program.chmod(0o755)
    # an ELF file asking for two versions of the C library: the package needs the newer
    (bundle / "_internal" / "libfake.so").write_bytes(b"\x7fELF" + b"\0" * 12 + b"GLIBC_2.17\0GLIBC_2.28\0GLIBC_2.2.5\0")
    (bundle / "_internal" / "libfake.so.1").symlink_to("libfake.so")
    return bundle


@pytest.fixture(scope="module")
def deb(fake_bundle, tmp_path_factory, build_deb) -> Path:
    return build_deb.build(fake_bundle, tmp_path_factory.mktemp("out"), "1.2.3", "amd64", compression="none")


def test_named_for_package_version_and_architecture(deb):
    assert deb.name == "reportdesk_1.2.3_amd64.deb"
    assert deb_field(deb, "Package") == "reportdesk"
    assert deb_field(deb, "Version") == "1.2.3"
    assert deb_field(deb, "Architecture") == "amd64"


def test_installs_the_bundle_in_opt_with_a_command_in_usr_bin(deb):
    files = deb_contents(deb)
    assert files["opt/reportdesk/reportdesk"].startswith("-rwxr-xr-x root/root")
    assert "opt/reportdesk/_internal/libfake.so.1 -> libfake.so" in files["opt/reportdesk/_internal/libfake.so.1"]
    assert files["usr/bin/reportdesk"].endswith("./usr/bin/reportdesk -> /opt/reportdesk/reportdesk")
    # nothing outside /opt/reportdesk and /usr
    assert {p.split("/")[0] for p in files if p and p != "."} == {"opt", "usr"}


def test_menu_entry_and_icons_in_every_hicolor_size(deb, build_deb):
    files = deb_contents(deb)
    assert "usr/share/applications/reportdesk.desktop" in files
    for size in build_deb.ICON_SIZES:
        assert f"usr/share/icons/hicolor/{size}x{size}/apps/reportdesk.png" in files
    assert "usr/share/icons/hicolor/scalable/apps/reportdesk.svg" in files
    assert "usr/share/doc/reportdesk/copyright" in files


def test_the_packaged_desktop_entry_is_the_valid_one(deb, tmp_path, read_desktop_entry):
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path)], check=True)
    packaged = tmp_path / "usr" / "share" / "applications" / "reportdesk.desktop"
    assert read_desktop_entry(packaged) == read_desktop_entry()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(packaged)]).returncode == 0


def test_depends_on_the_newest_c_library_the_bundle_asks_for(deb):
    depends = deb_field(deb, "Depends")
    assert depends.startswith("libc6 (>= 2.28), ")
    assert "libcups2" in depends and "libgl1" in depends
    # the desktop's libraries the spec leaves out of the bundle
    assert {"libfontconfig1", "libfreetype6", "libdbus-1-3"} <= {d.strip() for d in depends.split(",")}
    assert int(deb_field(deb, "Installed-Size")) >= 1
    assert "fonts-noto-cjk" in deb_field(deb, "Recommends")  # Chinese must not show as boxes
    assert deb_field(deb, "Suggests") == "libreoffice-writer"  # reading .doc/.wps; PDF needs none


def test_maintainer_scripts_refresh_only_existing_caches(deb, tmp_path):
    subprocess.run(["dpkg-deb", "-e", str(deb), str(tmp_path)], check=True)
    for name in ("postinst", "postrm"):
        script = tmp_path / name
        assert script.stat().st_mode & 0o111
        text = script.read_text()
        assert "[ -f /usr/share/icons/hicolor/icon-theme.cache ]" in text
        assert "gtk-update-icon-cache" in text and "update-desktop-database" in text
        assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    sums = (tmp_path / "md5sums").read_text()
    assert "  opt/reportdesk/reportdesk\n" in sums


def test_a_folder_without_the_program_is_refused(tmp_path, build_deb):
    with pytest.raises(SystemExit, match="packaging/build.sh"):
        build_deb.build(tmp_path, tmp_path / "out", "1.0", "amd64")
