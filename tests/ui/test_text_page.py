"""A text part's page: what is typed is on disk within a second, even without a pause."""

from __future__ import annotations

import time

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
