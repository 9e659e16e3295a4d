"""Dates and moments as people write them (``drafts history --since``), on fixed dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reportdesk.errors import InvalidValue
from reportdesk.store.records import parse_since, since_to_utc

# Days 1–9 and months 1–9 are where a zero-less form once failed; 12-31 and 2-29 the ends.
DAYS = [date(2025, 3, 1), date(2025, 12, 6), date(2026, 1, 9), date(2025, 10, 31), date(2024, 2, 29)]


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize("shape", ["{y}-{m:02d}-{d:02d}", "{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m}.{d}",
                                   "{y}年{m}月{d}日", "{y}年{m}月{d}", " {y} 年 {m} 月 {d} 日 "])
def test_every_written_form_of_a_date_is_that_date(day, shape):
    assert parse_since(shape.format(y=day.year, m=day.month, d=day.day)) == day


def test_full_width_digits_are_read():
    assert parse_since("２０２５年３月１日") == date(2025, 3, 1)


@pytest.mark.parametrize("text, moment", [
    ("2025-03-01T09:00", datetime(2025, 3, 1, 9, 0)),
    ("2025-3-1 9:05", datetime(2025, 3, 1, 9, 5)),
    ("2025年3月1日 14:30:15", datetime(2025, 3, 1, 14, 30, 15)),
])
def test_a_moment_after_the_date(text, moment):
    assert parse_since(text) == moment


@pytest.mark.parametrize("text", ["上周", "2025-13-01", "2025-2-30", "2025-3", "3/1/2025", "2025-03-01 25:00", ""])
def test_what_is_not_a_date_is_refused_naming_the_forms(text):
    with pytest.raises(InvalidValue) as err:
        parse_since(text)
    assert "2025年3月1日" in err.value.message and "2025/3/1" in err.value.message


def test_a_date_is_local_midnight_in_utc():
    local_midnight = datetime(2025, 3, 1).astimezone()
    assert since_to_utc("2025-3-1") == since_to_utc(local_midnight) == since_to_utc(date(2025, 3, 1))
