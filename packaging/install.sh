#!/usr/bin/env bash
# Install reportdesk from this checkout for the current user, with the system's own Python,
# then start it. Works where `pip install` outside a virtual environment is refused
# (PEP 668: Debian 12, Ubuntu 23.04+, the .deb-based 统信UOS / 麒麟 releases).
#
#   bash packaging/install.sh              install (or update) and start reportdesk
#   bash packaging/install.sh --no-start   install only
#   bash packaging/install.sh --uninstall  remove the program; the drafts are kept
#
# What it makes:
#   $XDG_DATA_HOME/reportdesk/venv   (~/.local/share/reportdesk/venv) the program, in its own
#                                    virtual environment, beside the drafts (drafts.db)
#   ~/.local/bin/reportdesk          the command (as root: /usr/local/bin/reportdesk)
#   ~/.local/share/applications/reportdesk.desktop   the menu entry “政府信息公开年报填报”
# Needs Python 3.11 or newer with its venv module (Debian: python3-venv; run
# packaging/install-deps.sh first). PYTHON=… chooses another interpreter. Without internet,
# point pip at a wheelhouse (packaging/wheelhouse.sh): PIP_NO_INDEX=1 PIP_FIND_LINKS=DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKOUT=$PWD
PYTHON="${PYTHON:-python3}"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}/reportdesk"
VENV="$DATA/venv"
if [ "$(id -u)" = 0 ]; then
  BIN=/usr/local/bin
  APPS=/usr/local/share/applications
else
  BIN="$HOME/.local/bin"
  APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
fi
BIN="${REPORTDESK_BIN_DIR:-$BIN}"     # other places, for tests and packagers
APPS="${REPORTDESK_APPS_DIR:-$APPS}"
LAUNCHER="$BIN/reportdesk"
ENTRY="$APPS/reportdesk.desktop"

say() { echo "install.sh：$*" >&2; }

start=1
case "${1:-}" in
  "") ;;
  --no-start) start=0 ;;
  --uninstall)
    rm -rf "$VENV"
    rm -f "$ENTRY"
    if [ -f "$LAUNCHER" ] && grep -q "reportdesk/venv" "$LAUNCHER"; then rm -f "$LAUNCHER"; fi
    say "已卸载 reportdesk。草稿仍保存在 $DATA（需要时请自行备份或删除）"
    exit 0 ;;
  -h|--help) sed -n '2,/^set /p' "$0" | grep '^#' | cut -c3-; exit 0 ;;
  *) say "无法识别的参数 $1（可用：--no-start、--uninstall）"; exit 2 ;;
esac

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  say "没有找到 $PYTHON。请先运行：bash packaging/install-deps.sh"
  exit 2
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "reportdesk 需要 Python 3.11 或更新版本，这台机器的 $PYTHON 是 $("$PYTHON" -c 'import platform; print(platform.python_version())')。"
  say "统信UOS 20、麒麟 V10 等较早的系统请使用 .deb 安装包（docs/packaging.md）。"
  exit 2
fi
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  say "$PYTHON 缺少创建虚拟环境的模块（Debian/Ubuntu 的 python3-venv）。请先运行：bash packaging/install-deps.sh"
  exit 2
fi

# A virtual environment made by another Python (or left half-made) is made anew.
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
   && [ "$(readlink -f "$VENV/bin/python")" = "$(readlink -f "$(command -v "$PYTHON")")" ]; then
  say "更新 $VENV 中的 reportdesk（$("$VENV/bin/python" -c 'import sys; print(sys._base_executable)')）"
else
  say "在 $VENV 创建虚拟环境（$("$PYTHON" -c 'import sys; print(sys.executable)')）"
  mkdir -p "$DATA"
  "$PYTHON" -m venv --clear "$VENV"
fi
say "下载并安装 reportdesk 及其依赖（Qt 等，约 200 MB，需要几分钟）"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "$CHECKOUT"

# The command: a small script, so that the virtual environment can be made anew under it.
mkdir -p "$BIN"
cat > "$LAUNCHER.tmp" <<EOF
#!/bin/sh
# reportdesk, installed by packaging/install.sh into $VENV
exec "$VENV/bin/reportdesk" "\$@"
EOF
chmod 755 "$LAUNCHER.tmp"
mv -f "$LAUNCHER.tmp" "$LAUNCHER"

# The menu entry, pointing at this launcher and at the icon inside the installed package.
icon=$("$VENV/bin/python" -c 'from reportdesk.resources import resource_path; print(resource_path("icons", "reportdesk.svg"))')
mkdir -p "$APPS"
sed -e "s|^Exec=.*|Exec=$LAUNCHER|" -e "s|^TryExec=.*|TryExec=$LAUNCHER|" -e "s|^Icon=.*|Icon=$icon|" \
  packaging/linux/reportdesk.desktop > "$ENTRY.tmp"
mv -f "$ENTRY.tmp" "$ENTRY"

version=$("$LAUNCHER" --version)
say "已安装 $version：命令 $LAUNCHER，菜单项“政府信息公开年报填报”"
case ":$PATH:" in
  *":$BIN:"*) ;;
  *)
    # Debian's and Ubuntu's ~/.profile add ~/.local/bin to PATH at login once it exists.
    if [ "$BIN" = "$HOME/.local/bin" ] && ! grep -qs '\.local/bin' "$HOME/.profile"; then
      printf '\n# added by reportdesk install.sh\nif [ -d "$HOME/.local/bin" ]; then PATH="$HOME/.local/bin:$PATH"; fi\n' >> "$HOME/.profile"
      say "已在 ~/.profile 中把 ~/.local/bin 加入 PATH"
    fi
    say "重新登录（或打开新的登录终端）后可以直接运行 reportdesk；现在请运行 $LAUNCHER" ;;
esac

if [ "$start" = 1 ]; then
  say "启动 reportdesk"
  exec "$LAUNCHER"
fi
