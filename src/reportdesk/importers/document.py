"""Assemble a published report from its blocks, whatever file they came from.

Every reader (text, Word, web page, PDF) turns its file into a sequence of blocks in reading
order: a :class:`Line` (a paragraph or a line of text) or a :class:`Row` (the cell texts of
one printed table row). :func:`assemble` then does what is common to all of them:

- the title gives the agency and the year;
- the part headings (一、总体情况 …) and the sub-headings of 总体情况 split the prose into
  the text parts;
- table rows go to :class:`~reportdesk.importers.tables.TableReader`, which maps them by
  their labels (never by position);
- text whose table cells were flattened into lines (copied from a PDF viewer, one cell per
  line; a markdown table; a row wrapped over two lines) is put back together into rows by
  :class:`RowCollector` first.

Everything read, interpreted or left out goes to the import log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..form import Form
from ..report import IMPORTED, Report
from ..values import cn_number, squash_spaces
from . import cellkind
from .cells import EMPTY_CELL, split_cells
from .labels import LabelIndex, RowMatch, normalize_label, strip_numbering
from .log import INTERPRETED, MISSING, NOTE, UNREAD_KINDS, ImportLog, LogEntry
from .runtogether import Scanner, split_body
from .tables import TableReader, is_value_text


@dataclass(frozen=True)
class Line:
    """A paragraph (or one line of a text file) outside a table."""

    text: str


@dataclass(frozen=True)
class Row:
    """The cell texts of one printed table row, merged cells given once."""

    cells: tuple[str, ...]


Block = Line | Row

# Numbering that opens a new label: 一、 （一） 1. 1、 (1) ①
_OPENS_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|[一二三四五六七八九十]是|\([一二三四五六七八九十]+\)|\d+、|\(\d+\)|[①-⑳])")
# A paragraph ends with a full stop (or a colon, or a closing quote after one); a line that
# does not was wrapped by the viewer it was copied from.
_PARAGRAPH_END = re.compile(r"[。！？!?；;：:…”」』）)]$")
# Lines a page or a PDF viewer adds that belong to no report: page numbers, print buttons.
_NOISE = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|【?\s*(?:打印本页|关闭窗口|打印|关闭|返回顶部|字体|分享到|扫一扫)[^。]{0,20}】?)$")


# A site's pager under an article published over several pages ("共2页 第1页 第2页 下一页 尾页",
# "首页 上一页 [1] [2] 下一页"): the file holds only one of the pages.
_PAGER_TOKEN = (r"(?:共\s*\d+\s*页|当前第?\s*\d+\s*页|第\s*\d+\s*页|首页|上一页|下一页|尾页|末页|前一页|后一页"
                r"|[\[【]?\s*\d{1,2}\s*[\]】]?|跳转(?:到|至)?|转到|GO|确定|页)")
_PAGER = re.compile(rf"^(?:{_PAGER_TOKEN}[\s,，|｜:：/«»<>…]*)+$", re.IGNORECASE)


# The lines a government site prints after an article, once the article is over.
_SITE_END = re.compile(
    r"^[【\[]?\s*(?:相关链接|相关文章|相关阅读|相关信息|相关文件|打印本页|打印此页|关闭窗口|关闭本页|扫一扫|分享到|"
    r"主办单位|主办[：:]|承办单位|版权所有|网站地图|联系我们|上一篇|下一篇)"
    r"|网站标识码|ICP备|公网安备|Copyright|©")


def pager(text: str) -> tuple[int | None, int | None] | None:
    """(pages, this page) when a line is a site's pager, each None when it does not say; else
    None. A PDF's page footer ("第1页 共3页") is no pager: it names one page and no other."""
    plain = re.sub(r"\s+", " ", text).strip()
    if len(plain) > 120 or not _PAGER.match(plain):
        return None
    named = {int(n) for n in re.findall(r"(?<!当前)第\s*(\d+)\s*页", plain)}
    steps = set(re.findall(r"上一页|前一页|下一页|后一页|尾页|末页", plain))
    current = re.search(r"当前第?\s*(\d+)\s*页", plain)
    if not steps and len(named) < 2 and not current:
        return None
    total = re.search(r"共\s*(\d+)\s*页", plain)
    pages = int(total.group(1)) if total else (max(named) if len(named) >= 2 else None)
    this = int(current.group(1)) if current else None
    if this is None and steps:
        back = bool(steps & {"上一页", "前一页"})
        on = bool(steps & {"下一页", "后一页"})
        if on and not back:
            this = 1
        elif back and not on and pages:
            this = pages
    return pages, this


def _numbered_heading(line: str) -> bool:
    """A short numbered line ("（一）存在的主要问题", "六、加强队伍建设"): a heading of its own,
    not a piece of a wrapped paragraph (a viewer wraps lines at the full page width)."""
    return len(line) <= 24 and bool(_OPENS_LABEL.match(normalize_label(line[:6])))


def find_title(lines: list[str], form: Form, limit: int = 8) -> tuple[str, int | None, int, int]:
    """Agency, year, and where the title is: (agency, year, first line, line after it).

    The title may be broken over up to three lines. (``"", None, 0, 0`` when none is found.)
    """
    for pattern in (form.title_pattern, _LOOSE_TITLE, _YEAR_FIRST_TITLE):
        for start in range(min(len(lines), limit)):
            for length in (1, 2, 3):
                chunk = "".join(x.strip() for x in lines[start:start + length])
                if len(chunk) > 120:
                    break
                m = pattern.search(chunk)
                if m:
                    year = cn_number(m.group("year"))
                    agency = squash_spaces(m.group("agency")).replace(" ", "")
                    agency = re.sub(r"^[【\[（(]?(?:关于)?", "", agency).strip("“”\"《》 ")
                    agency = re.sub(r"关于$", "", agency)  # "某局关于2023年度……报告"
                    if not _agency_like(agency):
                        continue  # "索引号：…发布机构：…名称：…", "根据《条例》，现公布本局…"
                    return agency, year, start, start + length
    return "", None, 0, 0


# What an agency's name never holds: a field label's colon (a page's 索引号/名称 box), a
# sentence's punctuation, a book title's brackets (a preamble naming the 条例), a tab.
_NOT_AGENCY = re.compile(r"[：:，,。；;《》\t]|索引号|发布机构|发文日期")


def _agency_like(agency: str) -> bool:
    return len(agency) <= 40 and not _NOT_AGENCY.search(agency)


# Titles that leave out a word of the form's: "……2023年政府信息公开工作报告", "……2023年政府信息公开年报".
_LOOSE_TITLE = re.compile(
    r"^\s*(?:关于)?(?P<agency>[^。；，,]*?)\s*(?P<year>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*度?\s*(?:的)?\s*"
    r"政府信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:报告|年报)\s*$")

# The year before the agency: "2023年某某县市场监督管理局政府信息公开工作年度报告".
_YEAR_FIRST_TITLE = re.compile(
    r"^\s*(?:关于)?\s*(?P<year>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*度?\s*(?P<agency>[^。；，,\d]{2,40}?)\s*"
    r"政府信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:报告|年报)\s*$")


class RowCollector:
    """Puts table rows back together from text whose cells were split over lines.

    Cells arrive one line at a time (a row flattened with tabs, a PDF copy with one cell per
    line, a row wrapped in two). Labels gather until numbers follow; the numbers that follow
    belong to the labels before them until the next label. A label broken over two lines
    ("（二）部分公开（区分处理的，只计这一情" / "形，不计其他情形）", "结果" / "维持") is
    joined again when its first piece is no label of the form.
    """

    def __init__(self, tables: TableReader, known: set[str]):
        self.tables = tables
        self.known = known
        self.labels: list[str] = []
        self.label_lines: list[int] = []  # the line each label began on (header rows are lines)
        self.line = 0
        self.values: list[str] = []
        self.lines: list[int] = []  # how many numbers each line brought, in order
        self.pending: list[tuple[list[str], list[str], list[int], list[int]]] = []  # rows waiting for their numbers
        self.orphans: tuple[list[str], list[str], list[int], list[int]] | None = None  # numbers waiting for labels
        self.part: str | None = None

    def add(self, cells: list[str], part: str | None) -> None:
        """One line's cells."""
        if part != self.part:
            self.flush()
            self.part = part
        cells = [c.strip() for c in cells]
        if cells == [EMPTY_CELL]:
            if self.labels:  # an empty cell of the row being gathered
                self.values.append("")
                self.lines.append(1)
            return
        if not any(cells):
            return
        self.line += 1
        if self.tables.column_numbers(cells):
            return
        kinds = cellkind.roles(cells, labelled=bool(self.labels))
        if cellkind.NOTE in kinds:
            # A note among the numbers ("（含自然失效29件）", also on a line of its own): no cell's.
            for c, k in zip(cells, kinds):
                if k == cellkind.NOTE:
                    self.tables.note_left_out(c)
            cells = [c for c, k in zip(cells, kinds) if k != cellkind.NOTE]
            kinds = [k for k in kinds if k != cellkind.NOTE]
            if not any(cells):
                return
        first_value = next((i for i, k in enumerate(kinds) if k == cellkind.VALUE), None)
        head = cells if first_value is None else cells[:first_value]
        labels = [c for c in head if c]
        last_label = max((i for i, c in enumerate(head) if c), default=-1)
        values = [] if first_value is None else cells[last_label + 1:]
        value_kinds = kinds[last_label + 1:]
        if cellkind.LABEL in value_kinds:  # numbers, then a label: a new row begins after the numbers
            self.add(cells[:last_label + 1] + [v for v, k in zip(values, value_kinds) if k != cellkind.LABEL], part)
            self.add([v for v, k in zip(values, value_kinds) if k == cellkind.LABEL], part)
            return
        if labels and self.values and self.labels and self._completes(self.labels[-1], labels[0]):
            # The end of a label printed after its numbers (a PDF cell's last line): it
            # belongs to the row before, not to a new one.
            self.labels[-1] += labels[0]
            labels = labels[1:]
        if labels and self.values:
            self.flush(final=False)
        for i, label in enumerate(labels):
            # Cells of one line stand apart: only a line's first cell may finish a label
            # broken at the end of the line before.
            self._add_label(label, same_line=i > 0)
        if values:
            self.values.extend(values)
            self.lines.append(len(values))
        if len(self.values) > max(64, 16 * len(self.labels)):
            # No printed row has this many numbers, and no run of labels this few: stop gathering.
            self.flush(final=False)

    def _add_label(self, label: str, same_line: bool = False) -> None:
        if self.labels:
            prev = self.labels[-1]
            norm = normalize_label(label)
            index = self.tables.labels
            joined = index.match_row(prev + label)
            own = index.match_row(label)
            if own is not None and own.exact and re.sub(r"[\d.、．\s]", "", prev):
                # A row's whole label ("3.其他" after "2.申请人逾期…") is a row of its own,
                # though the two together end in it; a bare "3" before "其他" is its numbering.
                self.labels.append(label)
                self.label_lines.append(self.line)
                return
            if (joined is not None and joined.exact) or index.is_label_start(prev + label) or (
                    not same_line and not _OPENS_LABEL.match(norm) and not self._known(prev)
                    and not self._known(label)):
                self.labels[-1] = prev + label
                return
        self.labels.append(label)
        self.label_lines.append(self.line)

    def _completes(self, head: str, tail: str) -> bool:
        """Whether ``tail`` finishes ``head`` into a row label that ``head`` alone is not."""
        index = self.tables.labels
        whole = index.match_row(head + tail)
        if whole is None or not whole.exact:
            return False
        own = index.match_row(tail)
        if own is not None and own.exact:
            return False  # the tail is a row's whole label ("5.属于三类内部事务信息"): a new row
        alone = index.match_row(head)
        # "…只计这一情" + "形，不计其他情形）" finishes the row the head began; a tail that is
        # the next row's own label ("2.申请人逾期…") begins a new row instead.
        return alone is None or (not alone.exact and (alone.table, alone.row) == (whole.table, whole.row))

    def _known(self, label: str) -> bool:
        norm = normalize_label(label)
        return norm in self.known or strip_numbering(norm) in self.known

    def flush(self, final: bool = True) -> None:
        """Feed what has gathered: header labels as a header row, then the data row.

        ``final`` is False when only the next row's label ends the gathering: labels of
        several rows still waiting for their lines of numbers (a table printed side by side,
        broken across a page at different rows) may then wait for the next page.
        """
        if not (self.labels or self.values or self.lines or self.label_lines or self.pending) \
                and self.orphans is None:
            return   # nothing gathered (before every row of a Word or web table)
        labels, values, lines, label_lines = self.labels, self.values, self.lines, self.label_lines
        self.labels, self.values, self.lines, self.label_lines = [], [], [], []
        segments = self.pending + ([(labels, values, lines, label_lines)] if labels or values else [])
        self.pending = []
        if segments and self.orphans is not None:
            segments[0] = self._labels_after(segments[0])
        elif final and self.orphans is not None:
            orphans, self.orphans = self.orphans, None
            self._feed(orphans[0], orphans[1], orphans[3])
        elif not final and len(segments) == 1 and segments[0][1] and self._labelled_table() \
                and not any(self._row_label(x) and not self._header_word(segments[0][0], i)
                            for i, x in enumerate(segments[0][0])):
            # Lines of numbers with no row label (a converter pushed the labels out of the
            # table; header text may stand before them): the labels may follow, as many as the lines.
            head, values, counts, head_lines = segments[0]
            if head:
                self.tables.feed(head, self.part, _by_line(head, head_lines))
            self.orphans = ([], values, counts, [])
            return
        if any(seg[1] for seg in segments):
            paired = self._paired(segments)
            if paired == "wait" and not final:
                self.pending = segments
                return
            if paired is True:
                return
        for seg in segments:
            self._feed(seg[0], seg[1], seg[3])

    def _labelled_table(self) -> bool:
        """Whether the part's table labels each printed row (not a single_row table, whose one
        row of numbers stands under its header with no label)."""
        tid = self.tables.table_of_part(self.part)
        return tid is not None and self.tables.form.tables[tid].layout != "single_row"

    def _labels_after(self, segment):
        """Lines of numbers with no label, then the labels of as many rows, each with no number
        of its own: each line goes to its label, in order. Anything else, and the lines are
        read as rows with no label (not read, logged)."""
        orphans, self.orphans = self.orphans, None
        labels, values, counts, label_lines = segment
        k = len(orphans[2])
        hint = self.tables.table_of_part(self.part)
        rows = [self.tables.labels.match_row(x, hint) for x in labels[:k]]
        widths = {_width(self.tables.form, m) for m in rows if m is not None}
        fits = len(labels) >= k and all(rows) and len(widths) == 1 and set(orphans[2]) <= widths \
            and (len(labels) > k or not values)
        if not fits:
            self._feed(*orphans[:2], orphans[3])
            return segment
        start = 0
        for label, n in zip(labels[:k], orphans[2]):
            self.tables.feed([label] + orphans[1][start:start + n], self.part)
            start += n
        self.tables.log.add(INTERPRETED, "表格中没有行标题的" + str(k) + "行数字，按其后文字中依次列出的行标题读取："
                            + "、".join(labels[:k]))
        return labels[k:], values, counts, label_lines[k:]

    def _feed(self, labels: list[str], values: list[str], label_lines: list[int]) -> None:
        if not labels and not values:
            return
        if not values:
            self.tables.feed(labels, self.part, _by_line(labels, label_lines))
            return
        # The row's own labels are the trailing run that name rows of the form (or the
        # groups they sit in); what stands before them is header text. A column header
        # among header words ("其他", "总计" after "法律服务机构") is header text too, though
        # a row of table 3 bears the same name.
        split = len(labels)
        while split > 0 and self._row_label(labels[split - 1]) and not self._header_word(labels, split - 1):
            split -= 1
        if split:
            self.tables.feed(labels[:split], self.part, _by_line(labels[:split], label_lines[:split]))
        self.tables.feed(labels[split:] + values, self.part)

    def _paired(self, segments) -> bool | str:
        """Labels of several rows, then as many lines of numbers, each a whole row's (the text
        layer of a table printed as two tables side by side, labels in one, numbers in the
        other): each line goes to its label, in order. Only when the counts leave no doubt:
        the row labels stand together (group labels and column headers may sit among them,
        nothing else), every line has a whole row's numbers, and there are as many lines as
        labels — across pages when the two tables break at different rows ("wait": more
        may come). Else False, and the rows are read one by one as printed."""
        index = self.tables.labels
        hint = self.tables.table_of_part(self.part)
        rows: list[tuple[str, RowMatch]] = []
        head: list[str] = []
        lines: list[list[str]] = []
        for labels, values, counts, _label_lines in segments:
            kinds = []
            for i, label in enumerate(labels):
                m = index.match_row(label, hint)
                norm = normalize_label(label)
                if m is not None and not self._header_word(labels, i):
                    kinds.append(("row", m))
                elif norm in index.group_labels:
                    kinds.append(("group", None))
                elif self._header_text(norm):
                    kinds.append(("head", None))
                else:
                    kinds.append(("other", None))
            at = [i for i, (k, _m) in enumerate(kinds) if k == "row"]
            if at and any(kinds[i][0] == "other" for i in range(at[0], at[-1] + 1)):
                return False
            if rows and at and any(k == "other" for k, _m in kinds[:at[0]]):
                return False  # an unknown label between the rows of two pages
            rows += [(labels[i], kinds[i][1]) for i in at]
            head += [x for x, (k, _m) in zip(labels, kinds) if k in ("head", "other")]
            start = 0
            for n in counts:
                lines.append(values[start:start + n])
                start += n
        if len(rows) < 2 or not lines:
            return False
        widths = {_width(self.tables.form, m) for _label, m in rows}
        if len(widths) != 1 or any(len(line) != next(iter(widths)) for line in lines):
            return False
        if len(rows) != len(lines):
            return "wait"
        if head:
            self.tables.feed(head, self.part)
        for (label, _m), line in zip(rows, lines):
            self.tables.feed([label] + line, self.part)
        return True

    def _header_word(self, labels: list[str], i: int) -> bool:
        """Whether ``labels[i]`` is a column header standing among column headers."""
        words = self._column_words()
        norm = normalize_label(labels[i])
        if norm not in words:
            return False
        return any(self._header_text(normalize_label(labels[j])) for j in (i - 1, i + 1) if 0 <= j < len(labels))

    def _header_text(self, norm: str) -> bool:
        """Whether a label is column headers of the tables with a printed header (表三, 表四),
        one or several run together ("自然人商业企业科研机构", "其他总计", as a PDF's header one
        character a line gives)."""
        if not norm:
            return False
        words = self._column_words()
        if norm in words:
            return True
        rest = norm
        for w in sorted(words, key=len, reverse=True):
            rest = rest.replace(w, "")
            if not rest:
                return True
        return not rest

    def _column_words(self) -> set[str]:
        return self.tables.words.column_words

    def _row_label(self, label: str) -> bool:
        hint = self.tables.table_of_part(self.part)
        if self.tables.labels.match_row(label, hint) is not None:
            return True
        return normalize_label(label) in self.tables.labels.group_labels


def _width(form: Form, m: RowMatch) -> int:
    """How many numbers the row a label names has."""
    table = form.tables[m.table]
    return len(next(b for b in table.blocks if any(r.id == m.row for r in b.rows)).columns)


def _by_line(labels: list[str], label_lines: list[int]) -> list[list[str]] | None:
    """Header labels gathered over several lines, one list per line (None for one line)."""
    if len(label_lines) != len(labels) or len(set(label_lines)) < 2:
        return None
    rows: list[list[str]] = []
    last = None
    for label, line in zip(labels, label_lines):
        if line != last:
            rows.append([])
            last = line
        rows[-1].append(label)
    return rows


def _single_text(cells) -> str:
    """The text of a row whose cells hold one text (a merged cell given once, or repeated)."""
    one = ""
    for c in cells:
        c = c.strip()
        if c and c != one:
            if one:
                return ""   # (most rows: at their second cell)
            one = c
    return one


def known_labels(form: Form, labels: LabelIndex) -> set[str]:
    """Every label and header text the form prints, normalised: what is never joined."""
    cached = getattr(labels, "known", None)
    if cached is not None:
        return cached
    known: set[str] = set(labels.group_labels)
    for table in form.tables.values():
        for block in table.blocks:
            known.add(normalize_label(block.title))
            known.add(normalize_label(block.corner))
            for h in block.header:
                known.add(normalize_label(h.text))
            for c in block.columns:
                known.add(normalize_label(c.label))
            for r in block.rows:
                n = normalize_label(r.label)
                known.add(n)
                known.add(strip_numbering(n))
    known.discard("")
    labels.known = known
    return known


class Assembler:
    """Builds a report from blocks: title, parts, texts and tables."""

    def __init__(self, form: Form, log: ImportLog | None = None, *, join_wrapped: bool = False):
        self.form = form
        self.report = Report(form, derive=False)
        self.log = log or ImportLog()
        self.labels = LabelIndex.of(form)
        self.tables = TableReader(form, self.report, self.log, self.labels)
        self.collector = RowCollector(self.tables, known_labels(form, self.labels))
        self.scanner = Scanner.of(form, self.labels)
        self.join_wrapped = join_wrapped
        self.parts = {p.id: p for p in form.parts}
        self.part: str | None = None
        self.text_id: str | None = None
        self.paragraphs: dict[str, list[str]] = {}
        self.skipped_before = 0
        self.headed: set[str] = set()  # parts whose sub-parts have headings of their own ("（一）主动公开")
        self.pagers: list[tuple[int | None, int | None]] = []  # the site's pagers seen
        self.ended = False  # the page's chrome after the report has begun
        self.chrome_after = 0

    def run(self, blocks: Iterable[Block], split_line=None) -> tuple[Report, ImportLog]:
        """Read every block; ``split_line`` turns a line inside a table part into cells."""
        split_line = split_line or split_cells
        self.split_line = split_line
        blocks = self._unrun_body(blocks)
        # A page laid out as one table gives its title and paragraphs as rows of one cell.
        lines = [x for b in blocks[:40] for x in (
            [b.text] if isinstance(b, Line) else _single_text(b.cells).split("\n")) if x.strip()]
        # A page copied whole puts its menus, breadcrumb and 索引号 box before the title: look
        # as far as the first part heading.
        first_part = next((i for i, x in enumerate(lines) if self.labels.part_heading(squash_spaces(x))), len(lines))
        agency, year, start, end = find_title(lines, self.form, limit=max(8, first_part))
        self.report.agency, self.report.year = agency, year
        title_lines = set(lines[start:end]) if end else set()
        if end:
            self.log.add(NOTE, f"标题：机关“{agency or '（未写明）'}”，年度{year}")
            if not agency:
                self.log.add(MISSING, "标题中没有机关名称，需要填写")
        else:
            self.log.add(MISSING, "没有找到“××××年政府信息公开工作年度报告”标题，机关名称和年度需要填写")
        for block in blocks:
            if isinstance(block, Line):
                text = block.text.strip()
                if not text or (title_lines and text in title_lines and self.part is None):
                    continue
                self._line(text, block.text, split_line)
            else:
                self._row(list(block.cells), title_lines)
        self.collector.flush()
        if self.skipped_before:
            self.log.add(NOTE, f"报告第一部分之前有{self.skipped_before}段文字（开头的说明），未读取")
        if self.chrome_after:
            self.log.add(NOTE, f"报告正文之外的网页内容（相关链接、打印/关闭、页脚等）{self.chrome_after}行，未读取")
        unread_before = len(self.log.unread())
        self._assign_texts()
        self.tables.finish()
        if self.pagers:
            self._pages(unread_before)
        return self.report, self.log

    def _unrun_body(self, blocks: Iterable[Block]) -> list[Block]:
        """A whole report run into one line (a crawler's copy): cut at its headings."""
        out: list[Block] = []
        for b in blocks:
            pieces = split_body(b.text, self.form) if isinstance(b, Line) and len(b.text) > 200 else None
            if pieces is None:
                out.append(b)
            else:
                out += [Line(x) for x in pieces]
        return out

    def _pages(self, unread_before: int) -> None:
        """An article a site publishes over several pages: say that the file is one page of
        several when it lacks cells or parts (they are on the others), first among what was
        not read; else the pagers were only left out (the pages saved together)."""
        pages = max((p for p, _t in self.pagers if p), default=None)
        this = {t for _p, t in self.pagers if t}
        if pages is not None and pages < 2:
            return
        if len(self.log.unread()) == unread_before:
            self.log.add(NOTE, "网页的分页链接（“第1页/第2页”）未读取")
            return
        of = f"共{pages}页" if pages else "分多页"
        if len(this) == 1:
            k = next(iter(this))
            rest = "、".join(f"第{i}页" for i in range(1, (pages or 0) + 1) if i != k) or "其余各页"
            which = f"网页的报告正文{of}，这个文件只是第{k}页：{rest}的内容不在文件中"
        else:
            which = f"网页的报告正文{of}，这个文件只有其中的页面，其余页的内容不在文件中"
        entry = LogEntry(MISSING, which + "。下面缺少的表格、单元格和部分请打开其余各页核对（未作推测，留空）")
        first_unread = next((i for i, e in enumerate(self.log.entries) if e.kind in UNREAD_KINDS),
                            len(self.log.entries))
        self.log.entries.insert(first_unread, entry)

    # -- blocks

    def _line(self, text: str, raw: str, split_line) -> None:
        if text == EMPTY_CELL:
            part = self.parts.get(self.part) if self.part else None
            if part is not None and part.table:
                self.collector.add([EMPTY_CELL], self.part)
            return
        plain = squash_spaces(text)
        if _NOISE.match(plain):
            return
        if ("页" in plain and (paging := pager(plain)) is not None):
            self.pagers.append(paging)
            return
        if self.ended:
            # A second page pasted after the first one's footer: a part heading or a line of
            # the form's table labels resumes the report; the rest is the site's.
            cells = split_line(raw) if "\t" in raw else [plain]
            if not (self.labels.part_heading(plain) or self._table_line(plain)
                    or any(self._table_cell(c) for c in cells)):
                self.chrome_after += 1
                return
            self.ended = False
        if self.part is not None and _SITE_END.search(plain) and len(plain) <= 80:
            # The page's own ending (相关链接, 打印本页, 扫一扫, the footer's 网站标识码): what
            # follows is the site's, not the report's.
            self.collector.flush()
            self.ended = True
            self.chrome_after += 1
            return
        if "\t" not in raw and self._heading(plain):
            return
        part = self.parts.get(self.part) if self.part else None
        if part is not None and part.table:
            together = self.scanner.run_together(raw.strip()) if "\t" not in raw else None
            if together is not None:
                # Cells run together, their separators lost: the form's words and the digits
                # between them, a row a line.
                for cells in together:
                    if not (len(cells) == 1 and self._heading(squash_spaces(cells[0]))):
                        self.collector.add(cells, self.part)
                return
            # A table typed as lines (tabs, runs of spaces, one cell per line) into any file.
            self.collector.add(split_line(raw), self.part)
            return
        if part is None:
            if "\t" in raw or self._table_line(plain):
                cells = split_line(raw)
                if self._collecting() or any(self._table_cell(c) for c in cells):
                    self.collector.add(cells, None)  # a table before any heading
                    return
            self.skipped_before += 1  # prose, or a page's 索引号/发布机构 box
            return
        sub = self.labels.text_heading(plain, part.id)
        if sub:
            self.text_id, rest = sub
            self.headed.add(part.id)
            if rest:
                self.paragraphs.setdefault(self.text_id, []).append(rest)
            return
        if part.id not in self.headed:
            # "一是主动公开。……": the enumeration opens the sub-part it names (only in a part
            # with no "（一）" headings, where it would be a list inside a sub-part); the line
            # is prose and stays in the text.
            sub = self.labels.enumerated_heading(plain, part.id)
            if sub is not None and sub[0] != self.text_id:
                self.text_id, keep = sub
                if keep:
                    self.paragraphs.setdefault(self.text_id, []).append(keep)
                return
        if self.text_id is None:
            self.text_id = part.whole or part.texts[0]
        paras = self.paragraphs.setdefault(self.text_id, [])
        if self.join_wrapped and paras and not _PARAGRAPH_END.search(paras[-1]) \
                and not _numbered_heading(paras[-1]) and not _numbered_heading(plain):
            paras[-1] += plain  # a line wrapped by a PDF viewer: the paragraph goes on
        else:
            paras.append(plain)

    def _collecting(self) -> bool:
        c = self.collector
        return bool(c.labels or c.values or c.pending)

    def _table_cell(self, cell: str) -> bool:
        """A cell naming a row, group or column of the form's tables (or a number once a table
        has begun): what a table's line holds, unlike a page's 索引号 box."""
        cell = cell.strip()
        return bool(cell) and (self.collector._known(cell) or self.labels.match_row(cell) is not None
                               or self.collector._header_text(normalize_label(cell)))

    def _table_line(self, plain: str) -> bool:
        """A line of one cell before any heading that belongs to a table (a page whose first
        part is on another page, copied one cell a line): a label of the form's tables, or a
        number while such a table is being gathered. Prose never is either."""
        if is_value_text(plain):
            return self._collecting()
        norm = normalize_label(plain)
        if norm in self.labels.group_labels:
            return True
        m = self.labels.match_row(plain)
        return m is not None and m.exact

    def _heading(self, plain: str) -> bool:
        new_part = self.labels.part_heading(plain)
        if not new_part:
            return False
        self.collector.flush()
        self.part = new_part
        p = self.parts[new_part]
        self.text_id = p.texts[0] if len(p.texts) == 1 else (p.whole or None)
        return True

    def _row(self, cells: list[str], title_lines: set[str] = frozenset()) -> None:
        text = _single_text(cells)
        if text:
            only = squash_spaces(text)
            if self._heading(only):  # a part heading printed as the table's first row
                return
            if "页" in only and (paging := pager(only)) is not None:  # a pager laid out in a table
                self.pagers.append(paging)
                return
            if self._paragraph_row(text, title_lines):
                return
        self.collector.flush()
        if self.ended and any(self._table_cell(c) for c in cells):
            self.ended = False
        self.tables.feed(cells, self.part if self.part and self.parts[self.part].table else None)

    def _paragraph_row(self, text: str, title_lines: set[str]) -> bool:
        """A row of one cell outside the tables' parts holding no label of a table: a paragraph
        of a page laid out as one table (title, headings and prose each a row). Read as lines."""
        part = self.parts.get(self.part) if self.part else None
        if part is not None and part.table:
            return False
        if is_value_text(text) or self.collector._known(text) or self.labels.match_row(text) is not None:
            return False
        self.collector.flush()
        for line in text.split("\n"):
            line = line.strip()
            if line and not (title_lines and line in title_lines and self.part is None):
                self._line(line, line, self.split_line)
        return True

    # -- texts

    def _assign_texts(self) -> None:
        report, paragraphs = self.report, self.paragraphs
        for part in self.form.parts:
            if not part.texts:
                continue
            if part.whole and part.whole in paragraphs and any(t in paragraphs for t in part.texts):
                # Prose before the first sub-heading belongs to the first sub-part.
                first = part.texts[0]
                paragraphs[first] = paragraphs.pop(part.whole) + paragraphs.get(first, [])
            for tid in (part.whole, *part.texts) if part.whole else part.texts:
                if tid in paragraphs:
                    report.set_text(tid, "\n".join(paragraphs[tid]), source=IMPORTED)
            if not any(t in paragraphs for t in (part.whole, *part.texts) if t):
                self.log.add(MISSING, f"没有找到“{part.title}”")


def assemble(blocks: Iterable[Block], form: Form, log: ImportLog | None = None, *,
             split_line=None, join_wrapped: bool = False) -> tuple[Report, ImportLog]:
    """Build a report (totals as printed) and its import log from blocks in reading order.

    Lines inside a table part are split into cells by ``split_line`` (default:
    :func:`~reportdesk.importers.cells.split_cells`) and put back together into rows by
    :class:`RowCollector`. ``join_wrapped`` (text copied from a viewer) joins prose lines
    that were wrapped inside a paragraph.
    """
    return Assembler(form, log, join_wrapped=join_wrapped).run(blocks, split_line)
