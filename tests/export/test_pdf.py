"""The program's own PDF (export/pdf.py): drawn by Qt, no LibreOffice, text that copies right."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportdesk.export.docx import docx_bytes
from reportdesk.export.pdf import fix_cmap, fix_text_layer, layout_pdf, radical_ideographs
from reportdesk.rules import check
from reportdesk.ui.printing import layout_for, qt_pdf_bytes

from .conftest import pdf_pages, pdf_text, requires_soffice, soffice_pdf

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "fixtures" / "xiaodong-2024.txt"
requires_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def radicals(text: str) -> str:
    """The CJK radicals (Kangxi, supplement) in a text: what a copy from a bad PDF shows."""
    return "".join(c for c in text if 0x2E80 <= ord(c) < 0x2FE0)


def convert_without_libreoffice(tmp_path: Path, source: Path, target: Path) -> subprocess.CompletedProcess:
    """``reportdesk convert`` with a PATH that has fontconfig's fc-list and nothing else."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if shutil.which("fc-list"):
        (bin_dir / "fc-list").symlink_to(shutil.which("fc-list"))
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PATH=str(bin_dir), PYTHONPATH=str(ROOT / "src"), HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "reportdesk", "convert", str(source), "-o", str(target)],
                          capture_output=True, text=True, env=env, timeout=120)


@requires_poppler
def test_convert_to_pdf_without_libreoffice_or_display(tmp_path, example_report):
    target = tmp_path / "报告.pdf"
    done = convert_without_libreoffice(tmp_path, EXAMPLE, target)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert pdf_pages(target) == 4
    text = pdf_text(target)
    assert not radicals(text)
    flat = squash(text)
    assert squash(example_report.title) in flat  # 武陟县小董乡人民政府…: 小 and 民, not ⼩ and ⺠
    for part in example_report.form.parts:
        assert part.title in flat
    assert "一、本年新收政府信息公开申请数量" in flat and "（七）总计" in flat and "四、结转下年度继续办理" in flat
    assert "累计浏览量超500万" in flat
    for n in (1, 2, 3, 4):
        assert f"—{n}—" in flat
    assert "草稿" not in flat


@requires_poppler
def test_a_report_with_errors_is_marked_draft_on_every_page(tmp_path):
    changed = tmp_path / "bad.txt"
    changed.write_text(EXAMPLE.read_text(encoding="utf-8").replace("本年新收政府信息公开申请数量\t\t0", "本年新收政府信息公开申请数量\t\t5", 1),
                       encoding="utf-8")
    target = tmp_path / "bad.pdf"
    done = convert_without_libreoffice(tmp_path, changed, target)
    assert done.returncode == 1, done.stderr
    assert "已标注“草稿”" in done.stderr and "规则1" in done.stderr
    pages = [p for p in pdf_text(target).split("\f") if p.strip()]
    assert len(pages) == pdf_pages(target) and all("草稿" in p for p in pages)


def test_final_pdf_of_a_report_with_errors_is_refused(tmp_path):
    changed = tmp_path / "bad.txt"
    changed.write_text(EXAMPLE.read_text(encoding="utf-8").replace("本年新收政府信息公开申请数量\t\t0", "本年新收政府信息公开申请数量\t\t5", 1),
                       encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "reportdesk", "convert", str(changed), "-o", str(tmp_path / "x.pdf"),
                           "--final"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1 and "不能输出正式版" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


@requires_poppler
def test_busy_report_numbers_in_the_pdf(qapp, busy_report, tmp_path):
    target = tmp_path / "busy.pdf"
    target.write_bytes(layout_pdf(layout_for(busy_report)))
    text = pdf_text(target)
    assert pdf_pages(target) == 4
    new_row = [busy_report.values[f"t3.new.{c.id}"] for c in busy_report.form.tables["t3"].columns]
    line = next(ln for ln in text.splitlines() if "一、本年新收政府信息公开申请数量" in ln)
    assert [int(x) for x in re.findall(r"\b\d+\b", line.split("数量", 1)[1])] == new_row
    t4 = [busy_report.values[c] for c in busy_report.form.tables["t4"].cell_ids()]
    assert " ".join(map(str, t4)) in re.sub(r"\s+", " ", text)


def headings_by_page(text: str, report) -> list[list[str]]:
    headings = [p.title for p in report.form.parts]
    return [[h for h in headings if h in squash(page)] for page in text.split("\f") if page.strip()]


@pytest.mark.slow
@requires_poppler
@requires_soffice
@pytest.mark.parametrize("which", ["example", "busy"])
def test_pages_break_where_libreoffice_breaks_the_word_document(qapp, example_report, busy_report, tmp_path, which):
    report = example_report if which == "example" else busy_report
    ours = tmp_path / "qt.pdf"
    ours.write_bytes(layout_pdf(layout_for(report)))
    source = tmp_path / "lo.docx"
    source.write_bytes(docx_bytes(report, check(report), False))
    theirs = soffice_pdf(source, tmp_path)
    assert pdf_pages(ours) == pdf_pages(theirs)
    assert headings_by_page(pdf_text(ours), report) == headings_by_page(pdf_text(theirs), report)


def test_qt_alone_copies_ideographs_as_radicals_and_the_fix_maps_them_back(qapp, example_report, tmp_path):
    layout = layout_for(example_report)
    raw = qt_pdf_bytes(layout)
    body_font = radical_ideographs("Noto Serif CJK SC")
    if not body_font:
        pytest.skip("Noto Serif CJK SC is not installed")
    assert body_font[0x2F29] == ord("小") and body_font[0x2EA0] == ord("民")
    (tmp_path / "raw.pdf").write_bytes(raw)
    if shutil.which("pdftotext"):
        before = pdf_text(tmp_path / "raw.pdf")
        fixed_path = tmp_path / "fixed.pdf"
        fixed_path.write_bytes(layout_pdf(layout))
        after = pdf_text(fixed_path)
        assert radicals(before)  # Qt's own text layer: ⼀、⼩, the defect fixed here
        assert not radicals(after)
        assert len(squash(after)) == len(squash(before))
    assert len(fix_text_layer(raw, body_font)) == len(raw)  # changed in place: no offsets move


def test_fix_cmap_changes_destinations_only():
    cmap = (b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            b"2 beginbfchar\n<2F29> <2F29>\n<0005> <2EA0>\nendbfchar\n"
            b"2 beginbfrange\n<0001> <0003> [<2F00> <0032> <2F29>]\n<0010> <0010> <2F08>\n<0011> <0012> <2F00>\nendbfrange\n")
    mapping = {0x2F29: 0x5C0F, 0x2EA0: 0x6C11, 0x2F00: 0x4E00, 0x2F08: 0x4EBA}
    fixed = fix_cmap(cmap, mapping)
    assert len(fixed) == len(cmap)
    assert b"<2F29> <5C0F>" in fixed  # a glyph code that looks like a radical stays
    assert b"<0005> <6C11>" in fixed
    assert b"[<4E00> <0032> <5C0F>]" in fixed
    assert b"<0010> <0010> <4EBA>" in fixed
    assert b"<0011> <0012> <2F00>" in fixed  # a range of several glyphs is not a single character
    assert b"<0000> <FFFF>" in fixed


def test_a_pdf_made_first_leaves_an_application_the_window_can_use(tmp_path):
    """convert in a fresh process makes the Qt application; it must be the widgets' one, or a
    window opened later in the same process fails (QGuiApplication has no widgets)."""
    import subprocess
    import sys

    probe = ("import sys\nfrom reportdesk.cli import main\n"
             f"assert main(['convert', {str(EXAMPLE)!r}, '-o', {str(tmp_path / 'x.pdf')!r}]) == 0\n"
             "from PySide6.QtWidgets import QApplication, QLabel\n"
             "app = QApplication.instance()\n"
             "assert isinstance(app, QApplication), type(app)\n"
             "label = QLabel('填报'); label.show(); app.processEvents()\n"
             "assert label in app.topLevelWidgets()\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
