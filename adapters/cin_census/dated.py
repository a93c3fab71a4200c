"""Census dates: ISO `yyyy-mm-dd` only, as the schema's `xs:date` requires, each with its place.

A day-first or month-first date in a census file is a sign of a hand-edited return, so it is
refused rather than guessed at; the problem names the element, line and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from chronology.problems import Problem, warning
from chronology.records import RowRef

ISO_DATE = "a date such as 2025-03-04 (yyyy-mm-dd, as the census schema requires)"
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")


@dataclass(frozen=True)
class Dated:
    """A date read from the census, with its place: the element holding it, the line, the tag."""

    sheet: str
    line: int
    tag: str
    day: date

    @property
    def origin(self) -> RowRef:
        return RowRef(sheet=self.sheet, row=self.line)


def census_day(value: str) -> date | str:
    """The date `value` names, or why it names none ("is not a real date")."""
    match = _ISO.fullmatch(value)
    if match is None:
        return "is not a date in the form yyyy-mm-dd"
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return "is not a real date"


def end_before_start(start: Dated | None, end: Dated | None) -> Problem | None:
    """A warning when an end (a closure, a plan's end, a death) falls before its start."""
    if not (start and end and end.day < start.day):
        return None
    return warning(
        f"{end.tag} is before {start.tag}",
        sheet=end.sheet,
        row=end.line,
        column=end.tag,
        value=end.day.isoformat(),
        expected=f"a date on or after {start.tag} ({start.day.isoformat()})",
    )
