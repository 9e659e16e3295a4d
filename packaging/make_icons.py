"""Draw the application icon and write it to resources/icons/.

    python3 packaging/make_icons.py            (run again after changing the drawing)

The icon is a sheet of paper with a red head line (the look of an official document, 红头文件)
and grey text lines, and a green round badge with a white check mark: "the report, checked".
It is written once as SVG (the scalable icon of the Linux menu) and rendered from that with
Qt's SVG renderer into PNGs of every size the desktops ask for and one Windows .ico.
Small sizes use a simpler drawing (no text lines, bolder shapes) so that they stay legible.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL = 32  # at this size and below the simple drawing is used

RED = "#c8102e"
GREEN = "#1a7f37"
PAPER = "#ffffff"
EDGE = "#5b6574"
FOLD = "#dfe3ea"
LINES = "#aab3c0"

# The sheet with its folded top-right corner, on a 256 × 256 canvas.
_SHEET = "M56 16 H164 L212 64 V228 Q212 240 200 240 H56 Q44 240 44 228 V28 Q44 16 56 16 Z"
_FOLD = "M164 16 V52 Q164 64 176 64 H212 Z"

FULL = f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>reportdesk</title>
  <path d="{_SHEET}" fill="{PAPER}" stroke="{EDGE}" stroke-width="8" stroke-linejoin="round"/>
  <path d="{_FOLD}" fill="{FOLD}" stroke="{EDGE}" stroke-width="8" stroke-linejoin="round"/>
  <rect x="68" y="40" width="80" height="16" rx="4" fill="{RED}"/>
  <rect x="68" y="72" width="120" height="6" rx="3" fill="{RED}"/>
  <g stroke="{LINES}" stroke-width="10" stroke-linecap="round">
    <line x1="72" y1="104" x2="184" y2="104"/>
    <line x1="72" y1="128" x2="184" y2="128"/>
    <line x1="72" y1="152" x2="136" y2="152"/>
  </g>
  <circle cx="186" cy="192" r="54" fill="{GREEN}" stroke="{PAPER}" stroke-width="10"/>
  <path d="M160 194 L179 213 L213 176" fill="none" stroke="{PAPER}" stroke-width="17"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""

SIMPLE = f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <path d="M48 12 H168 L220 64 V236 Q220 248 208 248 H48 Q36 248 36 236 V24 Q36 12 48 12 Z"
        fill="{PAPER}" stroke="{EDGE}" stroke-width="16" stroke-linejoin="round"/>
  <rect x="64" y="48" width="104" height="28" fill="{RED}"/>
  <circle cx="176" cy="180" r="72" fill="{GREEN}"/>
  <path d="M140 182 L168 210 L214 160" fill="none" stroke="{PAPER}" stroke-width="26"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def render(svg: str, size: int) -> QImage:
    """The SVG drawn on a transparent square image of ``size`` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg.encode("utf-8"))).render(painter)
    painter.end()
    return image


def icon_image(size: int) -> QImage:
    """The icon at one size (the simple drawing for small sizes)."""
    return render(SIMPLE if size <= SMALL else FULL, size)


def png_bytes(image: QImage) -> bytes:
    """The image as PNG file contents."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data)


def _dib(image: QImage) -> bytes:
    """A 32-bit BMP entry of an .ico: header, bottom-up BGRA rows, empty AND mask."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    w, h = image.width(), image.height()
    rows = [bytes(image.constScanLine(y))[: w * 4] for y in range(h)]  # BGRA on little-endian
    xor = b"".join(reversed(rows))
    mask_row = ((w + 31) // 32) * 4
    and_mask = bytes(mask_row * h)  # transparency comes from the alpha channel
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, len(xor) + len(and_mask), 0, 0, 0, 0)
    return header + xor + and_mask


def ico_bytes(images: list[QImage]) -> bytes:
    """A Windows .ico holding every image: BMP entries below 256 px (read by every Windows
    and by Inno Setup), a PNG entry at 256 px (as Windows Vista and later expect)."""
    entries = [png_bytes(im) if im.width() >= 256 else _dib(im) for im in images]
    offset = 6 + 16 * len(images)
    out = [struct.pack("<HHH", 0, 1, len(images))]
    for im, data in zip(images, entries):
        w = im.width() if im.width() < 256 else 0
        h = im.height() if im.height() < 256 else 0
        out.append(struct.pack("<BBBBHHII", w, h, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    return b"".join(out + entries)


def main() -> int:
    """Write reportdesk.svg, reportdesk-<size>.png and reportdesk.ico into resources/icons/."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "reportdesk.svg").write_text(FULL, encoding="utf-8")
    images = {size: icon_image(size) for size in PNG_SIZES}
    for size, image in images.items():
        (ICONS / f"reportdesk-{size}.png").write_bytes(png_bytes(image))
    (ICONS / "reportdesk.ico").write_bytes(ico_bytes([images[s] for s in ICO_SIZES]))
    print(f"写入 {ICONS}：reportdesk.svg、{len(PNG_SIZES)} 个 PNG、reportdesk.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
