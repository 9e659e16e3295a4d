"""Whether a Word document's tables are ruled, as the official tables are (a reviewer's check).

A table is ruled when it, its table style (followed through ``basedOn`` in styles.xml) or its
cells give a border that is not ``nil``/``none``. Only tables holding no table are looked at:
a layout table around two side-by-side tables is unruled on purpose. The docx reader calls
:func:`note_unruled_tables`, which adds a note to the import log; the batch check turns it
into a warning (rule 16, :mod:`reportdesk.importers.peer`).
"""

from __future__ import annotations

from .log import NOTE, ImportLog
from .safexml import parse_xml, read_member

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL, _ID = W + "val", W + "styleId"
_INVISIBLE = {"nil", "none", None}
UNRULED_NOTE = "表格没有边框线"   # the start of the log note rule 16 looks for


def note_unruled_tables(zf, body, log: ImportLog, name: str) -> None:
    """Add ``表格没有边框线…`` to ``log`` when a table of the body with two rows or more is unruled."""
    tables = [t for t in body.iter(W + "tbl") if t.find(f".//{W}tbl") is None and len(t.findall(W + "tr")) >= 2]
    if not tables:
        return
    styles = None
    unruled = 0
    for table in tables:
        if _ruled(table.find(f"{W}tblPr/{W}tblBorders")) or any(_ruled(b) for b in table.iter(W + "tcBorders")):
            continue
        style = table.find(f"{W}tblPr/{W}tblStyle")
        if style is not None:
            if styles is None:
                styles = _table_styles(zf, name)
            if _style_ruled(styles, style.get(_VAL)):
                continue
        unruled += 1
    if unruled:
        log.add(NOTE, f"{UNRULED_NOTE}（{unruled}个表格，共{len(tables)}个）：规定的表格是有边框线的")


def _ruled(borders) -> bool:
    return borders is not None and any(b.get(_VAL) not in _INVISIBLE for b in borders)


def _table_styles(zf, name: str) -> dict:
    """styleId → (tblBorders element or None, basedOn id or None), for table styles."""
    xml = read_member(zf, "word/styles.xml", name, limit=8 << 20)
    if not xml:
        return {}
    try:
        root = parse_xml(xml, name)
    except Exception:   # a damaged styles part: no style is known to rule anything
        return {}
    styles = {}
    for style in root.iter(W + "style"):
        based = style.find(W + "basedOn")
        styles[style.get(_ID)] = (style.find(f"{W}tblPr/{W}tblBorders"),
                                  based.get(_VAL) if based is not None else None)
    return styles


def _style_ruled(styles: dict, style_id: str | None) -> bool:
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        borders, based = styles.get(style_id, (None, None))
        if borders is not None:
            return _ruled(borders)
        style_id = based
    return False
