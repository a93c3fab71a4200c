"""Relationships from a bundle: each RelatedPerson is the <relationship> of its patient.

The code (v3 RoleCode, v2 contact role or UK Core role) is mapped by `codes.relationship_for`,
else the label's words are read; an unknown code is kept as `other` with a warning. FHIR
records no parental responsibility, so it is left unset: not recorded is itself a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from fhir.resources.R4B.relatedperson import RelatedPerson

from adapters.fhir.codes import RELATIONSHIP_CODES, relationship_for, relationship_from_words
from adapters.fhir.datatypes import concept_text, fuzzy_date
from adapters.fhir.people import ADULT_YEARS, age_on
from adapters.fhir.references import References, named_kind_and_key
from adapters.fhir.resources import Resource
from chronology.problems import Problem
from chronology.records import PersonRecord, RelationshipRecord
from chronology.vocabulary import RelationshipType, Sex

CODES_EXPECTED = "a v3 RoleCode such as MTH, FTH, STPFTH, DOMPART, GRMTH, or a UK Core role"


def read_relationships(
    resources: Iterable[Resource],
    references: References,
    people: dict[str, PersonRecord],
    today: date,
    problems: list[Problem],
) -> list[RelationshipRecord]:
    """One relationship for each RelatedPerson whose patient can be named."""
    found = (
        relationship(resource, references, people, today, problems)
        for resource in resources
        if resource.kind == "RelatedPerson"
    )
    return [record for record in found if record is not None]


def relationship(
    resource: Resource,
    references: References,
    people: dict[str, PersonRecord],
    today: date,
    problems: list[Problem],
) -> RelationshipRecord | None:
    """The RelatedPerson as the <relationship> of its patient."""
    model: RelatedPerson = resource.model
    patient_ref = _patient_ref(resource, references, problems)
    if not patient_ref:
        return None
    adult = _is_adult(people.get(patient_ref), today)
    sex = Sex(model.gender) if model.gender in set(Sex) else None
    period = model.period
    return RelationshipRecord(
        origin=resource.origin,
        person_ref=resource.key,
        relationship=_relationship(resource, adult, sex, problems),
        related_person_ref=patient_ref,
        from_date=fuzzy_date(period.start) if period is not None else None,
        to_date=fuzzy_date(period.end) if period is not None else None,
    )


def _patient_ref(resource: Resource, references: References, problems: list[Problem]) -> str:
    patient = references.find(resource.model.patient, ["Patient"])
    if patient is not None:
        return patient.key
    _, key = named_kind_and_key(resource.model.patient)
    problems.append(
        resource.warning(
            "patient",
            "the patient is not in this bundle" if key else "the patient reference is unreadable",
            "a reference to a Patient in the bundle",
            key[:80],
        )
    )
    return key


def _relationship(
    resource: Resource, adult: bool, sex: Sex | None, problems: list[Problem]
) -> RelationshipType:
    concepts: list[Any] = resource.model.relationship or []
    codes = [coding.code for concept in concepts for coding in concept.coding or [] if coding.code]
    for code in codes:
        kind = relationship_for(code, adult, sex)
        if kind is not None and kind is not RelationshipType.OTHER:
            return kind
    for concept in concepts:
        kind = relationship_from_words(concept_text(concept), adult)
        if kind is not None:
            return kind
    if not any(code.strip().upper() in RELATIONSHIP_CODES for code in codes):
        problems.append(_unknown(resource, codes, concepts))
    return RelationshipType.OTHER


def _unknown(resource: Resource, codes: list[str], concepts: list[Any]) -> Problem:
    shown = "; ".join(codes) or (concept_text(concepts[0]) if concepts else "")
    message = "the relationship is not a known code" if shown else "no relationship is given"
    return resource.warning("relationship", f"{message}: kept as other", CODES_EXPECTED, shown[:80])


def _is_adult(patient: PersonRecord | None, today: date) -> bool:
    """Without a birth date the patient is taken as a child: a bundle sent for a child's
    chronology is about the child."""
    age = age_on(patient, today)
    return age is not None and age >= ADULT_YEARS
