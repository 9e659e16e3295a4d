"""Formula injection: no cell of a CSV or .xlsx the program writes starts a formula."""

from __future__ import annotations

import csv
import io

import pytest

from reportdesk.spreadsheet import CsvSpool, add_sheet, csv_bytes, new_workbook, safe_cell, workbook_bytes, xlsx_row


@pytest.mark.parametrize("text", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
                                  "  =HYPERLINK(\"http://example.invalid\")", "-", "+", "=", "-3 件"])
def test_a_text_that_would_be_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3, 0, 12.5, -0.25, True, "-3", "+5", "-12.5", "12", "武陟县人民政府",
                                   "表三「自然人」列", "a=b", "", "（一）-1"])
def test_numbers_and_ordinary_texts_are_kept(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_none_is_an_empty_cell():
    assert safe_cell(None) == ""


def test_csv_bytes_bom_and_every_cell_safe():
    raw = csv_bytes(["=头"], [["=HYPERLINK(\"x\")", -3, "-3", "@a", None, "武陟县"]])
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["'=头"], ["'=HYPERLINK(\"x\")", "-3", "-3", "'@a", "", "武陟县"]]


def test_xlsx_cells_are_text_not_formulas_and_numbers_stay_numbers():
    from openpyxl import load_workbook

    wb = new_workbook()
    sheet = add_sheet(wb, "问题", ["机关", "差额", "说明"], [20, 8, 30], {1: "0"})
    sheet.append(["=cmd|' /C calc'!A0", -3, "+1\x0b2"])
    loaded = load_workbook(io.BytesIO(workbook_bytes(wb)))
    assert loaded.sheetnames == ["问题"]
    sheet = loaded["问题"]
    name, diff, note = sheet[2]
    assert (name.value, name.data_type) == ("'=cmd|' /C calc'!A0", "s")
    assert (diff.value, diff.data_type) == (-3, "n")
    assert note.value == "'+1\ufffd2"          # a control character an .xlsx cannot hold, shown
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width == 20


def test_xlsx_row_alone():
    assert xlsx_row(["@x", 5, None]) == ["'@x", 5, ""]


def test_csv_spool_goes_to_disk_past_4_mb_and_comes_back_whole():
    spool = CsvSpool(["机关", "问题"])
    row = ["=某某县人民政府", "表三" * 100]
    spool.add([row] * 20000)          # ~12 MB
    assert spool._file._rolled         # on disk, not in memory
    data = b"".join(spool.chunks())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 20001 and rows[1] == ["'=某某县人民政府", "表三" * 100]
