"""One keystroke in the table-3 grid: from the key to the value saved, the rules re-run, the
marks, step list and findings updated and the grid repainted (goal ≤ 16 ms, one frame).

    python3 -m pytest tests/benchmarks/test_gui_keystroke.py --benchmark-only -q

The parts are measured too, to show where the time goes: the store's transaction (on disk,
``synchronous=FULL``) and the rules. Figures in docs/ui.md.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit



@pytest.fixture
def t3_editor(qtbot, tmp_path, example_report):
    """The main window of a carried draft, on 表三, with the editor open on 一、自然人."""
    from reportdesk.store import DraftStore
    from reportdesk.ui.main_window import MainWindow
    from reportdesk.ui.session import DraftSession

    store = DraftStore(tmp_path / "bench.db")
    draft_id = store.new_from(example_report, "武陟县小董乡人民政府", 2025)
    window = MainWindow(DraftSession(store, draft_id))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    page = window.go_step("table:t3")
    index = page.model.index_of("t3.new.natural")
    page.view.setCurrentIndex(index)
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key_1)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    yield window, page, editor, store, draft_id
    window.close()
    store.close()


def test_keystroke_in_table_3(benchmark, t3_editor):
    window, page, editor, store, draft_id = t3_editor
    keys = [Qt.Key_2, Qt.Key_Backspace]   # “12”, then “1”: every keystroke changes the value
    state = {"i": 0}

    def keystroke():
        QTest.keyClick(editor, keys[state["i"] % 2])
        state["i"] += 1
        QApplication.processEvents()      # the event loop's turn: the changed cells, the step list
                                          # and the findings are painted (what a clerk then sees)

    benchmark.pedantic(keystroke, rounds=200, iterations=1, warmup_rounds=10)
    expected = 12 if state["i"] % 2 else 1
    assert window.session.report.values["t3.new.natural"] == expected
    assert store.load(draft_id).report.values["t3.new.natural"] == expected
    assert window.saved_label.text().startswith("已保存")


def test_store_transaction_alone(benchmark, t3_editor):
    """The operation without the window: parse, change, save (on disk), no rules."""
    from reportdesk.operations import DraftEditor

    window, page, editor, store, draft_id = t3_editor
    alone = DraftEditor(store, draft_id, live=False)
    state = {"i": 0}

    def save():
        alone.set_cells({"t3.granted.legal": state["i"] % 7})
        state["i"] += 1

    benchmark.pedantic(save, rounds=200, iterations=1, warmup_rounds=10)


def test_rules_alone(benchmark, t3_editor):
    from reportdesk.rules import check

    window = t3_editor[0]
    benchmark(check, window.session.report, window.session.last_year, complete=False)
