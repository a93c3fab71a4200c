"""A dry run of an import: what an extract would add, amend or withdraw, with nothing saved.

The upload page shows this before the uploader confirms. It runs the import's own planner
(`plan_import`) over the current state, so the preview and the import cannot disagree about
what counts as new or amended; the planned aggregates are then dropped unsaved.
"""

from __future__ import annotations

from dataclasses import dataclass

from chronology.domain.entry import Entry
from chronology.domain.extract import ImportCounts
from chronology.errors import ExtractRejected
from chronology.importing import ImportPlan, Repository, plan_import
from chronology.problems import Problem
from chronology.records import EntryRecord, ParsedExtract


@dataclass(frozen=True)
class PreviewRow:
    """One entry the import would change: `new`, `amended` or `withdrawn`."""

    change: str
    record: EntryRecord


@dataclass(frozen=True)
class ImportPreview:
    """What confirming the upload would do to the case, as things stand now."""

    case_ref: str
    counts: ImportCounts
    already_imported: bool
    warnings: tuple[Problem, ...]
    rows: tuple[PreviewRow, ...]  # the entries that would change, in the file's order


def preview_import(
    repository: Repository, parsed: ParsedExtract, case_ref: str, uploaded_by: str
) -> ImportPreview:
    """Plans the import without saving; raises `ExtractRejected` as the import would."""
    if parsed.errors or parsed.metadata is None:
        raise ExtractRejected(list(parsed.problems))
    plan = plan_import(repository, parsed, case_ref, uploaded_by)
    warnings = tuple(parsed.warnings)
    if plan.already_imported:
        return ImportPreview(case_ref, _all_unchanged(parsed), True, warnings, ())
    rows = sorted(_changed_entries(plan), key=lambda row: row.record.origin.row)
    return ImportPreview(case_ref, ImportCounts(**plan.counts), False, warnings, tuple(rows))


def _changed_entries(plan: ImportPlan) -> list[PreviewRow]:
    """Each planned entry with what its pending event would record."""
    rows = []
    for aggregate in plan.aggregates:
        if isinstance(aggregate, Entry) and aggregate.pending_events:
            rows.append(PreviewRow(_change(aggregate), aggregate.record))
    return rows


def _change(entry: Entry) -> str:
    """Counted as the planner counts it: a new row sent already withdrawn is a withdrawal."""
    last = entry.pending_events[-1]
    if isinstance(last, Entry.Amended):
        return "amended"
    if isinstance(last, Entry.Withdrawn) or entry.is_withdrawn:
        return "withdrawn"
    return "new"


def _all_unchanged(parsed: ParsedExtract) -> ImportCounts:
    """A file already imported changes nothing: every row counts as unchanged."""
    return ImportCounts(
        entries_unchanged=len(parsed.entries),
        people_unchanged=len(parsed.people),
        relationships_unchanged=len(parsed.relationships),
        warnings=len(parsed.warnings),
    )
