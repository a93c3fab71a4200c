"""An extract: one upload of one organisation's records for one case.

Its `Imported` event is always the last event of an import's single transaction, so a
reader of the event log knows that everything before it in that transaction is whole.
"""

from __future__ import annotations

from uuid import UUID

from chronology.dates import FuzzyDate
from chronology.domain.base import Aggregate, Immutable
from chronology.vocabulary import Agency


class ImportCounts(Immutable):
    """What an import changed, as the uploader is told."""

    entries_new: int = 0
    entries_amended: int = 0
    entries_unchanged: int = 0
    entries_withdrawn: int = 0
    people_new: int = 0
    people_amended: int = 0
    people_unchanged: int = 0
    relationships_new: int = 0
    relationships_amended: int = 0
    relationships_unchanged: int = 0
    warnings: int = 0


class Extract(Aggregate):
    """Who uploaded which file, when, for which organisation, agency and area."""

    class Imported(Aggregate.Created):
        case_id: UUID
        organisation: str
        agency: Agency
        area: str | None
        source_system: str | None
        extracted_on: FuzzyDate | None
        file_name: str
        file_sha256: str
        uploaded_by: str
        counts: ImportCounts

    def __init__(
        self,
        case_id: UUID,
        organisation: str,
        agency: Agency,
        area: str | None,
        source_system: str | None,
        extracted_on: FuzzyDate | None,
        file_name: str,
        file_sha256: str,
        uploaded_by: str,
        counts: ImportCounts,
    ) -> None:
        self.case_id, self.organisation, self.agency, self.area = (
            case_id,
            organisation,
            agency,
            area,
        )
        self.source_system, self.extracted_on = source_system, extracted_on
        self.file_name, self.file_sha256 = file_name, file_sha256
        self.uploaded_by, self.counts = uploaded_by, counts

    @classmethod
    def imported(cls, extract_id: UUID, **facts: object) -> Extract:
        return cls._create(cls.Imported, id=extract_id, **facts)
