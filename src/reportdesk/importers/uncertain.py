"""Rows whose numbers cannot be put into cells one by one, and how they are placed, if at all.

Three things make a printed row's numbers uncertain:

- a number written with spaces between its digit groups ("1 000", also with U+00A0, U+3000
  or a thin space): one number, or two cells whose separator was a single space?
- digits run together when a page was copied without its cell separators
  ("713000074" for seven cells, "10 0 0 0 01");
- cells dropped by a copy (a PDF's text layer leaves blank cells out): which column is missing?

:func:`readings` lists every way to read a row into its n cells. A reading is taken only when
it is the only one: the row's cell count decides between space-grouped numbers; digit runs are
split only into readings the form's arithmetic inside the row allows (a table-3 row's 总计 is
the sum of its six cells; table 4's 总计 per group); a row with cells missing is placed only when
the arithmetic across rows (rules 1 and 3) leaves one placement (:class:`Solver`). Otherwise the
cells stay blank and the log names the candidates. Never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from ..form import Form
from ..values import normalize_number_text
from .cellkind import SPACES

# A number written with single spaces between digit groups, after the spaces were made plain.
_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?: [0-9]{3})+$")
_RUN = re.compile(r"^[0-9]{2,}$")
_ANY_SPACE = re.compile(f"[{SPACES}]")
MAX_DIGITS = 10          # no count of the form has more (the value bounds stop at 10^9)
MAX_NODES = 60_000       # a search that would take longer gives up and says so
MAX_FILE_NODES = 150_000  # all the searches of one file (some 2 s)
MAX_SHOWN = 6            # candidates named in a log line
MAX_COMBINATIONS = 20_000  # rows tried together


@lru_cache(maxsize=8192)
def plain(text: str) -> str:
    """A cell's text with full-width digits made ASCII and any space between digits a plain space."""
    return _ANY_SPACE.sub(" ", normalize_number_text(text)).strip()


def grouped(text: str) -> bool:
    """Whether a cell is digits in groups of three separated by single spaces ("1 000")."""
    return bool(_GROUPED.match(plain(text)))


def run(text: str) -> bool:
    """Whether a cell is a run of two or more digits (maybe several numbers run together)."""
    return bool(_RUN.match(plain(text)))


def _valid_piece(piece: str) -> bool:
    return piece == "0" or (not piece.startswith("0") and len(piece) <= MAX_DIGITS)


def has_leading_zero(text: str) -> bool:
    """"01", "007": no published count is written so; such a token is numbers run together."""
    p = plain(text)
    return bool(_RUN.match(p)) and p.startswith("0")


@dataclass(frozen=True)
class Sum:
    """sum(coef * value at position) == 0 over positions of one row: a rule inside the row."""

    coefs: tuple[tuple[int, int], ...]  # (position, coefficient)

    def holds(self, values: dict[int, int]) -> bool | None:
        """True or False when every position has a value, else None."""
        total = 0
        for pos, coef in self.coefs:
            if pos not in values:
                return None
            total += coef * values[pos]
        return total == 0

    def forced(self, values: dict[int, int], pos: int) -> int | None:
        """The value ``pos`` must take when every other position has one; else None (-1: none can)."""
        rest, own = 0, 0
        for p, coef in self.coefs:
            if p == pos:
                own = coef
            elif p not in values:
                return None
            else:
                rest += coef * values[p]
        if own == 0:
            return None
        value, remainder = divmod(-rest, own)
        return value if remainder == 0 and value >= 0 else -1


def row_sums(form: Form, cell_ids: list[str]) -> list[Sum]:
    """The form's same-year balance rules whose cells all lie in ``cell_ids`` (one printed row)."""
    where = {c: i for i, c in enumerate(cell_ids)}
    sums = []
    for rel in form.relations:
        terms = [(t, 1) for t in rel.left] + [(t, -1) for t in rel.right]
        if any(t.last_year for t, _s in terms) or not all(t.cell in where for t, _s in terms):
            continue
        sums.append(Sum(tuple((where[t.cell], side * t.sign) for t, side in terms)))
    return sums


def number(piece: str) -> int | None:
    """The count a piece of a reading holds (None for a mark or text that is no plain number)."""
    p = plain(piece).replace(" ", "")
    return int(p) if p.isdigit() and len(p) <= 30 else None  # longer: no count (the value bounds refuse it)


class TooMany(Exception):
    """The search for readings went past its limit."""


class Budget:
    """Search steps left for one file: a file of many rows run together cannot make reading it
    take longer than a few seconds; rows past the budget are left blank and logged."""

    def __init__(self, nodes: int = MAX_FILE_NODES):
        self.nodes = nodes


def readings(tokens: list[str], n: int, sums: list[Sum], *, split_runs=(),
             budget: Budget | None = None) -> list[tuple[str, ...]]:
    """Every reading of ``tokens`` (a row's number cells, none blank) as exactly ``n`` cells.

    A space-grouped token is one number or one per group; a digit run among ``split_runs`` is
    one number or several (no piece with a leading zero, none longer than MAX_DIGITS). Other
    tokens are one cell each. Readings that break a rule of ``sums`` are left out. Raises
    :class:`TooMany` when the search takes more than MAX_NODES steps or the file's ``budget``.
    """
    pieces_of: list[list[str] | None] = []   # None: a digit run, split on the fly
    for t in tokens:
        p = plain(t)
        if t in split_runs and _RUN.match(p):
            pieces_of.append(None)
        elif _GROUPED.match(p):
            groups = p.split(" ")
            options = []
            for cut in range(1 << (len(groups) - 1)):
                parts, current = [], groups[0]
                for i, g in enumerate(groups[1:]):
                    if cut >> i & 1:
                        parts.append(current)
                        current = g
                    else:
                        current += " " + g
                parts.append(current)
                if all(_valid_piece(x.split(" ")[0]) for x in parts):  # "000" is no number of its own
                    options.append(parts)
            pieces_of.append(options)  # type: ignore[arg-type]
        else:
            pieces_of.append([[t]])  # type: ignore[list-item]
    texts = [plain(t) for t in tokens]
    out: list[tuple[str, ...]] = []
    nodes = 0
    by_pos: dict[int, list[Sum]] = {}
    for s in sums:
        for pos, _c in s.coefs:
            by_pos.setdefault(pos, []).append(s)

    def fits(values: dict[int, int], pos: int) -> bool:
        return all(s.holds(values) is not False for s in by_pos.get(pos, ()))

    # For each position, the sums in which it is an addend of a total printed after it.
    later_totals: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
    for s in sums:
        totals = [p for p, c in s.coefs if c > 0]
        addends = tuple(p for p, c in s.coefs if c < 0)
        if len(totals) == 1 and len(addends) == len(s.coefs) - 1:
            for a in addends:
                if totals[0] > a:
                    later_totals.setdefault(a, []).append((totals[0], addends))

    def too_big(values: dict[int, int], pos: int, capacity: int) -> bool:
        # A total still to come holds at least the sum of its addends so far; it must fit in the
        # digits left for one cell.
        for total, addends in later_totals.get(pos, ()):
            if total not in values and len(str(sum(values.get(p, 0) for p in addends))) > capacity:
                return True
        return False

    def min_cells(k: int) -> int:
        return len(tokens) - k

    def max_cells(k: int) -> int:
        total = 0
        for i in range(k, len(tokens)):
            opts = pieces_of[i]
            total += len(texts[i]) if opts is None else max(len(o) for o in opts)
        return total

    maxima = [max_cells(k) for k in range(len(tokens) + 1)]
    tail_digits = [sum(len(t) for t in texts[k:]) for k in range(len(tokens) + 1)]

    limit = MAX_NODES if budget is None else min(MAX_NODES, budget.nodes)

    def place(k: int, offset: int, cells: list[str], values: dict[int, int]) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            raise TooMany
        pos = len(cells)
        if k == len(tokens):
            if pos == n:
                out.append(tuple(cells))
            return
        opts = pieces_of[k]
        if opts is None:  # a digit run, from offset on
            digits = texts[k]
            left = len(digits) - offset
            after = min_cells(k + 1)
            if pos + 1 + after > n or pos + maxima[k + 1] + left < n:
                return
            forced = [f for s in by_pos.get(pos, ()) if (f := s.forced(values, pos)) is not None]
            lengths = range(1, min(MAX_DIGITS, left) + 1)
            if forced:
                if any(f != forced[0] or f < 0 for f in forced):
                    return
                lengths = [len(str(forced[0]))] if len(str(forced[0])) <= left else []
            for length in lengths:
                piece = digits[offset:offset + length]
                if not _valid_piece(piece):
                    continue
                values[pos] = int(piece)
                digits_after = left - length + tail_digits[k + 1]
                if fits(values, pos) and not too_big(values, pos, digits_after - (n - pos - 2)):
                    if offset + length == len(digits):
                        place(k + 1, 0, cells + [piece], values)
                    elif pos + 1 < n:
                        place(k, offset + length, cells + [piece], values)
                del values[pos]
            return
        for option in opts:
            if pos + len(option) + min_cells(k + 1) > n or pos + len(option) + maxima[k + 1] < n:
                continue
            added = []
            ok = True
            for i, piece in enumerate(option):
                value = number(piece)
                if value is not None:
                    values[pos + i] = value
                    added.append(pos + i)
                    if not fits(values, pos + i):
                        ok = False
                        break
            if ok:
                place(k + 1, 0, cells + option, values)
            for a in added:
                del values[a]

    try:
        place(0, 0, [], {})
    finally:
        if budget is not None:
            budget.nodes -= nodes
    return list(dict.fromkeys(out))


def placements(tokens: list[str], n: int) -> list[tuple[str | None, ...]]:
    """Every way to put fewer tokens than cells into the n cells in order, the gaps unknown
    (None): a copy that dropped blank cells."""
    if len(tokens) >= n:
        return []
    out = []
    for where in combinations(range(n), len(tokens)):
        cells: list[str | None] = [None] * n
        for pos, t in zip(where, tokens):
            cells[pos] = t
        out.append(tuple(cells))
    return out


def describe(option: tuple[str | None, ...]) -> str:
    """A reading as the log shows it: "71、3、0、0、0、0、74", a gap as "？"."""
    return "、".join("？" if x is None else x for x in option)


def candidates_text(options: list[tuple[str | None, ...]]) -> str:
    """Up to MAX_SHOWN readings, separated by "；", with how many there are in all."""
    shown = "；".join(describe(o) for o in options[:MAX_SHOWN])
    return shown + (f"；……（共{len(options)}种）" if len(options) > MAX_SHOWN else f"（共{len(options)}种）")


@dataclass
class Pending:
    """A row whose numbers fit more than one placement: decided against the other rows."""

    cells: list[str]                                    # the row's cell ids, in printed order
    options: list[tuple[str | None, ...]]               # readings or placements (None: unknown)
    label: str                                          # the row as the log names it
    raw: str                                            # the printed row
    what: str                                           # why it is uncertain, for the log
    alive: list[tuple[str | None, ...]] = field(default_factory=list)


class Solver:
    """Decides pending rows with the form's balance rules across rows.

    Known values are the cells read surely. A pending row keeps the options that break no rule
    whose cells all have values (the cells of other pending rows are unknown until they are
    decided). A row left with one option is decided, and its values help decide the others.
    """

    def __init__(self, form: Form, known: dict[str, int | float]):
        self.form = form
        self.known = dict(known)
        self.by_cell: dict[str, list] = {}
        for rel in form.relations:
            if any(t.last_year for t in rel.left + rel.right):
                continue
            for t in rel.left + rel.right:
                self.by_cell.setdefault(t.cell, []).append(rel)

    def _breaks(self, values: dict[str, int | float], cells: list[str]) -> bool:
        for cid in cells:
            for rel in self.by_cell.get(cid, ()):
                sides = []
                for side in (rel.left, rel.right):
                    total = 0
                    for t in side:
                        v = values.get(t.cell)
                        if v is None:
                            break
                        total += t.sign * v
                    else:
                        sides.append(total)
                        continue
                    break
                if len(sides) == 2 and abs(sides[0] - sides[1]) > 1e-9:
                    return True
        return False

    def fits(self, pending: Pending, option: tuple[str | None, ...]) -> bool:
        """Whether an option breaks no balance rule against the known values."""
        values = dict(self.known)
        for cid, text in zip(pending.cells, option):
            value = None if text is None else number(text)
            if value is not None:
                values[cid] = value
        return not self._breaks(values, [c for c, t in zip(pending.cells, option) if t is not None])

    def solve(self, pendings: list[Pending]) -> list[tuple[Pending, tuple[str | None, ...] | None]]:
        """Each pending row with the option decided (None: not decidable, its ``alive`` options
        the ones that still fit)."""
        open_rows = list(pendings)
        decided: dict[int, tuple[str | None, ...]] = {}
        progress = True
        while progress:
            progress = False
            for p in open_rows:
                if id(p) in decided:
                    continue
                p.alive = [o for o in p.options if self.fits(p, o)]
                if len(p.alive) == 1:
                    decided[id(p)] = p.alive[0]
                    for cid, text in zip(p.cells, p.alive[0]):
                        value = number(text) if text is not None else None
                        if value is not None:
                            self.known[cid] = value
                    progress = True
        rest = [p for p in open_rows if id(p) not in decided and p.alive]
        if len(rest) > 1:
            self._together(rest, decided)
        return [(p, decided.get(id(p))) for p in open_rows]

    def _together(self, rows: list[Pending], decided: dict[int, tuple[str | None, ...]]) -> None:
        """Rows undecided one by one, tried together: the combinations of their options that
        break no rule. A row whose option is the same in every such combination is decided;
        the others keep the options that occur in one (``alive``)."""
        size = 1
        for p in rows:
            size *= len(p.alive)
        if size > MAX_COMBINATIONS:
            return
        found: list[tuple[int, ...]] = []
        values = dict(self.known)

        def extend(k: int, chosen: tuple[int, ...]) -> None:
            if k == len(rows):
                found.append(chosen)
                return
            p = rows[k]
            for i, option in enumerate(p.alive):
                added = []
                for cid, text in zip(p.cells, option):
                    value = number(text) if text is not None else None
                    if value is not None:
                        values[cid] = value
                        added.append(cid)
                if not self._breaks(values, added):
                    extend(k + 1, chosen + (i,))
                for cid in added:
                    del values[cid]

        extend(0, ())
        if not found:
            return
        for k, p in enumerate(rows):
            kept = sorted({combo[k] for combo in found})
            p.alive = [p.alive[i] for i in kept]
            if len(kept) == 1:
                decided[id(p)] = p.alive[0]


def agreed(options: list[tuple[str | None, ...]]) -> dict[int, str]:
    """The positions where every option has the same printed value (a gap agrees with nothing)."""
    if not options:
        return {}
    out = {}
    for i, first in enumerate(options[0]):
        if first is not None and all(o[i] == first for o in options[1:]):
            out[i] = first
    return out
