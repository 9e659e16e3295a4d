"""The printed report as a list of paragraphs and tables, and the typography they are set in.

One description of the page, used by both renderers: the Word writer (:mod:`.docx`) and the
Qt print preview / PDF (:mod:`reportdesk.ui.printing`). It follows the typography table of
format-2021.md (GB/T 9704-2012 as these reports apply it). No docx, no Qt here.

Tables are laid out from ``form.tables[...].grid()``: the header merges come from the form
file, never from this module; only the column widths and the type size are decided here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from ..form import Form, Grid, Table
from ..report import Report
from ..values import format_value
from .fonts import OFFICIAL, FontSet, font_set

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PageSetup:
    """A4 with the margins of GB/T 9704 (mm); header and footer distances from the edge."""

    width: float = 210.0
    height: float = 297.0
    top: float = 37.0
    bottom: float = 35.0
    left: float = 28.0
    right: float = 26.0
    header: float = 15.0
    # The page number's dashes sit about 7 mm below the text block (GB/T 9704 §7.5).
    footer: float = 24.0

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


PAGE = PageSetup()

# 22 lines on the 225 mm text block: a fixed line pitch of 28.95 pt.
BODY_LINE = 28.95


@dataclass(frozen=True)
class ParaStyle:
    """A paragraph style: font role (see fonts.ROLES), size in pt, alignment and spacing."""

    id: str  # the style id in the .docx
    name: str  # the style name Word shows
    role: str
    size: float
    align: str = "both"  # both (justified) | center | left | right
    indent_chars: float = 0.0  # first-line indent, in characters of this size
    line: float | None = None  # exact line pitch in pt; None = single
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False
    outline: int | None = None
    bold: bool = False
    left_chars: float = 0.0  # left / right indent in characters
    right_chars: float = 0.0
    based_on: str | None = None


def _table_styles(prefix: str, name: str, size: float) -> dict[str, ParaStyle]:
    line = round(size * 1.3, 1)  # single spacing of 宋体 in Word
    base = dict(role="table", size=size, line=line)
    return {
        f"{prefix}_header": ParaStyle(f"{prefix}Header", f"{name}表头", align="center", keep_next=True, **base),
        f"{prefix}_label": ParaStyle(f"{prefix}Label", f"{name}行名", align="both", **base),
        f"{prefix}_value": ParaStyle(f"{prefix}Value", f"{name}数字", align="center", **base),
    }


# Built-in styles keep their ids (Word shows them as 正文, 标题, 标题 1 …, and the navigation
# pane lists the headings); the others are ours.
STYLES: dict[str, ParaStyle] = {
    "body": ParaStyle("Normal", "Normal", "body", 16, indent_chars=2, line=BODY_LINE),
    "title": ParaStyle("Title", "Title", "title", 22, align="center", line=35, after=BODY_LINE,
                       keep_next=True, based_on="Normal"),
    "heading1": ParaStyle("Heading1", "heading 1", "heading1", 16, indent_chars=2, line=BODY_LINE,
                          keep_next=True, outline=0, based_on="Normal"),
    "heading2": ParaStyle("Heading2", "heading 2", "heading2", 16, indent_chars=2, line=BODY_LINE,
                          keep_next=True, outline=1, based_on="Normal"),
    "page_odd": ParaStyle("PageNumberOdd", "页码（单页）", "page_number", 14, align="right", right_chars=1),
    "page_even": ParaStyle("PageNumberEven", "页码（双页）", "page_number", 14, align="left", left_chars=1),
    "draft_mark": ParaStyle("DraftMark", "草稿标记", "heading1", 14, align="center", bold=True),
    "sheet_title": ParaStyle("SheetTitle", "校验单标题", "title", 18, align="center", line=30, after=8,
                             keep_next=True),
    "sheet_info": ParaStyle("SheetInfo", "校验单说明", "body", 12, line=20),
    "sheet_sign": ParaStyle("SheetSign", "校验单签字", "body", 12, line=24, before=18),
    **_table_styles("table", "表格", 10.5),  # 五号
    **_table_styles("small", "小表格", 9.0),  # 小五: table 3 and 4 fit the text width
}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph in one style (a key of STYLES)."""

    style: str
    text: str


@dataclass(frozen=True)
class Cell:
    """A table cell at its grid position, with its merge and paragraph style."""

    row: int
    col: int
    text: str
    style: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class TableBlock:
    """A table ready to draw: column widths (mm), rows repeated on each page, cells."""

    name: str
    rows: int
    widths: tuple[float, ...]
    header_rows: int
    cells: tuple[Cell, ...]
    size: float  # type size of its cells, pt
    keep_with_next: tuple[int, ...] = ()  # rows kept on the page of the row below


@dataclass
class Layout:
    """A whole document: properties, the page, running header text, and its blocks."""

    title: str
    author: str
    subject: str
    fonts: FontSet
    blocks: list[Paragraph | TableBlock] = field(default_factory=list)
    header: str = ""  # running header (the draft mark); empty: none
    page_numbers: bool = True
    keywords: str = ""
    status: str = ""
    page: PageSetup = PAGE


# ----------------------------------------------------------------------------- the report

_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。；;，,：:！!？?]{1,28}$")
_LEAD_SPACE = re.compile(r"^[\s\u3000\u00a0]+")


def draft_mark(errors: int) -> str:
    """The running header of a report that still has errors."""
    return f"草稿 · 尚有{errors}处错误未改正，不能作为正式报告报送"


def report_layout(report: Report, *, fonts: str = OFFICIAL, errors: int = 0) -> Layout:
    """The report as printed: title, the six parts with their texts and tables.

    ``errors`` > 0 marks every page “草稿” in the header.
    """
    form = report.form
    layout = Layout(
        title=report.title, author=report.agency or "", subject=form.name, fonts=font_set(fonts),
        header=draft_mark(errors) if errors else "",
        keywords=f"{report.year}年度 政府信息公开 年度报告" if report.year else "政府信息公开 年度报告",
        status="草稿" if errors else "",
    )
    blocks = layout.blocks
    blocks.append(Paragraph("title", report.title))
    for part in form.parts:
        blocks.append(Paragraph("heading1", part.title))
        if part.table:
            blocks.append(table_block(form.tables[part.table], report))
            continue
        whole = report.text(part.whole) if part.whole else ""
        blocks.extend(text_paragraphs(whole))
        subparts = [t for t in part.texts if form.texts[t].heading != part.title]
        if not subparts:
            for text_id in part.texts:
                blocks.extend(text_paragraphs(report.text(text_id)))
            continue
        if whole.strip() and not any(report.text(t).strip() for t in subparts):
            continue  # a report that writes 总体情况 without sub-headings
        for text_id in subparts:
            blocks.append(Paragraph("heading2", form.texts[text_id].heading))
            blocks.extend(text_paragraphs(report.text(text_id)))
    return layout


def text_paragraphs(text: str) -> list[Paragraph]:
    """A text part as paragraphs: one per line, blank lines dropped, typed indents removed.

    A short line like （一）主动公开 inside a text is a level-2 heading (楷体).
    """
    out = []
    for line in text.split("\n"):
        line = _LEAD_SPACE.sub("", line).rstrip()
        if not line:
            continue
        out.append(Paragraph("heading2" if _SUBHEADING.match(line) else "body", line))
    return out


def cell_text(report: Report, cell_id: str) -> str:
    """A number as printed; an invalid value as it was typed; blank stays blank."""
    bad = report.invalid.get(cell_id)
    if bad is not None:
        return bad.raw
    return format_value(report.values[cell_id], report.form.cells[cell_id].kind)


def table_block(table: Table, report: Report) -> TableBlock:
    """One table of the form laid out from its grid, filled with the report's values."""
    grid = table.grid()
    size = 10.5 if grid.cols <= 6 else 9.0
    prefix = "table" if size == 10.5 else "small"
    widths = column_widths(grid, size)
    chars = [int((w - 2 * CELL_PADDING) / (size * MM_PER_PT) + 0.01) for w in widths]
    cells = []
    for gc in grid.cells:
        span_chars = sum(chars[gc.col: gc.col + gc.colspan])
        if gc.role == "value":
            text, style = cell_text(report, gc.cell_id), "value"
        elif gc.role == "label":
            # A label merged over several rows (三、本年度办理结果, （三）不予公开) is centred,
            # and broken after its number when it does not fit on one line.
            style = "header" if gc.rowspan > 1 else "label"
            text = gc.text
            if gc.rowspan > 1 and len(text) > span_chars:
                text = _NUMBERED.sub(r"\1\n", text, count=1)
        elif gc.role == "corner":
            text, style = gc.text, "label"
        else:  # title, header: 商业企业 in a column of three characters → 商业 / 企业
            text, style = balanced_lines(gc.text, span_chars), "header"
        cells.append(Cell(gc.row, gc.col, text, f"{prefix}_{style}", gc.rowspan, gc.colspan))
    block = TableBlock(table.short_name, grid.rows, widths, grid.header_rows, tuple(cells), size)
    # A table that fits on a page is not broken, except between its blocks (table 2's four
    # 第二十条 blocks, each with its own header); a longer one breaks between rows and repeats
    # its header rows. Either way its first rows stay with the heading above.
    if estimate_height(block) > PAGE.text_height / MM_PER_PT - STYLES["heading1"].line * 2:
        return block
    block_starts = {c.row for c in grid.cells if c.role == "title"}
    keep = tuple(r for r in range(grid.rows - 1) if r + 1 not in block_starts)
    return replace(block, keep_with_next=keep)


def balanced_lines(text: str, chars: int) -> str:
    """Break a short text that does not fit ``chars`` per line into lines of equal length."""
    if chars < 1 or text_width(text) <= chars or "\n" in text or len(text) > 4 * chars:
        return text
    lines = math.ceil(text_width(text) / chars)
    per = math.ceil(len(text) / lines)
    return "\n".join(text[i: i + per] for i in range(0, len(text), per))


def text_width(text: str) -> float:
    """Width of a text in CJK characters (a Latin letter or digit is half of one)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def paragraph_height(paragraph: Paragraph, width: float = PAGE.text_width) -> float:
    """A paragraph's height in pt: its lines at the style's pitch, and the space around it."""
    style = STYLES[paragraph.style]
    per_line = max(1, int(width / (style.size * MM_PER_PT) - style.left_chars - style.right_chars + 0.01))
    lines = 0
    for i, part in enumerate(paragraph.text.split("\n")):
        lines += max(1, math.ceil((text_width(part) + (style.indent_chars if i == 0 else 0)) / per_line))
    return lines * (style.line or style.size * 1.3) + style.before + style.after


def estimate_height(block: TableBlock) -> float:
    """A table's height in pt, from its texts, the column widths and the line pitch."""
    line = STYLES[block.cells[0].style].line if block.cells else 12
    char = block.size * MM_PER_PT
    heights = [line] * block.rows
    for c in sorted(block.cells, key=lambda c: c.rowspan):
        width = sum(block.widths[c.col: c.col + c.colspan]) - 2 * CELL_PADDING
        per_line = max(1, int(width / char + 0.01))
        lines = sum(max(1, math.ceil(text_width(t) / per_line)) for t in c.text.split("\n"))
        need = lines * line
        have = sum(heights[c.row: c.row + c.rowspan])
        if need > have:
            heights[c.row + c.rowspan - 1] += need - have
    return sum(heights) + ROW_RULE * block.rows


# What a row's border lines and rounding add to its height in Word and LibreOffice, pt.
ROW_RULE = 1.3


_NUMBERED = re.compile(r"^([（(][一二三四五六七八九十]{1,3}[）)])(?=.)")


def column_widths(grid: Grid, size: float, width: float = PAGE.text_width) -> tuple[float, ...]:
    """Column widths in mm that fill the text width.

    Number columns are wide enough for their header words in two lines (社会公益组织 → 社会公 /
    益组织); of the label columns, those holding labels merged down several rows are narrow and
    the last one takes the rest. A table without labels shares the width equally.
    """
    char = size * MM_PER_PT
    pad = 2 * CELL_PADDING
    label_cols = sorted(_label_columns(grid))
    if not label_cols or grid.cols <= 6:
        return (round(width / grid.cols, 2),) * grid.cols
    longest = 2
    for c in grid.cells:
        if c.role == "header" and c.colspan == 1 and c.col not in label_cols:
            longest = max(longest, math.ceil(len(c.text) / 2))
    number = min(longest, 4) * char + pad
    widths = [number] * grid.cols
    for i, col in enumerate(label_cols[:-1]):
        widths[col] = (2 if i == 0 else 4) * char + pad
    last = label_cols[-1]
    widths[last] = width - sum(w for i, w in enumerate(widths) if i != last)
    return tuple(round(w, 2) for w in widths)


# Space between a cell's border and its text, mm (left and right).
CELL_PADDING = 0.8


def _label_columns(grid: Grid) -> set[int]:
    """Grid columns that hold no value cell."""
    value_cols = set()
    for c in grid.cells:
        if c.role == "value":
            value_cols.update(range(c.col, c.col + c.colspan))
    return set(range(grid.cols)) - value_cols
