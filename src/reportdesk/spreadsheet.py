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
from typing import Any, Iterable, Sequence

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
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return buf.getvalue().encode("utf-8-sig")


def new_workbook():
    """An empty openpyxl workbook (no sheet yet: :func:`add_sheet` adds them)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_sheet(workbook, title: str, header: Sequence[str], rows: Iterable[Iterable[Any]],
              widths: Sequence[float] = (), number_formats: dict[int, str] | None = None):
    """A sheet of ``workbook``: a bold, frozen header row, the rows (made safe), column widths.

    ``number_formats`` maps a column index (from 0) to an Excel number format (``"0.0%"``).
    Returns the sheet.
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(xlsx_row(header))
    for row in rows:
        sheet.append(xlsx_row(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for col, fmt in (number_formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=col + 1, max_col=col + 1):
            cell.number_format = fmt
    sheet.freeze_panes = "A2"
    return sheet


def xlsx_row(row: Iterable[Any]) -> list[Any]:
    """A row for an .xlsx sheet: :func:`safe_cell` of each value, and the control characters that
    an .xlsx cannot hold (a stray \\x0b from Word) shown as U+FFFD instead of failing the export."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in safe_row(row)]


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of an openpyxl workbook."""
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()
