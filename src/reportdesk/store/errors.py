"""Errors of the draft store, each with a Chinese message and the command line's exit status."""

from __future__ import annotations

from pathlib import Path

from ..errors import RefusedEdit, ReportdeskError


class StoreError(ReportdeskError):
    """The draft database could not be read or written (locked, full disk, no permission)."""

    exit_code = 2


class NoSuchDraft(StoreError):
    """A draft id that is not in the store."""

    def __init__(self, draft_id: int):
        super().__init__(f"没有编号为 {draft_id} 的草稿（reportdesk drafts list 可查看全部草稿）")
        self.draft_id = draft_id


class Conflict(StoreError):
    """Another program saved the draft after it was read here: read it again, then edit."""

    def __init__(self, draft_id: int, revision: int):
        super().__init__(f"草稿 {draft_id} 已被另一个程序修改，已重新读入")
        self.draft_id = draft_id
        self.revision = revision


class LogLost(Conflict):
    """The -wal a write went into had been deleted by another program: the database has been
    opened again, and the write must be made again (store/locks.py)."""

    def __init__(self, draft_id: int, revision: int):
        StoreError.__init__(self, "草稿数据库的日志文件被另一个程序删除，已重新打开数据库并重新保存")
        self.draft_id = draft_id
        self.revision = revision


class DraftExists(RefusedEdit):
    """Another draft already holds this agency and year (one draft per agency and year)."""

    def __init__(self, draft_id: int, agency: str, year: int | None, hint: str = ""):
        super().__init__(f"{agency} {year}年的草稿已经存在（编号 {draft_id}）{hint}")
        self.draft_id = draft_id


class DamagedDatabase(StoreError):
    """The database file is not a healthy SQLite database; it has been left exactly as it was."""

    def __init__(self, path: Path, reason: str, newest_backup=None):
        where = f"草稿数据库“{path}”已损坏（{reason}），程序没有改动它。"
        if newest_backup is not None:
            advice = (f"最新的备份是 {newest_backup.name}（{newest_backup.when}）。"
                      "恢复方法：运行 reportdesk drafts restore（损坏的文件会另存一份，不会删除）。")
        else:
            advice = "没有找到可用的备份；请把这个文件交给技术人员，不要删除它。"
        super().__init__(where + advice)
        self.path = path
        self.reason = reason
        self.newest_backup = newest_backup
