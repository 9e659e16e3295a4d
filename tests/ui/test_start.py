"""The start screen: first run, new drafts, starting from last year, importing, deleting.

File choosers (reportdesk.ui.files) are answered by typing the path into them
(``clerk.choose_file``); everything else is clicked and typed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from reportdesk import operations as ops
from reportdesk.ui.start import StartWindow


@pytest.fixture
def start(start_window):
    return start_window


def test_first_run_asks_for_the_agency_once(qtbot, tmp_path, clerk):
    from reportdesk.store import DraftStore

    store = DraftStore(tmp_path / "first.db")
    try:
        window = StartWindow(store)
        qtbot.addWidget(window)
        window.show()

        def answer(dialog):
            edit = dialog.findChild(QLineEdit)
            clerk.retype(edit, "武陟县小董乡人民政府")
            clerk.click_button(dialog, "确定")

        seen = clerk.on_next_dialog(answer)
        window.ask_agency()
        assert seen and store.get_setting("agency") == "武陟县小董乡人民政府"
        assert "武陟县小董乡人民政府" in window.hello.text()
        from reportdesk.ui import messages

        asked = []
        original = messages.ask_text
        messages.ask_text = lambda *a, **k: asked.append(a)
        try:
            window.ask_agency()      # remembered: not asked again
        finally:
            messages.ask_text = original
        assert asked == []
    finally:
        store.close()


def test_the_list_shows_each_draft_with_its_errors_and_blanks(store, start, qtbot):
    first = store.create("某某乡人民政府", 2023)
    second = store.create("某某乡人民政府", 2024)
    form = store.load(second).report.form
    zeros = {cid: 0 for cid in form.tables["t3"].cell_ids() if not form.is_computed(cid)}
    ops.set_cells(store, second, {**zeros, "t3.new.natural": 5, "t3.granted.natural": 1})
    ops.mark_final(store, first)
    window = start()
    # the list first; errors and blanks (each draft loaded and checked) once it is painted
    qtbot.waitUntil(lambda: window.table.item(0, 4).text() != "…")
    rows = {window.table.item(r, 1).text(): [window.table.item(r, c).text() for c in range(6)]
            for r in range(window.table.rowCount())}
    assert rows["2024"][0] == "某某乡人民政府" and rows["2024"][2] == "草稿"
    assert rows["2024"][4] == "2"          # 自然人 and 总计 columns do not balance
    assert rows["2024"][5] == str(len(store.load(second).report.blank_cells()))
    assert rows["2023"][2] == "已定稿" and rows["2023"][4] == "0"


def test_new_draft_uses_the_remembered_agency_and_opens(start, store, clerk):
    window = start()

    def fill(dialog):
        assert dialog.agency.text() == "某某乡人民政府"
        clerk.retype(dialog.year.lineEdit(), "2024")
        clerk.click_button(dialog, "确定")

    clerk.on_next_dialog(fill)
    clerk.click(window.buttons["new"])
    assert window.main is not None and window.main.session.report.title == "某某乡人民政府2024年政府信息公开工作年度报告"
    assert [(i.agency, i.year) for i in store.list_drafts()] == [("某某乡人民政府", 2024)]
    window.main.close()            # back to the list
    assert window.isVisible() and window.table.rowCount() == 1
    # the same agency and year again opens the existing draft instead of a second one
    clerk.on_next_dialog(lambda d: (clerk.retype(d.year.lineEdit(), "2024"), clerk.click_button(d, "确定")))
    seen = []
    clerk.on_next_dialog(lambda box: (seen.append(box.text()), clerk.click_button(box, "确定")))
    try:
        clerk.click(window.buttons["new"])
    finally:
        pass
    assert seen and "已经有草稿" in seen[0]
    assert len(store.list_drafts()) == 1


def test_start_from_last_years_report_file(start, store, clerk, example_path):
    window = start()

    def choose(dialog):
        clerk.click(dialog.from_file)
        browse = next(b for b in dialog.findChildren(type(window.buttons["new"])) if b.text() == "浏览…")
        clerk.choose_file(example_path)
        clerk.click(browse)
        assert dialog.path.text() == str(example_path)
        clerk.retype(dialog.agency, "武陟县小董乡人民政府")
        clerk.retype(dialog.year.lineEdit(), "2025")
        clerk.click_button(dialog, "确定")

    clerk.on_next_dialog(choose)
    clerk.click(window.buttons["carry"])
    main = window.main
    assert main is not None
    session = main.session
    assert session.report.year == 2025 and session.last_year is not None and session.last_year.year == 2024
    # 上年结转 carried from last year's 结转下年度, shown in the grid, last year's value in the tooltip
    page = main.go_step("table:t3")
    last = session.last_year
    for col in ("natural", "legal", "total"):
        cid = f"t3.carried_in.{col}"
        assert session.report.values[cid] == last.values[f"t3.carried_out.{col}"]
        assert page.model.index_of(cid).data() == str(last.values[f"t3.carried_out.{col}"])
    tip = page.model.index_of("t3.new.natural").data(Qt.ToolTipRole)
    assert f"上年：{last.values['t3.new.natural']}" in tip
    # this year's own numbers are blank
    assert session.report.values["t3.new.natural"] is None
    # last year's text beside this year's (carried, to be rewritten)
    text_page = main.go_step("text:text.problems")
    assert text_page.last is not None and text_page.last.toPlainText() == last.text("text.problems")
    assert any("沿用上年报告的文字" in f.message for f in text_page.findings.findings)


def test_the_rule_7_suggestion_is_offered_and_taken(start, store, clerk, example_report):
    draft_id = store.new_from(example_report, "武陟县小董乡人民政府", 2025)
    window = start()
    main = window.open_draft(draft_id)
    with clerk.qtbot.waitActive(main):
        main.activateWindow()
    page = main.go_step("table:t2")
    last_valid = example_report.values["t2.normative.valid"]
    clerk.click_cell(main, "t2.normative.issued")
    clerk.type("3")
    clerk.press(Qt.Key_Tab)
    clerk.type("1")
    clerk.press(Qt.Key_Return)
    clerk.click_cell(main, "t2.normative.valid")
    assert page.suggest.isVisible() and page.suggest.text() == f"采用推算值 {last_valid + 2}"
    clerk.click(page.suggest)
    assert main.session.report.values["t2.normative.valid"] == last_valid + 2
    assert not page.suggest.isVisible()


def test_import_a_published_report(start, store, clerk, example_path):
    window = start()
    clerk.choose_file(example_path)
    clerk.on_next_dialog(lambda d: d.accept())  # the preview of what was read
    clerk.click(window.buttons["import"])
    assert window.main is not None
    report = window.main.session.report
    assert report.agency == "武陟县小董乡人民政府" and report.year == 2024
    assert report.values["t3.new.total"] is not None and report.texts


def test_delete_asks_first(start, store, clerk):
    store.create("某某乡人民政府", 2023)
    window = start()
    clerk.on_next_dialog(lambda box: clerk.click_button(box, "否"))
    clerk.click(window.buttons["delete"])
    assert len(store.list_drafts()) == 1
    clerk.on_next_dialog(lambda box: clerk.click_button(box, "是"))
    clerk.click(window.buttons["delete"])
    assert store.list_drafts() == [] and window.table.rowCount() == 0 and window.empty.isVisible()


def test_enter_on_the_list_opens_the_chosen_draft(start, store, clerk, qtbot):
    """The keyboard alone: the list has the focus when the window opens, Enter opens the draft."""
    store.create("某某乡人民政府", 2023)
    second = store.create("某某乡人民政府", 2024)
    window = start()
    window.table.setFocus()
    row = next(r for r in range(window.table.rowCount()) if window.table.item(r, 1).text() == "2024")
    window.table.selectRow(row)
    clerk.press(Qt.Key_Return)
    qtbot.waitUntil(lambda: window.main is not None)
    assert window.main.session.draft_id == second and not window.isVisible()
    window.main.close()
