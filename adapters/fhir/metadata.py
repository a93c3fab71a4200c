"""Who sent a bundle: the organisation and its agency type, from the options or the bundle.

Options win. Otherwise the sender is the Organization that keeps the record: a document's
custodian or author, else the Patient's managingOrganization, else the encounters' most
common serviceProvider, else the bundle's only Organization. Its agency type is read from
its name and type ("Riverside Surgery" is a GP practice, "... NHS Foundation Trust" a
hospital); when neither says, the uploader is asked for `--agency`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.organization import Organization

from adapters.canonical.reader import MetadataOverrides
from adapters.fhir.datatypes import concepts_text, fuzzy_date
from adapters.fhir.references import References
from adapters.fhir.resources import Resource
from chronology.problems import Problem, error
from chronology.records import ExtractMetadata
from chronology.vocabulary import Agency

AGENCY_WORDS: list[tuple[re.Pattern[str], Agency]] = [
    (re.compile(pattern, re.IGNORECASE), agency)
    for pattern, agency in (
        (r"ambulance", Agency.AMBULANCE),
        (r"\bcamhs\b|child and adolescent mental health", Agency.CAMHS),
        (r"health visit|\b0-19\b|0 to 19|public health nurs", Agency.HEALTH_VISITING),
        (r"midwi|maternity", Agency.MIDWIFERY),
        (r"mental health", Agency.ADULT_MENTAL_HEALTH),
        (r"surgery|practice|medical cent|health cent|\bgp\b|general practi", Agency.GP),
        (r"hospital|infirmary|\btrust\b|emergency department", Agency.HOSPITAL),
    )
]
ALLOWED = ", ".join(agency.value for agency in Agency)


@dataclass(frozen=True)
class Sender:
    """The organisation that keeps the record, with the words that may say its agency type."""

    name: str
    words: str = ""


def read_metadata(
    shell: Any,
    resources: list[Resource],
    references: References,
    overrides: MetadataOverrides,
    problems: list[Problem],
) -> ExtractMetadata | None:
    """The extract's metadata, or None with an error saying which option to give."""
    sender = _sender(resources, references)
    given = (overrides.organisation or "").strip()
    organisation = given or sender.name
    agency = _agency(overrides, given or f"{sender.name} {sender.words}", problems)
    if not organisation:
        expected = "--organisation, or an Organization in the bundle that keeps the record"
        problems.append(error("the organisation is not given", **_place("organisation", expected)))
    if not organisation or agency is None:
        return None
    meta = getattr(shell, "meta", None)
    return ExtractMetadata(
        organisation=organisation[:200],
        agency=agency,
        area=overrides.area,
        source_system=str(meta.source)[:200] if meta is not None and meta.source else None,
        extracted_on=fuzzy_date(getattr(shell, "timestamp", None)),
    )


def _sender(resources: list[Resource], references: References) -> Sender:
    """The first candidate that names an organisation."""
    for candidate in _candidates(resources):
        sender = _resolved(candidate, references)
        if sender.name:
            return sender
    return Sender(name="")


def _candidates(resources: list[Resource]) -> Iterator[Any]:
    """References to (or Organizations that may be) the sender, most telling first."""
    for resource in resources:
        if resource.kind == "Composition":
            yield from [resource.model.custodian, *(resource.model.author or [])]
    for resource in resources:
        if resource.kind == "Patient":
            yield resource.model.managingOrganization
    providers = [r.model.serviceProvider for r in resources if r.kind == "Encounter"]
    counted = Counter(_shown(provider) for provider in providers if provider is not None)
    for shown, _ in counted.most_common():
        yield next(p for p in providers if p is not None and _shown(p) == shown)
    organisations = [resource for resource in resources if resource.kind == "Organization"]
    if len(organisations) == 1:
        yield organisations[0].model


def _shown(reference: Any) -> str:
    return str(reference.reference or reference.display or "")


def _resolved(candidate: Any, references: References) -> Sender:
    if candidate is None:
        return Sender(name="")
    if isinstance(candidate, Organization):
        organisation: Organization | None = candidate
    else:
        found = references.find(candidate, ["Organization"])
        organisation = found.model if found is not None else None
    if organisation is None:
        return Sender(name=references.display(candidate))
    aliases = [alias for alias in organisation.alias or [] if alias]
    words = " ".join([*aliases, concepts_text(organisation.type or [])])
    return Sender(name=(organisation.name or "").strip(), words=words)


def _agency(overrides: MetadataOverrides, words: str, problems: list[Problem]) -> Agency | None:
    if overrides.agency:
        return _agency_option(overrides.agency, problems)
    for pattern, agency in AGENCY_WORDS:
        if pattern.search(words):
            return agency
    expected = f"--agency, one of {ALLOWED}"
    problems.append(error("the agency is not given", **_place("agency", expected)))
    return None


def _agency_option(code: str, problems: list[Problem]) -> Agency | None:
    try:
        return Agency(code.strip().lower())
    except ValueError:
        shown = code[:60]
        problems.append(
            error(
                f"'{shown}' is not an agency code",
                sheet="options",
                column="agency",
                value=shown,
                expected=f"one of {ALLOWED}",
            )
        )
        return None


def _place(column: str, expected: str) -> dict[str, Any]:
    return {"sheet": "Bundle", "column": column, "expected": expected}
