"""An organisation's contribution to a case: the fingerprint of every row it has sent.

Comparing an upload's rows against this one ledger (rather than loading every entry)
tells new from amended from unchanged in one read, and makes concurrent uploads from the
same organisation to the same case take turns (a version conflict, then a retry).
"""

from __future__ import annotations

from uuid import UUID

from chronology.domain.base import Aggregate


class Contribution(Aggregate):
    """Fingerprints by record_ref, person_ref and relationship key, as last sent."""

    class Started(Aggregate.Created):
        case_id: UUID
        organisation: str

    class ExtractApplied(Aggregate.Event):
        extract_id: UUID
        entries: dict[str, str]
        mentions: dict[str, str]
        relationships: dict[str, str]

        def apply(self, ledger: Contribution) -> None:
            ledger.entries.update(self.entries)
            ledger.mentions.update(self.mentions)
            ledger.relationships.update(self.relationships)

    def __init__(self, case_id: UUID, organisation: str) -> None:
        self.case_id, self.organisation = case_id, organisation
        self.entries: dict[str, str] = {}
        self.mentions: dict[str, str] = {}
        self.relationships: dict[str, str] = {}

    @classmethod
    def start(cls, contribution_id: UUID, case_id: UUID, organisation: str) -> Contribution:
        return cls._create(
            cls.Started, id=contribution_id, case_id=case_id, organisation=organisation
        )

    def apply_extract(
        self,
        extract_id: UUID,
        entries: dict[str, str],
        mentions: dict[str, str],
        relationships: dict[str, str],
    ) -> None:
        """Records the fingerprints that an extract changed (an unchanged upload adds none)."""
        self.trigger_event(
            self.ExtractApplied,
            extract_id=extract_id,
            entries=entries,
            mentions=mentions,
            relationships=relationships,
        )
