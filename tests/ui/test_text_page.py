"""A text step: clicking a prose finding selects exactly the year or the number it is about,
so typing the fix replaces that and nothing around it."""

from __future__ import annotations


def _click_finding(clerk, page, words: str):
    tree = page.findings
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if words in item.text(0):
            clerk.click(tree.viewport(), tree.visualItemRect(item).center())
            return item
    raise AssertionError(f"no finding with “{words}” among {tree.texts()}")


def test_a_stale_year_selects_the_year_alone(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2025)
    text = "据统计，2024年我乡共公开信息120条，群众满意。"
    store.set_text(draft_id, "text.overview.proactive", text)
    window = open_draft(draft_id)
    page = window.go_step("text:text.overview.proactive")
    _click_finding(clerk, page, "2024年")
    assert page.editor.textCursor().selectedText() == "2024"
    clerk.type("2025")                  # the fix replaces the year, not the words around it
    page.save()
    assert window.session.report.text("text.overview.proactive") == text.replace("2024", "2025")
    assert not [f for f in window.session.findings if f.rule == "9" and f.texts == ["text.overview.proactive"]]


def test_a_number_that_disagrees_with_the_table_selects_that_number(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2025)
    store.set_cell(draft_id, "t3.new.natural", 5)
    store.set_text(draft_id, "text.overview.on_request", "全年共收到政府信息公开申请12件，均按时答复，其中3件已公开。")
    window = open_draft(draft_id)
    page = window.go_step("text:text.overview.on_request")
    _click_finding(clerk, page, "收到政府信息公开申请12件")
    assert page.editor.textCursor().selectedText() == "12"
    clerk.type("5")
    page.save()
    assert window.session.report.text("text.overview.on_request").startswith("全年共收到政府信息公开申请5件，")


def test_the_exact_span_of_a_finding():
    from reportdesk.rules import Finding
    from reportdesk.ui.text_page import exact_span

    year = Finding("9", "warning", [], "…", actual=2024)
    assert exact_span("统计，二〇二四年我乡共", year) == (3, 4)
    said = Finding("8", "warning", [], "…", actual=12)
    assert exact_span("共收到申请十二件", said) == (5, 2)
    none = Finding("8", "warning", [], "…", actual=0)
    assert exact_span("未发生行政复议", none) is None       # the phrase itself says “none”
    facts = Finding("9", "warning", [], "…")
    assert exact_span("179篇", facts) == (0, 3)
