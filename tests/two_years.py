"""A county office's two folders of reports, 2023 and 2024, made in a test's folder.

Numbers are those of the changchun-office-2024 fixture (balanced), given to several agencies;
last year's are made to agree with this year's (上年结转 = last year's 结转下年度, 现行有效件数
chained) except where a fault is put on purpose. Written as the report file (.json) and as
Word documents (the program's own export), as offices hand them in.

| agency (this year's name)   | 2023 file                      | 2024 file           | what the pair shows |
|---|---|---|---|
| 某某县政府办公室              | 某某县人民政府办公室.json       | 办公室.docx          | named differently (人民政府 = 政府); last year's 结转 natural 6 (total 6), where this year's 上年结转 says 8 (rule 6 ×2); 规章 valid 90 (rule 7) |
| 某某县教育局                  | 教育局.docx                    | 教育局.json          | agrees: no cross-year finding |
| 某某县长安乡人民政府          | 长安乡.json (名称 ⻓安乡: a PDF converter's radical) | 长安乡.json | matched after normalising |
| 某某县城关镇人民政府          | 城关镇.json                    | —                   | missing this year |
| 某某县城西镇人民政府          | —                              | 城西镇.json          | missing last year; one character from 城关镇: named as similar, not compared |
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "fixtures"))

from published import REPORTS, T3_COLS  # noqa: E402

OFFICE, EDUCATION, CHANGAN, CHENGGUAN, CHENGXI = (
    "某某县政府办公室", "某某县教育局", "某某县长安乡人民政府", "某某县城关镇人民政府", "某某县城西镇人民政府")
BASE = REPORTS["changchun-office-2024"]


def this_year_cells() -> dict:
    return dict(BASE.cells)


def last_year_cells(carried_out: dict | None = None, valid: dict | None = None) -> dict:
    """Last year's cells agreeing with this year's; ``carried_out``/``valid`` put faults in
    (last year's table 3 then still balances: its 新收 takes the difference)."""
    now = BASE.cells
    cells = dict(now)
    for col in T3_COLS:
        cells[f"t3.carried_out.{col}"] = now[f"t3.carried_in.{col}"]
    for col, value in (carried_out or {}).items():
        cells[f"t3.carried_out.{col}"] = value
    for col in T3_COLS:   # keep rule 1: 一 + 二 = （七） + 四
        cells[f"t3.new.{col}"] = now[f"t3.new.{col}"] + cells[f"t3.carried_out.{col}"] - now[f"t3.carried_out.{col}"]
    for row in ("rules", "normative"):
        cells[f"t2.{row}.valid"] = now[f"t2.{row}.valid"] - now[f"t2.{row}.issued"] + now[f"t2.{row}.repealed"]
    for row, value in (valid or {}).items():
        cells[f"t2.{row}.valid"] = value
    return cells


def _report(agency: str, year: int, cells: dict):
    from reportdesk.report import Report

    report = Report(agency=agency, year=year, derive=False)
    for cid, value in cells.items():
        report.set(cid, value, source="imported")
    texts = dict(BASE.texts)
    for tid, text in texts.items():
        report.set_text(tid, text.replace("2024", str(year)), source="imported")
    return report


def _write(report, path: Path) -> None:
    from reportdesk.reportfile import dumps

    if path.suffix == ".docx":
        from reportdesk.export.docx import docx_bytes
        from reportdesk.rules import check

        path.write_bytes(docx_bytes(report, check(report), final=False))
    else:
        path.write_text(dumps(report), encoding="utf-8")


def make(root: Path) -> tuple[Path, Path]:
    """(this year's folder, last year's folder) under ``root``."""
    this, last = root / "2024年报告", root / "2023年报告"
    (this / "乡镇").mkdir(parents=True)
    last.mkdir(parents=True)
    faulty = last_year_cells(carried_out={"natural": 6, "total": 6}, valid={"rules": 90})
    _write(_report("某某县人民政府办公室", 2023, faulty), last / "某某县人民政府办公室.json")
    _write(_report(EDUCATION, 2023, last_year_cells()), last / "教育局.docx")
    _write(_report("某某县⻓安乡人民政府", 2023, last_year_cells()), last / "长安乡.json")
    _write(_report(CHENGGUAN, 2023, last_year_cells()), last / "城关镇.json")
    _write(_report(OFFICE, 2024, this_year_cells()), this / "办公室.docx")
    _write(_report(EDUCATION, 2024, this_year_cells()), this / "教育局.json")
    _write(_report(CHANGAN, 2024, this_year_cells()), this / "乡镇" / "长安乡.json")
    _write(_report(CHENGXI, 2024, this_year_cells()), this / "乡镇" / "城西镇.json")
    return this, last
