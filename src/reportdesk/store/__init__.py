"""The draft store: drafts of yearly reports in local SQLite, saved on every edit.

``DraftStore`` is the whole interface (the wizard and ``reportdesk drafts`` use it); it
imports no Qt. See docs/store.md for the schema, the durability choices and the backups.
"""

from .backups import list_backups, restore_backup
from .drafts import DraftStore
from .errors import DamagedDatabase, DraftExists, NoSuchDraft, StoreError
from .location import default_db_path
from .records import DRAFT, FINAL, BackupInfo, Draft, DraftInfo, HistoryEntry

__all__ = ["DraftStore", "Draft", "DraftInfo", "HistoryEntry", "BackupInfo", "DamagedDatabase", "DraftExists",
           "NoSuchDraft", "StoreError", "default_db_path", "list_backups", "restore_backup", "DRAFT", "FINAL"]
