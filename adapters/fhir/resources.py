"""The bundle's resources that the chronology reads, each validated with its FHIR R4B model.

Only the kinds listed in `MODELS` are read; any other resource (Practitioner, Location...)
is passed over without a problem. A resource that fails validation is reported and not used.
Each resource keeps its entry number, so every record and problem can name its place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.immunization import Immunization
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.relatedperson import RelatedPerson
from fhir_core.fhirabstractmodel import FHIRAbstractModel

from adapters.fhir.bundle import RawEntry
from adapters.fhir.validation import validated
from chronology.problems import Problem, error, warning
from chronology.records import RowRef

MODELS: dict[str, type[FHIRAbstractModel]] = {
    model.__name__: model
    for model in (
        Patient,
        RelatedPerson,
        Encounter,
        Appointment,
        Condition,
        Observation,
        Flag,
        Immunization,
        Organization,
        Composition,
    )
}
URN_PREFIXES = ("urn:uuid:", "urn:oid:")
UNNAMED_ALLOWED = frozenset({"Organization", "Composition"})  # read in place, never referenced


@dataclass(frozen=True)
class Resource:
    """A validated resource and its place in the bundle."""

    entry: RawEntry
    model: Any  # one of MODELS; converters narrow it by `kind`

    @property
    def kind(self) -> str:
        return self.entry.resource_type

    @property
    def key(self) -> str:
        """The resource's id, else the last part of its fullUrl; '' when it has neither."""
        if self.model.id:
            return str(self.model.id)
        full_url = (self.entry.full_url or "").strip()
        for prefix in URN_PREFIXES:
            full_url = full_url.removeprefix(prefix)
        return full_url.rstrip("/").rsplit("/", 1)[-1][:200]

    @property
    def record_ref(self) -> str:
        return f"{self.kind}/{self.key}"

    @property
    def origin(self) -> RowRef:
        return RowRef(sheet="Bundle.entry", row=self.entry.number)

    def error(self, column: str, message: str, expected: str = "", value: str = "") -> Problem:
        return error(message, **self._place(column), expected=expected, value=value)

    def warning(self, column: str, message: str, expected: str = "", value: str = "") -> Problem:
        return warning(message, **self._place(column), expected=expected, value=value)

    def _place(self, column: str) -> dict[str, Any]:
        return {"sheet": self.entry.sheet, "row": self.entry.number, "column": column or "id"}


def read_resources(
    entries: list[RawEntry], problems: list[Problem], tick: Callable[[], None]
) -> list[Resource]:
    """The entries this adapter reads, validated; each resource once."""
    resources: list[Resource] = []
    seen: dict[str, int] = {}
    for entry in entries:
        tick()
        model = MODELS.get(entry.resource_type)
        if model is None:
            continue
        valid = validated(model, entry.resource, entry.sheet, entry.number, problems)
        if valid is not None:
            resource = Resource(entry, valid)
            if _is_new(resource, seen, problems):
                resources.append(resource)
    return resources


def _is_new(resource: Resource, seen: dict[str, int], problems: list[Problem]) -> bool:
    if not resource.key:
        if resource.kind in UNNAMED_ALLOWED:
            return True
        problems.append(
            resource.error(
                "id",
                "the resource has neither an id nor a fullUrl",
                "an id, or an entry fullUrl such as urn:uuid:...",
            )
        )
        return False
    if resource.record_ref in seen:
        problems.append(
            resource.error(
                "id",
                f"{resource.record_ref} repeats entry {seen[resource.record_ref]}",
                "each resource once in the bundle",
                resource.record_ref,
            )
        )
        return False
    seen[resource.record_ref] = resource.entry.number
    return True
