"""A Child's identifiers and characteristics as a person record; a death as an entry.

The census holds no names and no adults: the child is known by the local authority's child
ID, with a pupil number (UPN) that schools share, a date of birth (or expected birth, for an
unborn child) and a gender. Ethnicity and disabilities are kept, in words, as extra fields.
"""

from __future__ import annotations

import re

from adapters.cin_census.codes import DISABILITIES, ETHNICITIES, GENDERS, describe
from adapters.cin_census.dated import Dated
from adapters.cin_census.entries import ChildEntries
from adapters.cin_census.fields import Fields
from adapters.cin_census.xml_tree import Element
from chronology.dates import FuzzyDate
from chronology.problems import Problem, error
from chronology.records import PersonRecord, RowRef

UPN = re.compile(r"[A-Z][0-9]{12}|[A-Z][0-9]{11}[A-Z]")
UPN_EXPECTED = "a letter and 12 digits, or a letter, 11 digits and a letter (e.g. A123456789012)"


def child_identifiers(child: Element, problems: list[Problem]) -> Fields | None:
    """The Child's identifiers; a Child without them (or without LAchildID) is an error."""
    identifiers = child.first("ChildIdentifiers")
    if identifiers is None:
        problems.append(
            error(
                "the Child has no ChildIdentifiers",
                sheet="Child",
                row=child.line,
                column="ChildIdentifiers",
                expected="ChildIdentifiers holding the child's LAchildID",
            )
        )
        return None
    return Fields(identifiers, problems)


def read_person(child: Element, fields: Fields, entries: ChildEntries) -> PersonRecord:
    """The child as a person known by the LAchildID; a death date becomes an entry."""
    born, expected = fields.dated("PersonBirthDate"), fields.dated("ExpectedPersonBirthDate")
    gender = fields.code("GenderCurrent", GENDERS)
    _death(fields, entries, born)
    return PersonRecord(
        origin=RowRef(sheet=fields.element.tag, row=fields.line("LAchildID")),
        person_ref=entries.child_id,
        la_child_id=entries.child_id,
        upn=_upn(fields, "UPN"),
        date_of_birth=FuzzyDate(start=born.day) if born else None,
        expected_birth_date=FuzzyDate(start=expected.day) if expected else None,
        sex=GENDERS.get(gender or ""),
        extra=_characteristics(child, fields.problems) | _former_upn(fields),
    )


def _death(fields: Fields, entries: ChildEntries, born: Dated | None) -> None:
    """The census has no event for a death but its date: an `other` entry, as sent."""
    died = fields.dated("PersonDeathDate")
    fields.in_order(born, died)
    if died is not None:
        entries.add(
            f"{entries.child_id}/death",
            "other",
            died,
            "Child died",
            event_type_as_sent="PersonDeathDate",
        )


def _upn(fields: Fields, tag: str) -> str | None:
    value = fields.text(tag, limit=40)
    if value is None or UPN.fullmatch(value.upper()):
        return value.upper() if value else None
    fields.note(f"{tag} is not a valid unique pupil number; left out", tag, value, UPN_EXPECTED)
    return None


def _former_upn(fields: Fields) -> dict[str, str]:
    former = _upn(fields, "FormerUPN")
    return {"former_upn": former} if former else {}


def _characteristics(child: Element, problems: list[Problem]) -> dict[str, str]:
    found = child.first("ChildCharacteristics")
    if found is None:
        return {}
    fields = Fields(found, problems)
    ethnicity = fields.code("Ethnicity", ETHNICITIES)
    disabilities: list[str] = []
    for holder in found.all("Disabilities"):
        disabilities += Fields(holder, problems).codes("Disability", DISABILITIES)
    extra = {"ethnicity": f"{describe(ETHNICITIES, ethnicity)} ({ethnicity})"} if ethnicity else {}
    if disabilities:
        named = (f"{describe(DISABILITIES, code)} ({code})" for code in dict.fromkeys(disabilities))
        extra["disabilities"] = "; ".join(named)
    return extra
