"""What the upload API answers: the import's counts, or every problem with its place and fix.

A problem is given by its place (`sheet:row:column`, as the command line prints it), what
is wrong and how to fix it; the offending cell's value is left out, so a rejected upload's
answer repeats nothing from the records.
"""

from __future__ import annotations

from pydantic import BaseModel

from chronology.application import ImportOutcome
from chronology.domain.extract import ImportCounts
from chronology.errors import ExtractRejected
from chronology.problems import Problem
from chronology.records import ParsedExtract
from views.web.upload_files import fix_for, ordered


class ProblemPublic(BaseModel):
    severity: str
    place: str
    sheet: str
    row: int | None
    column: str
    message: str
    fix: str


class RowCounts(BaseModel):
    new: int
    amended: int
    unchanged: int


class EntryCounts(RowCounts):
    withdrawn: int


class UploadPublic(BaseModel):
    """A stored upload (201), or one already imported before (200: nothing changed)."""

    case: str
    file: str
    organisation: str
    already_imported: bool
    entries: EntryCounts
    people: RowCounts
    relationships: RowCounts
    warnings: list[ProblemPublic]


class RejectedPublic(BaseModel):
    """An extract with errors (422): nothing of it was stored."""

    detail: str
    problems: list[ProblemPublic]


def problem_public(problem: Problem) -> ProblemPublic:
    return ProblemPublic(
        severity=problem.severity.value,
        place=problem.place(),
        sheet=problem.sheet,
        row=problem.row,
        column=problem.column,
        message=problem.message,
        fix=fix_for(problem),
    )


def rejected_public(rejected: ExtractRejected) -> RejectedPublic:
    problems = [problem_public(problem) for problem in ordered(rejected.problems)]
    return RejectedPublic(detail=str(rejected), problems=problems)


def upload_public(outcome: ImportOutcome, parsed: ParsedExtract) -> UploadPublic:
    counts: ImportCounts = outcome.counts
    return UploadPublic(
        case=outcome.case_ref,
        file=parsed.file_name,
        organisation=parsed.metadata.organisation if parsed.metadata else "",
        already_imported=outcome.already_imported,
        entries=EntryCounts(
            new=counts.entries_new,
            amended=counts.entries_amended,
            unchanged=counts.entries_unchanged,
            withdrawn=counts.entries_withdrawn,
        ),
        people=RowCounts(
            new=counts.people_new, amended=counts.people_amended, unchanged=counts.people_unchanged
        ),
        relationships=RowCounts(
            new=counts.relationships_new,
            amended=counts.relationships_amended,
            unchanged=counts.relationships_unchanged,
        ),
        warnings=[problem_public(problem) for problem in outcome.warnings],
    )
