"""Read a report from a web page saved from a government site (.html / .htm).

The page is decoded by its BOM, its ``<meta charset>`` (GBK and GB2312 are common; read as
GB18030, their superset), else UTF-8 or GB18030. The report is found inside the page's noise
(menus, breadcrumbs, the 索引号/发布机构 box, footers) as the smallest element holding its
part headings; the title is looked for there first, then in the page's headings and
``<title>``. Tables keep their rows as printed: a cell merged by ``rowspan`` is given once,
in its first row, like a merged cell of a Word table. Layout tables (a table holding tables)
are read as containers, not as report tables.
"""

from __future__ import annotations

import re
from typing import Iterator

from lxml import etree, html

from ..errors import UnreadableReport
from ..form import Form
from .document import Block, Line, Row, assemble, find_title
from .encoding import UTF8, decode
from .log import NOTE, ImportLog
from .safexml import MAX_BLOCKS, check_block_count, check_row_count

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_ROW_TAG = re.compile(rb"<tr[\s>/]", re.IGNORECASE)

_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
               "header", "footer", "center", "blockquote", "pre", "dd", "dt", "dl", "form", "main",
               "aside", "nav", "figure", "figcaption", "caption", "address", "hr", "body", "html"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select",
              "button", "input", "textarea"}


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and its encoding (BOM, UTF-8, the ``<meta charset>`` it declares, GB18030)."""
    m = _CHARSET.search(data[:8192])
    return decode(data, m.group(1).decode("ascii") if m else "")


def read_html(data: bytes, form: Form, name: str) -> tuple:
    """Read a saved web page's bytes as a published report (totals as printed)."""
    if _ENTITY_DECL.search(data):
        raise UnreadableReport(f"“{name}”包含实体声明（ENTITY），可能是恶意构造的文件，未读取")
    check_row_count(len(_ROW_TAG.findall(data)), name)
    tags = data.count(b"<")
    if tags > 10 * MAX_BLOCKS:
        raise UnreadableReport(f"“{name}”有{tags}个网页标记，远多于一份年度报告的网页，未读取")
    text, encoding = decode_html(data)
    text = _XML_DECL.sub("", text)
    try:
        root = html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError):
        raise UnreadableReport(f"“{name}”不是有效的网页文件") from None
    log = ImportLog()
    if encoding != UTF8:
        log.add(NOTE, f"网页编码为 {encoding}")
    container = report_container(root, form)
    blocks = list(html_blocks(container))
    check_block_count(len(blocks), name)
    if container is not root:
        log.add(NOTE, "已从网页中取出报告正文，菜单、页眉页脚等页面内容未读取")
        title = _page_title(root, container, form)
        if title and not any(isinstance(b, Line) and title in b.text for b in blocks[:40]):
            blocks.insert(0, Line(title))
        blocks += [Line(x) for x in _pagers_outside(root, container)]
    blocks += [Line(x) for x in _script_pagers(text)]
    return assemble(blocks, form, log)


# TRS (the CMS of most government sites) writes an article's pager with a script:
# createPageHTML(pages, this page counted from 0, "t2024…", "html").
_CREATE_PAGE = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)")


def _script_pagers(text: str) -> list[str]:
    """The pager a TRS page's script writes, as the line it shows (one page: none)."""
    out = []
    for m in _CREATE_PAGE.finditer(text):
        pages, this = int(m.group(1)), int(m.group(2)) + 1
        if pages > 1 and 1 <= this <= pages:
            out.append(f"共{pages}页 当前第{this}页")
    return out[:1]


_PAGE_LINK = re.compile(r"^\s*(?:上一页|下一页|前一页|后一页|尾页|末页|第\s*\d+\s*页)\s*$")


def _pagers_outside(root, container) -> list[str]:
    """The pager of an article published over several pages when the site prints it outside
    the article's body: the text of the element around its links (上一页/下一页/第2页)."""
    from .document import pager

    seen, out = set(), []
    for el in root.iter("a", "span", "li", "font"):
        if not _PAGE_LINK.match(el.text or ""):
            continue
        box = el.getparent()
        if box is None or box in seen:
            continue
        seen.add(box)
        if box is container or container in _ancestors(box) or box in _ancestors(container):
            continue
        if any(a is container for a in box.iterancestors()):
            continue
        line = re.sub(r"\s+", " ", box.text_content()).strip()
        if pager(line) is not None:
            out.append(line)
    return out


def _parser() -> html.HTMLParser:
    return html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
                           default_doctype=False)


def report_container(root, form: Form):
    """The element holding the report: the deepest one with the most of its part headings.

    A menu or a script that happens to print a heading does not widen it to the whole page.
    """
    from .labels import LabelIndex

    labels = LabelIndex.of(form)
    parts: dict = {}
    depth: dict = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        own = (el.text or "").strip()
        if not own and len(el) <= 3:
            own = el.text_content().strip()
        if not own or len(own) > 40:
            continue
        part = labels.part_heading(re.sub(r"\s+", " ", own))
        if part:
            chain = _ancestors(el)
            for i, a in enumerate(chain):
                parts.setdefault(a, set()).add(part)
                depth[a] = len(chain) - i
    if not parts:
        return root
    best = max(parts, key=lambda a: (len(parts[a]), depth[a]))
    return best if len(parts[best]) >= 2 else root


def _ancestors(el) -> list:
    return [el, *el.iterancestors()]


def _page_title(root, container, form: Form) -> str:
    """The report's title from the page's headings or ``<title>`` when the body lacks it.

    A ``<title>`` usually adds the site's name after a separator: "…年度报告_某某县人民政府".
    """
    candidates = []
    for el in root.iter("h1", "h2", "h3", "title"):
        if container not in _ancestors(el):
            candidates.append(el.text_content())
    for el in root.iter("div", "p", "span", "td"):
        text = (el.text or "").strip()
        if 8 < len(text) < 80 and "年度报告" in text and container not in _ancestors(el):
            candidates.append(text)
    for text in candidates:
        text = re.split(r"[-_|｜—]", re.sub(r"\s+", " ", text).strip())[0].strip()
        if find_title([text], form)[3]:
            return text
    return ""


def html_blocks(el) -> Iterator[Block]:
    """The lines and table rows under an element, in reading order."""
    buf: list[str] = []
    yield from _blocks(el, buf)
    if buf:
        yield from _flush(buf)


def _flush(buf: list[str]) -> Iterator[Block]:
    text = "".join(buf)
    buf.clear()
    for line in text.split("\n"):
        line = re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip()
        if line:
            yield Line(line)


# A line break in the page's source is white space, not a break (Word's "save as web page"
# wraps its source every ~76 characters, also between two Chinese characters, where a
# browser shows nothing).
_SOURCE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…]")


def _join_break(m: re.Match) -> str:
    s, i, j = m.string, m.start(), m.end()
    if 0 < i and j < len(s) and _WIDE.match(s[i - 1]) and _WIDE.match(s[j]):
        return ""
    return " "


def soft(text: str) -> str:
    """Source text as a browser shows it: line breaks are spaces, none between Chinese."""
    if "\n" not in text and "\r" not in text:
        return text
    return _SOURCE_BREAK.sub(_join_break, text)


def _blocks(el, buf: list[str], pre: bool = False) -> Iterator[Block]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP_TAGS:
        if el.tail:
            buf.append(el.tail if pre else soft(el.tail))
        return
    if tag == "table" and not _is_layout(el):
        if buf:
            yield from _flush(buf)
        yield from _table_rows(el)
        if el.tail:
            buf.append(el.tail)
        return
    if tag == "table" and (beside := _side_by_side(el)) is not None:
        if buf:
            yield from _flush(buf)
        yield from beside
        if el.tail:
            buf.append(el.tail)
        return
    block = tag in _BLOCK_TAGS or tag in ("table", "tr", "td", "th", "tbody", "thead")
    if block and buf:
        yield from _flush(buf)
    inner_pre = pre or tag in ("pre", "textarea")
    if tag == "br":
        buf.append("\n")
    elif tag and el.text:
        buf.append(el.text if inner_pre else soft(el.text))
    for child in el:
        yield from _blocks(child, buf, inner_pre)
    if block and buf:
        yield from _flush(buf)
    if el.tail:
        buf.append(el.tail if pre else soft(el.tail))


def _is_layout(table) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _own_rows(table) -> list:
    """The rows of a table itself, not of the tables inside its cells."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]


def _side_by_side(layout) -> list[Row] | None:
    """A layout table of one row whose cells hold tables printed side by side (the labels in
    one, the numbers in the other, as a site with a fixed first column writes them): their
    rows joined into the printed rows, aligned at the bottom. None for any other layout."""
    rows = _own_rows(layout)
    if len(rows) != 1:
        return None
    inner = []
    for td in rows[0]:
        if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
            continue
        tables = [t for t in td.iterdescendants("table") if next(t.iterancestors("table"), None) is layout]
        if len(tables) == 1 and not _is_layout(tables[0]):
            inner.append(tables[0])
        elif tables or td.text_content().strip():
            return None
    if len(inner) < 2:
        return None
    grids = [[[cell_text(td) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
              for tr in _own_rows(t)] for t in inner]
    height = max(len(g) for g in grids)
    grids = [[[]] * (height - len(g)) + g for g in grids]
    joined = [Row(tuple(c for g in grids for c in g[i])) for i in range(height)]
    return [r for r in joined if any(r.cells)]


def _table_rows(table) -> Iterator[Row]:
    for tr in table.iter("tr"):
        cells = [cell_text(td) for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
        if any(cells):
            yield Row(tuple(cells))


def cell_text(td) -> str:
    """A cell's text, paragraphs and ``<br>`` kept as line breaks."""
    parts: list[str] = []

    def walk(e) -> None:
        t = e.tag if isinstance(e.tag, str) else ""
        if t in _SKIP_TAGS:
            return
        if t == "br" or (t in _BLOCK_TAGS and parts):
            parts.append("\n")
        if t and e.text:
            parts.append(soft(e.text))
        for c in e:
            walk(c)
            if c.tail:
                parts.append(soft(c.tail))

    walk(td)
    text = "".join(parts)
    return "\n".join(re.sub(r"[ \t\r\f\v\u00a0]+", " ", x).strip() for x in text.split("\n")).strip()
