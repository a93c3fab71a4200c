"""The records an extract carries, as pydantic models: people, relationships and entries.

Adapters produce these from any agency format; the application turns them into events.
Each record keeps where it came from (`RowRef`) so every fact can be traced back to the
row of the file an agency uploaded.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from chronology.dates import FuzzyDate
from chronology.problems import Problem
from chronology.vocabulary import (
    Agency,
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


class Record(BaseModel):
    """A frozen record; `origin` says where in the file it was read."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    origin: RowRef
    extra: dict[str, str] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        """The natural key of the row within its organisation's extracts."""
        raise NotImplementedError

    def content(self) -> dict[str, Any]:
        """What the agency said, without where it said it (a moved row is not a change)."""
        return self.model_dump(mode="json", exclude={"origin"})

    def fingerprint(self) -> str:
        """A short stable hash of the content: equal fingerprints mean nothing changed."""
        encoded = orjson.dumps(self.content(), option=orjson.OPT_SORT_KEYS)
        return hashlib.blake2b(encoded, digest_size=12).hexdigest()


class RowRef(BaseModel):
    """A place in an uploaded file: the sheet (or CSV file) and the row as Excel numbers it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sheet: str
    row: int


class ExtractMetadata(BaseModel):
    """Who sent an extract, about which area, from which system."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    organisation: str
    agency: Agency
    area: str | None = None
    source_system: str | None = None
    extracted_on: FuzzyDate | None = None


class PersonRecord(Record):
    """One person as one organisation knows them."""

    person_ref: str
    given_names: str | None = None
    family_name: str | None = None
    known_as: tuple[str, ...] = ()
    date_of_birth: FuzzyDate | None = None
    expected_birth_date: FuzzyDate | None = None
    sex: Sex | None = None
    nhs_number: str | None = None
    upn: str | None = None
    la_child_id: str | None = None
    police_ref: str | None = None
    address: str | None = None
    postcode: str | None = None
    address_since: FuzzyDate | None = None
    language: str | None = None
    interpreter_needed: YesNo | None = None

    @property
    def key(self) -> str:
        return self.person_ref

    @property
    def display_name(self) -> str:
        """The name to show: given and family names, else the first other name, else the ref."""
        name = " ".join(part for part in (self.given_names, self.family_name) if part)
        return name or (self.known_as[0] if self.known_as else self.person_ref)


class RelationshipRecord(Record):
    """`person_ref` is the `relationship` of `related_person_ref`, as one organisation said."""

    person_ref: str
    relationship: RelationshipType
    related_person_ref: str
    parental_responsibility: ParentalResponsibility | None = None
    pr_basis: PRBasis | None = None
    lives_with_child: YesNoUnknown | None = None
    from_date: FuzzyDate | None = None
    to_date: FuzzyDate | None = None

    @property
    def key(self) -> str:
        return f"{self.person_ref}|{self.relationship}|{self.related_person_ref}"


class EntryRecord(Record):
    """One agency record (an entry): what happened, when, to whom, and who was told."""

    record_ref: str
    occurred: FuzzyDate
    occurred_end: FuzzyDate | None = None
    recorded_on: FuzzyDate | None = None
    event_type: EventType
    event_type_as_sent: str | None = None
    subjects: tuple[str, ...]
    summary: str
    detail: str | None = None
    source: str | None = None
    child_seen: ChildSeen | None = None
    seen_alone: YesNo | None = None
    child_voice: str | None = None
    shared_with: tuple[str, ...] = ()
    shared_on: FuzzyDate | None = None
    invited: tuple[str, ...] = ()
    attended: tuple[str, ...] = ()
    outcome: str | None = None
    status: EntryStatus = EntryStatus.ACTIVE
    attributes: dict[str, Any] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.record_ref


class ParsedExtract(BaseModel):
    """What an adapter read from one file: the records, and every problem with its place."""

    model_config = ConfigDict(frozen=True)

    file_name: str
    file_sha256: str
    metadata: ExtractMetadata | None
    people: tuple[PersonRecord, ...] = ()
    relationships: tuple[RelationshipRecord, ...] = ()
    entries: tuple[EntryRecord, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


Record.model_rebuild()
