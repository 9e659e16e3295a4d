"""A report: blank is not zero, provenance, derived totals in drafts, printed totals kept."""

import pytest

from reportdesk.errors import InvalidValue, RefusedEdit
from reportdesk.report import CARRIED, COMPUTED, IMPORTED, TYPED, Report


def test_a_new_report_is_blank_not_zero(form):
    report = Report(form, "某局", 2024)
    assert all(v is None for v in report.values.values())
    assert report.is_blank("t3.new.natural")
    report.set("t3.new.natural", "0")
    assert report.get("t3.new.natural") == 0 and not report.is_blank("t3.new.natural")
    assert report.source("t3.new.natural") == TYPED


def test_typing_a_cell_moves_its_totals_and_says_which(form):
    report = Report(form)
    change = report.set("t3.granted.natural", "３")
    assert change.cells == ["t3.granted.natural", "t3.granted.total", "t3.total.natural", "t3.total.total"]
    assert report.get("t3.granted.total") == 3 and report.source("t3.granted.total") == COMPUTED
    report.set("t3.granted.business", "2")
    assert report.get("t3.total.total") == 5
    assert report.set("t3.granted.business", "2").cells == []  # nothing changed


def test_a_total_is_blank_while_all_its_addends_are_blank(form):
    report = Report(form)
    report.set("t4.review.upheld", "1")
    assert report.get("t4.review.total") == 1
    report.clear("t4.review.upheld")
    assert report.get("t4.review.total") is None and report.source("t4.review.total") is None


def test_computed_cells_refuse_a_typed_value_in_a_draft(form):
    report = Report(form)
    with pytest.raises(RefusedEdit, match="自动计算"):
        report.set("t3.total.natural", "4")


def test_typed_junk_is_refused_and_the_cell_unchanged(form):
    report = Report(form)
    report.set("t3.new.natural", "4")
    with pytest.raises(InvalidValue, match="表三「一、本年新收政府信息公开申请数量」「自然人」"):
        report.set("t3.new.natural", "四件多")
    assert report.get("t3.new.natural") == 4


def test_junk_read_from_a_file_is_kept_as_printed(form):
    report = Report(form, derive=False)
    report.set("t3.new.natural", "abc", source=IMPORTED)
    assert report.get("t3.new.natural") is None and not report.is_blank("t3.new.natural")
    assert report.invalid["t3.new.natural"].raw == "abc"
    report.set("t3.new.natural", "2", source=IMPORTED)
    assert "t3.new.natural" not in report.invalid


def test_a_published_report_keeps_its_totals_as_printed_and_as_draft_derives_them(form):
    report = Report(form, derive=False)
    report.set("t3.granted.natural", 2, source=IMPORTED)
    report.set("t3.granted.total", 5, source=IMPORTED)
    assert report.get("t3.granted.total") == 5
    draft, differed = report.as_draft()
    assert draft.get("t3.granted.total") == 2
    assert "t3.granted.total" in differed
    assert report.get("t3.granted.total") == 5  # the original is untouched


def test_unknown_ids_from_a_file_are_kept(form):
    report = Report(form, derive=False)
    report.set("t9.mystery.x", 3, source=IMPORTED)
    assert report.unknown == {"t9.mystery.x": 3}
    with pytest.raises(RefusedEdit):
        Report(form).set("t9.mystery.x", "3")


def test_texts_keep_paragraphs_and_provenance(form):
    report = Report(form)
    report.set_text("text.problems", "第一段\r\n第二段", source=CARRIED)
    assert report.text("text.problems") == "第一段\n第二段"
    assert report.text_sources["text.problems"] == CARRIED
    report.set_text("text.problems", "")
    assert "text.problems" not in report.texts
    with pytest.raises(RefusedEdit):
        report.set_text("text.nowhere", "x")


def test_copy_is_independent(form):
    report = Report(form)
    report.set("t3.new.natural", "1")
    other = report.copy()
    other.set("t3.new.natural", "2")
    assert report.get("t3.new.natural") == 1


def test_a_total_with_blank_addends_is_provisional(form):
    report = Report(form)
    report.set("t4.review.upheld", "2")
    assert report.get("t4.review.total") == 2
    assert "t4.review.total" in report.partial
    for col in ("corrected", "other", "pending"):
        report.set(f"t4.review.{col}", "0")
    assert "t4.review.total" not in report.partial


def test_as_draft_marks_every_total_computed(form):
    report = Report(form, derive=False)
    report.set("t4.review.upheld", 1, source=IMPORTED)
    report.set("t4.review.total", 1, source=IMPORTED)
    draft, differed = report.as_draft()
    assert differed == [] and draft.source("t4.review.total") == COMPUTED


@pytest.mark.parametrize("derive", [False, True])
def test_a_number_read_as_digits_is_stored_as_set_stores_it(form, derive):
    """``set_read`` (a reader's way for the usual cell, digits alone) leaves the report as
    ``set(…, source=IMPORTED)`` does: the number and its type, the source, an invalid value
    replaced; in a draft its totals follow and a computed cell refuses it."""
    fast, slow = Report(form, derive=derive), Report(form, derive=derive)
    for r in (fast, slow):
        r.set_invalid("t3.new.natural", "x", "不是数字")
    for cell, digits in (("t3.new.natural", "12"), ("t2.fees.amount", "3"), ("t3.new.business", "0"),
                         ("t3.new.natural", "7")):
        fast.set_read(cell, digits)
        slow.set(cell, digits, source=IMPORTED)
    assert fast.values == slow.values and fast.sources == slow.sources and fast.invalid == slow.invalid == {}
    assert type(fast.get("t2.fees.amount")) is float and fast.get("t3.new.natural") == 7
    assert fast.source("t3.new.natural") == IMPORTED
    assert fast.get("t3.new.total") == (None if not derive else 7)
    if derive:
        with pytest.raises(RefusedEdit):
            fast.set_read("t3.new.total", "4")
    else:
        fast.set_read("t3.new.total", "4")   # a published report's total, as printed
        assert fast.get("t3.new.total") == 4
