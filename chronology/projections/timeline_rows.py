"""How each stored event becomes rows of the timeline read model (pure: no database here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from chronology.domain import ids
from chronology.domain.case import Case
from chronology.domain.entry import Entry
from chronology.domain.extract import Extract
from chronology.domain.mention import PersonMention
from chronology.records import EntryRecord


@dataclass
class TimelineChanges:
    """Rows to write for a batch of events, grouped by statement."""

    cases: list[tuple[Any, ...]] = field(default_factory=list)
    extracts: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    versions: list[tuple[Any, ...]] = field(default_factory=list)
    closed: list[tuple[Any, ...]] = field(default_factory=list)
    subjects: list[tuple[Any, ...]] = field(default_factory=list)


def collect(changes: TimelineChanges, event: object, seal: Any) -> None:
    """Adds the rows one event implies; `seal` turns a document into stored bytes."""
    if isinstance(event, Entry.Recorded | Entry.Amended | Entry.Withdrawn):
        _entry_version(changes, event, seal)
    elif isinstance(event, PersonMention.Recorded | PersonMention.Amended):
        _mention(changes, event, seal)
    elif isinstance(event, Extract.Imported):
        changes.extracts.append(_extract_row(event, seal))
    elif isinstance(event, Case.Opened):
        changes.cases.append((event.originator_id.hex, event.case_ref, event.timestamp.isoformat()))


def _entry_version(changes: TimelineChanges, event: Any, seal: Any) -> None:
    entry_id: UUID = event.originator_id
    version: int = event.originator_version
    record: EntryRecord = event.record
    case_id: UUID = event.case_id
    document = entry_document(event, record)
    subject_ids = [mention.hex for _, mention in document["subject_refs"]]
    when = event.timestamp.isoformat()
    changes.versions.append((
        entry_id.hex, version, case_id.hex, event.provenance.organisation,
        str(event.provenance.agency), str(record.event_type), str(record.status),
        record.occurred.sort_key, record.occurred.start.isoformat(), _occurred_to(record),
        _known_from(record), record.origin.row, when, seal(document)))
    if version > 1:
        changes.closed.append((when, entry_id.hex, version - 1))
    changes.subjects.extend((entry_id.hex, version, mention) for mention in dict.fromkeys(subject_ids))


def _occurred_to(record: EntryRecord) -> str:
    return (record.occurred_end or record.occurred).end.isoformat()


def _known_from(record: EntryRecord) -> str:
    """When the agency knew: its recorded date where given, else when it happened (its last day)."""
    return (record.recorded_on or record.occurred).end.isoformat()


def entry_document(event: Any, record: EntryRecord) -> dict[str, Any]:
    """Everything the timeline shows about one version of an entry."""
    provenance = event.provenance
    case_id: UUID = event.case_id
    content = record.model_dump(mode="json", exclude={"origin", "subjects", "source", "record_ref"})
    content.update({
        key: (value.isoformat() if value is not None else None)
        for key, value in (("occurred", record.occurred), ("occurred_end", record.occurred_end),
                           ("recorded_on", record.recorded_on), ("shared_on", record.shared_on))
    })
    content.update(
        id=str(event.originator_id), occurred_from=record.occurred.start.isoformat(),
        known_from=_known_from(record), precision=str(record.occurred.precision),
        uncertain=record.occurred.uncertain, organisation=provenance.organisation,
        agency=str(provenance.agency), area=provenance.area, information_source=record.source,
        source={"organisation": provenance.organisation, "record_ref": record.record_ref,
                "extract": str(provenance.extract_id), "sheet": provenance.sheet,
                "row": provenance.row},
        version=event.originator_version, held_from=event.timestamp.isoformat(),
        changed_fields=[change.field for change in getattr(event, "changes", ())],
        subject_refs=[(ref, ids.mention_id(case_id, provenance.organisation, ref))
                      for ref in record.subjects],
    )
    return content


def _mention(changes: TimelineChanges, event: Any, seal: Any) -> None:
    record = event.record
    document = {"name": record.display_name, "person_ref": record.person_ref,
                "date_of_birth": record.date_of_birth.isoformat() if record.date_of_birth else None}
    changes.mentions.append((event.originator_id.hex, event.case_id.hex, event.provenance.organisation,
                             event.originator_version, seal(document)))


def _extract_row(event: Extract.Imported, seal: Any) -> tuple[Any, ...]:
    document = {"file_name": event.file_name, "uploaded_by": event.uploaded_by,
                "source_system": event.source_system, "counts": event.counts.model_dump(),
                "file_sha256": event.file_sha256}
    return (event.originator_id.hex, event.case_id.hex, event.organisation, str(event.agency),
            event.area, event.timestamp.isoformat(), seal(document))
