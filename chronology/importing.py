"""Planning an import: which rows are new, amended, withdrawn or unchanged, as aggregates to save.

The plan is pure decision over the current state; the application saves it in one
transaction, with the extract's own event last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from chronology.domain import ids
from chronology.domain.base import Aggregate
from chronology.domain.case import Case
from chronology.domain.contribution import Contribution
from chronology.domain.entry import Entry
from chronology.domain.extract import Extract, ImportCounts
from chronology.domain.mention import PersonMention
from chronology.domain.provenance import Provenance
from chronology.domain.relationship import Relationship
from chronology.records import ExtractMetadata, ParsedExtract, Record
from chronology.vocabulary import EntryStatus

A = TypeVar("A", bound=Aggregate)


class Repository(Protocol):
    def get(self, aggregate_id: UUID) -> Any: ...


@dataclass
class ImportPlan:
    """The aggregates with pending events, in save order, and what they amount to."""

    extract_id: UUID
    aggregates: list[Aggregate] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    already_imported: bool = False


def get_or_none(repository: Repository, aggregate_id: UUID) -> Any:
    try:
        return repository.get(aggregate_id)
    except AggregateNotFoundError:
        return None


def plan_import(
    repository: Repository, parsed: ParsedExtract, case_ref: str, uploaded_by: str
) -> ImportPlan:
    """Decides what an (already validated) extract changes in the case."""
    metadata = parsed.metadata
    assert metadata is not None, "only a validated extract can be planned"
    case_id = ids.case_id(case_ref)
    extract_id = ids.extract_id(case_id, metadata.organisation, parsed.file_sha256)
    plan = ImportPlan(extract_id=extract_id)
    if get_or_none(repository, extract_id) is not None:
        plan.already_imported = True
        return plan
    case = get_or_none(repository, case_id) or Case.open(case_ref)
    ledger = _ledger(repository, case_id, metadata.organisation)
    plan.aggregates += [case, ledger]
    planner = _RowPlanner(repository, case_id, metadata, parsed, extract_id, plan)
    changed_mentions = planner.run(
        "people",
        parsed.people,
        ledger.mentions,
        ids.mention_id,
        PersonMention,
    )
    changed_relationships = planner.run(
        "relationships",
        parsed.relationships,
        ledger.relationships,
        ids.relationship_id,
        Relationship,
    )
    changed_entries = planner.run(
        "entries",
        parsed.entries,
        ledger.entries,
        ids.entry_id,
        Entry,
    )
    ledger.apply_extract(extract_id, changed_entries, changed_mentions, changed_relationships)
    plan.counts["warnings"] = len(parsed.warnings)
    plan.aggregates.append(
        Extract.imported(
            extract_id,
            case_id=case_id,
            organisation=metadata.organisation,
            agency=metadata.agency,
            area=metadata.area,
            source_system=metadata.source_system,
            extracted_on=metadata.extracted_on,
            file_name=parsed.file_name,
            file_sha256=parsed.file_sha256,
            uploaded_by=uploaded_by,
            counts=ImportCounts(**plan.counts),
        )
    )
    return plan


def _ledger(repository: Repository, case_id: UUID, organisation: str) -> Contribution:
    contribution_id = ids.contribution_id(case_id, organisation)
    found = get_or_none(repository, contribution_id)
    return (
        found if found is not None else Contribution.start(contribution_id, case_id, organisation)
    )


@dataclass
class _RowPlanner:
    repository: Repository
    case_id: UUID
    metadata: ExtractMetadata
    parsed: ParsedExtract
    extract_id: UUID
    plan: ImportPlan

    def run(
        self,
        kind: str,
        records: Iterable[Record],
        known: dict[str, str],
        id_for: Callable[[UUID, str, str], UUID],
        aggregate_class: type[Any],
    ) -> dict[str, str]:
        """Plans one sheet's rows; returns the fingerprints that changed."""
        changed: dict[str, str] = {}
        for counter in ("new", "amended", "unchanged"):
            self.plan.counts.setdefault(f"{kind}_{counter}", 0)
        for record in records:
            key, fingerprint = record.key, record.fingerprint()
            if known.get(key) == fingerprint:
                self.plan.counts[f"{kind}_unchanged"] += 1
                continue
            changed[key] = fingerprint
            aggregate_id = id_for(self.case_id, self.metadata.organisation, key)
            self._plan_row(kind, record, aggregate_id, aggregate_class, is_new=key not in known)
        return changed

    def _plan_row(
        self,
        kind: str,
        record: Record,
        aggregate_id: UUID,
        aggregate_class: type[Any],
        *,
        is_new: bool,
    ) -> None:
        provenance = self._provenance(record)
        if is_new:
            aggregate = aggregate_class.record_new(aggregate_id, self.case_id, provenance, record)
            withdrawn_now = getattr(record, "status", None) is EntryStatus.WITHDRAWN
            outcome = "withdrawn" if withdrawn_now else "new"
        else:
            aggregate = self.repository.get(aggregate_id)
            was_withdrawn = getattr(aggregate, "is_withdrawn", False)
            aggregate.revise(provenance, record)
            withdrawn_now = getattr(aggregate, "is_withdrawn", False) and not was_withdrawn
            outcome = "withdrawn" if withdrawn_now else "amended"
        self.plan.counts[f"{kind}_{outcome}"] = self.plan.counts.get(f"{kind}_{outcome}", 0) + 1
        self.plan.aggregates.append(aggregate)

    def _provenance(self, record: Record) -> Provenance:
        return Provenance(
            organisation=self.metadata.organisation,
            agency=self.metadata.agency,
            area=self.metadata.area,
            extract_id=self.extract_id,
            file_sha256=self.parsed.file_sha256,
            sheet=record.origin.sheet,
            row=record.origin.row,
        )
