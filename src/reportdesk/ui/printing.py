"""Print preview, printing and PDF of the report and of the 校验单 (Qt).

The wizard calls:

- :func:`print_preview` — a QPrintPreviewDialog of the report or the 校验单; 打印 there prints
  the same pages;
- :func:`export_pdf` — a PDF file, drawn here by Qt (no LibreOffice needed);
- :func:`font_warning` (from :mod:`reportdesk.export.fonts`) — what to tell the clerk when
  the chosen fonts are missing.

Qt draws the same :class:`~reportdesk.export.layout.Layout` as the Word writer: page,
margins, styles, fonts (with stand-ins for missing ones), table grids and merges, repeated
header rows, the draft mark and “— 1 —” page numbers, odd right and even left. Word's
keep-with-next is emulated by moving a heading and what must stay with it to the next page.
"""

from __future__ import annotations

import math
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QFont, QPageLayout, QPageSize,
                           QPagedPaintDevice, QPainter, QPdfWriter, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextFormat, QTextFrameFormat, QTextLength, QTextTable, QTextTableFormat)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from ..export.docx import ExportRefused
from ..export.fonts import FALLBACKS, OFFICIAL, with_stand_ins
from ..export.layout import CELL_PADDING, STYLES, Layout, PageSetup, Paragraph, ParaStyle, TableBlock, report_layout
from ..fileio import write_atomic
from ..report import Report
from ..rules import ERROR, Finding, check

REPORT = "report"
CHECKLIST = "checklist"
WHAT_NAMES = {REPORT: "报告", CHECKLIST: "校验单"}

_ALIGN = {"both": Qt.AlignmentFlag.AlignJustify, "center": Qt.AlignmentFlag.AlignHCenter,
          "left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight}


# ----------------------------------------------------------------------------- public API


def layout_for(report: Report, what: str = REPORT, *, findings: list[Finding] | None = None,
               last_year: Report | None = None, fonts: str = OFFICIAL, final: bool = False) -> Layout:
    """The pages to print: the report (marked 草稿 while it has errors) or its 校验单.

    ``final`` refuses a report with errors (:class:`~reportdesk.export.docx.ExportRefused`).
    """
    if findings is None:
        findings = check(report, last_year)
    if what == CHECKLIST:
        from ..export.checklist import checklist_layout

        return checklist_layout(report, findings, last_year, fonts=fonts)
    if what != REPORT:
        raise ValueError(f"what 应为 {REPORT} 或 {CHECKLIST}")
    errors = sum(f.severity == ERROR for f in findings)
    if final and errors:
        raise ExportRefused(f"报告还有{errors}处错误，不能输出正式版")
    return report_layout(report, fonts=fonts, errors=errors)


def preview_dialog(parent, report: Report, what: str = REPORT, **options) -> QPrintPreviewDialog:
    """A print preview dialog (not yet shown) of the report or the 校验单; see :func:`layout_for`."""
    layout = layout_for(report, what, **options)
    with guard_none_refcount():
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        _setup_device(printer, layout)
        printer.setDocName(layout.title)
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(f"打印预览 — {WHAT_NAMES.get(what, what)}")
        dialog.paintRequested.connect(lambda device: paint_layout(layout, device))
        from PySide6.QtCore import QSize

        from .screen import fit_window

        fit_window(dialog, QSize(900, 1000))   # a page's height where the screen has it
        dialog._printer = printer  # the dialog does not own it
    return dialog


def print_preview(parent, report: Report, what: str = REPORT, **options) -> int:
    """Show the print preview of the report (``what="report"``) or its 校验单 (``"checklist"``).

    Options: ``findings``, ``last_year``, ``fonts`` ("official" or "common"). Returns the
    dialog's result (accepted when the clerk printed).
    """
    dialog = preview_dialog(parent, report, what, **options)
    with guard_none_refcount():
        result = dialog.exec()
        dialog.deleteLater()
    return result


def export_pdf(report: Report, path: str | Path, what: str = REPORT, **options) -> None:
    """Write the report or its 校验单 as PDF to ``path`` (safely, like the Word export).

    Drawn by Qt (:func:`reportdesk.export.pdf.layout_pdf`); options as for :func:`layout_for`
    (``findings``, ``last_year``, ``fonts``, ``final``).
    """
    from ..export.pdf import layout_pdf

    write_atomic(path, layout_pdf(layout_for(report, what, **options)))


def qt_pdf_bytes(layout: Layout) -> bytes:
    """A layout drawn by Qt into a PDF (needs a QGuiApplication)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    with guard_none_refcount():
        writer = QPdfWriter(buffer)
        writer.setResolution(600)
        writer.setTitle(layout.title)
        writer.setAuthor(layout.author)
        writer.setCreator("reportdesk")
        paint_layout(layout, writer)
        del writer  # finishes the PDF
        buffer.close()
    return bytes(data.data())


def paint_layout(layout: Layout, device: QPagedPaintDevice) -> int:
    """Draw a layout page by page on a printer or PDF writer; returns the number of pages."""
    with guard_none_refcount():
        _setup_device(device, layout)
        renderer = _Renderer(layout, device)
        return renderer.paint()


@contextmanager
def guard_none_refcount(margin: int = 200_000):
    """Work around PySide6 6.12 on Python 3.11: each call of a Qt method that returns nothing
    drops one reference to None without having taken it. Laying out a report makes thousands
    of such calls; None's count (a few thousand) would reach zero and Python would abort.
    Python 3.12 made None immortal, so nothing is needed there.
    """
    if sys.version_info >= (3, 12) or _none_protected():
        yield
        return
    ballast = [None] * margin  # keeps None alive while Qt is called
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost = before - sys.getrefcount(None)
        if lost > 0:
            _give_back_to_none(lost)
        del ballast


def _none_protected() -> bool:
    """Whether the wizard's project-wide guard (``reportdesk.ui.pyside_fix``) is there; used if so."""
    try:
        from .pyside_fix import protect_none
    except ImportError:
        return False
    protect_none()  # no-op when already done, or when this PySide6 does not leak
    return True


def _give_back_to_none(count: int) -> None:
    """Take ``count`` references to None for good (a list would release them at exit)."""
    import ctypes

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(count):
        incref(None)


# ----------------------------------------------------------------------------- rendering


def _setup_device(device: QPagedPaintDevice, layout: Layout) -> None:
    page = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    if isinstance(device, QPrinter):
        device.setFullPage(True)
    device.setPageLayout(page)


@dataclass
class _Unit:
    """A paragraph or a (part of a) table, as Word's keep-with-next sees it."""

    kind: str  # block | table
    item: object
    keep_next: bool
    whole: bool = False  # a table that must not break across pages


def _device_scales(device: QPagedPaintDevice) -> tuple[float, float]:
    """Device pixels per logical pixel of Qt's text layout on ``device``: (lengths, indents).

    With a paint device set, the layout scales line heights, paddings, borders and column
    widths from logical pixels to the device, but takes first-line and paragraph indents as
    device pixels. Measured rather than assumed, so that another Qt version cannot skew it.
    """
    probe = QTextDocument()
    probe.documentLayout().setPaintDevice(device)
    probe.setDocumentMargin(0)
    probe.setPageSize(QSizeF(1e6, 1e6))
    cursor = QTextCursor(probe)
    fmt = QTextBlockFormat()
    fmt.setLineHeight(100, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    fmt.setTextIndent(100)
    cursor.setBlockFormat(fmt)
    cursor.insertText("x")
    cursor.insertBlock()
    cursor.insertText("x")
    lines = probe.documentLayout().blockBoundingRect(probe.lastBlock()).top() / 100
    indents = probe.firstBlock().layout().lineAt(0).x() / 100
    return lines or 1.0, indents or 1.0


def _families(name: str) -> list[str]:
    return [name, *FALLBACKS.get(name, ())]


class _Renderer:
    """Lays a :class:`Layout` out in a QTextDocument at the device's resolution and paints it."""

    def __init__(self, layout: Layout, device: QPagedPaintDevice):
        self.layout = layout
        self.device = device
        self.fonts = with_stand_ins(layout.fonts)
        page: PageSetup = layout.page
        self.page = page
        # The page is measured in device pixels; lengths in text formats (indents, line
        # pitch, column widths) in Qt's logical pixels, which the layout scales to the device.
        dpi = device.logicalDpiY()
        self.dev_per_mm = dpi / 25.4
        self.text_w = page.text_width * self.dev_per_mm
        self.text_h = page.text_height * self.dev_per_mm
        line_scale, indent_scale = _device_scales(device)
        self.px_per_pt = dpi / 72 / line_scale
        self.indent_per_pt = dpi / 72 / indent_scale
        self.px_per_mm = self.dev_per_mm / line_scale
        self.doc = QTextDocument()
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setDocumentMargin(0)
        self.doc.setPageSize(QSizeF(self.text_w, self.text_h))
        self.doc.setUndoRedoEnabled(False)
        self.units: list[_Unit] = []  # in reading order, for keep-with-next
        self._build()
        self._keep_with_next()

    # -- formats

    def char_format(self, style: ParaStyle) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies(_families(self.fonts.font(style.role)))
        fmt.setFontPointSize(style.size)
        bold = style.bold or (style.role == "title" and self.fonts.title_bold)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        return fmt

    def block_format(self, style: ParaStyle) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setAlignment(_ALIGN[style.align])
        pt = self.px_per_pt
        fmt.setTextIndent(style.indent_chars * style.size * self.indent_per_pt)
        fmt.setLeftMargin(style.left_chars * style.size * self.indent_per_pt)
        fmt.setRightMargin(style.right_chars * style.size * self.indent_per_pt)
        fmt.setTopMargin(style.before * pt)
        fmt.setBottomMargin(style.after * pt)
        if style.line:
            fmt.setLineHeight(style.line * pt, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        return fmt

    # -- building

    def _build(self) -> None:
        cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()  # one layout at the end, not one per edit
        try:
            self._fill(cursor)
        finally:
            cursor.endEditBlock()

    def _fill(self, cursor: QTextCursor) -> None:
        first = True
        for block in self.layout.blocks:
            if isinstance(block, Paragraph):
                style = STYLES[block.style]
                if first:
                    cursor.setBlockFormat(self.block_format(style))
                    cursor.setBlockCharFormat(self.char_format(style))
                else:
                    cursor.insertBlock(self.block_format(style), self.char_format(style))
                cursor.insertText(block.text, self.char_format(style))
                self.units.append(_Unit("block", cursor.block(), style.keep_next))
            else:
                if first:  # a table cannot open the document: an empty line before it
                    cursor.setBlockFormat(self._spacer_format())
                for segment in _segments(block):
                    table = self._table(cursor, block, segment)
                    self.units.append(_Unit("table", table, False, whole=bool(block.keep_with_next)))
                    cursor.movePosition(QTextCursor.MoveOperation.End)
                    cursor.setBlockFormat(self._spacer_format())
            first = False

    def _spacer_format(self) -> QTextBlockFormat:
        """The empty paragraph Qt keeps after a table: as thin as it can be."""
        fmt = QTextBlockFormat()
        fmt.setLineHeight(0.01, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        return fmt

    def _table(self, cursor: QTextCursor, block: TableBlock, rows: range) -> QTextTable:
        px = self.px_per_mm
        widths = [w * px for w in block.widths]
        border = 0.5 * self.px_per_pt
        fmt = QTextTableFormat()
        fmt.setBorder(border)
        fmt.setBorderBrush(Qt.GlobalColor.black)
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        fmt.setBorderCollapse(True)
        fmt.setCellSpacing(0)
        fmt.setCellPadding(0)
        fmt.setMargin(0)
        fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        fmt.setWidth(QTextLength(QTextLength.Type.FixedLength, sum(widths)))
        fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.FixedLength, w) for w in widths])
        if rows.start == 0:
            fmt.setHeaderRowCount(block.header_rows)
        table = cursor.insertTable(len(rows), len(widths), fmt)
        # Qt counts the border lines inside the column width, Word around it: a little less
        # padding keeps as many characters per line as in Word.
        pad = CELL_PADDING * px * 0.6
        for cell in block.cells:
            if cell.row not in rows:
                continue
            r = cell.row - rows.start
            rowspan = min(cell.rowspan, rows.stop - cell.row)
            if rowspan > 1 or cell.colspan > 1:
                table.mergeCells(r, cell.col, rowspan, cell.colspan)
            qcell = table.cellAt(r, cell.col)
            cell_fmt = qcell.format().toTableCellFormat()
            cell_fmt.setLeftPadding(pad)
            cell_fmt.setRightPadding(pad)
            cell_fmt.setTopPadding(0)
            cell_fmt.setBottomPadding(0)
            cell_fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
            cell_fmt.setBorder(border)
            cell_fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
            cell_fmt.setBorderBrush(Qt.GlobalColor.black)
            qcell.setFormat(cell_fmt)
            style = STYLES[cell.style]
            c = qcell.firstCursorPosition()
            for i, line in enumerate(cell.text.split("\n")):
                if i == 0:
                    # Not setBlockCharFormat: a cell's first block carries the cell's own
                    # format (its merge, padding and borders).
                    c.setBlockFormat(self.block_format(style))
                else:
                    c.insertBlock(self.block_format(style), self.char_format(style))
                c.insertText(line, self.char_format(style))
        return table

    # -- keep with next (Word's keepNext): move what must stay together to the next page

    def _page_of(self, y: float) -> int:
        return math.floor(y / self.text_h + 1e-6)

    def _extent(self, unit: _Unit) -> tuple[float, float]:
        layout = self.doc.documentLayout()
        if unit.kind == "block":
            rect = layout.blockBoundingRect(unit.item)
            top = rect.top()
            line = unit.item.layout().lineAt(0)
            if line.isValid():  # a first line Qt already moved to the next page starts there
                first_page = self._page_of(top + line.y() + line.height() - 1)
                if first_page > self._page_of(top):
                    top = first_page * self.text_h
            return top, rect.bottom()
        return self._table_extent(unit.item)

    def _table_extent(self, table: QTextTable) -> tuple[float, float]:
        """A table's top and bottom as laid out.

        Qt reports a table's top (``frameBoundingRect``) lower than it lays the table out, by
        the offset of the first cell's text inside that cell: table 3's first cell spans
        three header rows and is centred, so its top came out 4.6 mm low and a table that
        fits was moved to the next page. A first-row cell that spans one row and sits at the
        top of its row (the tallest one, which sets the row's height) gives the offset.
        """
        layout = self.doc.documentLayout()
        rect = layout.frameBoundingRect(table)

        def text_top(cell) -> float:
            return layout.blockBoundingRect(cell.firstCursorPosition().block()).top()

        single = [text_top(table.cellAt(0, c)) for c in range(table.columns())
                  if table.cellAt(0, c).column() == c and table.cellAt(0, c).rowSpan() == 1]
        offset = text_top(table.cellAt(0, 0)) - min(single) if single else 0.0
        return rect.top() - offset, rect.bottom() - offset

    def _keep_with_next(self) -> None:
        """Break before a run of kept-together units that crosses a page and fits on one."""
        i = 0
        while i < len(self.units):
            j = i
            while j < len(self.units) - 1 and self.units[j].keep_next:
                j += 1
            last = self.units[j]
            top, _ = self._extent(self.units[i])
            last_top, bottom = self._extent(last)
            if j == i and last.kind == "block":
                i = j + 1
                continue
            if last.kind == "table" and not last.whole:
                bottom = last_top + self._first_rows_height(last.item)
            elif last.kind == "block":
                bottom = last_top + self._first_lines_height(last.item, 2)  # Word's widow control
            if self._page_of(top) != self._page_of(bottom - 1) and bottom - top < self.text_h:
                self._break_before(self.units[i])
            i = j + 1

    def _first_lines_height(self, block, lines: int) -> float:
        """Height of a paragraph's first ``lines`` lines (all of it when shorter)."""
        text_layout = block.layout()
        if text_layout.lineCount() <= lines:
            top, bottom = self._extent(_Unit("block", block, False))
            return bottom - top
        return text_layout.lineAt(lines).y()

    def _first_rows_height(self, table: QTextTable) -> float:
        """Height of a table's header rows and first data row (what must follow its heading)."""
        rows = min(table.rows(), table.format().headerRowCount() + 1)
        if table.rows() <= rows:
            return self.text_h * 2
        layout = self.doc.documentLayout()
        top, _ = self._table_extent(table)
        block = table.cellAt(rows, 0).firstCursorPosition().block()
        return max(0.0, layout.blockBoundingRect(block).top() - top) or self.text_h * 2

    def _break_before(self, unit: _Unit) -> None:
        if unit.kind == "block":
            fmt = unit.item.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(unit.item).setBlockFormat(fmt)
        else:
            fmt = unit.item.format()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            unit.item.setFormat(fmt)

    # -- painting

    def paint(self) -> int:
        pages = max(1, self.doc.pageCount())
        painter = QPainter(self.device)
        try:
            for index in range(pages):
                if index:
                    self.device.newPage()
                self._paint_page(painter, index)
        finally:
            painter.end()
        return pages

    def _paint_page(self, painter: QPainter, index: int) -> None:
        mm = self.dev_per_mm
        pt = mm * 25.4 / 72
        page = self.page
        painter.save()
        painter.translate(page.left * mm, page.top * mm - index * self.text_h)
        clip = QRectF(0, index * self.text_h, self.text_w, self.text_h)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        self.doc.documentLayout().draw(painter, context)
        painter.restore()
        if self.layout.header:
            style = STYLES["draft_mark"]
            painter.setFont(self._qfont(style))
            rect = QRectF(page.left * mm, page.header * mm, self.text_w, style.size * 2 * pt)
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.layout.header)
        if self.layout.page_numbers:
            number = index + 1
            style = STYLES["page_odd" if number % 2 else "page_even"]
            painter.setFont(self._qfont(style))
            inset = style.size * pt  # one character in from the text edge
            height = style.size * 1.6 * pt
            bottom = (page.height - page.footer) * mm
            rect = QRectF(page.left * mm + inset, bottom - height, self.text_w - 2 * inset, height)
            align = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
            painter.drawText(rect, align | Qt.AlignmentFlag.AlignBottom, f"— {number} —")

    def _qfont(self, style: ParaStyle) -> QFont:
        font = QFont()
        font.setFamilies(_families(self.fonts.font(style.role)))
        font.setPointSizeF(style.size)
        font.setBold(style.bold)
        return font


def _segments(block: TableBlock) -> list[range]:
    """Row ranges drawn as one Qt table each: a table kept together breaks only between blocks."""
    if not block.keep_with_next:
        return [range(0, block.rows)]
    keep = set(block.keep_with_next)
    starts = [0] + [r + 1 for r in range(block.rows - 1) if r not in keep]
    ends = starts[1:] + [block.rows]
    return [range(s, e) for s, e in zip(starts, ends)]

