#!/usr/bin/env bash
# Debian/Ubuntu (and 统信UOS / 麒麟) packages reportdesk needs beside Python:
#   - Qt's xcb libraries, for a real window (the offscreen platform needs none of them);
#   - a CJK font, so Chinese is not drawn as boxes;
#   - LibreOffice Writer and poppler-utils, for PDF output and the export tests;
#   - xvfb, to run the window on a virtual screen;
#   - for packaging (packaging/build.sh): binutils (objdump, which PyInstaller uses on Linux),
#     desktop-file-utils (checks the menu entry) and libcups2 (printing; the .deb needs it).
# Run as root (or with sudo). Safe to run again.
set -euo pipefail
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps.sh: 这台机器没有 apt-get，请手动安装 Qt 的 xcb 库、中文字体和 LibreOffice" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends \
  fonts-noto-cjk \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0 \
  libegl1 libgl1 libfontconfig1 libdbus-1-3 \
  xvfb xauth \
  libreoffice-writer-nogui poppler-utils \
  desktop-file-utils \
  binutils libcups2
