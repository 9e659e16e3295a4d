"""Copies of the form file with a row, a column or a table added, and published-looking
reports of any form — text as a browser copies it (tabs, a merged cell given once) and a Word
document (merges as Word writes them) — laid out from the form's own printed grids, so that
a table the program has never seen prints as the form says it is printed.

(`tests/importers/test_form_copies.py`: such copies read back cell for cell with no code.)
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import cell as docx_cell, document_xml, docx_bytes, para, row as docx_row, table as docx_table

from reportdesk.form import Form, form_path, load_form_file

FORM_TEXT = form_path().read_text(encoding="utf-8")

# (a) a row of table 3 under 三、本年度办理结果: counted by （七）总计 and rule 3 by the structure
EXTRA_ROW = ('[[tables.t3.rows]]\nid = "total"',
             '[[tables.t3.rows]]\nid = "other.referred"\nlabel = "4.告知向其他机关申请"\n'
             'short = "（六）4.告知向其他机关申请"\npath = ["三、本年度办理结果", "（六）其他处理"]\n'
             'guidance = "告知申请人向有关机关申请的。"\n\n[[tables.t3.rows]]\nid = "total"')

# (b) a column in each of table 4's groups, before 总计 (its header cells laid out again)
T4_HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "终止审理", "总计"]
T4_TOTAL = '    { id = "total", label = "总计", total = true, guidance = "自动计算：前四项之和。" },'
EXTRA_COLUMN = (T4_TOTAL, '    { id = "terminated", label = "终止审理", guidance = "审理终止的案件数。" },\n' + T4_TOTAL)


def t4_header(heads: list[str]) -> str:
    n = len(heads)
    cells = [f'{{ text = "行政复议", row = 0, col = 0, colspan = {n}, rowspan = 2 }}',
             f'{{ text = "行政诉讼", row = 0, col = {n}, colspan = {2 * n} }}',
             f'{{ text = "未经复议直接起诉", row = 1, col = {n}, colspan = {n} }}',
             f'{{ text = "复议后起诉", row = 1, col = {2 * n}, colspan = {n} }}']
    cells += [f'{{ text = "{h}", row = 2, col = {i} }}' for i, h in enumerate(heads * 3)]
    return "header = [\n" + "".join(f"    {c},\n" for c in cells) + "]\n"


def _t4_header_edit(text: str) -> tuple[str, str]:
    at = text.index("[tables.t4]")
    old = re.search(r"header = \[\n.*?\n\]\n", text[at:], re.S).group(0)
    return old, t4_header(T4_HEADS)


# (c) a table of the blocks layout (表五), in a part of its own after 六
EXTRA_TABLE = ('# ---------------------------------------------------------------------------------------\n'
               '# Carry from last year',
               '''[tables.t5]
number = "五"
heading = "政府信息公开工作机构和人员情况"
layout = "blocks"
corner = "项目"
width = 2

[[tables.t5.blocks]]
title = "工作机构"
columns = [{ id = "count", label = "机构数量" }]
rows = [{ id = "offices", label = "专门工作机构" }]

[[tables.t5.blocks]]
title = "工作人员"
columns = [{ id = "full_time", label = "专职人员数" }, { id = "part_time", label = "兼职人员数" }]
rows = [{ id = "agency_staff", label = "本机关工作人员" }, { id = "unit_staff", label = "所属单位工作人员" }]

# ---------------------------------------------------------------------------------------
# Carry from last year''')
EXTRA_PART = ('# ---------------------------------------------------------------------------------------\n'
              '# Text fields.',
              '''[[parts]]
id = "staff"
number = "七"
heading = "政府信息公开工作机构和人员情况"
table = "t5"
match = ["政府信息公开工作机构和人员情况", "工作机构和人员情况"]

# ---------------------------------------------------------------------------------------
# Text fields.''')

T5_CELLS = {"t5.offices.count": 1, "t5.agency_staff.full_time": 2, "t5.agency_staff.part_time": 3,
            "t5.unit_staff.full_time": 0, "t5.unit_staff.part_time": 11}


def edits(*what: str) -> list[tuple[str, str]]:
    """The edits of the form file for ``row``, ``column``, ``table``."""
    out: list[tuple[str, str]] = []
    if "row" in what:
        out.append(EXTRA_ROW)
    if "column" in what:
        out += [EXTRA_COLUMN, _t4_header_edit(FORM_TEXT)]
    if "table" in what:
        out += [EXTRA_TABLE, EXTRA_PART]
    return out


def form_copy(folder: Path, *what: str, also: tuple[tuple[str, str], ...] = ()) -> Form:
    """The shipped form file with ``what`` added (and ``also`` edits), loaded as a program would."""
    text = FORM_TEXT
    for old, new in [*edits(*what), *also]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / "copy.toml"
    path.write_text(text, encoding="utf-8")
    return load_form_file(path)


# ----------------------------------------------------------------------------- printing a report


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def grid_rows(form: Form, table_id: str, cells: dict) -> list[list[tuple]]:
    """The table's printed rows: for each row, (text, colspan, "restart"|"continue"|None) per
    printed cell — a cell merged down from the row above is a continuation."""
    grid = form.tables[table_id].grid()
    at = {}
    for g in grid.cells:
        for r in range(g.row, g.row + g.rowspan):
            at[(r, g.col)] = g
    rows = []
    for r in range(grid.rows):
        printed, c = [], 0
        while c < grid.cols:
            g = at.get((r, c))
            if g is None:
                printed.append(("", 1, None))
                c += 1
                continue
            text = _number(cells.get(g.cell_id)) if g.role == "value" else g.text
            merge = None if g.rowspan == 1 else ("restart" if g.row == r else "continue")
            printed.append((text if g.row == r else "", g.colspan, merge))
            c += g.colspan
        rows.append(printed)
    return rows


def text_lines(form: Form, table_id: str, cells: dict) -> list[str]:
    """A table as a browser copies it: a line a row, cells by tabs, a merged cell given once."""
    return ["\t".join(text for text, _span, merge in r if merge != "continue") for r in grid_rows(form, table_id, cells)]


def _paragraphs(form: Form, texts: dict[str, str]):
    """The report's parts in order: ("heading", text), ("text", text) or ("table", id)."""
    for part in form.parts:
        yield "heading", part.title
        if part.table:
            yield "table", part.table
            continue
        for tid in part.texts:
            field = form.texts[tid]
            if len(part.texts) > 1:
                yield "heading", field.heading
            yield "text", texts.get(tid, "")


def text_report(form: Form, agency: str, year: int, cells: dict, texts: dict[str, str]) -> str:
    lines = [form.report_title(agency, year), ""]
    for kind, what in _paragraphs(form, texts):
        lines += text_lines(form, what, cells) if kind == "table" else [what]
    return "\n".join(lines) + "\n"


def docx_report(form: Form, agency: str, year: int, cells: dict, texts: dict[str, str]) -> bytes:
    body = [para(form.report_title(agency, year))]
    for kind, what in _paragraphs(form, texts):
        if kind == "table":
            body.append(docx_table(*(docx_row(*(docx_cell(text, span, merge) for text, span, merge in r))
                                     for r in grid_rows(form, what, cells))))
        else:
            body.append(para(what))
    return docx_bytes(document_xml("".join(body)))
