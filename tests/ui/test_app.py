"""Starting the program: no display, a real start, a damaged database, an unexpected error."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time

import pytest
import shiboken6


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def test_no_display_says_so_in_one_chinese_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "reportdesk"], capture_output=True, text=True, timeout=60,
                            env=_env(REPORTDESK_DB=str(tmp_path / "d.db")))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "没有可用的图形显示" in lines[0]
    for command in ("reportdesk check", "reportdesk convert", "reportdesk drafts", "reportdesk screenshots"):
        assert command in lines[0]
    assert "Traceback" not in result.stderr and "qt.qpa" not in result.stderr
    assert not (tmp_path / "d.db").exists()     # nothing was opened


def test_a_display_that_cannot_be_opened_is_no_qt_abort(tmp_path):
    """DISPLAY set to a screen that is not there (an old ssh session, say): the same line, exit 2."""
    if os.path.exists("/tmp/.X11-unix/X97"):
        pytest.skip("display :97 exists here")
    result = subprocess.run([sys.executable, "-m", "reportdesk"], capture_output=True, text=True, timeout=60,
                            env=_env(DISPLAY=":97", REPORTDESK_DB=str(tmp_path / "d.db")))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "没有可用的图形显示" in lines[0], result.stderr
    assert not (tmp_path / "d.db").exists()


def test_the_program_starts_and_shows_its_window(tmp_path):
    from reportdesk.store import DraftStore

    db = tmp_path / "d.db"
    with DraftStore(db) as store:
        draft_id = store.create("某某乡人民政府", 2024)
    for extra in ({}, {"REPORTDESK_OPEN_DRAFT": str(draft_id)}):
        result = subprocess.run([sys.executable, "-m", "reportdesk"], capture_output=True, text=True, timeout=120,
                                env=_env(QT_QPA_PLATFORM="offscreen", REPORTDESK_DB=str(db),
                                         REPORTDESK_EXIT_WHEN_SHOWN="1", **extra))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        # the benchmark's line: when the window was first painted
        [painted] = [line for line in result.stdout.splitlines() if line.startswith("painted ")]
        assert abs(float(painted.split()[1]) - time.time()) < 120


def test_a_second_copy_on_the_same_database_brings_the_first_forward_and_ends(tmp_path, qtbot):
    from reportdesk.ui.single import SingleInstance

    db = tmp_path / "d.db"
    first = SingleInstance(db)
    assert first.claim()
    came = []
    first.activated.connect(lambda: came.append(True))
    second = subprocess.Popen([sys.executable, "-m", "reportdesk"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=_env(QT_QPA_PLATFORM="offscreen", REPORTDESK_DB=str(db)))
    try:
        qtbot.waitUntil(lambda: second.poll() is not None and bool(came), timeout=60000)
        assert second.returncode == 0
        assert "已经打开" in second.stderr.read()
        assert not db.exists()        # it never opened the database
    finally:
        second.kill()
        first.release()
    # once the first has ended, a new copy is the first again
    again = SingleInstance(db)
    assert again.claim()
    again.release()


def test_a_copy_that_was_killed_does_not_keep_the_next_one_out(tmp_path):
    import signal

    db = tmp_path / "d.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom PySide6.QtCore import QCoreApplication\n"
                               "app = QCoreApplication([])\nfrom reportdesk.ui.single import SingleInstance\n"
                               "s = SingleInstance(sys.argv[1])\nprint(s.claim(), flush=True)\ntime.sleep(120)", str(db)],
                              stdout=subprocess.PIPE, text=True, env=_env())
    try:
        assert holder.stdout.readline().strip() == "True"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    from reportdesk.ui.single import SingleInstance

    after = SingleInstance(db)
    assert after.claim()      # the lock of a process that is gone is stale, its socket is removed
    after.release()


def test_a_second_copy_on_another_database_is_a_program_of_its_own(tmp_path):
    from reportdesk.ui.single import SingleInstance

    one, other = SingleInstance(tmp_path / "a.db"), SingleInstance(tmp_path / "b.db")
    try:
        assert one.claim() and other.claim()
    finally:
        one.release()
        other.release()


def test_a_draft_opened_at_start_returns_to_the_draft_list_when_closed(store, qtbot, monkeypatch):
    """``REPORTDESK_OPEN_DRAFT``: the main window comes first; the start screen is made on closing it."""
    from reportdesk.ui.application import _Windows

    draft_id = store.create("某某乡人民政府", 2024)
    windows = _Windows(store)
    main = windows.open_draft(draft_id)
    qtbot.waitExposed(main)
    assert windows.start is None and main.isVisible()
    main.close()
    assert windows.main is None and windows.start.isVisible()
    assert windows.start.table.item(0, 0).text() == "某某乡人民政府"
    told = []
    from reportdesk.ui import messages

    monkeypatch.setattr(messages, "warn", lambda parent, title, text, *a: told.append(text))
    assert windows.open_draft(99999) is None and told   # a draft that is not there: told, nothing opens
    windows.close_all()
    assert not shiboken6.isValid(windows.start)    # closed and deleted before the interpreter's clean-up


def test_ending_the_program_in_a_draft_makes_no_start_screen(store, qtbot):
    from reportdesk.ui.application import _Windows

    windows = _Windows(store)
    main = windows.open_draft(store.create("某某乡人民政府", 2024))
    qtbot.waitExposed(main)
    windows.close_all()
    assert windows.start is None and not shiboken6.isValid(main)


def test_a_damaged_database_is_restored_from_its_backup(tmp_path, monkeypatch, qapp):
    from reportdesk.store import DraftStore
    from reportdesk.ui.application import open_store

    db = tmp_path / "d.db"
    monkeypatch.setenv("REPORTDESK_DB", str(db))
    with DraftStore(db) as store:
        store.create("某某乡人民政府", 2024)
        store.backup_now()
    db.write_bytes(b"this is not a database" * 100)
    asked = []
    from reportdesk.ui import messages

    monkeypatch.setattr(messages, "ask", lambda parent, title, text, **k: asked.append(text) or True)
    store = open_store()
    try:
        assert store is not None and [d.agency for d in store.list_drafts()] == ["某某乡人民政府"]
        assert "备份" in asked[0]
    finally:
        store.close()


def test_an_error_in_a_slot_is_logged_and_explained_later_in_chinese(tmp_path, monkeypatch, qtbot):
    """PySide6 hands an exception raised in a slot to sys.excepthook: the program logs it and
    says so in a box shown from the event loop (never inside the slot), once per minute."""
    from PySide6.QtWidgets import QPushButton

    from reportdesk.ui import application as app

    shown = []
    from reportdesk.ui import messages

    monkeypatch.setattr(messages, "error", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", app._ErrorReporter())
    button = QPushButton("x")
    qtbot.addWidget(button)
    during = []

    def slot():
        during.append(len(shown))
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    button.clicked.connect(slot)
    button.click()
    assert shown == [] and during == [0]      # nothing modal inside the failing slot
    qtbot.waitUntil(lambda: len(shown) == 1)
    button.click()                            # the same error again: logged, not shown again
    qtbot.wait(50)
    assert len(shown) == 1
    log = (tmp_path / "log" / "crash.log").read_text(encoding="utf-8")
    assert log.count("OverflowError: Python int too large") == 2
    assert "程序内部出错（OverflowError）" in shown[0] and "crash.log" in shown[0]
    assert "Python int" not in shown[0] and "SQLite" not in shown[0]


def test_numpy_is_kept_out_of_the_program_not_out_of_the_process_that_tests_it(monkeypatch):
    """run() keeps numpy out (sqlite-utils imports it for nothing, 60 ms of the start); the
    tests that call run() must not leave that behind: hypothesis, say, wants to see numpy."""
    import sys

    from reportdesk.ui import app

    # recorded as it is now (absent, or imported), so that the test leaves it so: delitem alone
    # records nothing when numpy was never imported, and the block stayed for the tests after
    monkeypatch.setitem(sys.modules, "numpy", None)
    monkeypatch.delitem(sys.modules, "numpy")
    app._skip_numpy()
    assert sys.modules["numpy"] is None
    with pytest.raises(ImportError):
        import numpy  # noqa: F401


def test_the_garbage_collector_waits_for_the_first_window_and_then_skips_what_the_start_made(monkeypatch):
    import gc

    from reportdesk.ui import app, application

    seen = []

    def start_gui():
        seen.append(gc.isenabled())          # during the start: off
        application.resume_collector()        # what the event loop runs once the window is up
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return 0

    monkeypatch.setattr(application, "start_gui", start_gui)
    monkeypatch.setattr(app, "_skip_numpy", lambda: None)   # the program's, not the test process's
    try:
        assert app.run() == 0
        assert seen == [False, (True, True)]
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_start_that_fails_turns_the_garbage_collector_back_on(monkeypatch):
    import gc

    from reportdesk.ui import app, application

    def start_gui():
        raise RuntimeError("no window")

    monkeypatch.setattr(application, "start_gui", start_gui)
    monkeypatch.setattr(app, "_skip_numpy", lambda: None)
    with pytest.raises(RuntimeError):
        app.run()
    assert gc.isenabled()


def test_a_second_copy_brings_forward_the_draft_being_filled_not_the_hidden_list(store, qtbot):
    """A draft opened from the list hides the list: starting the program again must raise the
    draft's window, never show the list beside it (the same draft could then be opened twice)."""
    from reportdesk.ui.application import _Windows
    from reportdesk.ui.single import bring_forward

    draft_id = store.create("某某乡人民政府", 2024)
    windows = _Windows(store)
    start = windows.show_start()
    qtbot.waitExposed(start)
    main = start.open_draft(draft_id)
    qtbot.waitExposed(main)
    assert windows.front() is main and not start.isVisible()
    bring_forward(windows.front())
    assert main.isVisible() and not start.isVisible()
    main.close()
    assert windows.front() is start and start.isVisible()
    windows.close_all()


def test_the_start_spares_pyside_reading_the_source_of_reportdesks_modules():
    """PySide6 reads the source of each module named by an import once it is loaded (to find
    modules that use its __feature__ options); the start enters reportdesk's modules and those
    already loaded in its table, so that the window's imports read none of them."""
    script = """
import sys
from reportdesk import carry, rules, store
from reportdesk.ui import app, progress
app._spare_source_reads()
import shibokensupport.feature as feature
read = []
scan = feature._mod_uses_pyside
feature._mod_uses_pyside = lambda module: (read.append(module.__name__), scan(module))[1]
from reportdesk.ui import application, main_window, pages, session  # noqa: F401
import json  # a module already loaded
import colorsys  # one loaded only now: read as before
print(sorted(read))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env=_env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    read = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert "colorsys" in read                       # the table is PySide6's own: reading still happens
    assert not [name for name in read if name.startswith("reportdesk") or name == "json"], read
