"""A table's column order, read from its printed header (a ``grid`` table: 表三 of the 2021 form).

All the words come from the form: the table's columns (their labels and ``aliases``), the
header cells spanning several columns (groups), the corner. 表三's header is three rows deep
(format-2021.md): 申请人情况 over all seven number columns; under it 自然人, 法人或其他组织 (over
the five organisation kinds) and 总计; then the five kinds. A published copy may print the
columns in another order (总计 first, 法人或其他组织 before 自然人, 其他 before 法律服务机构), call
总计 合计 (an alias), or put 总计 beside 申请人情况 instead of under it (a column with
``beside_top = true``).

``resolve(table, rows)`` reads the header rows seen before the table's numbers, each a list of
cell texts in print order (a merged cell given once), and tells the order of the columns:

- ``ORDER`` with the column ids when every column is placed surely;
- ``NONE`` when the header says nothing about the order (no header, one word a row as a
  phone or PDF copy gives, header words run together by a PDF text layer), or says only
  what the official order says (a header row lost: the rest agrees): the caller keeps the
  order it has;
- ``UNSURE`` when the header names the columns in a way that cannot be placed surely (an
  unknown or ambiguous word, a word twice, rows that do not fit together, a reordered
  header with a part missing): the caller reads the official order and logs it 需核对.

A group's cell stands for the columns under it: a row naming only columns under one group of
the rows above takes that group's place (``自然人 | 法人或其他组织`` under ``申请人情况 | 总计``).
"""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from ..form import Table
from .labels import normalize_label

ORDER, NONE, UNSURE = "order", "none", "unsure"

_UNIT = re.compile(r"单位|^件$|^\(件\)$")


class Header(NamedTuple):
    status: str
    order: tuple[str, ...] | None = None
    reason: str = ""
    approx: tuple[tuple[str, str], ...] = ()   # (printed word, the form's word) matched approximately


class _Vocabulary(NamedTuple):
    columns: tuple[str, ...]                 # column ids in the official order
    labels: dict[str, str]                   # column or group id -> the form's word
    leaves: dict[str, frozenset[str]]        # item (column or group id) -> the columns it covers
    words: dict[str, str]                    # normalised word -> item
    corner: str
    beside: frozenset[str]                   # columns that may stand beside the cell over every column
    table: str                               # the table's short name (表三), for messages


_CACHE: dict[int, tuple[Table, _Vocabulary]] = {}


def vocabulary(table: Table) -> _Vocabulary:
    """A table's header words, its groups and the columns under each (once per form)."""
    cached = _CACHE.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    block = table.blocks[0]
    columns = tuple(c.id for c in block.columns)
    labels = {c.id: c.label for c in block.columns}
    leaves = {c.id: frozenset([c.id]) for c in block.columns}
    words = {normalize_label(c.label): c.id for c in block.columns}
    for h in block.header:
        if h.colspan > 1:
            gid = "@" + h.text
            labels[gid] = h.text
            leaves[gid] = frozenset(columns[h.col:h.col + h.colspan])
            words[normalize_label(h.text)] = gid
    for c in block.columns:
        for alias in c.aliases:   # other words copies print for the column ("合计" for 总计)
            words.setdefault(normalize_label(alias), c.id)
    # In a header whose rows were run into one, "申请人情况 总计 自然人 …" may be either.
    beside = frozenset(c.id for c in block.columns if c.beside_top)
    v = _Vocabulary(columns, labels, leaves, words, normalize_label(block.corner), beside, table.short_name)
    _CACHE[id(table)] = (table, v)
    return v


def classify(v: _Vocabulary, text: str) -> tuple[str, str | None]:
    """("item", id) for a column or group word (also one close to the form's), ("skip", None)
    for the corner note or a unit, ("run", None) for several words run together,
    ("unknown", None) else."""
    norm = normalize_label(text)
    if not norm or norm == v.corner or "勾稽" in norm or _UNIT.search(norm):
        return "skip", None
    item = v.words.get(norm)
    if item is not None:
        return "item", item
    if _run_together(v, norm):
        return "run", None
    # A shorter word of the form's ("公益组织", "法律服务", "法人"), else a word close to one
    # ("法人及其他组织"): taken when one item of the form is meant. A form word inside the
    # printed one ("其他" in "其他组织") must name a column under that item.
    inside = {i for w, i in v.words.items() if len(w) >= 2 and w in norm}
    holders = {i for w, i in v.words.items() if len(norm) >= 2 and norm in w}
    if holders:
        best = holders.pop() if len(holders) == 1 else None
    else:
        scored = sorted(((difflib.SequenceMatcher(None, norm, w, autojunk=False).ratio(), i)
                         for w, i in v.words.items()), reverse=True)
        best = scored[0][1] if scored[0][0] >= 0.75 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.1) else None
    if best is not None and all(v.leaves[i] <= v.leaves[best] for i in inside):
        return "item", best
    return "unknown", None


def _run_together(v: _Vocabulary, norm: str) -> bool:
    found = 0
    rest = norm
    for w in sorted(v.words, key=len, reverse=True):
        if w in rest:
            found += rest.count(w)
            rest = rest.replace(w, "")
    return found >= 2 and not rest


def resolve(table: Table, rows: list[list[str]], skip=lambda text: False) -> Header:
    """The column order a table's header rows print (see the module's docstring).

    ``skip(text)`` tells a cell that is no column header (a row label fed among header text).
    """
    v = vocabulary(table)
    items_rows: list[list[str]] = []
    approx: list[tuple[str, str]] = []
    unknown: list[str] = []
    for row in rows:
        items = []
        for text in row:
            kind, item = classify(v, text)
            if kind == "run":
                return Header(NONE, reason="表头文字连在一起")
            if kind == "skip":
                continue
            if kind == "unknown":
                if skip(text):
                    continue
                unknown.append(text.strip())
                continue
            if normalize_label(text) != normalize_label(v.labels[item]):
                approx.append((text.strip(), v.labels[item]))   # "公益组织", "合计"
            items.append(item)
        if items:
            items_rows.append(items)
    if not any(len(r) >= 2 for r in items_rows) and not unknown:
        return Header(NONE, reason="表头没有分列")
    if unknown:
        return Header(UNSURE, reason="表头中“" + "”“".join(unknown) + f"”不是{v.table}的栏目", approx=tuple(approx))
    seq, why = _merge(v, items_rows)
    if seq is None:
        return Header(UNSURE, reason=why, approx=tuple(approx))
    if all(x in v.columns for x in seq) and sorted(seq) == sorted(v.columns):
        return Header(ORDER, tuple(seq), approx=tuple(approx))
    # Some columns are not named one by one (a group never opened, a header row lost): left
    # to the official order only when the rest agrees with it; a reordered header with a
    # part missing is not guessed at.
    named = {x for x in seq if x in v.columns}
    filled = [c for x in seq for c in v.columns if c in v.leaves[x] and (x == c or c not in named)]
    if tuple(filled) == v.columns:
        return Header(NONE, reason="表头不全，与规定的顺序一致", approx=tuple(approx))
    return Header(UNSURE, reason="表头没有分别列出每一列", approx=tuple(approx))


def _under(v: _Vocabulary, x: str, group: str) -> bool:
    return x != group and len(v.leaves[group]) > 1 and v.leaves[x] <= v.leaves[group]


def _flat(v: _Vocabulary, row: list[str]) -> tuple[list[str] | None, str]:
    """A row holding a group and, after it, every column under it (header rows run into one
    line: "申请人情况 自然人 法人或其他组织 总计 商业企业 …"): the group gives way to them.
    Fewer than all its columns after a group are its neighbours on its own row
    ("申请人情况 | 总计")."""
    for g in sorted((x for x in row if len(v.leaves[x]) > 1), key=lambda x: -len(v.leaves[x])):
        at = row.index(g)
        members = [i for i, x in enumerate(row) if i > at and _under(v, x, g)]
        elsewhere = {c for i, x in enumerate(row) if i not in members and x != g for c in v.leaves[x]}
        covered = {c for i in members for c in v.leaves[row[i]]}
        if not members or covered != v.leaves[g] - elsewhere:
            continue
        if members != list(range(members[0], members[0] + len(members))):
            return None, f"“{v.labels[g]}”下的栏目不连在一起"
        if len(members) > 1 and members[0] == at + 1 and row[at + 1] in v.beside and v.leaves[g] == set(v.columns):
            return None, f"“{v.labels[row[at + 1]]}”在“{v.labels[g]}”之后，分不清在它下面还是旁边"
        row = row[:at] + [row[i] for i in members] + [x for i, x in enumerate(row) if i > at and i not in members]
    return row, ""


def _merge(v: _Vocabulary, rows: list[list[str]]) -> tuple[list[str] | None, str]:
    """The rows' items in one sequence: a row naming what stands under a group of the rows
    above takes the group's place; cells repeated from the row above (a merged cell printed
    in each row it spans) must stand on the same side of that group."""
    seq: list[str] = []
    for row in rows:
        if len(set(row)) != len(row):
            return None, "表头的同一行中有重复的栏目"
        flat, why = _flat(v, row)
        if flat is None:
            return None, why
        if not seq:
            seq = flat
            continue
        repeated = [x for x in flat if x in seq]
        new = [x for x in flat if x not in seq]
        if [x for x in seq if x in repeated] != repeated:
            return None, "表头各行的顺序不一致"
        if not new:
            continue
        holders = [g for g in seq if all(_under(v, x, g) for x in new)]
        if len(holders) != 1:
            return None, "表头各行对不上"
        g = holders[0]
        first, last = flat.index(new[0]), flat.index(new[-1])
        if last - first + 1 != len(new):
            return None, "表头各行对不上"
        for x in repeated:
            if (flat.index(x) < first) != (seq.index(x) < seq.index(g)):
                return None, "表头各行对不上"
        at = seq.index(g)
        seq[at:at + 1] = new
    leaves = [x for x in seq if x in v.columns]
    if len(leaves) != len(set(leaves)):
        return None, "表头中有重复的栏目"
    return seq, ""
