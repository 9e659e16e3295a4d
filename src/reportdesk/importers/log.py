"""The import log: what a reader did with every cell and label of a published report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

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


@dataclass
class ImportLog:
    """Everything a reader noticed, in the order it read the file."""

    entries: list[LogEntry] = field(default_factory=list)

    def add(self, kind: str, message: str, cell: str | None = None, raw: str | None = None) -> None:
        """Record one entry."""
        self.entries.append(LogEntry(kind, message, cell, raw))

    def of_kind(self, kind: str) -> list[LogEntry]:
        """The entries of one kind."""
        return [e for e in self.entries if e.kind == kind]

    def problems(self) -> list[LogEntry]:
        """Entries a person should look at: interpreted values, unrecognised labels, missing parts."""
        return [e for e in self.entries if e.kind in PROBLEM_KINDS]

    def unread(self) -> list[LogEntry]:
        """What could not be read: unrecognised text and cells or parts the file did not give."""
        return [e for e in self.entries if e.kind in UNREAD_KINDS]

    def summary(self) -> str:
        """One Chinese line: how many cells were read, and how many entries need a look."""
        counts = {k: len(self.of_kind(k)) for k in KIND_NAMES}
        parts = [f"读取{counts[MAPPED]}个单元格"]
        for kind in PROBLEM_KINDS:
            if counts[kind]:
                parts.append(f"{KIND_NAMES[kind]}{counts[kind]}处")
        return "，".join(parts)
