"""The `import` command's screen: progress while it works, counts when done, problems if not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from adapters.canonical import MetadataOverrides
from chronology.application import ImportOutcome
from chronology.errors import ExtractRejected
from chronology.service import ChronologyService


def overrides(organisation: str | None, agency: str | None, area: str | None) -> MetadataOverrides:
    return MetadataOverrides(organisation=organisation, agency=agency, area=area)


@dataclass(frozen=True)
class Reading:
    """How to read the file: metadata given as options, its format (None: recognise it), and
    the mapping file for the mapped format."""

    metadata: MetadataOverrides
    format: str | None = None
    mapping: Path | None = None


def run(
    service: ChronologyService,
    path: Path,
    case: str,
    user: str,
    reading: Reading,
    console: Console,
) -> None:
    """Imports with a progress bar (on a terminal): rows checked, the save, the timeline."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        checking = progress.add_task(f"Checking {escape(path.name)}", total=None)
        parsed = service.read_file(
            path,
            reading.metadata,
            lambda done, total: progress.update(checking, completed=done, total=total),
            reading.format,
            reading.mapping,
        )
        storing = progress.add_task("Storing in one transaction", total=None)
        projecting = progress.add_task("Updating the timeline", total=None, visible=False)

        def stored() -> None:
            progress.update(storing, total=1, completed=1)
            progress.update(projecting, visible=True)

        outcome = service.import_parsed(
            parsed,
            case,
            user,
            on_stored=stored,
            progress=lambda done, total: progress.update(projecting, completed=done, total=total),
        )
    print_outcome(outcome, console)


def print_outcome(outcome: ImportOutcome, console: Console) -> None:
    counts = outcome.counts
    if outcome.already_imported:
        console.print("This file was already imported for this case: nothing changed.")
    console.print(
        f"Entries: {counts.entries_new} new, {counts.entries_amended} amended, "
        f"{counts.entries_unchanged} unchanged, {counts.entries_withdrawn} withdrawn",
        markup=False,
        soft_wrap=True,
    )
    console.print(
        f"People: {counts.people_new} new, {counts.people_amended} amended, "
        f"{counts.people_unchanged} unchanged; relationships: {counts.relationships_new} new, "
        f"{counts.relationships_amended} amended, {counts.relationships_unchanged} unchanged",
        markup=False,
        soft_wrap=True,
    )
    console.print(f"Warnings: {len(outcome.warnings)}", markup=False)
    for problem in outcome.warnings:
        console.print(problem.line(), markup=False, highlight=False, soft_wrap=True)


def print_problems(rejected: ExtractRejected, console: Console) -> None:
    """Every problem as `sheet:row:column: message`, errors first; then what happened."""
    ordered = sorted(rejected.problems, key=lambda problem: not problem.is_error)
    for problem in ordered:
        console.print(problem.line(), markup=False, highlight=False, soft_wrap=True)
    errors = sum(problem.is_error for problem in rejected.problems)
    console.print(
        f"Rejected: {errors} error(s). Nothing was stored; fix them and upload again.", markup=False
    )


def print_history(events: list[Any], console: Console) -> None:
    table = Table(title="Entry history", expand=True)
    for column in ("Version", "Event", "Stored at (UTC)", "Extract row", "What changed"):
        table.add_column(column, overflow="fold")
    for event in events:
        changes = getattr(event, "changes", ())
        described = "; ".join(
            f"{change.field}: {escape(_short(change.before))} -> {escape(_short(change.after))}"
            for change in changes
        ) or escape(event.record.summary)
        table.add_row(
            str(event.originator_version),
            type(event).__name__,
            f"{event.timestamp:%d/%m/%Y %H:%M:%S}",
            f"{event.provenance.sheet}:{event.provenance.row}",
            described,
        )
    console.print(table)


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:117] + "..."
