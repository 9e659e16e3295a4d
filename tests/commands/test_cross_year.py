"""``check THIS_YEAR --last-year LAST_YEAR_FOLDER`` and ``summary``: a county's two folders of
reports (tests/two_years.py), matched by agency, rules 6 and 7 per pair, the agencies of one
year only; the 汇总 workbook's sheets, cell by cell."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import two_years
from two_years import CHANGAN, CHENGGUAN, CHENGXI, EDUCATION, OFFICE


def reportdesk(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportdesk", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    return two_years.make(tmp_path_factory.mktemp("county"))


def test_check_against_last_years_folder_json(folders):
    this, last = folders
    proc = reportdesk("check", this, "--last-year", last, "--json")
    assert proc.returncode == 1, proc.stderr
    *files, presence = json.loads(proc.stdout)
    assert presence == {"missing_this_year": [CHENGGUAN], "missing_last_year": [CHENGXI],
                        "similar": [{"this_year": CHENGXI, "last_year": CHENGGUAN}]}
    by_agency = {f["agency"]: f for f in files}
    assert set(by_agency) == {OFFICE, EDUCATION, CHANGAN, CHENGXI}
    office = by_agency[OFFICE]
    assert office["last_year"] == {"file": str(last / "某某县人民政府办公室.json"), "agency": "某某县人民政府办公室",
                                   "year": 2023, "matched": "normalised"}
    assert sorted((f["rule"], f["severity"], f["cells"][0], f["expected"], f["actual"]) for f in office["findings"]) == [
        ("6", "error", "t3.carried_in.natural", 6, 8), ("6", "error", "t3.carried_in.total", 6, 8),
        ("7", "warning", "t2.rules.valid", 91, 95)]
    assert by_agency[EDUCATION]["findings"] == []
    assert by_agency[EDUCATION]["last_year"]["matched"] == "same"
    assert by_agency[CHANGAN]["findings"] == []            # ⻓安乡 last year: a radical for 长
    assert by_agency[CHANGAN]["last_year"] == {"file": str(last / "长安乡.json"), "agency": "某某县⻓安乡人民政府",
                                               "year": 2023, "matched": "normalised"}
    assert by_agency[CHENGXI]["last_year"] == {"file": None, "note": "上年文件夹中没有这个机关的报告"}


def test_check_against_last_years_folder_text(folders):
    this, last = folders
    proc = reportdesk("check", this, "--last-year", last)
    assert proc.returncode == 1
    out = proc.stdout
    assert "规则6  表三「自然人」列：本年“二、上年结转”为8，上年报告“四、结转下年度继续办理”为6，相差2" in out
    assert "规则7  表二「规章」：现行有效件数为95，上年现行有效＋本年制发－本年废止为91，相差4" in out
    assert f"  上年：{last / '某某县人民政府办公室.json'}（与上年的“某某县人民政府办公室”按同一机关对照）" in out
    assert f"  上年：{last / '教育局.docx'}\n" in out
    assert out.endswith("共4份：3份无错误，1份有错误，0份无法读取\n"
                        f"上年有报告、今年没有的机关（1个）：{CHENGGUAN}\n"
                        f"今年有报告、上年没有的机关（1个）：{CHENGXI}\n"
                        f"名称只差一个字，未作对照（请核对是否同一机关）：今年“{CHENGXI}” — 上年“{CHENGGUAN}”\n")


def test_without_last_year_no_cross_year_rules(folders):
    this, _ = folders
    data = json.loads(reportdesk("check", this, "--json").stdout)
    assert all(f["rule"] not in ("6", "7") for d in data for f in d["findings"])
    assert all("last_year" not in d for d in data) and all("file" in d for d in data)


def test_an_unreadable_file_in_last_years_folder_is_named_and_exit_2(folders, tmp_path):
    import shutil

    this, last = folders
    bad = tmp_path / "上年"
    shutil.copytree(last, bad)
    (bad / "坏.docx").write_bytes(b"PK\x03\x04junk")
    proc = reportdesk("check", this, "--last-year", bad, "--json")
    assert proc.returncode == 2
    assert f"上年文件夹：{bad / '坏.docx'}：无法读取 — “坏.docx”不是有效的Word" in proc.stderr
    assert json.loads(proc.stdout)[-1]["missing_this_year"] == [CHENGGUAN]


def test_two_different_reports_of_one_agency_last_year_are_not_guessed_between(folders, tmp_path):
    import shutil

    from reportdesk.reportfile import dumps

    this, last = folders
    twice = tmp_path / "上年"
    shutil.copytree(last, twice)
    report = two_years._report(EDUCATION, 2023, two_years.last_year_cells(carried_out={"natural": 1, "total": 1}))
    (twice / "教育局（修订）.json").write_text(dumps(report), encoding="utf-8")
    data = json.loads(reportdesk("check", this, "--last-year", twice, "--json").stdout)
    education = next(d for d in data if d.get("agency") == EDUCATION)
    assert education["last_year"]["file"] is None
    assert "2份数字不同的报告" in education["last_year"]["note"]
    assert all(f["rule"] != "6" for f in education["findings"])


def test_summary_workbook(folders, tmp_path):
    from openpyxl import load_workbook

    this, last = folders
    out = tmp_path / "汇总.xlsx"
    proc = reportdesk("summary", this, "--last-year", last, "-o", out)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"已写入 {out}：共4份：3份无错误，1份有错误，0份无法读取\n")
    wb = load_workbook(out)
    assert wb.sheetnames == ["报告", "问题", "表三表四合计", "两年对照"]
    reports = wb["报告"]
    header = [c.value for c in reports[1]]
    assert header == ["文件", "机关", "年度", "状态", "错误", "提示", "一、本年新收", "二、上年结转", "（七）总计",
                      "四、结转下年度", "予以公开率", "行政复议", "行政复议·结果纠正", "行政诉讼", "行政诉讼·结果纠正",
                      "读取情况", "上年对照"]
    assert reports.freeze_panes == "A2" and reports["A1"].font.bold
    assert reports.column_dimensions["B"].width == 30
    rows = {r[1]: r for r in reports.iter_rows(min_row=2, values_only=True)}
    office = rows[OFFICE]
    cells = two_years.BASE.cells
    assert office[2:15] == (2024, "有错误", 2, 1, cells["t3.new.total"], 8, cells["t3.total.total"], 5,
                            pytest.approx(cells["t3.granted.total"] / cells["t3.total.total"]),
                            cells["t4.review.total"], cells["t4.review.corrected"],
                            cells["t4.suit_direct.total"] + cells["t4.suit_after_review.total"],
                            cells["t4.suit_direct.corrected"] + cells["t4.suit_after_review.corrected"])
    assert reports.cell(row=2, column=11).number_format == "0.0%"
    assert office[16].endswith("某某县人民政府办公室.json（与上年的“某某县人民政府办公室”按同一机关对照）")
    assert rows[CHENGXI][16] == "未对照：上年文件夹中没有这个机关的报告"
    findings = list(wb["问题"].iter_rows(values_only=True))
    assert findings[0] == ("文件", "机关", "年度", "规则", "严重程度", "问题", "单元格", "应为", "实为", "差额")
    assert sorted((r[1], r[3], r[6]) for r in findings[1:]) == [
        (OFFICE, "6", "t3.carried_in.natural"), (OFFICE, "6", "t3.carried_in.total"),
        (OFFICE, "7", "t2.rules.valid t2.rules.issued t2.rules.repealed")]
    totals = wb["表三表四合计"]
    assert totals["A1"].value == "表三、表四合计：4份报告之和"
    labelled = {}
    for row in totals.iter_rows(values_only=True):
        label = next((v for v in row[:3][::-1] if isinstance(v, str)), None)
        numbers = [v for v in row[3:] if isinstance(v, int)]
        if label and numbers:
            labelled.setdefault(label, numbers)
    cols = ("natural", "business", "research", "public_interest", "legal", "other_org", "total")
    assert labelled["一、本年新收政府信息公开申请数量"] == [4 * cells[f"t3.new.{c}"] for c in cols]
    assert labelled["四、结转下年度继续办理"] == [4 * cells[f"t3.carried_out.{c}"] for c in cols]
    assert labelled["（七）总计"] == [4 * cells[f"t3.total.{c}"] for c in cols]
    t4 = [4 * cells[f"t4.{g}.{c}"] for g in ("review", "suit_direct", "suit_after_review")
          for c in ("upheld", "corrected", "other", "pending", "total")]
    assert [v for v in next(r for r in totals.iter_rows(values_only=True) if r[0] == "结果维持")] == [
        "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    t4_row = [r for r in totals.iter_rows(values_only=True)][-1]
    assert list(t4_row) == t4
    assert any(str(r) == "A3:C5" for r in totals.merged_cells.ranges)      # the corner, as printed
    pairs = list(wb["两年对照"].iter_rows(values_only=True))
    assert pairs == [("情况", "机关"), ("上年有报告、今年没有", CHENGGUAN), ("今年有报告、上年没有", CHENGXI),
                     ("名称只差一个字，未作对照（请核对）", f"今年“{CHENGXI}”；上年“{CHENGGUAN}”")]


def test_summary_sums_what_is_there_and_marks_what_is_not(tmp_path):
    """A report with a blank cell: the summed cell adds the others, coloured, with a note."""
    from openpyxl import load_workbook

    from reportdesk.reportfile import dumps

    folder = tmp_path / "报告"
    folder.mkdir()
    full = two_years._report(EDUCATION, 2024, two_years.this_year_cells())
    (folder / "a.json").write_text(dumps(full), encoding="utf-8")
    cells = two_years.this_year_cells()
    del cells["t3.new.natural"]
    (folder / "b.json").write_text(dumps(two_years._report(OFFICE, 2024, cells)), encoding="utf-8")
    (folder / "c.docx").write_bytes(b"PK\x03\x04junk")
    proc = reportdesk("summary", folder, "-o", tmp_path / "汇总.xlsx")
    assert proc.returncode == 2 and "c.docx：无法读取" in proc.stderr
    wb = load_workbook(tmp_path / "汇总.xlsx")
    totals = wb["表三表四合计"]
    assert totals["A1"].value == ("表三、表四合计：2份报告之和（另有1份无法读取，未计入）；"
                                  "黄色单元格：有的报告此格空白或无效，未计入，见批注")
    natural = totals["D6"]     # 一、本年新收 × 自然人
    assert natural.value == two_years.BASE.cells["t3.new.natural"]
    assert natural.comment.text.startswith("1份报告此格空白或无效，未计入")
    assert natural.fill.fgColor.rgb.endswith("FFF1C2")
    assert totals["E6"].value == 2 * two_years.BASE.cells["t3.new.business"] and totals["E6"].comment is None
    rows = {r[0]: r for r in wb["报告"].iter_rows(min_row=2, values_only=True)}
    # the figures are the printed totals (a published report keeps them as printed)
    assert rows[str(folder / "b.json")][6] == two_years.BASE.cells["t3.new.total"]
    assert rows[str(folder / "c.docx")][3].startswith("无法读取：")


def test_summary_refuses_another_extension_and_a_missing_folder(tmp_path):
    proc = reportdesk("summary", tmp_path, "-o", tmp_path / "汇总.csv")
    assert proc.returncode == 2 and "只能保存为 .xlsx" in proc.stderr
    proc = reportdesk("summary", tmp_path, "-o", tmp_path / "没有" / "汇总.xlsx")
    assert proc.returncode == 2 and "不存在" in proc.stderr
