"""The import log: what a reader did with every cell and label of a published report."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

MAPPED = "mapped"              # a value read into a cell
INTERPRETED = "interpreted"    # a value that needed reading: "—", "/", "无", blank, a fuzzy label
UNRECOGNISED = "unrecognised"  # a label or line that matched nothing of the form
MISSING = "missing"            # a cell or part the file did not have
NOTE = "note"                  # anything else worth knowing (agency and year, column order)

KIND_NAMES = {MAPPED: "已读取", INTERPRETED: "需核对", UNRECOGNISED: "未识别", MISSING: "缺少", NOTE: "说明"}
UNREAD_KINDS = (UNRECOGNISED, MISSING)               # what could not be read
PROBLEM_KINDS = (INTERPRETED, *UNREAD_KINDS)          # what a person should look at


class LogEntry(NamedTuple):
    """One line of the import log (immutable; a named tuple: a report's reading makes hundreds,
    and a tuple is made in half the time of a frozen dataclass)."""

    kind: str
    message: str
    cell: str | None = None
    raw: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "message": self.message, "cell": self.cell, "raw": self.raw}


# The kinds of entry a log made now only counts (see counting_only).
_COUNTED: ContextVar[tuple[str, ...]] = ContextVar("reportdesk_import_log_counted", default=())


@contextmanager
def counting_only(*kinds: str) -> Iterator[None]:
    """Logs made inside count the entries of ``kinds`` instead of keeping them: a batch's
    worker hands back the findings and what could not be read, never the log, and keeps one
    entry a cell for nothing (``summary()`` still says how many cells were read)."""
    token = _COUNTED.set(kinds)
    try:
        yield
    finally:
        _COUNTED.reset(token)


def _counted() -> dict[str, int]:
    return dict.fromkeys(_COUNTED.get(), 0)


@dataclass
class ImportLog:
    """Everything a reader noticed, in the order it read the file."""

    entries: list[LogEntry] = field(default_factory=list)
    # kind -> how many entries of it were added: the kinds only counted (made in counting_only)
    counted: dict[str, int] = field(default_factory=_counted)

    def add(self, kind: str, message: str, cell: str | None = None, raw: str | None = None) -> None:
        """Record one entry."""
        if kind in self.counted:
            self.counted[kind] += 1
            return
        self.entries.append(LogEntry(kind, message, cell, raw))

    def of_kind(self, kind: str) -> list[LogEntry]:
        """The entries of one kind (not of a kind only counted: those are gone)."""
        if kind in self.counted:
            raise LookupError(f"the import log only counted its {kind!r} entries")
        return [e for e in self.entries if e.kind == kind]

    def count(self, kind: str) -> int:
        """How many entries of one kind were added."""
        return self.counted[kind] if kind in self.counted else sum(1 for e in self.entries if e.kind == kind)

    def problems(self) -> list[LogEntry]:
        """Entries a person should look at: interpreted values, unrecognised labels, missing parts."""
        return [e for e in self.entries if e.kind in PROBLEM_KINDS]

    def unread(self) -> list[LogEntry]:
        """What could not be read: unrecognised text and cells or parts the file did not give."""
        return [e for e in self.entries if e.kind in UNREAD_KINDS]

    def summary(self) -> str:
        """One Chinese line: how many cells were read, and how many entries need a look."""
        counts = {k: self.count(k) for k in KIND_NAMES}
        parts = [f"读取{counts[MAPPED]}个单元格"]
        for kind in PROBLEM_KINDS:
            if counts[kind]:
                parts.append(f"{KIND_NAMES[kind]}{counts[kind]}处")
        return "，".join(parts)
