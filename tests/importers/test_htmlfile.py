"""The web-page reader: encodings, the report inside the page's noise, rowspan/colspan."""

from __future__ import annotations

import pytest

from reportdesk.importers import read_report
from reportdesk.importers.htmlfile import decode_html

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>关于某某镇人民政府2023年政府信息公开工作年度报告的公告-某某镇</title></head><body>
<div class="nav"><a>首页</a><a>政务公开</a><p>一、总体情况</p></div>
<div class="wrap"><div class="content">
<p>一、总体情况</p><p>（一）主动公开</p><p>本年主动公开政府信息35条。</p>
<p>（二）依申请公开</p><p>本年收到政府信息公开申请2件。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>２</td><td>0</td><td>９</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p>
<table><tr><td rowspan="2" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr><tr><td>自然人</td><td colspan="5">法人或其他组织</td><td>总计</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="2">（四）无法提供</td><td>1.本机关不掌握相关政府信息</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>2.没有现成信息需要<br>另行制作</td><td>—</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
<div class="print">【打印本页】【关闭窗口】</div>
</div></div>
<div class="footer"><p>版权所有：某某镇人民政府 主办单位：某某镇党政办</p></div>
</body></html>"""


def test_gbk_page_report_inside_the_noise(tmp_path):
    path = tmp_path / "报告.htm"
    path.write_bytes(PAGE.format(charset="gb2312").encode("gbk"))
    result = read_report(path)
    r = result.report
    assert (r.agency, r.year) == ("某某镇人民政府", 2023)
    assert r.values["t2.normative.issued"] == 2 and r.values["t2.normative.valid"] == 9
    assert r.values["t3.new.natural"] == 2 and r.values["t3.new.total"] == 2
    assert r.values["t3.granted.total"] == 1
    assert r.values["t3.unavailable.not_held.natural"] == 1
    assert r.values["t3.unavailable.needs_creation.natural"] == 0
    assert r.texts["text.overview.proactive"] == "本年主动公开政府信息35条。"
    assert r.texts["text.other"] == "本年度未收取信息处理费。"  # no footer, no print buttons
    notes = " ".join(e.message for e in result.log.entries)
    assert "GB2312" in notes and "页面内容未读取" in notes
    interpreted = [e for e in result.log.problems() if e.cell == "t3.unavailable.needs_creation.natural"]
    assert interpreted and interpreted[0].raw == "—"


def test_utf8_page_without_meta_and_gb18030_page_without_meta(tmp_path):
    page = PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset={charset}">', "")
    for enc in ("utf-8", "gb18030"):
        path = tmp_path / f"r-{enc}.html"
        path.write_bytes(page.encode(enc))
        assert read_report(path).report.values["t2.normative.valid"] == 9


def test_decode_html_reads_the_declared_charset():
    data = '<meta charset="GBK"><p>政府信息公开</p>'.encode("gbk")
    text, enc = decode_html(data)
    assert "政府信息公开" in text and enc == "GBK"


@pytest.mark.parametrize("name,key", [("longhua-market-2023-libreoffice.html", "longhua-market-2023"),
                                      ("changchun-office-2024-libreoffice.xhtml.html", "changchun-office-2024")])
def test_pages_a_word_processor_wrote(name, key):
    """LibreOffice's HTML and XHTML of the Word fixtures: every cell, every text."""
    from helpers import FIXTURES
    from published import REPORTS

    spec = REPORTS[key]
    result = read_report(FIXTURES / "published" / name)
    assert (result.report.agency, result.report.year) == (spec.agency, spec.year)
    assert {c: result.report.values[c] for c in spec.cells} == spec.cells
    assert result.report.texts == spec.texts
    assert result.log.problems() == []


def test_a_page_whose_declaration_does_not_match_its_bytes(tmp_path):
    path = tmp_path / "r.html"
    path.write_bytes(PAGE.format(charset="utf-8").encode("gbk"))  # declared UTF-8, saved as GBK
    assert read_report(path).report.values["t2.normative.valid"] == 9
    path.write_bytes(PAGE.format(charset="gb2312").encode("utf-8"))  # declared GB2312, saved as UTF-8
    result = read_report(path)
    assert result.report.agency == "某某镇人民政府"
