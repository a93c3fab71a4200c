"""Resolved people and the relationship facts about them: what matching hands to the graph.

A `Person` is one or more person mentions (one per organisation row) judged to be the same
human being. A `RelationshipFact` is one organisation's relationships row, restated between
resolved people. Both are read models: they are recomputed, never stored as the truth.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from chronology.vocabulary import (
    Agency,
    ParentalResponsibility,
    PRBasis,
    RelationshipType,
    YesNoUnknown,
)

ADULT_AGE_YEARS = 18


class MentionRef(BaseModel):
    """One organisation's row for a person."""

    model_config = ConfigDict(frozen=True)

    mention_id: str
    organisation: str
    agency: Agency
    person_ref: str
    name: str


class Person(BaseModel):
    """A resolved person: a stable id (the smallest member mention id) and what is known of them."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    date_of_birth: date | None = None
    expected_birth_date: date | None = None
    sex: str | None = None
    is_child: bool
    mentions: tuple[MentionRef, ...]

    @property
    def known_to(self) -> tuple[str, ...]:
        """The agencies (codes) that hold a record of this person, sorted."""
        return tuple(sorted({str(mention.agency) for mention in self.mentions}))

    @property
    def organisations(self) -> tuple[str, ...]:
        return tuple(sorted({mention.organisation for mention in self.mentions}))


class RelationshipFact(BaseModel):
    """One organisation's statement: `person_id` is the `relationship` of `related_person_id`."""

    model_config = ConfigDict(frozen=True)

    person_id: str
    relationship: RelationshipType
    related_person_id: str
    parental_responsibility: ParentalResponsibility | None = None
    pr_basis: PRBasis | None = None
    lives_with_child: YesNoUnknown | None = None
    from_date: date | None = None
    to_date: date | None = None
    organisation: str
    agency: Agency


def is_child_on(date_of_birth: date | None, expected: date | None, on: date) -> bool | None:
    """Whether someone is a child on a date (unborn counts as a child); None when unknown."""
    if date_of_birth is None:
        return True if expected is not None else None
    years = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    return years < ADULT_AGE_YEARS


def as_at(person: Person, on: date) -> Person:
    """The person as they were on a date: a child then, though an adult now (or not yet
    known to be either, when no date of birth is recorded: as assembled)."""
    child = is_child_on(person.date_of_birth, person.expected_birth_date, on)
    if child is None or child == person.is_child:
        return person
    return person.model_copy(update={"is_child": child})
