"""Where the draft database lives: ``--db PATH``, else ``$REPORTDESK_DB``, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "REPORTDESK_DB"
FILE_NAME = "drafts.db"


def default_db_path() -> Path:
    """``$REPORTDESK_DB`` when set, else ``drafts.db`` in the user's data folder.

    The data folder is platformdirs' user data dir: ``~/.local/share/reportdesk`` on Linux
    (统信UOS, 麒麟), ``%LOCALAPPDATA%\\reportdesk`` on Windows.
    """
    env = os.environ.get(ENV, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reportdesk", appauthor=False)) / FILE_NAME


def backup_dir(db_path: Path) -> Path:
    """The folder of the rolling backups of ``db_path``: ``drafts-backups`` beside ``drafts.db``."""
    return db_path.with_name(f"{db_path.stem}-backups")
