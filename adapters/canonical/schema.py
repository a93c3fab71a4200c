"""The columns of the canonical extract, version 1 (EXTRACT-FORMAT.md): the import contract."""

from __future__ import annotations

PEOPLE = (
    "person_ref given_names family_name known_as date_of_birth expected_birth_date sex "
    "nhs_number upn la_child_id police_ref address postcode address_since language "
    "interpreter_needed"
).split()
RELATIONSHIPS = (
    "person_ref relationship related_person_ref parental_responsibility pr_basis "
    "lives_with_child from to"
).split()
EVENTS = (
    "record_ref occurred occurred_end recorded_on event_type subjects summary detail source "
    "child_seen seen_alone child_voice shared_with shared_on invited attended outcome status "
    "attributes"
).split()
EXTRACT = "organisation agency area source_system extracted_on".split()

COLUMNS = {"people": PEOPLE, "relationships": RELATIONSHIPS, "events": EVENTS, "extract": EXTRACT}
REQUIRED_COLUMNS = {
    "people": ["person_ref"],
    "relationships": ["person_ref", "relationship", "related_person_ref"],
    "events": ["record_ref", "occurred", "event_type", "subjects", "summary"],
    "extract": [],
}
REQUIRED_SHEETS = ("people", "events")
SUMMARY_LIMIT = 500
