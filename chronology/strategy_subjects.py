"""Who a recorded strategy discussion is about, as the chair's organisation's own person refs.

An entry names its subjects by its organisation's `person_ref`s, so each chosen person
(a resolved person of the case) becomes one: the organisation's own mention of them when it
has one, or else a new person row carrying the identifiers the other agencies hold (NHS
number, date of birth, names, sex, address), so that matching joins it to the same person.

The new row's ref is chosen so that its mention id sorts after the person's id: a person's id
is the smallest of their mention ids, so the person keeps their id (and every link to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from chronology.dates import FuzzyDate
from chronology.domain import ids
from chronology.errors import ChronologyError
from chronology.people.models import Person
from chronology.records import PersonRecord, RowRef

SHEET = "strategy discussion"
NAME_FIELDS = ("given_names", "family_name", "known_as")
PLACE_FIELDS = ("postcode", "address")
MAX_REF_TRIES = 1000


class SubjectNotFound(ChronologyError):
    """A subject that is not one of the case's people."""


@dataclass(frozen=True)
class Subject:
    """A person the discussion is about; `new_row` when the organisation did not know them."""

    person: Person
    person_ref: str
    new_row: PersonRecord | None = None
    new_mention_id: UUID | None = None


def subjects_for(
    case_ref: str,
    organisation: str,
    person_ids: tuple[str, ...],
    people: list[Person],
    mention_records: dict[str, dict[str, Any]],
) -> list[Subject]:
    """Each chosen person as a subject of the organisation's entry, in the order given.

    `mention_records` are the stored person records by mention id (any UUID spelling).
    """
    by_id = {person.id: person for person in people}
    records = {str(UUID(key)): record for key, record in mention_records.items()}
    key = ids.organisation_key(organisation)
    own_refs = {m.person_ref for p in people for m in p.mentions if _same(m.organisation, key)}
    subjects = []
    for given in person_ids:
        person = by_id.get(_person_id(given))
        if person is None:
            raise SubjectNotFound(
                f"subject {given.strip()!r} is not a person of case {case_ref}; use an id from"
                f" `chronology people --case {case_ref} --json`"
            )
        known = [m.person_ref for m in person.mentions if _same(m.organisation, key)]
        if known:
            subjects.append(Subject(person, sorted(known)[0]))
            continue
        ref, mention_id = _fresh_ref(case_ref, organisation, person.id, own_refs)
        own_refs.add(ref)
        row = _row(ref, person, [records[m.mention_id] for m in person.mentions])
        subjects.append(Subject(person, ref, row, mention_id))
    return subjects


def _same(organisation: str, key: str) -> bool:
    return ids.organisation_key(organisation) == key


def _person_id(given: str) -> str:
    try:
        return str(UUID(given.strip()))
    except ValueError:
        return given.strip()


def _fresh_ref(
    case_ref: str, organisation: str, person_id: str, taken: set[str]
) -> tuple[str, UUID]:
    """An unused ref whose mention id sorts after the person's id (see the module note)."""
    case_id = ids.case_id(case_ref)
    fallback: tuple[str, UUID] | None = None
    for attempt in range(1, MAX_REF_TRIES + 1):
        ref = f"chronology-{person_id[:8]}" + (f"-{attempt}" if attempt > 1 else "")
        if ref in taken:
            continue
        mention_id = ids.mention_id(case_id, organisation, ref)
        if str(mention_id) > person_id:
            return ref, mention_id
        fallback = fallback or (ref, mention_id)
    assert fallback is not None, "a thousand refs cannot all be taken"
    return fallback  # the person's id changes; they are still one person


def _row(ref: str, person: Person, records: list[dict[str, Any]]) -> PersonRecord:
    """A person row with the identifiers the case's other mentions of the person hold."""
    named = next((r for r in records if _display(r) == person.name), records[0])
    fields: dict[str, Any] = {name: named.get(name) for name in (*NAME_FIELDS, *PLACE_FIELDS)}
    fields["known_as"] = tuple(fields["known_as"] or ())
    for name in PLACE_FIELDS:
        fields[name] = fields[name] or _first(records, name)
    fields["nhs_number"] = _first(records, "nhs_number")
    fields["sex"] = person.sex or _first(records, "sex")
    if person.date_of_birth is not None:
        fields["date_of_birth"] = FuzzyDate.of(person.date_of_birth)
    else:
        fields["date_of_birth"] = _first(records, "date_of_birth")
        fields["expected_birth_date"] = _first(records, "expected_birth_date")
    return PersonRecord.model_validate(
        {
            **fields,
            "person_ref": ref,
            "origin": RowRef(sheet=SHEET, row=1),
        }
    )


def _display(record: dict[str, Any]) -> str:
    return " ".join(part for part in (record.get("given_names"), record.get("family_name")) if part)


def _first(records: list[dict[str, Any]], name: str) -> Any:
    return next((record[name] for record in records if record.get(name)), None)
