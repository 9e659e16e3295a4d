"""What the table readers know of a form's tables, gathered once per form from its data.

Nothing here names a table: a table is read by its layout (``blocks``: blocks each with a
header row of column labels under a corner, 表二; ``grid``: rows under a printed header whose
column order a copy may change, 表三; ``single_row``: one printed row holding every row's
cells, the rows printed as header groups, 表四), its header, its columns (and their
``aliases``) and its rows.
"""

from __future__ import annotations

from ..form import Form, Table
from .labels import LabelIndex, normalize_label, strip_numbering


class TableWords:
    """The form's tables by layout and their printed words, normalised."""

    def __init__(self, form: Form):
        tables = list(form.tables.values())
        self.blocks = [t for t in tables if t.layout == "blocks"]
        self.headed = [t for t in tables if t.layout != "blocks"]   # a printed header over the columns
        self.single_rows = [t for t in tables if t.layout == "single_row"]
        # grid tables whose header says the order of their columns
        self.ordered = [t for t in tables if t.layout == "grid" and t.blocks[0].header]
        self.block_columns = {t.id: {normalize_label(c.label): c.id for b in t.blocks for c in b.columns}
                              for t in self.blocks}
        self.block_corners = {t.id: {normalize_label(b.corner) for b in t.blocks} for t in self.blocks}
        # a block's title or corner on a row of its own
        self.block_known = {normalize_label(x) for t in self.blocks for b in t.blocks for x in (b.title, b.corner)}
        self.header_words = {t.id: {normalize_label(h.text) for b in t.blocks for h in b.header}
                             | {normalize_label(b.corner) for b in t.blocks} for t in self.headed}
        self.row_cores = {strip_numbering(normalize_label(r.label)) for t in tables for r in t.rows}
        self.column_words: set[str] = set()   # column headers of the tables with a printed header
        for t in self.headed:
            for b in t.blocks:
                self.column_words.update(normalize_label(h.text) for h in b.header)
                self.column_words.update(normalize_label(c.label) for c in b.columns)
                self.column_words.update(normalize_label(a) for c in b.columns for a in c.aliases)
                self.column_words.add(normalize_label(b.corner))
        self.column_words.discard("")
        # Looked up for every row and cell read (a batch reads thousands): kept here once.
        self.row_blocks: dict[tuple[str, str], object] = {}   # (table, row) -> the first block holding it
        self.row_labels: dict[tuple[str, str], str] = {}      # (table, row) -> the row's label
        for t in tables:
            for b in t.blocks:
                for r in b.rows:
                    self.row_blocks.setdefault((t.id, r.id), b)
                    self.row_labels.setdefault((t.id, r.id), r.label)
        self.cell_names = {c: form.cell_name(c) for c in form.cells}   # 表三「…」「…」
        # (table, row) -> the ids of its block's columns, in the form's order
        self.row_columns = {key: tuple(c.id for c in b.columns) for key, b in self.row_blocks.items()}
        self._cell_ids: dict[tuple, list[str]] = {}
        self.part_tables: dict[str, str] = {}   # part -> the table printed in it (the first part of that id)
        for part in form.parts:
            if part.table and part.id not in self.part_tables:
                self.part_tables[part.id] = part.table

    def cell_ids(self, table: Table, row: str, columns: tuple[str, ...] | list[str]) -> list[str]:
        """The ids of ``row``'s cells in ``columns`` (as ``table.cell_id`` gives them; a new list)."""
        key = (table.id, row, tuple(columns))
        ids = self._cell_ids.get(key)
        if ids is None:
            ids = [table.cell_id(row, c) for c in columns]
            if len(self._cell_ids) < 4096:
                self._cell_ids[key] = ids
        return list(ids)

    def others_header_words(self, table: Table) -> set[str]:
        """The header words of the other tables with a printed header."""
        return {w for t in self.headed if t.id != table.id for w in self.header_words[t.id]}

    @classmethod
    def of(cls, form: Form, labels: LabelIndex) -> TableWords:
        """One per form (kept on its label index: a batch reads hundreds of reports of one form)."""
        cached = getattr(labels, "table_words", None)
        if cached is None:
            cached = labels.table_words = cls(form)
        return cached
