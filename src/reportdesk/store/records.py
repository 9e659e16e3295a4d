"""What the store hands out: drafts, their history, backups; and its clock.

Times are stored in UTC (ISO 8601, microseconds, so that text order is time order) and shown
in local time with its offset, e.g. ``2025-03-01T10:22:33+08:00``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InvalidValue
from ..report import Report
from ..values import normalize_number_text

DRAFT = "draft"
FINAL = "final"
STATUS_NAMES = {DRAFT: "草稿", FINAL: "已定稿"}


class DraftInfo(NamedTuple):
    """One draft as listed: no values, just what identifies it."""

    id: int
    agency: str
    year: int | None
    status: str
    form: str
    created: str
    modified: str
    carried_from: str | None = None  # what it was started from: “草稿 3（…2023年）” or a file name
    form_version: int = 1

    def to_dict(self) -> dict[str, Any]:
        """The object of ``drafts list --json``."""
        return {"id": self.id, "agency": self.agency, "year": self.year, "status": self.status,
                "modified": self.modified}


@dataclass(eq=False)   # never compared: each method generated costs start-up time (form.py)
class Draft:
    """A loaded draft: its report (totals derived) and, when started from one, last year's."""

    info: DraftInfo
    report: Report
    last_year: Report | None = None
    revision: int = 0  # the store's change counter when ``report`` was last brought up to date
    acks: dict[str, str] = field(default_factory=dict)   # warnings marked 已核实: finding key → reason

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def is_final(self) -> bool:
        return self.info.status == FINAL


class HistoryEntry(NamedTuple):
    """One recorded edit: a cell or text id (or ``agency``, ``year``, ``status``), old and new."""

    time: str
    cell: str
    old: Any
    new: Any
    kind: str = "cell"          # cell | text | info | status
    action: str = "edit"        # edit | undo | redo
    id: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The object of ``drafts history --json``."""
        return {"time": self.time, "cell": self.cell, "old": self.old, "new": self.new}


class Replay(NamedTuple):
    """A history row as undo and redo read it (values decoded)."""

    id: int
    kind: str
    target: str
    old: Any
    new: Any
    old_source: str | None
    new_source: str | None


@dataclass(eq=False)   # likewise
class Write:
    """What one operation saves of one draft (see ``DraftStore.write``)."""

    cells: list[tuple] = field(default_factory=list)     # (cell, value, raw, source)
    texts: list[tuple] = field(default_factory=list)     # (text id, text, source)
    history: list[tuple] = field(default_factory=list)   # (kind, target, old, old_source, new, new_source)
    info: dict[str, Any] | None = None                   # {"agency", "year"}
    status: str | None = None
    action: str = "edit"                                 # edit | undo | redo | revert
    reverts: list[int] | None = None                     # the rows an undo or redo replays
    undone: tuple[list[int], int] | None = None          # (rows, 1 undone / 0 redone)
    batch: int | None = None                             # join this undo step (keystrokes)
    allow_final: bool = False
    form: tuple[str, int] | None = None                  # the draft moves to this form and version
    acks: list[tuple[str, str]] = field(default_factory=list)   # (finding key, reason; "" withdrawn)


class Written(NamedTuple):
    """What ``DraftStore.write`` did: the draft's new revision, when (local ISO time), the batch."""

    revision: int
    time: str
    batch: int | None


class BackupInfo(NamedTuple):
    """One rolling backup of the whole database."""

    name: str
    path: Path
    time: str        # ISO 8601, local
    size: int
    reason: str      # daily | migration | delete | manual | restore

    @property
    def when(self) -> str:
        """The time as a clerk reads it: 2025-03-01 10:22."""
        return self.time[:16].replace("T", " ")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "time": self.time, "size": self.size, "reason": self.reason}


def utc_now() -> str:
    """Now, as stored."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def local_time(stored: str) -> str:
    """A stored UTC time as local ISO 8601 with offset, to the second."""
    return datetime.fromisoformat(stored).astimezone().isoformat(timespec="seconds")


_DATE_FORMS = "2025-03-01、2025-3-1、2025/3/1、2025.3.1 或 2025年3月1日"
_DATE_TEXT = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")


def parse_since(text: str) -> date | datetime:
    """A date or moment as a person writes it: 2025-03-01, 2025-3-1, 2025/3/1, 2025.3.1,
    2025年3月1日 (digits full- or half-width), optionally followed by a time (9:00, T09:00:00)."""
    cleaned = normalize_number_text(text.strip())
    m = _DATE_TEXT.match(cleaned)
    if m:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            day = None
        rest = cleaned[m.end():].strip().lstrip("T").strip()
        if day is not None and not rest:
            return day
        if day is not None:
            try:
                return datetime.combine(day, time.fromisoformat(_two_digit_hour(rest)))
            except ValueError:
                pass
    else:
        try:
            return datetime.fromisoformat(cleaned)
        except ValueError:
            pass
    raise InvalidValue(f"“{text}”不是日期，请写成 {_DATE_FORMS}，要指定时刻可写 2025-03-01 09:00")


def _two_digit_hour(text: str) -> str:
    """'9:00' as '09:00' (time.fromisoformat wants two digits)."""
    return "0" + text if re.match(r"[0-9]:", text) else text


def since_to_utc(since: date | datetime | str) -> str:
    """A date (local midnight), a datetime (naive = local) or text (see :func:`parse_since`),
    as a stored UTC time."""
    if isinstance(since, str):
        since = parse_since(since)
    if not isinstance(since, datetime):
        since = datetime.combine(since, time())
    if since.tzinfo is None:
        since = since.astimezone()  # naive: local time
    return since.astimezone(timezone.utc).isoformat(timespec="microseconds")


def encode(value: Any) -> str | None:
    """A value as kept in the history: JSON (so 0 and 0.0 and "" stay what they were)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)
