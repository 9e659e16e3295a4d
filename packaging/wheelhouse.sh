#!/usr/bin/env bash
# A wheelhouse for installing the reportdesk Python package on a computer without internet:
# reportdesk's own wheel and a wheel of every dependency, in one folder to copy over.
#
#   bash packaging/wheelhouse.sh [-o DIR] [--platform TAG --python X.Y]
#
# Without --platform: for this machine's Python and system (wheels are built where PyPI
# has only source). With --platform: for another system, binary wheels only, e.g.
#   --platform win_amd64              --python 3.11   Windows 10/11, 64-bit
#   --platform manylinux_2_28_x86_64  --python 3.11   统信UOS 20 / 麒麟 V10 on x86-64 (glibc 2.28
#                                                     to 2.33: pip picks PySide6 6.9, the last
#                                                     release built for them)
#   --platform manylinux_2_39_aarch64 --python 3.11   ARM64 systems with glibc >= 2.39 only:
#                                                     PyPI has no PySide6 for older ARM64 ones
# The wheelhouse is then checked: pip resolves reportdesk from it alone, for that target.
#
# On the offline computer (the same Python version), see DIR/INSTALL.txt:
#   python3 -m pip install --no-index --find-links DIR reportdesk
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
out="dist/wheelhouse"
platform=""
pyver=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o|--output) out="$2"; shift 2 ;;
    --platform) platform="$2"; shift 2 ;;
    --python) pyver="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#'; exit 0 ;;
    *) echo "wheelhouse.sh：无法识别的参数 $1（可用：-o 文件夹 --platform 平台 --python 版本）" >&2; exit 2 ;;
  esac
done
if [ -n "$platform" ] && [ -z "$pyver" ]; then
  echo "wheelhouse.sh：给出 --platform 时也要给出目标电脑的 Python 版本，例如 --python 3.11" >&2
  exit 2
fi
mkdir -p "$out"
pip=("$PYTHON" -m pip --disable-pip-version-check)

# 1. reportdesk itself
"${pip[@]}" wheel --quiet --no-deps -w "$out" .
version=$("$PYTHON" -c 'import re,sys; print(re.search(r"__version__\s*=\s*\"([^\"]+)\"", open("src/reportdesk/__init__.py", encoding="utf-8").read()).group(1))')
wheel="$out/reportdesk-$version-py3-none-any.whl"
[ -f "$wheel" ] || { echo "wheelhouse.sh：没有生成 $wheel" >&2; exit 1; }

# 2. its dependencies, and 3. a check that the folder alone is enough
if [ -z "$platform" ]; then
  "${pip[@]}" wheel --quiet -w "$out" "$wheel"
  "${pip[@]}" install --quiet --dry-run --ignore-installed --no-index --find-links "$out" reportdesk
  target="这台电脑的系统，Python $("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
else
  target_opts=(--only-binary=:all: --platform "$platform" --python-version "$pyver" --implementation cp)
  "${pip[@]}" download --quiet -d "$out" "${target_opts[@]}" "$wheel"
  check_dir=$(mktemp -d)
  trap 'rm -rf "$check_dir"' EXIT
  "${pip[@]}" install --quiet --dry-run --ignore-installed --no-index --find-links "$out" \
    "${target_opts[@]}" --target "$check_dir" reportdesk
  target="$platform，Python $pyver"
fi

cat > "$out/INSTALL.txt" <<EOF
reportdesk $version 离线安装包（Python 软件包）/ offline installation of the Python package
适用于 / for: $target

中文：
  1. 把整个文件夹复制到要安装的电脑上（U 盘即可）。
  2. 在该电脑上打开终端（Windows：命令提示符），进入这个文件夹的上一级，运行：
       python3 -m pip install --no-index --find-links $(basename "$out") reportdesk
     （Windows 上把 python3 换成 py 或 python。）
  3. 运行 reportdesk 打开填报窗口；reportdesk --help 查看命令行用法。
  Linux 还需要系统的图形库和中文字体：sudo bash packaging/install-deps.sh（需要联网或本地软件源），
  或请信息技术人员安装 libxcb-cursor0、libxkbcommon-x11-0、libegl1、fonts-noto-cjk 等。

English:
  Copy this folder to the computer, then from its parent folder run
    python3 -m pip install --no-index --find-links $(basename "$out") reportdesk
  and start the program with: reportdesk
EOF
count=$(ls "$out"/*.whl | wc -l)
echo "wheelhouse.sh：$out 里有 $count 个 wheel（$(du -sh "$out" | cut -f1)），适用于 $target"
