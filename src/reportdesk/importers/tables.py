"""Read the rows of published tables (from text, Word or HTML) into cells, by their labels.

A reader turns each printed table row into a list of cell texts and feeds it here with the
part it stands in. Rows are matched by their labels, so a row out of place (the example's
``3. 其他``), a table split across pages, spacer cells and merged labels do not matter.
Every value read, interpreted or left out is written to the import log.
"""

from __future__ import annotations

import difflib
import re

from ..form import AMOUNT, Form, Table
from ..report import IMPORTED, Report
from ..values import normalize_number_text, parse_cell
from . import cellkind, t3header, uncertain
from .cellkind import ZERO_MARKS, is_value_text
from .labels import LabelIndex, RowMatch, normalize_label
from .log import INTERPRETED, MAPPED, MISSING, NOTE, UNRECOGNISED, ImportLog

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
        self._headers: dict[str, list[str]] = {}   # table id -> header texts seen since its last data row
        self._t2_columns: list[str] | None = None
        self._t2_header: list[tuple[str, str | None]] | None = None  # a header with columns not of the form
        self._seen_rows: set[tuple[str, str]] = set()
        self._touched: set[str] = set()
        self._last_row: tuple[str, tuple[str, str]] | None = None  # the last data row's label and row
        self._t3_head: list[list[str]] = []          # table 3's header rows since its last data row
        self._t3_columns: tuple[str, ...] | None = None  # table 3's columns as its header prints them
        self._t3_said: set[str] = set()
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
        cells = _collapse(cells)
        if not any(c.strip() for c in cells) or self.column_numbers(cells):
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
        if match is None and self._t4_data_row(labels, values, table_hint):
            # Table 4's one data row with a caption of its own ("件数", "数量"): its numbers.
            self.log.add(INTERPRETED, f"表四数字行的标题“{' '.join(labels)}”不是表格的行名，按表四的数字读取",
                         raw="\t".join(cells))
            return self._unlabelled_row(values, table_hint, cells)
        if match is None:
            self.log.add(UNRECOGNISED, f"无法识别的表格行“{' | '.join(labels)}”，其数字未读取", raw="\t".join(cells))
            return False
        if match.table == "t4" and not match.exact and self._t4_whole_row(values):
            # Table 4's header run into one label (a PDF's column headers one character a
            # line, "结/果/维/持"), then the table's one data row: header, then numbers.
            self._headers.setdefault("t4", []).extend(labels)
            return self._unlabelled_row(values, "t4", cells)
        self._data_row(match, values, cells)
        return True

    def column_numbers(self, cells: list[str]) -> bool:
        """A row numbering the columns (1 2 3 … n, n ≥ 4: a template's or a converter's made-up
        header): no row of the form holds such numbers (its 总计 would be their sum). Logged once."""
        numbers = [c.strip() for c in cells if c.strip()]
        if len(numbers) < 4 or numbers != [str(i) for i in range(1, len(numbers) + 1)]:
            return False
        if not self._numbered_said:
            self._numbered_said = True
            self.log.add(NOTE, f"表格中给各列编号的一行（{' '.join(numbers)}）不是数字，未读取")
        return True

    def _t4_data_row(self, labels: list[str], values: list[str], table_hint: str | None) -> bool:
        t4 = self.form.tables.get("t4")
        if t4 is None or not (table_hint == "t4" or (table_hint is None and self._headers.get("t4"))):
            return False
        short = all(len(normalize_label(x)) <= 8 for x in labels)
        return short and len(_fit(values, len(t4.cell_ids()))) == len(t4.cell_ids())

    def _t4_whole_row(self, values: list[str]) -> bool:
        t4 = self.form.tables.get("t4")
        return t4 is not None and len(_fit(values, len(t4.cell_ids()))) == len(t4.cell_ids())

    def table_of_part(self, part: str | None) -> str | None:
        """The table printed in a part (t2 for 二、主动公开政府信息情况), or None."""
        for p in self.form.parts:
            if p.id == part and p.table:
                return p.table
        return None

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
        t3_head = self._t3_header_row(labels, norm, table_hint, rows)
        t2 = self.form.tables.get("t2")
        if t2 is not None and table_hint in (None, "t2"):
            block_cols = {normalize_label(c.label): c.id for b in t2.blocks for c in b.columns}
            found = [block_cols[n] for n in norm if n in block_cols]
            corner = {normalize_label(b.corner) for b in t2.blocks}
            at = next((i for i, n in enumerate(norm) if n in corner), None)
            if at is not None and at < len(norm) - 1 and len(found) < len(norm) - 1 - at:
                # A header naming columns the 2021 form does not have (the 2019 form's
                # 本年新制作数量, 上一年项目数量, 本年增/减): each number is read by its header.
                self._t2_header = [(x, self._t2_column(t2, x)) for x in labels[at + 1:]]
                self._t2_columns = None
                return True
            if found:
                self._t2_columns = found
                self._t2_header = None
                return True
        for tid in ("t3", "t4"):
            table = self.form.tables.get(tid)
            if table is None:
                continue
            words = {normalize_label(h.text) for b in table.blocks for h in b.header} | {normalize_label(b.corner) for b in table.blocks}
            if any(n in words for n in norm):
                self._headers.setdefault(tid, []).extend(labels)
                return True
        if t2 is not None:
            known = {normalize_label(b.title) for b in t2.blocks} | {normalize_label(b.corner) for b in t2.blocks}
            if any(n in known for n in norm):
                return True
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
        if t3_head:
            return True
        return self._note_unknown(labels)

    # -- table 3's header

    def _t3_header_row(self, labels: list[str], norm: list[str], table_hint: str | None,
                       rows: list[list[str]] | None) -> bool:
        """Keep a header row of table 3 (its words, also close ones: "公益组织", "合计") for
        the order of its columns. Without a part, only a row naming table 3's own words."""
        t3 = self.form.tables.get("t3")
        if t3 is None or table_hint not in (None, "t3"):
            return False
        v = t3header.vocabulary(t3)
        kinds = [t3header.classify(v, x)[0] for x in labels]
        if not any(k in ("item", "run") for k in kinds):
            return False
        if table_hint is None:
            t4 = self.form.tables.get("t4")
            t4_words = {normalize_label(h.text) for b in t4.blocks for h in b.header} if t4 else set()
            own = {w for w in v.words if w not in t4_words and normalize_label("其他") != w}
            if not any(n in own for n in norm) or any(n in t4_words and n not in v.words for n in norm):
                return False
        self._t3_head.extend(rows if rows else [labels])
        return True

    def _t3_order(self) -> None:
        """Read the header rows kept since table 3's last numbers: the order of its columns."""
        rows, self._t3_head = self._t3_head, []
        t3 = self.form.tables["t3"]
        labels = self.labels
        head = t3header.resolve(t3, rows, skip=lambda x: labels.match_row(x, "t3") is not None
                                or normalize_label(x) in labels.group_labels)
        v = t3header.vocabulary(t3)
        printed = " / ".join(" | ".join(c.strip() for c in r if c.strip()) for r in rows)
        if head.status == t3header.NONE:
            return
        if head.status == t3header.UNSURE:
            self._t3_columns = None
            self._say(INTERPRETED, f"表三的表头不能确定每一列的位置（{head.reason}），按规定的顺序读取："
                      + "、".join(v.labels[c] for c in v.columns) + "，请核对", printed)
            return
        for text, word in head.approx:
            self._say(NOTE, f"表三表头“{text}”按“{word}”读取", printed)
        self._t3_columns = head.order if head.order != v.columns else None
        if self._t3_columns:
            self._say(NOTE, "表三各列按表头顺序读取：" + "、".join(v.labels[c] for c in head.order), printed)

    def _say(self, kind: str, message: str, raw: str) -> None:
        if message not in self._t3_said:  # a header repeated on every page: said once
            self._t3_said.add(message)
            self.log.add(kind, message, raw=raw)

    @staticmethod
    def _t2_column(t2: Table, header: str) -> str | None:
        """The column of table 2 a header names, also in other words ("处理决定数量")."""
        norm = re.sub(r"\(.*$", "", normalize_label(header))
        if not norm:
            return None
        scored = []
        for b in t2.blocks:
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
        block = next(b for b in table.blocks if any(r.id == match.row for r in b.rows))
        columns = [c.id for c in block.columns]
        if table.id == "t3":
            if self._t3_head:
                self._t3_order()
            if self._t3_columns:
                columns = list(self._t3_columns)
        elif self._t3_head:
            self._t3_head = []  # header words of table 3 before another table's rows: not its header
        if table.layout == "blocks" and self._t2_columns and set(self._t2_columns) <= set(columns) \
                and len(self._t2_columns) == len(columns):
            columns = self._t2_columns
        if not match.exact:
            self.log.add(INTERPRETED, f"表格行“{match.label.strip()}”按“{_row_label(table, match.row)}”读取",
                         cell=f"{table.id}.{match.row}.{columns[0]}", raw=match.label)
        key = (table.id, match.row)
        self._last_row = (match.label, key)
        if key in self._seen_rows:
            self.log.add(NOTE, f"“{_row_label(table, match.row)}”出现了不止一次，采用后一次的数字", raw="\t".join(cells))
        self._seen_rows.add(key)
        if table.layout == "blocks" and self._t2_header is not None:
            values, columns = self._by_header(table, match, values, columns, cells)
            if not columns:
                return
        name = _row_label(table, match.row)
        self._place(name, [f"{table.id}.{match.row}.{col}" for col in columns], values, cells)

    def _by_header(self, table: Table, match: RowMatch, values: list[str], columns: list[str],
                   cells: list[str]) -> tuple[list[str], list[str]]:
        """A table-2 row under a header with columns the form does not have: only the numbers
        under a column of the form are read; the others are logged, never put elsewhere."""
        header = self._t2_header or []
        values = _fit(values, len(header))
        keep_values, keep_columns, dropped = [], [], []
        for (text, col), raw in zip(header, values):
            if col in columns and col not in keep_columns:
                keep_values.append(raw)
                keep_columns.append(col)
            else:
                dropped.append(text)
        label = _row_label(table, match.row)
        if dropped:
            self.log.add(UNRECOGNISED, f"“{label}”一行中“{'”“'.join(dropped)}”不是本格式表二的栏目，这些数字未读取",
                         raw="\t".join(cells))
        return keep_values, keep_columns

    def _unlabelled_row(self, values: list[str], table_hint: str | None, cells: list[str]) -> bool:
        t4 = self.form.tables.get("t4")
        if t4 is None or table_hint not in (None, "t4"):
            if table_hint is not None:
                self.log.add(UNRECOGNISED, f"没有行标题的一行数字未读取：{' '.join(values)}", raw="\t".join(cells))
            return False
        ids = t4.cell_ids()
        columns = t4.blocks[0].columns
        ncol = len(columns)
        fitted = _fit(values, len(ids))
        if len(fitted) != len(ids) and not (table_hint == "t4" or self._headers.get("t4")):
            return False
        order = self._t4_group_order(t4)
        ordered = [f"t4.{g}.{c.id}" for g in order for c in columns]
        if not self._place("表四", ordered, values, cells, only_if_readable=True):
            # Table 4 printed as two tables (行政复议 | 行政诉讼): a row of 5 or 10 numbers.
            order = self._t4_part_order(t4, len(fitted))
            if order is None:
                self.log.add(UNRECOGNISED, f"表四应有{len(ids)}个数，读到{len(fitted)}个，分不清每个数属于哪一格，"
                             "未读取（留空）", raw="\t".join(cells))
                self._touched.update(ordered)
            else:
                self._place("表四", [f"t4.{g}.{c.id}" for g in order for c in columns], fitted, cells)
        self._headers.pop("t4", None)
        return True

    def _t4_positions(self, t4: Table) -> dict[str, int]:
        """Where the header seen since table 4's last numbers names each group (-1: not named)."""
        header = "".join(normalize_label(h) for h in self._headers.get("t4", []))
        pos = {}
        for r in t4.blocks[0].rows:
            key = "未经复议" if r.id == "suit_direct" else r.label
            pos[r.id] = header.find(normalize_label(key))
        return pos

    def _t4_part_order(self, t4: Table, count: int) -> list[str] | None:
        """Table 4 printed as two tables (行政复议 | 行政诉讼): the groups a row of 5 or 10
        numbers belongs to — those its header names, else the next groups not yet read."""
        rows = t4.blocks[0].rows
        ncol = len(t4.blocks[0].columns)
        if count % ncol or not count:
            return None
        pos = self._t4_positions(t4)
        named = sorted((r.id for r in rows if pos[r.id] >= 0), key=lambda r: pos[r])
        if len(named) * ncol == count:
            order = named
        else:
            unread = [r.id for r in rows if not any(c.startswith(f"t4.{r.id}.") for c in self._touched)]
            if named or len(unread) * ncol < count:
                return None
            order = unread[: count // ncol]
        self.log.add(NOTE, "表四分开印刷，这一行按" + "、".join(
            next(x.label for x in rows if x.id == r) for r in order) + "读取")
        return order

    def _t4_group_order(self, t4: Table) -> list[str]:
        """The order of 行政复议 / 未经复议直接起诉 / 复议后起诉 as the header printed them."""
        rows = t4.blocks[0].rows
        default = [r.id for r in rows]
        pos = self._t4_positions(t4)
        if all(i >= 0 for i in pos.values()):
            order = sorted(default, key=lambda r: pos[r])
            if order != default:
                self.log.add(NOTE, "表四各组按表头顺序读取：" + "、".join(
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
        raw = "\t".join(cells)
        fitted = _fit(values, n)
        if len(fitted) == n and not any(uncertain.grouped(v) or uncertain.has_leading_zero(v) for v in fitted):
            for cid, v in zip(ids, fitted):
                self._put(cid, v)
            return True
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
                self.log.add(INTERPRETED, f"{self.form.cell_name(cid)}在原文中没有，留空待填", cell=cid)
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
        cdef = self.form.cells[cell_id]
        self._touched.add(cell_id)
        text = raw.strip()
        if _PLAIN_COUNT.match(text):  # the usual cell: digits, nothing else to look at
            self.report.set(cell_id, text, source=IMPORTED)
            self.log.add(MAPPED, f"{self.form.cell_name(cell_id)}＝{text}", cell=cell_id, raw=raw)
            return
        name = self.form.cell_name(cell_id)
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
        self.log.add(INTERPRETED, f"{self.form.cell_name(cell_id)}原文为“{text}”，{reason}，保留原文（不按0读取）",
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


def _row_label(table: Table, row_id: str) -> str:
    return next(r.label for r in table.rows if r.id == row_id)


def _collapse(cells: list[str]) -> list[str]:
    """Merge a label repeated in adjacent cells (a merged cell flattened) into one."""
    out: list[str] = []
    for c in cells:
        c = c.replace("\n", "").strip() if not is_value_text(c) else c.strip()
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
