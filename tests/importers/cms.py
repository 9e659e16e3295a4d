"""Round 3 shapes: a report as the content-management systems of government sites publish
it (TRS's ``<div class="TRS_Editor">``, ``<div id="zoom">``, ``<div class="article-content">``)
with the site's chrome around, split over two pages of the site, and what a reviewer gets by
copying such a page from a browser (Ctrl+A, Ctrl+C, paste into Notepad) or a phone.

The numbers and texts are ``variants.py``'s (ours, balancing).
"""

from __future__ import annotations

import html as H

from lxml import html as lxml_html

from variants import CORNER, HEADINGS, KINDS, SUBHEADS, T4_HEADS, TEXTS, TITLE, t3_body_rows, value
from published import T4_COLS, T4_GROUPS

# Every cell's text as the sites' editors write it.
SPAN = '<p style="text-align:center"><span style="font-family:仿宋_GB2312;font-size:16px">{}</span></p>'


def cell(text: str, rs: int = 1, cs: int = 1):
    """A cell to be written as <td> (or <th> in a header row): width attributes, border style,
    ``<p><span><font>`` around the text, ``&nbsp;`` when empty."""
    def write(tag: str) -> str:
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        attrs += f' width="{60 * cs}" valign="middle" style="border:1px solid #000;word-break:break-all"'
        if text == "":
            return f"<{tag}{attrs}>&nbsp;</{tag}>"
        inner = "<br/>".join(H.escape(x) for x in text.split("\n"))
        return f"<{tag}{attrs}>" + SPAN.format(f'<font face="仿宋_GB2312">{inner}</font>') + f"</{tag}>"
    return write


def table(rows, header_rows: int = 0) -> str:
    """``header_rows`` first rows written with <th>."""
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="600" '
           'style="border-collapse:collapse;width:100%"><tbody>']
    for i, r in enumerate(rows):
        out.append("<tr>" + "".join(c("th" if i < header_rows else "td") for c in r) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def t2_rows(cells=None):
    c = lambda cid: value(cid, cells)  # noqa: E731
    return [[cell("第二十条第（一）项", cs=4)],
            [cell("信息内容"), cell("本年制发件数"), cell("本年废止件数"), cell("现行有效件数")],
            [cell("规章"), cell(c("t2.rules.issued")), cell(c("t2.rules.repealed")), cell(c("t2.rules.valid"))],
            [cell("行政规范性文件"), cell(c("t2.normative.issued")), cell(c("t2.normative.repealed")),
             cell(c("t2.normative.valid"))],
            [cell("第二十条第（五）项", cs=4)], [cell("信息内容"), cell("本年处理决定数量", cs=3)],
            [cell("行政许可"), cell(c("t2.licensing.decisions"), cs=3)],
            [cell("第二十条第（六）项", cs=4)], [cell("信息内容"), cell("本年处理决定数量", cs=3)],
            [cell("行政处罚"), cell(c("t2.penalty.decisions"), cs=3)],
            [cell("行政强制"), cell(c("t2.enforcement.decisions"), cs=3)],
            [cell("第二十条第（八）项", cs=4)], [cell("信息内容"), cell("本年收费金额（单位：万元）", cs=3)],
            [cell("行政事业性收费"), cell(c("t2.fees.amount"), cs=3)]]


def t3_table_rows(cells=None, blank: set[str] = frozenset()):
    """Table 3 as the template prints it (three header rows, rowspans); cells in ``blank``
    printed empty (``&nbsp;``)."""
    rows = [[cell(CORNER, rs=3, cs=3), cell("申请人情况", cs=7)],
            [cell("自然人", rs=2), cell("法人或其他组织", cs=5), cell("总计", rs=2)], [cell(k) for k in KINDS]]
    return rows + t3_body_rows(cell, lambda cid: "" if cid in blank else value(cid, cells))


def t4_rows(cells=None):
    return [[cell("行政复议", cs=5), cell("行政诉讼", cs=10)],
            [*(cell(h, rs=2) for h in T4_HEADS), cell("未经复议直接起诉", cs=5), cell("复议后起诉", cs=5)],
            [cell(h) for h in T4_HEADS * 2],
            [cell(value(f"t4.{g}.{c}", cells)) for g in T4_GROUPS for c in T4_COLS]]


CHROME_TOP = """<div class="header"><div class="logo"><img src="logo.png" alt="某某县人民政府"></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a>政府信息公开年报</a></div>
<table class="xxgk_table"><tr><td>索引号：</td><td>11410823MB1234567X/2024-00012</td><td>发布机构：</td><td>某某县自然资源局</td></tr>
<tr><td>名称：</td><td>{title}</td><td>发文日期：</td><td>2024-01-30</td></tr></table>
<div class="article"><h1 class="title">{title}</h1>
<div class="info">发布时间：2024-01-30 09:12 来源：某某县自然资源局 浏览次数：<span id="hits">128</span> 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
"""
CHROME_BOTTOM = """
<div class="share">分享到：<a>微信</a> <a>微博</a> <div class="qrcode">扫一扫在手机打开当前页</div></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h3>相关链接</h3><ul><li><a>某某县自然资源局2022年政府信息公开工作年度报告</a></li><li><a>某某县人民政府2023年政府信息公开工作年度报告</a></li></ul></div>
</div>
<div class="footer"><p>主办：某某县人民政府办公室 承办：某某县大数据中心</p><p>网站标识码：4108230001 <a>豫ICP备12345678号-1</a> <img src="gongan.png">豫公网安备 41082302000123号</p><p>联系电话：0391-1234567</p></div>
"""
PAGER = ('<div class="page"><span>共2页</span> {links}</div>')
PAGER_1 = PAGER.format(links='<a class="cur">第1页</a> <a href="index_1.html">第2页</a> '
                             '<a href="index_1.html">下一页</a> <a href="index_1.html">尾页</a>')
PAGER_2 = PAGER.format(links='<a href="index.html">首页</a> <a href="index.html">上一页</a> '
                             '<a href="index.html">第1页</a> <a class="cur">第2页</a>')
# TRS writes the pager with a script; what it shows is not in the saved file.
SCRIPT_PAGER = '<div id="pageBar"><script>createPageHTML(2, {this}, "t20240130_123", "html");</script></div>'

T3_SPLIT = 15  # page 1 ends after table 3's header and its first 12 rows


def body(wrapper: str = "TRS_Editor", *, th: bool = False, indent: str = "&emsp;&emsp;",
         blank: set[str] = frozenset(), page: int | None = None, pager: str = "text") -> str:
    """The article's body as the CMS writes it. ``page`` 1 or 2: only that page of the
    report (split inside table 3); ``pager``: "text" (links in the body), "outside" (links
    after the body's element), "script" (TRS's createPageHTML)."""
    t3 = t3_table_rows(blank=blank)
    hdr = 3 if th else 0
    parts = [f'<p style="text-indent:2em">{indent}根据《中华人民共和国政府信息公开条例》，现公布本局2023年度政府信息公开工作年度报告。</p>',
             f'<p><strong>{HEADINGS[0]}</strong></p>']
    for sub, tid in zip(SUBHEADS, list(TEXTS)[:5]):
        parts.append(f'<p>{indent}<strong><font face="楷体_GB2312">{sub}</font></strong></p>'
                     f'<p style="text-indent:2em"><span style="font-family:仿宋_GB2312;font-size:16px">'
                     f'{indent}{TEXTS[tid]}</span></p>')
    first = [*parts, f"<p><strong>{HEADINGS[1]}</strong></p>", table(t2_rows()),
             f"<p><strong>{HEADINGS[2]}</strong></p>"]
    rest = [f"<p><strong>{HEADINGS[3]}</strong></p>", table(t4_rows(), hdr),
            f"<p><strong>{HEADINGS[4]}</strong></p><p>{indent}{TEXTS['text.problems']}</p>",
            f"<p><strong>{HEADINGS[5]}</strong></p><p>{indent}{TEXTS['text.other']}</p>"]
    if page is None:
        inner = [*first, table(t3, hdr), *rest]
    elif page == 1:
        inner = [*first, table(t3[:T3_SPLIT], hdr)]
    else:
        inner = [table(t3[T3_SPLIT:]), *rest]
    after = ""
    if page is not None:
        links = PAGER_1 if page == 1 else PAGER_2
        if pager == "text":
            inner.append(links)
        elif pager == "outside":
            after = links
        else:
            after = SCRIPT_PAGER.format(this=page - 1)
    opening, closing = {"TRS_Editor": ('<div class="TRS_Editor"><div class="TRS_Editor">', "</div></div>"),
                        "zoom": ('<div id="zoom">', "</div>"),
                        "article-content": ('<div class="article-content">', "</div>")}[wrapper]
    return opening + "\n".join(inner) + closing + after


def page(**kw) -> str:
    """The whole page: head with a script naming a heading, the site's chrome around the body."""
    title = H.escape(TITLE)
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<title>{title}_某某县人民政府</title><script>var a="一、总体情况";</script></head><body>'
            + CHROME_TOP.format(title=title) + body(**kw) + CHROME_BOTTOM + "</body></html>")


_BLOCKS = {"p", "div", "h1", "h2", "h3", "li", "ul", "table", "tr", "body", "tbody"}


def browser_copy(page_html: str, mode: str = "chrome") -> str:
    """What pasting a browser's Ctrl+A, Ctrl+C into Notepad gives: a line per block element,
    inline elements run together; table rows as tab-separated lines. ``mode``: "chrome" — a
    merged cell once, in its first row, and nothing in its place below or beside; "pad" — a
    merged cell's place kept by an empty cell (consecutive tabs, as the example report);
    "phone" — a phone browser's copy: one cell per line, no tabs. An empty cell (``&nbsp;``)
    is copied as a no-break space."""
    root = lxml_html.document_fromstring(page_html)
    for bad in list(root.iter("script", "style", "head")):
        bad.getparent().remove(bad)
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf).strip("\n")
        buf.clear()
        if text.strip():
            lines.append(text.rstrip())

    def text_of(td) -> str:
        return td.text_content().strip() or "\u00a0"

    def copy_table(t) -> None:
        covered: set[tuple[int, int]] = set()
        for ri, tr in enumerate(t.iter("tr")):
            tds = [c for c in tr if c.tag in ("td", "th")]
            if mode == "pad":
                row: list[str] = []
                col = 0
                for c in tds:
                    while (ri, col) in covered:
                        row.append("")
                        col += 1
                    rs, cs = int(c.get("rowspan", 1)), int(c.get("colspan", 1))
                    covered.update((ri + dr, col + dc) for dr in range(1, rs) for dc in range(cs))
                    row += [text_of(c)] + [""] * (cs - 1)
                    col += cs
                while (ri, col) in covered:
                    row.append("")
                    col += 1
                lines.append("\t".join(row))
            elif mode == "chrome":
                lines.append("\t".join(text_of(c) for c in tds))
            else:
                lines.extend(x for x in map(text_of, tds) if x.strip())

    def walk(el) -> None:
        if el.tag == "table":
            flush()
            copy_table(el)
        else:
            block = el.tag in _BLOCKS
            if block:
                flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            if block:
                flush()
        if el.tail:
            buf.append(el.tail)

    walk(root.find("body"))
    flush()
    return "\n".join(lines) + "\n"
