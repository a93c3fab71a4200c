"""Rows of the canonical sheets into people, relationship and entry records.

Every value is checked and typed cell by cell (each bad cell is a placed problem), so the
records are then built without pydantic validating the same values a second time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from adapters.canonical.schema import SUMMARY_LIMIT
from adapters.canonical.sheets import extra_columns
from adapters.cells import RowReader
from chronology.problems import warning
from chronology.records import EntryRecord, PersonRecord, RelationshipRecord, RowRef
from chronology.vocabulary import (
    ChildSeen,
    EntryStatus,
    EventType,
    ParentalResponsibility,
    PRBasis,
    RelationshipType,
    Sex,
    YesNo,
    YesNoUnknown,
)

# One shared set of field names per model, instead of a new set in every record (60% smaller).
_ALL: dict[type[BaseModel], set[str]] = {
    model: set(model.model_fields)
    for model in (PersonRecord, RelationshipRecord, EntryRecord, RowRef)
}


def person(row: RowReader) -> PersonRecord | None:
    errors_before = len(row.problems)
    ref = row.text("person_ref", required=True, limit=100)
    given, family = row.text("given_names", limit=200), row.text("family_name", limit=200)
    known_as = row.items("known_as")
    if not (given or family or known_as):
        row.fail(
            "given_names",
            "the person has no name",
            "given_names, family_name or known_as (e.g. 'Baby of Kerry Walsh')",
        )
    values: dict[str, Any] = {
        "person_ref": ref,
        "given_names": given,
        "family_name": family,
        "known_as": known_as,
        "date_of_birth": row.date("date_of_birth"),
        "expected_birth_date": row.date("expected_birth_date"),
        "sex": row.choice("sex", Sex),
        "nhs_number": row.nhs_number("nhs_number"),
        "upn": row.text("upn"),
        "la_child_id": row.text("la_child_id"),
        "police_ref": row.text("police_ref"),
        "address": row.text("address"),
        "postcode": _postcode(row),
        "address_since": row.date("address_since"),
        "language": row.text("language"),
        "interpreter_needed": row.choice("interpreter_needed", YesNo),
    }
    if _failed(row, errors_before):
        return None
    return PersonRecord.model_construct(
        _fields_set=_ALL[PersonRecord], origin=_origin(row), extra=extra_columns(row), **values
    )


def relationship(row: RowReader) -> RelationshipRecord | None:
    errors_before = len(row.problems)
    values: dict[str, Any] = {
        "person_ref": row.text("person_ref", required=True, limit=100),
        "relationship": row.choice("relationship", RelationshipType, required=True),
        "related_person_ref": row.text("related_person_ref", required=True, limit=100),
        "parental_responsibility": row.choice("parental_responsibility", ParentalResponsibility),
        "pr_basis": row.choice("pr_basis", PRBasis),
        "lives_with_child": row.choice("lives_with_child", YesNoUnknown),
        "from_date": row.date("from"),
        "to_date": row.date("to"),
    }
    if _failed(row, errors_before):
        return None
    return RelationshipRecord.model_construct(
        _fields_set=_ALL[RelationshipRecord],
        origin=_origin(row),
        extra=extra_columns(row),
        **values,
    )


def entry(row: RowReader, today: date) -> EntryRecord | None:
    errors_before = len(row.problems)
    event_type, as_sent = _event_type(row)
    subjects = row.items("subjects")
    if not subjects and "subjects" not in {p.column for p in row.problems[errors_before:]}:
        row.fail(
            "subjects", "subjects is required", "person_refs from the people sheet, ';'-separated"
        )
    values: dict[str, Any] = {
        "record_ref": row.text("record_ref", required=True, limit=100),
        "occurred": row.date("occurred", required=True),
        "occurred_end": row.date("occurred_end"),
        "recorded_on": row.date("recorded_on"),
        "event_type": event_type,
        "event_type_as_sent": as_sent,
        "subjects": subjects,
        "summary": row.text("summary", required=True, limit=SUMMARY_LIMIT),
        "detail": row.text("detail"),
        "source": row.text("source"),
        "child_seen": row.choice("child_seen", ChildSeen),
        "seen_alone": row.choice("seen_alone", YesNo),
        "child_voice": row.text("child_voice"),
        "shared_with": row.items("shared_with"),
        "shared_on": row.date("shared_on"),
        "invited": row.items("invited"),
        "attended": row.items("attended"),
        "outcome": row.text("outcome"),
        "status": _status(row),
        "attributes": row.json_object("attributes"),
    }
    if _failed(row, errors_before):
        return None
    record = EntryRecord.model_construct(
        _fields_set=_ALL[EntryRecord], origin=_origin(row), extra=extra_columns(row), **values
    )
    _warn_future(row, record, today)
    return record


def _origin(row: RowReader) -> RowRef:
    return RowRef.model_construct(_fields_set=_ALL[RowRef], sheet=row.sheet, row=row.row)


def _failed(row: RowReader, errors_before: int) -> bool:
    return any(problem.is_error for problem in row.problems[errors_before:])


def _postcode(row: RowReader) -> str | None:
    value = row.text("postcode", limit=12)
    return " ".join(value.upper().split()) if value else None


def _event_type(row: RowReader) -> tuple[EventType | None, str | None]:
    code = (row.text("event_type", required=True, limit=100) or "").lower().replace(" ", "_")
    if not code:
        return None, None
    try:
        return EventType(code), None
    except ValueError:
        row.problems.append(
            warning(
                f"the event type '{code[:80]}' is not a known code; kept as 'other'",
                sheet=row.sheet,
                row=row.row,
                column="event_type",
                value=code[:80],
                expected="a code from the event types list in EXTRACT-FORMAT.md",
            )
        )
        return EventType("other"), code


def _status(row: RowReader) -> EntryStatus:
    value = (row.text("status", limit=20) or "active").lower()
    if value in ("active", "withdrawn"):
        return EntryStatus(value)
    row.fail("status", f"status '{value}' is not known", "blank, or 'withdrawn'")
    return EntryStatus.ACTIVE


def _warn_future(row: RowReader, record: EntryRecord, today: date) -> None:
    if record.occurred.start > today:
        row.problems.append(
            warning(
                "the entry is dated in the future",
                sheet=row.sheet,
                row=row.row,
                column="occurred",
                value=record.occurred.uk(),
                expected="a date on or before today",
            )
        )
