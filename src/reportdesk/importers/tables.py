"""Read the rows of published tables (from text, Word or HTML) into cells, by their labels.

A reader turns each printed table row into a list of cell texts and feeds it here with the
part it stands in. Rows are matched by their labels, so a row out of place (the example's
``3. 其他``), a table split across pages, spacer cells and merged labels do not matter.
Every value read, interpreted or left out is written to the import log.

Tables are told apart by the form's data, never by their ids (:mod:`.tablewords`): a ``blocks``
table's columns by the header row of each block (表二 in the 2019 layout too), a ``grid``
table's by its printed header (:mod:`.columnorder`, 表三), a ``single_row`` table's groups by
the header naming them, in the ``pieces`` a copy may print it as (表四).
"""

from __future__ import annotations

import difflib
import re

from ..form import AMOUNT, Form, Table
from ..report import IMPORTED, Report
from ..values import normalize_number_text, parse_cell
from . import cellkind, columnorder, uncertain
from .cellkind import ZERO_MARKS, is_value_text
from .labels import LabelIndex, RowMatch, normalize_label
from .log import INTERPRETED, MAPPED, MISSING, NOTE, UNRECOGNISED, ImportLog
from .tablewords import TableWords

__all__ = ["TableReader", "ZERO_MARKS", "is_value_text"]
_BLANK = {"", "　"}
_PLAIN_COUNT = re.compile(r"^(?:0|[1-9][0-9]{0,8})$")


class TableReader:
    """Collects printed table rows and writes their values into a report."""

    def __init__(self, form: Form, report: Report, log: ImportLog, labels: LabelIndex | None = None):
        self.form = form
        self.report = report
        self.log = log
        self.labels = labels or LabelIndex.of(form)
        self.words = TableWords.of(form, self.labels)
        self._headers: dict[str, list[str]] = {}   # table id -> header texts seen since its last data row
        # blocks tables: the columns a block's header row names, in print order
        self._block_columns: dict[str, list[str]] = {}
        # blocks tables: a header with columns not of the form, each header text and its column
        self._block_header: dict[str, list[tuple[str, str | None]]] = {}
        self._seen_rows: set[tuple[str, str]] = set()
        self._touched: set[str] = set()
        self._last_row: tuple[str, tuple[str, str]] | None = None  # the last data row's label and row
        self._head_rows: dict[str, list[list[str]]] = {}   # grid table id -> header rows since its last data row
        self._order: dict[str, tuple[str, ...]] = {}       # grid table id -> its columns as its header prints them
        self._said: set[str] = set()
        self._numbered_said = False
        self._budget = uncertain.Budget()  # search steps for the rows whose numbers run together
        self._pending: list[uncertain.Pending] = []  # rows whose placement the rules across rows decide

    # -- feeding

    def feed(self, cells: list[str], part: str | None = None, rows: list[list[str]] | None = None) -> bool:
        """Read one printed row. ``part`` is the id of the part it stands in, if known.

        ``rows``: header text gathered from several printed lines (a text copy), those lines'
        cells; table 3's header is read row by row from them.
        Returns True when the row was understood (data or header), False when it was not.
        """
        cells = _collapse(cells)   # (each cell stripped)
        if not any(cells) or self.column_numbers(cells):
            return True
        table_hint = self.table_of_part(part)
        labels, values, notes = _split(cells)
        for note in notes:
            self.note_left_out(note)
        if not values:
            return self._header_row(labels, table_hint, rows)
        if not labels:
            return self._unlabelled_row(values, table_hint, cells)
        match = self._match(labels, table_hint)
        captioned = self._captioned_row(labels, values, table_hint) if match is None else None
        if captioned is not None:
            # A single_row table's one data row with a caption of its own ("件数", "数量"): its numbers.
            name = captioned.short_name
            self.log.add(INTERPRETED, f"{name}数字行的标题“{' '.join(labels)}”不是表格的行名，按{name}的数字读取",
                         raw="\t".join(cells))
            return self._unlabelled_row(values, captioned.id, cells)
        if match is None:
            self.log.add(UNRECOGNISED, f"无法识别的表格行“{' | '.join(labels)}”，其数字未读取", raw="\t".join(cells))
            return False
        table = self.form.tables[match.table]
        if table.layout == "single_row" and not match.exact and self._whole_row(table, values):
            # A single_row table's header run into one label (a PDF's column headers one
            # character a line, "结/果/维/持"), then the table's one data row: header, then numbers.
            self._headers.setdefault(table.id, []).extend(labels)
            return self._unlabelled_row(values, table.id, cells)
        self._data_row(match, values, cells)
        return True

    def column_numbers(self, cells: list[str]) -> bool:
        """A row numbering the columns (1 2 3 … n, n ≥ 4: a template's or a converter's made-up
        header): no row of the form holds such numbers (its 总计 would be their sum). Logged once."""
        first = next(filter(None, map(str.strip, cells)), None)
        if first != "1":   # (any other row, at its first cell)
            return False
        numbers = [c.strip() for c in cells if c.strip()]
        if len(numbers) < 4 or numbers != [str(i) for i in range(1, len(numbers) + 1)]:
            return False
        if not self._numbered_said:
            self._numbered_said = True
            self.log.add(NOTE, f"表格中给各列编号的一行（{' '.join(numbers)}）不是数字，未读取")
        return True

    def _captioned_row(self, labels: list[str], values: list[str], table_hint: str | None) -> Table | None:
        """The single_row table whose whole data row this is, under a short caption of its own."""
        if not all(len(normalize_label(x)) <= 8 for x in labels):
            return None
        for table in self.words.single_rows:
            if (table_hint == table.id or (table_hint is None and self._headers.get(table.id))) \
                    and self._whole_row(table, values):
                return table
        return None

    @staticmethod
    def _whole_row(table: Table, values: list[str]) -> bool:
        n = len(table.cell_ids())
        return len(_fit(values, n)) == n

    def table_of_part(self, part: str | None) -> str | None:
        """The table printed in a part (t2 for 二、主动公开政府信息情况), or None."""
        return self.words.part_tables.get(part)

    def _match(self, labels: list[str], table_hint: str | None) -> RowMatch | None:
        # The most specific label is the last one (the row's own label, after merged groups).
        for label in reversed(labels):
            for hint in ((table_hint, None) if table_hint else (None,)):
                m = self.labels.match_row(label, hint)
                if m is not None:
                    return m
        joined = "".join(labels)
        return self.labels.match_row(joined, table_hint) or self.labels.match_row(joined)

    def _header_row(self, labels: list[str], table_hint: str | None, rows: list[list[str]] | None = None) -> bool:
        norm = [normalize_label(x) for x in labels]
        ordered = self._ordered_header_row(labels, norm, table_hint, rows)
        for table in self.words.blocks:
            if table_hint in (None, table.id) and self._block_header_row(table, labels, norm):
                return True
        for table in self.words.headed:
            if any(n in self.words.header_words[table.id] for n in norm):
                self._headers.setdefault(table.id, []).extend(labels)
                return True
        if any(n in self.words.block_known for n in norm):
            return True   # a block's title or corner on a row of its own
        if norm and all(n in self.labels.group_labels for n in norm):
            return True  # a group's label on a row of its own ("三、本年度办理结果" across the table)
        if self._last_row is not None:
            # The rest of the row above's label, printed in a row of its own (its numbers merged
            # over both rows): "（二）部分公开" then "（区分处理的，只计这一情形，不计其他情形）".
            label, (tid, rid) = self._last_row
            whole = self.labels.match_row(label + "".join(labels), tid)
            if whole is not None and whole.exact and (whole.table, whole.row) == (tid, rid):
                self._last_row = None
                return True
        if ordered:
            return True
        return self._note_unknown(labels)

    def _block_header_row(self, table: Table, labels: list[str], norm: list[str]) -> bool:
        """A header row of one of a blocks table's blocks: the columns it names, in print order."""
        block_cols = self.words.block_columns[table.id]
        found = [block_cols[n] for n in norm if n in block_cols]
        corner = self.words.block_corners[table.id]
        at = next((i for i, n in enumerate(norm) if n in corner), None)
        if at is not None and at < len(norm) - 1 and len(found) < len(norm) - 1 - at:
            # A header naming columns the form does not have (表二 of the 2019 form: 本年新制作数量,
            # 上一年项目数量, 本年增/减): each number is read by its header.
            self._block_header[table.id] = [(x, self._block_column(table, x)) for x in labels[at + 1:]]
            self._block_columns.pop(table.id, None)
            return True
        if found:
            self._block_columns[table.id] = found
            self._block_header.pop(table.id, None)
            return True
        return False

    # -- a grid table's header: the order of its columns

    def _ordered_header_row(self, labels: list[str], norm: list[str], table_hint: str | None,
                            rows: list[list[str]] | None) -> bool:
        """Keep a header row of a grid table (its words, also close ones: "公益组织", "合计") for
        the order of its columns. Without a part, only a row naming the table's own words: none
        another table's header prints, none a row's label (表三's 其他, 总计)."""
        for table in self.words.ordered:
            if table_hint not in (None, table.id):
                continue
            v = columnorder.vocabulary(table)
            kinds = [columnorder.classify(v, x)[0] for x in labels]
            if not any(k in ("item", "run") for k in kinds):
                continue
            if table_hint is None:
                others = self.words.others_header_words(table)
                own = {w for w in v.words if w not in others and w not in self.words.row_cores}
                if not any(n in own for n in norm) or any(n in others and n not in v.words for n in norm):
                    continue
            self._head_rows.setdefault(table.id, []).extend(rows if rows else [labels])
            return True
        return False

    def _column_order(self, table: Table) -> None:
        """Read the header rows kept since the table's last numbers: the order of its columns."""
        rows = self._head_rows.pop(table.id)
        labels = self.labels
        head = columnorder.resolve(table, rows, skip=lambda x: labels.match_row(x, table.id) is not None
                                   or normalize_label(x) in labels.group_labels)
        v = columnorder.vocabulary(table)
        printed = " / ".join(" | ".join(c.strip() for c in r if c.strip()) for r in rows)
        name = table.short_name
        if head.status == columnorder.NONE:
            return
        if head.status == columnorder.UNSURE:
            self._order.pop(table.id, None)
            self._say(INTERPRETED, f"{name}的表头不能确定每一列的位置（{head.reason}），按规定的顺序读取："
                      + "、".join(v.labels[c] for c in v.columns) + "，请核对", printed)
            return
        for text, word in head.approx:
            self._say(NOTE, f"{name}表头“{text}”按“{word}”读取", printed)
        if head.order != v.columns:
            self._order[table.id] = head.order
            self._say(NOTE, f"{name}各列按表头顺序读取：" + "、".join(v.labels[c] for c in head.order), printed)
        else:
            self._order.pop(table.id, None)

    def _say(self, kind: str, message: str, raw: str) -> None:
        if message not in self._said:  # a header repeated on every page: said once
            self._said.add(message)
            self.log.add(kind, message, raw=raw)

    @staticmethod
    def _block_column(table: Table, header: str) -> str | None:
        """The column of a blocks table a header names, also in other words ("处理决定数量")."""
        norm = re.sub(r"\(.*$", "", normalize_label(header))
        if not norm:
            return None
        scored = []
        for b in table.blocks:
            for c in b.columns:
                label = re.sub(r"\(.*$", "", normalize_label(c.label))
                if norm == label or (len(norm) >= 4 and norm in label):
                    return c.id
                scored.append((difflib.SequenceMatcher(None, norm, label, autojunk=False).ratio(), c.id))
        scored.sort(reverse=True)
        if scored[0][0] >= 0.75 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.1):
            return scored[0][1]  # 本年新制发件数, 现行有效文件数, 处理决定数
        return None

    def _note_unknown(self, labels: list[str]) -> bool:
        text = " | ".join(x.strip() for x in labels if x.strip())
        if text:
            self.log.add(UNRECOGNISED, f"表格中无法识别的文字“{text[:60]}”", raw=text)
        return False

    # -- data rows

    def _data_row(self, match: RowMatch, values: list[str], cells: list[str]) -> None:
        table = self.form.tables[match.table]
        columns = self.words.row_columns[(table.id, match.row)]
        if self._head_rows.get(table.id):
            self._column_order(table)
        if table.id in self._order:
            columns = self._order[table.id]
        if self._head_rows:
            for tid in [t for t in self._head_rows if t != table.id]:
                del self._head_rows[tid]   # header words of a table before another table's rows: not its header
        printed = self._block_columns.get(table.id)
        if printed and set(printed) <= set(columns) and len(printed) == len(columns):
            columns = printed
        name = self.words.row_labels[(table.id, match.row)]
        if not match.exact:
            self.log.add(INTERPRETED, f"表格行“{match.label.strip()}”按“{name}”读取",
                         cell=table.cell_id(match.row, columns[0]), raw=match.label)
        key = (table.id, match.row)
        self._last_row = (match.label, key)
        if key in self._seen_rows:
            self.log.add(NOTE, f"“{name}”出现了不止一次，采用后一次的数字", raw="\t".join(cells))
        self._seen_rows.add(key)
        if table.id in self._block_header:
            values, columns = self._by_header(table, match, values, columns, cells)
            if not columns:
                return
        self._place(name, self.words.cell_ids(table, match.row, columns), values, cells)

    def _by_header(self, table: Table, match: RowMatch, values: list[str], columns: list[str],
                   cells: list[str]) -> tuple[list[str], list[str]]:
        """A blocks table's row under a header with columns the form does not have: only the
        numbers under a column of the form are read; the others are logged, never put elsewhere."""
        header = self._block_header[table.id]
        values = _fit(values, len(header))
        keep_values, keep_columns, dropped = [], [], []
        for (text, col), raw in zip(header, values):
            if col in columns and col not in keep_columns:
                keep_values.append(raw)
                keep_columns.append(col)
            else:
                dropped.append(text)
        label = self.words.row_labels[(table.id, match.row)]
        if dropped:
            self.log.add(UNRECOGNISED, f"“{label}”一行中“{'”“'.join(dropped)}”不是本格式{table.short_name}的栏目，"
                         "这些数字未读取", raw="\t".join(cells))
        return keep_values, keep_columns

    # -- a single_row table: one printed row holds every group's numbers

    def _unlabelled_table(self, values: list[str], table_hint: str | None) -> Table | None:
        """The single_row table a row of numbers with no label belongs to: the part's, else the
        one whose header was just printed, else the one whose numbers it has to the count."""
        if table_hint is not None:
            table = self.form.tables.get(table_hint)
            return table if table is not None and table.layout == "single_row" else None
        for table in self.words.single_rows:
            if self._headers.get(table.id):
                return table
        return next((t for t in self.words.single_rows if self._whole_row(t, values)), None)

    def _unlabelled_row(self, values: list[str], table_hint: str | None, cells: list[str]) -> bool:
        table = self._unlabelled_table(values, table_hint)
        if table is None:
            if table_hint is not None:
                self.log.add(UNRECOGNISED, f"没有行标题的一行数字未读取：{' '.join(values)}", raw="\t".join(cells))
            return False
        ids = table.cell_ids()
        columns = table.blocks[0].columns
        fitted = _fit(values, len(ids))
        name = table.short_name
        order = self._group_order(table)
        ordered = [table.cell_id(g, c.id) for g in order for c in columns]
        if not self._place(name, ordered, values, cells, only_if_readable=True):
            # Printed as separate tables (表四 as 行政复议 | 行政诉讼): a row of one piece's numbers.
            order = self._piece_order(table, len(fitted))
            if order is None:
                self.log.add(UNRECOGNISED, f"{name}应有{len(ids)}个数，读到{len(fitted)}个，分不清每个数属于哪一格，"
                             "未读取（留空）", raw="\t".join(cells))
                self._touched.update(ordered)
            else:
                self._place(name, [table.cell_id(g, c.id) for g in order for c in columns], fitted, cells)
        self._headers.pop(table.id, None)
        return True

    def _group_positions(self, table: Table) -> dict[str, int]:
        """Where the header seen since the table's last numbers names each group, by its label
        or an alias (-1: not named)."""
        header = "".join(normalize_label(h) for h in self._headers.get(table.id, []))
        pos = {}
        for r in table.blocks[0].rows:
            found = [i for w in (r.label, *r.aliases) if (i := header.find(normalize_label(w))) >= 0]
            pos[r.id] = min(found, default=-1)
        return pos

    def _piece_order(self, table: Table, count: int) -> list[str] | None:
        """The groups a row of ``count`` numbers holds when the table is printed in ``pieces``:
        the pieces its header names, else the next pieces not yet read; None when no whole
        pieces are meant."""
        rows = table.blocks[0].rows
        ncol = len(table.blocks[0].columns)
        if not table.pieces or count % ncol or not count:
            return None
        pos = self._group_positions(table)
        named = sorted((r.id for r in rows if pos[r.id] >= 0), key=lambda r: pos[r])
        if named:
            whole = [p for p in table.pieces if set(p) <= set(named)]
            if len(named) * ncol != count or sorted(named) != sorted(g for p in whole for g in p):
                return None
            order = named
        else:
            unread = [p for p in table.pieces
                      if not any(table.cell_id(g, c.id) in self._touched for g in p for c in table.blocks[0].columns)]
            order = []
            for piece in unread:
                if len(order) * ncol >= count:
                    break
                order += piece
            if len(order) * ncol != count:
                return None
        self.log.add(NOTE, f"{table.short_name}分开印刷，这一行按" + "、".join(
            next(x.label for x in rows if x.id == r) for r in order) + "读取")
        return order

    def _group_order(self, table: Table) -> list[str]:
        """The order of the groups (表四's 行政复议 / 未经复议直接起诉 / 复议后起诉) as the header
        printed them."""
        rows = table.blocks[0].rows
        default = [r.id for r in rows]
        pos = self._group_positions(table)
        if all(i >= 0 for i in pos.values()):
            order = sorted(default, key=lambda r: pos[r])
            if order != default:
                self.log.add(NOTE, f"{table.short_name}各组按表头顺序读取：" + "、".join(
                    next(x.label for x in rows if x.id == r) for r in order))
            return order
        return default

    # -- placing a row's numbers

    def _place(self, name: str, ids: list[str], values: list[str], cells: list[str],
               only_if_readable: bool = False) -> bool:
        """Put a row's numbers into its cells when each one's place is certain (see
        :mod:`~reportdesk.importers.uncertain`); else leave them blank and say why, or keep the
        row for the rules across rows to decide. With ``only_if_readable``, a row with no
        reading at all is left alone (False) for the caller to read another way."""
        n = len(ids)
        fitted = _fit(values, n)
        if len(fitted) == n and (all(map(_PLAIN_COUNT.match, fitted)) or all(
                _PLAIN_COUNT.match(v) or not (uncertain.grouped(v) or uncertain.has_leading_zero(v)) for v in fitted)):
            for cid, v in zip(ids, fitted):   # (the usual row: plain counts, looked at first)
                self._put(cid, v)
            return True
        raw = "\t".join(cells)
        tokens = [v for v in fitted if v.strip()]
        if len(tokens) >= 2 * n and len(tokens) > n + 1 and not only_if_readable:
            # Numbers of several rows run together: which are this row's cannot be told.
            return self._unread(ids, f"“{name}”应有{n}个数，读到{len(tokens)}个，分不清哪些是这一行的，未读取", raw)
        sums, crosses = self._rules_of(ids)
        with_blanks = len(tokens) < len(fitted)
        printed = " ".join(tokens)
        try:
            options = uncertain.readings(fitted, n, [], budget=self._budget)
            if len(options) > 1:
                options = [o for o in options if _keeps(o, sums)]
            how = "count"
            if not options and not with_blanks and any(uncertain.run(t) for t in tokens):
                # Digits run together: a run that cannot be one number ("01", "000") must be split;
                # any run may be, when the row's arithmetic can tell and the copy lost its cell
                # separators (the row is one run, or a run has a leading zero).
                lost = len(tokens) == 1 or any(uncertain.has_leading_zero(t) for t in tokens)
                runs = [t for t in tokens if uncertain.has_leading_zero(t) or (sums and lost and uncertain.run(t))]
                if runs:
                    options = uncertain.readings(tokens, n, sums, split_runs=runs, budget=self._budget)
                    how = "runs"
                else:
                    unsplit = [o for o in uncertain.readings(tokens, n, [], split_runs=tokens, budget=self._budget)][:50]
                    if unsplit and not sums and len(tokens) == 1:
                        which = (f"只能分成{uncertain.describe(unsplit[0])}，但原文也可能本有空白格"
                                 if len(unsplit) == 1 else f"可以是：{uncertain.candidates_text(unsplit)}")
                        return self._unread(ids, f"“{name}”一行的数字连在一起（“{printed}”），没有加总关系可以判断怎样分成"
                                            f"{n}个数，{which}，未读取（留空）", raw)
        except uncertain.TooMany:
            return self._unread(ids, f"“{name}”一行的数字连在一起（“{printed}”），可能的分法太多，未读取（留空）", raw)
        if len(options) == 1:
            self._take(name, ids, options[0], how, printed, fitted, sums)
            return True
        if not options and only_if_readable:
            return False
        if not options and len(tokens) < n and not with_blanks:
            options = [o for o in uncertain.placements(tokens, n) if _keeps(o, sums)]
            how = "gaps"
        what = self._uncertain_text(name, n, how, printed, len(tokens), sums, bool(options))
        if options and crosses:
            self._pending.append(uncertain.Pending(ids, options, name, raw, what))
            self._touched.update(ids)
            return True
        if options and how != "gaps":
            what += "可以是：" + uncertain.candidates_text(options) + "，"
        return self._unread(ids, what + "不能确定，未读取（留空）", raw)

    def _uncertain_text(self, name: str, n: int, how: str, printed: str, count: int, sums, found: bool = True) -> str:
        if how == "gaps":
            return f"“{name}”应有{n}个数，读到{count}个（“{printed}”），分不清缺的是哪一格，"
        if not found:
            if how == "runs":
                rule = "符合表内加总关系的" if sums else ""
                return f"“{name}”一行的数字连在一起（“{printed}”），没有{rule}分成{n}个数的分法，"
            which = "分不清哪些是这一行的" if count > n else "分不清每个数在哪一格"
            return f"“{name}”应有{n}个数，读到{count}个（“{printed}”），{which}，"
        if how == "runs":
            rule = "且符合表内加总关系的" if sums else ""
            return f"“{name}”一行的数字连在一起（“{printed}”），分成{n}个数{rule}分法不止一种，"
        return f"“{name}”一行的“{printed}”分成{n}个数的读法不止一种，"

    def _rules_of(self, ids: list[str]) -> tuple[list, bool]:
        """The rules inside a row of these cells, and whether a rule across rows (rules 1 and 3)
        holds any of them; kept per form (a batch reads the same rows again and again)."""
        cache = self.labels.__dict__.setdefault("row_rules", {})
        key = tuple(ids)
        if key not in cache:
            own = set(ids)
            crosses = any(not own.issuperset(rel.cells) for rel in self.form.relations
                          if not any(t.last_year for t in rel.left + rel.right) and own.intersection(rel.cells))
            cache[key] = (uncertain.row_sums(self.form, ids), crosses)
        return cache[key]

    def _take(self, name: str, ids: list[str], option, how: str, printed: str, fitted: list[str], sums) -> None:
        if how == "runs":
            rule = "符合表内加总关系的" if sums else ""
            self.log.add(INTERPRETED, f"“{name}”一行的数字连在一起（“{printed}”），分成{len(ids)}个数{rule}只有一种分法："
                         f"{uncertain.describe(option)}", raw=printed)
        elif how == "solved":
            self.log.add(INTERPRETED, f"“{name}”一行按各行各列的加总关系只有一种读法：{uncertain.describe(option)}",
                         raw=printed)
        elif any(x is not None and uncertain.grouped(x) for x in option):
            # A number written with spaces between its digit groups, read as one number.
            self.log.add(INTERPRETED, f"“{name}”一行的数字“{printed}”按这一行应有的{len(ids)}个数读取："
                         f"{uncertain.describe(option)}", raw=printed)
        for cid, v in zip(ids, option):
            if v is None:
                self._touched.add(cid)
                self.log.add(INTERPRETED, f"{self.words.cell_names[cid]}在原文中没有，留空待填", cell=cid)
            else:
                self._put(cid, v)

    def _unread(self, ids: list[str], message: str, raw: str) -> bool:
        self.log.add(UNRECOGNISED, message, raw=raw)
        self._touched.update(ids)
        return True

    def note_left_out(self, note: str) -> None:
        """A note printed among a row's numbers ("（含自然失效29件）"): no cell's, logged."""
        self.log.add(INTERPRETED, f"表格中的说明“{note.strip()}”不是数字，未读取", raw=note)

    def _put(self, cell_id: str, raw: str) -> None:
        name = self.words.cell_names[cell_id]
        self._touched.add(cell_id)
        text = raw.strip()
        if _PLAIN_COUNT.match(text):  # the usual cell: digits, nothing else to look at
            self.report.set_read(cell_id, text)
            self.log.add(MAPPED, f"{name}＝{text}", cell_id, raw)
            return
        cdef = self.form.cells[cell_id]
        if text in _BLANK:
            self.log.add(INTERPRETED, f"{name}在原文中是空白，留空待填", cell=cell_id, raw=raw)
            self.report.set(cell_id, None, source=IMPORTED)
            return
        if text in ZERO_MARKS or normalize_number_text(text) in ZERO_MARKS:
            self.log.add(INTERPRETED, f"{name}原文为“{text}”，按0读取", cell=cell_id, raw=raw)
            self.report.set(cell_id, 0, source=IMPORTED)
            return
        with_note = cellkind.number_and_note(text)
        if with_note is not None:
            text = with_note[0]
            printed = re.sub(r"\s*\n\s*", "", raw.strip())
            self.log.add(INTERPRETED, f"{name}原文为“{printed}”，按{text}读取，括号中的说明未读取",
                         cell=cell_id, raw=raw)
        try:
            parse_cell(text, cdef.kind)
        except ValueError as exc:
            reason = getattr(exc, "message", None)
            if cellkind.is_bad_number(text) or reason is None:
                self._put_invalid(cell_id, text, cellkind.bad_number_reason(text, reason), raw)
                return
            # kept as printed; rule 5 reports it
        else:
            if not cellkind.is_value_text(text):  # "²", "٣": parsed, but not a number as printed
                self._put_invalid(cell_id, text, cellkind.bad_number_reason(text, None), raw)
                return
            if cdef.kind != AMOUNT and re.search(r"\d[, \u00a0\u2009\u202f\u3000]\d", normalize_number_text(text)):
                self.log.add(INTERPRETED, f"{name}原文“{text}”带千位分隔符", cell=cell_id, raw=raw)
        self.report.set(cell_id, text, source=IMPORTED)
        if cell_id in self.report.invalid:
            self.log.add(INTERPRETED, f"{name}原文为“{text}”，{self.report.invalid[cell_id].reason}，保留原文",
                         cell=cell_id, raw=raw)
        else:
            self.log.add(MAPPED, f"{name}＝{text}", cell=cell_id, raw=raw)

    def _put_invalid(self, cell_id: str, text: str, reason: str, raw: str) -> None:
        self.report.set_invalid(cell_id, text, reason, source=IMPORTED)
        self.log.add(INTERPRETED, f"{self.words.cell_names[cell_id]}原文为“{text}”，{reason}，保留原文（不按0读取）",
                     cell=cell_id, raw=raw)

    # -- end

    def finish(self) -> None:
        """Decide the rows kept for the rules across rows, then log every cell the file did not have."""
        if self._pending:
            self._solve()
        missing_by_table: dict[str, list[str]] = {}
        for cid, cdef in self.form.cells.items():
            if cid not in self._touched:
                missing_by_table.setdefault(cdef.table, []).append(cid)
        for tid, ids in missing_by_table.items():
            table = self.form.tables[tid]
            if len(ids) == len(table.cell_ids()):
                self.log.add(MISSING, f"没有找到{table.short_name}（{table.heading}）")
            else:
                names = "、".join(self.form.cell_name(c) for c in ids[:6])
                more = f"等{len(ids)}个单元格" if len(ids) > 6 else ""
                self.log.add(MISSING, f"没有读到{names}{more}，留空待填")

    def _solve(self) -> None:
        known = {c: v for c, v in self.report.values.items() if v is not None}
        pendings, self._pending = self._pending, []
        for p, option in uncertain.Solver(self.form, known).solve(pendings):
            if option is not None:
                self._take(p.label, p.cells, option, "solved", p.raw.replace("\t", " ").strip(), [], [])
                continue
            sure = uncertain.agreed(p.alive)
            for i, v in sure.items():
                self._put(p.cells[i], v)
            alive = p.alive or p.options
            said = "" if "缺的是哪一格" in p.what else "可以是：" + uncertain.candidates_text(alive) + "，"
            kept = f"其中{len(sure)}格各种读法都相同，已读取；" if sure else ""
            left = "没有一种读法符合各行各列的加总关系，" if not p.alive else "按各行各列的加总关系仍不能确定，"
            self.log.add(UNRECOGNISED, p.what + said + left + kept + "其余未读取（留空）", raw=p.raw)


def _keeps(option, sums) -> bool:
    """Whether a reading breaks no rule inside its row (a rule with a cell not a number is not known)."""
    values = {}
    for i, v in enumerate(option):
        if v is not None:
            number = uncertain.number(v)
            if number is not None:
                values[i] = number
    return all(s.holds(values) is not False for s in sums)


def _collapse(cells: list[str]) -> list[str]:
    """Merge a label repeated in adjacent cells (a merged cell flattened) into one."""
    out: list[str] = []
    for c in cells:
        # (a cell with no line break is stripped either way)
        c = c.replace("\n", "").strip() if "\n" in c and not is_value_text(c) else c.strip()
        if out and c and c == out[-1] and cellkind.kind(c) == cellkind.LABEL:
            continue
        out.append(c)
    return out


def _split(cells: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Labels (text before the numbers), the cells after the last label, and the notes.

    Blank cells between the label and the first number stay among the values: a blank
    first cell is a blank cell, not a missing one (:func:`_fit` drops spacer cells). A cell
    that is no number but stands among the numbers ("x", "1e400") is a value, kept as printed.
    """
    kinds = cellkind.roles(cells)
    if cellkind.NOTE not in kinds and cellkind.VALUE in kinds:
        # The usual row: its labels, then its numbers (and blanks), nothing after them.
        first_value = kinds.index(cellkind.VALUE)
        if cellkind.LABEL not in kinds[first_value:]:
            last_label = first_value - 1
            while last_label >= 0 and kinds[last_label] != cellkind.LABEL:
                last_label -= 1
            return ([c for c, k in zip(cells[:first_value], kinds) if k == cellkind.LABEL],
                    cells[last_label + 1:], [])
    first_value = next((i for i, k in enumerate(kinds) if k == cellkind.VALUE), None)
    labels = [c for c, k in zip(cells[:first_value], kinds) if k == cellkind.LABEL]
    notes = [c for c, k in zip(cells, kinds) if k == cellkind.NOTE]
    if first_value is None:
        return labels, [], notes
    last_label = max((i for i in range(first_value) if kinds[i] == cellkind.LABEL), default=-1)
    rest = list(zip(cells[last_label + 1:], kinds[last_label + 1:]))
    # A label after the numbers (a row label printed at the end) is kept as a label.
    trailing = [c for c, k in rest if k == cellkind.LABEL]
    values = [c for c, k in rest if k in (cellkind.VALUE, cellkind.BLANK)]
    return labels + trailing, values, notes


def _fit(values: list[str], n: int) -> list[str]:
    """Drop spacer cells (empty) at the ends, and between numbers when there are too many."""
    while values and values[-1] == "" and len(values) > n:
        values = values[:-1]
    while values and values[0] == "" and len(values) > n:
        values = values[1:]
    if len(values) > n:
        dense = [v for v in values if v != ""]
        if len(dense) >= n:
            values = dense
    while len(values) > n and values[-1] == "":
        values = values[:-1]
    return values
