"""One report's numbers and builders that print it in shapes the published fixtures do not
cover (tests/importers/test_variants.py): text, web pages and Word documents, each with
knobs for the ways real published copies differ from the official template.

The numbers are ours (a county bureau's plausible year, balancing by every rule of
format-2021.md); ``unbalanced()`` gives a copy with two faults reviewers meet.
"""

from __future__ import annotations

import html as htmlmod
import io
import re

from helpers import FIXTURES  # noqa: F401  (puts tests/fixtures on sys.path)
from published import T3_COLS, T3_ITEMS, T4_COLS, T4_GROUPS, _t2, _t3, _t4

AGENCY = "某某县自然资源局"
YEAR = 2023
TITLE = f"{AGENCY}{YEAR}年度政府信息公开工作年度报告"

CELLS: dict[str, int | float] = {
    **_t2(normative=(3, 1, 12), licensing=1234, penalty=56, enforcement=0, fees=3.6),
    **_t3({"new": {"natural": 23, "business": 3, "legal": 1}, "carried_in": {"natural": 2},
           "granted": {"natural": 10, "business": 1}, "partial": {"natural": 3},
           "withheld.third_party": {"natural": 1},
           "unavailable.not_held": {"natural": 6, "business": 1, "legal": 1},
           "unavailable.needs_creation": {"natural": 1}, "refused.repeat": {"natural": 1},
           "other.no_correction": {"natural": 1}, "carried_out": {"natural": 2, "business": 1}}),
    **_t4(review={"upheld": 1, "pending": 1}, suit_direct={"corrected": 1}),
}

TEXTS = {
    "text.overview.proactive": "2023年，本局主动公开政府信息156条。",
    "text.overview.on_request": "2023年共收到政府信息公开申请27件，上年结转2件，办结26件，结转下年度3件。",
    "text.overview.management": "严格落实信息发布审核制度。",
    "text.overview.platform": "依托县政府门户网站公开政府信息。",
    "text.overview.oversight": "将政务公开纳入年度考核。",
    "text.problems": "公开内容不够全面。下一步将加强培训。",
    "text.other": "本年度未收取信息处理费。",
}

SUBHEADS = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")
HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
KINDS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T4_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

_ITEMS = {
    "（三）不予公开": ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                  "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"),
    "（四）无法提供": ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"),
    "（五）不予处理": ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                  "5.要求行政机关确认或重新出具已获取信息"),
    "（六）其他处理": ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"),
}
RESULTS = "三、本年度办理结果"


def t3_rows() -> list[tuple[str, str, str, str]]:
    """Table 3 in print order: (merged group, merged sub-group, the row's label, row id)."""
    rows = [("", "", "一、本年新收政府信息公开申请数量", "new"), ("", "", "二、上年结转政府信息公开申请数量", "carried_in"),
            (RESULTS, "", "（一）予以公开", "granted"),
            (RESULTS, "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial")]
    items = iter(T3_ITEMS[2:])
    for group, labels in _ITEMS.items():
        rows += [(RESULTS, group, label, next(items)) for label in labels]
    rows += [(RESULTS, "", "（七）总计", "total"), ("", "", "四、结转下年度继续办理", "carried_out")]
    return rows


def value(cid: str, cells: dict | None = None) -> str:
    x = (cells or CELLS)[cid]
    return f"{x:g}" if isinstance(x, float) else str(x)


def unbalanced() -> dict[str, int | float]:
    """Two faults: （七）总计 of 自然人 copied from the 一 row (23 → 25 would balance rule 1's
    left side), and 部分公开's 总计 one more than its row."""
    cells = dict(CELLS)
    cells["t3.total.natural"] = 25
    cells["t3.partial.total"] = 4
    return cells


# ----------------------------------------------------------------------------- text

def t2_lines(cells=None, sep="\t", fmt=lambda s: s) -> list[str]:
    c = lambda cid: fmt(value(cid, cells))  # noqa: E731
    rows = [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", c("t2.rules.issued"), c("t2.rules.repealed"), c("t2.rules.valid")],
            ["行政规范性文件", c("t2.normative.issued"), c("t2.normative.repealed"), c("t2.normative.valid")],
            ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", c("t2.licensing.decisions")],
            ["第二十条第（六）项"], ["信息内容", "本年处理决定数量"], ["行政处罚", c("t2.penalty.decisions")],
            ["行政强制", c("t2.enforcement.decisions")],
            ["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", c("t2.fees.amount")]]
    return [sep.join(r) for r in rows]


def t3_lines(cells=None, sep="\t", relabel=lambda s: s, fmt=lambda s: s, groups=True) -> list[str]:
    lines = [sep.join([CORNER, "申请人情况"]), sep.join(["自然人", "法人或其他组织", "总计"]), sep.join(KINDS)]
    prev = ("", "")
    for g0, g1, label, rid in t3_rows():
        row = []
        if groups:
            row += [relabel(g) for g, p in ((g0, prev[0]), (g1, prev[1])) if g and g != p]
        prev = (g0, g1)
        row.append(relabel(label))
        row += [fmt(value(f"t3.{rid}.{c}", cells)) for c in T3_COLS]
        lines.append(sep.join(row))
    return lines


def t4_lines(cells=None, sep="\t") -> list[str]:
    return [sep.join(["行政复议", "行政诉讼"]), sep.join([*T4_HEADS, "未经复议直接起诉", "复议后起诉"]),
            sep.join(T4_HEADS * 2), sep.join(value(f"t4.{g}.{c}", cells) for g in T4_GROUPS for c in T4_COLS)]


def text_report(t2=None, t3=None, t4=None, *, title=TITLE, headings=HEADINGS, subheads=SUBHEADS) -> str:
    """A whole report as text: the tables' lines as given (default: tab-flattened)."""
    lines = [*title.split("\n"), "", headings[0]]
    for sub, tid in zip(subheads, list(TEXTS)[:5]):
        lines += [sub, TEXTS[tid]]
    lines += [headings[1], *(t2 if t2 is not None else t2_lines()),
              headings[2], *(t3 if t3 is not None else t3_lines()),
              headings[3], *(t4 if t4 is not None else t4_lines()),
              headings[4], TEXTS["text.problems"], headings[5], TEXTS["text.other"]]
    return "\n".join(lines) + "\n"


def one_cell_per_line(lines: list[str]) -> list[str]:
    """Rows copied as one cell per line (a browser or a phone's reader copy)."""
    return [cell for line in lines for cell in line.split("\t")]


# ----------------------------------------------------------------------------- web page

def td(text: str, rs: int = 1, cs: int = 1, *, styled: bool = True) -> str:
    """A cell as a site's editor writes it: ``<p style><span style>`` around the text."""
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    inner = "<br>".join(htmlmod.escape(x) for x in text.split("\n"))
    if styled:
        inner = (f'<p style="text-align:center;line-height:150%"><span style="font-family:仿宋_GB2312;'
                 f'font-size:10.5pt">{inner}</span></p>')
    return f"<td{attrs}>{inner}</td>"


def html_table(rows: list[list[str]]) -> str:
    return ('<table border="1" cellspacing="0" cellpadding="0">'
            + "".join("<tr>" + "".join(r) + "</tr>" for r in rows) + "</table>")


def html_report(t2: str, t3: str, t4: str, *, title=TITLE, headings=HEADINGS, subheads=SUBHEADS,
                charset="utf-8") -> str:
    body = [f'<div class="article-title">{htmlmod.escape(title)}</div><div class="TRS_Editor">',
            "<p>&nbsp;&nbsp;&nbsp;&nbsp;根据《中华人民共和国政府信息公开条例》，现公布本局年度报告。</p>",
            f"<p><strong>{headings[0]}</strong></p>"]
    for sub, tid in zip(subheads, list(TEXTS)[:5]):
        body.append(f"<p>&nbsp;&nbsp;<strong>{sub}</strong></p><p>&nbsp;&nbsp;&nbsp;&nbsp;{TEXTS[tid]}</p>")
    body += [f"<p><strong>{headings[1]}</strong></p>", t2, f"<p><strong>{headings[2]}</strong></p>", t3,
             f"<p><strong>{headings[3]}</strong></p>", t4,
             f"<p><strong>{headings[4]}</strong></p><p>&nbsp;&nbsp;{TEXTS['text.problems']}</p>",
             f"<p><strong>{headings[5]}</strong></p><p>&nbsp;&nbsp;{TEXTS['text.other']}</p></div>"]
    return (f"<html><head><meta charset='{charset}'><title>{htmlmod.escape(title)}</title></head><body>"
            + "\n".join(body) + "</body></html>")


def html_t3_rows(cells=None, fmt=lambda s: s, header="template") -> list[list[str]]:
    """Table 3 rows with rowspans as printed; ``header``: "template" (three rows, 申请人情况
    on top), "two-rows" (自然人/总计 spanning two rows, the five kinds in the second)."""
    if header == "template":
        rows = [[td(CORNER, rs=3, cs=3), td("申请人情况", cs=7)],
                [td("自然人", rs=2), td("法人或其他组织", cs=5), td("总计", rs=2)], [td(k) for k in KINDS]]
    else:
        rows = [[td(CORNER, rs=2, cs=3), td("自然人", rs=2), td("法人或其他组织", cs=5), td("总计", rs=2)],
                [td(k) for k in KINDS]]
    return rows + t3_body_rows(td, lambda cid: fmt(value(cid, cells)))


def t3_body_rows(make, number) -> list[list]:
    """Table 3's rows below the header as printed: each group label once, spanning its rows,
    then the numbers. ``make(text, rs=, cs=)`` builds a cell, ``number(cell_id)`` its text."""
    listed = t3_rows()
    seen: set[str] = set()
    rows = []
    for g0, g1, label, rid in listed:
        r = []
        if not g0:
            r.append(make(label, cs=3))
        else:
            if g0 not in seen:
                seen.add(g0)
                r.append(make(g0, rs=sum(1 for x in listed if x[0] == g0)))
            if g1:
                if g1 not in seen:
                    seen.add(g1)
                    r.append(make(g1, rs=sum(1 for x in listed if x[1] == g1)))
                r.append(make(label))
            else:
                r.append(make(label, cs=2))
        r += [make(number(f"t3.{rid}.{c}")) for c in T3_COLS]
        rows.append(r)
    return rows


def html_t2_rows(cells=None, fmt=lambda s: s) -> list[list[str]]:
    """Table 2 as one table laid out like the official template."""
    c = lambda cid: fmt(value(cid, cells))  # noqa: E731
    return [[td("第二十条第（一）项", cs=4)],
            [td("信息内容"), td("本年制发件数"), td("本年废止件数"), td("现行有效件数")],
            [td("规章"), td(c("t2.rules.issued")), td(c("t2.rules.repealed")), td(c("t2.rules.valid"))],
            [td("行政规范性文件"), td(c("t2.normative.issued")), td(c("t2.normative.repealed")), td(c("t2.normative.valid"))],
            [td("第二十条第（五）项", cs=4)], [td("信息内容"), td("本年处理决定数量", cs=3)],
            [td("行政许可"), td(c("t2.licensing.decisions"), cs=3)],
            [td("第二十条第（六）项", cs=4)], [td("信息内容"), td("本年处理决定数量", cs=3)],
            [td("行政处罚"), td(c("t2.penalty.decisions"), cs=3)], [td("行政强制"), td(c("t2.enforcement.decisions"), cs=3)],
            [td("第二十条第（八）项", cs=4)], [td("信息内容"), td("本年收费金额（单位：万元）", cs=3)],
            [td("行政事业性收费"), td(c("t2.fees.amount"), cs=3)]]


def html_t4_rows(cells=None) -> list[list[str]]:
    """Table 4 with 行政复议 and 行政诉讼 as two header groups over three header rows."""
    return [[td("行政复议", cs=5), td("行政诉讼", cs=10)],
            [*(td(h, rs=2) for h in T4_HEADS), td("未经复议直接起诉", cs=5), td("复议后起诉", cs=5)],
            [td(h) for h in T4_HEADS * 2],
            [td(value(f"t4.{g}.{c}", cells)) for g in T4_GROUPS for c in T4_COLS]]


def fullwidth(s: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in s)


def renumber(pattern: str, repl) -> callable:
    return lambda s: re.sub(pattern, repl, s)


# ----------------------------------------------------------------------------- Word

def published(cells=None):
    from published import Published

    return Published("variant", AGENCY, YEAR, cells or CELLS, TEXTS)


def docx_report(t3_writer, *, cells=None, t2_writer=None, t4_writer=None, title: str = TITLE,
                font_pt: float = 9) -> bytes:
    """A Word report made with python-docx; each ``*_writer(doc)`` adds its table (default:
    laid out from the form's grid, merges as in the official template, in ``font_pt`` type)."""
    from docx import Document
    from make_fixtures import _docx_table, grid_matrix, t2_blocks

    spec = published(cells)
    doc = Document()
    doc.add_paragraph(title)
    for i, heading in enumerate(HEADINGS):
        doc.add_paragraph(heading)
        if i == 0:
            for sub, tid in zip(SUBHEADS, list(TEXTS)[:5]):
                doc.add_paragraph(sub)
                doc.add_paragraph(TEXTS[tid])
        elif i == 1:
            (t2_writer or (lambda d: _docx_table(d, [r for b in t2_blocks(spec) for r in b], font_pt=font_pt)))(doc)
        elif i == 2:
            t3_writer(doc)
        elif i == 3:
            (t4_writer or (lambda d: _docx_table(d, grid_matrix(spec, "t4"), font_pt=font_pt)))(doc)
        else:
            doc.add_paragraph(TEXTS["text.problems" if i == 4 else "text.other"])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def partial_over_two_rows(m) -> None:
    """In a table-3 grid matrix (make_fixtures.grid_matrix), print （二）部分公开's label over two
    rows, its numbers merged down across both, as many offices' Word files do."""
    i = next(k for k, r in enumerate(m) if r[1] and r[1][0].startswith("（二）"))
    m.insert(i + 1, [None] * len(m[0]))
    m[i + 1][1] = ("（区分处理的，只计这一情形，不计其他情形）", 1, m[i][1][2])
    m[i][1] = ("（二）部分公开", 1, m[i][1][2])
    m[i][3:] = [(c[0], 2, c[2]) for c in m[i][3:]]
    g = next(k for k in range(i, -1, -1) if m[k][0] and m[k][0][0] == RESULTS)
    m[g][0] = (RESULTS, m[g][0][1] + 1, m[g][0][2])


def docx_fill(table, rows: list[list[str]]) -> None:
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            table.cell(i, j).paragraphs[0].add_run(text)


# ----------------------------------------------------------------------------- Word / WPS shapes

WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>Administrator</o:Author>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{{font-family:仿宋_GB2312;
	panose-1:2 1 6 9 3 1 1 1 1 1;
	mso-font-charset:134;}}
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;
	margin:0cm;
	text-align:justify;
	font-size:10.5pt;
	font-family:"Times New Roman",serif;}}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable {{mso-style-name:普通表格;}}
</style>
<![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>
"""


def word_wrap(text: str, width: int = 12) -> str:
    """Word's "save as web page" breaks long lines of its HTML source with CRLF, also between
    two Chinese characters; a browser shows no break there."""
    return "\r\n".join(text[i:i + width] for i in range(0, len(text), width))


def word_p(text: str, *, bold=False, font="仿宋_GB2312", indent=True) -> str:
    inner = "".join(
        f"<span lang=EN-US style='font-size:16.0pt;font-family:{font}'>{htmlmod.escape(piece)}</span>"
        if piece.isdigit() else f"<span style='font-size:16.0pt;font-family:{font}'>{word_wrap(htmlmod.escape(piece))}</span>"
        for piece in re.findall(r"\d+|\D+", text))
    if bold:
        inner = f"<b>{inner}</b>"
    style = " style='text-indent:32.0pt;mso-char-indent-count:2.0'" if indent else " align=center style='text-align:center'"
    return f"<p class=MsoNormal{style}>{inner}<span lang=EN-US><o:p></o:p></span></p>\r\n"


def word_td(text: str, rs: int = 1, cs: int = 1, width: int = 72) -> str:
    attrs = f" width={width * cs}" + (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
    if text == "":
        inner = "<span lang=EN-US style='font-size:9.0pt'><o:p>&nbsp;</o:p></span>"
    elif text.isdigit():
        inner = f"<span lang=EN-US style='font-size:9.0pt'>{text}<o:p></o:p></span>"
    else:
        inner = f"<span style='font-size:9.0pt;font-family:宋体;mso-bidi-font-family:宋体'>{word_wrap(htmlmod.escape(text), 8)}</span>" \
                "<span lang=EN-US style='font-size:9.0pt'><o:p></o:p></span>"
    return (f"  <td{attrs} valign=top style='width:{width * cs}pt;border:solid windowtext 1.0pt;"
            f"mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\r\n"
            f"  <p class=MsoNormal align=center style='text-align:center'>{inner}</p>\r\n  </td>\r\n")


def word_table(matrix) -> str:
    """A table of Word's HTML from a grid matrix (``make_fixtures.grid_matrix``), with the row of
    column widths Word adds for browsers that misalign merged columns."""
    rows = []
    for i, r in enumerate(matrix):
        cells = "".join(word_td(c[0], c[1], c[2]) for c in r if c is not None)
        rows.append(f" <tr style='mso-yfti-irow:{i};height:15.6pt'>\r\n{cells} </tr>\r\n")
    widths = "".join("  <td width=72 style='border:none'></td>\r\n" for _ in matrix[0])
    return ("<div align=center>\r\n<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0\r\n"
            " style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\r\n"
            " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\r\n" + "".join(rows)
            + f" <![if !supportMisalignedColumns]>\r\n <tr height=0>\r\n{widths} </tr>\r\n <![endif]>\r\n"
            "</table>\r\n</div>\r\n")


def word_html_report(*, title=TITLE, subheads=SUBHEADS, t3_matrix=None) -> bytes:
    """A report as Word's "save as web page" writes it (GB2312, mso- styles, ``<o:p>``,
    conditional comments, source lines wrapped inside Chinese text)."""
    from make_fixtures import grid_matrix, t2_blocks

    spec = published()
    out = [WORD_HEAD.format(title=title), word_p(title, bold=True, font="方正小标宋简体", indent=False)]
    for i, heading in enumerate(HEADINGS):
        out.append(word_p(heading, bold=True, font="黑体"))
        if i == 0:
            for sub, tid in zip(subheads, list(TEXTS)[:5]):
                out.append(word_p(sub, font="楷体_GB2312"))
                out.append(word_p(TEXTS[tid]))
        elif i == 1:
            out.append(word_table([r for b in t2_blocks(spec) for r in b]))
        elif i == 2:
            out.append(word_table(t3_matrix or grid_matrix(spec, "t3")))
        elif i == 3:
            out.append(word_table(grid_matrix(spec, "t4")))
        else:
            out.append(word_p(TEXTS["text.problems" if i == 4 else "text.other"]))
    out.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\r\n</div>\r\n</body>\r\n</html>\r\n")
    return "".join(out).encode("gbk")


W_MAIN = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def wps_docx(doc) -> bytes:
    """A python-docx document rewritten the way WPS saves tables: vertical merges marked
    ``w:val="continue"`` with the merged text kept in each continuation cell, numbers in one
    run per digit."""
    from copy import deepcopy

    for tbl in doc.element.body.iter(W_MAIN + "tbl"):
        above = {}
        for tr in tbl.findall(W_MAIN + "tr"):
            col = 0
            for tc in tr.findall(W_MAIN + "tc"):
                pr = tc.find(W_MAIN + "tcPr")
                span = pr.find(W_MAIN + "gridSpan") if pr is not None else None
                vmerge = pr.find(W_MAIN + "vMerge") if pr is not None else None
                if vmerge is not None and vmerge.get(W_MAIN + "val") in (None, "continue"):
                    vmerge.set(W_MAIN + "val", "continue")
                    if col in above:
                        for p in tc.findall(W_MAIN + "p"):
                            tc.remove(p)
                        for p in above[col].findall(W_MAIN + "p"):
                            tc.append(deepcopy(p))
                else:
                    above[col] = tc
                col += int(span.get(W_MAIN + "val")) if span is not None else 1
        for t in list(tbl.iter(W_MAIN + "t")):
            text = t.text or ""
            if text.isdigit() and len(text) > 1:
                run, t.text = t.getparent(), text[0]
                for ch in reversed(text[1:]):
                    copy = deepcopy(run)
                    copy.find(W_MAIN + "t").text = ch
                    run.addnext(copy)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
