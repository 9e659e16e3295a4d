"""``reportdesk check``: folders recursively, --json, --csv, exit statuses, progress bar."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "published"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportdesk", "check", *map(str, args)], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


@pytest.fixture
def folder(tmp_path):
    """A county office's inbox: subfolders, a bad file, a Word lock file, an unrelated file."""
    root = tmp_path / "各单位报告"
    (root / "乡镇").mkdir(parents=True)
    (root / "部门" / "2024").mkdir(parents=True)
    shutil.copy(FIXTURES / "changchun-office-2024.docx", root / "部门" / "2024" / "办公厅.docx")
    shutil.copy(FIXTURES / "shenshan-2024-altered.html", root / "乡镇" / "深汕.html")
    shutil.copy(FIXTURES / "longhua-market-2023-pdf.txt", root / "部门" / "市场监管.txt")
    (root / "乡镇" / "损坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "部门" / "~$办公厅.docx").write_bytes(b"lock")
    (root / "说明.xlsx").write_bytes(b"not looked at")
    return root


def test_folder_recursive_text_output_and_exit_2(folder):
    proc = run(folder)
    assert proc.returncode == 2  # one unreadable file: 2 beats 1 beats 0
    out = proc.stdout
    assert "办公厅.docx：长春市人民政府办公厅 2024年 — 没有发现问题" in out
    assert "深汕.html：深圳市深汕特别合作区管理委员会 2024年 — 5个错误，1个提示" in out
    assert "市场监管.txt：深圳市市场监督管理局龙华监管局 2023年 — 没有发现问题" in out
    assert "共4份：2份无错误，1份有错误，1份无法读取" in out
    assert "损坏.docx：无法读取 — “损坏.docx”不是有效的Word 文档" in proc.stderr
    assert "~$" not in out + proc.stderr and "说明.xlsx" not in out + proc.stderr
    assert "Traceback" not in proc.stderr


def test_json_one_object_per_file(folder):
    proc = run(folder, "--json")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    by_name = {Path(d["file"]).name: d for d in data}
    assert set(by_name) == {"办公厅.docx", "深汕.html", "市场监管.txt", "损坏.docx"}
    assert set(by_name["损坏.docx"]) == {"file", "error"}
    shenshan = by_name["深汕.html"]
    assert (shenshan["agency"], shenshan["year"]) == ("深圳市深汕特别合作区管理委员会", 2024)
    rules = sorted(f["rule"] for f in shenshan["findings"])
    assert rules == ["1", "1", "2", "3", "3", "8"]
    first = next(f for f in shenshan["findings"] if f["rule"] == "3" and "t3.total.natural" in f["cells"])
    assert (first["expected"], first["actual"], first["difference"]) == (155, 158, 3)
    assert "（七）总计为158，（一）至（六）各项之和为155，相差3" in first["message"]
    assert proc.stderr == ""  # not a terminal: no progress bar, and no message for JSON users


def test_csv_one_row_per_finding(folder, tmp_path):
    out = tmp_path / "结果.csv"
    proc = run(folder, "--csv", out)
    assert proc.returncode == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["文件", "机关", "年度", "规则", "严重程度", "问题", "单元格", "应为", "实为", "差额"]
    findings = [r for r in rows[1:] if r[4] != "无法读取"]
    assert len(findings) == 6
    assert {r[1] for r in findings} == {"深圳市深汕特别合作区管理委员会"}
    assert sorted(r[3] for r in findings) == ["1", "1", "2", "3", "3", "8"]
    unreadable = [r for r in rows[1:] if r[4] == "无法读取"]
    assert len(unreadable) == 1 and unreadable[0][0].endswith("损坏.docx")


def test_csv_into_a_missing_folder_is_exit_2_with_a_message(folder, tmp_path):
    proc = run(FIXTURES / "changchun-office-2024.docx", "--csv", tmp_path / "没有" / "x.csv")
    assert proc.returncode == 2
    assert "不存在" in proc.stderr and "Traceback" not in proc.stderr


def test_exit_statuses_for_single_files():
    assert run(FIXTURES / "changchun-office-2024.docx").returncode == 0
    assert run(FIXTURES / "shenshan-2024-altered.docx").returncode == 1
    proc = run(FIXTURES / "没有这个文件.docx")
    assert proc.returncode == 2 and "找不到文件" in proc.stderr


def test_empty_folder_is_exit_2(tmp_path):
    proc = run(tmp_path)
    assert proc.returncode == 2 and "没有找到可以校验的报告文件" in proc.stderr


def test_progress_bar_on_a_terminal():
    from reportdesk.commands.check import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    bar = Progress(3, stream)
    for i, name in enumerate(("a.docx", "b.docx", "c.docx"), start=1):
        bar._last = 0.0
        bar.step(i, Path(name))
    bar.done()
    text = stream.getvalue()
    assert "[##########....................] 1/3 a.docx" in text
    assert "3/3 c.docx" in text
    assert text.endswith("\r")


def test_no_progress_bar_when_not_a_terminal():
    from reportdesk.commands.check import Progress

    stream = io.StringIO()
    bar = Progress(5, stream)
    bar.step(1, Path("a.docx"))
    bar.done()
    assert stream.getvalue() == ""


def test_last_year_brings_the_cross_year_rules(tmp_path):
    """Last year's report (a .json) whose 结转下年度 differs from this year's 上年结转: rule 6."""
    import sys as _sys

    _sys.path.insert(0, str(FIXTURES.parent))
    from published import REPORTS

    from reportdesk.report import Report
    from reportdesk.reportfile import dumps

    spec = REPORTS["changchun-office-2024"]
    last = Report(agency=spec.agency, year=2023, derive=False)
    for cid, value in spec.cells.items():
        last.set(cid, value, source="imported")
    last.set("t3.carried_out.natural", 7, source="imported")   # this year's 上年结转 says 8
    last.set("t3.carried_out.total", 7, source="imported")
    (tmp_path / "2023.json").write_text(dumps(last), encoding="utf-8")
    proc = run(FIXTURES / "changchun-office-2024.docx", "--last-year", tmp_path / "2023.json", "--json")
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)[0]["findings"]
    rule6 = sorted(f["cells"][0] for f in findings if f["rule"] == "6")
    assert rule6 == ["t3.carried_in.natural", "t3.carried_in.total"]


def test_what_could_not_be_read_is_said_beside_the_findings(tmp_path):
    """A PDF whose row broke across a page: the row is left blank and logged; the finding that
    it is blank comes with the reading notes, so a reviewer knows to look at the original."""
    pdf = FIXTURES / "variant-rows-split.pdf"
    proc = run(pdf, FIXTURES / "longhua-market-2023.docx")
    lines = proc.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  读取："))
    assert lines[at - 3].startswith(f"{pdf}：") and "规则5" in lines[at - 2]
    assert "未识别2处" in lines[at] and "缺少1处" in lines[at]
    assert lines[at + 1].strip() == "表格中无法识别的文字“2.申请人”"
    assert sum(line.startswith("  读取：") for line in lines) == 1    # a file read whole says nothing
    # --json keeps interfaces.md's shape
    data = json.loads(run("--json", pdf).stdout)
    assert set(data[0]) == {"file", "agency", "year", "findings"}
    # convert says it too, on stderr, after writing the file
    out = tmp_path / "x.json"
    conv = subprocess.run([sys.executable, "-m", "reportdesk", "convert", str(pdf), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert conv.returncode == 1 and out.exists()
    assert "reportdesk：读取：读取193个单元格" in conv.stderr and "“2.申请人”" in conv.stderr


HOSTILE_REPORT = {
    "format": "gov-info-2021", "agency": '=HYPERLINK("http://example.invalid","点击查看")', "year": 2024,
    "cells": {"t3.new.natural": "=1+2", "t3.carried_in.natural": "-5", "t9.evil": "@SUM(A1:A9)"},
    "texts": {"text.problems": "+cmd|' /C calc'!A0"},
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_plain_number(cell: str) -> bool:
    import re

    return re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", cell) is not None


def test_csv_never_starts_a_formula_numbers_stay_numbers(tmp_path):
    """An agency, a cell's raw text and a file name that a spreadsheet would run as a formula are
    written with a leading ' (OWASP); a negative difference stays the number -3."""
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "-2+3.json").write_text(json.dumps(HOSTILE_REPORT, ensure_ascii=False), encoding="utf-8")
    shutil.copy(FIXTURES / "shenshan-2024-altered.docx", folder / "深汕.docx")
    out = tmp_path / "结果.csv"
    proc = run("./-2+3.json", "深汕.docx", "--csv", out, cwd=folder)   # as a file name, not an option
    assert proc.returncode == 1
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = [c for r in rows for c in r]
    assert [c for c in cells if c.startswith(FORMULA_STARTS) and not _is_plain_number(c)] == []
    evil = [r for r in rows if r[0] == "'-2+3.json"]
    assert evil and {r[1] for r in evil} == {"'" + HOSTILE_REPORT["agency"]}
    assert ["'=1+2", "-5", "'@SUM(A1:A9)"] == [r[8] for r in evil if r[8]]
    assert [r[9] for r in rows if r[0] == "深汕.docx" and r[3] == "1"] == ["-3", "-3"]
    # the JSON and the text output are not spreadsheets: they say what the file says
    data = json.loads(run("./-2+3.json", "--json", cwd=folder).stdout)
    assert data[0]["agency"] == HOSTILE_REPORT["agency"]
