"""Read a report published as plain text: a web page copied out, tables flattened with tabs.

The title gives the agency and the year; the part headings (一、总体情况 …) and the
sub-headings of 总体情况 split the prose into the text parts; lines under parts 二–四 are
table rows, read by :class:`~reportdesk.importers.tables.TableReader` by their labels.
"""

from __future__ import annotations

import re

from ..form import Form, load_form
from ..report import IMPORTED, Report
from ..values import cn_number, squash_spaces
from .labels import LabelIndex
from .log import MISSING, NOTE, UNRECOGNISED, ImportLog
from .tables import TableReader, is_value_text

_CELL_SPLIT = re.compile(r"\t| {2,}|\u3000{1,}")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    Returns the text and the encoding used. GB18030 is a superset of GBK and GB2312, the
    encodings Chinese Windows saves plain text in.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8"


def split_cells(line: str) -> list[str]:
    """The cells of a flattened table row: tab-separated, or runs of spaces between them.

    A cell holding several numbers separated by single spaces ("0 0 0") is split too.
    """
    parts = _CELL_SPLIT.split(line) if ("\t" in line or "  " in line or "\u3000" in line) else line.split(" ")
    cells: list[str] = []
    for p in parts:
        tokens = p.split()
        if len(tokens) > 1 and all(is_value_text(t) for t in tokens):
            cells.extend(tokens)
        elif len(tokens) > 1 and is_value_text(tokens[-1]) and not _numbering_only(tokens[:-1]):
            i = len(tokens)
            while i > 0 and is_value_text(tokens[i - 1]):
                i -= 1
            cells.append(" ".join(tokens[:i]))
            cells.extend(tokens[i:])
        else:
            cells.append(p.strip())
    return cells


def _numbering_only(tokens: list[str]) -> bool:
    return all(re.fullmatch(r"\d+[.、．]?|[（(][一二三四五六七八九十]+[)）]", t) for t in tokens)


def find_title(lines: list[str], form: Form) -> tuple[str, int | None, int]:
    """Agency, year and the number of leading lines the title took (0 when none was found)."""
    for start in range(min(len(lines), 8)):
        for length in (1, 2, 3):
            chunk = "".join(x.strip() for x in lines[start:start + length])
            m = form.title_pattern.search(chunk)
            if m:
                year = cn_number(m.group("year"))
                agency = squash_spaces(m.group("agency")).replace(" ", "")
                return agency, year, start + length
    return "", None, 0


def read_text(text: str, form: Form | None = None, *, name: str = "") -> tuple[Report, ImportLog]:
    """Read a report from its text. Returns the report (totals as printed) and the import log."""
    form = form or load_form()
    report = Report(form, derive=False)
    log = ImportLog()
    labels = LabelIndex(form)
    tables = TableReader(form, report, log, labels)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    agency, year, skip = find_title([x for x in lines], form)
    report.agency, report.year = agency, year
    if skip:
        log.add(NOTE, f"标题：机关“{agency}”，年度{year}")
    else:
        log.add(MISSING, "没有找到“××××年政府信息公开工作年度报告”标题，机关名称和年度需要填写")
    part: str | None = None
    text_id: str | None = None
    paragraphs: dict[str, list[str]] = {}
    parts_by_id = {p.id: p for p in form.parts}
    for raw in lines[skip:]:
        line = raw.strip()
        if not line:
            continue
        plain = squash_spaces(line)
        new_part = labels.part_heading(plain) if "\t" not in line else None
        if new_part:
            part = new_part
            p = parts_by_id[part]
            text_id = p.texts[0] if len(p.texts) == 1 else (p.whole or None)
            continue
        if part is None:
            log.add(UNRECOGNISED, f"正文第一部分之前的文字未读取：“{plain[:40]}”", raw=line)
            continue
        p = parts_by_id[part]
        if p.table:
            tables.feed(split_cells(raw.strip("\n")), part)
            continue
        sub = labels.text_heading(plain, part)
        if sub:
            text_id, rest = sub
            if rest:
                paragraphs.setdefault(text_id, []).append(rest)
            continue
        if text_id is None:
            text_id = p.whole or p.texts[0]
        paragraphs.setdefault(text_id, []).append(plain)
    _assign_texts(report, paragraphs, form, log)
    tables.finish()
    return report, log


def _assign_texts(report: Report, paragraphs: dict[str, list[str]], form: Form, log: ImportLog) -> None:
    for part in form.parts:
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
            log.add(MISSING, f"没有找到“{part.title}”")
