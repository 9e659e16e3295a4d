"""The .json report file of interfaces.md."""

import json

import pytest

from reportdesk.errors import UnreadableReport
from reportdesk.reportfile import dumps, loads, report_from_dict, report_to_dict
from reportdesk.rules import check


def test_the_file_has_exactly_the_documented_shape(balanced_report):
    report = balanced_report(1)
    data = json.loads(dumps(report))
    assert list(data) == ["format", "agency", "year", "cells", "texts"]
    assert data["format"] == "gov-info-2021" and data["year"] == 2024 and isinstance(data["year"], int)
    assert len(data["cells"]) == 200
    assert isinstance(data["cells"]["t3.new.natural"], int)
    assert isinstance(data["cells"]["t2.fees.amount"], float)
    assert data["texts"]["text.other"] == "本年度未收取信息处理费。"


def test_blank_is_null_and_null_or_absent_reads_as_blank(form):
    data = {"format": "gov-info-2021", "agency": "某局", "year": 2024,
            "cells": {"t3.new.natural": 0, "t3.new.business": None}, "texts": {}}
    report = report_from_dict(data)
    assert report.get("t3.new.natural") == 0
    assert report.is_blank("t3.new.business") and report.is_blank("t3.new.research")
    assert json.loads(dumps(report))["cells"]["t3.new.business"] is None


def test_round_trip_keeps_every_value_and_text(balanced_report):
    report = balanced_report(2)
    again = loads(dumps(report))
    assert again.values == report.values
    assert again.texts == report.texts
    assert (again.agency, again.year) == (report.agency, report.year)


def test_totals_are_kept_as_written(balanced_report):
    data = report_to_dict(balanced_report(3))
    data["cells"]["t3.total.natural"] += 1
    report = report_from_dict(data)
    assert [f.rule for f in check(report) if f.severity == "error"] == ["1", "2", "3"]


def test_unknown_ids_are_kept_and_reported_as_warnings(balanced_report):
    data = report_to_dict(balanced_report(4))
    data["cells"]["t3.new.alien"] = 2
    report = report_from_dict(data)
    assert [f.rule for f in check(report)] == ["13"]
    assert json.loads(dumps(report))["cells"]["t3.new.alien"] == 2


def test_letters_and_negatives_in_a_readable_file_are_rule5_errors(balanced_report):
    data = report_to_dict(balanced_report(5))
    data["cells"]["t3.granted.natural"] = "十"
    data["cells"]["t3.granted.business"] = -3
    found = [f for f in check(report_from_dict(data)) if f.rule == "5"]
    assert {f.cells[0] for f in found} == {"t3.granted.natural", "t3.granted.business"}
    assert json.loads(dumps(report_from_dict(data)))["cells"]["t3.granted.natural"] == "十"


def test_a_twenty_digit_number_is_a_rule5_error_not_a_crash(balanced_report, tmp_path):
    data = report_to_dict(balanced_report(6))
    data["cells"]["t3.granted.natural"] = 99999999999999999999
    data["cells"]["t3.granted.business"] = 1e300
    report = report_from_dict(data)
    found = {f.cells[0]: f.message for f in check(report) if f.rule == "5"}
    assert set(found) == {"t3.granted.natural", "t3.granted.business"}
    assert all("数字太大" in m for m in found.values())
    # and the draft store keeps it as the invalid text it is, without SQLite's integer overflow
    from reportdesk.store import DraftStore

    with DraftStore(tmp_path / "d.db") as store:
        draft = store.load(store.import_report(report))
        assert draft.report.invalid["t3.granted.natural"].raw == "99999999999999999999"


@pytest.mark.parametrize("text", ["[1, 2]", '{"cells": 5}', '"just a string"', "{broken"])
def test_what_is_not_a_report_file_is_refused_in_chinese(text):
    with pytest.raises(UnreadableReport) as exc:
        loads(text, name="x.json")
    assert "x.json" in exc.value.message


def test_an_unknown_format_is_refused():
    with pytest.raises(UnreadableReport, match="格式"):
        report_from_dict({"format": "gov-info-1999", "cells": {}})
