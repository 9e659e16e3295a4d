"""The exported .docx as LibreOffice lays it out: pages, headings and numbers in its PDF.

These test the Word document (what a reviewer sees opening it); the program's own PDF is
tested in test_pdf.py.
"""

from __future__ import annotations

import re

import pytest

from reportdesk.export.docx import docx_bytes
from reportdesk.rules import check

from .conftest import pdf_pages, pdf_text, requires_soffice, soffice_pdf

pytestmark = [pytest.mark.slow, requires_soffice]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_example_report_in_libreoffice(example_report, tmp_path):
    source = tmp_path / "小董乡.docx"
    source.write_bytes(docx_bytes(example_report, check(example_report), False))
    pdf = soffice_pdf(source, tmp_path)
    assert pdf_pages(pdf) == 4
    text = squash(pdf_text(pdf))
    assert squash(example_report.title) in text
    for part in example_report.form.parts:
        assert part.title in text
    assert "（三）政府信息管理" in text and "第二十条第（八）项" in text
    assert "1.属于国家秘密" in text and "（七）总计" in text and "四、结转下年度继续办理" in text
    assert "未经复议直接起诉" in text and "复议后起诉" in text
    for n in (1, 2, 3, 4):
        assert f"—{n}—" in text  # the page numbers
    assert "草稿" not in text
    # Prose lines (table rows have columns apart by runs of spaces).
    lines = [ln.strip() for ln in pdf_text(pdf).splitlines() if ln.strip() and "  " not in ln.strip()]
    broken = [(a, b) for a, b in zip(lines, lines[1:]) if re.search(r"\d$", a) and re.match(r"\d", b)]
    assert not broken  # “累计浏览量超 500 万” never becomes “超 5” / “00 万”


def test_busy_report_numbers_reach_the_pdf(busy_report, tmp_path):
    source = tmp_path / "busy.docx"
    source.write_bytes(docx_bytes(busy_report, check(busy_report), True))
    pdf = soffice_pdf(source, tmp_path)
    text = pdf_text(pdf)
    assert pdf_pages(pdf) <= 5
    # Row 一 of table 3, in column order, as printed.
    new_row = [busy_report.values[f"t3.new.{c.id}"] for c in busy_report.form.tables["t3"].columns]
    line = next(ln for ln in text.splitlines() if "一、本年新收政府信息公开申请数量" in ln)
    assert [int(x) for x in re.findall(r"\b\d+\b", line.split("数量", 1)[1])] == new_row
    assert "1385" in text and "12.35" in text
    t4 = [busy_report.values[c] for c in busy_report.form.tables["t4"].cell_ids()]
    assert " ".join(map(str, t4)) in re.sub(r"\s+", " ", text)


def test_draft_mark_on_every_page(example_report, tmp_path):
    example_report.values["t3.new.natural"] = 9
    source = tmp_path / "draft.docx"
    source.write_bytes(docx_bytes(example_report, check(example_report), False))
    pdf = soffice_pdf(source, tmp_path)
    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == pdf_pages(pdf)
    assert all("草稿" in p for p in pages)


def headings_of(report) -> set[str]:
    form = report.form
    return {p.title for p in form.parts} | {t.heading for t in form.texts.values()}


def page_ends(pdf) -> list[str]:
    """The last line of text on each page above the page number."""
    ends = []
    for page in pdf_text(pdf).split("\f"):
        lines = [squash(line) for line in page.splitlines() if line.strip()]
        if len(lines) >= 2:
            ends.append(lines[-2])
    return ends


@pytest.mark.parametrize("extra", [1, 3, 6, 9])  # each leaves a heading alone without keep-with-next
def test_no_heading_is_left_alone_at_the_foot_of_a_page(example_report, tmp_path, extra):
    """Longer and shorter texts move the page breaks: a heading always goes with what follows."""
    sentence = "本年度进一步完善公开目录，按时更新各栏目信息，确保内容准确、及时、完整。"
    example_report.set_text("text.overview.proactive",
                            example_report.text("text.overview.proactive") + sentence * extra * 2, "typed")
    example_report.set_text("text.overview.oversight",
                            example_report.text("text.overview.oversight") + "\n" + sentence * extra, "typed")
    source = tmp_path / "r.docx"
    source.write_bytes(docx_bytes(example_report, check(example_report), False))
    pdf = soffice_pdf(source, tmp_path)
    ends = page_ends(pdf)
    assert ends and not set(ends) & headings_of(example_report), ends
