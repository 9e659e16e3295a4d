"""The 批量审核 window: a folder checked in the background, sortable, exported."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reportdesk.ui.batch import BatchReviewWindow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "published"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "报告"
    (root / "乡镇").mkdir(parents=True)
    shutil.copy(FIXTURES / "changchun-office-2024.docx", root / "办公厅.docx")
    shutil.copy(FIXTURES / "shenshan-2024-altered.md", root / "乡镇" / "深汕.md")
    (root / "乡镇" / "坏.docx").write_bytes(b"PK\x03\x04junk")
    return root


def _rows(window):
    proxy = window.proxy
    return [[proxy.index(r, c).data() for c in range(proxy.columnCount())] for r in range(proxy.rowCount())]


def test_folder_checked_in_the_background_rows_per_finding(qtbot, folder):
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(folder)
    assert window.running  # returned at once: the thread does the reading
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    rows = _rows(window)
    assert len(rows) == 1 + 6 + 1  # 办公厅 fine, 深汕 six findings, 坏 unreadable
    by_state = {}
    for r in rows:
        by_state.setdefault(r[3], []).append(r)
    assert [r[0] for r in by_state["无问题"]] == ["办公厅.docx"]
    assert len(by_state["错误"]) == 5 and len(by_state["提示"]) == 1
    assert "不是有效的Word" in by_state["无法读取"][0][5]
    assert window.summary.text() == "共3份：1份无错误，1份有错误，1份无法读取"
    assert window.export_button.isEnabled()


def test_sortable_by_rule_numerically(qtbot, folder):
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(folder)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    window.view.sortByColumn(4, Qt.DescendingOrder)
    rules = [r[4] for r in _rows(window) if r[4]]
    assert rules == ["8", "3", "3", "2", "1", "1"]
    window.view.sortByColumn(3, Qt.AscendingOrder)
    assert _rows(window)[0][3] == "无法读取"


def test_export_xlsx_and_csv(qtbot, folder, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    warnings = []
    monkeypatch.setattr("reportdesk.ui.messages.warn", lambda *a: warnings.append(a[2]))
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(folder)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    assert window.export(tmp_path / "结果.xlsx")
    wb = load_workbook(tmp_path / "结果.xlsx")
    findings = list(wb["问题"].iter_rows(values_only=True))
    assert findings[0][:6] == ("文件", "机关", "年度", "规则", "严重程度", "问题")
    assert len(findings) == 1 + 6 + 1
    files = list(wb["报告"].iter_rows(values_only=True))
    assert len(files) == 4
    assert wb.sheetnames == ["报告", "问题", "表三表四合计"]
    assert window.export(tmp_path / "结果.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "结果.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 8
    assert not window.export(tmp_path / "没有这个文件夹" / "x.xlsx")
    assert warnings and "不存在" in warnings[0]


def test_stop_keeps_what_was_checked(qtbot, tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for i in range(60):
        shutil.copy(FIXTURES / "longhua-market-2023.docx", root / f"r{i:02}.docx")
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(root)
    window.stop()
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    assert len(window.results) < 60
    assert "已停止" in window.summary.text()


def test_screenshot(qtbot, folder, tmp_path):
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.show()
    window.start(folder)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    assert window.grab().save(str(tmp_path / "batch.png"))


def test_double_click_shows_what_was_read(qtbot, folder):
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(folder)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    row = next(r for r in range(window.proxy.rowCount()) if window.proxy.index(r, 0).data() == "办公厅.docx")
    dialog = window.open_report(window.proxy.index(row, 3))  # a child of the window, closed with it
    assert dialog.review_only and dialog.windowTitle() == "查看报告"
    assert dialog.import_result.report.agency == "长春市人民政府办公厅"
    assert not hasattr(dialog, "draft_button")
    dialog.close()


def test_a_second_folder_replaces_the_first(qtbot, folder, tmp_path):
    other = tmp_path / "另一批"
    other.mkdir()
    shutil.copy(FIXTURES / "longhua-market-2023.html", other / "龙华.html")
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(folder)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    window.start(other)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    assert [r[0] for r in _rows(window)] == ["龙华.html"]
    assert window.summary.text() == "共1份：1份无错误，0份有错误，0份无法读取"
    (tmp_path / "空").mkdir()
    window.start(tmp_path / "空")
    assert "没有可以校验的报告文件" in window.summary.text()
    assert not window.export_button.isEnabled()


def test_a_file_read_in_part_says_so_before_its_findings(qtbot, tmp_path):
    from openpyxl import load_workbook

    root = tmp_path / "报告"
    root.mkdir()
    shutil.copy(FIXTURES / "variant-rows-split.pdf", root / "自然资源局.pdf")
    shutil.copy(FIXTURES / "changchun-office-2024.docx", root / "办公厅.docx")
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(root)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    rows = [r for r in _rows(window) if r[0] == "自然资源局.pdf"]
    assert [r[3] for r in rows] == ["读取不全", "错误"]
    assert "未识别2处" in rows[0][5] and "“2.申请人”" in rows[0][5] and rows[1][4] == "5"
    assert not [r for r in _rows(window) if r[0] == "办公厅.docx" and r[3] == "读取不全"]
    assert window.export(tmp_path / "结果.xlsx")
    files = {row[0]: row for row in load_workbook(tmp_path / "结果.xlsx")["报告"].iter_rows(values_only=True)}
    assert files["文件"][15] == "读取情况"
    assert "缺少1处" in files[str(root / "自然资源局.pdf")][15]
    assert not files[str(root / "办公厅.docx")][15]


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_in_the_folder_is_skipped_and_named(qtbot, folder):
    import os

    os.mkfifo(folder / "乡镇" / "管道.docx")
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(folder)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    assert "管道.docx" not in [r[0] for r in _rows(window)]
    assert window.summary.text() == ("共3份：1份无错误，1份有错误，1份无法读取。跳过了不是普通文件的条目（未读取）："
                                     f"“{folder / '乡镇' / '管道.docx'}”是命名管道（FIFO）")


def test_last_years_folder_compared_and_the_summary_exported(qtbot, tmp_path):
    """The same county as ``check --last-year`` (tests/two_years.py): rows for the pairs
    compared under another name, for the agencies of one year only; the 汇总 exported."""
    import two_years
    from openpyxl import load_workbook

    this, last = two_years.make(tmp_path / "county")
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.set_last_year_folder(last)
    assert window.last_year_label.text() == "上年：2023年报告"
    window.show()
    window.start(this)
    qtbot.waitUntil(lambda: not window.running, timeout=60000)
    rows = _rows(window)
    office = [r for r in rows if r[1] == two_years.OFFICE]
    assert sorted((r[3], r[4]) for r in office) == [("上年对照", ""), ("提示", "7"), ("错误", "6"), ("错误", "6")]
    assert "与上年的“某某县人民政府办公室”按同一机关对照" in next(r[5] for r in office if r[3] == "上年对照")
    assert [r[5] for r in rows if r[3] == "今年缺报告"] == [f"上年有“{two_years.CHENGGUAN}”的报告，今年的文件夹中没有"]
    assert [r[1] for r in rows if r[3] == "上年无报告"] == [two_years.CHENGXI]
    assert [r[1] for r in rows if r[3] == "名称相近"] == [two_years.CHENGXI]
    assert window.summary.text() == ("共4份：3份无错误，1份有错误，0份无法读取；与上年对照：1个机关今年没有报告，"
                                     "1个机关上年没有报告")
    window.resize(1300, 520)
    assert window.grab().save(str(tmp_path / "batch-last-year.png"))
    assert window.export(tmp_path / "汇总.xlsx")
    wb = load_workbook(tmp_path / "汇总.xlsx")
    assert wb.sheetnames == ["报告", "问题", "表三表四合计", "两年对照"]
    assert len(list(wb["报告"].iter_rows(min_row=2))) == 4
    assert sorted(r[3] for r in wb["问题"].iter_rows(min_row=2, values_only=True)) == ["6", "6", "7"]


def test_export_never_writes_a_formula(qtbot, tmp_path):
    """A hostile agency name and cell text in a folder: neither the .xlsx nor the .csv holds a
    cell a spreadsheet would run."""
    import json

    from openpyxl import load_workbook

    folder = tmp_path / "报告"
    folder.mkdir()
    hostile = {"format": "gov-info-2021", "agency": "=HYPERLINK(\"http://example.invalid\",\"点击\")", "year": 2024,
               "cells": {"t3.new.natural": "@SUM(A1)", "t3.carried_in.natural": "-5"}, "texts": {}}
    (folder / "+1.json").write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
    window = BatchReviewWindow()
    qtbot.addWidget(window)
    window.start(folder)
    qtbot.waitUntil(lambda: not window.running, timeout=30000)
    assert window.export(tmp_path / "汇总.xlsx") and window.export(tmp_path / "问题.csv")
    starts = ("=", "+", "-", "@", "\t", "\r")
    wb = load_workbook(tmp_path / "汇总.xlsx")
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'" + hostile["agency"] in texts and "'@SUM(A1)" in texts
    assert [t for t in texts if t.startswith(starts) and t != "-5"] == []
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
    rows = list(csv.reader(io.StringIO((tmp_path / "问题.csv").read_text(encoding="utf-8-sig"))))
    assert [c for r in rows for c in r if c.startswith(starts) and c != "-5"] == []
