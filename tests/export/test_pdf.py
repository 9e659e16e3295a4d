"""The exported .docx as LibreOffice lays it out: pages, headings and numbers in the PDF."""

from __future__ import annotations

import re

import pytest

from reportdesk.export import pdf as pdf_module
from reportdesk.export.docx import docx_bytes
from reportdesk.export.fonts import FONT_SETS, with_stand_ins
from reportdesk.export.layout import report_layout
from reportdesk.export.pdf import PdfError, layout_pdf
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


def test_layout_pdf_uses_stand_in_fonts_for_missing_ones(example_report, tmp_path):
    installed = {"Noto Serif CJK SC", "Noto Sans CJK SC", "DejaVu Sans"}
    fonts = with_stand_ins(FONT_SETS["official"], installed)
    assert fonts.body == "Noto Serif CJK SC" and fonts.heading1 == "Noto Sans CJK SC" and fonts.title_bold
    data = layout_pdf(report_layout(example_report), installed=installed)
    assert data.startswith(b"%PDF")
    target = tmp_path / "x.pdf"
    target.write_bytes(data)
    assert pdf_pages(target) == 4
    assert squash(example_report.title) in squash(pdf_text(target))


def test_no_libreoffice_is_a_chinese_message(monkeypatch):
    monkeypatch.setattr(pdf_module, "soffice_path", lambda: None)
    with pytest.raises(PdfError) as info:
        pdf_module.docx_to_pdf(b"PK")
    assert "LibreOffice" in info.value.message and "没有找到" in info.value.message
