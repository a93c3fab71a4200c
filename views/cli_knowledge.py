"""`chronology knew`: what one organisation knew of the case's significant entries, as at a day.

The knowledge projection in words a chair uses: "as at the strategy discussion on 12/12, health
visiting had not been told of ...". Entries it knew come with how and when it learned them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from chronology.dates import DateError, parse_date
from chronology.errors import ChronologyError
from chronology.settings import settings_from_env
from views.cli_access import record_read
from views.knowledge_output import as_json, briefing_tables

console = Console()
errors = Console(stderr=True)


def knew(
    case: Annotated[str, typer.Option("--case", help="The case reference")],
    organisation: Annotated[
        str, typer.Option("--organisation", help="Organisation name, or an agency code")
    ],
    as_at: Annotated[
        str | None, typer.Option("--as-at", help="The day in question (default: today)")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout")
    ] = False,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", help="SQLite store file (default: $CHRONOLOGY_STORE or ./chronology.sqlite)"
        ),
    ] = None,
) -> None:
    """What an organisation knew, as at a day, of the significant entries others recorded."""
    from chronology.bootstrap import open_service

    try:
        on = parse_date(as_at).end if as_at else None
    except DateError as problem:
        errors.print(f"[red]error:[/red] --as-at: {problem}", highlight=False)
        raise typer.Exit(2) from None
    service = open_service(settings_from_env(store=store))
    try:
        found = service.knowledge(case, organisation, on)
        record_read(service, case, f"what {found.organisation} knew")
    except ChronologyError as problem:
        errors.print(f"[red]error:[/red] {problem}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    finally:
        service.close()
    if json_output:
        sys.stdout.write(as_json(found) + "\n")
    else:
        console.print(briefing_tables(found))
