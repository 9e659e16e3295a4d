#!/usr/bin/env bash
# Build the Linux bundle (dist/reportdesk/) and the .deb (dist/reportdesk_<version>_<arch>.deb).
#
#   bash packaging/build.sh            bundle + .deb
#   bash packaging/build.sh --no-deb   bundle only
#
# Needs: Python with this project's dependencies, binutils (objdump; PyInstaller uses it),
# dpkg-deb (for the .deb). PyInstaller is installed with pip when missing.
# BUILD_DIR / DIST_DIR choose other work and output folders (default build/ and dist/).
# The .deb depends on the C library of the machine that builds it: build on the oldest
# system the package must run on (see docs/packaging.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
BUILD_DIR="${BUILD_DIR:-build}"
DIST_DIR="${DIST_DIR:-dist}"
make_deb=1
for arg in "$@"; do
  case "$arg" in
    --no-deb) make_deb=0 ;;
    *) echo "build.sh：无法识别的参数 $arg（可用：--no-deb）" >&2; exit 2 ;;
  esac
done

if ! "$PYTHON" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "build.sh：安装 PyInstaller（pip install '.[package]' 中的版本）" >&2
  "$PYTHON" -m pip install --quiet "pyinstaller>=6.10"
fi
if ! command -v objdump >/dev/null 2>&1; then
  echo "build.sh：缺少 objdump，请先运行 sudo bash packaging/install-deps.sh（binutils）" >&2
  exit 2
fi

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$BUILD_DIR/pyinstaller" --distpath "$DIST_DIR" packaging/reportdesk.spec
bundle_bytes=$(du -sb "$DIST_DIR/reportdesk" | cut -f1)
echo "build.sh：程序文件夹 $DIST_DIR/reportdesk/，$((bundle_bytes / 1000000)) MB，用时 $(( $(date +%s) - start )) 秒"
# A quick look at the frozen program before packaging it: it starts and checks a report.
"$PYTHON" packaging/smoke_frozen.py "$DIST_DIR/reportdesk"

if [ "$make_deb" = 1 ]; then
  start=$(date +%s)
  deb=$("$PYTHON" packaging/linux/build_deb.py --bundle "$DIST_DIR/reportdesk" --out "$DIST_DIR")
  echo "build.sh：安装包 $deb，$(( $(stat -c %s "$deb") / 1000000 )) MB，用时 $(( $(date +%s) - start )) 秒"
fi
