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
from typing import Any, Iterable, Iterator, Mapping


from .. import fileio
from ..carry import carry_forward
from ..errors import InvalidValue, RefusedEdit, ReportdeskError
from ..form import load_form, stop_using_forms_from, use_forms_from
from ..report import COMPUTED, IMPORTED, TYPED, Invalid, Report
from ..reportfile import report_from_dict, report_to_dict
from ..values import normalize_number_text
from . import backups, locks, sqlite_errors, versions
from .errors import Conflict, DraftExists, LogLost, NoSuchDraft, StoreError
from .location import default_db_path
from .records import (DRAFT, BackupInfo, Draft, DraftInfo, HistoryEntry, Replay, Write, Written, decode, encode,
                      local_time, since_to_utc, utc_now)

BUSY_TIMEOUT = 5.0  # seconds a write waits for another process's write to finish
_DRAFT_COLUMNS = "id, agency, year, status, form, created, modified, carried_from, revision, form_version"


class DraftStore:
    """Drafts of yearly reports in one SQLite database (see docs/store.md)."""

    def __init__(self, path: str | Path | None = None):
        """Open (or create) the database at ``path``; None: ``$REPORTDESK_DB`` or the data folder.

        A damaged file raises :class:`DamagedDatabase` and is left untouched; an older schema is
        backed up, then migrated; once a day the database is backed up on opening.
        """
        self.path = Path(path).expanduser() if path else default_db_path()
        self.set_aside: Path | None = None  # where restore() put the database it replaced
        self._open()
        fileio.protect(self.path)
        use_forms_from(self.forms_folder)

    @property
    def forms_folder(self) -> Path:
        """Form files kept with the drafts (versions the program does not ship), beside the database."""
        return self.path.parent / "forms"

    # -- opening, migrating, closing

    def _open(self) -> None:
        path = self.path
        self._presence: locks.Presence | None = None
        self._held = False   # inside exclusive(): the write lock is held
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
        # every reportdesk program using the database holds this (store/locks.py)
        if self._presence is None:
            self._presence = locks.Presence(path)
        self._db = None
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
        """Close the database. The last reportdesk program to close it folds the -wal into the
        file and deletes it; the others leave it for the programs still using it."""
        fileio.unprotect(self.path)
        stop_using_forms_from(self.forms_folder)
        presence, self._presence = self._presence, None
        try:
            # never checkpoint and delete the -wal on closing unless the last one (store/locks.py)
            if presence is None or not presence.alone():
                locks.keep_log_on_close(self.conn, self.path)
            self.conn.close()
        except sqlite3.Error:
            pass
        finally:
            if presence is not None:
                presence.release()

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
        if self._held:      # inside exclusive(): part of its transaction
            yield
            return
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
        if self._held:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """The write lock, held from here to the end of the block: a draft loaded inside is what
        a write inside writes over, for no other program can save in between (an operation that
        keeps meeting others' saves ends with this)."""
        with self._guard(), self._writing():
            self._held = True
            try:
                yield
            finally:
                self._held = False
        if locks.log_deleted(self.path):
            self._reopen_connection()
            raise LogLost(0, 0)

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
            return existing if existing is not None else self._insert_draft(agency, year, load_form())

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
                draft_id = self._insert_draft(agency, year, draft.form)
            self._write_all(draft_id, draft)
        return draft_id

    def new_from(self, last: Report | int, agency: str | None = None, year: int | None = None, *,
                 name: str = "") -> int:
        """A draft for the year after ``last`` (a report, or a draft id), started from it.

        Takes the agency and the texts (marked carried), 上年结转 from last year's 结转下年度,
        现行有效件数 as a starting point; this year's own numbers stay blank. Last year's report
        is kept with the draft. A report on an older version of the form is moved to the newest
        first (:mod:`reportdesk.upgrade`; ``drafts new --from`` says what moved). When the agency and year already have a draft, its id (it gets
        last year's report if it had none).
        """
        if isinstance(last, int):
            source = self.load(last)
            last_report, source_draft = source.report.copy(), last
            described = f"草稿 {last}（{source.report.title}）"
        else:
            last_report, source_draft = last, None
            described = name or last.title
        from ..upgrade import path_to, upgrade

        steps = path_to(last_report.form)
        if steps:   # last year's report on an older version of the form: carried under the newest
            last_report, _ = upgrade(last_report, steps)
        new = carry_forward(last_report, agency=clean_agency(agency) if agency is not None else None,
                            year=parse_year(year) if year is not None else None)
        new.agency, new.year = clean_agency(new.agency), parse_year(new.year)
        kept = json.dumps(report_to_dict(last_report, sources=True), ensure_ascii=False)
        with self._guard(), self._writing():
            draft_id = self._find_in(new.agency, new.year)
            if draft_id is None:
                draft_id = self._insert_draft(new.agency, new.year, new.form, carried_from=described)
                self._write_all(draft_id, new)
            elif self.conn.execute("SELECT 1 FROM last_year WHERE draft_id = ?", (draft_id,)).fetchone():
                return draft_id
            self.conn.execute("INSERT INTO last_year (draft_id, report, source_draft, source_name) VALUES (?, ?, ?, ?)",
                              (draft_id, kept, source_draft, described))
        return draft_id

    def load(self, draft_id: int) -> Draft:
        """The draft as saved: its report (totals derived), last year's report if kept, and the
        revision it was read at. A fresh copy each time: the store keeps no report of its own."""
        with self._guard(), self._reading():
            return self._read_draft(draft_id)

    def revision(self, draft_id: int) -> int:
        """The draft's change counter: it grows with every saved change, by any program."""
        with self._guard():
            row = self.conn.execute("SELECT revision FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise NoSuchDraft(draft_id)
        return row[0]

    def delete(self, draft_id: int) -> Path:
        """Remove a draft and its history; returns the backup taken just before."""
        self._require(draft_id)
        kept = self.backup_now("delete")
        with self._guard(), self._writing():
            for table in ("history", "cells", "texts", "last_year", "acknowledged"):
                self.conn.execute(f"DELETE FROM {table} WHERE draft_id = ?", (draft_id,))
            self.conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return kept

    # -- saving what an operation changed (reportdesk.operations decides what that is)

    def write(self, draft_id: int, revision: int, change: Write) -> Written:
        """Save one operation's change of a draft in one transaction, if the draft is still at
        ``revision``: its cells, texts, agency, year or status, its history rows (one batch:
        undone together) and the undo marks. Returns the new revision.

        :class:`Conflict` when another program saved the draft since ``revision`` (nothing is
        written); :class:`RefusedEdit` for a final draft (unless ``change.allow_final``);
        :class:`NoSuchDraft`; a :class:`StoreError` when the disk or database fails.
        """
        try:
            return self._write(draft_id, revision, change)
        except StoreError as exc:
            if getattr(exc, "kind", None) == sqlite_errors.IO and locks.log_deleted(self.path):
                self._reopen_connection()   # its -wal or -shm deleted under it: as below
                raise LogLost(draft_id, revision) from None
            raise

    def _write(self, draft_id: int, revision: int, change: Write) -> Written:
        now = utc_now()
        with self._guard(), self._writing():
            # three statements for a keystroke: this, the cell, its history row
            row = self.conn.execute(
                "UPDATE drafts SET revision = revision + 1, modified = ? WHERE id = ? AND revision = ? "
                "AND (status = 'draft' OR ?) RETURNING revision", (now, draft_id, revision, change.allow_final)).fetchone()
            if row is None:
                self._why_not_written(draft_id, revision)
            if change.info:
                self._write_info(draft_id, change.info)
            if change.status:
                self.conn.execute("UPDATE drafts SET status = ? WHERE id = ?", (change.status, draft_id))
            if change.form:
                self.conn.execute("UPDATE drafts SET form = ?, form_version = ? WHERE id = ?", (*change.form, draft_id))
            self._write_cells(draft_id, change.cells)
            self._write_texts(draft_id, change.texts)
            for key, reason in change.acks:
                if reason:
                    self.conn.execute("INSERT OR REPLACE INTO acknowledged (draft_id, key, reason) VALUES (?, ?, ?)",
                                      (draft_id, key, reason))
                else:
                    self.conn.execute("DELETE FROM acknowledged WHERE draft_id = ? AND key = ?", (draft_id, key))
            batch = self._record(draft_id, now, change.history, action=change.action, reverts=change.reverts,
                                 batch=change.batch)
            if change.undone:
                ids, flag = change.undone
                self.conn.execute(f"UPDATE history SET undone = ? WHERE id IN ({','.join('?' * len(ids))})",
                                  [flag, *ids])
        if not self._held and locks.log_deleted(self.path):
            # another program deleted the -wal this write went into (it thought it was alone):
            # open the database again; the operation is written anew (LogLost is a Conflict)
            self._reopen_connection()
            raise LogLost(draft_id, row[0])
        return Written(row[0], local_time(now), batch)

    def _reopen_connection(self) -> None:
        try:
            locks.keep_log_on_close(self.conn, self.path)
            self.conn.close()   # keeps its deleted log to itself: nothing is checkpointed
        except sqlite3.Error:
            pass
        self._connect()

    def _why_not_written(self, draft_id: int, revision: int) -> None:
        found = self.conn.execute("SELECT status, revision FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if found is None:
            raise NoSuchDraft(draft_id)
        if found[1] != revision:
            raise Conflict(draft_id, found[1])
        raise RefusedEdit(f"草稿 {draft_id} 已定稿（只读），不能修改；"
                          f"如需修改，请先重新打开：reportdesk drafts reopen {draft_id}")

    def _write_info(self, draft_id: int, info: Mapping[str, Any]) -> None:
        agency, year = clean_agency(info["agency"]), parse_year(info["year"])
        other = self._find_in(agency, year)
        if other is not None and other != draft_id:
            raise DraftExists(other, agency, year)
        self.conn.execute("UPDATE drafts SET agency = ?, year = ? WHERE id = ?", (agency, year, draft_id))

    def _write_cells(self, draft_id: int, cells: list[tuple]) -> None:
        """(cell, value, raw, source) rows; no value and no raw: the cell is blank (no row)."""
        kept = [(draft_id, cid, value, raw, source) for cid, value, raw, source in cells
                if value is not None or raw is not None]
        blank = [(draft_id, cid) for cid, value, raw, _ in cells if value is None and raw is None]
        if kept:
            self.conn.executemany("INSERT OR REPLACE INTO cells (draft_id, cell, value, raw, source) VALUES (?, ?, ?, ?, ?)",
                                  kept)
        if blank:
            self.conn.executemany("DELETE FROM cells WHERE draft_id = ? AND cell = ?", blank)

    def _write_texts(self, draft_id: int, texts: list[tuple]) -> None:
        """(text id, text, source) rows; an empty text has no row."""
        for tid, text, source in texts:
            if text:
                self.conn.execute("INSERT OR REPLACE INTO texts (draft_id, text_id, text, source) VALUES (?, ?, ?, ?)",
                                  (draft_id, tid, text, source))
            else:
                self.conn.execute("DELETE FROM texts WHERE draft_id = ? AND text_id = ?", (draft_id, tid))

    # -- history

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

    _REPLAY_COLUMNS = "id, kind, target, old, new, old_source, new_source"
    # edits of cells, texts, agency and year made since the draft's last change of form version
    # (an edit on the form before cannot be replayed on the new one)
    _UNDOABLE = ("kind IN ('cell', 'text', 'info', 'ack') AND history.id > (SELECT IFNULL(MAX(h2.id), 0) FROM history h2 "
                 "WHERE h2.draft_id = history.draft_id AND h2.action = 'upgrade')")

    def undo_step(self, draft_id: int) -> list[Replay]:
        """The newest batch of edits not yet undone (newest row first), or [] when none is left."""
        with self._guard(), self._reading():
            row = self.conn.execute(
                f"SELECT COALESCE(batch, id) FROM history WHERE draft_id = ? AND action = 'edit' AND {self._UNDOABLE} "
                "AND undone = 0 ORDER BY id DESC LIMIT 1", (draft_id,)).fetchone()
            if row is None:
                return []
            rows = self.conn.execute(
                f"SELECT {self._REPLAY_COLUMNS} FROM history WHERE draft_id = ? AND COALESCE(batch, id) = ? "
                "AND action = 'edit' AND undone = 0 ORDER BY id DESC", (draft_id, row[0])).fetchall()
        return [_replay(r) for r in rows]

    def redo_step(self, draft_id: int) -> list[Replay]:
        """The batch the newest undo undid (oldest row first), unless an edit came after it."""
        with self._guard(), self._reading():
            row = self.conn.execute(
                "SELECT COALESCE(e.batch, e.id) FROM history u JOIN history e ON e.id = u.reverts "
                "WHERE u.draft_id = ? AND u.action = 'undo' AND e.undone = 1 AND u.id > "
                f"(SELECT IFNULL(MAX(id), 0) FROM history WHERE draft_id = ? AND action = 'edit' AND {self._UNDOABLE}) "
                "AND u.id > (SELECT IFNULL(MAX(id), 0) FROM history WHERE draft_id = ? AND action = 'upgrade') "
                "ORDER BY u.id DESC LIMIT 1", (draft_id, draft_id, draft_id)).fetchone()
            if row is None:
                return []
            rows = self.conn.execute(
                f"SELECT {self._REPLAY_COLUMNS} FROM history WHERE draft_id = ? AND COALESCE(batch, id) = ? "
                "AND action = 'edit' AND undone = 1 ORDER BY id", (draft_id, row[0])).fetchall()
        return [_replay(r) for r in rows]

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
            form = load_form(info.form, info.form_version)
        except Exception:
            raise StoreError(f"草稿 {draft_id} 使用了这个版本不认识的报告格式“{info.form}”第 {info.form_version} 版，"
                             "请升级程序") from None
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
        acks = dict(self.conn.execute("SELECT key, reason FROM acknowledged WHERE draft_id = ?", (draft_id,)))
        return Draft(info, report, last, row[8], acks)

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

    def _insert_draft(self, agency: str, year: int | None, form, carried_from: str | None = None) -> int:
        now = utc_now()
        cur = self.conn.execute(
            "INSERT INTO drafts (agency, year, form, form_version, status, created, modified, carried_from) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (agency, year, form.id, form.version, DRAFT, now, now, carried_from))
        return cur.lastrowid

    def _write_all(self, draft_id: int, report: Report) -> None:
        self._write_cells(draft_id, cell_rows(report, [c for c in report.form.cells if not report.form.is_computed(c)]))
        self._write_texts(draft_id, text_rows(report, report.form.text_ids()))
        for cid, value in report.unknown.items():
            self.conn.execute("INSERT OR REPLACE INTO cells (draft_id, cell, value, raw, source) VALUES (?, ?, NULL, ?, ?)",
                              (draft_id, cid, json.dumps(value, ensure_ascii=False), IMPORTED))

    def _record(self, draft_id: int, now: str, entries: list[tuple], *, action: str = "edit",
                reverts: list[int] | None = None, batch: int | None = None) -> int | None:
        """History rows (kind, target, old, old_source, new, new_source), one batch for undo:
        ``batch`` when given (keystrokes joining the step before), else the first row's id.
        Returns the batch."""
        rows = [(draft_id, now, target, encode(old), encode(new), kind, action, old_source, new_source,
                 reverts[i] if reverts else None) for i, (kind, target, old, old_source, new, new_source)
                in enumerate(entries)]
        if not rows:
            return batch
        sql = ("INSERT INTO history (draft_id, time, target, old, new, kind, action, old_source, new_source, reverts, "
               "batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        if batch is None:
            if len(rows) == 1:   # a row alone is its own batch: batch NULL reads as its id
                return self.conn.execute(sql + " RETURNING id", (*rows[0], None)).fetchone()[0]
            batch = self.conn.execute(sql + " RETURNING id", (*rows[0], None)).fetchone()[0]
            self.conn.execute("UPDATE history SET batch = id WHERE id = ?", (batch,))
            rows = rows[1:]
        self.conn.executemany(sql, [(*r, batch) for r in rows])
        return batch


def cell_rows(report: Report, cell_ids: Iterable[str]) -> list[tuple]:
    """The rows :meth:`DraftStore.write` takes for these cells of ``report``: (cell, value,
    raw, source); a blank cell has neither value nor raw."""
    rows = []
    for cid in cell_ids:
        bad = report.invalid.get(cid)
        rows.append((cid, report.values.get(cid), bad.raw if bad else None, report.sources.get(cid, TYPED)))
    return rows


def text_rows(report: Report, text_ids: Iterable[str]) -> list[tuple]:
    """The rows :meth:`DraftStore.write` takes for these texts of ``report``: (id, text, source)."""
    return [(tid, report.texts.get(tid, ""), report.text_sources.get(tid, TYPED)) for tid in text_ids]


def _replay(row: tuple) -> Replay:
    hid, kind, target, old, new, old_source, new_source = row
    return Replay(hid, kind, target, decode(old), decode(new), old_source, new_source)


def _info(row: tuple) -> DraftInfo:
    did, agency, year, status, form, created, modified, carried_from, _, form_version = row
    return DraftInfo(did, agency, year, status, form, local_time(created), local_time(modified), carried_from,
                     form_version)


def _totals_computed(report: Report) -> None:
    """In a draft every filled total is computed (as_draft keeps “imported” on a total that
    was printed right)."""
    for cid in report.form.compute_order:
        if report.values[cid] is not None:
            report.sources[cid] = COMPUTED


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
    return fileio.os_reason(exc)


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
