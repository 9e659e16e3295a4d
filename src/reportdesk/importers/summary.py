"""The 汇总 workbook of a folder of reports (``reportdesk summary``, 批量审阅's 导出).

Sheet 报告: one row per file — agency, year, errors, warnings, the figures a reviewer compares
(新收, 上年结转, （七）总计, 结转下年度, 予以公开率, 复议 and 诉讼 totals and 纠正 counts), what
could not be read, the last-year report it was compared with. Sheet 问题: every finding.
Sheet 表三表四合计: tables 3 and 4 summed over all readable reports, laid out as printed (the
form's grids, merges included). With a last-year folder, sheet 两年对照: agencies found in only
one of the two years.

Never silently wrong: a figure whose cells are blank or invalid is left blank; a summed cell
that some report leaves blank is the sum of the others, coloured, with a note saying how many
reports it lacks. Rows are written as they come (openpyxl's write-only mode): a folder of any
size in bounded memory. No cell starts a formula (:mod:`reportdesk.spreadsheet`). No Qt here.
"""

from __future__ import annotations

from typing import Iterator

from ..form import Form
from ..spreadsheet import add_sheet, new_workbook, workbook_chunks
from .batch import COLUMNS, SUMMED_TABLES, FileResult, finding_rows

REPORT_COLUMNS = ["文件", "机关", "年度", "状态", "错误", "提示", "一、本年新收", "二、上年结转", "（七）总计",
                  "四、结转下年度", "予以公开率", "行政复议", "行政复议·结果纠正", "行政诉讼",
                  "行政诉讼·结果纠正", "读取情况", "上年对照"]
REPORT_WIDTHS = [44, 30, 7, 14, 6, 6, 11, 11, 10, 12, 10, 9, 12, 9, 12, 50, 50]
RATE_COLUMN = REPORT_COLUMNS.index("予以公开率")
FINDING_WIDTHS = [44, 30, 7, 6, 9, 80, 40, 9, 9, 9]

# Each figure of the 报告 sheet: the cells added up (blank when any of them is).
FIGURES = (("t3.new.total",), ("t3.carried_in.total",), ("t3.total.total",), ("t3.carried_out.total",))
APPEALS = (("t4.review.total",), ("t4.review.corrected",),
           ("t4.suit_direct.total", "t4.suit_after_review.total"),
           ("t4.suit_direct.corrected", "t4.suit_after_review.corrected"))
MISSING_FILL = "FFF1C2"


def figure(values: dict, cells: tuple[str, ...]):
    """The sum of the cells, or None when any is blank (a figure is never partly made up)."""
    total = 0
    for c in cells:
        v = values.get(c)
        if v is None:
            return None
        total += v
    return total


def granted_rate(values: dict):
    """予以公开 ÷ （七）总计, or None when either is blank or nothing was answered."""
    granted, answered = values.get("t3.granted.total"), values.get("t3.total.total")
    if granted is None or not answered:
        return None
    return granted / answered


class Summary:
    """The 汇总 workbook, written result by result: :meth:`add` each, then :meth:`chunks`."""

    def __init__(self, form: Form):
        self.form = form
        self.workbook = new_workbook()
        self.reports = add_sheet(self.workbook, "报告", REPORT_COLUMNS, REPORT_WIDTHS, {RATE_COLUMN: "0.0%"})
        self.findings = add_sheet(self.workbook, "问题", COLUMNS, FINDING_WIDTHS)
        self.cells = [c for c in form.cells if c.split(".", 1)[0] in SUMMED_TABLES]
        self.sums = dict.fromkeys(self.cells, 0)
        self.lacking = dict.fromkeys(self.cells, 0)
        self.readable = self.unreadable = 0

    def add(self, result: FileResult) -> None:
        """One file's row, its findings, and its tables 3 and 4 into the sums."""
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
                             result.warnings, *(figure(v, f) for f in FIGURES), granted_rate(v),
                             *(figure(v, f) for f in APPEALS), result.reading, compared])
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
        """Tables 3 and 4 as printed, each value cell the sum over the readable reports."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.cell_range import CellRange

        t3, t4 = (self.form.tables[t].grid() for t in SUMMED_TABLES)
        note = f"{self.readable}份报告之和" + (f"（另有{self.unreadable}份无法读取，未计入）" if self.unreadable else "")
        if any(self.lacking.values()):
            note += "；黄色单元格：有的报告此格空白或无效，未计入，见批注"
        width = max(t3.cols, t4.cols)
        widths = [14, 20, 40] + [10] * (width - 3)
        first_value = min(g.col for g in t3.cells if g.role == "value")
        # frozen: the title, table 3's caption and header rows, and its label columns
        sheet = add_sheet(self.workbook, "表三表四合计", None, widths,
                          freeze=f"{get_column_letter(first_value + 1)}{3 + t3.header_rows}").sheet
        thin = Side(style="thin")
        ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
        centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        left = Alignment(vertical="center", wrap_text=True)
        title = WriteOnlyCell(sheet, value=f"表三、表四合计：{note}")
        title.font = Font(bold=True)
        sheet.append([title])
        row_at = 2
        for table, grid in zip(SUMMED_TABLES, (t3, t4)):
            caption = WriteOnlyCell(sheet, value=self.form.tables[table].title)
            caption.font = Font(bold=True)
            if table != SUMMED_TABLES[0]:
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
