"""The crash log: what went wrong inside the program, for the engineer, never for the clerk.

Every front end (command line, window) writes unexpected errors here and tells the person
only that it happened and where the log is (no traceback reaches a user).
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path


def log_folder() -> Path:
    """``$REPORTDESK_LOG_DIR``, else the user's log folder (~/.local/state/reportdesk/log, …)."""
    from platformdirs import user_log_dir

    return Path(os.environ.get("REPORTDESK_LOG_DIR") or user_log_dir("reportdesk", appauthor=False))


def log_crash(error: BaseException | None = None) -> Path | str:
    """Append the traceback of ``error`` (default: the one being handled) to crash.log; returns
    its path, or a Chinese note when even the log cannot be written."""
    try:
        text = "".join(traceback.format_exception(error)) if error is not None else traceback.format_exc()
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
        return path
    except Exception:  # noqa: BLE001 - the log is the last resort; it must not raise itself
        return "（无法写入日志）"
