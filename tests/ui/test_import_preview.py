"""The 导入已发布报告 preview: grids from the form, marks on interpreted cells, the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel

from reportdesk.ui.import_preview import BASIS, DRAFT, INTERPRETED_BG, PROBLEM_BG, ImportPreviewDialog

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "published"


def _cell_item(grid, cell_id):
    for r in range(grid.rowCount()):
        for c in range(grid.columnCount()):
            item = grid.item(r, c)
            if item is not None and item.data(Qt.UserRole) == cell_id:
                return item
    raise KeyError(cell_id)


def test_preview_shows_the_numbers_in_the_printed_grids(qtbot):
    dialog = ImportPreviewDialog(None, FIXTURES / "shenshan-2024-altered.docx")
    qtbot.addWidget(dialog)
    assert dialog.agency_edit.text() == "深圳市深汕特别合作区管理委员会"
    assert dialog.year_edit.value() == 2024
    t3 = dialog.grids["t3"]
    assert t3.rowCount() == 28 and t3.columnCount() == 10
    assert _cell_item(t3, "t3.new.natural").text() == "158"
    assert _cell_item(t3, "t3.total.total").text() == "162"
    assert t3.item(0, 3).text() == "申请人情况" and t3.columnSpan(0, 3) == 7
    assert _cell_item(dialog.grids["t2"], "t2.fees.amount").text() == "12.5"
    assert "读取200个单元格" in dialog.summary.text()
    assert dialog.tabs.count() == 5


def test_interpreted_and_missing_values_are_highlighted(qtbot, tmp_path):
    text = ("某某乡人民政府2024年政府信息公开工作年度报告\n一、总体情况\n本年主动公开信息。\n"
            "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t—\t/\t0\n"
            "行政规范性文件\t\t0\t3\n某某统计\t1\t2\t3\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    dialog = ImportPreviewDialog(None, path)
    qtbot.addWidget(dialog)
    t2 = dialog.grids["t2"]
    dash = _cell_item(t2, "t2.rules.issued")
    assert dash.text() == "0" and dash.background().color() == INTERPRETED_BG
    assert "原文“—”" in dash.toolTip()
    blank = _cell_item(t2, "t2.normative.issued")
    assert blank.text() == "" and blank.background().color() == PROBLEM_BG
    plain = _cell_item(t2, "t2.normative.valid")
    assert plain.background().color() != INTERPRETED_BG and plain.background().color() != PROBLEM_BG
    log = dialog.log_table
    rows = [(log.item(i, 0).text(), log.item(i, 1).text()) for i in range(log.rowCount())]
    unrecognised = [r for r in rows if r[0] == "未识别"]
    assert any("某某统计" in r[1] for r in unrecognised)
    assert "需核对" in dialog.tabs.tabText(4)
    # at first only what needs a look is listed; the check box brings back every entry
    shown = [rows[i][0] for i in range(log.rowCount()) if not log.isRowHidden(i)]
    assert dialog.only_problems.isChecked() and "未识别" in shown and "已读取" not in shown
    assert len(shown) == len(dialog.import_result.log.problems())
    dialog.show()
    dialog.tabs.setCurrentIndex(4)
    qtbot.waitExposed(dialog)
    box = dialog.only_problems
    qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(8, box.height() // 2))   # on the tick box
    assert not any(log.isRowHidden(i) for i in range(log.rowCount()))


def test_accept_as_draft_or_as_next_years_basis(qtbot):
    for button, purpose in (("draft_button", DRAFT), ("basis_button", BASIS)):
        dialog = ImportPreviewDialog(None, FIXTURES / "changchun-office-2024.docx")
        qtbot.addWidget(dialog)
        dialog.agency_edit.setText("长春市人民政府办公厅（改）")
        getattr(dialog, button).click()
        assert dialog.result() == QDialog.Accepted
        assert dialog.purpose == purpose
        assert dialog.import_result.report.agency == "长春市人民政府办公厅（改）"
        assert dialog.import_result.report.values["t3.new.total"] == 95


def test_an_unreadable_file_shows_why_and_cannot_be_accepted(qtbot, tmp_path):
    path = tmp_path / "坏.docx"
    path.write_bytes(b"PK\x03\x04junk")
    dialog = ImportPreviewDialog(None, path)
    qtbot.addWidget(dialog)
    assert dialog.import_result is None
    assert "不是有效的Word" in dialog.error
    assert not hasattr(dialog, "draft_button")


def test_screenshot(qtbot, tmp_path):
    dialog = ImportPreviewDialog(None, FIXTURES / "longhua-market-2023.html")
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(tmp_path / "preview.png"))


def test_a_report_without_title_asks_for_agency_and_year(qtbot, tmp_path):
    path = tmp_path / "无标题.txt"
    path.write_text("一、总体情况\n本年主动公开信息。\n二、主动公开政府信息情况\n规章\t0\t0\t0\n", encoding="utf-8")
    dialog = ImportPreviewDialog(None, path)
    qtbot.addWidget(dialog)
    assert dialog.agency_edit.text() == "" and dialog.year_edit.value() == dialog.year_edit.minimum()
    dialog.draft_button.click()
    assert dialog.result() != QDialog.Accepted
    assert "请先填写机关名称和报告年度" in dialog.missing.text()
    dialog.agency_edit.setText("某某乡人民政府")
    dialog.year_edit.setValue(2024)
    dialog.draft_button.click()
    assert dialog.result() == QDialog.Accepted
    assert (dialog.import_result.report.agency, dialog.import_result.report.year) == ("某某乡人民政府", 2024)


def test_the_checks_and_the_totals_that_will_be_recomputed_are_told(qtbot):
    dialog = ImportPreviewDialog(None, FIXTURES / "shenshan-2024-altered.docx")
    qtbot.addWidget(dialog)
    text = dialog.check_label.text()
    assert "5个错误，1个提示" in text
    assert "3个总计与各项之和不符" in text  # 自然人 and 总计 of （七）, and （二）'s 总计
    clean = ImportPreviewDialog(None, FIXTURES / "changchun-office-2024.docx")
    qtbot.addWidget(clean)
    assert clean.check_label.text() == "校验：没有发现问题。"


def test_a_doc_without_libreoffice_says_what_to_do(start_window, clerk, monkeypatch):
    """导入已发布报告 offers .doc and .wps; without LibreOffice the preview says how to go on."""
    monkeypatch.setenv("REPORTDESK_SOFFICE", "")          # no LibreOffice on this computer
    window = start_window()
    said = []

    def read(dialog):
        said.append(dialog.findChild(QLabel, "importError").text())
        dialog.reject()

    chooser = clerk.choose_file(FIXTURES / "longhua-market-2023.doc")
    clerk.on_next_dialog(read)
    clerk.click(window.buttons["import"])
    assert "*.doc" in chooser[0][0] and "*.wps" in chooser[0][0]
    assert said and "LibreOffice" in said[0] and "另存为 .docx" in said[0]
    assert window.main is None and window.store.list_drafts() == []


@pytest.mark.slow
def test_a_doc_is_read_through_libreoffice(start_window, clerk, store):
    from reportdesk.importers import office_available, read_report

    if not office_available():
        pytest.skip("LibreOffice is not installed")
    window = start_window()
    clerk.choose_file(FIXTURES / "longhua-market-2023.doc")
    clerk.on_next_dialog(lambda dialog: dialog.accept())
    clerk.click(window.buttons["import"])
    assert window.main is not None
    expected = read_report(FIXTURES / "longhua-market-2023.docx").report
    report = window.main.session.report
    assert (report.agency, report.year) == (expected.agency, expected.year)
    assert report.values["t3.new.total"] == expected.values["t3.new.total"]
