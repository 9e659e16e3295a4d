"""Fixtures of the draft store tests: a store in a temporary folder, and last year's report."""

from __future__ import annotations

import pytest

AGENCY = "某某县人民政府办公室"

# Last year's (2023) published numbers, consistent with rules 1–4: per column
# 一 新收 + 二 上年结转 = （七）总计 + 四 结转下年度.
LAST_YEAR_CELLS = {
    "t2.rules.issued": 2, "t2.rules.repealed": 0, "t2.rules.valid": 12,
    "t2.normative.issued": 5, "t2.normative.repealed": 1, "t2.normative.valid": 30,
    "t2.fees.amount": 0.0,
    "t3.new.natural": 10, "t3.new.business": 5, "t3.new.legal": 3,
    "t3.granted.natural": 9, "t3.granted.business": 3,
    "t3.carried_out.natural": 1, "t3.carried_out.business": 2, "t3.carried_out.legal": 3,
}
LAST_YEAR_TEXTS = {
    "text.overview.proactive": "2023年，本办公室主动公开政府信息120条。",
    "text.problems": "一是公开不够及时。\n二是解读不够深入。",
    "text.other": "2023年未收取信息处理费。",
}


def published(cells: dict, *, agency: str = AGENCY, year: int = 2023, texts: dict | None = None):
    """A published report (totals as printed, every cell filled): zero where ``cells`` is silent."""
    from reportdesk.report import IMPORTED, Report
    from reportdesk.reportfile import report_from_dict, report_to_dict

    draft = Report(agency=agency, year=year, derive=True)
    for cid in draft.form.cells:
        if not draft.form.is_computed(cid):
            draft.set(cid, cells.get(cid, 0.0 if draft.form.cells[cid].kind == "amount" else 0), source=IMPORTED)
    for tid, text in (texts or {}).items():
        draft.set_text(tid, text, source=IMPORTED)
    return report_from_dict(report_to_dict(draft), derive=False)


@pytest.fixture
def last_year():
    return published(LAST_YEAR_CELLS, texts=LAST_YEAR_TEXTS)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "drafts.db"


@pytest.fixture
def store(db_path):
    from reportdesk.store import DraftStore

    s = DraftStore(db_path)
    yield s
    s.close()


@pytest.fixture
def reopen(db_path):
    """Open the same database again, as a program started later would."""
    from reportdesk.store import DraftStore

    opened = []

    def _open():
        s = DraftStore(db_path)
        opened.append(s)
        return s

    yield _open
    for s in opened:
        s.close()
