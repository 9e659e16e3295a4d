"""Writing CSV files and .xlsx sheets that Excel and WPS open safely.

Every CSV and spreadsheet the program writes goes through :func:`safe_cell`: a text that
would start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to a
spreadsheet (“CSV injection”: an agency named ``=HYPERLINK(…)`` in a published report runs
when a reviewer opens the list), so it is written with a leading ``'`` as OWASP advises.
Numbers stay numbers: ``-3`` (a difference) is a number, not a formula. openpyxl is imported
only when a workbook is written.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from typing import Any, Iterable, Iterator, Sequence

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as the program writes one (-3, 12.5): left as it is, a spreadsheet reads it as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet cell that can never be a formula.

    None becomes "" ; numbers are kept (as numbers); a text starting — after any spaces — with
    one of :data:`FORMULA_STARTS` gets a leading ``'``, unless it is a plain number.
    """
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    """:func:`safe_cell` of each value of a row."""
    return [safe_cell(v) for v in row]


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A CSV file, every cell made safe: UTF-8 with BOM, so that Excel and WPS open the Chinese."""
    spool = CsvSpool(header)
    spool.add(rows)
    return b"".join(spool.chunks())


class CsvSpool:
    """A CSV file written row by row into a spooled temporary file (memory up to 4 MB, then
    disk), handed to :func:`reportdesk.fileio.write_atomic` as chunks: a folder of any size."""

    def __init__(self, header: Sequence[str]):
        self._file = tempfile.SpooledTemporaryFile(4 << 20, mode="w+b")
        self._text = io.TextIOWrapper(self._file, encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._text)
        self._writer.writerow(safe_row(header))

    def add(self, rows: Iterable[Iterable[Any]]) -> None:
        """Rows, each cell made safe."""
        for row in rows:
            self._writer.writerow(safe_row(row))

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The file's bytes, from the start, in chunks; the spool is closed after the last."""
        self._text.flush()
        self._file.seek(0)
        try:
            while chunk := self._file.read(size):
                yield chunk
        finally:
            self._text.close()


def new_workbook():
    """An empty workbook written as it goes (openpyxl's write-only mode: rows go to temporary
    files, not memory); add sheets with :func:`add_sheet`, save with :func:`workbook_chunks`."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


class Sheet:
    """A sheet being written: :meth:`append` makes each cell safe and applies the column's format."""

    def __init__(self, sheet, number_formats: dict[int, str]):
        self.sheet = sheet
        self.number_formats = number_formats

    def append(self, row: Iterable[Any], styles: dict[int, dict] | None = None) -> None:
        """One row; ``styles`` maps a column index (from 0) to cell attributes (font, fill…)."""
        values = xlsx_row(row)
        if not self.number_formats and not styles:
            self.sheet.append(values)
            return
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for i, value in enumerate(values):
            fmt = self.number_formats.get(i)
            style = (styles or {}).get(i)
            if (fmt is None or isinstance(value, str)) and not style:
                cells.append(value)
                continue
            cell = WriteOnlyCell(self.sheet, value=value)
            if fmt is not None and not isinstance(value, str):
                cell.number_format = fmt
            for name, attr in (style or {}).items():
                setattr(cell, name, attr)
            cells.append(cell)
        self.sheet.append(cells)


def add_sheet(workbook, title: str, header: Sequence[str] | None, widths: Sequence[float] = (),
              number_formats: dict[int, str] | None = None, freeze: str | None = "A2") -> Sheet:
    """A sheet of ``workbook`` with a bold header row (frozen: it stays on screen while the rows
    scroll) and column widths; ``number_formats`` maps a column index (from 0) to an Excel
    number format (``"0.0%"``)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    # printed landscape, as wide as the page, the header row repeated on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"   # A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    if header is not None:
        sheet.print_title_rows = "1:1"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    if header is not None:
        cells = []
        for value in xlsx_row(header):
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            cells.append(cell)
        sheet.append(cells)
    return Sheet(sheet, number_formats or {})


def xlsx_row(row: Iterable[Any]) -> list[Any]:
    """A row for an .xlsx sheet: :func:`safe_cell` of each value, and the control characters that
    an .xlsx cannot hold (a stray \\x0b from Word) shown as U+FFFD instead of failing the export."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in safe_row(row)]


def workbook_chunks(workbook, size: int = 1 << 20) -> Iterator[bytes]:
    """The .xlsx file of a workbook, in chunks (for :func:`reportdesk.fileio.write_atomic`).
    The workbook is saved at once (into a spooled temporary file), whether or not the chunks
    are ever read."""
    spool = tempfile.SpooledTemporaryFile(8 << 20)
    workbook.save(spool)
    return _read_spool(spool, size)


def _read_spool(spool, size: int) -> Iterator[bytes]:
    spool.seek(0)
    try:
        while chunk := spool.read(size):
            yield chunk
    finally:
        spool.close()


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of a workbook, whole."""
    return b"".join(workbook_chunks(workbook))
