"""A text step: what is typed is on disk within a second, even without a pause; clicking a
prose finding selects exactly the year or the number it is about, so typing the fix replaces
that and nothing around it."""

from __future__ import annotations

import time

from reportdesk import operations as ops
from reportdesk.store import DraftStore


def test_typing_without_a_pause_is_saved_at_least_every_second(store, open_draft, clerk, qtbot):
    window = open_draft(store.create("某某乡人民政府", 2025))
    page = window.go_step("text:text.other")
    clerk.click(page.editor)
    reader = DraftStore(store.path)   # another program: sees only what is on disk
    draft_id = window.session.draft_id
    typed = ""
    on_disk = []
    start = time.monotonic()
    while time.monotonic() - start < 2.6:
        clerk.type("字")          # a keystroke every 50 ms: never the 0.4 s pause
        typed += "字"
        qtbot.wait(50)
        on_disk.append((time.monotonic() - start, len(reader.load(draft_id).report.text("text.other"))))
    # by 1.3 s something was saved, and after that never more than about a second behind the typing
    assert [n for t, n in on_disk if t >= 1.3][0] > 0
    saves = sorted({n for _, n in on_disk if n})
    assert len(saves) >= 2
    reader.close()
    assert window.session.report.text("text.other").startswith(typed[: saves[0]])


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
    ops.set_text(store, draft_id, "text.overview.proactive", text)
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
    ops.set_cells(store, draft_id, {"t3.new.natural": 5})
    ops.set_text(store, draft_id, "text.overview.on_request", "全年共收到政府信息公开申请12件，均按时答复，其中3件已公开。")
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
