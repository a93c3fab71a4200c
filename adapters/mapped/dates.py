"""Dates as an agency's export writes them, read with the formats its mapping gives.

`uk` reads every form the canonical extract accepts (ISO, day-first, partial, `?` for
uncertain, Excel date cells); a `strptime` format such as `%d/%m/%Y %H:%M` reads exactly
that form. A date cell from a workbook is always a date, whatever the formats say. The
precision comes from the format: a format without a day gives a month, never an invented day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from adapters.cells import cell_text
from adapters.mapped.fields import UK_DATES, has_time
from adapters.tables import Cell
from chronology.dates import MAX_DATE_CHARS, DateError, DatePrecision, FuzzyDate, parse_date

_CLOCK = re.compile(r"(\d{1,2})[:.]?(\d{2})(?:[:.]\d{2})?")


def read_date(value: Cell, formats: list[str]) -> FuzzyDate | None:
    """The date in the first format that reads the cell, or None if none does."""
    if isinstance(value, datetime | date):
        return parse_date(value)
    text = cell_text(value)
    if len(text) > MAX_DATE_CHARS:
        return None
    for date_format in formats:
        found = _uk(value) if date_format == UK_DATES else _formatted(text, date_format)
        if found is not None:
            return found
    return None


def read_time(value: Cell) -> time | None:
    """A time of day from a time cell, a date-time cell, or text such as 14:20 or 1420."""
    if isinstance(value, datetime):
        return time(value.hour, value.minute)
    if isinstance(value, time):
        return time(value.hour, value.minute)
    match = _CLOCK.fullmatch(cell_text(value))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def with_time(day: FuzzyDate, clock: time) -> FuzzyDate:
    """A day given its time of day (a date that already has a time keeps its own)."""
    if day.precision is not DatePrecision.DAY:
        return day
    return day.model_copy(update={"precision": DatePrecision.MINUTE, "time": clock})


def _uk(value: Cell) -> FuzzyDate | None:
    try:
        return parse_date(value)
    except DateError:
        return None


@lru_cache(maxsize=65536)  # exports repeat dates on every row of an occurrence
def _formatted(text: str, date_format: str) -> FuzzyDate | None:
    uncertain = text.startswith("?")
    try:
        moment = datetime.strptime(text.lstrip("?").strip(), date_format)
    except ValueError:  # wall-clock UK time: the format carries no zone
        return None
    precision = _precision(date_format)
    clock = time(moment.hour, moment.minute) if precision is DatePrecision.MINUTE else None
    start = _start(moment.date(), precision)
    return FuzzyDate(start=start, precision=precision, time=clock, uncertain=uncertain)


def _precision(date_format: str) -> DatePrecision:
    if has_time(date_format):
        return DatePrecision.MINUTE
    if "%d" in date_format or "%j" in date_format:
        return DatePrecision.DAY
    if any(directive in date_format for directive in ("%m", "%b", "%B")):
        return DatePrecision.MONTH
    return DatePrecision.YEAR


def _start(day: date, precision: DatePrecision) -> date:
    if precision is DatePrecision.MONTH:
        return day.replace(day=1)
    if precision is DatePrecision.YEAR:
        return date(day.year, 1, 1)
    return day
