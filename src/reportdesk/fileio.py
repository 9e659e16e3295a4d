"""Writing files safely: a temporary file in the target folder, then an atomic replace.

A target that Word holds open (Windows refuses the replace), a read-only folder or a full
disk gets a Chinese message, and the old file stays as it was.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import ReportdeskError


class WriteError(ReportdeskError):
    """The file could not be written; the old one, if any, is untouched."""

    exit_code = 2


# The draft databases open in this process: never a target of an export (their -wal, -shm
# and backups neither). Registered by the store; compared by path, never by opening the file
# (any descriptor closed on a database would drop SQLite's locks on it, see docs/store.md).
_PROTECTED: set[Path] = set()
_SIDECARS = ("", "-wal", "-shm", "-journal", "-lock")


def protect(database: Path) -> None:
    """``database`` (and its -wal, -shm, -journal and backups) may not be written over."""
    _PROTECTED.add(_resolved(database))


def unprotect(database: Path) -> None:
    _PROTECTED.discard(_resolved(database))


def protected_databases() -> list[Path]:
    """The draft databases open here (the file choosers hide them and never start in their folder)."""
    return sorted(_PROTECTED)


def is_protected(path: str | Path) -> bool:
    """Whether ``path`` is a draft database open here, one of its side files or backups."""
    target = _resolved(Path(path))
    for db in _PROTECTED:
        if target.parent == db.parent and any(target.name == db.name + s for s in _SIDECARS):
            return True
        if target.parent == db.with_name(f"{db.stem}-backups"):
            return True
    return False


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except OSError:
        return path.expanduser().absolute()


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
MAX_NAME_BYTES = 200  # of the 255 a Linux file name may have, room for a suffix and a temporary prefix


def safe_file_name(name: str, fallback: str = "报告") -> str:
    """``name`` as a file name that is valid and harmless on Windows and Linux: no folder parts
    (/ \\ ..), none of the characters Windows forbids, no reserved device name (CON, NUL…), no
    leading or trailing dots or spaces, not too long (Chinese takes 3 bytes a character)."""
    cleaned = _UNSAFE.sub("_", name)
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    cleaned = re.sub(r"[_.]*_[_.]*", "_", cleaned).strip(" ._")
    while len(cleaned.encode("utf-8")) > MAX_NAME_BYTES:
        cleaned = cleaned[:-1].rstrip(" ._")
    if not cleaned:
        return fallback
    return f"{fallback}_{cleaned}" if _RESERVED.match(cleaned) else cleaned


def write_atomic(path: str | Path, data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` (bytes, or chunks of bytes: a large file never held whole) to ``path``
    through a temporary file in the same folder, then replace."""
    path = Path(path)
    if is_protected(path):
        raise WriteError(f"“{path.name}”是草稿数据库（或它的备份），不能用导出的文件覆盖它；请换一个文件名或文件夹")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"文件夹“{folder}”不存在，无法保存“{path.name}”")
    mode = _mode_for(path)
    if mode is not None and not mode & stat.S_IWUSR:
        # Replacing would succeed on Linux, but the clerk marked the file read-only on purpose.
        raise WriteError(f"“{path.name}”是只读文件，不能覆盖；请另存为其他文件名，或先取消它的只读属性；原文件未改动")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".~{path.stem[:40]}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise WriteError(f"没有权限在文件夹“{folder}”中保存文件，请换一个文件夹") from None
    except OSError as exc:
        raise WriteError(_os_message(exc, path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, (bytes, bytearray, memoryview)):
                f.write(data)
            else:
                for chunk in data:
                    f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600): give it the old file's mode, or the usual one.
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        try:
            os.replace(tmp, path)
        except PermissionError:
            if path.exists() and (os.name == "nt" or not os.access(path, os.W_OK)):
                raise WriteError(f"“{path.name}”正在被其他程序（如 Word、WPS）打开或为只读，请关闭后再保存；原文件未改动") from None
            raise WriteError(f"没有权限保存“{path}”；原文件未改动") from None
    except WriteError:
        _remove_quietly(tmp)
        raise
    except OSError as exc:
        _remove_quietly(tmp)
        raise WriteError(_os_message(exc, path)) from None
    return path


def _mode_for(path: Path) -> int | None:
    """The permission bits of an existing file; None when there is none."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _os_message(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法保存“{path.name}”；原文件未改动"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"“{path.parent}”是只读的，无法保存“{path.name}”，请换一个文件夹"
    return f"无法保存“{path.name}”：{os_reason(exc)}；原文件未改动"


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "文件已经存在",
    errno.EISDIR: "同名的文件夹已经存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EMFILE: "打开的文件太多",
    errno.EIO: "读写磁盘出错",
    errno.EDQUOT: "磁盘配额已用完",
}


def os_reason(exc: OSError) -> str:
    """What went wrong with a file, in Chinese — never the system's English ``strerror``."""
    if getattr(exc, "winerror", None) in (32, 33):   # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return "文件正被其他程序（如 Word、WPS）打开"
    return _OS_REASONS.get(exc.errno, f"系统错误（代码 {exc.errno}）" if exc.errno else "系统错误")


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass
