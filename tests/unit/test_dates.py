"""Dates as agencies write them: precision kept, never invented; never month-first."""

from __future__ import annotations

from datetime import date, time

import pytest

from chronology.dates import DateError, DatePrecision, end_of_day_utc, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05",
        "05/03/2024",
        "5/3/24",
        "05.03.2024",
        "5 Mar 2024",
        "5 March 2024",
        "05-03-2024",
    ],
)
def test_every_accepted_form_of_a_day_means_the_fifth_of_march(text: str) -> None:
    parsed = parse_date(text)
    assert parsed.start == date(2024, 3, 5)
    assert parsed.precision is DatePrecision.DAY


def test_a_time_is_kept_as_uk_local_time_with_its_offset() -> None:
    summer = parse_date("01/07/2024 09:30")
    assert summer.time == time(9, 30)
    assert summer.isoformat() == "2024-07-01T09:30+01:00"
    assert parse_date("2024-01-10T09:30").isoformat() == "2024-01-10T09:30+00:00"


@pytest.mark.parametrize(
    ("text", "precision", "iso", "last_day"),
    [
        ("2024-03", DatePrecision.MONTH, "2024-03", date(2024, 3, 31)),
        ("03/2024", DatePrecision.MONTH, "2024-03", date(2024, 3, 31)),
        ("2024", DatePrecision.YEAR, "2024", date(2024, 12, 31)),
    ],
)
def test_partial_dates_keep_their_precision(
    text: str, precision: DatePrecision, iso: str, last_day: date
) -> None:
    parsed = parse_date(text)
    assert (parsed.precision, parsed.isoformat(), parsed.end) == (precision, iso, last_day)


def test_a_leading_question_mark_marks_the_date_uncertain() -> None:
    parsed = parse_date("?22/05/2016")
    assert parsed.uncertain and parsed.start == date(2016, 5, 22)
    assert parsed.uk() == "?22/05/2016"


def test_an_excel_serial_number_is_a_date() -> None:
    assert parse_date(45356).start == date(2024, 3, 5)


@pytest.mark.parametrize(
    "text", ["12/25/2024", "31/02/2024", "2024-13-01", "yesterday", "5 Smarch 2024"]
)
def test_month_first_impossible_and_unreadable_dates_are_errors(text: str) -> None:
    with pytest.raises(DateError, match="date"):
        parse_date(text)


def test_as_at_a_day_means_the_end_of_that_uk_day() -> None:
    moment = end_of_day_utc(date(2024, 7, 1))
    assert moment.utcoffset() is not None
    assert moment.isoformat().startswith("2024-07-01T23:59:59")


def test_a_time_with_its_own_zone_is_converted_to_uk_time() -> None:
    assert parse_date("2024-07-01T08:30:00Z").isoformat() == "2024-07-01T09:30+01:00"
    assert parse_date("2024-01-31T23:30:00-01:00").isoformat() == "2024-02-01T00:30+00:00"
