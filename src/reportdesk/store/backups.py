"""Damage checks and rolling backups of the draft database.

A damaged file is never written to: it is examined through a read-only connection (a
read-write connection would checkpoint its WAL into it on closing), and a restore moves it
aside under a new name instead of replacing it. Backups are made with SQLite's online backup
API, so a backup taken while another process writes is still a consistent database.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from ..fileio import os_reason
from . import sqlite_errors
from .errors import DamagedDatabase, StoreError
from .location import backup_dir
from .records import BackupInfo

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP = 10  # backups kept; the oldest go first
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z]+)\.db$")
REASONS = {"daily": "每日", "migration": "升级前", "delete": "删除草稿前", "manual": "手动",
           "restore": "恢复前"}


def diagnose(path: Path) -> str | None:
    """Why ``path`` is not a healthy SQLite database (Chinese), or None when it is.

    Checks the header, that the file is whole pages long (a truncated copy is not), and
    ``PRAGMA integrity_check``; reads only.
    """
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as exc:
        return f"无法读取：{os_reason(exc)}"
    if size == 0:
        return "文件是空的"
    if not head.startswith(SQLITE_HEADER):
        return "不是 SQLite 数据库文件"
    if len(head) < 100:
        return f"文件不完整（只有 {size} 字节）"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        return "文件被截断或不完整"
    # Without a WAL beside it, the file alone is the database: read it as immutable, which
    # creates no -wal or -shm either. With one (a crash, or a program using it), read both.
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=5)
    except sqlite3.Error:
        return None  # cannot even be opened: the store's own opening says why (permissions, disk)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        # only what SQLite itself calls damage is damage: busy (another process writes), a
        # full or read-only disk, an I/O error are said by the store's own opening
        if sqlite_errors.classify(exc, path) == sqlite_errors.DAMAGED:
            return "数据库文件内容有损坏"
        return None
    finally:
        conn.close()
    if rows != [("ok",)]:
        first = str(rows[0][0]).splitlines()[-1] if rows else "?"
        return f"完整性检查未通过：{first}"
    return None


def damaged(path: Path, reason: str) -> DamagedDatabase:
    """The error for a damaged ``path``, naming its newest backup."""
    found = list_backups(path)
    return DamagedDatabase(path, reason, found[0] if found else None)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if not m or not entry.is_file():
            continue
        try:
            when = _stamp_time(m["stamp"])
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append((m["stamp"], BackupInfo(entry.name, entry, when.isoformat(timespec="seconds"), size,
                                             m["reason"])))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [b for _, b in found]


def _stamp_time(stamp: str) -> datetime:
    """The local time of a backup's name stamp (``_STAMP``). Parsed by hand: ``strptime`` costs
    some 5 ms of the wizard's start the first time it is called in a process."""
    d, t, us = stamp.split("-")
    return datetime(int(d[:4]), int(d[4:6]), int(d[6:]), int(t[:2]), int(t[2:4]), int(t[4:]), int(us)).astimezone()


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str, keep: int = KEEP) -> Path:
    """Copy the database open on ``conn`` into the backup folder; keep the newest ``keep``.

    The copy is written to a temporary name, made a self-contained rollback-journal database,
    flushed to disk, and only then given its name: a half-written backup is never listed.
    """
    folder = backup_dir(db_path)
    stamp = datetime.now().strftime(_STAMP)
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    tmp = folder / f".{target.name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(tmp)
        try:
            conn.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        _fsync(tmp)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        _remove_quietly(tmp)
        kind = sqlite_errors.classify(exc, folder)
        why = {sqlite_errors.FULL: "磁盘空间已满", sqlite_errors.READ_ONLY: "文件夹是只读的"}.get(kind, "无法写入")
        raise StoreError(f"无法备份草稿数据库到“{folder}”：{why}") from None
    prune(db_path, keep)
    return target


def prune(db_path: Path, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` backups (and temporary files a crash left behind)."""
    for old in list_backups(db_path)[keep:]:
        _remove_quietly(old.path)
    folder = backup_dir(db_path)
    now = datetime.now().timestamp()
    for tmp in folder.glob(".*.tmp"):
        try:
            if now - tmp.stat().st_mtime > 3600:
                tmp.unlink()
        except OSError:
            pass


def find_backup(db_path: Path, name: str | None = None) -> BackupInfo:
    """The newest backup, or the one called ``name`` (file name, with or without .db, or a path)."""
    found = list_backups(db_path)
    if not found:
        raise StoreError(f"没有找到“{db_path.name}”的备份（备份文件夹：{backup_dir(db_path)}）")
    if name is None:
        return found[0]
    wanted = Path(name).name
    for b in found:
        if wanted in (b.name, b.name.removesuffix(".db")):
            return b
    raise StoreError(f"没有名为“{name}”的备份；reportdesk drafts backups 可查看全部备份")


def restore_backup(db_path: Path, name: str | None = None) -> tuple[BackupInfo, Path | None]:
    """Put a backup in place of the database; returns the backup and where the old file went.

    The backup is copied and checked first; the old database (damaged or not) is moved aside
    with its -wal and -shm files as ``drafts.db.damaged-…`` or ``drafts.db.replaced-…``,
    never deleted. Close every program using the database first.
    """
    backup = find_backup(db_path, name)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    try:
        shutil.copyfile(backup.path, tmp)
        _fsync(tmp)
    except OSError as exc:
        _remove_quietly(tmp)
        raise StoreError(f"无法复制备份 {backup.name}：{os_reason(exc)}") from None
    problem = diagnose(tmp)
    if problem:
        _remove_quietly(tmp)
        raise StoreError(f"备份 {backup.name} 也无法使用（{problem}）；请用 reportdesk drafts backups 查看，"
                         "再用 reportdesk drafts restore 备份名 选择另一个")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = None
    try:
        if db_path.exists():
            label = "damaged" if diagnose(db_path) else "replaced"
            aside = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
            os.replace(db_path, aside)
        # the old file's journal must not meet the restored file: it goes aside with it
        for suffix in ("-wal", "-shm", "-journal"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                keep_as = aside or db_path.with_name(f"{db_path.name}.orphan-{stamp}")
                os.replace(side, keep_as.with_name(keep_as.name + suffix))
        os.replace(tmp, db_path)
    except OSError as exc:
        _remove_quietly(tmp)
        raise StoreError(f"无法恢复备份（{os_reason(exc)}）；如果填报窗口开着，请先关闭它") from None
    return backup, aside


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
