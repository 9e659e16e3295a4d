"""The application icon in resources/icons: every size, drawn by packaging/make_icons.py."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def test_every_png_has_its_size_a_transparent_corner_and_the_green_badge(qapp, make_icons):
    from PySide6.QtGui import QImage

    assert make_icons.PNG_SIZES == (16, 24, 32, 48, 64, 128, 256, 512)
    for size in make_icons.PNG_SIZES:
        image = QImage(str(ICONS / f"reportdesk-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, size - 1).alpha() == 0, size  # the corner beside the sheet
        # the check-mark badge sits in the lower right quarter: mostly green there
        greens = sum(1 for x in range(size // 2, size) for y in range(size // 2, size)
                     if _is_green(image.pixelColor(x, y)))
        assert greens > (size // 2) ** 2 * 0.3, size


def _is_green(c) -> bool:
    return c.alpha() > 200 and c.green() > c.red() + 40 and c.green() > c.blue() + 40


def test_ico_holds_every_windows_size_in_order(make_icons):
    data = (ICONS / "reportdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _colors, _res, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (planes, bits) == (1, 32)
        assert offset + length <= len(data)
        entry = data[offset:offset + length]
        w = w or 256
        if w == 256:
            assert entry.startswith(b"\x89PNG")
        else:  # BITMAPINFOHEADER: 40 bytes, width, doubled height (XOR image + AND mask)
            assert struct.unpack_from("<Iii", entry, 0) == (40, w, 2 * (h or 256))
        sizes.append(w)
    assert sizes == list(make_icons.ICO_SIZES)


def test_qt_reads_every_image_of_the_ico(qapp, make_icons):
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(ICONS / "reportdesk.ico"))
    sizes = []
    for i in range(reader.imageCount()):
        reader.jumpToImage(i)
        sizes.append(reader.read().width())
    assert sizes == list(make_icons.ICO_SIZES)


def test_the_committed_svg_is_what_the_script_draws(make_icons):
    assert (ICONS / "reportdesk.svg").read_text(encoding="utf-8") == make_icons.FULL


def test_the_resource_helper_finds_the_icons():
    from reportdesk.resources import resource_path

    assert resource_path("icons", "reportdesk-256.png").is_file()
