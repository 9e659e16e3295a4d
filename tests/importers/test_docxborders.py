"""Rule 17, a reviewer's check by eye: a published Word document whose tables have no borders
(the official tables are ruled). Found from direct borders, cell borders and the table style."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import pytest

from helpers import FIXTURES

from reportdesk.importers import read_report
from reportdesk.importers.batch import check_file

SOURCE = FIXTURES / "published" / "changchun-office-2024.docx"   # 4 tables in the style TableGrid


def _rewrite(tmp_path, name, change_document=lambda x: x, change_styles=lambda x: x):
    out = io.BytesIO()
    with zipfile.ZipFile(SOURCE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = change_document(data.decode()).encode()
            elif item.filename == "word/styles.xml":
                data = change_styles(data.decode()).encode()
            dst.writestr(item, data)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def _no_style(xml: str) -> str:
    return xml.replace('<w:tblStyle w:val="TableGrid"/>', "")


def rule17(path):
    return [f for f in check_file(path).findings if f.rule == "17"]


def test_ruled_by_the_table_style():
    assert rule17(SOURCE) == []


def test_tables_without_any_border_are_a_warning(tmp_path):
    path = _rewrite(tmp_path, "无边框.docx", _no_style)
    [finding] = rule17(path)
    assert finding.severity == "warning" and finding.cells == []
    assert finding.message == "Word 文档的4个表格，共4个没有边框线；规定的表格有边框线，请按模板加上表格线后再发布"
    notes = [e.message for e in read_report(path).log.entries if e.message.startswith("表格没有边框线")]
    assert notes == ["表格没有边框线（4个表格，共4个）：规定的表格是有边框线的"]
    # the numbers are read all the same: only the warning is added
    assert {f.rule for f in check_file(path).findings} == {"17"}


def test_a_style_whose_borders_are_nil_rules_nothing(tmp_path):
    def nil_grid(xml):
        return re.sub(r'(<w:style w:type="table" w:styleId="TableGrid">.*?<w:tblBorders>)(.*?)(</w:tblBorders>)',
                      lambda m: m.group(1) + re.sub(r'w:val="single"', 'w:val="nil"', m.group(2)) + m.group(3),
                      xml, flags=re.S)
    assert len(rule17(_rewrite(tmp_path, "nil.docx", change_styles=nil_grid))) == 1


def test_direct_or_cell_borders_rule_a_table(tmp_path):
    borders = ('<w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
               '<w:insideH w:val="single" w:sz="4"/></w:tblBorders>')
    direct = _rewrite(tmp_path, "direct.docx", lambda x: _no_style(x).replace("<w:tblPr>", "<w:tblPr>" + borders))
    assert rule17(direct) == []
    cells = ('<w:tcPr><w:tcBorders><w:top w:val="single" w:sz="4"/></w:tcBorders>')
    per_cell = _rewrite(tmp_path, "cells.docx", lambda x: _no_style(x).replace("<w:tcPr>", cells))
    assert rule17(per_cell) == []


def test_the_word_fixtures_are_ruled():
    for path in sorted((FIXTURES / "published").glob("*.docx")):
        assert rule17(path) == [], path.name


@pytest.mark.parametrize("inner_style, warned", [("Table Grid", False), (None, True)])
def test_a_layout_table_around_side_by_side_tables_is_not_looked_at(tmp_path, inner_style, warned):
    """Labels and numbers in two tables inside an unruled layout table (as some sites' Word
    files have them): only the inner tables must be ruled."""
    from variants import CORNER, KINDS, T3_COLS, docx_fill, docx_report, t3_rows, value

    def side(doc):
        outer = doc.add_table(rows=1, cols=2)
        labels = [[CORNER]] + [[label] for _g0, _g1, label, _rid in t3_rows()]
        numbers = [["自然人", *KINDS, "总计"]] + [[value(f"t3.{rid}.{c}") for c in T3_COLS] for *_x, rid in t3_rows()]
        for cell, rows in ((outer.cell(0, 0), labels), (outer.cell(0, 1), numbers)):
            inner = cell.add_table(rows=len(rows), cols=len(rows[0]))
            if inner_style:
                inner.style = doc.styles[inner_style]
            docx_fill(inner, rows)
        for table in doc.tables[:-1]:   # the report's other tables, ruled
            table.style = doc.styles["Table Grid"]
    path = tmp_path / "side.docx"
    path.write_bytes(docx_report(side))
    assert bool(rule17(path)) is warned


def test_check_command_reports_rule_16(tmp_path):
    path = _rewrite(tmp_path, "无边框.docx", _no_style)
    proc = subprocess.run([sys.executable, "-m", "reportdesk", "check", str(path), "--json"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0     # a warning
    [finding] = json.loads(proc.stdout)[0]["findings"]
    assert (finding["rule"], finding["severity"], finding["name"]) == ("17", "warning", "表格有边框线")
