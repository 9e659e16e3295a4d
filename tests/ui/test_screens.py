"""The wizard on the screens clerks have (issue 13, items 1–3): 1366×768 at 100 % and 150 %,
1280×720, 1920×1080 at 150 %. Each is a Qt offscreen screen of its own (a process each, as
``reportdesk screenshots --size --scale`` draws it), less a Windows task bar and a title bar;
every step must lie inside the window, the window inside the screen, no page may scroll,
no button or label may be narrower or lower than its text, no step name cut."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

SCREENS = [((1366, 768), 1.0), ((1366, 768), 1.5), ((1280, 720), 1.0), ((1920, 1080), 1.5)]

PROBE = textwrap.dedent("""
    import json, sys
    from reportdesk.importers import read_report
    from reportdesk.ui.screenshots import layout_problems, render_all
    width, height, scale, out, report = sys.argv[1:6]
    found = {}

    def check(window, name):
        problems = layout_problems(window)
        holder = getattr(window, "holders", {}).get(getattr(window, "current", -1))
        if holder is not None and holder.verticalScrollBar().isVisible():
            problems.append("the page scrolls")
        page = getattr(window, "pages", {}).get(getattr(window, "current", -1))
        if page is not None and hasattr(page, "view"):    # a table: the frozen header and labels
            frozen = page.view.frozen
            found.setdefault("frozen", {})[name] = [frozen.rows, frozen.cols, page.view.horizontalScrollBar().isVisible(),
                                                    page.view.verticalScrollBar().isVisible()]
        found[name] = problems
        found.setdefault("windows", {})[name] = [window.width(), window.height(), window.devicePixelRatio()]

    last = read_report(report).report
    render_all(out, last, carry=True, size=(int(width), int(height)), scale=float(scale), check=check)
    # and a report with a mistake: 表三's findings open below the grid, with the likely cell
    wrong = last.copy()
    wrong.values["t3.carried_out.business"] = (wrong.values["t3.carried_out.business"] or 0) + 1
    mistakes = {}

    def check_mistake(window, name):
        mistakes[name] = layout_problems(window)
        holder = getattr(window, "holders", {}).get(getattr(window, "current", -1))
        if holder is not None and holder.verticalScrollBar().isVisible():
            mistakes[name].append("the page scrolls")
        page = getattr(window, "pages", {}).get(getattr(window, "current", -1))
        if name == "08-table-t3.png":
            mistakes["t3 findings"] = [page.findings.expanded, page.findings.list.texts()[:1],
                                       page.findings.summary.toolTip()]

    render_all(f"{out}/mistake", wrong, size=(int(width), int(height)), scale=float(scale), check=check_mistake)
    found["mistake"] = mistakes
    print(json.dumps(found, ensure_ascii=False))
""")


@pytest.fixture(scope="module")
def drawn(tmp_path_factory, example_path):
    """Every screen drawn at once, in parallel processes (each needs a Qt of its own)."""
    runs = {}
    for (width, height), scale in SCREENS:
        out = tmp_path_factory.mktemp(f"screen-{width}x{height}-{scale:g}")
        runs[(width, height, scale)] = (out, subprocess.Popen(
            [sys.executable, "-c", PROBE, str(width), str(height), str(scale), str(out), str(example_path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = {}
    for key, (out, process) in runs.items():
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        results[key] = (out, json.loads(stdout.splitlines()[-1]))
    return results


@pytest.mark.parametrize("screen", [(w, h, s) for (w, h), s in SCREENS], ids=lambda s: f"{s[0]}x{s[1]}@{s[2]:g}")
def test_every_step_fits_the_screen(drawn, screen):
    out, found = drawn[screen]
    width, height, scale = screen
    names = sorted(p.name for p in out.glob("*.png"))
    assert len(names) == 13
    for name in names:
        assert found[name] == [], (name, found[name])
    # the window inside the screen's logical size, less a task bar (40) and a title bar (31)
    logical_w, logical_h = round(width / scale), round(height / scale)
    for name, (w, h, dpr) in found["windows"].items():
        assert w <= logical_w and h <= logical_h - 71, (name, w, h)
        assert dpr == scale
        image = QImage(str(out / name))
        # the picture at the screen's own resolution (a half pixel rounds either way)
        assert abs(image.width() - w * scale) <= 1 and abs(image.height() - h * scale) <= 1, name
    # 表三: header rows and label columns stay in place; at 150 % on 1366×768 it scrolls sideways
    assert found["frozen"]["08-table-t3.png"][:2] == [3, 3]
    assert found["frozen"]["08-table-t3.png"][2] == (screen == (1366, 768, 1.5))
    assert found["frozen"]["09-table-t4.png"][:2] == [3, 0]
    # 表四's one row is all in view, also above a sideways scroll bar (no scrolling up and down)
    assert found["frozen"]["09-table-t4.png"][3] is False
    # with a mistake in 表三 its findings are open, the likely cell first, and still all fits
    mistake = found["mistake"]
    expanded, first, summary = mistake.pop("t3 findings")
    assert first[0].startswith("可能是一个格子填错了："), first
    # open below the grid; in the low window of 1366×768 at 150 % folded to its header line,
    # which says the likely cell (all of it in the tooltip) and opens on a click
    assert expanded == (screen != (1366, 768, 1.5))
    assert expanded or summary == first[0]
    assert {name: problems for name, problems in mistake.items() if problems} == {}


def test_a_window_from_a_bigger_screen_is_brought_back_onto_this_one(store, qtbot):
    """A geometry remembered on a 1920×1080 screen (or at 100 %) is refitted on this one."""
    from reportdesk.ui.main_window import MainWindow
    from reportdesk.ui.session import DraftSession

    area = QApplication.primaryScreen().availableGeometry()
    draft_id = store.create("某某乡人民政府", 2024)
    big = MainWindow(DraftSession(store, draft_id))
    qtbot.addWidget(big)
    big.setMinimumSize(0, 0)
    big.setGeometry(QRect(300, 200, area.width() + 500, area.height() + 300))
    QSettings().setValue("main/geometry", big.saveGeometry())
    big.close()
    assert isinstance(QSettings().value("main/geometry"), QByteArray)
    window = MainWindow(DraftSession(store, draft_id))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: area.contains(window.frameGeometry()))   # refitted once the frame is known
    assert window.next.isVisible() and QRect(window.next.mapTo(window, window.next.rect().topLeft()),
                                             window.next.size()).bottom() < window.height()
    window.close()
