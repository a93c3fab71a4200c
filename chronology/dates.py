"""Dates as agencies write them: with a precision that is kept, never invented.

A `FuzzyDate` is a point or period in UK local time (Europe/London): a year, a month, a
day, or a day with a time. A leading `?` marks it uncertain. Month-first dates are never
accepted: `05/03/2024` is the 5th of March.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

LONDON = ZoneInfo("Europe/London")
EXCEL_EPOCH = date(1899, 12, 30)
MAX_DATE_CHARS = 100
ACCEPTED_FORMS = "a date such as 2024-03-05, 05/03/2024, 5 Mar 2024, 2024-03 or ?05/03/2024"

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9

_TIME = (
    r"(?:[ t](?P<hh>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<ss>\d{2})(?:\.\d+)?)?"
    r" ?(?P<tz>z|[+-]\d{2}:?\d{2})?)?"
)
_PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME),
    re.compile(r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})" + _TIME),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<mon>[a-z]+)\.? (?P<y>\d{4})" + _TIME),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"),
    re.compile(r"(?P<m>\d{1,2})/(?P<y>\d{4})"),
    re.compile(r"(?P<mon>[a-z]+)\.? (?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})"),
]


class DatePrecision(StrEnum):
    """How much of a date the agency gave."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"


class DateError(ValueError):
    """A date that cannot be read; the message says what was expected."""


class FuzzyDate(BaseModel):
    """A date or date-time with its precision and uncertainty (UK local time)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    precision: DatePrecision = DatePrecision.DAY
    time: dt.time | None = None
    uncertain: bool = False

    @property
    def end(self) -> date:
        """The last day the date could mean (a month ends on its last day)."""
        if self.precision is DatePrecision.YEAR:
            return date(self.start.year, 12, 31)
        if self.precision is DatePrecision.MONTH:
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return date(self.start.year, self.start.month, last)
        return self.start

    @property
    def sort_key(self) -> str:
        """Orders dates chronologically; same-day times come after the bare day."""
        key = self.start.isoformat()
        return f"{key}T{self.time:%H:%M}" if self.time is not None else key

    def isoformat(self) -> str:
        """ISO text at the date's own precision, with the UK offset when a time is given."""
        if self.precision is DatePrecision.YEAR:
            return f"{self.start:%Y}"
        if self.precision is DatePrecision.MONTH:
            return f"{self.start:%Y-%m}"
        if self.time is not None:
            moment = datetime.combine(self.start, self.time, LONDON)
            return moment.isoformat(timespec="minutes")
        return self.start.isoformat()

    def uk(self) -> str:
        """As a UK reader writes it: 05/03/2024, 03/2024, 2024, with ? when uncertain."""
        mark = "?" if self.uncertain else ""
        if self.precision is DatePrecision.YEAR:
            return f"{mark}{self.start:%Y}"
        if self.precision is DatePrecision.MONTH:
            return f"{mark}{self.start:%m/%Y}"
        text = f"{mark}{self.start:%d/%m/%Y}"
        return f"{text} {self.time:%H:%M}" if self.time is not None else text

    @classmethod
    def of(cls, day: date) -> FuzzyDate:
        return cls(start=day)


def parse_date(value: object) -> FuzzyDate:
    """Reads a date as EXTRACT-FORMAT.md allows; raises `DateError` otherwise."""
    if isinstance(value, datetime):
        return _from_datetime(value)
    if isinstance(value, date):
        return FuzzyDate(start=value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            serial = float(value)
        except OverflowError:  # an integer beyond any float (a crafted workbook cell)
            raise DateError(
                f"the number is too large to be a date; expected {ACCEPTED_FORMS}"
            ) from None
        return _from_excel_serial(serial)
    text = str(value)
    if len(text.strip()) > MAX_DATE_CHARS:  # never a date; and kept out of the cache
        raise DateError(f"{_shown(text)} is not a date; expected {ACCEPTED_FORMS}")
    return _parse_text(text)


def _shown(raw: str) -> str:
    """The value as quoted in a message, cut short."""
    text = raw.strip()
    return repr(text if len(text) <= 60 else f"{text[:60]}...")


def _from_datetime(value: datetime) -> FuzzyDate:
    if value.tzinfo is not None:
        value = value.astimezone(LONDON)
    if value.time() == time(0, 0):
        return FuzzyDate(start=value.date())
    return FuzzyDate(start=value.date(), precision=DatePrecision.MINUTE, time=_minute(value))


def _from_excel_serial(serial: float) -> FuzzyDate:
    if not 1 <= serial < 2958466:
        raise DateError(f"{serial!r} is not a date; expected {ACCEPTED_FORMS}")
    moment = datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=serial)
    return _from_datetime(moment)


def _minute(value: datetime | time) -> time:
    return time(value.hour, value.minute)


@lru_cache(maxsize=65536)  # extracts repeat dates a lot; FuzzyDate is immutable
def _parse_text(raw: str) -> FuzzyDate:
    text = " ".join(raw.strip().lower().replace(",", " ").split())
    uncertain = text.startswith("?")
    text = text.lstrip("?").strip()
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _build(match.groupdict(), uncertain, raw)
    raise DateError(f"{_shown(raw)} is not a date; expected {ACCEPTED_FORMS}")


def _build(parts: dict[str, str | None], uncertain: bool, raw: str) -> FuzzyDate:
    year = _year(parts["y"] or "")
    month = _month(parts, raw)
    try:
        if month is None:
            return FuzzyDate(
                start=date(year, 1, 1), precision=DatePrecision.YEAR, uncertain=uncertain
            )
        if parts.get("d") is None:
            return FuzzyDate(
                start=date(year, month, 1), precision=DatePrecision.MONTH, uncertain=uncertain
            )
        day, clock = _clock(parts, date(year, month, int(parts["d"] or 0)))
    except ValueError as error:
        raise DateError(f"{_shown(raw)} is not a real date ({error}); use day/month/year") from None
    precision = DatePrecision.DAY if clock is None else DatePrecision.MINUTE
    return FuzzyDate(start=day, precision=precision, time=clock, uncertain=uncertain)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year <= 69 else 1900 + year
    return year


def _month(parts: dict[str, str | None], raw: str) -> int | None:
    if parts.get("mon"):
        name = parts["mon"] or ""
        if name not in _MONTHS:
            raise DateError(f"{_shown(raw)} is not a date: {name[:20]!r} is not a month name")
        return _MONTHS[name]
    return int(parts["m"] or 0) if parts.get("m") else None


def _clock(parts: dict[str, str | None], day: date) -> tuple[date, time | None]:
    """The day and UK wall-clock time; a time given with its own zone is converted to UK time."""
    if parts.get("hh") is None:
        return day, None
    clock = time(int(parts["hh"] or 0), int(parts["mi"] or 0))
    zone = parts.get("tz")
    if not zone:
        return day, clock
    moment = datetime.fromisoformat(f"{day.isoformat()}T{clock:%H:%M}{_offset(zone)}")
    local = moment.astimezone(LONDON)
    return local.date(), _minute(local)


def _offset(zone: str) -> str:
    if zone == "z":
        return "+00:00"
    digits = zone.replace(":", "")
    return f"{digits[:3]}:{digits[3:]}"


def end_of_day_utc(day: date) -> datetime:
    """The last moment of a UK calendar day, as an aware datetime (for "as at" questions)."""
    return datetime.combine(day + timedelta(days=1), time(), LONDON) - timedelta(microseconds=1)
