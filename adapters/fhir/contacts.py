"""Contacts from a bundle: Encounters, Appointments and Immunizations as entries.

A child who misses an appointment *was not brought*: the summary says so, never "did not
attend" or "DNA", which hide who was responsible. Booked appointments still to come are
not yet events and are left out; so is anything entered in error.
"""

from __future__ import annotations

from fhir.resources.R4B.appointment import Appointment
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.immunization import Immunization

from adapters.fhir.codes import ENCOUNTER_CLASSES, ENCOUNTER_LABELS, ENCOUNTER_WORDS
from adapters.fhir.context import EntryContext
from adapters.fhir.datatypes import codings, concept_text, concepts_text, fuzzy_date
from adapters.fhir.resources import Resource
from chronology.dates import FuzzyDate
from chronology.records import EntryRecord
from chronology.vocabulary import EventType

SKIPPED = frozenset({"entered-in-error"})
NOT_YET = frozenset({"proposed", "pending", "booked", "waitlist"})
ATTENDED = frozenset({"fulfilled", "arrived", "checked-in"})
DECLINED_REASONS = frozenset({"PATOBJ"})


def encounter(resource: Resource, context: EntryContext) -> EntryRecord | None:
    """An encounter by its class: emergency, inpatient, home, virtual, else attended."""
    model: Encounter = resource.model
    if model.status in SKIPPED | {"planned"}:
        return None
    event_type = "appointment_cancelled" if model.status == "cancelled" else _encounter_type(model)
    reason = concepts_text([*(model.reasonCode or []), *(model.type or [])])
    label = ENCOUNTER_LABELS[event_type]
    place = _place(model, context)
    period = model.period
    return context.entry(
        resource,
        context.subjects(resource, [model.subject], "subject"),
        (fuzzy_date(period.start) if period else None, "period.start"),
        event_type,
        f"{label}{f' at {place}' if place else ''}{f': {reason}' if reason else ''}",
        occurred_end=fuzzy_date(period.end) if period else None,
        outcome=_discharge(model) or None,
    )


def _encounter_type(model: Encounter) -> str:
    code = (model.class_fhir.code or "").strip().upper()
    if code in ENCOUNTER_CLASSES:
        return str(ENCOUNTER_CLASSES[code])
    words = " ".join([model.class_fhir.display or "", concepts_text(model.type or [])])
    found = (kind for pattern, kind in ENCOUNTER_WORDS if pattern.search(words))
    return str(next(found, EventType("appointment_attended")))


def _place(model: Encounter, context: EntryContext) -> str:
    for location in model.location or []:
        if shown := context.references.display(location.location):
            return shown
    provider = context.references.find(model.serviceProvider, ["Organization"])
    name = provider.model.name if provider is not None else None
    return (name or context.references.display(model.serviceProvider)).strip()


def _discharge(model: Encounter) -> str:
    stay = model.hospitalization
    return concept_text(stay.dischargeDisposition) if stay is not None else ""


def appointment(resource: Resource, context: EntryContext) -> EntryRecord | None:
    """A missed, cancelled or attended appointment; one still to come is left out."""
    model: Appointment = resource.model
    actors = [participant.actor for participant in model.participant or []]
    when = fuzzy_date(model.start) or _requested(model)
    if model.status in SKIPPED or (model.status in NOT_YET and when and when.start > context.today):
        return None
    subjects = context.subjects(resource, actors, "participant")
    what = model.description or concepts_text(
        [*(model.serviceType or []), model.appointmentType, *(model.reasonCode or [])]
    )
    event_type, summary = _appointment_outcome(model.status, context.any_child(subjects, when))
    return context.entry(
        resource,
        subjects,
        (when, "start"),
        event_type,
        f"{summary}: {what or 'appointment'}",
        outcome=concept_text(model.cancelationReason) or None,
        recorded_on=fuzzy_date(model.created),
    )


def _requested(model: Appointment) -> FuzzyDate | None:
    periods = model.requestedPeriod or []
    return fuzzy_date(periods[0].start) if periods else None


def _appointment_outcome(status: str | None, child: bool) -> tuple[str, str]:
    if status == "noshow":
        return "appointment_missed", "Was not brought" if child else "Missed appointment"
    if status == "cancelled":
        return "appointment_cancelled", "Appointment cancelled"
    if status in ATTENDED:
        return "appointment_attended", "Attended appointment"
    return "other", "Appointment booked, outcome not recorded"


def immunization(resource: Resource, context: EntryContext) -> EntryRecord | None:
    """Given, declined, or not given (a child not brought for it)."""
    model: Immunization = resource.model
    if model.status in SKIPPED:
        return None
    when = fuzzy_date(model.occurrenceDateTime) or fuzzy_date(model.occurrenceString)
    subjects = context.subjects(resource, [model.patient], "patient")
    vaccine = concept_text(model.vaccineCode) or "vaccine"
    reason = concept_text(model.statusReason)
    event_type, summary = _immunisation_outcome(model, context.any_child(subjects, when))
    return context.entry(
        resource,
        subjects,
        (when, "occurrenceDateTime"),
        event_type,
        f"{summary}: {vaccine}{f' ({reason})' if reason else ''}",
        recorded_on=fuzzy_date(model.recorded),
    )


def _immunisation_outcome(model: Immunization, child: bool) -> tuple[str, str]:
    if model.status == "completed":
        return "immunisation", "Immunisation given"
    codes = {code for _, code in codings([model.statusReason]) if code}
    if codes & DECLINED_REASONS:
        return "service_declined", "Immunisation declined"
    if codes:
        return "other", "Immunisation not given"
    return (
        "appointment_missed",
        "Was not brought for immunisation" if child else "Immunisation missed",
    )
