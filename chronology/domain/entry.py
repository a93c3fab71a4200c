"""An entry: one agency record. Recorded once, amended by corrections, withdrawn by its sender.

Nothing is overwritten: every version stays in the entry's history, each amendment says
which fields changed, and a withdrawal is itself an event.
"""

from __future__ import annotations

from uuid import UUID

from chronology.domain.base import Aggregate
from chronology.domain.provenance import FieldChange, Provenance, changes_between
from chronology.records import EntryRecord
from chronology.vocabulary import EntryStatus


class Entry(Aggregate):
    """One organisation's record about the case, identified by (case, organisation, record_ref)."""

    class Recorded(Aggregate.Created):
        case_id: UUID
        provenance: Provenance
        record: EntryRecord

    class Amended(Aggregate.Event):
        case_id: UUID
        provenance: Provenance
        record: EntryRecord
        changes: tuple[FieldChange, ...]

        def apply(self, entry: Entry) -> None:
            entry.provenance, entry.record = self.provenance, self.record

    class Withdrawn(Aggregate.Event):
        case_id: UUID
        provenance: Provenance
        record: EntryRecord
        reason: str | None
        changes: tuple[FieldChange, ...]

        def apply(self, entry: Entry) -> None:
            entry.provenance, entry.record = self.provenance, self.record

    def __init__(self, case_id: UUID, provenance: Provenance, record: EntryRecord) -> None:
        self.case_id, self.provenance, self.record = case_id, provenance, record

    @classmethod
    def record_new(
        cls, entry_id: UUID, case_id: UUID, provenance: Provenance, record: EntryRecord
    ) -> Entry:
        return cls._create(
            cls.Recorded, id=entry_id, case_id=case_id, provenance=provenance, record=record
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.record.status is EntryStatus.WITHDRAWN

    def revise(self, provenance: Provenance, record: EntryRecord) -> None:
        """Records a corrected version (or the withdrawal) the organisation sent."""
        changes = changes_between(self.record.content(), record.content())
        if record.status is EntryStatus.WITHDRAWN and not self.is_withdrawn:
            self.trigger_event(
                self.Withdrawn,
                case_id=self.case_id,
                provenance=provenance,
                record=record,
                reason=record.detail,
                changes=changes,
            )
        elif changes:
            self.trigger_event(
                self.Amended,
                case_id=self.case_id,
                provenance=provenance,
                record=record,
                changes=changes,
            )
