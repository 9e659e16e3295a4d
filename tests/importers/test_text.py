"""Plain-text shapes: tab-flattened, copied from a PDF viewer, markdown, GBK/GB18030."""

from __future__ import annotations

from reportdesk.importers import read_report
from reportdesk.importers.log import INTERPRETED
from reportdesk.importers.text import read_text, split_cells
from reportdesk.rules import check

HEAD = "某某县交通运输局2024年政府信息公开工作年度报告\n一、总体情况\n本年主动公开信息20条。\n"
TAIL = "\n六、其他需要报告的事项\n本年未收取信息处理费。\n"


def test_example_report_reads_every_cell_and_the_row_out_of_place(example_report):
    assert all(v == 0 for v in example_report.values.values())
    assert example_report.sources["t3.other.other.natural"] == "imported"
    assert check(example_report) == []


def test_pdf_copy_cells_split_by_spaces():
    text = HEAD + """三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 12 1 0 0 0 0 13
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三、本年度办理结果 （一）予以公开 10 1 0 0 0 0 11
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 2 0 0 0 0 0 2
""" + TAIL
    report, log = read_text(text)
    assert [report.values[f"t3.new.{c}"] for c in ("natural", "business", "total")] == [12, 1, 13]
    assert report.values["t3.granted.total"] == 11
    assert report.values["t3.partial.natural"] == 2


def test_pdf_copy_one_cell_per_line_labels_broken_and_page_numbers():
    cells = ["第二十条第（一）项", "信息内容", "本年制发", "件数", "本年废止", "件数", "现行有效", "件数",
             "规章", "0", "0", "0", "行政规范性", "文件", "4", "1", "17", "— 2 —"]
    t4 = ["行政复议", "行政诉讼", "结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计",
          "未经复议直接起诉", "复议后起诉", *("结果 维持 结果 纠正 其他 结果 尚未 审结 总计".split() * 2),
          *[str(i) for i in range(15)]]
    partial = ["三、本年度办理结果", "（二）部分公开（区分处理", "的，只计这一情形，不计其", "他情形）",
               "3", "0", "0", "0", "0", "0", "3"]
    text = (HEAD + "二、主动公开政府信息情况\n" + "\n".join(cells) + "\n三、收到和处理政府信息公开申请情况\n"
            + "\n".join(partial) + "\n四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(t4) + TAIL)
    report, log = read_text(text)
    assert [report.values[f"t2.normative.{c}"] for c in ("issued", "repealed", "valid")] == [4, 1, 17]
    assert report.values["t3.partial.natural"] == 3 and report.values["t3.partial.total"] == 3
    assert [report.values[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == \
        [0, 1, 2, 3, 4]
    assert report.values["t4.suit_after_review.total"] == 14
    assert not [e for e in log.of_kind(INTERPRETED) if "按" in e.message and "读取" in e.message and e.cell
                and e.cell.startswith("t3.partial")]


def test_markdown_with_a_broken_header_row():
    text = HEAD + """## 四、政府信息公开行政复议、行政诉讼情况

| 行政复议 | | | | | 行政诉讼 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| | | | | | 未经复议直接起诉 | | | | | 复议后起诉 |
| 结果<br>维持 | 结果<br>纠正 | 其他<br>结果 | 尚未<br>审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

## 二、主动公开政府信息情况

| 第二十条第（八）项 |
| --- |
| **信息内容** | **本年收费金额（单位：万元）** |
| 行政事业性收费 | 1,250.5 |
""" + TAIL
    report, log = read_text(text)
    assert report.values["t4.review.upheld"] == 1 and report.values["t4.review.total"] == 2
    assert report.values["t2.fees.amount"] == 1250.5


def test_gbk_and_gb18030_files_are_detected(tmp_path, example_path):
    text = example_path.read_text(encoding="utf-8")
    for enc in ("gbk", "gb18030"):
        path = tmp_path / f"example-{enc}.txt"
        path.write_bytes(text.replace("\n", "\r\n").encode(enc))
        result = read_report(path)
        assert result.report.agency == "武陟县小董乡人民政府"
        assert check(result.report) == []
        assert "GB18030" in result.log.entries[0].message


def test_split_cells_shapes():
    assert split_cells("规章\t0\t0\t0") == ["规章", "0", "0", "0"]
    assert split_cells("规章 0 0 0") == ["规章", "0", "0", "0"]
    assert split_cells("| 规章 | 0 | 0 | 0 |") == ["规章", "0", "0", "0"]
    assert split_cells("3. 其他  1  0") == ["3. 其他", "1", "0"]


# Rows as a browser's copy of a published page gives them, numbers as published
# (a 2024 report of a department of 深圳市龙岗区, lg.gov.cn; see tests/fixtures/README.md).
LONGGANG_ROWS = """二、主动公开政府信息情况
第二十条第(一)项 |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 5 | 1 | 25 |
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |
自然人 | 法人或其他组织 | 总计 |
商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 |
一、本年新收政府信息公开申请数量 | 58 | 7 | 0 | 0 | 1 | 0 | 66 |
二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
三、本年度办理结果 | (一)予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 16 | 1 | 0 | 0 | 0 | 0 | 17 |
(三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
5.属于三类内部事务信息 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def test_browser_copy_with_bars_and_no_title():
    report, log = read_text("一、总体情况\n本年报根据《条例》要求编制。\n" + LONGGANG_ROWS)
    v = report.values
    assert [v[f"t2.normative.{c}"] for c in ("issued", "repealed", "valid")] == [5, 1, 25]
    assert [v[f"t3.new.{c}"] for c in ("natural", "business", "research", "public_interest", "legal", "other_org",
                                        "total")] == [58, 7, 0, 0, 1, 0, 66]
    assert v["t3.carried_in.total"] == 2
    assert [v["t3.granted.natural"], v["t3.granted.business"], v["t3.granted.total"]] == [2, 1, 3]
    assert [v["t3.partial.natural"], v["t3.partial.total"]] == [16, 17]
    assert v["t3.withheld.internal.natural"] == 1 and v["t3.withheld.process.total"] == 0
    assert v["t3.withheld.case_file.natural"] is None  # not in the copy: blank, not zero
    assert (report.agency, report.year) == ("", None)
    assert any("标题" in e.message for e in log.of_kind("missing"))
    assert any("表四" in e.message for e in log.of_kind("missing"))


def test_one_cell_per_line_with_bar_lines_between():
    """The shape a reader view gives of a page whose cells are paragraphs (numbers as published
    in a 2023 township report on xjnlk.gov.cn: 规章 0 0 6)."""
    cells = ["第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "0", "6",
             "行政规范性文件", "0", "0", "0"]
    text = "二、主动公开政府信息情况\n" + "\n|\n".join(cells) + "\n|\n"
    report, log = read_text(text)
    assert [report.values[f"t2.rules.{c}"] for c in ("issued", "repealed", "valid")] == [0, 0, 6]
    assert [report.values[f"t2.normative.{c}"] for c in ("issued", "repealed", "valid")] == [0, 0, 0]


def test_the_example_with_single_spaces_between_cells(example_path):
    """A copy whose tabs became single spaces: every row, the long （六） rows included, read apart."""
    text = example_path.read_text(encoding="utf-8").replace("\t", " ")
    report, log = read_text(text)
    assert all(report.get(cid) == 0 for cid in report.form.cells)
    assert check(report) == []
    nonzero = example_path.read_text(encoding="utf-8").replace(
        "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0",
        "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t3").replace("\t", " ")
    report, _ = read_text(nonzero)
    assert report.get("t3.other.unpaid.natural") == 3
    assert report.get("t3.other.no_correction.natural") == 0
