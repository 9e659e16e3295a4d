"""The 校验单: every rule with its result and numbers, and the signature lines."""

from __future__ import annotations

import pytest

from reportdesk.export.checklist import FAILED, PASSED, SKIPPED, checklist
from reportdesk.export.docx import checklist_docx_bytes, export_checklist_docx
from reportdesk.report import Report
from reportdesk.rules import check

from .conftest import open_docx, pdf_pages, pdf_text, requires_soffice, soffice_pdf


def test_every_rule_in_the_form_order(form, example_report):
    results = checklist(example_report)
    assert [r.rule.id for r in results] == [r.id for r in form.rules]
    status = {r.rule.id: r.status for r in results}
    needs_last_year = {r.id for r in form.rules if r.needs_last_year}
    assert needs_last_year == {"6", "7", "12"}
    assert all(status[rid] == SKIPPED for rid in needs_last_year)
    assert all(s == PASSED for rid, s in status.items() if rid not in needs_last_year)


def test_passed_rules_show_the_numbers_that_agree(busy_report, example_report):
    results = {r.rule.id: r for r in checklist(busy_report, last_year=example_report)}
    v = busy_report.values
    left = v["t3.new.total"] + v["t3.carried_in.total"]
    assert left == v["t3.total.total"] + v["t3.carried_out.total"] == 343
    assert results["1"].status == PASSED
    assert results["1"].checked == f"7处均相符，如表三「总计」列：一＋二＝{left}，（七）总计＋四＝{left}"
    assert "总计为310" in results["2"].checked and "25处均相符" in results["2"].checked
    assert results["10"].checked == "行政事业性收费12.35万元"
    # Last year's example has 0 carried out, this year's carried in is not: rule 6 breaks.
    assert results["6"].status == FAILED
    assert any("上年报告“四、结转下年度继续办理”为0" in f.message for f in results["6"].findings)


def test_broken_rule_lists_its_findings(example_report):
    example_report.values["t3.new.natural"] = 4
    results = {r.rule.id: r for r in checklist(example_report)}
    assert results["1"].status == FAILED and results["1"].status_name == "未通过"
    (finding,) = results["1"].findings
    assert "「自然人」列：一＋二＝4" in finding.message


def test_checklist_docx_table_and_signature_lines(form, busy_report, example_report, tmp_path):
    target = tmp_path / "校验单.docx"
    export_checklist_docx(busy_report, target, last_year=example_report)
    doc = open_docx(target.read_bytes())
    (table,) = doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "校验项目", "类别", "结果", "数据与说明"]
    assert [r[0] for r in rows[1:]] == [r.id for r in form.rules]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["1"][3] == "通过" and "一＋二＝343" in by_id["1"][4]
    assert by_id["5"][2] == "必须" and by_id["8"][2] == "提示"
    assert by_id["6"][3] == "未通过" and "相差2" in by_id["6"][4]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "政府信息公开工作年度报告校验单" in text and busy_report.title in text
    assert "填报人：" in text and "审核人：" in text and "日期：" in text
    assert doc.core_properties.author == busy_report.agency


def test_many_findings_are_cut_to_fit_with_their_count(example_report):
    blank = Report(example_report.form, "某某局", 2024)
    findings = check(blank)
    rule5 = [f for f in findings if f.rule == "5"]
    assert len(rule5) > 20
    rows = {row.cells[0].text: row.cells[4].text for row in open_docx(checklist_docx_bytes(blank, findings)).tables[0].rows}
    assert f"……等{len(rule5)}处" in rows["5"]
    assert rows["5"].count("未填写") < len(rule5)
    assert rows["1"] == "有空白单元格，无法核对"


@pytest.mark.slow
@requires_soffice
@pytest.mark.parametrize("which", ["blank", "busy"])
def test_checklist_is_one_page_in_libreoffice(which, example_report, busy_report, tmp_path):
    report = Report(example_report.form, "某某局", 2024) if which == "blank" else busy_report
    source = tmp_path / "校验单.docx"
    source.write_bytes(checklist_docx_bytes(report, last_year=example_report if which == "busy" else None))
    pdf = soffice_pdf(source, tmp_path)
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    assert "填报人" in text and "审核人" in text
    assert ("未通过" in text) and ("通过" in text)


def test_the_likely_mistake_is_printed_before_the_table(example_report):
    """A typo in a printed table: the 校验单 names the cell that would make everything balance."""
    from reportdesk.export.checklist import checklist_layout
    from reportdesk.export.layout import Paragraph

    right = example_report.values["t3.granted.natural"]
    example_report.values["t3.granted.natural"] = right + 3
    layout = checklist_layout(example_report)
    texts = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    assert f"可能的错因：很可能是表三「（一）予以公开」「自然人」填错了：改为{right}后各项平衡" in texts
    assert texts[-1].startswith("填报人")
    table = next(i for i, b in enumerate(layout.blocks) if not isinstance(b, Paragraph))
    cause = next(i for i, b in enumerate(layout.blocks) if isinstance(b, Paragraph) and b.text.startswith("可能的错因"))
    assert cause < table
