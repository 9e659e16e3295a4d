"""Keeping SQLite's write-ahead log safe when its locks are lost (POSIX).

POSIX advisory locks belong to the process and are released when *any* descriptor on the file
is closed (SQLite's "How To Corrupt An SQLite Database File", section 2.2). If something in the
window's process opens and closes the database file (a file dialog listing its folder, say),
the window silently loses its locks; a second program that then opens and closes the database
believes it is the last one, checkpoints, and deletes the -wal file the window still writes
into: edits called saved would be lost. Three defences, each enough for the case it covers:

1. No reportdesk program checkpoints and deletes the log when it closes the database
   (``SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE``) unless it knows it is alone: every program holds a
   shared ``flock`` on ``drafts.db-lock`` while it has the database open — a lock of its own
   open file, which no other descriptor's closing can release — and only the one that can take
   it exclusively tidies up when closing.
2. After each write the store looks whether the log it wrote into has been deleted (Linux:
   ``/proc/self/fd``); if so it opens the database again and the operation is written anew.
3. The window never shows the database's folder in a file dialog and lists none of its files
   (``reportdesk.ui.dialogs``), and one window per database (``reportdesk.ui.single``).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE = 1006
LOCK_SUFFIX = "-lock"


def lock_path(db: Path) -> Path:
    """``drafts.db-lock`` beside ``drafts.db``."""
    return db.with_name(db.name + LOCK_SUFFIX)


class Presence:
    """A shared ``flock`` on ``drafts.db-lock`` for as long as this program has the database
    open; :meth:`alone` says whether it is the only reportdesk program that has."""

    def __init__(self, db: Path):
        self.path = lock_path(db)
        self.fd: int | None = None
        try:
            import fcntl
        except ImportError:      # Windows: its locks are not POSIX locks; nothing to guard
            return
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:          # a read-only folder: nobody can write the database here anyway
            return
        try:
            fcntl.flock(self.fd, fcntl.LOCK_SH)
        except OSError:
            self.release()

    def alone(self) -> bool:
        """Whether no other reportdesk program has the database open (an exclusive lock, taken
        for the moment of closing, is then held until :meth:`release`)."""
        if self.fd is None:
            return sys.platform == "win32"
        import fcntl

        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.close(self.fd)    # the flock goes with it
            except OSError:
                pass
            self.fd = None


def keep_log_on_close(conn: sqlite3.Connection, db: Path, keep: bool = True) -> bool:
    """Tell SQLite not to checkpoint and delete the -wal file when ``conn`` closes (or to, with
    ``keep=False``). Returns whether SQLite took it: Python 3.12 has ``setconfig``; on 3.11 the
    call goes to SQLite's C library through ctypes, and only after the handle found is checked
    to be this very database."""
    if hasattr(conn, "setconfig"):
        try:
            conn.setconfig(SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, keep)
            return True
        except (sqlite3.Error, AttributeError, ValueError):
            return False
    import ctypes   # (only when a database is closed: ~2 ms that the program's start need not pay)

    lib, handle = _library(), _handle(conn)
    if lib is None or handle is None or not _is_database(lib, handle, db):
        return False
    out = ctypes.c_int(-1)
    rc = lib.sqlite3_db_config(ctypes.c_void_p(handle), ctypes.c_int(SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE),
                               ctypes.c_int(1 if keep else 0), ctypes.byref(out))
    return rc == 0 and out.value == (1 if keep else 0)


def _library():
    """SQLite's C library as Python's own sqlite3 module uses it, or None."""
    import ctypes

    try:
        import _sqlite3

        candidates = [_sqlite3.__file__]
        if sys.platform == "win32":
            candidates.insert(0, str(Path(_sqlite3.__file__).with_name("sqlite3.dll")))
        for name in candidates:
            try:
                lib = ctypes.CDLL(name)
                lib.sqlite3_db_config.restype = ctypes.c_int
                lib.sqlite3_db_filename.restype = ctypes.c_char_p
                lib.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
                return lib
            except (OSError, AttributeError):
                continue
    except ImportError:
        pass
    return None


def _handle(conn: sqlite3.Connection) -> int | None:
    """The ``sqlite3 *`` of a CPython connection: the first field after the object header."""
    import ctypes

    try:
        return ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    except (ValueError, OSError):
        return None


def _is_database(lib, handle: int, db: Path) -> bool:
    import ctypes

    try:
        name = lib.sqlite3_db_filename(ctypes.c_void_p(handle), b"main")
    except (OSError, ValueError):
        return False
    if not name:
        return False
    try:
        return os.path.samefile(os.fsdecode(name), db)
    except OSError:
        return False


def log_deleted(db: Path) -> bool:
    """Whether this process has the database's -wal (or the database itself) open although it
    has been deleted: another program deleted it under SQLite's feet. Linux only (elsewhere False)."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return False
    wanted = {str(db.resolve()) + suffix + " (deleted)" for suffix in ("", "-wal", "-shm")}
    try:
        for entry in os.scandir(fds):
            try:
                if os.readlink(entry.path) in wanted:
                    return True
            except OSError:
                continue
    except OSError:
        return False
    return False
