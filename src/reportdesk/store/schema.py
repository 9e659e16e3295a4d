"""The database schema, as sqlite-utils migrations applied in order.

Never edit a migration that has shipped: a clerk's database may be at any earlier version, and
the tests build a database at every earlier version and upgrade it. A change of schema is a new
function at the end of this file.

Version 1  drafts, their cells and texts, the history of edits, settings.
Version 2  last year's report kept with a draft started from it (rules 6, 7, 12 and the
           wizard's “上年数值”), and what the draft was carried from.
Version 3  undo and redo across restarts: each history entry knows its kind, the source of its
           old and new value, its batch (a pasted block is undone at once) and whether it is
           undone; each draft a revision counter, so that another process's edits are noticed.
Version 4  each draft records the version of its form (``drafts upgrade`` moves it to a newer one).
Version 5  warnings the clerk marked 已核实, with the reason (the history keeps every change too).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .versions import LATEST, MIGRATION_SET, MIGRATIONS_TABLE, VERSIONS  # noqa: F401 - re-exported

MIGRATIONS = Migrations(MIGRATION_SET)
assert MIGRATIONS.migrations_table == MIGRATIONS_TABLE


@MIGRATIONS(name=VERSIONS[0])
def drafts_cells_texts_history(db: Database) -> None:
    for sql in (
        """CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            agency TEXT NOT NULL DEFAULT '',
            year INTEGER,
            form TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )""",
        # one draft per agency and year, once both are known
        """CREATE UNIQUE INDEX drafts_agency_year ON drafts (agency, year)
            WHERE agency <> '' AND year IS NOT NULL""",
        # A blank cell has no row. ``value`` has no declared type, so that 3 stays an integer
        # and 0.0 a real; ``raw`` keeps what a file held when it was not a number (value NULL).
        """CREATE TABLE cells (
            draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
            cell TEXT NOT NULL,
            value,
            raw TEXT,
            source TEXT NOT NULL,
            PRIMARY KEY (draft_id, cell)
        ) WITHOUT ROWID""",
        """CREATE TABLE texts (
            draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
            text_id TEXT NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (draft_id, text_id)
        ) WITHOUT ROWID""",
        # old and new are JSON (NULL = blank)
        """CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
            time TEXT NOT NULL,
            target TEXT NOT NULL,
            old TEXT,
            new TEXT
        )""",
        "CREATE INDEX history_draft ON history (draft_id, id)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ):
        db.execute(sql)


@MIGRATIONS(name=VERSIONS[1])
def last_year_report(db: Database) -> None:
    db.execute("""CREATE TABLE last_year (
        draft_id INTEGER PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
        report TEXT NOT NULL,
        source_draft INTEGER,
        source_name TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("ALTER TABLE drafts ADD COLUMN carried_from TEXT")


@MIGRATIONS(name=VERSIONS[2])
def undo_and_revisions(db: Database) -> None:
    for column in ("kind TEXT NOT NULL DEFAULT 'cell'", "action TEXT NOT NULL DEFAULT 'edit'",
                   "old_source TEXT", "new_source TEXT", "batch INTEGER", "reverts INTEGER",
                   "undone INTEGER NOT NULL DEFAULT 0"):
        db.execute(f"ALTER TABLE history ADD COLUMN {column}")
    # version 1 and 2 history: tell texts and draft information from cells by their ids
    db.execute("""UPDATE history SET batch = id, kind = CASE
        WHEN target LIKE 'text.%' THEN 'text'
        WHEN target = 'status' THEN 'status'
        WHEN target IN ('agency', 'year') THEN 'info'
        ELSE 'cell' END""")
    # an edit of version 1 or 2 set what it set typed; its old value's source is not known
    db.execute("UPDATE history SET new_source = 'typed' WHERE kind IN ('cell', 'text') AND new IS NOT NULL")
    db.execute("ALTER TABLE drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS(name=VERSIONS[3])
def form_version(db: Database) -> None:
    # every draft so far was made on the first version of its form
    db.execute("ALTER TABLE drafts ADD COLUMN form_version INTEGER NOT NULL DEFAULT 1")


@MIGRATIONS(name=VERSIONS[4])
def acknowledged(db: Database) -> None:
    db.execute("""CREATE TABLE acknowledged (
        draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (draft_id, key)
    ) WITHOUT ROWID""")


def applied(db: Database) -> list[str]:
    """Names of the migrations applied to ``db``, oldest first."""
    return [m.name for m in MIGRATIONS.applied(db)]


def version(db: Database) -> int:
    """The schema version of ``db`` (the number of migrations applied; 0 for a new file)."""
    return len(applied(db))

