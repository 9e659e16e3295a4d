"""The 汇总 workbook of a folder of reports (``reportdesk summary``, 批量审阅's 导出).

Sheet 报告: one row per file — agency, year, errors, warnings, the figures a reviewer compares
(the form's ``[summary] figures``: 新收, 上年结转, （七）总计, 结转下年度, 予以公开率, 复议 and 诉讼
totals and 纠正 counts), what could not be read, the last-year report it was compared with.
Sheet 问题: every finding. Sheet 表三表四合计 (named after the form's ``[summary] tables``): those
tables summed over all readable reports, laid out as printed (the form's grids, merges
included). With a last-year folder, sheet 两年对照: agencies found in only one of the two years.

Never silently wrong: a figure whose cells are blank or invalid is left blank; a summed cell
that some report leaves blank is the sum of the others, coloured, with a note saying how many
reports it lacks. Rows are written as they come (openpyxl's write-only mode): a folder of any
size in bounded memory. No cell starts a formula (:mod:`reportdesk.spreadsheet`). No Qt here.
"""

from __future__ import annotations

from typing import Iterator

from ..form import Figure, Form
from ..spreadsheet import add_sheet, new_workbook, workbook_chunks
from .batch import COLUMNS, FileResult, finding_rows

# The 报告 sheet's columns before and after the form's figures, and their widths.
LEADING_COLUMNS = ["文件", "机关", "年度", "状态", "错误", "提示"]
LEADING_WIDTHS = [44, 30, 7, 14, 6, 6]
TRAILING_COLUMNS = ["读取情况", "上年对照"]
TRAILING_WIDTHS = [50, 50]
FINDING_WIDTHS = [44, 30, 7, 6, 9, 80, 40, 9, 9, 9]
MISSING_FILL = "FFF1C2"


def report_columns(form: Form) -> tuple[list[str], list[int], dict[int, str]]:
    """The 报告 sheet's headers, widths (a figure's: its name and some room, wrapped past 12)
    and number formats (a rate as a percentage)."""
    figures = form.summary.figures
    names = LEADING_COLUMNS + [f.name for f in figures] + TRAILING_COLUMNS
    widths = LEADING_WIDTHS + [min(len(f.name) + 5, 12) for f in figures] + TRAILING_WIDTHS
    formats = {len(LEADING_COLUMNS) + i: "0.0%" for i, f in enumerate(figures) if f.is_rate}
    return names, widths, formats


def total(values: dict, cells: tuple[str, ...]):
    """The sum of the cells, or None when any is blank (a figure is never partly made up)."""
    result = 0
    for c in cells:
        v = values.get(c)
        if v is None:
            return None
        result += v
    return result


def figure(values: dict, f: Figure):
    """A figure of one report: its cells' sum; a rate (``divided_by``) that sum over the other
    cells' — None when a cell is blank or the divisor is 0 (nothing answered)."""
    top = total(values, f.cells)
    if not f.is_rate:
        return top
    bottom = total(values, f.divided_by)
    if top is None or not bottom:
        return None
    return top / bottom


class Summary:
    """The 汇总 workbook, written result by result: :meth:`add` each, then :meth:`chunks`."""

    def __init__(self, form: Form):
        self.form = form
        self.workbook = new_workbook()
        self.reports = add_sheet(self.workbook, "报告", *report_columns(form))
        self.findings = add_sheet(self.workbook, "问题", COLUMNS, FINDING_WIDTHS)
        summed = set(form.summary.tables)
        self.cells = [c for c, d in form.cells.items() if d.table in summed]
        self.sums = dict.fromkeys(self.cells, 0)
        self.lacking = dict.fromkeys(self.cells, 0)
        self.readable = self.unreadable = 0

    def add(self, result: FileResult) -> None:
        """One file's row, its findings, and its summed tables' values into the sums."""
        for row in finding_rows([result]):
            self.findings.append(row)
        if result.error:
            self.unreadable += 1
            self.reports.append([str(result.path), "", "", "无法读取：" + result.error])
            return
        self.readable += 1
        v = result.values
        state = "有错误" if result.errors else ("有提示" if result.warnings else "无问题")
        match = result.last_year
        compared = ""
        if match is not None:
            compared = (f"未对照：{match.note}" if match.last is None
                        else str(match.last.path) + (f"（{match.note}）" if match.note else ""))
        self.reports.append([str(result.path), result.agency, result.year or "", state, result.errors,
                             result.warnings, *(figure(v, f) for f in self.form.summary.figures),
                             result.reading, compared])
        for c in self.cells:
            value = v.get(c)
            if value is None:
                self.lacking[c] += 1
            else:
                self.sums[c] += value

    def chunks(self, presence=None) -> Iterator[bytes]:
        """The finished workbook's bytes (``presence``: a ``crossyear.Presence`` adds 两年对照)."""
        self._totals_sheet()
        if presence is not None:
            sheet = add_sheet(self.workbook, "两年对照", ["情况", "机关"], [36, 50])
            for name in presence.missing_this_year():
                sheet.append(["上年有报告、今年没有", name])
            for name in presence.missing_last_year():
                sheet.append(["今年有报告、上年没有", name])
            for this, last in presence.similar():
                sheet.append(["名称只差一个字，未作对照（请核对）", f"今年“{this}”；上年“{last}”"])
        return workbook_chunks(self.workbook)

    def _totals_sheet(self) -> None:
        """The summed tables (表三, 表四) as printed, each value cell the sum over the readable reports."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.cell_range import CellRange

        tables = [self.form.tables[t] for t in self.form.summary.tables]
        if not tables:
            return
        grids = [t.grid() for t in tables]
        names = [t.short_name for t in tables]
        note = f"{self.readable}份报告之和" + (f"（另有{self.unreadable}份无法读取，未计入）" if self.unreadable else "")
        if any(self.lacking.values()):
            note += "；黄色单元格：有的报告此格空白或无效，未计入，见批注"
        width = max(g.cols for g in grids)
        first_value = min(g.col for g in grids[0].cells if g.role == "value")
        # the first table's label columns (the last, its rows' own labels, widest), then the numbers
        widths = ([14] * max(0, first_value - 2) + [20, 40])[-first_value:] if first_value else []
        widths += [10] * (width - first_value)
        # frozen: the title, the first table's caption and header rows, and its label columns
        sheet = add_sheet(self.workbook, ("".join(names) + "合计")[:31], None, widths,
                          freeze=f"{get_column_letter(first_value + 1)}{3 + grids[0].header_rows}").sheet
        thin = Side(style="thin")
        ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
        centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        left = Alignment(vertical="center", wrap_text=True)
        title = WriteOnlyCell(sheet, value=f"{'、'.join(names)}合计：{note}")
        title.font = Font(bold=True)
        sheet.append([title])
        row_at = 2
        for table, grid in zip(tables, grids):
            caption = WriteOnlyCell(sheet, value=table.title)
            caption.font = Font(bold=True)
            if table is not tables[0]:
                sheet.append([])
                row_at += 1
            sheet.append([caption])
            row_at += 1
            rows = [[None] * grid.cols for _ in range(grid.rows)]
            lines = [1] * grid.rows
            for g in grid.cells:
                if g.role == "value":
                    value = self.sums[g.cell_id]
                    cell = WriteOnlyCell(sheet, value=_whole(value))
                    cell.alignment = centre
                    lacking = self.lacking[g.cell_id]
                    if lacking:
                        cell.fill = PatternFill("solid", fgColor=MISSING_FILL)
                        cell.comment = Comment(f"{lacking}份报告此格空白或无效，未计入", "reportdesk")
                else:
                    cell = WriteOnlyCell(sheet, value=g.text)
                    cell.alignment = centre if g.role in ("header", "corner") else left
                    cell.font = Font(bold=g.role == "header")
                    room = sum(widths[g.col:g.col + g.colspan]) / 2 - 1   # Chinese characters a line
                    lines[g.row] = max(lines[g.row], -(-len(g.text) // max(int(room), 1)) - (g.rowspan - 1))
                    if g.rowspan > 1 or g.colspan > 1:
                        sheet.merged_cells.add(CellRange(min_col=g.col + 1, min_row=row_at + g.row,
                                                         max_col=g.col + g.colspan, max_row=row_at + g.row + g.rowspan - 1))
                cell.border = ruled
                rows[g.row][g.col] = cell
            for i, r in enumerate(rows):
                if lines[i] > 1:   # rows are written as they come: their height is set first
                    sheet.row_dimensions[row_at + i].height = 15 * lines[i]
                sheet.append(r)
            row_at += grid.rows


def _whole(value):
    """Sums of counts print as integers (5, not 5.0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def summary_chunks(results, form: Form, presence=None) -> Iterator[bytes]:
    """The 汇总 workbook of results already at hand (批量审阅's export)."""
    summary = Summary(form)
    for r in results:
        summary.add(r)
    return summary.chunks(presence)
