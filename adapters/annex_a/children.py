"""The children of a return: one person per Child Unique ID, merged across the lists.

Every list repeats the child's gender, ethnicity and date of birth; the first given is kept
and a different one in a later row is a warning naming both places. A date of birth after
the day of reading can only be an expected one: the child is unborn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from adapters.annex_a.codes import GENDERS
from adapters.annex_a.row import ListRow
from chronology.dates import FuzzyDate
from chronology.problems import Problem, warning
from chronology.records import PersonRecord, RowRef
from chronology.vocabulary import Sex

T = TypeVar("T")
SEXES = {"M": Sex.MALE, "F": Sex.FEMALE, "U": Sex.UNKNOWN, "N": Sex.OTHER}


@dataclass
class _Child:
    origin: RowRef
    born: tuple[FuzzyDate, RowRef] | None = None
    expected: FuzzyDate | None = None
    sex: tuple[Sex, RowRef] | None = None
    extra: dict[str, str] = field(default_factory=dict)


class Children:
    """Collects what every row says about its child; `records()` gives one person each."""

    def __init__(self, problems: list[Problem], today: date) -> None:
        self.problems, self.today = problems, today
        self._children: dict[str, _Child] = {}

    def see(self, row: ListRow) -> None:
        child = self._children.setdefault(row.child, _Child(origin=row.origin))
        self._date_of_birth(row, child)
        self._sex(row, child)
        ethnicity, disability = row.text("ethnicity", limit=100), row.yes_no("disability")
        if ethnicity:
            child.extra.setdefault("ethnicity", ethnicity)
        if disability:
            child.extra.setdefault("disability", disability.value)

    def _sex(self, row: ListRow, child: _Child) -> None:
        """The gender first given; "not stated" gives way to a gender a later list states."""
        code = row.code("gender", GENDERS)
        if code is None or (code == "U" and child.sex is not None):
            return
        if child.sex is not None and child.sex[0] is Sex.UNKNOWN:
            child.sex = None
        child.sex = self._same(row, "gender", child.sex, SEXES[code], lambda sex: sex.value)

    def _date_of_birth(self, row: ListRow, child: _Child) -> None:
        born = row.date("date_of_birth", past=False)
        if born is None:
            return
        if born.start > self.today:  # only an expected date can be after today
            child.expected = child.expected or born
            return
        child.born = self._same(row, "date_of_birth", child.born, born, FuzzyDate.uk)

    def _same(
        self,
        row: ListRow,
        key: str,
        known: tuple[T, RowRef] | None,
        value: T,
        shown: Callable[[T], str],
    ) -> tuple[T, RowRef]:
        """The value first given; a different one here is a warning naming both places."""
        if known is None:
            return value, row.origin
        if known[0] != value:
            self.problems.append(_conflict(row, key, shown(known[0]), known[1], shown(value)))
        return known

    def records(self) -> list[PersonRecord]:
        return [self._record(ref, child) for ref, child in self._children.items()]

    @staticmethod
    def _record(ref: str, child: _Child) -> PersonRecord:
        return PersonRecord(
            origin=child.origin,
            extra=child.extra,
            person_ref=ref,
            la_child_id=ref,
            date_of_birth=child.born[0] if child.born else None,
            expected_birth_date=None if child.born else child.expected,
            sex=child.sex[0] if child.sex else None,
        )


def _conflict(row: ListRow, key: str, first: str, place: RowRef, now: str) -> Problem:
    what = "date of birth" if key == "date_of_birth" else key
    return warning(
        f"the {what} {now} differs from {first} given for this child at {place.sheet} row"
        f" {place.row}; the first is kept",
        sheet=row.layout.sheet,
        row=row.reader.row,
        column=row.header(key) or key,
        value=now,
        expected=f"one {what} for each child in every list",
    )
