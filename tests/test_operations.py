"""The edit operations: one path for the window and the command line, one undo engine over the
saved history, a change set that says what to repaint, and never an edit over a stale copy."""

from __future__ import annotations

import pytest

from reportdesk import operations as ops
from reportdesk.errors import InvalidValue, RefusedEdit
from reportdesk.operations import DraftEditor
from reportdesk.store import DraftStore

AGENCY = "某某乡人民政府"


@pytest.fixture
def store(tmp_path):
    s = DraftStore(tmp_path / "drafts.db")
    yield s
    s.close()


@pytest.fixture
def editor(store):
    return DraftEditor(store, store.create(AGENCY, 2025))


def test_a_keystroke_is_parsed_once_saved_and_its_change_set_names_what_to_repaint(editor, store):
    changes = editor.set_cells({"t3.new.natural": "１２"})
    assert changes.cells == {"t3.new.natural", "t3.new.total"}
    assert changes.saved and not changes.reloaded
    assert store.load(editor.draft_id).report.values["t3.new.total"] == 12
    # rule 1 in the 自然人 column cannot be judged yet (blanks); the step 表三 is now being filled
    assert "table:t3" in changes.steps and editor.step_states["table:t3"].name == "填写中"


def test_findings_added_and_removed_are_in_the_change_set(editor):
    editor.set_cells({c: 0 for c in editor.form.cells if c.startswith("t4.review.") and not c.endswith(".total")})
    changes = editor.set_cells({"t4.review.upheld": "1000000"})
    assert [f.rule for f in changes.added] == ["15"] and changes.marks == {"t4.review.upheld"}
    changes = editor.set_cells({"t4.review.upheld": "1"})
    assert [f.rule for f in changes.removed] == ["15"] and changes.marks == {"t4.review.upheld"}


def test_a_bad_value_or_a_computed_cell_changes_nothing(editor, store):
    with pytest.raises(InvalidValue, match="商业企业"):
        editor.set_cells({"t3.new.natural": "5", "t3.new.business": "x"})
    with pytest.raises(RefusedEdit, match="自动计算"):
        editor.set_cells({"t3.new.total": "5"})
    assert editor.report.is_blank("t3.new.natural") and store.history(editor.draft_id) == []


def test_keystrokes_of_one_editor_are_one_undo_step_and_undo_survives_a_restart(store, tmp_path):
    draft_id = store.create(AGENCY, 2025)
    editor = DraftEditor(store, draft_id)
    for text in ("1", "15", "150"):
        editor.set_cells({"t3.granted.natural": text}, merge="editor-1")
    editor.set_cells({"t3.granted.business": "3"}, merge="editor-2")
    store.close()

    again = DraftStore(tmp_path / "drafts.db")
    later = DraftEditor(again, draft_id)
    assert later.can_undo and not later.can_redo
    # each moves its row's 总计 and its column's （七）总计
    assert later.undo().cells == {"t3.granted.business", "t3.granted.total", "t3.total.business", "t3.total.total"}
    assert later.undo().cells == {"t3.granted.natural", "t3.granted.total", "t3.total.natural", "t3.total.total"}
    assert later.report.is_blank("t3.granted.natural") and later.undo() is None
    later.redo()
    assert later.report.values["t3.granted.natural"] == 150
    again.close()


def test_escape_drops_what_was_typed_and_leaves_no_redo(editor, store):
    editor.set_cells({"t3.new.natural": "5"}, merge="a")
    editor.set_cells({"t3.new.business": "6"}, merge="b")
    assert editor.revert("a") is None             # not the editor being typed in any more
    assert editor.revert("b").cells == {"t3.new.business", "t3.new.total"}
    assert editor.report.is_blank("t3.new.business") and not editor.can_redo
    assert [h.action for h in store.history(editor.draft_id)] == ["edit", "edit", "revert"]
    assert editor.undo().cells == {"t3.new.natural", "t3.new.total"}


def test_an_edit_after_another_programs_change_reads_it_first_and_keeps_it(store, editor):
    """The window holds no stale copy: issue 11, item 5 at the level of the operations."""
    other = DraftStore(store.path)
    ops.set_cell(other, editor.draft_id, "t3.new.business", 5)     # `reportdesk drafts set` meanwhile
    changes = editor.set_cells({"t3.new.natural": "3"})
    assert changes.reloaded and "t3.new.business" in changes.cells
    saved = other.load(editor.draft_id).report
    assert saved.values["t3.new.business"] == 5 and saved.values["t3.new.total"] == 8
    assert editor.report.values["t3.new.total"] == 8
    assert [(h.cell, h.old, h.new) for h in store.history(editor.draft_id)] == [
        ("t3.new.business", None, 5), ("t3.new.natural", None, 3)]
    other.close()


def test_typing_the_value_a_stale_copy_already_had_is_still_saved(store, editor):
    editor.set_cells({"t3.new.natural": "3"})
    other = DraftStore(store.path)
    ops.set_cell(other, editor.draft_id, "t3.new.natural", 5)
    changes = editor.set_cells({"t3.new.natural": "3"})     # the clerk means 3, whatever the copy said
    assert changes.reloaded and other.load(editor.draft_id).report.values["t3.new.natural"] == 3
    other.close()


def test_refresh_reads_another_programs_change_without_an_edit(store, editor):
    assert editor.refresh() is None
    other = DraftStore(store.path)
    ops.set_text(other, editor.draft_id, "text.other", "无。")
    changes = editor.refresh()
    assert changes.reloaded and "text.other" in changes.texts and editor.report.text("text.other") == "无。"
    other.close()


def test_a_final_draft_refuses_edits_and_undo_until_reopened(editor):
    editor.set_cells({"t3.new.natural": "1"})
    assert editor.mark_final().status
    with pytest.raises(RefusedEdit, match="已定稿"):
        editor.set_cells({"t3.new.natural": "2"})
    with pytest.raises(RefusedEdit, match="已定稿"):
        editor.undo()
    editor.reopen()
    assert editor.undo().cells == {"t3.new.natural", "t3.new.total"}


def test_agency_and_year_are_undoable_and_one_per_agency_and_year(store, editor):
    store.create(AGENCY, 2024)
    editor.set_info(agency="某某县某某乡人民政府")
    assert editor.info.agency == "某某县某某乡人民政府" and editor.report.agency == "某某县某某乡人民政府"
    editor.set_info(agency=AGENCY)
    with pytest.raises(RefusedEdit, match="已经存在"):
        editor.set_info(year=2024)
    assert editor.report.year == 2025
    editor.undo()
    assert store.load(editor.draft_id).report.agency == "某某县某某乡人民政府"


def test_a_keystroke_takes_three_statements_besides_begin_and_commit(editor, store):
    editor.set_cells({"t3.new.natural": "1"}, merge="k")
    seen = []
    store.conn.set_trace_callback(seen.append)
    try:
        editor.set_cells({"t3.new.natural": "12"}, merge="k")
    finally:
        store.conn.set_trace_callback(None)
    statements = [s for s in seen if s not in ("BEGIN IMMEDIATE", "COMMIT")]
    assert len(statements) <= 3, statements


def test_the_command_line_calls_are_the_same_operations(store):
    draft_id = store.create(AGENCY, 2025)
    assert ops.set_cells(store, draft_id, {"t4.review.upheld": 1, "t4.review.other": 2}).cells == {
        "t4.review.upheld", "t4.review.other", "t4.review.total"}
    assert ops.undo(store, draft_id).cells == {"t4.review.upheld", "t4.review.other", "t4.review.total"}
    assert ops.undo(store, draft_id) is None
    assert ops.redo(store, draft_id).cells
    assert store.load(draft_id).report.values["t4.review.total"] == 3


def test_a_warning_marked_verified_stops_nagging_is_kept_and_printed_as_such(store, editor):
    from reportdesk.export.checklist import VERIFIED, checklist

    editor.set_text("text.other", "本年度工作平稳。")              # says nothing of 信息处理费: rule 11
    [warning] = [f for f in editor.findings if f.rule == "11"]
    assert editor.step_states["text:text.other"].name == "有提示"
    changes = editor.acknowledge(warning, "本机关不收取任何费用，已在正文第一部分说明")
    assert [f.acknowledged for f in editor.findings if f.rule == "11"] == ["本机关不收取任何费用，已在正文第一部分说明"]
    assert "text:text.other" in changes.steps and editor.step_states["text:text.other"].name != "有提示"
    again = DraftEditor(DraftStore(store.path), editor.draft_id)      # kept with the draft
    assert [f.acknowledged for f in again.findings if f.rule == "11"] == ["本机关不收取任何费用，已在正文第一部分说明"]
    [result] = [r for r in checklist(editor.report, editor.findings_complete()) if r.rule.id == "11"]
    assert result.status == VERIFIED and result.status_name == "已核实"
    history = [(h.cell, h.new, h.kind) for h in store.history(editor.draft_id)]
    assert history[-1] == (warning.key, "本机关不收取任何费用，已在正文第一部分说明", "ack")
    editor.undo()                                                     # Ctrl+Z takes the mark back
    assert [f.acknowledged for f in editor.findings if f.rule == "11"] == [""]
    again.store.close()


def test_an_error_cannot_be_marked_verified(editor):
    editor.set_cells({"t3.new.natural": "1", "t3.carried_in.natural": "0", "t3.granted.natural": "0",
                      "t3.carried_out.natural": "0"})
    errors = [f for f in editor.findings_complete() if f.severity == "error"]
    assert errors
    with pytest.raises(RefusedEdit, match="错误不能标为已核实"):
        editor.acknowledge(errors[0], "没问题")


def test_an_edit_that_keeps_meeting_other_programs_saves_takes_the_lock_and_gets_through(store, editor, monkeypatch):
    """Two programs saving as fast as they can once livelocked an edit (it read, the other saved,
    it met a conflict, read again …): after two conflicts the edit holds the write lock."""
    other = DraftStore(store.path)
    real_write = store.write
    others = iter(range(1, 100))

    def write(draft_id, revision, change):
        if not store._held:   # between this program's read and write, the other one saves
            ops.set_cell(other, draft_id, "t3.new.business", next(others))
        return real_write(draft_id, revision, change)

    monkeypatch.setattr(store, "write", write)
    changes = editor.set_cells({"t3.new.natural": "3"})
    assert changes.reloaded and changes.saved
    saved = other.load(editor.draft_id).report
    assert saved.values["t3.new.natural"] == 3 and saved.values["t3.new.business"] == 2   # both programs' edits
    assert saved.values["t3.new.total"] == 5
    other.close()
