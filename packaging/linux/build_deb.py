"""Build the .deb for Debian-based 统信UOS / 麒麟 from the PyInstaller bundle, with dpkg-deb.

    python3 packaging/linux/build_deb.py [--bundle dist/reportdesk] [--out dist]

The package installs
    /opt/reportdesk/                          the bundle as PyInstaller made it
    /usr/bin/reportdesk -> /opt/reportdesk/reportdesk
    /usr/share/applications/reportdesk.desktop
    /usr/share/icons/hicolor/<N>x<N>/apps/reportdesk.png, …/scalable/apps/reportdesk.svg
    /usr/share/doc/reportdesk/copyright
and nothing else; its postinst/postrm refresh the desktop's menu and icon caches where the
system keeps them, so `dpkg -r reportdesk` leaves the machine as it was.

The bundle carries Python, Qt and most libraries; the package depends on what it takes from
the system: the C library (the newest GLIBC_x.y symbol version any bundled file asks for),
OpenGL/EGL (Qt loads the system's driver), CUPS for printing, fontconfig, FreeType and D-Bus.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PACKAGE = "reportdesk"
PREFIX = Path("opt") / PACKAGE
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Set DEB_MAINTAINER to the real person or office that hands out the package.
MAINTAINER = "reportdesk developers <packaging@reportdesk.invalid>"

# Besides the C library; "a | b": the package was renamed in a later Debian (t64 transition).
DEPENDS = ["libgl1", "libegl1", "libcups2 | libcups2t64", "libfontconfig1", "libfreetype6", "libdbus-1-3"]
RECOMMENDS = ["fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei"]
# Reading published reports saved as .doc, .wps, .rtf, .odt goes through LibreOffice when it is
# there (importers/office.py); PDF and Word output need nothing.
SUGGESTS = ["libreoffice-writer"]

DESCRIPTION = """\
政府信息公开工作年度报告填报 (yearly government information disclosure report)
 reportdesk helps clerks fill in the statutory yearly report on government
 information disclosure (2021 format) offline: table by table, with live
 balance checks, drafts saved on this computer and export to a properly
 formatted Word document.
 .
 帮助机关工作人员离线填报《政府信息公开工作年度报告》：逐表填写、边填边校验、
 草稿保存在本机，最后导出版式规范的 Word 文档。"""

# Refresh the menu and icon caches, but only those this system already keeps: a cache
# created here would stay behind after `dpkg -r`. postinst and postrm run the same refresh.
REFRESH_CACHES = """\
    if [ -f /usr/share/icons/hicolor/icon-theme.cache ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
    fi
    if [ -f /usr/share/applications/mimeinfo.cache ] && command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q /usr/share/applications || true
    fi
"""


def _maintainer_script(comment: str, condition: str) -> str:
    """A postinst/postrm that refreshes the caches when ``condition`` holds."""
    return f"#!/bin/sh\n# {comment}\nset -e\nif {condition}; then\n{REFRESH_CACHES}fi\nexit 0\n"


POSTINST = _maintainer_script("Refresh the menu and icon caches this system keeps.", '[ "$1" = configure ]')
POSTRM = _maintainer_script("The files are gone: refresh the caches the same way postinst did.",
                            '[ "$1" = remove ] || [ "$1" = purge ]')

COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: reportdesk

Files: *
Copyright: reportdesk developers
License: MIT

Files: opt/reportdesk/_internal/PySide6/*
Copyright: The Qt Company Ltd.
License: LGPL-3.0-only
 Qt and Qt for Python (PySide6) are used under the GNU Lesser General Public
 License version 3; the libraries are shipped as separate shared objects.

Files: opt/reportdesk/_internal/*
Copyright: the authors of Python and of each bundled library
License: various
 Python (PSF License), python-docx (MIT), sqlite-utils (Apache-2.0),
 platformdirs (MIT), lxml (BSD-3-Clause) and the system libraries they use,
 each under its own license.
"""


def version() -> str:
    """reportdesk.__version__ of this checkout."""
    text = (ROOT / "src" / "reportdesk" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


def architecture() -> str:
    """The Debian architecture of this machine (amd64, arm64, loong64 …)."""
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


_GLIBC = re.compile(rb"GLIBC_(2\.\d+(?:\.\d+)?)\x00")


def glibc_needed(bundle: Path) -> str | None:
    """The newest GLIBC symbol version any ELF file in the bundle refers to, e.g. "2.34"."""
    best: tuple[int, ...] = ()
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with open(path, "rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
            data = f.read()
        for m in _GLIBC.finditer(data):
            best = max(best, tuple(int(n) for n in m.group(1).split(b".")))
    return ".".join(map(str, best)) or None


def _copy_bundle(bundle: Path, target: Path) -> None:
    shutil.copytree(bundle, target, symlinks=True)
    for path in [target, *target.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def _write(path: Path, text: str | bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    path.chmod(mode)


def stage(bundle: Path, root: Path, pkg_version: str, arch: str) -> None:
    """Lay out the package's files and DEBIAN/ control files under ``root``."""
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"build_deb：{bundle} 里没有程序 {PACKAGE}，请先运行 packaging/build.sh")
    _copy_bundle(bundle, root / PREFIX)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / PACKAGE).symlink_to(f"/{PREFIX}/{PACKAGE}")
    share = root / "usr" / "share"
    _write(share / "applications" / f"{PACKAGE}.desktop",
           (HERE / f"{PACKAGE}.desktop").read_bytes())
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        _write(share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{PACKAGE}.png",
               (icons / f"{PACKAGE}-{size}.png").read_bytes())
    _write(share / "icons" / "hicolor" / "scalable" / "apps" / f"{PACKAGE}.svg",
           (icons / f"{PACKAGE}.svg").read_bytes())
    _write(share / "doc" / PACKAGE / "copyright", COPYRIGHT)
    for d in [root / "usr", *(root / "usr").rglob("*")]:
        if d.is_dir() and not d.is_symlink():
            d.chmod(0o755)

    depends = list(DEPENDS)
    glibc = glibc_needed(bundle)
    if glibc:
        depends.insert(0, f"libc6 (>= {glibc})")
    installed_kb = sum(p.lstat().st_size for p in root.rglob("*")) // 1024 + 1
    control = "\n".join([
        f"Package: {PACKAGE}",
        f"Version: {pkg_version}",
        f"Architecture: {arch}",
        f"Maintainer: {os.environ.get('DEB_MAINTAINER', MAINTAINER)}",
        f"Installed-Size: {installed_kb}",
        f"Depends: {', '.join(depends)}",
        f"Recommends: {', '.join(RECOMMENDS)}",
        f"Suggests: {', '.join(SUGGESTS)}",
        "Section: misc",
        "Priority: optional",
        f"Description: {DESCRIPTION}",
        "",
    ])
    debian = root / "DEBIAN"
    _write(debian / "control", control)
    _write(debian / "postinst", POSTINST, 0o755)
    _write(debian / "postrm", POSTRM, 0o755)
    sums = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and debian not in path.parents:
            digest = hashlib.md5(path.read_bytes()).hexdigest()
            sums.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    _write(debian / "md5sums", "".join(sums))
    debian.chmod(0o755)


def build(bundle: Path, out: Path, pkg_version: str | None = None, arch: str | None = None,
          compression: str = "xz") -> Path:
    """Build ``<out>/reportdesk_<version>_<arch>.deb`` from ``bundle``; return its path."""
    pkg_version = pkg_version or version()
    arch = arch or architecture()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{PACKAGE}_{pkg_version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="reportdesk-deb-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        root.chmod(0o755)
        stage(bundle, root, pkg_version, arch)
        # xz: read by every dpkg (older ones, as on 统信UOS 20, do not read zstd)
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(root), str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line of this script."""
    p = argparse.ArgumentParser(description="Build the reportdesk .deb from the PyInstaller bundle.")
    p.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE, help="the one-folder bundle")
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the .deb")
    p.add_argument("--version", help="package version (default: reportdesk.__version__)")
    p.add_argument("--arch", help="Debian architecture (default: this machine's)")
    p.add_argument("--compression", default="xz", choices=("xz", "gzip", "none"))
    args = p.parse_args(argv)
    target = build(args.bundle, args.out, args.version, args.arch, args.compression)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
