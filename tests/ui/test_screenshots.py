"""``reportdesk screenshots``: every step drawn offscreen to a PNG, with Chinese text."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage


def test_screenshots_of_every_step(tmp_path, example_path):
    out = tmp_path / "shots"
    # no display at all: the command draws offscreen by itself
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "reportdesk", "screenshots", str(out), "--report", str(example_path),
                             "--carry"], capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in out.glob("*.png"))
    assert files == sorted(["00-start.png", "01-info.png", "02-text-text-overview-proactive.png",
                            "03-text-text-overview-on_request.png", "04-text-text-overview-management.png",
                            "05-text-text-overview-platform.png", "06-text-text-overview-oversight.png",
                            "07-table-t2.png", "08-table-t3.png", "09-table-t4.png", "10-text-text-problems.png",
                            "11-text-text-other.png", "12-check.png"])
    assert result.stdout.splitlines() == [str(out / name) for name in files]
    image = QImage(str(out / "08-table-t3.png"))
    assert (image.width(), image.height()) == (1366, 768)
    # not a blank picture: many different colours (text, grid, marks)
    colours = {image.pixel(x, y) for x in range(0, 1366, 7) for y in range(0, 768, 7)}
    assert len(colours) > 20


def test_screenshots_refuse_an_unreadable_report(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "reportdesk", "screenshots", str(tmp_path / "o"), "--report",
                             str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("reportdesk：") and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()
