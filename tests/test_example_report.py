"""The published example (../shared/examples/xiaodong-2024.txt) read by its labels."""

from reportdesk.importers import read_report
from reportdesk.importers.text import read_text
from reportdesk.rules import check


def test_agency_and_year_come_from_the_title(example_report):
    assert example_report.agency == "武陟县小董乡人民政府"
    assert example_report.year == 2024


def test_all_175_table3_cells_are_zero_not_blank(example_report):
    t3 = [cid for cid in example_report.form.cells if cid.startswith("t3.")]
    assert len(t3) == 175
    assert all(example_report.get(cid) == 0 for cid in t3)
    assert example_report.blank_cells() == []


def test_every_rule_passes(example_report):
    assert check(example_report) == []


def test_prose_is_split_into_the_text_parts(example_report):
    texts = example_report.texts
    assert set(texts) == {"text.overview.proactive", "text.overview.on_request", "text.overview.management",
                          "text.overview.platform", "text.overview.oversight", "text.problems", "text.other"}
    assert texts["text.overview.platform"].startswith("2024 年以来，我乡严格按照上级部门要求")
    assert "粉丝数突破 1.2 万" in texts["text.overview.platform"]
    assert texts["text.problems"].count("\n") == 1  # two paragraphs
    assert texts["text.other"] == "2024年，本单位政府信息公开工作未发生收取信息处理费情况，无其他报告事项。"


def test_the_shifted_other_row_is_read_by_its_label(example_path):
    text = example_path.read_text(encoding="utf-8")
    assert "\n3. 其他\t" in text  # the row out of place in the published copy
    changed = text.replace("3. 其他\t\t0\t0", "3. 其他\t\t4\t0")
    report, log = read_text(changed)
    assert report.get("t3.other.other.natural") == 4
    assert report.get("t3.other.unpaid.natural") == 0


def test_one_changed_number_is_caught_with_rule_and_cells(example_path):
    text = example_path.read_text(encoding="utf-8")
    changed = text.replace("一、本年新收政府信息公开申请数量\t\t0", "一、本年新收政府信息公开申请数量\t\t5")
    report, _ = read_text(changed)
    found = check(report)
    rule1 = next(f for f in found if f.rule == "1")
    assert rule1.cells == ["t3.new.natural", "t3.carried_in.natural", "t3.total.natural", "t3.carried_out.natural"]
    assert rule1.message == "表三「自然人」列：一＋二＝5，（七）总计＋四＝0，相差5"


def test_nothing_unmapped_is_silently_zero(example_path):
    text = example_path.read_text(encoding="utf-8")
    damaged = text.replace("行政处罚\t0", "行政处罚\t—").replace("行政强制\t0", "行政强制\t")
    report, log = read_text(damaged)
    assert report.get("t2.penalty.decisions") == 0
    assert report.is_blank("t2.enforcement.decisions")
    interpreted = {e.cell: e.message for e in log.problems() if e.cell}
    assert "按0读取" in interpreted["t2.penalty.decisions"]
    assert any("行政强制" in e.message for e in log.problems())
    assert [f.cells for f in check(report) if f.rule == "5"] == [["t2.enforcement.decisions"]]


def test_a_missing_table_is_logged(example_path):
    text = example_path.read_text(encoding="utf-8")
    head, tail = text.split("四、政府信息公开行政复议、行政诉讼情况")
    report, log = read_text(head + "四、政府信息公开行政复议、行政诉讼情况\n\n五、" + tail.split("五、", 1)[1])
    assert any("表四" in e.message for e in log.problems())
    assert all(report.is_blank(c) for c in report.form.tables["t4"].cell_ids())


def test_gbk_text_is_read(tmp_path, example_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(example_path.read_text(encoding="utf-8").encode("gb18030"))
    result = read_report(path)
    assert result.report.agency == "武陟县小董乡人民政府"
    assert check(result.report) == []
