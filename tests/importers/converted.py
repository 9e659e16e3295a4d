"""Copies of a report without its cell separators (crawlers: :func:`crawled`) and the markdown
PDF converters make of it (:func:`pdf_markdown`), for tests/importers/test_crawled.py,
test_converted.py and the fixtures of tests/fixtures/make_fixtures.py.

What such converters do to the official tables, each a knob here: the row labels pushed out
of the table into the text before (or after) the value rows; a table cut into one small table
per group with made-up column headers (数据1 … 数据6); a bogus header row above the last rows
(the columns numbered, or 数据1 …); the page's footer between rows; the 总计 of 四、结转下年度继续办理
lost. The numbers are variants.CELLS (or any cells given).
"""

from __future__ import annotations

import re

from variants import (CORNER, HEADINGS, KINDS, SUBHEADS, T3_COLS, T4_HEADS, TEXTS, TITLE, t2_lines, t3_rows, t4_lines,
                      value)

from published import T4_COLS, T4_GROUPS


def md_row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def md_table(rows: list[list[str]], header: list[str] | None = None) -> list[str]:
    """A markdown table: the header row (the first row when none is given), the rule, the rest."""
    rows = [list(r) for r in rows]
    head = header if header is not None else rows.pop(0)
    width = max(len(head), *(len(r) for r in rows)) if rows else len(head)
    return [md_row(head), md_row(["---"] * width), *(md_row(r) for r in rows), ""]


def pdf_markdown(cells=None, *, title: str = TITLE, texts: dict | None = None, labels_outside: str = "",
                 per_group: bool = False, bogus_header: str = "", footer: bool = False,
                 lose_carried_out_total: bool = False) -> str:
    """A report as a PDF converter's markdown.

    ``labels_outside``: "before" or "after" — the first two rows of table 3 as value rows
    with no label, their labels in a line of text before (after) them. ``per_group``: table 3
    cut into one table per group, headed 数据1–数据6. ``bogus_header``: "numbered" or "data"
    above （七）总计. ``footer``: the page footer ("— 3 —", "第 3 页 共 5 页") between rows.
    """
    v = lambda cid: value(cid, cells)  # noqa: E731
    texts = texts or TEXTS
    lines = [f"# {title}", "", f"## {HEADINGS[0]}", ""]
    for sub, tid in zip(SUBHEADS, list(TEXTS)[:5]):
        lines += [f"### {sub}", "", texts[tid], ""]
    lines += [f"## {HEADINGS[1]}", ""]
    t2 = [line.split("\t") for line in t2_lines(cells)]
    lines += md_table(t2)
    lines += [f"## {HEADINGS[2]}", "", f"{CORNER}申请人情况", ""]
    lines += md_table([["", *KINDS, ""]], header=["自然人", "法人或其他组织", "", "", "", "", "总计"])
    body = t3_rows()
    numbers = {rid: [v(f"t3.{rid}.{c}") for c in T3_COLS] for _g0, _g1, _l, rid in body}
    if lose_carried_out_total:
        numbers["carried_out"] = numbers["carried_out"][:-1]
    rows = list(body)
    if labels_outside:
        first_two = rows[:2]
        rows = rows[2:]
        text = " ".join(label for _g0, _g1, label, _r in first_two)
        table = md_table([numbers[r] for *_x, r in first_two])
        lines += ([text, ""] + table) if labels_outside == "before" else (table + [text, ""])
    current: list[list[str]] = []
    group = None
    tail_at = next(i for i, r in enumerate(rows) if r[3] == "total")
    for i, (g0, g1, label, rid) in enumerate(rows):
        g = g1 or g0
        if per_group and g != group and current:
            lines += md_table(current, header=[group or "", *(f"数据{k}" for k in range(1, 7))])
            current = []
        if i == tail_at and (bogus_header or footer):
            lines += md_table(current, header=[group or "", *(f"数据{k}" for k in range(1, 7))]) if per_group \
                else md_table(current)
            current = []
            if footer:
                lines += ["— 3 —", "", "第 3 页 共 5 页", ""]
            if bogus_header:
                head = [str(k) for k in range(1, 9)] if bogus_header == "numbered" else \
                    ["", *(f"数据{k}" for k in range(1, 8))]
                lines += md_table([[label, *numbers[rid]] for _g0, _g1, label, rid in rows[i:]], header=head)
                break
        group = g
        current.append([label, *numbers[rid]])
    else:
        lines += md_table(current, header=[group or "", *(f"数据{k}" for k in range(1, 7))]) if per_group \
            else md_table(current)
    lines += [f"## {HEADINGS[3]}", ""]
    t4 = [line.split("\t") for line in t4_lines(cells)]
    lines += md_table(t4)
    lines += [f"## {HEADINGS[4]}", "", texts["text.problems"], "", f"## {HEADINGS[5]}", "", texts["text.other"], ""]
    return "\n".join(lines)


def crawled(text: str, how: str) -> str:
    """A copy without cell separators: "cells" joins each row's cells, "tables" puts each
    table on one line as well, "body" runs the whole report into one line."""
    if how == "cells":
        return text.replace("\t", "")
    if how == "body":
        return re.sub(r"\s+", "", text)
    out, table = [], False
    for line in text.replace("\t", "").split("\n"):
        heading = _PART.match(line.strip())
        if heading:
            table = heading.group(heading.lastindex) in "二三四"
            out += [line, ""]
        elif table:
            out[-1] += line.strip()
        else:
            out.append(line)
    return "\n".join(out)


_PART = re.compile(r"^(一)、总体|^(?:(二)、主动公开政府|(三)、收到和处理|(四)、政府信息公开行政|(五)、|(六)、)")


__all__ = ["crawled", "pdf_markdown", "md_table", "T4_COLS", "T4_GROUPS", "T4_HEADS"]
