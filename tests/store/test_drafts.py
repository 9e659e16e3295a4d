"""DraftStore: drafts, edits saved with history, undo, final drafts, carry from last year."""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime, timedelta

import pytest

from reportdesk import operations as ops
from reportdesk.carry import suggestions
from reportdesk.operations import DraftEditor
from reportdesk.errors import InvalidValue, RefusedEdit
from reportdesk.report import Report
from reportdesk.rules import check
from reportdesk.store import DraftExists, DraftStore, NoSuchDraft, StoreError

from .conftest import AGENCY, LAST_YEAR_TEXTS, published


def rows(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# -- drafts


def test_one_draft_per_agency_and_year(store):
    first = store.create(AGENCY, 2024)
    assert store.create(f"  {AGENCY} ", "２０２４") == first
    assert store.create(AGENCY, "2024年") == first
    assert store.find(AGENCY, 2024) == first
    other_year = store.create(AGENCY, 2025)
    other_agency = store.create("另一个乡人民政府", 2024)
    assert len({first, other_year, other_agency}) == 3
    assert store.find(AGENCY, 2023) is None
    assert [d.id for d in store.list_drafts()] == [other_agency, other_year, first]


def test_a_year_that_is_not_a_year_is_refused(store):
    with pytest.raises(InvalidValue) as exc:
        store.create(AGENCY, "24")
    assert "四位数的年份" in exc.value.message
    assert store.list_drafts() == []


def test_list_drafts_describes_each_draft(store, last_year):
    draft_id = store.new_from(last_year, year=2024, name="去年的报告.docx")
    [info] = store.list_drafts()
    assert (info.id, info.agency, info.year, info.status, info.form) == (draft_id, AGENCY, 2024, "draft",
                                                                         "gov-info-2021")
    assert info.carried_from == "去年的报告.docx"
    created, modified = datetime.fromisoformat(info.created), datetime.fromisoformat(info.modified)
    assert created.tzinfo is not None and abs(datetime.now().astimezone() - modified) < timedelta(minutes=1)
    assert info.to_dict() == {"id": draft_id, "agency": AGENCY, "year": 2024, "status": "draft",
                              "modified": info.modified}


def test_a_missing_draft_is_named(store):
    with pytest.raises(NoSuchDraft) as exc:
        store.load(42)
    assert exc.value.exit_code == 2 and "42" in exc.value.message
    with pytest.raises(NoSuchDraft):
        ops.set_cell(store, 42, "t3.new.natural", 1)


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        DraftStore(path)
    assert "不是 reportdesk 的草稿数据库" in exc.value.message
    assert path.read_bytes() == before


# -- cells


def test_a_typed_cell_is_saved_with_its_totals_and_survives_a_restart(store, reopen):
    draft_id = store.create(AGENCY, 2024)
    change = ops.set_cell(store, draft_id, "t3.new.natural", "１,２３４")
    assert change.cells == {"t3.new.natural", "t3.new.total"}
    ops.set_cell(store, draft_id, "t3.new.business", 6)
    ops.set_cell(store, draft_id, "t2.fees.amount", "0")
    store.close()

    report = reopen().load(draft_id).report
    assert report.values["t3.new.natural"] == 1234 and type(report.values["t3.new.natural"]) is int
    assert report.values["t3.new.total"] == 1240
    assert report.values["t2.fees.amount"] == 0.0 and type(report.values["t2.fees.amount"]) is float
    assert report.sources["t3.new.natural"] == "typed" and report.sources["t3.new.total"] == "computed"
    assert report.is_blank("t3.new.research")


def test_blank_stays_blank_and_is_not_zero(store, reopen, db_path):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", "0")
    ops.set_cell(store, draft_id, "t3.new.natural", "")
    assert rows(db_path, "SELECT * FROM cells WHERE draft_id = ?", (draft_id,)) == []
    report = reopen().load(draft_id).report
    assert report.is_blank("t3.new.natural") and report.values["t3.new.total"] is None
    assert [(h.old, h.new) for h in reopen().history(draft_id)] == [(None, 0), (0, None)]


@pytest.mark.parametrize("cell, value, error", [
    ("t3.new.natural", "十二个半", InvalidValue),
    ("t3.new.natural", "-3", InvalidValue),
    ("t3.new.total", "5", RefusedEdit),
    ("t3.no_such_row.natural", "5", RefusedEdit),
])
def test_a_refused_edit_saves_and_changes_nothing(store, db_path, cell, value, error):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 7)
    report = store.load(draft_id).report
    saved = rows(db_path, "SELECT cell, value FROM cells ORDER BY cell")
    with pytest.raises(error) as exc:
        ops.set_cell(store, draft_id, cell, value)
    assert exc.value.message and exc.value.exit_code == 1
    assert rows(db_path, "SELECT cell, value FROM cells ORDER BY cell") == saved
    assert len(store.history(draft_id)) == 1
    assert report.values["t3.new.natural"] == 7 and report.values["t3.new.total"] == 7


def test_a_pasted_block_is_saved_whole_or_not_at_all(store):
    draft_id = store.create(AGENCY, 2024)
    with pytest.raises(InvalidValue):
        ops.set_cells(store, draft_id, {"t3.new.natural": "1", "t3.new.business": "两件半", "t3.new.legal": "3"})
    assert store.load(draft_id).report.values["t3.new.natural"] is None
    assert store.history(draft_id) == []
    change = ops.set_cells(store, draft_id, {"t3.new.natural": "1", "t3.new.business": "2", "t3.new.legal": "3"})
    assert set(change.cells) == {"t3.new.natural", "t3.new.business", "t3.new.legal", "t3.new.total"}
    assert store.load(draft_id).report.values["t3.new.total"] == 6


def test_an_edit_that_changes_nothing_is_not_recorded(store):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 3)
    modified = store.load(draft_id).info.modified
    assert not ops.set_cell(store, draft_id, "t3.new.natural", "３")
    assert len(store.history(draft_id)) == 1
    assert store.load(draft_id).info.modified == modified


def test_each_load_is_a_fresh_copy_of_what_is_saved(store):
    """The store keeps no report of its own that an edit would change behind a reader's back."""
    draft_id = store.create(AGENCY, 2024)
    draft = store.load(draft_id)
    ops.set_cell(store, draft_id, "t4.review.upheld", 2)
    ops.set_text(store, draft_id, "text.other", "无。")
    again = store.load(draft_id)
    assert again is not draft and draft.report.values["t4.review.total"] is None
    assert again.report.values["t4.review.total"] == 2 and again.report.text("text.other") == "无。"
    assert again.revision == draft.revision + 2 == store.revision(draft_id)


def test_edits_by_another_program_are_read_before_editing(store, reopen):
    """Two stores on one file (the wizard and a command): totals count both programs' cells."""
    from reportdesk.operations import DraftEditor

    draft_id = store.create(AGENCY, 2024)
    mine = DraftEditor(store, draft_id)
    other = reopen()
    ops.set_cell(other, draft_id, "t3.new.natural", 4)
    changes = mine.set_cells({"t3.new.business": 5})
    assert changes.reloaded
    assert mine.report.values["t3.new.natural"] == 4 and mine.report.values["t3.new.total"] == 9
    assert other.load(draft_id).report.values["t3.new.total"] == 9


# -- texts and draft information


def test_texts_keep_their_paragraphs_and_provenance(store, reopen):
    draft_id = store.create(AGENCY, 2024)
    ops.set_text(store, draft_id, "text.problems", "一是……\r\n二是……")
    report = reopen().load(draft_id).report
    assert report.text("text.problems") == "一是……\n二是……"
    assert report.text_sources["text.problems"] == "typed"
    ops.set_text(store, draft_id, "text.problems", "")
    assert "text.problems" not in reopen().load(draft_id).report.texts
    with pytest.raises(RefusedEdit):
        ops.set_text(store, draft_id, "text.nonsense", "x")


def test_agency_and_year_can_change_but_not_onto_another_draft(store, reopen):
    draft_id = store.create(AGENCY, 2024)
    taken = store.create(AGENCY, 2025)
    ops.set_info(store, draft_id, agency="某某县人民政府", year=2023)
    report = reopen().load(draft_id).report
    assert (report.agency, report.year) == ("某某县人民政府", 2023)
    with pytest.raises(DraftExists) as exc:
        ops.set_info(store, draft_id, agency=AGENCY, year=2025)
    assert exc.value.draft_id == taken
    assert [(h.cell, h.old, h.new) for h in store.history(draft_id)] == [
        ("agency", AGENCY, "某某县人民政府"), ("year", 2024, 2023)]


# -- final drafts


def test_a_final_draft_refuses_every_edit_until_reopened(store, reopen):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 1)
    ops.mark_final(store, draft_id)
    assert reopen().load(draft_id).is_final
    for edit in (lambda: ops.set_cell(store, draft_id, "t3.new.natural", 2),
                 lambda: ops.set_cells(store, draft_id, {"t3.new.legal": 2}),
                 lambda: ops.set_text(store, draft_id, "text.other", "x"),
                 lambda: ops.set_info(store, draft_id, year=2023),
                 lambda: ops.undo(store, draft_id)):
        with pytest.raises(RefusedEdit) as exc:
            edit()
        assert f"reportdesk drafts reopen {draft_id}" in exc.value.message
    assert store.load(draft_id).report.values["t3.new.natural"] == 1
    ops.reopen(store, draft_id)
    ops.set_cell(store, draft_id, "t3.new.natural", 2)
    assert [(h.cell, h.old, h.new) for h in store.history(draft_id)] == [
        ("t3.new.natural", None, 1), ("status", "draft", "final"), ("status", "final", "draft"),
        ("t3.new.natural", 1, 2)]


# -- history and undo


def test_history_since_a_date_or_a_moment(store):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 1)
    time.sleep(0.01)
    moment = datetime.now()
    time.sleep(0.01)
    ops.set_cell(store, draft_id, "t3.new.natural", 2)
    assert [h.new for h in store.history(draft_id)] == [1, 2]
    assert [h.new for h in store.history(draft_id, since=moment)] == [2]
    assert [h.new for h in store.history(draft_id, since=moment.isoformat())] == [2]
    today = date.today()
    assert len(store.history(draft_id, since=today)) == 2
    assert len(store.history(draft_id, since=f"{today.year}年{today.month}月{today.day}日")) == 2
    assert store.history(draft_id, since=today + timedelta(days=1)) == []
    with pytest.raises(InvalidValue):
        store.history(draft_id, since="上周")


def test_undo_and_redo_work_across_restarts(store, reopen):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 3)
    ops.set_cell(store, draft_id, "t3.new.natural", 5)
    ops.set_text(store, draft_id, "text.other", "无。")
    store.close()

    later = reopen()
    assert ops.undo(later, draft_id).texts == {"text.other"} and later.load(draft_id).report.text("text.other") == ""
    assert ops.undo(later, draft_id).cells == {"t3.new.natural", "t3.new.total"}
    report = later.load(draft_id).report
    assert report.values["t3.new.natural"] == 3 and report.values["t3.new.total"] == 3
    later.close()

    again = reopen()
    assert again.load(draft_id).report.values["t3.new.natural"] == 3
    ops.undo(again, draft_id)
    report = again.load(draft_id).report
    assert report.is_blank("t3.new.natural") and report.is_blank("t3.new.total")
    assert ops.undo(again, draft_id) is None
    ops.redo(again, draft_id)
    ops.redo(again, draft_id)
    assert again.load(draft_id).report.values["t3.new.natural"] == 5
    ops.redo(again, draft_id)
    assert again.load(draft_id).report.text("text.other") == "无。"
    assert ops.redo(again, draft_id) is None
    assert [(h.action, h.cell, h.old, h.new) for h in again.history(draft_id)][-3:] == [
        ("redo", "t3.new.natural", None, 3), ("redo", "t3.new.natural", 3, 5), ("redo", "text.other", None, "无。")]


def test_a_new_edit_after_undo_ends_redo(store):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 1)
    ops.set_cell(store, draft_id, "t3.new.business", 2)
    ops.undo(store, draft_id)
    ops.set_cell(store, draft_id, "t3.new.legal", 3)
    assert ops.redo(store, draft_id) is None
    ops.undo(store, draft_id)  # the legal edit
    ops.undo(store, draft_id)  # the natural edit: the business one is undone already
    report = store.load(draft_id).report
    assert [report.values[c] for c in ("t3.new.natural", "t3.new.business", "t3.new.legal")] == [None, None, None]


def test_a_pasted_block_is_undone_in_one_step(store):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 9)
    ops.set_cells(store, draft_id, {"t3.new.natural": 1, "t3.new.business": 2, "t3.new.legal": 3})
    change = ops.undo(store, draft_id)
    assert set(change.cells) == {"t3.new.natural", "t3.new.business", "t3.new.legal", "t3.new.total"}
    report = store.load(draft_id).report
    assert report.values["t3.new.natural"] == 9 and report.values["t3.new.total"] == 9


def test_undo_restores_an_imported_value_that_was_not_a_number(store):
    report = published({})
    report.set("t3.new.natural", "若干", source="imported")
    draft_id = store.import_report(report)
    ops.set_cell(store, draft_id, "t3.new.natural", 4)
    ops.undo(store, draft_id)
    back = store.load(draft_id).report
    assert back.invalid["t3.new.natural"].raw == "若干" and back.sources["t3.new.natural"] == "imported"


# -- import


def test_an_imported_report_becomes_a_draft_with_derived_totals(store, reopen):
    report = published({"t3.new.natural": 4})
    report.set("t3.new.total", 5, source="imported")  # printed wrong
    report.set("t3.new.business", "两件", source="imported")  # not a number: kept for rule 5
    report.set("t9.unknown.cell", 8, source="imported")  # an id this form lacks: kept
    draft_id = store.import_report(report, name="2023年报告.txt")
    draft = reopen().load(draft_id)
    assert draft.report.derive and draft.report.values["t3.new.total"] == 4
    assert draft.report.sources["t3.new.natural"] == "imported"
    assert draft.report.invalid["t3.new.business"].raw == "两件"
    assert draft.report.unknown == {"t9.unknown.cell": 8}
    assert [f.rule for f in check(draft.report) if f.cells == ["t3.new.business"]] == ["5"]
    with pytest.raises(DraftExists) as exc:
        store.import_report(published({}))
    assert exc.value.draft_id == draft_id and exc.value.exit_code == 1


def test_importing_into_an_empty_draft_of_that_year_fills_it(store):
    draft_id = store.create(AGENCY, 2023)
    assert store.import_report(published({"t3.new.natural": 4})) == draft_id
    assert store.load(draft_id).report.values["t3.new.natural"] == 4


# -- start from last year


def test_carry_from_last_year_gives_exactly_the_stated_numbers(store, reopen, last_year):
    draft_id = store.new_from(last_year, year=2024, name="2023.txt")
    draft = reopen().load(draft_id)
    report = draft.report
    assert (report.agency, report.year) == (AGENCY, 2024)
    carried_in = {c: report.values[f"t3.carried_in.{c}"]
                  for c in ("natural", "business", "research", "public_interest", "legal", "other_org", "total")}
    assert carried_in == {"natural": 1, "business": 2, "research": 0, "public_interest": 0, "legal": 3,
                          "other_org": 0, "total": 6}
    assert report.values["t2.rules.valid"] == 12 and report.values["t2.normative.valid"] == 30
    assert {report.sources[c] for c in report.sources if c != "t3.carried_in.total"} == {"carried"}
    filled = {c for c in report.form.cells if not report.is_blank(c)}
    assert filled == {f"t3.carried_in.{c}" for c in carried_in} | {"t2.rules.valid", "t2.normative.valid"}
    assert report.texts == LAST_YEAR_TEXTS and set(report.text_sources.values()) == {"carried"}

    # last year's report is kept with the draft: the wizard's “上年数值” and rules 6 and 7
    assert draft.last_year.year == 2023 and draft.last_year.values["t2.rules.valid"] == 12
    later = reopen()
    ops.set_cell(later, draft_id, "t2.rules.issued", 3)
    ops.set_cell(later, draft_id, "t2.rules.repealed", 1)
    offered = suggestions(later.load(draft_id).report, later.load(draft_id).last_year)
    assert offered["t2.rules.valid"] == 14
    ops.set_cell(later, draft_id, "t3.carried_in.natural", 5)
    findings = check(later.load(draft_id).report, later.load(draft_id).last_year)
    assert [f.rule for f in findings if "t3.carried_in.natural" in f.cells and f.rule == "6"] == ["6"]
    assert any(f.rule == "7" and "t2.rules.valid" in f.cells for f in findings)
    # the carried texts still name 2023: the stale-year check fires until they are rewritten
    assert any("text.problems" in f.texts or "text.overview.proactive" in f.texts for f in findings if f.rule == "9")


def test_carry_from_a_draft_in_the_store(store):
    last_id = store.import_report(published({"t3.carried_out.natural": 2, "t3.new.natural": 2}))
    draft_id = store.new_from(last_id)
    draft = store.load(draft_id)
    assert draft.report.year == 2024 and draft.report.values["t3.carried_in.natural"] == 2
    assert draft.info.carried_from.startswith(f"草稿 {last_id}")
    assert draft.last_year.values["t3.carried_out.natural"] == 2
    assert store.new_from(last_id) == draft_id  # not duplicated


def test_an_existing_draft_of_that_year_is_not_duplicated_but_gets_last_year(store, last_year):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 8)
    assert store.new_from(last_year, year=2024) == draft_id
    draft = store.load(draft_id)
    assert draft.report.values["t3.new.natural"] == 8 and draft.report.is_blank("t3.carried_in.natural")
    assert draft.last_year is not None and draft.last_year.year == 2023


# -- delete and settings


def test_delete_removes_the_draft_after_a_backup(store, db_path):
    draft_id = store.create(AGENCY, 2024)
    ops.set_cell(store, draft_id, "t3.new.natural", 1)
    kept = store.delete(draft_id)
    assert store.list_drafts() == []
    assert rows(db_path, "SELECT count(*) FROM history") == [(0,)]
    assert rows(kept, "SELECT agency, year FROM drafts") == [(AGENCY, 2024)]
    assert rows(kept, "SELECT target, new FROM history") == [("t3.new.natural", "1")]
    with pytest.raises(NoSuchDraft):
        store.delete(draft_id)


def test_settings_are_remembered(store, reopen):
    assert store.get_setting("agency") is None and store.get_setting("agency", "") == ""
    store.set_setting("agency", AGENCY)
    store.set_setting("window", {"width": 1200, "maximized": False})
    later = reopen()
    assert later.get_setting("agency") == AGENCY
    assert later.get_setting("window") == {"width": 1200, "maximized": False}


def test_a_report_used_as_last_year_is_not_changed(store, last_year):
    before = dict(last_year.values)
    store.new_from(last_year, year=2024)
    assert last_year.values == before and isinstance(last_year, Report)


# -- failures while saving


def test_a_database_locked_by_another_program_is_said_and_nothing_changes(db_path, monkeypatch):
    import reportdesk.store.drafts as drafts_module

    monkeypatch.setattr(drafts_module, "BUSY_TIMEOUT", 0.2)
    with DraftStore(db_path) as store:
        draft_id = store.create(AGENCY, 2024)
        editor = DraftEditor(store, draft_id)
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
        try:
            with pytest.raises(StoreError) as exc:
                editor.set_cells({"t3.new.natural": 5})
            assert "另一个程序占用" in exc.value.message and "没有保存" in exc.value.message
            assert editor.report.is_blank("t3.new.natural")
        finally:
            other.execute("ROLLBACK")
            other.close()
        editor.set_cells({"t3.new.natural": 5})
        assert editor.report.values["t3.new.natural"] == 5


def test_a_write_that_fails_half_way_leaves_memory_as_saved(store, monkeypatch):
    draft_id = store.create(AGENCY, 2024)
    editor = DraftEditor(store, draft_id)
    editor.set_cells({"t3.new.natural": 2})

    def disk_full(*args, **kwargs):
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = 13   # SQLITE_FULL
        raise error

    monkeypatch.setattr(store, "_record", disk_full)  # after the cells were written
    with pytest.raises(StoreError) as exc:
        editor.set_cells({"t3.new.natural": 7})
    assert "磁盘空间已满" in exc.value.message and "没有保存" in exc.value.message
    assert editor.report.values["t3.new.natural"] == 2 and editor.report.values["t3.new.total"] == 2
    monkeypatch.undo()
    assert store.load(draft_id).report.values["t3.new.natural"] == 2
    assert [h.new for h in store.history(draft_id)] == [2]
    editor.set_cells({"t3.new.natural": 7})    # and the editor goes on from what is saved
    assert store.load(draft_id).report.values["t3.new.total"] == 7