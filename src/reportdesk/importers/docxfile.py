"""Read a report published as a Word document (.docx).

The document's XML is read directly with lxml, not through python-docx: it is many times
faster (a batch check reads hundreds of files), and every byte passes the guards of
:mod:`~reportdesk.importers.safexml` first (bounded inflation, no DOCTYPE, rows counted).
Properties the reader never looks at, made of empty elements only, are cut out of the bytes
before parsing (:func:`without_properties`): up to half of a Word document's elements.

Paragraphs become lines and table rows become rows of cell texts, in reading order
(content controls, inserted revisions and hyperlinks included; deleted revisions not).
A merged cell is given once: a horizontal merge (``gridSpan``) is one ``w:tc``; a vertical
merge (``vMerge``) continues as an empty cell below, as a printed table shows it. Tables are
then found by their labels (:mod:`~reportdesk.importers.document`), so a table split across
a page break, table 2 as one table or as four, spacer rows and columns, and rows out of
place all read the same.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..form import Form
from ..report import Report
from .document import Block, Line, Row, assemble
from .log import ImportLog
from .safexml import check_block_count, check_row_count, open_zip, parse_xml, read_member

_TRANSITIONAL_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_DEFAULT_PART = "word/document.xml"
W = "{" + _TRANSITIONAL_NS.decode() + "}"
_P, _TBL, _TR, _TC, _SDT, _SDTCONTENT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
_T, _TAB, _BR, _CR, _DEL = W + "t", W + "tab", W + "br", W + "cr", W + "del"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_ROW_TAG = re.compile(rb"<(?:\w+:)?tr[\s>/]")
_PARA_TAG = re.compile(rb"<(?:\w+:)?p[\s>/]")
# <w:tr> and <w:tr …>, <w:p>, <w:p …> and <w:p/> found in one pass: three to five times faster
# than five bytes.count (each is slow where "<w:" is frequent). Up to a size where the list
# of what it found stays small (a few MB: a report's text is well under).
_W_ROW_OR_PARA = re.compile(rb"<w:(tr(?=[ >])|p(?=[ >]|/>))")
_FINDALL_BYTES = 4 << 20
# What the reader never looks at, and in a Word or LibreOffice document up to half of the
# elements the parser would build (and free again): run and paragraph properties (fonts,
# sizes, spacing, alignment), row properties, a table's column grid and its cells' widths. A
# <w:rPr>, <w:pPr>, <w:trPr> or <w:tblGrid> holding only empty elements (a run's properties
# may sit in a paragraph's), and a <w:tcW .../>, are cut out of the bytes before parsing —
# never a block holding anything else, nor one holding an empty element named like what the
# reader reads (w:t, w:tab, w:br, w:cr, w:del, w:vMerge, a paragraph, table, row or cell): a
# tab stop (<w:tabs>), a section break (<w:sectPr>) or a revision's record keeps its block
# whole. Each cut starts after a tag's ">" and is a whole element with its end tag, so no
# markup is made or broken by it; a document with a comment, a CDATA section or a DOCTYPE
# ("<!") is parsed as it is.
_EMPTY_PROPERTY = rb'<w:(?!(?:t|tab|br|cr|del|vMerge|p|tbl|tr|tc)[\s/>])[^<>]*/>'
# (Possessive repeats, *+: nothing is gained by trying fewer children, and the search is faster.)
_PROPERTIES = re.compile(
    rb'><w:(?:([pr])Pr>(?:' + _EMPTY_PROPERTY + rb'|<w:rPr>(?:' + _EMPTY_PROPERTY + rb')*+</w:rPr>)*+</w:\1Pr>'
    rb'|(trPr|tblGrid)>(?:' + _EMPTY_PROPERTY + rb')*+</w:\2>|tcW\s[^<>]*/>)')


def read_docx(data: bytes, form: Form, name: str) -> tuple[Report, ImportLog]:
    """Read a .docx file's bytes as a published report (totals as printed)."""
    from .docxborders import note_unruled_tables

    parts: dict = {}
    report, log = assemble(docx_blocks(data, name, parts), form)
    note_unruled_tables(parts["zip"], parts["body"], log, name)   # a reviewer's check: rule 17
    return report, log


def docx_blocks(data: bytes, name: str, parts: dict | None = None) -> list[Block]:
    """The paragraphs and table rows of a .docx, in reading order (``parts`` receives the open
    package and the parsed body, as ``zip`` and ``body``)."""
    zf = open_zip(data, name)
    xml = read_member(zf, main_part(zf, name), name)
    if xml is None:
        raise _not_word(name, zf)
    # "Strict Open XML" (a choice in Word's Save As) names the same elements in another namespace.
    xml = xml.replace(_STRICT_NS, _TRANSITIONAL_NS)
    if len(xml) <= _FINDALL_BYTES and b"<!" not in xml:
        xml = without_properties(xml)
    if b"<w:body" in xml and len(xml) <= _FINDALL_BYTES:  # the usual prefix: both tags in one search
        tags = _W_ROW_OR_PARA.findall(xml)
        rows, paragraphs = tags.count(b"tr"), tags.count(b"p")
    elif b"<w:body" in xml:  # counting bytes keeps no list of what it found
        rows = xml.count(b"<w:tr>") + xml.count(b"<w:tr ")
        paragraphs = xml.count(b"<w:p>") + xml.count(b"<w:p ") + xml.count(b"<w:p/>")
    else:
        rows, paragraphs = len(_ROW_TAG.findall(xml)), len(_PARA_TAG.findall(xml))
    check_row_count(rows, name)
    check_block_count(paragraphs, name)
    root = parse_xml(xml, name)
    body = root.find(W + "body")
    if body is None:
        raise _not_word(name, zf)
    # Vertical merges' continuation cells, found once (cheaper than asking every cell).
    cont = {vm.getparent().getparent() for vm in body.iter(_VMERGE) if vm.get(_VAL, "continue") != "restart"}
    if parts is not None:
        parts.update(zip=zf, body=body)
    # Only a document with a deleted revision or a fallback copy somewhere has text to skip:
    # then each paragraph is looked at (None); else only those with a tab or a break need more
    # than their w:t.
    breaks = None if next(body.iter(_DEL, _FALLBACK), None) is not None else _breaking_paragraphs(body)
    return list(_walk(body, cont, breaks))


def without_properties(xml: bytes) -> bytes:
    """document.xml without the properties the reader never looks at, where they are made of
    empty elements only (see ``_PROPERTIES``): the same text, tables, cells and borders, less
    to parse."""
    return _PROPERTIES.sub(b">", xml)


def main_part(zf, name: str) -> str:
    """The document part the package's relationships name (word/document.xml as a rule)."""
    rels = read_member(zf, "_rels/.rels", name, limit=1 << 20)
    if rels:
        targets = _MAIN_TARGETS.get(rels)
        if targets is None:
            try:
                root = parse_xml(rels, name)
            except Exception:  # a damaged relationships part: fall back on the usual name
                return _DEFAULT_PART
            targets = tuple(str(rel.get("Target", "")).lstrip("/") for rel in root
                            if str(rel.get("Type", "")).endswith("/officeDocument"))
            if len(_MAIN_TARGETS) < 64:
                _MAIN_TARGETS[rels] = targets
        for target in targets:
            if target and target in zf.namelist():
                return target
    return _DEFAULT_PART


# A relationships part's officeDocument targets, by its bytes: a batch's files mostly come
# from one program and have the same.
_MAIN_TARGETS: dict[bytes, tuple[str, ...]] = {}


def _not_word(name: str, zf) -> Exception:
    from ..errors import UnreadableReport

    names = set(zf.namelist())
    if "xl/workbook.xml" in names:
        return UnreadableReport(f"“{name}”是 Excel 表格，不是 Word 文档")
    if "ppt/presentation.xml" in names:
        return UnreadableReport(f"“{name}”是 PowerPoint 演示文稿，不是 Word 文档")
    if "content.xml" in names:
        return UnreadableReport(f"“{name}”是 WPS/OpenDocument 格式，请另存为 .docx 后再导入")
    return UnreadableReport(f"“{name}”不是 Word 文档（压缩包中没有 word/document.xml）")


def _walk(parent, cont=frozenset(), breaks: set | None = None) -> Iterator[Block]:
    for child in parent:
        tag = child.tag
        if tag == _P:
            text = paragraph_text(child, breaks)
            for line in text.split("\n"):
                yield Line(line)
        elif tag == _TBL:
            yield from _table(child, cont, breaks)
        elif tag in _WRAPPERS:
            yield from _walk(_unwrap(child), cont, breaks)


def _table(tbl, cont=frozenset(), breaks: set | None = None) -> Iterator[Block]:
    rows = _children(tbl, _TR)
    beside = _side_by_side(rows[0], cont, breaks) if len(rows) == 1 else None
    if beside is not None:
        yield from beside
        return
    for tr in rows:
        cells = []
        nested: list[Block] = []
        for tc in _children(tr, _TC):
            paragraphs, tables = _cell_content(tc)
            # A vertical merge's continuation prints nothing of its own, though WPS (and a
            # cell merged after it was filled) may keep text there.
            cells.append("" if tc in cont else _cell_text(paragraphs, breaks))
            for inner in tables:
                nested.extend(_table(inner, cont, breaks))
        yield Row(tuple(cells))
        yield from nested


def _side_by_side(tr, cont=frozenset(), breaks: set | None = None) -> list[Row] | None:
    """A layout table of one row (``tr``) whose cells each hold a table (the labels in one, the
    numbers in the other, printed side by side): their rows joined into the printed rows,
    aligned at the bottom. None for any other table."""
    inner = []
    for tc in _children(tr, _TC):
        paragraphs, tables = _cell_content(tc)
        if len(tables) == 1:
            inner.append(tables[0])
        elif tables or _cell_text(paragraphs, breaks):
            return None
    if len(inner) < 2:
        return None
    grids = []
    for t in inner:
        blocks = list(_table(t, cont, breaks))
        if any(not isinstance(b, Row) for b in blocks):
            return None
        grids.append([b.cells for b in blocks])
    height = max(len(g) for g in grids)
    grids = [[()] * (height - len(g)) + g for g in grids]
    joined = [Row(tuple(c for g in grids for c in g[i])) for i in range(height)]
    return [r for r in joined if any(r.cells)]


_TCPR, _VMERGE, _VAL = W + "tcPr", W + "vMerge", W + "val"
_WRAPPERS = (_SDT, _SDTCONTENT, W + "customXml", W + "ins", W + "smartTag")


def _unwrap(el):
    """The content of a content control (``w:sdt`` → ``w:sdtContent``) or other wrapper."""
    if el.tag == _SDT:
        content = el.find(_SDTCONTENT)
        return content if content is not None else ()
    return el


def _children(el, tag: str) -> list:
    """Direct children with ``tag``, also those wrapped in content controls."""
    found = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found += _children(_unwrap(child), tag)
    return found


def _cell_content(tc, paragraphs: list | None = None, tables: list | None = None) -> tuple[list, list]:
    """A table cell's paragraphs and the tables nested in it (also inside content controls),
    each in document order: one look at the cell's children for both."""
    paragraphs = [] if paragraphs is None else paragraphs
    tables = [] if tables is None else tables
    for child in tc:
        tag = child.tag
        if tag == _P:
            paragraphs.append(child)
        elif tag == _TBL:
            tables.append(child)
        elif tag in _WRAPPERS:
            _cell_content(_unwrap(child), paragraphs, tables)
    return paragraphs, tables


def cell_text(tc) -> str:
    """A table cell's text, its paragraphs separated by newlines (nested tables left out)."""
    return _cell_text(_children(tc, _P))


def _cell_text(paragraphs: list, breaks: set | None = None) -> str:
    if len(paragraphs) == 1:   # the usual cell
        return paragraph_text(paragraphs[0], breaks).strip()
    return "\n".join([paragraph_text(p, breaks) for p in paragraphs]).strip()


def paragraph_text(p, breaks: set | None = None) -> str:
    """A paragraph's text: runs, tabs and line breaks; deleted revisions left out.

    ``breaks``: for a document with no deleted revision and no fallback copy anywhere (nothing
    to skip), the paragraphs holding a tab or a line break (:func:`_breaking_paragraphs`): any
    other paragraph's text is its w:t alone. None: the paragraph is looked at here. (An lxml
    iterator over named tags costs more to start than most paragraphs' text takes to read:
    these are looked for once per document, and the usual paragraph's iterator has one tag.)"""
    if breaks is not None and p not in breaks:
        return "".join([t.text or "" for t in p.iter(_T)])
    check = breaks is None and next(p.iter(_DEL, _FALLBACK), None) is not None
    out: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if check and _skipped(el, p):
            continue
        tag = el.tag
        out.append((el.text or "") if tag == _T else "\t" if tag == _TAB else "\n")
    return "".join(out)


def _breaking_paragraphs(body) -> set:
    """The paragraphs holding a tab or a line break (and those holding them: a text box's)."""
    found = set()
    for el in body.iter(_TAB, _BR, _CR):
        found.update(el.iterancestors(_P))
    return found


def _skipped(el, p) -> bool:
    """Deleted revisions, and the fallback copy of a text box (its text is read once)."""
    for a in el.iterancestors():
        if a is p:
            return False
        if a.tag == _DEL or a.tag == _FALLBACK:
            return True
    return False
