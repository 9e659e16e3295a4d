"""The schema versions and where they are recorded, without importing sqlite-utils.

Opening a current database only needs to see that every migration is applied; sqlite-utils
(and schema.py) are loaded only when one is pending.
"""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "reportdesk-drafts"
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' Migrations records itself here
# Schema version N is reached by applying the first N of these, in order.
VERSIONS = ("0001_drafts", "0002_last_year", "0003_undo", "0004_form_version", "0005_acknowledged")
LATEST = len(VERSIONS)


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to the database, oldest first (none for a new file)."""
    try:
        rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
                            (MIGRATION_SET,)).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    return [row[0] for row in rows]
