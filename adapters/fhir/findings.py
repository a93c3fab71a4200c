"""Findings and alerts from a bundle: Conditions, Observations and Flags as entries.

A Condition or Observation becomes an entry only when it describes an injury or a concern
(`clinical_terms.finding`); a routine weight or a cough is not a chronology event. A Flag
about a patient (a CP-IS style alert) becomes `cp_plan_started` when it says child protection
plan, else `other`, dated from the start of its period.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.observation import Observation

from adapters.fhir.clinical_terms import Finding, finding
from adapters.fhir.codes import CHILD_PROTECTION_PLAN
from adapters.fhir.context import EntryContext
from adapters.fhir.datatypes import codings, concept_text, concepts_text, fuzzy_date
from adapters.fhir.resources import Resource
from chronology.dates import FuzzyDate
from chronology.records import EntryRecord

NOT_FINDINGS = frozenset({"refuted", "entered-in-error", "cancelled"})


def _texts(concepts: Sequence[CodeableConcept | None]) -> list[str]:
    """Every text and display the concepts carry."""
    texts = [concept.text or "" for concept in concepts if concept is not None]
    return texts + [
        coding.display or ""
        for concept in concepts
        if concept is not None
        for coding in concept.coding or []
    ]


def condition(resource: Resource, context: EntryContext) -> EntryRecord | None:
    """A Condition that names an injury or a concern, from its onset."""
    model: Condition = resource.model
    verification = {code for _, code in codings([model.verificationStatus])}
    found = finding(codings([model.code]), _texts([model.code]))
    if found is None or verification & NOT_FINDINGS:
        return None
    onset = model.onsetPeriod.start if model.onsetPeriod else None
    when = (
        fuzzy_date(model.onsetDateTime)
        or fuzzy_date(onset)
        or fuzzy_date(model.onsetString)
        or fuzzy_date(model.recordedDate)
    )
    return _finding_entry(
        resource,
        context,
        found,
        (when, "onsetDateTime"),
        concept_text(model.code),
        sites=list(model.bodySite or []),
        recorded_on=fuzzy_date(model.recordedDate),
    )


def observation(resource: Resource, context: EntryContext) -> EntryRecord | None:
    """An Observation whose code or value describes an injury or a concern; not one found absent."""
    model: Observation = resource.model
    concepts = [model.code, model.valueCodeableConcept]
    found = finding(codings(concepts), [*_texts(concepts), model.valueString or ""])
    if found is None or model.status in NOT_FINDINGS or model.valueBoolean is False:
        return None
    period = model.effectivePeriod.start if model.effectivePeriod else None
    when = (
        fuzzy_date(model.effectiveDateTime)
        or fuzzy_date(period)
        or fuzzy_date(model.effectiveInstant)
        or fuzzy_date(model.issued)
    )
    value = model.valueString or concept_text(model.valueCodeableConcept)
    return _finding_entry(
        resource,
        context,
        found,
        (when, "effectiveDateTime"),
        ": ".join(text for text in (concept_text(model.code), value) if text),
        sites=[model.bodySite] if model.bodySite else [],
        recorded_on=fuzzy_date(model.issued),
    )


def _finding_entry(
    resource: Resource,
    context: EntryContext,
    found: Finding,
    occurred: tuple[FuzzyDate | None, str],
    what: str,
    sites: list[CodeableConcept],
    **more: Any,
) -> EntryRecord | None:
    """The finding as an entry about the resource's subject, with where on the body."""
    model: Condition | Observation = resource.model
    attributes = dict(found.attributes)
    if site := concepts_text(sites):
        attributes["body_site"] = site
    notes = "\n".join(note.text for note in model.note or [] if note.text) or None
    return context.entry(
        resource,
        context.subjects(resource, [model.subject], "subject"),
        occurred,
        found.event_type,
        f"{found.label}: {what}",
        detail=notes,
        attributes=attributes,
        **more,
    )


def flag(resource: Resource, context: EntryContext) -> EntryRecord | None:
    """An alert about a patient; a child protection plan alert dates the plan's start."""
    model: Flag = resource.model
    if model.status == "entered-in-error":
        return None
    text = concept_text(model.code)
    words = " ".join([*_texts([model.code]), *_texts(model.category or [])])
    plan = bool(CHILD_PROTECTION_PLAN.search(words))
    period = model.period
    return context.entry(
        resource,
        context.subjects(resource, [model.subject], "subject"),
        (fuzzy_date(period.start) if period else None, "period.start"),
        "cp_plan_started" if plan else "other",
        f"{'Child protection plan alert' if plan else 'Alert'}: {text or 'no text'}",
        occurred_end=fuzzy_date(period.end) if period else None,
        source=context.references.display(model.author) or None,
        attributes={"alert": text} if text else {},
    )
