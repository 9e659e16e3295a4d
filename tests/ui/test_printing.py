"""Print preview and PDF of the report and the 校验单, drawn by Qt."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from reportdesk.export.docx import ExportRefused
from reportdesk.report import Report
from reportdesk.ui import printing
from reportdesk.ui.printing import (CHECKLIST, export_pdf, guard_none_refcount, layout_for, paint_layout,
                                    preview_dialog, print_preview, qt_pdf_bytes)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "export"))
from busy_report import busy  # noqa: E402

requires_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdf_info(path: Path) -> tuple[int, list[str]]:
    """Page count and the text of each page.

    NFKC: Qt's PDF maps a glyph that a font shares between a CJK ideograph and a Kangxi
    radical (小 and ⼩) back to the radical, so its text reads 武陟县⼩董乡 when copied.
    """
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    return pages, [unicodedata.normalize("NFKC", p) for p in text.split("\f")][:pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shows(text: str, expected: str) -> bool:
    """Whether ``expected`` is in the PDF's text, an ideograph read back as a radical (⺠ for 民)
    allowed: Qt's PDF does that for glyphs a font shares between the two."""
    pattern = "".join(f"[{re.escape(c)}\u2e80-\u2fdf]" if "\u4e00" <= c <= "\u9fff" else re.escape(c)
                      for c in unicodedata.normalize("NFKC", squash(expected)))
    return re.search(pattern, squash(text)) is not None


@pytest.fixture
def busy_report(example_report):
    return busy(example_report)


@requires_poppler
def test_qt_pdf_of_the_report(qapp, busy_report, tmp_path):
    target = tmp_path / "报告.pdf"
    export_pdf(busy_report, target)
    pages, texts = pdf_info(target)
    assert pages == 4  # as LibreOffice lays out the .docx
    whole = "".join(texts)
    assert squash(busy_report.title) in squash(whole)  # the text layer reads 小 and 民, not ⼩ and ⺠
    for part in busy_report.form.parts:
        assert part.title in whole
    assert "1385" in whole and "12.35" in whole
    new_row = [busy_report.values[f"t3.new.{c.id}"] for c in busy_report.form.tables["t3"].columns]
    line = next(ln for ln in whole.splitlines() if shows(ln, "一、本年新收政府信息公开申请数量"))
    assert [int(x) for x in re.findall(r"\b\d+\b", line.split("数量", 1)[1])] == new_row
    for number, text in enumerate(texts, start=1):
        assert f"—{number}—" in squash(text)
        assert not shows(text, "草稿")
    # Odd page numbers on the right, even ones on the left.
    last_lines = [t.rstrip().splitlines()[-1] for t in texts]
    assert len(last_lines[0]) - len(last_lines[0].lstrip()) > len(last_lines[1]) - len(last_lines[1].lstrip())


@requires_poppler
def test_qt_pdf_marks_every_page_of_a_draft(qapp, example_report, tmp_path):
    example_report.values["t3.new.natural"] = 7
    target = tmp_path / "草稿.pdf"
    export_pdf(example_report, target)
    pages, texts = pdf_info(target)
    assert all(shows(t, "草稿") for t in texts)


@requires_poppler
def test_qt_pdf_of_the_checklist_is_one_page(qapp, example_report, tmp_path):
    target = tmp_path / "校验单.pdf"
    export_pdf(Report(example_report.form, "某某局", 2024), target, CHECKLIST)
    pages, texts = pdf_info(target)
    assert pages == 1
    assert shows(texts[0], "填报人") and shows(texts[0], "审核人") and shows(texts[0], "未通过")


def test_final_refuses_while_errors_remain(qapp, example_report, tmp_path):
    example_report.values["t4.review.upheld"] = 1
    with pytest.raises(ExportRefused):
        export_pdf(example_report, tmp_path / "x.pdf", final=True)
    assert not (tmp_path / "x.pdf").exists()


def test_preview_dialog_paints_the_pages(qtbot, example_report, tmp_path):
    dialog = preview_dialog(None, example_report, CHECKLIST)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "打印预览 — 校验单"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    painted = []
    dialog.paintRequested.connect(lambda p: painted.append(p))
    dialog.paintRequested.emit(printer)
    assert painted and (tmp_path / "printed.pdf").stat().st_size > 1000


def test_print_preview_opens_and_closes(qtbot, example_report):
    seen = {}

    def close_it():
        dialog = QApplication.activeModalWidget()
        seen["title"] = dialog.windowTitle() if dialog else None
        if dialog:
            dialog.reject()

    QTimer.singleShot(300, close_it)
    assert print_preview(None, example_report, "report") == 0
    assert seen["title"] == "打印预览 — 报告"


def test_unknown_what_is_refused(qapp, example_report):
    with pytest.raises(ValueError):
        layout_for(example_report, "letter")


def test_rendering_many_times_does_not_abort_python(tmp_path, example_path):
    """PySide6 6.12 on Python 3.11 drops a reference to None on each void Qt call: without a
    guard, a few renders make Python abort (none_dealloc) at exit or before."""
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from reportdesk.importers import read_report\n"
        "from reportdesk.ui.printing import layout_for, qt_pdf_bytes\n"
        f"report = read_report({str(example_path)!r}).report\n"
        "for _ in range(6):\n"
        "    qt_pdf_bytes(layout_for(report))\n"
        "print('done')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "done"
    with guard_none_refcount():
        pass


def test_paint_layout_counts_pages(qapp, example_report, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "p.pdf"))
    assert paint_layout(layout_for(example_report), printer) in (4, 5)
    assert printing.WHAT_NAMES[CHECKLIST] == "校验单"


@requires_poppler
@pytest.mark.parametrize("extra", [1, 3, 4, 6, 9])
def test_qt_leaves_no_heading_alone_at_the_foot_of_a_page(qapp, example_report, tmp_path, extra):
    sentence = "本年度进一步完善公开目录，按时更新各栏目信息，确保内容准确、及时、完整。"
    example_report.set_text("text.overview.proactive",
                            example_report.text("text.overview.proactive") + sentence * extra * 2, "typed")
    example_report.set_text("text.overview.oversight",
                            example_report.text("text.overview.oversight") + "\n" + sentence * extra, "typed")
    target = tmp_path / "r.pdf"
    target.write_bytes(qt_pdf_bytes(layout_for(example_report)))
    pages, texts = pdf_info(target)
    form = example_report.form
    headings = {p.title for p in form.parts} | {t.heading for t in form.texts.values()}
    for text in texts:
        lines = [line for line in text.splitlines() if line.strip()]
        assert not any(shows(lines[-2], h) and len(squash(lines[-2])) == len(squash(h)) for h in headings), lines[-2]
