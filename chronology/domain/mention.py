"""A person mention: one person as one organisation recorded them, before any matching.

Matching mentions into people is a separate, reviewable judgement; the mention itself
stays exactly as the organisation sent it.
"""

from __future__ import annotations

from uuid import UUID

from chronology.domain.base import Aggregate
from chronology.domain.provenance import FieldChange, Provenance, changes_between
from chronology.records import PersonRecord


class PersonMention(Aggregate):
    """A row of an organisation's people sheet, identified by (case, organisation, person_ref)."""

    class Recorded(Aggregate.Created):
        case_id: UUID
        provenance: Provenance
        record: PersonRecord

    class Amended(Aggregate.Event):
        case_id: UUID
        provenance: Provenance
        record: PersonRecord
        changes: tuple[FieldChange, ...]

        def apply(self, mention: PersonMention) -> None:
            mention.provenance, mention.record = self.provenance, self.record

    def __init__(self, case_id: UUID, provenance: Provenance, record: PersonRecord) -> None:
        self.case_id, self.provenance, self.record = case_id, provenance, record

    @classmethod
    def record_new(
        cls, mention_id: UUID, case_id: UUID, provenance: Provenance, record: PersonRecord
    ) -> PersonMention:
        return cls._create(
            cls.Recorded, id=mention_id, case_id=case_id, provenance=provenance, record=record
        )

    def revise(self, provenance: Provenance, record: PersonRecord) -> None:
        changes = changes_between(self.record.content(), record.content())
        if changes:
            self.trigger_event(
                self.Amended,
                case_id=self.case_id,
                provenance=provenance,
                record=record,
                changes=changes,
            )
