"""`chronology export`: the review chronology of a case as a Word, Excel, PDF or CSV file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from chronology.dates import DateError, parse_date
from chronology.errors import ChronologyError
from chronology.settings import settings_from_env
from views.cli_access import record_read

console = Console()
errors = Console(stderr=True)


def export(
    case: Annotated[str, typer.Option("--case", help="The case reference")],
    format: Annotated[str, typer.Option("--format", help="docx, xlsx, pdf or csv")],
    output: Annotated[Path, typer.Option("--output", help="The file to write")],
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (default: the review period's)")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day")] = None,
    anonymised: Annotated[
        bool,
        typer.Option("--anonymised", help="People as glossary labels; identifiers hidden"),
    ] = False,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", help="SQLite store file (default: $CHRONOLOGY_STORE or ./chronology.sqlite)"
        ),
    ] = None,
) -> None:
    """Write the case's review chronology (the review period, else everything) to a file."""
    from chronology.bootstrap import open_service
    from views.exports.files import EXPORTS, ExportRequest, UnknownExport, write_export

    first, last = _day(date_from, "--from"), _day(date_to, "--to", end=True)
    request = ExportRequest(format, first, last, anonymised)
    try:
        request.chosen()
    except UnknownExport as problem:
        _fail(str(problem), 2)
    if not output.parent.is_dir():
        _fail(f"--output: there is no folder {str(output.parent)!r}; create it first", 2)
    service = open_service(settings_from_env(store=store))
    try:
        write_export(service, case, request, output)
        record_read(service, case, f"export ({request.format.lower()})")
    except ChronologyError as problem:
        _fail(str(problem), 1)
    finally:
        service.close()
    console.print(f"Wrote {output} ({EXPORTS[request.format.lower()].suffix[1:]})", markup=False)


def _day(value: str | None, option: str, end: bool = False) -> date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except DateError as problem:
        _fail(f"{option}: {problem}", 2)
    return parsed.end if end else parsed.start


def _fail(message: str, code: int) -> NoReturn:
    errors.print(f"[red]error:[/red] {message}", markup=False, highlight=False)
    raise typer.Exit(code)
