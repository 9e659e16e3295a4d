"""What an SQLite error means for the clerk: busy, disk full, read-only, damaged, or else.

Decided by SQLite's result code (``sqlite3.Error.sqlite_errorcode``), not by its English text;
an I/O error on a disk with almost no space left is a full disk (SQLite reports a failed
growth of its -shm or -wal file as SQLITE_IOERR, not SQLITE_FULL).
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

BUSY, FULL, READ_ONLY, CANT_OPEN, DAMAGED, IO, OTHER = "busy", "full", "read_only", "cant_open", "damaged", "io", "other"

_PRIMARY = {5: BUSY, 6: BUSY, 8: READ_ONLY, 3: READ_ONLY, 10: IO, 11: DAMAGED, 26: DAMAGED, 13: FULL, 14: CANT_OPEN}
# Less than this left on the disk and an I/O error is taken for a full disk.
NEARLY_FULL = 256 << 10


def classify(exc: BaseException, path: Path | None = None) -> str:
    """One of BUSY, FULL, READ_ONLY, CANT_OPEN, DAMAGED, IO, OTHER for an error met on ``path``."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return FULL
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return READ_ONLY
        return IO
    code = getattr(exc, "sqlite_errorcode", None)
    kind = _PRIMARY.get(code & 0xFF, OTHER) if isinstance(code, int) else _by_text(str(exc))
    if kind in (IO, CANT_OPEN) and path is not None and disk_nearly_full(path):
        return FULL
    return kind


def _by_text(text: str) -> str:
    """For errors raised without a result code (sqlite3.connect's own, older Pythons)."""
    text = text.lower()
    for words, kind in ((("locked", "busy"), BUSY), (("full",), FULL), (("readonly", "read-only"), READ_ONLY),
                        (("malformed", "not a database", "corrupt"), DAMAGED), (("disk i/o",), IO),
                        (("unable to open",), CANT_OPEN)):
        if any(w in text for w in words):
            return kind
    return OTHER


def disk_nearly_full(path: Path) -> bool:
    """Whether the disk holding ``path`` (or its nearest existing folder) has almost no room."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL
    except OSError:
        return False
