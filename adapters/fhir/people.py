"""People from a bundle: each Patient and each RelatedPerson becomes a `PersonRecord`.

The person_ref is the resource's id (else its fullUrl's last part), so a reference such as
"Patient/<id>" names the same person. The NHS number is read from the identifier with the
NHS number system and checked like any other extract's (modulus 11); a failing check digit
is an error placed at that identifier.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.relatedperson import RelatedPerson

from adapters.fhir.datatypes import (
    address_text,
    concept_text,
    fuzzy_date,
    given_names,
    home_address,
    main_name,
    other_names,
)
from adapters.fhir.resources import Resource
from chronology.nhs import normalise_nhs_number
from chronology.problems import Problem
from chronology.records import PersonRecord
from chronology.vocabulary import Sex, YesNo

PERSON_KINDS = ("Patient", "RelatedPerson")
ADULT_YEARS = 18
NHS_NUMBER_SYSTEMS = frozenset(
    {"https://fhir.nhs.uk/Id/nhs-number", "http://fhir.nhs.uk/Id/nhs-number"}
)
NHS_EXPECTED = "10 digits passing the NHS modulus-11 check, e.g. 943 476 5919"


def read_people(resources: Iterable[Resource], problems: list[Problem]) -> list[PersonRecord]:
    """Every Patient and RelatedPerson as a person; a person_ref used twice is an error."""
    people: dict[str, PersonRecord] = {}
    for resource in resources:
        if resource.kind not in PERSON_KINDS:
            continue
        found = person(resource, problems)
        if found.person_ref in people:
            problems.append(
                resource.error(
                    "id",
                    f"the id {found.person_ref[:80]} is another person's in this bundle",
                    "each Patient and RelatedPerson with its own id",
                    found.person_ref[:80],
                )
            )
        else:
            people[found.person_ref] = found
    return list(people.values())


def person(resource: Resource, problems: list[Problem]) -> PersonRecord:
    """A Patient or RelatedPerson as the person one organisation knows."""
    model: Patient | RelatedPerson = resource.model
    name = main_name(model.name)
    address = home_address(model.address)
    period = address.period if address is not None else None
    return PersonRecord(
        origin=resource.origin,
        person_ref=resource.key,
        given_names=given_names(name),
        family_name=_stripped(name.family) if name else None,
        known_as=other_names(model.name, name),
        date_of_birth=fuzzy_date(model.birthDate),
        sex=Sex(model.gender) if model.gender in set(Sex) else None,
        nhs_number=_nhs_number(resource, problems),
        address=address_text(address) if address is not None else None,
        postcode=_stripped(address.postalCode) if address is not None else None,
        address_since=fuzzy_date(period.start) if period is not None else None,
        language=_language(model.communication),
        interpreter_needed=_interpreter_needed(model.extension),
    )


def _nhs_number(resource: Resource, problems: list[Problem]) -> str | None:
    for position, identifier in enumerate(resource.model.identifier or []):
        if identifier.system not in NHS_NUMBER_SYSTEMS or not identifier.value:
            continue
        number = normalise_nhs_number(identifier.value)
        if number is None:
            problems.append(
                resource.error(
                    f"identifier[{position}].value",
                    "the NHS number is not valid (wrong length or check digit)",
                    NHS_EXPECTED,
                    identifier.value[:80],
                )
            )
        return number
    return None


def _language(communications: list[Any] | None) -> str | None:
    chosen = sorted(communications or [], key=lambda item: not item.preferred)
    return next((text for item in chosen if (text := concept_text(item.language))), None)


def _interpreter_needed(extensions: list[Any] | None, nested: bool = False) -> YesNo | None:
    """From an extension named '...interpreterRequired' (R4 core, or one level down in UK
    Core's NHSCommunication extension)."""
    for extension in extensions or []:
        url = extension.url or ""
        if url.endswith("interpreterRequired") and isinstance(extension.valueBoolean, bool):
            return YesNo.YES if extension.valueBoolean else YesNo.NO
        inner = None if nested else _interpreter_needed(extension.extension, nested=True)
        if inner is not None:
            return inner
    return None


def age_on(person: PersonRecord | None, day: date) -> int | None:
    """The person's age in whole years on the day; None without a birth date or before it."""
    born = person.date_of_birth.start if person and person.date_of_birth else None
    if born is None or born > day:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _stripped(value: str | None) -> str | None:
    return (value or "").strip() or None
