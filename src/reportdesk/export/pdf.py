"""PDF of the report and of the 校验单, drawn by Qt from the layout the print preview draws.

The same :class:`~reportdesk.export.layout.Layout` as the Word document (page, margins,
styles, table grids with their merges, repeated header rows, the draft mark, “— 1 —” page
numbers), drawn by ``reportdesk.ui.printing`` onto a ``QPdfWriter`` with the chosen fonts or
their installed stand-ins. It needs nothing but the program: no LibreOffice, no display (the
command line uses Qt's offscreen platform on Linux).

The text layer is corrected after drawing: Qt's PDF writer names, for each glyph, the first
character the font maps to it, and fonts such as Noto CJK share one glyph between an
ideograph and its radical form, so 一, 小, 民 were copied out of the PDF as ⼀, ⼩, ⺠ (Kangxi
radicals), which search, copy and reviewers' text extraction do not match. Such radicals are
mapped back to the ideograph the same font draws with the same glyph.
"""

from __future__ import annotations

import io
import re
import sys
from functools import cache

from .layout import Layout

# Unicode blocks whose characters share glyphs with ideographs in CJK fonts: CJK Radicals
# Supplement, Kangxi Radicals.
RADICALS = (range(0x2E80, 0x2F00), range(0x2F00, 0x2FE0))
# Where the ideographs are looked for: CJK Unified Ideographs, Extension A, Compatibility.
IDEOGRAPHS = (range(0x4E00, 0xA000), range(0x3400, 0x4DC0), range(0xF900, 0xFB00))

_APPLICATION: list = []  # the QApplication made here for the command line, kept alive


def pdf_bytes(report, findings, final: bool, fonts: str = "official") -> bytes:
    """The report as PDF (the ``convert`` / ``drafts export`` writer, as ``docx_bytes``).

    Marked 草稿 on every page while the report has errors; ``final`` with errors raises
    :class:`~reportdesk.export.docx.ExportRefused`.
    """
    ensure_gui_application()
    from ..ui.printing import layout_for

    return layout_pdf(layout_for(report, findings=findings, fonts=fonts, final=final))


def layout_pdf(layout: Layout) -> bytes:
    """A layout (the report or the 校验单) as PDF bytes, drawn by Qt, text layer corrected."""
    ensure_gui_application()
    from ..ui.printing import qt_pdf_bytes

    return fix_text_layer(qt_pdf_bytes(layout), drawn_radicals(layout))


def ensure_gui_application():
    """The running Qt application, or a new one: offscreen on Linux (no display needed).

    A QApplication, not the lighter QGuiApplication: a process that later shows a window (the
    wizard, the tests) needs the widgets' application, and Qt allows only one per process.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        args = ["reportdesk"]
        if sys.platform.startswith("linux"):
            import os

            if not os.environ.get("QT_QPA_PLATFORM"):
                args += ["-platform", "offscreen"]
        app = QApplication(args)
        _APPLICATION.append(app)
    return app


def drawn_radicals(layout: Layout) -> dict[int, int]:
    """{radical: ideograph} for the fonts the layout is drawn with (stand-ins included).

    The ideograph always wins: a radical typed into a report (itself usually pasted from a
    PDF) would otherwise make every copy of its ideograph come out as the radical.
    """
    from ..ui.printing import _families
    from .fonts import ROLES, with_stand_ins

    fonts = with_stand_ins(layout.fonts)
    mapping: dict[int, int] = {}
    for family in dict.fromkeys(_families(fonts.font(role))[0] for role in ROLES):
        for radical, ideograph in radical_ideographs(family).items():
            mapping.setdefault(radical, ideograph)
    return mapping


@cache
def radical_ideographs(family: str) -> dict[int, int]:
    """{radical: ideograph} where the font of ``family`` draws both with one glyph."""
    from PySide6.QtGui import QFont, QRawFont

    raw = QRawFont.fromFont(QFont(family))
    if not raw.isValid():
        return {}
    ideographs = "".join(chr(c) for block in IDEOGRAPHS for c in block)
    by_glyph: dict[int, int] = {}
    for char, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs)):
        if glyph:
            by_glyph.setdefault(glyph, ord(char))
    radicals = "".join(chr(c) for block in RADICALS for c in block)
    return {ord(char): by_glyph[glyph] for char, glyph in zip(radicals, raw.glyphIndexesForString(radicals))
            if glyph and glyph in by_glyph}


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def fix_cmap(cmap: bytes, mapping: dict[int, int]) -> bytes:
    """A ToUnicode CMap with the characters in ``mapping`` replaced, glyph codes untouched.

    Only destinations change: the second value of a ``bfchar`` line, the array of a ``bfrange``
    line, and the start of a one-glyph ``bfrange``.
    """
    def dest(match: re.Match) -> bytes:
        code = int(match.group(1), 16)
        return b"<%04X>" % mapping[code] if len(match.group(1)) == 4 and code in mapping else match.group(0)

    out, section = [], None
    for line in cmap.split(b"\n"):
        words = line.split()
        if words[-1:] in ([b"beginbfchar"], [b"beginbfrange"]):
            section = words[-1][5:]
        elif words[:1] in ([b"endbfchar"], [b"endbfrange"]):
            section = None
        elif section == b"bfchar" and len(_HEX.findall(line)) == 2:
            source = _HEX.search(line)
            line = line[:source.end()] + _HEX.sub(dest, line[source.end():])
        elif section == b"bfrange" and b"[" in line:
            at = line.index(b"[")
            line = line[:at] + _HEX.sub(dest, line[at:])
        elif section == b"bfrange":
            codes = list(_HEX.finditer(line))
            if len(codes) == 3 and codes[0].group(1) == codes[1].group(1):
                line = line[:codes[2].start()] + _HEX.sub(dest, line[codes[2].start():])
        out.append(line)
    return b"\n".join(out)


_CMAP = re.compile(rb"begincmap.*?endcmap", re.S)


def fix_text_layer(data: bytes, mapping: dict[int, int]) -> bytes:
    """The PDF with each font's ToUnicode map sending the radicals in ``mapping`` to ideographs.

    Qt writes the maps uncompressed; the fix keeps every length, so they are changed in place
    (no offset moves). Compressed maps (another writer) are rewritten with pypdf.
    """
    if not mapping:
        return data
    if _CMAP.search(data):
        return _CMAP.sub(lambda m: fix_cmap(m.group(0), mapping), data)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object().values() if fonts is not None else ()):
            to_unicode = ref.get_object().get("/ToUnicode")
            if to_unicode is not None:
                stream = to_unicode.get_object()
                stream.set_data(fix_cmap(stream.get_data(), mapping))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
