#!/usr/bin/env bash
# Build the Linux bundle and .deb for older 统信UOS / 麒麟 systems, in a Debian 11 (bullseye)
# build root: a Python 3.11 compiled there, so that nothing in the bundle needs a newer C
# library than the oldest system it must run on (see docs/packaging.md, "glibc floor").
#
#   sudo bash packaging/linux/buildroot.sh            bundle + .deb in dist/bullseye/
#   sudo bash packaging/linux/buildroot.sh --no-deb   bundle only
#
# Needs root (debootstrap, chroot, bind mounts) and Debian's package mirror. The build root
# (build/buildroot-bullseye, about 1 GB) is made once and reused; delete it to start afresh.
# Steps, each skipped when already done:
#   1. debootstrap bullseye with the compilers, CPython's build libraries and Qt's runtime;
#   2. SQLite and CPython 3.11 from Debian's source packages (bullseye's sqlite3, bookworm's
#      python3.11 with Debian's bug and security fixes), compiled into /opt/python3.11 with
#      packaging/linux/glibc-compat.h and the C functions glibc added after 2.28 switched off,
#      so that neither needs a newer glibc;
#   3. a virtual environment with this checkout's dependencies; pip picks the newest PySide6
#      whose wheels run on this glibc (6.9.x, manylinux_2_28);
#   4. packaging/build.sh inside the build root, on the checkout mounted at /src;
#   5. packaging/linux/glibc_floor.py scans every ELF file of the bundle: it fails when any
#      needs a newer glibc than GLIBC_FLOOR (default 2.28).
set -euo pipefail
cd "$(dirname "$0")/../.."
CHECKOUT=$PWD
BUILDROOT="${BUILDROOT:-$CHECKOUT/build/buildroot-bullseye}"
DIST_DIR="${DIST_DIR:-$CHECKOUT/dist/bullseye}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
SUITE=bullseye
PYTHON_SOURCE_SUITE=bookworm   # the Debian release whose python3.11 source package is used
GLIBC_FLOOR="${GLIBC_FLOOR:-2.28}"
PREFIX=/opt/python3.11
SQLITE_PREFIX=/opt/sqlite

if [ "$(id -u)" != 0 ]; then
  echo "buildroot.sh：需要 root 权限（debootstrap、chroot），请用 sudo 运行" >&2
  exit 2
fi
for arg in "$@"; do
  case "$arg" in
    --no-deb) ;;
    *) echo "buildroot.sh：无法识别的参数 $arg（可用：--no-deb）" >&2; exit 2 ;;
  esac
done

# Build libraries of CPython, PyInstaller's objdump, and the libraries Qt's platform plugins
# load, so that PyInstaller finds and bundles the same ones every time.
PACKAGES=(
  build-essential pkg-config ca-certificates xz-utils binutils dpkg-dev file
  libssl-dev libsqlite3-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev uuid-dev libexpat1-dev
  libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-render0 libgl1 libegl1 libcups2
  fontconfig fonts-wqy-microhei tcl
)

mounts=()
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() {  # bind SOURCE TARGET-inside-the-root
  mkdir -p "$BUILDROOT$2"
  mount --bind "$1" "$BUILDROOT$2"
  mounts+=("$BUILDROOT$2")
}
in_root() { chroot "$BUILDROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"; }
step() { echo "buildroot.sh：$*（$(date +%H:%M:%S)）" >&2; }

# 1. The build root
if [ ! -f "$BUILDROOT/.debootstrap-done" ]; then
  if ! command -v debootstrap >/dev/null || [ ! -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
    apt-get update -q && apt-get install -y -q debootstrap debian-archive-keyring
  fi
  step "debootstrap $SUITE → $BUILDROOT"
  rm -rf "$BUILDROOT"
  mkdir -p "$(dirname "$BUILDROOT")"
  debootstrap --variant=minbase "$SUITE" "$BUILDROOT" "$MIRROR"
  cat > "$BUILDROOT/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
  touch "$BUILDROOT/.debootstrap-done"
fi
cp /etc/resolv.conf "$BUILDROOT/etc/resolv.conf" 2>/dev/null || true
bind /proc /proc
bind /dev /dev
if [ "$(cat "$BUILDROOT/.base-done" 2>/dev/null)" != "${PACKAGES[*]}" ]; then
  step "apt-get install（编译 Python 和 Qt 运行所需的软件包）"
  in_root apt-get update -q
  in_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q dist-upgrade
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
  in_root apt-get clean
  echo "${PACKAGES[*]}" > "$BUILDROOT/.base-done"
fi

# Debian source packages are downloaded on the host (apt-get source with a list of its own).
debian_source() {  # debian_source SUITE PACKAGE FOLDER
  [ -n "$(ls "$3"/"$2"_*.dsc 2>/dev/null)" ] && return 0
  step "下载 $1 的 $2 源码包"
  local apt_dir
  apt_dir=$(mktemp -d)
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$3"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $1 main" > "$apt_dir/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
                  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -q)
  apt-get "${apt_opts[@]}" update
  (cd "$3" && apt-get "${apt_opts[@]}" source --download-only "$2")
  rm -rf "$apt_dir"
}
# Every C file compiled here includes packaging/linux/glibc-compat.h: the libm functions glibc
# 2.29 versioned anew are bound to their old versions.
src="$BUILDROOT/usr/src/python"
mkdir -p "$src"
cp packaging/linux/glibc-compat.h "$src/glibc-compat.h"
COMPAT_CFLAGS="-O2 -include /usr/src/python/glibc-compat.h"

# 2. SQLite from Debian 11's source package, for CPython to link against: Debian's own build
#    needs log@GLIBC_2.29. The features Debian enables (FTS, JSON, R-tree …).
if [ ! -f "$BUILDROOT$SQLITE_PREFIX/.built" ]; then
  debian_source "$SUITE" sqlite3 "$src"
  step "编译 SQLite"
  rm -rf "$src/sqlite" && mkdir -p "$src/sqlite"
  (cd "$src/sqlite" && tar xf "$src"/sqlite3_*.orig.tar.*)
  dir=$(cd "$src/sqlite" && ls -d */ | head -1)
  sqlite_features="-DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
    -DSQLITE_ENABLE_JSON1 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_SECURE_DELETE \
    -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_MATH_FUNCTIONS"
  rm -rf "${BUILDROOT:?}$SQLITE_PREFIX"
  in_root sh -c "cd /usr/src/python/sqlite/$dir && ./configure --prefix=$SQLITE_PREFIX --disable-tcl --disable-static \
      LIBS=-lm CFLAGS='$COMPAT_CFLAGS $sqlite_features' >/tmp/sqlite-configure.log && make -j$(nproc) >/tmp/sqlite-make.log 2>&1 \
      && make install >/tmp/sqlite-install.log 2>&1" || {
    echo "buildroot.sh：编译 SQLite 失败，见 $BUILDROOT/tmp/sqlite-*.log" >&2; exit 1; }
  rm -f "$BUILDROOT$PREFIX/.built"   # CPython must link this SQLite
  touch "$BUILDROOT$SQLITE_PREFIX/.built"
fi

# 3. CPython 3.11 from Debian's source package: the upstream tarball it carries, with the
#    bug and security fixes of its patch series (from shutdown-deadlock.diff on) but not the
#    patches that adapt Python to Debian's own layout (system paths, ensurepip disabled …).
if [ ! -f "$BUILDROOT$PREFIX/.built" ]; then
  debian_source "$PYTHON_SOURCE_SUITE" python3.11 "$src"
  step "解开 CPython 源码并应用 Debian 的修补"
  rm -rf "$src/build"
  mkdir -p "$src/build"
  (
    cd "$src/build"
    tar xzf "$src"/python3.11_*.orig.tar.gz
    tar xJf "$src"/python3.11_*.debian.tar.xz
    cd Python-3.11.*
    for patch in $(sed -n '/^shutdown-deadlock.diff/,$p' ../debian/patches/series | grep -v '^#'); do
      patch -p1 -s < "../debian/patches/$patch"
    done
    # A security fix includes Python's internal headers in pyexpat.c, as Python 3.12 does;
    # upstream 3.11's build defines what they need only in Debian's own module setup.
    sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c
  )
  # Functions glibc added after 2.28 (2.29–2.31 on bullseye) that configure would find:
  # switched off, so that libpython and the extension modules need no newer glibc.
  # glibc_floor.py names any symbol still above the floor.
  no_newer=(ac_cv_func_sem_clockwait=no ac_cv_func_posix_spawn_file_actions_addchdir_np=no
            ac_cv_func_getdents64=no ac_cv_func_gettid=no ac_cv_func_tgkill=no
            ac_cv_func_pthread_getattr_default_np=no ac_cv_func_copy_file_range=no)
  step "编译 CPython 3.11（约十分钟）"
  dir=$(cd "$src/build" && ls -d Python-3.11.*/ | head -1)
  rm -rf "${BUILDROOT:?}$PREFIX" "${BUILDROOT:?}/opt/venv"
  # expat: bullseye's, kept up to date by Debian's security updates.
  in_root sh -c "cd /usr/src/python/build/$dir && \
      ./configure --prefix=$PREFIX --enable-shared --with-system-expat \
      --with-ensurepip=install --without-doc-strings \
      LDFLAGS='-L$SQLITE_PREFIX/lib -Wl,-rpath,$PREFIX/lib -Wl,-rpath,$SQLITE_PREFIX/lib' \
      CPPFLAGS=-I$SQLITE_PREFIX/include PKG_CONFIG_PATH=$SQLITE_PREFIX/lib/pkgconfig CFLAGS='$COMPAT_CFLAGS' ${no_newer[*]} \
      >/tmp/configure.log && make -j$(nproc) >/tmp/make.log 2>&1 && make install >/tmp/install.log 2>&1" || {
    echo "buildroot.sh：编译 CPython 失败，见 $BUILDROOT/tmp/{configure,make,install}.log" >&2; exit 1; }
  in_root $PREFIX/bin/python3.11 -c "import ssl, sqlite3, ctypes, lzma, bz2, zlib, pyexpat, uuid, ensurepip
assert sqlite3.sqlite_version_info >= (3, 34), sqlite3.sqlite_version
db = sqlite3.connect(':memory:')
db.execute('create virtual table t using fts5(x)')
db.execute(\"insert into t values ('a b'), ('a a')\")
assert len(db.execute(\"select bm25(t) from t where t match 'a'\").fetchall()) == 2"
  # the math functions bound to their old glibc versions (glibc-compat.h) behave as before
  in_root $PREFIX/bin/python3.11 -m test -q test_math test_cmath test_statistics
  touch "$BUILDROOT$PREFIX/.built"
fi

# 4. The virtual environment
bind "$CHECKOUT" /src
mkdir -p "$DIST_DIR"
bind "$DIST_DIR" /out
step "安装 reportdesk 的依赖（虚拟环境 /opt/venv）"
# pip in the build root trusts what the host trusts (a company proxy's certificate, say) and
# uses the host's index and proxy settings.
pip_env=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp /etc/ssl/certs/ca-certificates.crt "$BUILDROOT/etc/ssl/host-ca-certificates.crt"
  pip_env+=(PIP_CERT=/etc/ssl/host-ca-certificates.crt)
fi
for name in PIP_INDEX_URL PIP_EXTRA_INDEX_URL HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
  case "${!name:-}" in ""|file:*) ;; *) pip_env+=("$name=${!name}") ;; esac
done
[ -x "$BUILDROOT/opt/venv/bin/python" ] || in_root $PREFIX/bin/python3.11 -m venv /opt/venv
in_root env "${pip_env[@]}" /opt/venv/bin/python -m pip install -q --upgrade pip
in_root env "${pip_env[@]}" sh -c 'cd /src && /opt/venv/bin/python -m pip install -q ".[package]"'

# 5. The bundle (and .deb), with the build root's Python
step "PyInstaller（packaging/build.sh）"
in_root sh -c "cd /src && PYTHON=/opt/venv/bin/python BUILD_DIR=/tmp/reportdesk-build DIST_DIR=/out \
    bash packaging/build.sh $*"

# 6. The glibc floor
step "检查 glibc 版本下限 $GLIBC_FLOOR"
python3 packaging/linux/glibc_floor.py "$DIST_DIR/reportdesk" --floor "$GLIBC_FLOOR"
