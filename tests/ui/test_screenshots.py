"""``reportdesk screenshots``: every step drawn offscreen to a PNG, with Chinese text."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
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
    # the default screen (interfaces.md) is 1600×1000: the window takes its usual 1300×740
    assert (image.width(), image.height()) == (1300, 740)
    # not a blank picture: many different colours (text, grid, marks)
    colours = {image.pixel(x, y) for x in range(0, 1300, 7) for y in range(0, 740, 7)}
    assert len(colours) > 20


def test_screenshots_at_a_size_and_a_scale(tmp_path):
    out = tmp_path / "shots"
    result = subprocess.run([sys.executable, "-m", "reportdesk", "screenshots", str(out), "--size", "1366x768",
                             "--scale", "150%"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out / "08-table-t3.png"))
    # 1366×768 at 150 % is 911×512 logical: the window fits it, less a task bar and a title bar,
    # and is drawn at the screen's own resolution
    assert image.width() <= 1366 and image.height() <= 768 - 71 * 1.5
    assert image.width() >= 1300 and image.height() >= 600


@pytest.mark.parametrize("args, words", [(["--scale", "0"], "缩放比例"), (["--scale", "abc"], "缩放比例"),
                                         (["--size", "10x10"], "屏幕分辨率"), (["--size", "big"], "宽x高")])
def test_screenshots_refuse_a_bad_size_or_scale(tmp_path, args, words):
    result = subprocess.run([sys.executable, "-m", "reportdesk", "screenshots", str(tmp_path / "o"), *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_screenshots_refuse_an_unreadable_report(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "reportdesk", "screenshots", str(tmp_path / "o"), "--report",
                             str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("reportdesk：") and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()
