#!/usr/bin/env bash
# Debian/Ubuntu (and 统信UOS / 麒麟) packages reportdesk needs beside its Python packages.
#
#   bash packaging/install-deps.sh          to run reportdesk (then: bash packaging/install.sh)
#   bash packaging/install-deps.sh --test   also what the test suite and the builds use
#
# Run as root, or as a user who may use sudo (it is called only when needed). Safe to run again.
#   - Python 3 with its venv module (python3-venv): packaging/install.sh and the test command
#     make virtual environments, since Debian 12 refuses `pip install` outside one (PEP 668);
#   - Qt's xcb libraries, OpenGL/EGL, fontconfig, D-Bus, for a real window (the offscreen
#     platform needs none of them), and CUPS for printing;
#   - a CJK font, so Chinese is not drawn as boxes (the official fonts come from the user).
# With --test, also:
#   - xvfb, to run the window on a virtual screen;
#   - LibreOffice Writer and poppler-utils: the tests lay the exported .docx out with
#     LibreOffice, read .doc/.wps through it and read PDFs back. For a clerk LibreOffice is
#     optional: it only lets the program read reports saved as .doc, .wps, .rtf, .odt (PDF and
#     Word output need none): apt-get install libreoffice-writer-nogui;
#   - binutils (objdump: PyInstaller, packaging/linux/glibc_floor.py), desktop-file-utils
#     (checks the menu entry), for packaging/build.sh and tests/packaging.
set -euo pipefail
test_tools=0
case "${1:-}" in
  "") ;;
  --test) test_tools=1 ;;
  *) echo "install-deps.sh：无法识别的参数 $1（可用：--test）" >&2; exit 2 ;;
esac
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps.sh：这台机器没有 apt-get，请手动安装 Python 3.11+（含 venv）、Qt 的 xcb 库和中文字体" >&2
  exit 0
fi
SUDO=()
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps.sh：需要 root 权限安装系统软件包，但这台机器没有 sudo；请切换到 root 后运行：bash packaging/install-deps.sh" >&2
    exit 2
  fi
  SUDO=(sudo)
fi

packages=(
  python3 python3-venv
  fonts-noto-cjk
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libcups2
)
if [ "$test_tools" = 1 ]; then
  packages+=(xvfb xauth libreoffice-writer-nogui poppler-utils binutils desktop-file-utils)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
# Ubuntu 24.04 renamed libcups2 (64-bit time); take whichever name this system has.
if ! apt-cache show libcups2 >/dev/null 2>&1 && apt-cache show libcups2t64 >/dev/null 2>&1; then
  packages=("${packages[@]/#libcups2/libcups2t64}")
fi
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
