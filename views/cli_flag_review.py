"""`chronology flag ...`: a reviewer's actions on a flag (note, reviewed, dismiss, reopen).

Each action is an event on the flag's review, kept with the flag's stable id, so it survives
every recomputation of the flags. Free text is printed escaped and never logged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.markup import escape

from chronology.errors import ChronologyError
from chronology.service import ChronologyService
from chronology.settings import settings_from_env
from views.cli_access import login_name, record_read
from views.flags_output import reviews_table

app = typer.Typer(
    help="Review a flag: add a note, mark it reviewed, dismiss it with a reason, reopen it.",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True)

FlagId = Annotated[str, typer.Argument(help="The flag's id (from `chronology flags`)")]
CaseOption = Annotated[str, typer.Option("--case", help="The case reference")]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who is reviewing (default: login name)")
]
StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", help="SQLite store file (default: $CHRONOLOGY_STORE or ./chronology.sqlite)"
    ),
]


@app.command()
def note(
    flag_id: FlagId,
    case: CaseOption,
    text: Annotated[str, typer.Option(help="The note, e.g. 'discussed at panel, see minutes'")],
    by: ByOption = None,
    store: StoreOption = None,
) -> None:
    """Add a note to a flag."""
    who = by or login_name()
    _act(store, lambda service: service.note_flag(case, flag_id, text, who))
    _done(flag_id, "note added", who)


@app.command()
def reviewed(
    flag_id: FlagId,
    case: CaseOption,
    note: Annotated[str | None, typer.Option(help="A note kept with it")] = None,
    by: ByOption = None,
    store: StoreOption = None,
) -> None:
    """Mark a flag reviewed."""
    who = by or login_name()
    _act(store, lambda service: service.mark_flag_reviewed(case, flag_id, who, note))
    _done(flag_id, "marked reviewed", who)


@app.command()
def dismiss(
    flag_id: FlagId,
    case: CaseOption,
    reason: Annotated[str, typer.Option(help="Why the flag needs no action (required)")],
    by: ByOption = None,
    store: StoreOption = None,
) -> None:
    """Dismiss a flag, with the reason; it is then listed apart, with the reason."""
    who = by or login_name()
    _act(store, lambda service: service.dismiss_flag(case, flag_id, reason, who))
    _done(flag_id, "dismissed", who)


@app.command()
def reopen(
    flag_id: FlagId,
    case: CaseOption,
    reason: Annotated[str | None, typer.Option(help="Why it is open again")] = None,
    by: ByOption = None,
    store: StoreOption = None,
) -> None:
    """Reopen a reviewed or dismissed flag."""
    who = by or login_name()
    _act(store, lambda service: service.reopen_flag(case, flag_id, who, reason))
    _done(flag_id, "reopened", who)


@app.command()
def reviews(
    case: CaseOption,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout")
    ] = False,
    store: StoreOption = None,
) -> None:
    """List every flag review of the case, including reviews of flags that no longer appear."""
    service = _open(store)
    try:
        found = service.flag_reviews(case)
        shown = {flag.id for flag in service.flags(case)}
        record_read(service, case, "flag reviews")
    except ChronologyError as problem:
        raise _fail(str(problem)) from None
    finally:
        service.close()
    if json_output:
        documents = [
            {"flag_id": key, "appears": key in shown, **review.document()}
            for key, review in sorted(found.reviews.items())
        ]
        sys.stdout.write(orjson.dumps(documents).decode() + "\n")
    else:
        title = f"Case {case}: {len(found.reviews)} flag reviews"
        console.print(reviews_table(title, list(found.reviews.values()), shown))


def _act(store: Path | None, action: Callable[[ChronologyService], None]) -> None:
    service = _open(store)
    try:
        action(service)
    except ChronologyError as problem:
        raise _fail(str(problem)) from None
    finally:
        service.close()


def _done(flag_id: str, what: str, by: str) -> None:
    console.print(f"Flag {escape(flag_id)}: {what} by {escape(by)}.", highlight=False)


def _open(store: Path | None) -> ChronologyService:
    from chronology.bootstrap import open_service  # the store opens only when a command runs

    return open_service(settings_from_env(store=store))


def _fail(message: str) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(1)
