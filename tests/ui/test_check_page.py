"""检查与导出: the Word document (draft and final), the print preview, the 校验单 as PDF.

Where to save is asked by the program's file chooser (reportdesk.ui.files): the tests type
the path into it; the buttons and the message boxes are clicked.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reportdesk import operations as ops


@pytest.fixture
def save_to(clerk, tmp_path):
    """Answer the next “save as” with a file in the test's folder."""
    def _answer(name):
        path = tmp_path / name
        clerk.choose_file(path)
        return path
    return _answer


def _document_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8") + "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))


def test_a_draft_with_errors_exports_marked_as_draft(store, open_draft, clerk, save_to):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go(len(window.steps) - 1)
    assert "个错误" in page.summary.text()
    out = save_to("草稿.docx")
    clerk.click(page.buttons["docx"])
    assert out.is_file() and "草稿" in _document_xml(out)


def test_the_suggested_file_name_is_safe_whatever_the_agency_is_called(store, open_draft, clerk):
    asked = []

    def look(dialog):
        from PySide6.QtWidgets import QLineEdit

        asked.append(dialog.findChild(QLineEdit, "fileNameEdit").text())
        dialog.reject()

    window = open_draft(store.create('../../某局/办公室\\"信息"<科>:*?', 2024))
    page = window.go(len(window.steps) - 1)
    clerk.on_next_dialog(look)
    clerk.click(page.buttons["docx"])
    assert asked == ["某局_办公室_信息_科_2024年政府信息公开工作年度报告（草稿）.docx"]


def test_the_final_version_is_refused_while_errors_remain(store, open_draft, clerk, tmp_path):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go(len(window.steps) - 1)
    out = tmp_path / "正式.docx"
    said = []

    def read_and_close(box):
        said.append(box.text())
        clerk.click_button(box, "确定")

    clerk.on_next_dialog(read_and_close)
    clerk.click(page.buttons["final"])
    assert said and "不能导出正式版" in said[0] and "未填写" in said[0]
    assert not out.exists()


def test_the_final_version_of_a_complete_report(store, open_draft, clerk, save_to, example_report):
    draft_id = store.import_report(example_report)
    window = open_draft(draft_id)
    page = window.go(len(window.steps) - 1)
    assert "没有发现问题" in page.summary.text()
    # where the findings would be, what was checked: every rule of the form passed
    assert page.tree.topLevelItemCount() == 1
    assert page.tree.topLevelItem(0).text(0).startswith(f"{len(window.form.rules)} 项检查全部通过")
    clerk.click(page.tree.viewport(), page.tree.visualItemRect(page.tree.topLevelItem(0)).center())
    assert window.steps[window.current].id == page.step.id     # a click on it goes nowhere
    out = save_to("正式.docx")
    clerk.on_next_dialog(lambda box: clerk.click_button(box, "是"))   # 标为已定稿
    clerk.click(page.buttons["final"])
    xml = _document_xml(out)
    assert "武陟县小董乡人民政府2024年政府信息公开工作年度报告" in xml and "草稿" not in xml
    assert window.session.read_only and store.load(draft_id).info.status == "final"
    assert page.buttons["status"].text() == "重新打开编辑"


def test_ctrl_p_opens_the_print_preview(store, open_draft, clerk, example_report):
    window = open_draft(store.import_report(example_report))
    window.go_step("table:t3")
    clerk.click_cell(window, "t3.new.natural")
    titles = []

    def close(dialog):
        titles.append(dialog.windowTitle())
        dialog.reject()

    clerk.on_next_dialog(close)
    clerk.press(Qt.Key_P, Qt.ControlModifier)
    assert titles == ["打印预览 — 报告"]


@pytest.mark.slow
def test_the_checklist_as_pdf(store, open_draft, clerk, save_to, example_report):
    window = open_draft(store.import_report(example_report))
    page = window.go(len(window.steps) - 1)
    out = save_to("校验单.pdf")
    clerk.click(page.buttons["checklist_pdf"])
    assert out.read_bytes().startswith(b"%PDF")


def test_findings_are_grouped_by_part_and_severity(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2024)
    ops.set_text(store, draft_id, "text.other", "本年度工作平稳。")        # says nothing of 信息处理费
    window = open_draft(draft_id)
    page = window.go(len(window.steps) - 1)
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert groups[0].startswith("一、总体情况 — 提示")
    assert any(g.startswith("三、收到和处理政府信息公开申请情况 — 错误") for g in groups)
    assert groups[-1].startswith("六、其他需要报告的事项 — 提示")
    # clicking the 六 warning goes to that text
    top = page.tree.topLevelItem(len(groups) - 1)
    child = top.child(0)
    page.tree.scrollToItem(child)
    clerk.click(page.tree.viewport(), page.tree.visualItemRect(child).center())
    assert window.steps[window.current].id == "text:text.other"
    assert QApplication.focusWidget() is window.pages[window.current].editor




def test_every_export_offers_to_open_the_file_and_its_folder(store, open_draft, clerk, save_to, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go(len(window.steps) - 1)
    assert not page.done_bar.isVisible()
    for key, name in (("json", "报告.json"), ("docx", "草稿.docx")):
        out = save_to(name)
        clerk.click(page.buttons[key])
        assert out.is_file()
        assert page.done_bar.isVisible() and page.done_label.text() == f"已导出：{out}"
        clerk.click(page.buttons["open_file"])
        clerk.click(page.buttons["open_folder"])
        assert opened[-2:] == [str(out), str(out.parent)]


def test_a_file_that_cannot_be_written_is_said_in_chinese(store, open_draft, clerk, tmp_path):
    window = open_draft(store.create("某某乡人民政府", 2024))
    page = window.go(len(window.steps) - 1)
    name = "年" * 100 + ".json"           # 302 bytes: longer than a file name may be
    clerk.choose_file(tmp_path / name)
    said = []
    clerk.on_next_dialog(lambda box: (said.append(box.text()), clerk.click_button(box, "确定")))
    clerk.click(page.buttons["json"])
    assert said and "文件名太长" in said[0]
    assert not re.search("[A-Za-z]{4}", said[0].replace("json", ""))
    assert not page.done_bar.isVisible()
