"""A draft made on the 2021 form, moved to a made-up 2026 revision of it
(tests/fixtures/forms/gov-info-2021.v2.toml: one row renamed, one split, one removed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportdesk import operations as ops
from reportdesk.form import FORMS_ENV, forget_loaded_forms, load_form_file
from reportdesk.operations import DraftEditor
from reportdesk.store import DraftStore

REVISION = Path(__file__).resolve().parent / "fixtures" / "forms" / "gov-info-2021.v2.toml"
AGENCY = "某某乡人民政府"


@pytest.fixture
def revision():
    return load_form_file(REVISION)


@pytest.fixture
def store(tmp_path):
    s = DraftStore(tmp_path / "drafts.db")
    yield s
    s.close()
    forget_loaded_forms()


@pytest.fixture
def draft(store):
    draft_id = store.create(AGENCY, 2025)
    ops.set_cells(store, draft_id, {"t3.refused.repeat.natural": 3, "t3.unavailable.not_held.legal": 2,
                                    "t3.withheld.query.other_org": 1, "t3.new.natural": 6, "t3.granted.natural": 4})
    ops.set_text(store, draft_id, "text.other", "未收取信息处理费。")
    return draft_id


def cli(db, *args, env=None):
    import os

    proc = subprocess.run([sys.executable, "-m", "reportdesk", "drafts", "--db", str(db), *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr


def test_the_revision_is_a_valid_form_that_says_what_changed(revision):
    assert (revision.id, revision.version) == ("gov-info-2021", 2)
    assert revision.changes["from_version"] == 1
    assert "t3.refused.duplicate.natural" in revision.cells and "t3.withheld.query.natural" not in revision.cells
    assert revision.canonical("t3.refused.repeat.legal") == "t3.refused.duplicate.legal"
    assert len(revision.formulas["t3.total.natural"]) == 21   # one removed, one split in two


def test_upgrade_moves_renamed_cells_drops_what_has_no_place_and_keeps_it_in_history(store, draft, revision):
    editor = DraftEditor(store, draft)
    changes, moves = editor.upgrade(revision)
    assert moves.moved == {"t3.refused.repeat.natural": "t3.refused.duplicate.natural"}
    assert moves.dropped == {"t3.unavailable.not_held.legal": 2, "t3.withheld.query.other_org": 1}
    assert moves.split == {"t3.unavailable.not_held.legal": ["t3.unavailable.not_found.legal",
                                                             "t3.unavailable.not_ours.legal"]}
    report = store.load(draft).report
    assert (report.form.id, report.form.version) == ("gov-info-2021", 2)
    assert report.values["t3.refused.duplicate.natural"] == 3 and report.values["t3.refused.duplicate.total"] == 3
    assert report.is_blank("t3.unavailable.not_found.legal") and report.is_blank("t3.unavailable.not_ours.legal")
    assert report.values["t3.total.natural"] == 7 and report.values["t3.total.legal"] is None   # totals again
    assert report.text("text.other") == "未收取信息处理费。"
    history = [(h.cell, h.old, h.new, h.action) for h in store.history(draft)]
    assert ("t3.withheld.query.other_org", 1, None, "upgrade") in history
    assert ("t3.unavailable.not_held.legal", 2, None, "upgrade") in history
    assert history[-1] == ("form", "gov-info-2021@1", "gov-info-2021@2", "upgrade")
    assert changes.info and editor.form.version == 2 and editor.upgrade(revision) is None
    # an upgrade is not undone: Ctrl+Z stops at it
    assert editor.undo() is None
    editor.set_cells({"t3.unavailable.not_found.legal": "2"})
    assert editor.undo().cells and editor.undo() is None


def test_drafts_upgrade_on_the_command_line_and_the_draft_opens_again(store, draft):
    status, out, err = cli(store.path, "upgrade", str(draft), "--form", str(REVISION), "--json")
    assert status == 0, err
    assert json.loads(out) == {
        "moved": {"t3.refused.repeat.natural": "t3.refused.duplicate.natural"},
        "dropped": {"t3.unavailable.not_held.legal": 2, "t3.withheld.query.other_org": 1},
        "split": {"t3.unavailable.not_held.legal": ["t3.unavailable.not_found.legal", "t3.unavailable.not_ours.legal"]}}
    # the revision is kept beside the database: the draft opens in a program that does not ship it
    assert (store.path.parent / "forms" / "gov-info-2021.v2.toml").is_file()
    status, out, _ = cli(store.path, "show", str(draft), "--json")
    shown = json.loads(out)
    assert status == 0 and shown["version"] == 2 and shown["cells"]["t3.refused.duplicate.natural"] == 3
    status, out, _ = cli(store.path, "upgrade", str(draft))
    assert status == 0 and "不需要升级" in out


def test_drafts_upgrade_in_words(store, draft):
    status, out, _ = cli(store.path, "upgrade", str(draft), "--form", str(REVISION))
    assert status == 0
    assert "已从格式“gov-info-2021”第 1 版升级到第 2 版" in out
    assert "移到新位置：t3.refused.repeat.natural → 表三「（五）2.重复申请」「自然人」（t3.refused.duplicate.natural）" in out
    assert "舍弃：t3.withheld.query.other_org = 1（新版本没有这一项" in out
    assert "新版本把这一项分成了表三「（四）1.经检索没有所申请的信息」「法律服务机构」" in out


def test_next_year_from_last_years_draft_is_made_on_the_newest_version(store, draft, monkeypatch):
    ops.set_cells(store, draft, {"t3.carried_out.natural": 2, "t3.carried_out.legal": 1})
    monkeypatch.setenv(FORMS_ENV, str(REVISION.parent))
    forget_loaded_forms()
    status, out, err = cli(store.path, "new", "--agency", AGENCY, "--year", "2026", "--from", str(draft),
                           env={FORMS_ENV: str(REVISION.parent)})
    assert status == 0, err
    assert "已按第 2 版结转" in err
    new = store.load(int(out))
    assert (new.report.form.version, new.info.form_version) == (2, 2)
    assert new.report.values["t3.carried_in.natural"] == 2 and new.report.values["t3.carried_in.legal"] == 1
    assert new.last_year.form.version == 2   # last year's report kept on the same version, for rule 6


def test_a_report_file_names_its_version_and_is_read_with_it(store, draft, revision, tmp_path):
    from reportdesk.reportfile import dumps, loads

    DraftEditor(store, draft).upgrade(revision)
    text = dumps(store.load(draft).report)
    assert json.loads(text)["version"] == 2
    assert loads(text).form.version == 2
    from reportdesk.form import load_form
    from reportdesk.report import Report

    old = dumps(Report(load_form("gov-info-2021", 1), AGENCY, 2025))
    assert "version" not in json.loads(old) and loads(old).form.version == 1   # version 1 files as ever


def test_a_revision_that_does_not_say_what_it_changed_is_not_an_upgrade(store, draft, tmp_path):
    text = REVISION.read_text(encoding="utf-8").replace("from_version = 1", "from_version = 0")
    path = tmp_path / "gov-info-2021.v2.toml"
    path.write_text(text, encoding="utf-8")
    target = load_form_file(path)
    from reportdesk.upgrade import UpgradeError

    with pytest.raises(UpgradeError, match="没有说明它从第 1 版改了什么"):
        DraftEditor(store, draft).upgrade(target)
    assert store.load(draft).info.form_version == 1
