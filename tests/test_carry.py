"""Starting this year's report from last year's."""

from reportdesk.carry import carry_forward, suggestions
from reportdesk.report import CARRIED


def test_carry_takes_agency_texts_carried_in_and_valid_documents_only(balanced_report):
    last = balanced_report(1, year=2023, agency="某县教育局")
    report = carry_forward(last)
    assert (report.agency, report.year) == ("某县教育局", 2024)
    for col in ("natural", "business", "research", "public_interest", "legal", "other_org"):
        assert report.get(f"t3.carried_in.{col}") == last.get(f"t3.carried_out.{col}")
        assert report.source(f"t3.carried_in.{col}") == CARRIED
    assert report.get("t3.carried_in.total") == last.get("t3.carried_out.total")
    assert report.get("t2.rules.valid") == last.get("t2.rules.valid")
    assert report.get("t2.normative.valid") == last.get("t2.normative.valid")
    filled = {cid for cid, v in report.values.items() if v is not None}
    assert filled == {f"t3.carried_in.{c}" for c in ("natural", "business", "research", "public_interest", "legal",
                                                      "other_org", "total")} | {"t2.rules.valid", "t2.normative.valid"}
    assert report.texts == last.texts
    assert set(report.text_sources.values()) == {CARRIED}


def test_valid_documents_offered_from_last_year_plus_issued_minus_repealed(balanced_report):
    last = balanced_report(2, year=2023)
    report = carry_forward(last)
    assert "t2.rules.valid" not in suggestions(report, last)  # 制发/废止 not yet typed
    report.set("t2.rules.issued", "3")
    report.set("t2.rules.repealed", "1")
    assert suggestions(report, last)["t2.rules.valid"] == last.get("t2.rules.valid") + 2
    assert suggestions(report, None) == {}
