"""How each stored event becomes rows of the timeline read model (pure: no database here).

Works on the stored JSON of the events (see `catchup`); the field names are those of the
event classes in `chronology.domain`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from chronology.dates import FuzzyDate
from chronology.domain import ids
from chronology.domain.case import Case
from chronology.domain.entry import Entry
from chronology.domain.extract import Extract
from chronology.domain.mention import PersonMention
from chronology.projections.catchup import StoredFact

ENTRY_TOPICS = frozenset(get_topic(cls) for cls in (Entry.Recorded, Entry.Amended, Entry.Withdrawn))
MENTION_TOPICS = frozenset(
    get_topic(cls) for cls in (PersonMention.Recorded, PersonMention.Amended)
)
EXTRACT_TOPIC = get_topic(Extract.Imported)
CASE_TOPIC = get_topic(Case.Opened)
TOPICS = (*sorted(ENTRY_TOPICS), *sorted(MENTION_TOPICS), EXTRACT_TOPIC, CASE_TOPIC)
DATE_FIELDS = ("occurred", "occurred_end", "recorded_on", "shared_on")
NOT_SHOWN = ("origin", "subjects", "source", "record_ref")


@dataclass
class TimelineChanges:
    """Rows to write for a batch of events, grouped by statement."""

    cases: list[tuple[Any, ...]] = field(default_factory=list)
    extracts: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    versions: list[tuple[Any, ...]] = field(default_factory=list)
    closed: list[tuple[Any, ...]] = field(default_factory=list)


def collect(changes: TimelineChanges, fact: StoredFact, seal: Any) -> None:
    """Adds the rows one event implies; `seal` turns a document into stored bytes."""
    if fact.topic in ENTRY_TOPICS:
        _entry_version(changes, fact, seal)
    elif fact.topic in MENTION_TOPICS:
        _mention(changes, fact, seal)
    elif fact.topic == EXTRACT_TOPIC:
        changes.extracts.append(_extract_row(fact, seal))
    elif fact.topic == CASE_TOPIC:
        changes.cases.append((fact.originator_id.hex, fact.state["case_ref"], stored_at(fact)))


def stored_at(fact: StoredFact) -> str:
    """The event's timestamp in one sortable form (UTC, microseconds)."""
    return datetime.fromisoformat(fact.state["timestamp"]).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class DateFacts:
    """What the timeline needs of a stored date, worked out once per distinct date."""

    iso: str
    start: str
    end: str
    sort_key: str
    precision: str
    uncertain: bool


@lru_cache(maxsize=65536)
def _facts(start: str, precision: str, time: str | None, uncertain: bool) -> DateFacts:
    day = FuzzyDate.model_validate(
        {"start": start, "precision": precision, "time": time, "uncertain": uncertain}
    )
    return DateFacts(
        day.isoformat(),
        day.start.isoformat(),
        day.end.isoformat(),
        day.sort_key,
        day.precision.value,
        day.uncertain,
    )


def fuzzy(value: dict[str, Any]) -> DateFacts:
    return _facts(value["start"], value["precision"], value["time"], value["uncertain"])


@lru_cache(maxsize=4096)
def _uuid(text: str) -> UUID:
    return UUID(text)


@lru_cache(maxsize=65536)
def _subject(case_id: str, organisation: str, ref: str) -> tuple[str, str]:
    """A subject's mention id, as shown (with dashes) and as stored (hex)."""
    mention = ids.mention_id(_uuid(case_id), organisation, ref)
    return str(mention), mention.hex


def _entry_version(changes: TimelineChanges, fact: StoredFact, seal: Any) -> None:
    state, entry_hex, version = fact.state, fact.originator_id.hex, fact.originator_version
    record, provenance = state["record"], state["provenance"]
    occurred = fuzzy(record["occurred"])
    document = entry_document(fact)
    when = document["held_from"]
    subjects = " ".join(
        dict.fromkeys(
            _subject(state["case_id"], provenance["organisation"], ref)[1]
            for ref in record["subjects"]
        )
    )
    changes.versions.append(
        (
            entry_hex,
            version,
            _uuid(state["case_id"]).hex,
            provenance["organisation"],
            provenance["agency"],
            record["event_type"],
            record["status"],
            occurred.sort_key,
            occurred.start,
            _occurred_to(record),
            document["known_from"],
            provenance["row"],
            when,
            subjects,
            seal(document),
        )
    )
    if version > 1:
        changes.closed.append((when, entry_hex, version - 1))


def _occurred_to(record: dict[str, Any]) -> str:
    return fuzzy(record["occurred_end"] or record["occurred"]).end


def _known_from(record: dict[str, Any]) -> str:
    """When the agency knew: its recorded date where given, else when it happened (its last day)."""
    return fuzzy(record["recorded_on"] or record["occurred"]).end


def entry_document(fact: StoredFact) -> dict[str, Any]:
    """Everything the timeline shows about one version of an entry."""
    state = fact.state
    record, provenance = state["record"], state["provenance"]
    occurred = fuzzy(record["occurred"])
    content = {key: value for key, value in record.items() if key not in NOT_SHOWN}
    for key in DATE_FIELDS:
        content[key] = fuzzy(record[key]).iso if record[key] else None
    content.update(
        id=str(fact.originator_id),
        occurred_from=occurred.start,
        known_from=_known_from(record),
        precision=occurred.precision,
        uncertain=occurred.uncertain,
        organisation=provenance["organisation"],
        agency=provenance["agency"],
        area=provenance["area"],
        information_source=record["source"],
        source={
            "organisation": provenance["organisation"],
            "record_ref": record["record_ref"],
            "extract": provenance["extract_id"],
            "sheet": provenance["sheet"],
            "row": provenance["row"],
        },
        version=fact.originator_version,
        held_from=stored_at(fact),
        changed_fields=[change["field"] for change in state.get("changes", ())],
        subject_refs=[
            (ref, _subject(state["case_id"], provenance["organisation"], ref)[0])
            for ref in record["subjects"]
        ],
    )
    return content


def _mention(changes: TimelineChanges, fact: StoredFact, seal: Any) -> None:
    record = fact.state["record"]
    name = " ".join(part for part in (record["given_names"], record["family_name"]) if part)
    document = {
        "name": name or (record["known_as"] or [record["person_ref"]])[0],
        "person_ref": record["person_ref"],
    }
    changes.mentions.append(
        (
            fact.originator_id.hex,
            _uuid(fact.state["case_id"]).hex,
            fact.state["provenance"]["organisation"],
            fact.originator_version,
            seal(document),
        )
    )


def _extract_row(fact: StoredFact, seal: Any) -> tuple[Any, ...]:
    state = fact.state
    document = {
        key: state[key]
        for key in ("file_name", "uploaded_by", "source_system", "counts", "file_sha256")
    }
    return (
        fact.originator_id.hex,
        _uuid(state["case_id"]).hex,
        state["organisation"],
        state["agency"],
        state["area"],
        stored_at(fact),
        seal(document),
    )
