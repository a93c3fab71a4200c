"""What every resource-to-entry converter shares: the bundle's references and people, today,
and the problems found so far; and the one way an `EntryRecord` is made from a resource.

An entry needs a date and a patient. A resource with neither is left out with a warning
(the export cannot be corrected by hand as a spreadsheet can, so it does not block).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from adapters.fhir.datatypes import clipped
from adapters.fhir.people import ADULT_YEARS, age_on
from adapters.fhir.references import References, named_kind_and_key
from adapters.fhir.resources import Resource
from chronology.dates import FuzzyDate
from chronology.problems import Problem
from chronology.records import EntryRecord, PersonRecord
from chronology.vocabulary import EventType


@dataclass
class EntryContext:
    """The bundle as converters see it."""

    references: References
    people: dict[str, PersonRecord]
    today: date
    problems: list[Problem]

    def subjects(self, resource: Resource, references: Iterable[Any], column: str) -> list[str]:
        """The patients the references name; one not in the bundle is kept, with a warning."""
        found: list[str] = []
        for reference in references:
            patient = self.references.find(reference, ["Patient"])
            if patient is not None:
                found.append(patient.key)
                continue
            kind, key = named_kind_and_key(reference)
            if key and kind in (None, "Patient"):
                self.problems.append(
                    resource.warning(
                        column,
                        "the patient is not in this bundle",
                        "a reference to a Patient in the bundle",
                        key[:80],
                    )
                )
                found.append(key)
        return list(dict.fromkeys(found))

    def any_child(self, person_refs: Iterable[str], on: FuzzyDate | None) -> bool:
        """Whether any of them was under 18 on the day (a person with no birth date is not)."""
        if on is None:
            return False
        return any(self._is_child(ref, on.start) for ref in person_refs)

    def entry(
        self,
        resource: Resource,
        subjects: list[str],
        occurred: tuple[FuzzyDate | None, str],
        event_type: str,
        summary: str,
        **more: Any,
    ) -> EntryRecord | None:
        """The resource as an entry; None (with a warning) when it has no patient or no date."""
        when, column = occurred
        if not subjects:
            self._left_out(resource, "subject", "it names no patient", "a Patient reference")
            return None
        if when is None:
            self._left_out(resource, column, "it has no date", "a FHIR date or dateTime")
            return None
        if when.start > self.today:
            self.problems.append(
                resource.warning(column, "the date is in the future", "a date up to today")
            )
        return EntryRecord(
            origin=resource.origin,
            record_ref=resource.record_ref,
            occurred=when,
            event_type=EventType(event_type),
            subjects=tuple(subjects),
            summary=clipped(summary),
            **more,
        )

    def _left_out(self, resource: Resource, column: str, why: str, expected: str) -> None:
        message = f"the {resource.kind} is left out of the chronology: {why}"
        self.problems.append(resource.warning(column, message, expected))

    def _is_child(self, person_ref: str, on: date) -> bool:
        age = age_on(self.people.get(person_ref), on)
        return age is not None and age < ADULT_YEARS
