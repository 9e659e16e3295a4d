"""The wizard offers to move a draft to a newer version of its form, and says what moved."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportdesk import operations as ops
from reportdesk.form import FORMS_ENV, forget_loaded_forms

REVISIONS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


@pytest.fixture
def newer_form(monkeypatch):
    monkeypatch.setenv(FORMS_ENV, str(REVISIONS))
    forget_loaded_forms()
    yield
    monkeypatch.delenv(FORMS_ENV)
    forget_loaded_forms()


def test_a_draft_on_an_older_version_is_offered_the_upgrade(store, open_draft, clerk, newer_form, monkeypatch):
    from reportdesk.form import load_form

    draft_id = store.create("某某乡人民政府", 2025)
    store.conn.execute("UPDATE drafts SET form_version = 1 WHERE id = ?", (draft_id,))   # made before the revision
    assert load_form("gov-info-2021", 1).version == 1
    ops.set_cells(store, draft_id, {"t3.refused.repeat.natural": 3, "t3.withheld.query.legal": 1})
    window = open_draft(draft_id)
    assert window.upgrade_bar.isVisible()
    assert "第 1 版" in window.upgrade_text.text() and "第 2 版" in window.upgrade_text.text()
    told = []
    from reportdesk.ui import messages

    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    monkeypatch.setattr(messages, "inform", lambda parent, title, text, *a: told.append(text))
    clerk.click(window.upgrade_button)
    assert told and "已升级到第 2 版" in told[0]
    assert "表三「（五）2.重复申请」「自然人」" in told[0] and "原值 1" in told[0]
    assert not window.upgrade_bar.isVisible()
    assert store.load(draft_id).info.form_version == 2
    page = window.go_step("table:t3")
    assert page.model.data(page.model.index_of("t3.refused.duplicate.natural")) == "3"
