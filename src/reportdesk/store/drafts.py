"""The draft store: reports being filled in, saved on every edit, in one SQLite file.

Every change is one transaction: the cell, the totals it moved and the history entry are
written together or not at all, and the transaction is on disk (``synchronous=FULL``) before
the call returns. Several processes may use one database at once (the wizard and a
``reportdesk drafts`` command): writes wait for each other (busy timeout), and a draft that
another process changed is re-read before it is edited.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator, Mapping


from .. import fileio
from ..carry import carry_forward
from ..errors import InvalidValue, RefusedEdit, ReportdeskError
from ..form import load_form
from ..report import CARRIED, COMPUTED, IMPORTED, TYPED, Change, Invalid, Report
from ..reportfile import report_from_dict, report_to_dict
from ..values import normalize_number_text
from . import backups, sqlite_errors, versions
from .errors import DraftExists, NoSuchDraft, StoreError
from .location import default_db_path
from .records import (DRAFT, FINAL, BackupInfo, Draft, DraftInfo, HistoryEntry, decode, encode, local_time,
                      since_to_utc, utc_now)

BUSY_TIMEOUT = 5.0  # seconds a write waits for another process's write to finish
SETTABLE_SOURCES = (TYPED, IMPORTED, CARRIED)
_DRAFT_COLUMNS = "id, agency, year, status, form, created, modified, carried_from, revision"


class _Unchanged(Exception):
    """Raised inside an edit's transaction when nothing changed: rolls it back quietly."""


class DraftStore:
    """Drafts of yearly reports in one SQLite database (see docs/store.md)."""

    def __init__(self, path: str | Path | None = None):
        """Open (or create) the database at ``path``; None: ``$REPORTDESK_DB`` or the data folder.

        A damaged file raises :class:`DamagedDatabase` and is left untouched; an older schema is
        backed up, then migrated; once a day the database is backed up on opening.
        """
        self.path = Path(path).expanduser() if path else default_db_path()
        self.set_aside: Path | None = None  # where restore() put the database it replaced
        self._drafts: dict[int, Draft] = {}
        self._open()
        fileio.protect(self.path)

    # -- opening, migrating, closing

    def _open(self) -> None:
        path = self.path
        self.read_only: str = ""  # why the database can only be read (Chinese), or ""
        self._read_only_kind = ""
        self.backup_problem: str = ""  # why today's backup could not be made (Chinese), or ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not path.exists():
                raise StoreError(f"无法创建草稿文件夹“{path.parent}”：{_os_reason(exc)}") from None
        if path.is_dir():
            raise StoreError(f"“{path}”是文件夹，不是草稿数据库")
        if path.exists():
            empty = path.stat().st_size == 0
            # an empty file where backups exist is a database that lost its content
            reason = backups.diagnose(path) if not empty or backups.list_backups(path) else None
            if reason:
                raise backups.damaged(path, reason)
        # Two programs opening a new database at the same moment can find it half set up (the
        # switch to WAL, the first migration) and get "busy" at once; opening again is safe.
        for attempt in range(4):
            try:
                return self._connect()
            except StoreError as exc:
                kind = getattr(exc, "kind", None)
                if kind in (sqlite_errors.READ_ONLY, sqlite_errors.CANT_OPEN, sqlite_errors.FULL) and path.exists():
                    return self._connect_read_only(exc)
                if kind != sqlite_errors.BUSY or attempt == 3:
                    raise
                time.sleep(0.1 * (attempt + 1))

    def _connect(self) -> None:
        path = self.path
        try:
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        self._db = None
        self._drafts.clear()
        try:
            with self._guard():
                tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if tables and versions.MIGRATIONS_TABLE not in tables:
                    raise StoreError(f"“{path}”是别的程序的数据库，不是 reportdesk 的草稿数据库；请换一个文件名")
                self.conn.execute("PRAGMA journal_mode=WAL")
                # FULL: each edit's commit is flushed to disk before it is acknowledged, so a
                # power cut on an office PC loses no edit the clerk saw saved (NORMAL could).
                self.conn.execute("PRAGMA synchronous=FULL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                self._migrate()
                self._daily_backup()
        except BaseException:
            self.conn.close()
            raise

    def _connect_read_only(self, why: StoreError) -> None:
        """The database opened for reading only, when it cannot be written (a read-only file,
        folder or disk, or a full disk): drafts can be listed, shown, checked and exported."""
        path = self.path
        wal = path.with_name(path.name + "-wal")
        unread_wal = False
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, timeout=BUSY_TIMEOUT,
                                       isolation_level=None)
            except sqlite3.Error:
                continue
            try:
                tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlite3.Error:
                conn.close()
                continue
            # immutable: SQLite reads the file alone, not the -wal beside it
            unread_wal = "immutable" in query and wal.exists() and wal.stat().st_size > 0
            break
        else:
            raise why
        self.conn, self._db = conn, None
        self._drafts.clear()
        if versions.MIGRATIONS_TABLE not in tables:
            conn.close()
            raise StoreError(f"“{path}”不是 reportdesk 的草稿数据库，或者还没有建好；{why.message}")
        if tuple(versions.applied(conn)) != versions.VERSIONS:
            conn.close()
            raise StoreError(f"{why.message}；草稿数据库来自旧版本的程序，需要升级后才能使用，而它现在无法写入")
        self._read_only_kind = why.kind
        cause = "磁盘空间已满" if why.kind == sqlite_errors.FULL else f"草稿数据库“{path}”或它所在的文件夹是只读的"
        self.read_only = f"{cause}：现在只能查看、校验和导出，不能修改"
        if unread_wal:
            self.read_only += "（最近的一些修改还没有写入主文件，现在看不到）"

    @property
    def db(self):
        """The sqlite-utils view of the connection, made when first needed: importing
        sqlite-utils costs a tenth of the wizard's start-up, and only migrations use it."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def _migrate(self) -> None:
        applied = versions.applied(self.conn)
        if set(applied) - set(versions.VERSIONS):
            raise StoreError(f"草稿数据库“{self.path}”来自更新版本的 reportdesk，这个版本无法使用它；请升级程序")
        if tuple(applied) == versions.VERSIONS:
            return
        from . import schema

        if applied:
            self.backup_now("migration")
        # The write lock is taken before looking at what is pending, so that two programs
        # opening one database at once do not both apply the same migration. Migrations.apply
        # wraps each migration in db.atomic(), which nests as a savepoint here.
        with self._writing():
            schema.MIGRATIONS.apply(self.db)

    def _daily_backup(self) -> None:
        if not self.conn.execute("SELECT 1 FROM drafts LIMIT 1").fetchone():
            return
        found = backups.list_backups(self.path)
        if not found or datetime.fromisoformat(found[0].time).date() < date.today():
            try:
                self.backup_now("daily")
            except StoreError as exc:  # a backup is a safety net: its failure does not stop the work
                self.backup_problem = exc.message

    def close(self) -> None:
        """Close the database (the WAL is checkpointed into the file)."""
        fileio.unprotect(self.path)
        self._drafts.clear()
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> DraftStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """How many of the schema's migrations this database has (schema.LATEST when current)."""
        return len(versions.applied(self.conn))

    # -- transactions and errors

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction, begun IMMEDIATE.

        db.atomic() begins DEFERRED: in WAL mode a deferred transaction that reads and then
        writes fails at once (SQLITE_BUSY_SNAPSHOT) when another process wrote in between,
        whatever the busy timeout. Taking the write lock first makes what is read inside the
        transaction what is written over. sqlite-utils' own db.atomic() blocks inside become
        savepoints.
        """
        if self.read_only:
            self._leave_read_only()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _leave_read_only(self) -> None:
        """Opened read-only because the disk was full: when there is room again, open for
        writing; otherwise refuse the edit, saying why."""
        if self._read_only_kind == sqlite_errors.FULL:   # try again: SQLite knows best if it fits now
            self.conn.close()
            try:
                self._open()
            except StoreError:
                pass
            if not self.read_only:
                return
        if self._read_only_kind == sqlite_errors.FULL:
            error = StoreError("磁盘空间已满，这次修改没有保存，已保存的内容没有改动；请删除一些不用的文件腾出空间后再继续填写")
        else:
            error = StoreError(f"草稿数据库“{self.path}”或它所在的文件夹是只读的，不能修改；"
                               "请检查文件的权限，或把它复制到可以写入的文件夹后用 --db 指定")
        error.kind = self._read_only_kind
        raise error

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """One read transaction: what is read together is one state of the file."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """SQLite's errors (and the disk's) as Chinese messages a clerk can act on."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise self._translate(exc) from None

    def _translate(self, exc: sqlite3.Error) -> ReportdeskError:
        kind = sqlite_errors.classify(exc, self.path)
        folder = self.path.parent
        if kind == sqlite_errors.BUSY:
            error = StoreError("草稿数据库正被另一个程序占用，这次修改没有保存；请稍后再试")
        elif kind == sqlite_errors.FULL:
            error = StoreError(f"磁盘空间已满（草稿文件夹“{folder}”所在的磁盘），这次修改没有保存，已保存的内容没有改动；"
                               "请删除一些不用的文件腾出空间后再继续填写")
        elif kind == sqlite_errors.READ_ONLY:
            error = StoreError(f"草稿数据库“{self.path}”或它所在的文件夹是只读的，这次修改没有保存")
        elif kind == sqlite_errors.CANT_OPEN:
            error = StoreError(f"无法打开草稿数据库“{self.path}”：文件或文件夹没有读写权限，或者磁盘不可用")
        elif kind == sqlite_errors.DAMAGED:
            return backups.damaged(self.path, "数据库文件内容有损坏")
        elif kind == sqlite_errors.IO:
            error = StoreError(f"读写草稿数据库时磁盘出错，这次修改没有保存（“{self.path}”）")
        else:
            from ..crashlog import log_crash

            error = StoreError(f"草稿数据库出错，这次修改没有保存（详细信息已记录在 {log_crash(exc)}）")
        error.kind = kind
        return error

    # -- drafts

    def list_drafts(self) -> list[DraftInfo]:
        """Every draft, the most recently changed first."""
        with self._guard():
            rows = self.conn.execute(f"SELECT {_DRAFT_COLUMNS} FROM drafts ORDER BY modified DESC, id DESC")
            return [_info(row) for row in rows]

    def find(self, agency: str, year: int | None) -> int | None:
        """The id of the draft of ``agency`` and ``year``, or None."""
        agency, year = clean_agency(agency), parse_year(year)
        with self._guard():
            row = self.conn.execute("SELECT id FROM drafts WHERE agency = ? AND year IS ?", (agency, year)).fetchone()
        return row[0] if row else None

    def create(self, agency: str, year: int | None) -> int:
        """A new empty draft; when ``agency`` and ``year`` already have one, its id."""
        agency, year = clean_agency(agency), parse_year(year)
        with self._guard(), self._writing():
            existing = self._find_in(agency, year)
            return existing if existing is not None else self._insert_draft(agency, year, load_form().id)

    def import_report(self, report: Report, *, name: str = "") -> int:
        """A report (a published one: its totals are derived) as a new draft; returns its id.

        When the agency and year already have a draft holding anything, :class:`DraftExists`.
        """
        draft = report.as_draft()[0] if not report.derive else report.copy()
        _totals_computed(draft)
        agency, year = clean_agency(draft.agency), parse_year(draft.year)
        with self._guard(), self._writing():
            draft_id = self._find_in(agency, year)
            if draft_id is not None and self._has_content(draft_id):
                raise DraftExists(draft_id, agency, year, f"；如要重新导入，请先删除它：reportdesk drafts delete {draft_id}")
            if draft_id is None:
                draft_id = self._insert_draft(agency, year, draft.form.id)
            self._write_all(draft_id, draft)
        return draft_id

    def new_from(self, last: Report | int, agency: str | None = None, year: int | None = None, *,
                 name: str = "") -> int:
        """A draft for the year after ``last`` (a report, or a draft id), started from it.

        Takes the agency and the texts (marked carried), 上年结转 from last year's 结转下年度,
        现行有效件数 as a starting point; this year's own numbers stay blank. Last year's report
        is kept with the draft. When the agency and year already have a draft, its id (it gets
        last year's report if it had none).
        """
        if isinstance(last, int):
            source = self.load(last)
            last_report, source_draft = source.report.copy(), last
            described = f"草稿 {last}（{source.report.title}）"
        else:
            last_report, source_draft = last, None
            described = name or last.title
        new = carry_forward(last_report, agency=clean_agency(agency) if agency is not None else None,
                            year=parse_year(year) if year is not None else None)
        new.agency, new.year = clean_agency(new.agency), parse_year(new.year)
        kept = json.dumps(report_to_dict(last_report, sources=True), ensure_ascii=False)
        with self._guard(), self._writing():
            draft_id = self._find_in(new.agency, new.year)
            if draft_id is None:
                draft_id = self._insert_draft(new.agency, new.year, new.form.id, carried_from=described)
                self._write_all(draft_id, new)
            elif self.conn.execute("SELECT 1 FROM last_year WHERE draft_id = ?", (draft_id,)).fetchone():
                return draft_id
            self.conn.execute("INSERT INTO last_year (draft_id, report, source_draft, source_name) VALUES (?, ?, ?, ?)",
                              (draft_id, kept, source_draft, described))
        self._drafts.pop(draft_id, None)
        return draft_id

    def load(self, draft_id: int) -> Draft:
        """The draft with its report (totals derived) and last year's report, if kept.

        The same draft loaded twice is the same object; the store's edits update its report in
        place, and edits by another process are read in when it is loaded again.
        """
        with self._guard(), self._reading():
            row = self.conn.execute("SELECT revision FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise NoSuchDraft(draft_id)
            return self._current(draft_id, row[0])

    def delete(self, draft_id: int) -> Path:
        """Remove a draft and its history; returns the backup taken just before."""
        self._require(draft_id)
        kept = self.backup_now("delete")
        with self._guard(), self._writing():
            for table in ("history", "cells", "texts", "last_year"):
                self.conn.execute(f"DELETE FROM {table} WHERE draft_id = ?", (draft_id,))
            self.conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        self._drafts.pop(draft_id, None)
        return kept

    # -- editing

    def set_cell(self, draft_id: int, cell_id: str, value: Any, source: str = TYPED) -> Change:
        """Set one cell (text as typed, a number, or None for blank) and save it with history.

        A value that is not valid raises :class:`InvalidValue`; a computed cell or a final
        draft :class:`RefusedEdit`; either way nothing is saved or changed.
        """
        return self.set_cells(draft_id, {cell_id: value}, source)

    def set_cells(self, draft_id: int, values: Mapping[str, Any], source: str = TYPED) -> Change:
        """Set several cells at once (a pasted block): all are saved, or none; one undo step."""
        if source not in SETTABLE_SOURCES:
            raise RefusedEdit(f"不能以“{source}”的来源填写单元格")
        change = Change()
        with self._edit(draft_id) as (draft, now):
            report = draft.report
            olds = []
            for cell_id, value in values.items():
                cid = report.form.canonical(cell_id)
                if cid not in report.form.cells:
                    raise RefusedEdit(f"没有编号为“{cell_id}”的单元格")
                old = (_cell_state(report, cid), report.sources.get(cid))
                step = report.set(cid, value, source)
                if cid in step.cells:
                    olds.append((cid, old))
                _merge(change, step)
            if not change:
                raise _Unchanged
            self._save_cells(draft_id, report, change.cells)
            self._record(draft_id, now, [("cell", cid, old, src, _cell_state(report, cid), report.sources.get(cid))
                                         for cid, (old, src) in olds])
        return change

    def set_text(self, draft_id: int, text_id: str, text: str, source: str = TYPED) -> Change:
        """Set one text part (paragraphs separated by newlines; empty: not written)."""
        if source not in SETTABLE_SOURCES:
            raise RefusedEdit(f"不能以“{source}”的来源填写文字")
        change = Change()
        with self._edit(draft_id) as (draft, now):
            report = draft.report
            old, old_source = report.texts.get(text_id), report.text_sources.get(text_id)
            change = report.set_text(text_id, text if text is not None else "", source)
            if not change:
                raise _Unchanged
            self._save_texts(draft_id, report, change.texts)
            self._record(draft_id, now, [("text", text_id, old, old_source, report.texts.get(text_id),
                                          report.text_sources.get(text_id))])
        return change

    def set_info(self, draft_id: int, agency: str | None = None, year: int | None = None) -> None:
        """Change a draft's agency and/or year (recorded in history)."""
        with self._edit(draft_id) as (draft, now):
            report = draft.report
            new_agency = clean_agency(agency) if agency is not None else report.agency
            new_year = parse_year(year) if year is not None else report.year
            other = self._find_in(new_agency, new_year)
            if other is not None and other != draft_id:
                raise DraftExists(other, new_agency, new_year)
            entries = []
            if new_agency != report.agency:
                entries.append(("info", "agency", report.agency, None, new_agency, None))
            if new_year != report.year:
                entries.append(("info", "year", report.year, None, new_year, None))
            if not entries:
                raise _Unchanged
            self.conn.execute("UPDATE drafts SET agency = ?, year = ? WHERE id = ?", (new_agency, new_year, draft_id))
            self._record(draft_id, now, entries)
            report.agency, report.year = new_agency, new_year

    def mark_final(self, draft_id: int) -> None:
        """The draft becomes final: read-only until reopened (recorded in history)."""
        self._set_status(draft_id, FINAL)

    def reopen(self, draft_id: int) -> None:
        """A final draft becomes editable again (recorded in history)."""
        self._set_status(draft_id, DRAFT)

    def _set_status(self, draft_id: int, status: str) -> None:
        with self._edit(draft_id, allow_final=True) as (draft, now):
            if draft.info.status == status:
                raise _Unchanged
            self.conn.execute("UPDATE drafts SET status = ? WHERE id = ?", (status, draft_id))
            self._record(draft_id, now, [("status", "status", draft.info.status, None, status, None)])

    # -- history, undo, redo

    def history(self, draft_id: int, since: date | datetime | str | None = None) -> list[HistoryEntry]:
        """Every recorded change of the draft, oldest first; ``since``: only those from then on."""
        self._require(draft_id)
        sql = "SELECT id, time, target, old, new, kind, action FROM history WHERE draft_id = ?"
        params: list[Any] = [draft_id]
        if since is not None:
            sql += " AND time >= ?"
            params.append(since_to_utc(since))
        with self._guard():
            rows = self.conn.execute(sql + " ORDER BY id", params).fetchall()
        return [HistoryEntry(local_time(t), target, decode(old), decode(new), kind, action, hid)
                for hid, t, target, old, new, kind, action in rows]

    def undo(self, draft_id: int) -> Change | None:
        """Undo the newest edit of a cell or text not yet undone (a pasted block at once).

        Works across restarts; returns what changed, or None when there is nothing to undo.
        """
        return self._replay(draft_id, undo=True)

    def redo(self, draft_id: int) -> Change | None:
        """Redo what the newest undo undid, unless an edit came after it; None: nothing to redo."""
        return self._replay(draft_id, undo=False)

    def _replay(self, draft_id: int, *, undo: bool) -> Change | None:
        change = None
        with self._edit(draft_id) as (draft, now):
            entries = self._undo_batch(draft_id) if undo else self._redo_batch(draft_id)
            if not entries:
                raise _Unchanged
            report, change, records = draft.report, Change(), []
            for hid, kind, target, old, new, old_source, new_source in entries:
                value, source = (old, old_source) if undo else (new, new_source)
                value, source = decode(value), source or TYPED
                if kind == "cell":
                    before = (_cell_state(report, target), report.sources.get(target))
                    step = report.set(target, value, source if value is not None else TYPED)
                    after = (_cell_state(report, target), report.sources.get(target))
                else:
                    before = (report.texts.get(target), report.text_sources.get(target))
                    step = report.set_text(target, value or "", source)
                    after = (report.texts.get(target), report.text_sources.get(target))
                _merge(change, step)
                records.append((kind, target, *before, *after, hid))
            self._save_cells(draft_id, report, change.cells)
            self._save_texts(draft_id, report, change.texts)
            self._record(draft_id, now, [r[:6] for r in records], action="undo" if undo else "redo",
                         reverts=[r[6] for r in records])
            ids = [e[0] for e in entries]
            self.conn.execute(f"UPDATE history SET undone = ? WHERE id IN ({','.join('?' * len(ids))})",
                              [1 if undo else 0, *ids])
        return change

    _REPLAY_COLUMNS = "id, kind, target, old, new, old_source, new_source"

    def _undo_batch(self, draft_id: int) -> list[tuple]:
        row = self.conn.execute(
            "SELECT COALESCE(batch, id) FROM history WHERE draft_id = ? AND action = 'edit' "
            "AND kind IN ('cell', 'text') AND undone = 0 ORDER BY id DESC LIMIT 1", (draft_id,)).fetchone()
        if row is None:
            return []
        return self.conn.execute(
            f"SELECT {self._REPLAY_COLUMNS} FROM history WHERE draft_id = ? AND COALESCE(batch, id) = ? "
            "AND action = 'edit' AND undone = 0 ORDER BY id DESC", (draft_id, row[0])).fetchall()

    def _redo_batch(self, draft_id: int) -> list[tuple]:
        # the newest undo after the newest edit whose edit is still undone
        row = self.conn.execute(
            "SELECT COALESCE(e.batch, e.id) FROM history u JOIN history e ON e.id = u.reverts "
            "WHERE u.draft_id = ? AND u.action = 'undo' AND e.undone = 1 AND u.id > "
            "(SELECT IFNULL(MAX(id), 0) FROM history WHERE draft_id = ? AND action = 'edit' AND kind IN ('cell', 'text')) "
            "ORDER BY u.id DESC LIMIT 1", (draft_id, draft_id)).fetchone()
        if row is None:
            return []
        return self.conn.execute(
            f"SELECT {self._REPLAY_COLUMNS} FROM history WHERE draft_id = ? AND COALESCE(batch, id) = ? "
            "AND action = 'edit' AND undone = 1 ORDER BY id", (draft_id, row[0])).fetchall()

    # -- settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A remembered setting (any JSON value), e.g. the agency last used."""
        with self._guard():
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Remember a setting (any JSON value)."""
        with self._guard(), self._writing():
            self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                              (key, json.dumps(value, ensure_ascii=False)))

    # -- backups

    def backups(self) -> list[BackupInfo]:
        """The rolling backups, newest first."""
        return backups.list_backups(self.path)

    def backup_now(self, reason: str = "manual") -> Path:
        """Back the whole database up now; returns the backup's path."""
        if self.read_only and reason != "manual":
            self._leave_read_only()
        with self._guard():
            return backups.make_backup(self.conn, self.path, reason)

    def restore(self, name: str | None = None) -> Path:
        """Replace the database by the newest backup (or the one called ``name``).

        The database replaced is kept aside (``set_aside``); returns the backup's path.
        """
        self.close()
        try:
            backup, self.set_aside = backups.restore_backup(self.path, name)
        finally:
            self._open()
        return backup.path

    # -- inside transactions

    @contextmanager
    def _edit(self, draft_id: int, *, allow_final: bool = False) -> Iterator[tuple[Draft, str]]:
        """One edit of one draft: the write lock, its draft brought up to date, its revision.

        The body raises ``_Unchanged`` when nothing changed (nothing is written). When the body
        fails, the transaction is rolled back and the draft re-read, so the report in memory
        is what is saved.
        """
        now = utc_now()
        draft = None
        try:
            with self._guard(), self._writing():
                cur = self.conn.execute("UPDATE drafts SET revision = revision + 1, modified = ? WHERE id = ?",
                                        (now, draft_id))
                if cur.rowcount == 0:
                    raise NoSuchDraft(draft_id)
                status, revision = self.conn.execute("SELECT status, revision FROM drafts WHERE id = ?",
                                                     (draft_id,)).fetchone()
                if status == FINAL and not allow_final:
                    raise RefusedEdit(f"草稿 {draft_id} 已定稿（只读），不能修改；"
                                      f"如需修改，请先重新打开：reportdesk drafts reopen {draft_id}")
                draft = self._current(draft_id, revision - 1)
                yield draft, now
            draft.revision = revision
            draft.info = self._read_info(draft_id)
        except _Unchanged:
            pass
        except BaseException:
            if draft is not None:
                self._drafts.pop(draft_id, None)
                try:
                    self._refresh(draft)
                except ReportdeskError:
                    pass
            raise

    def _current(self, draft_id: int, revision: int) -> Draft:
        """The cached draft, re-read in place when its revision is not ``revision``."""
        draft = self._drafts.get(draft_id)
        if draft is None:
            draft = self._read_draft(draft_id)
            draft.revision = revision
            self._drafts[draft_id] = draft
        elif draft.revision != revision:
            self._refresh(draft)
            draft.revision = revision
        return draft

    def _refresh(self, draft: Draft) -> None:
        """Re-read a draft into the same objects (the wizard holds on to its report)."""
        fresh = self._read_draft(draft.info.id)
        report, new = draft.report, fresh.report
        report.form, report.agency, report.year = new.form, new.agency, new.year
        report.values, report.sources, report.invalid = new.values, new.sources, new.invalid
        report.texts, report.text_sources, report.unknown = new.texts, new.text_sources, new.unknown
        draft.info, draft.last_year, draft.revision = fresh.info, fresh.last_year, fresh.revision
        self._drafts[draft.info.id] = draft

    def _read_info(self, draft_id: int) -> DraftInfo:
        row = self.conn.execute(f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise NoSuchDraft(draft_id)
        return _info(row)

    def _read_draft(self, draft_id: int) -> Draft:
        row = self.conn.execute(f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise NoSuchDraft(draft_id)
        info = _info(row)
        try:
            form = load_form(info.form)
        except Exception:
            raise StoreError(f"草稿 {draft_id} 使用了这个版本不认识的报告格式“{info.form}”，请升级程序") from None
        report = Report(form, info.agency, info.year, derive=True)
        for cell, value, raw, source in self.conn.execute(
                "SELECT cell, value, raw, source FROM cells WHERE draft_id = ?", (draft_id,)):
            cid = form.canonical(cell)
            if cid not in form.cells:
                report.unknown[cid] = json.loads(raw) if raw is not None else value
            elif raw is not None:
                report.invalid[cid] = Invalid(raw, _invalid_reason(form, cid, raw))
                report.sources[cid] = source
            else:
                report.values[cid] = value
                report.sources[cid] = source
        for text_id, text, source in self.conn.execute(
                "SELECT text_id, text, source FROM texts WHERE draft_id = ?", (draft_id,)):
            report.texts[text_id] = text
            report.text_sources[text_id] = source
        report.recompute()
        _totals_computed(report)
        last = None
        kept = self.conn.execute("SELECT report, source_name FROM last_year WHERE draft_id = ?", (draft_id,)).fetchone()
        if kept:
            last = report_from_dict(json.loads(kept[0]), name=kept[1] or "", derive=False)
        return Draft(info, report, last, row[8])

    def _find_in(self, agency: str, year: int | None) -> int | None:
        if not agency or year is None:
            return None
        row = self.conn.execute("SELECT id FROM drafts WHERE agency = ? AND year = ?", (agency, year)).fetchone()
        return row[0] if row else None

    def _has_content(self, draft_id: int) -> bool:
        return bool(self.conn.execute("SELECT 1 FROM cells WHERE draft_id = ? UNION ALL "
                                      "SELECT 1 FROM texts WHERE draft_id = ? LIMIT 1", (draft_id, draft_id)).fetchone())

    def _require(self, draft_id: int) -> None:
        with self._guard():
            if not self.conn.execute("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)).fetchone():
                raise NoSuchDraft(draft_id)

    def _insert_draft(self, agency: str, year: int | None, form_id: str, carried_from: str | None = None) -> int:
        now = utc_now()
        cur = self.conn.execute(
            "INSERT INTO drafts (agency, year, form, status, created, modified, carried_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (agency, year, form_id, DRAFT, now, now, carried_from))
        return cur.lastrowid

    def _write_all(self, draft_id: int, report: Report) -> None:
        self._save_cells(draft_id, report, list(report.form.cells))
        self._save_texts(draft_id, report, report.form.text_ids())
        for cid, value in report.unknown.items():
            self.conn.execute("INSERT OR REPLACE INTO cells (draft_id, cell, value, raw, source) VALUES (?, ?, NULL, ?, ?)",
                              (draft_id, cid, json.dumps(value, ensure_ascii=False), IMPORTED))

    def _save_cells(self, draft_id: int, report: Report, cell_ids: list[str]) -> None:
        for cid in cell_ids:
            bad = report.invalid.get(cid)
            value = report.values.get(cid)
            if bad is None and value is None:
                self.conn.execute("DELETE FROM cells WHERE draft_id = ? AND cell = ?", (draft_id, cid))
            else:
                self.conn.execute(
                    "INSERT OR REPLACE INTO cells (draft_id, cell, value, raw, source) VALUES (?, ?, ?, ?, ?)",
                    (draft_id, cid, value, bad.raw if bad else None, report.sources.get(cid, TYPED)))

    def _save_texts(self, draft_id: int, report: Report, text_ids: list[str]) -> None:
        for tid in text_ids:
            text = report.texts.get(tid)
            if text:
                self.conn.execute("INSERT OR REPLACE INTO texts (draft_id, text_id, text, source) VALUES (?, ?, ?, ?)",
                                  (draft_id, tid, text, report.text_sources.get(tid, TYPED)))
            else:
                self.conn.execute("DELETE FROM texts WHERE draft_id = ? AND text_id = ?", (draft_id, tid))

    def _record(self, draft_id: int, now: str, entries: list[tuple], *, action: str = "edit",
                reverts: list[int] | None = None) -> None:
        """History rows (kind, target, old, old_source, new, new_source); one batch for undo."""
        batch = None
        for i, (kind, target, old, old_source, new, new_source) in enumerate(entries):
            cur = self.conn.execute(
                "INSERT INTO history (draft_id, time, target, old, new, kind, action, old_source, new_source, batch, reverts) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (draft_id, now, target, encode(old), encode(new), kind, action, old_source, new_source, batch,
                 reverts[i] if reverts else None))
            if i == 0 and len(entries) > 1:
                batch = cur.lastrowid
                self.conn.execute("UPDATE history SET batch = id WHERE id = ?", (batch,))


def _info(row: tuple) -> DraftInfo:
    did, agency, year, status, form, created, modified, carried_from = row[:8]
    return DraftInfo(did, agency, year, status, form, local_time(created), local_time(modified), carried_from)


def _cell_state(report: Report, cid: str) -> Any:
    """A cell's value as history keeps it: the number, None when blank, the raw text when invalid."""
    bad = report.invalid.get(cid)
    return bad.raw if bad is not None else report.values.get(cid)


def _totals_computed(report: Report) -> None:
    """In a draft every filled total is computed (as_draft keeps “imported” on a total that
    was printed right)."""
    for cid in report.form.compute_order:
        if report.values[cid] is not None:
            report.sources[cid] = COMPUTED


def _merge(into: Change, step: Change) -> None:
    into.cells.extend(c for c in step.cells if c not in into.cells)
    into.texts.extend(t for t in step.texts if t not in into.texts)


def _invalid_reason(form, cid: str, raw: str) -> str:
    from ..values import parse_cell

    try:
        parse_cell(raw, form.cells[cid].kind)
    except InvalidValue as exc:
        return exc.message
    return "不是有效的数字"


def _os_reason(exc: OSError) -> str:
    kind = sqlite_errors.classify(exc)
    if kind == sqlite_errors.FULL:
        return "磁盘空间已满"
    if kind == sqlite_errors.READ_ONLY:
        return "没有写入权限（或磁盘是只读的）"
    return exc.strerror or "无法访问"


def clean_agency(agency: str | None) -> str:
    """An agency's name with its spaces tidied (one draft per agency and year relies on it)."""
    return " ".join((agency or "").split())


def parse_year(year: Any) -> int | None:
    """A year as typed (１９, "2024", 2024) as an int; None stays None."""
    if year is None or year == "":
        return None
    if isinstance(year, bool):
        raise InvalidValue(f"年度“{year}”不对")
    text = normalize_number_text(str(year)).removesuffix("年")
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise InvalidValue(f"年度“{year}”不对，请填写四位数的年份，如 2024")
    return int(text)
