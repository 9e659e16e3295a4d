"""Another program changes the draft while the window has it open (issue 11, item 5): the window
reads it again before its next edit, says so, and never writes over it."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from reportdesk.store import DraftStore
from reportdesk.ui.session import RELOADED


def cli(db, *args):
    return subprocess.run([sys.executable, "-m", "reportdesk", "drafts", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)


def shown(page, cell_id):
    return page.model.data(page.model.index_of(cell_id))


def test_an_edit_made_by_the_command_line_is_kept_and_shown(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2025)
    window = open_draft(draft_id)
    page = window.go_step("table:t3")
    window.session._watch.stop()     # the next edit must notice it by itself, without the timer
    assert cli(store.path, "set", str(draft_id), "t3.new.business", "5").returncode == 0
    clerk.click_cell(window, "t3.new.natural")
    clerk.type("3")
    clerk.press(Qt.Key_Return)                       # Enter: on to 商业企业, the cell the other program set
    clerk.click_cell(window, "t3.granted.natural")   # and away again without typing
    history = [(h.cell, h.old, h.new) for h in store.history(draft_id)]
    assert history == [("t3.new.business", None, 5), ("t3.new.natural", None, 3)]
    with DraftStore(store.path) as reader:
        saved = reader.load(draft_id).report
    assert saved.values["t3.new.business"] == 5 and saved.values["t3.new.total"] == 8
    assert shown(page, "t3.new.business") == "5" and shown(page, "t3.new.total") == "8"
    assert window.message_text() == RELOADED


def test_a_cell_editor_left_open_never_writes_its_stale_text_over_a_newer_value(store, open_draft, clerk):
    draft_id = store.create("某某乡人民政府", 2025)
    window = open_draft(draft_id)
    page = window.go_step("table:t3")
    window.session._watch.stop()
    clerk.click_cell(window, "t3.refused.repeat.legal")
    clerk.press(Qt.Key_F2)                                # an editor open on the blank cell, nothing typed
    assert cli(store.path, "set", str(draft_id), "t3.refused.repeat.legal", "7").returncode == 0
    clerk.click_cell(window, "t3.granted.natural")       # the editor closes
    with DraftStore(store.path) as reader:
        assert reader.load(draft_id).report.values["t3.refused.repeat.legal"] == 7
    assert [(h.cell, h.new) for h in store.history(draft_id)] == [("t3.refused.repeat.legal", 7)]


def test_the_window_shows_another_programs_change_within_seconds(store, open_draft, clerk, qtbot):
    draft_id = store.create("某某乡人民政府", 2025)
    window = open_draft(draft_id)
    page = window.go_step("table:t3")
    assert cli(store.path, "set", str(draft_id), "t3.partial.legal", "4").returncode == 0
    qtbot.waitUntil(lambda: shown(page, "t3.partial.legal") == "4", timeout=5000)
    assert window.message_text() == RELOADED
