"""The form file: the whole 2021 format as data, validated when it is loaded."""

import copy
import re
import tomllib

import pytest

from reportdesk.errors import FormError
from reportdesk.form import build_form, form_path


@pytest.fixture(scope="module")
def raw():
    with open(form_path(), "rb") as f:
        return tomllib.load(f)


def test_the_form_has_every_cell_of_the_three_tables(form):
    by_table = {t: len(form.tables[t].cell_ids()) for t in form.tables}
    assert by_table == {"t2": 10, "t3": 175, "t4": 15}
    assert len(form.cells) == 200


def test_cell_ids_are_those_of_interfaces_md(form, spec_dir):
    text = (spec_dir / "interfaces.md").read_text(encoding="utf-8")
    rows_table = text.split("| row id | label |")[1].split("\n\n")[0]
    t3_rows = re.findall(r"^\| `([a-z_.]+)` \| ", rows_table, flags=re.M)
    assert [r.id for r in form.tables["t3"].rows] == t3_rows
    for cid in ("t3.new.natural", "t3.withheld.secret.total", "t3.total.total", "t3.carried_out.legal",
                "t2.fees.amount", "t4.review.upheld", "t4.suit_after_review.total", "t2.normative.valid"):
        assert cid in form.cells
    for tid in ("text.overview.proactive", "text.overview.on_request", "text.overview.management",
                "text.overview.platform", "text.overview.oversight", "text.problems", "text.other", "text.overview"):
        assert tid in form.texts


def test_table3_labels_are_exactly_as_printed_in_the_spec(form, spec_dir):
    spec = (spec_dir / "format-2021.md").read_text(encoding="utf-8")
    block = spec.split("Rows:")[1].split("```")[1]
    printed = re.findall(r"(?:[一二三四]、|（[一二三四五六七]）|\d\.)[^\s（]+(?:（[^）]*）)?", block)
    grid = form.tables["t3"].grid()
    labels = {c.text for c in grid.cells if c.role == "label"}
    for label in printed:
        assert label in labels, label


def test_computed_cells_are_the_totals(form):
    computed = {cid for cid in form.cells if form.is_computed(cid)}
    t3_totals = {f"t3.{r.id}.total" for r in form.tables["t3"].rows} | {f"t3.total.{c.id}" for c in form.tables["t3"].columns}
    t4_totals = {f"t4.{g}.total" for g in ("review", "suit_direct", "suit_after_review")}
    assert computed == t3_totals | t4_totals
    assert form.formulas["t4.review.total"] == ("t4.review.upheld", "t4.review.corrected", "t4.review.other",
                                                "t4.review.pending")
    assert len(form.formulas["t3.total.natural"]) == 21


def test_table3_grid_has_the_official_header_merges(form):
    grid = form.tables["t3"].grid()
    by_text = {}
    for c in grid.cells:
        by_text.setdefault(c.text, c)
    assert grid.header_rows == 3 and grid.cols == 10 and grid.rows == 3 + 25
    corner = by_text["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    assert (corner.row, corner.col, corner.rowspan, corner.colspan) == (0, 0, 3, 3)
    assert (by_text["申请人情况"].colspan, by_text["法人或其他组织"].colspan) == (7, 5)
    assert by_text["自然人"].rowspan == 2
    result = by_text["三、本年度办理结果"]
    assert (result.col, result.rowspan) == (0, 22)  # (一) … （七）总计
    assert by_text["（三）不予公开"].rowspan == 8
    assert by_text["（四）无法提供"].rowspan == 3
    assert by_text["（五）不予处理"].rowspan == 5
    assert by_text["（六）其他处理"].rowspan == 3
    assert by_text["一、本年新收政府信息公开申请数量"].colspan == 3
    assert by_text["（一）予以公开"].colspan == 2


def test_every_grid_cell_is_covered_exactly_once(form):
    for table in form.tables.values():
        grid = table.grid()
        covered = {}
        for c in grid.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    assert (r, k) not in covered, (table.id, r, k)
                    covered[(r, k)] = c
        assert len(covered) == grid.rows * grid.cols, table.id
        values = [c.cell_id for c in grid.cells if c.role == "value"]
        assert values == table.cell_ids() or sorted(values) == sorted(table.cell_ids())


def test_table4_prints_three_groups_in_one_row(form):
    grid = form.tables["t4"].grid()
    assert grid.rows == 4 and grid.cols == 15
    values = [c.cell_id for c in grid.cells if c.role == "value"]
    assert values[:5] == ["t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending",
                          "t4.review.total"]
    assert values[-1] == "t4.suit_after_review.total"


def test_table2_narrow_blocks_span_the_width(form):
    grid = form.tables["t2"].grid()
    licensing = next(c for c in grid.cells if c.cell_id == "t2.licensing.decisions")
    assert licensing.colspan == 3
    titles = [c.text for c in grid.cells if c.role == "title"]
    assert titles == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert form.cells["t2.fees.amount"].kind == "amount" and form.cells["t2.fees.amount"].unit == "万元"


def test_every_field_and_row_has_guidance_in_chinese(form):
    for table in form.tables.values():
        for row in table.rows:
            assert re.search(r"[\u4e00-\u9fff]", row.guidance), row.id
    for text in form.texts.values():
        assert re.search(r"[\u4e00-\u9fff]", text.guidance), text.id
    for part in form.parts:
        assert part.guidance


def test_rules_1_to_12_are_all_in_the_form(form):
    assert [r.id for r in form.rules][:12] == [str(i) for i in range(1, 13)]
    assert {r.id: r.severity for r in form.rules if r.id in "1 2 3 4 5 6".split()} == dict.fromkeys("123456", "error")
    assert form.rules[6].severity == "warning"  # rule 7: re-counted documents need a word, not a refusal


def test_a_rule_naming_an_unknown_cell_fails_at_load_time(raw):
    data = copy.deepcopy(raw)
    data["rules"][0]["left"] = ["t3.new.{col}", "t3.nowhere.{col}"]
    with pytest.raises(FormError, match="t3.nowhere.natural"):
        build_form(data)


def test_overlapping_header_cells_fail_at_load_time(raw):
    data = copy.deepcopy(raw)
    data["tables"]["t3"]["header"][1]["colspan"] = 2
    with pytest.raises(FormError, match="表头"):
        build_form(data)


def test_a_misspelt_key_is_refused_not_ignored(raw):
    """``comptues = true`` once made every table-3 total typeable, ``gudiance`` was dropped."""
    data = copy.deepcopy(raw)
    data["tables"]["t3"]["columns"][6]["totl"] = True
    data["tables"]["t3"]["columns"][0]["gudiance"] = data["tables"]["t3"]["columns"][0].pop("guidance")
    with pytest.raises(FormError) as exc:
        build_form(data)
    assert "不认识的键“totl”，是不是“total”？" in exc.value.message
    assert "不认识的键“gudiance”，是不是“guidance”？" in exc.value.message
    assert len(exc.value.problems) == 2


def test_an_unknown_rule_kind_fails_at_load_time(raw):
    data = copy.deepcopy(raw)
    data["rules"][0]["kind"] = "magic"
    with pytest.raises(FormError):
        build_form(data)


def test_renamed_ids_are_read_under_their_new_name(raw):
    data = copy.deepcopy(raw)
    data["renamed"] = {"t3.received.natural": "t3.new.natural"}
    form = build_form(data)
    assert form.canonical("t3.received.natural") == "t3.new.natural"
    data["renamed"] = {"t3.x": "t3.y"}
    with pytest.raises(FormError):
        build_form(data)


def test_report_title(form):
    assert form.report_title("武陟县小董乡人民政府", 2024) == "武陟县小董乡人民政府2024年政府信息公开工作年度报告"
