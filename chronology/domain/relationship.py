"""A relationship as one organisation recorded it: who is what to whom, and who holds PR.

A blank parental responsibility is kept as not recorded, which is itself a finding.
"""

from __future__ import annotations

from uuid import UUID

from chronology.domain.base import Aggregate
from chronology.domain.provenance import FieldChange, Provenance, changes_between
from chronology.records import RelationshipRecord


class Relationship(Aggregate):
    """A row of an organisation's relationships sheet, keyed by (person, relationship, related)."""

    class Recorded(Aggregate.Created):
        case_id: UUID
        provenance: Provenance
        record: RelationshipRecord

    class Amended(Aggregate.Event):
        case_id: UUID
        provenance: Provenance
        record: RelationshipRecord
        changes: tuple[FieldChange, ...]

        def apply(self, relationship: Relationship) -> None:
            relationship.provenance, relationship.record = self.provenance, self.record

    def __init__(self, case_id: UUID, provenance: Provenance, record: RelationshipRecord) -> None:
        self.case_id, self.provenance, self.record = case_id, provenance, record

    @classmethod
    def record_new(
        cls,
        relationship_id: UUID,
        case_id: UUID,
        provenance: Provenance,
        record: RelationshipRecord,
    ) -> Relationship:
        return cls._create(
            cls.Recorded, id=relationship_id, case_id=case_id, provenance=provenance, record=record
        )

    def revise(self, provenance: Provenance, record: RelationshipRecord) -> None:
        changes = changes_between(self.record.content(), record.content())
        if changes:
            self.trigger_event(
                self.Amended,
                case_id=self.case_id,
                provenance=provenance,
                record=record,
                changes=changes,
            )
