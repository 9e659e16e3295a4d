"""The report as a Word document in the official layout (python-docx).

:func:`docx_bytes` is the writer of ``reportdesk convert IN -o OUT.docx`` (registered in
``reportdesk.commands.convert.WRITERS``); :func:`export_docx` is what the wizard calls.

The document is built from :func:`reportdesk.export.layout.report_layout`: paragraphs carry a
style and nothing else, tables are written as XML straight from the form's grid (one ``w:tc``
per grid position, ``gridSpan``/``vMerge`` for the merges), so that a whole report takes a few
hundredths of a second.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from .. import __version__
from ..errors import ReportdeskError
from ..fileio import write_atomic
from ..report import Report
from ..rules import ERROR, Finding, check
from .fonts import OFFICIAL, FontSet
from .layout import CELL_PADDING, STYLES, Layout, PageSetup, Paragraph, ParaStyle, TableBlock, report_layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_MM = 1440 / 25.4
# Chinese text is zh-CN (w:eastAsia); the Latin slot stays en-US, as Word writes it on a
# Chinese Windows: with zh-CN there, LibreOffice breaks a line inside a number (“5 / 00万”).
LATIN_LANG = "en-US"
_THEME_ATTRS = [qn(f"w:{a}") for a in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")]


class ExportRefused(ReportdeskError):
    """A final export of a report that still has errors: nothing is written."""

    exit_code = 1


# ----------------------------------------------------------------------------- public API


def docx_bytes(report: Report, findings: list[Finding], final: bool, fonts: str = OFFICIAL) -> bytes:
    """The report as .docx bytes: marked 草稿 when ``findings`` hold errors.

    ``final`` refuses (:class:`ExportRefused`) while errors remain; ``fonts`` is the font
    setting ("official" or "common").
    """
    return build_docx(report, findings, final=final, fonts=fonts)


def export_docx(report: Report, path: str | Path, *, findings: list[Finding] | None = None,
                fonts: str = OFFICIAL, final: bool = False, last_year: Report | None = None) -> list[Finding]:
    """Check (unless ``findings`` are given) and write the report to ``path`` safely.

    Returns the findings. A report with errors is written as a draft (“草稿” in the header);
    with ``final`` it is refused (:class:`ExportRefused`, nothing written). A file that cannot
    be written raises :class:`reportdesk.fileio.WriteError` and leaves the old file as it was.
    """
    if findings is None:
        findings = check(report, last_year)
    write_atomic(path, build_docx(report, findings, final=final, fonts=fonts))
    return findings


def build_docx(report: Report, findings: list[Finding], *, final: bool = False, fonts: str = OFFICIAL) -> bytes:
    """The .docx bytes of a report (see :func:`export_docx`)."""
    errors = [f for f in findings if f.severity == ERROR]
    if final and errors:
        lines = "\n".join(f"  {f.message}" for f in errors[:20])
        more = f"\n  ……共{len(errors)}处" if len(errors) > 20 else ""
        raise ExportRefused(f"报告还有{len(errors)}处错误，不能导出正式版：\n{lines}{more}")
    return render(report_layout(report, fonts=fonts, errors=len(errors)))


def render(layout: Layout) -> bytes:
    """Write a :class:`Layout` as .docx bytes."""
    doc = Document()
    _setup_package(doc, layout)
    _setup_styles(doc, layout.fonts)
    _setup_page(doc, layout)
    body = doc.element.body
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            body._insert_p(_paragraph(STYLES[block.style].id, block.text))
        else:
            body._insert_tbl(_table(block, layout.page))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- paragraphs


def _paragraph(style_id: str, text: str, runs_xml: str = ""):
    runs = runs_xml or _run(text)
    return parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{runs}</w:p>')


def _run(text: str) -> str:
    """A run of text; a newline in it is a line break."""
    if not text:
        return ""
    inner = '</w:t><w:br/><w:t xml:space="preserve">'.join(escape(line) for line in text.split("\n"))
    return f'<w:r><w:t xml:space="preserve">{inner}</w:t></w:r>'


def _page_field_runs() -> str:
    """“— 1 —” with the number as a PAGE field (Word and LibreOffice update it)."""
    return ('<w:r><w:t xml:space="preserve">— </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:t xml:space="preserve"> —</w:t></w:r>')


# ----------------------------------------------------------------------------- tables


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _table(block: TableBlock, page: PageSetup):
    widths = [_twips(w) for w in block.widths]
    widths[-1] += _twips(page.text_width) - sum(widths)  # rounding: fill the text width exactly
    starts = {(c.row, c.col): c for c in block.cells}
    # Which cell covers each grid position (merged areas).
    cover: dict[tuple[int, int], tuple[int, int]] = {}
    for c in block.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                cover[(r, k)] = (c.row, c.col)
    pad = _twips(CELL_PADDING)
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{pad}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        f' w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    ncols = len(widths)
    keep_rows = set(block.keep_with_next)
    for r in range(block.rows):
        header = "<w:tblHeader/>" if r < block.header_rows else ""
        keep = r in keep_rows
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        k = 0
        while k < ncols:
            origin = cover.get((r, k))
            if origin is None:  # a hole in the grid: an empty cell keeps the table rectangular
                parts.append(_tc(widths[k], 1, None, "", STYLES["small_value"].id, keep))
                k += 1
                continue
            cell = starts[origin]
            span = cell.colspan
            width = sum(widths[cell.col: cell.col + span])
            if cell.rowspan > 1:
                vmerge = "restart" if origin[0] == r else "continue"
            else:
                vmerge = None
            text = cell.text if origin[0] == r else ""
            parts.append(_tc(width, span, vmerge, text, STYLES[cell.style].id, keep))
            k = cell.col + span
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return parse_xml("".join(parts))


def _tc(width: int, span: int, vmerge: str | None, text: str, style_id: str, keep_next: bool = False) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merge_xml = ("<w:vMerge/>" if vmerge == "continue" else f'<w:vMerge w:val="{vmerge}"/>') if vmerge else ""
    keep = "<w:keepNext/>" if keep_next else ""
    # One paragraph per line: a justified line ending in a line break would be stretched.
    paragraphs = "".join(f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{keep}</w:pPr>{_run(line)}</w:p>'
                         for line in text.split("\n"))
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{merge_xml}<w:vAlign w:val="center"/>'
            f'</w:tcPr>{paragraphs}</w:tc>')


# ----------------------------------------------------------------------------- styles


def _style_xml(style: ParaStyle, fonts: FontSet) -> str:
    font = escape(fonts.font(style.role), {'"': "&quot;"})
    ppr = []
    if style.keep_next:
        ppr.append("<w:keepNext/>")
    ppr.append("<w:widowControl/>")
    line = f' w:line="{round(style.line * 20)}" w:lineRule="exact"' if style.line else ' w:line="240" w:lineRule="auto"'
    ppr.append(f'<w:spacing w:before="{round(style.before * 20)}" w:after="{round(style.after * 20)}"{line}/>')
    first_twips = round(style.indent_chars * style.size * 20)
    ind = (f'<w:ind w:left="{round(style.left_chars * style.size * 20)}"'
           f' w:leftChars="{round(style.left_chars * 100)}"'
           f' w:right="{round(style.right_chars * style.size * 20)}" w:rightChars="{round(style.right_chars * 100)}"'
           f' w:firstLineChars="{round(style.indent_chars * 100)}" w:firstLine="{first_twips}"/>')
    ppr.append(ind)
    ppr.append(f'<w:jc w:val="{style.align}"/>')
    if style.outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{style.outline}"/>')
    bold = style.bold or (style.role == "title" and fonts.title_bold)
    size = round(style.size * 2)
    rpr = (f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}"/>'
           + ("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
           + f'<w:color w:val="000000"/><w:kern w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
           + f'<w:lang w:val="{LATIN_LANG}" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    based = f'<w:basedOn w:val="{style.based_on}"/>' if style.based_on else ""
    default = ' w:default="1"' if style.id == "Normal" else ""
    return (f'<w:style {nsdecls("w")} w:type="paragraph"{default} w:styleId="{style.id}">'
            f'<w:name w:val="{escape(style.name)}"/>{based}<w:qFormat/>'
            f'<w:pPr>{"".join(ppr)}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def _setup_styles(doc, fonts: FontSet) -> None:
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    for style in STYLES.values():
        new = parse_xml(_style_xml(style, fonts))
        old = by_id.get(style.id)
        if old is not None:
            old.addprevious(new)
            styles.remove(old)
        else:
            styles.append(new)
    # A theme font attribute wins over an explicit font name: none anywhere.
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(attr, None)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    body = fonts.body
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f'<w:rFonts {nsdecls("w")}/>')
        rpr.insert(0, rfonts)
    for slot in ("ascii", "eastAsia", "hAnsi", "cs"):
        rfonts.set(qn(f"w:{slot}"), body)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f'<w:lang {nsdecls("w")}/>')
        rpr.append(lang)
    lang.set(qn("w:val"), LATIN_LANG)
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    ppr_default = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if ppr_default is not None:
        for spacing in ppr_default.findall(qn("w:spacing")):
            ppr_default.remove(spacing)


# ----------------------------------------------------------------------------- page, header, footer


def _setup_page(doc, layout: Layout) -> None:
    page = layout.page
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.header_distance, section.footer_distance = Mm(page.header), Mm(page.footer)
    section.gutter = 0
    # No character grid: with one, LibreOffice halves the characters per line.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        for attr in list(grid.attrib):
            del grid.attrib[attr]
        grid.set(qn("w:linePitch"), str(round(STYLES["body"].line * 20)))
    settings = doc.settings
    settings.odd_and_even_pages_header_footer = True
    lang = settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LATIN_LANG)
        lang.set(qn("w:eastAsia"), "zh-CN")
    if layout.page_numbers:
        for footer, style in ((section.footer, "page_odd"), (section.even_page_footer, "page_even")):
            footer.is_linked_to_previous = False
            _set_only_paragraph(footer, _paragraph(STYLES[style].id, "", _page_field_runs()))
    if layout.header:
        headers = [section.header, section.even_page_header]
        for header in headers:
            header.is_linked_to_previous = False
            _set_only_paragraph(header, _paragraph(STYLES["draft_mark"].id, layout.header))


def _set_only_paragraph(part, p) -> None:
    element = part._element
    for old in element.findall(qn("w:p")):
        element.remove(old)
    element.append(p)


# ----------------------------------------------------------------------------- properties


def _setup_package(doc, layout: Layout) -> None:
    props = doc.core_properties
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title = layout.title
    props.author = layout.author
    props.last_modified_by = layout.author
    props.subject = layout.subject
    props.keywords = layout.keywords
    props.comments = ""
    props.category = "政府信息公开工作年度报告"
    props.content_status = layout.status
    props.language = "zh-CN"
    props.created = now
    props.modified = now
    props.revision = 1
    package = doc.part.package
    # The template's thumbnail shows another document; its app.xml names another program.
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _app_xml(layout.author)


def _app_xml(company: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>reportdesk {escape(__version__)}</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{escape(company)}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode("utf-8")


# ----------------------------------------------------------------------------- the 校验单


def checklist_docx_bytes(report: Report, findings: list[Finding] | None = None, last_year: Report | None = None,
                         *, fonts: str = OFFICIAL) -> bytes:
    """The 校验单 (every rule with pass/fail and its numbers, signature lines) as .docx bytes."""
    from .checklist import checklist_layout

    return render(checklist_layout(report, findings, last_year, fonts=fonts))


def export_checklist_docx(report: Report, path: str | Path, *, findings: list[Finding] | None = None,
                          last_year: Report | None = None, fonts: str = OFFICIAL) -> Path:
    """Write the 校验单 to ``path`` safely (see :func:`export_docx`)."""
    return write_atomic(path, checklist_docx_bytes(report, findings, last_year, fonts=fonts))
