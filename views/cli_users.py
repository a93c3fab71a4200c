"""`chronology user ...`: add a user (password from standard input) and issue API tokens.

The password is read without echo at a terminal, or as one line from a pipe for scripts; it
is never printed, logged or put in an error message. A token is printed once, on stdout
alone, so a script can capture it; only its hash is kept.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from chronology.domain.account import Role
from chronology.errors import ChronologyError
from chronology.service import ChronologyService
from chronology.settings import settings_from_env

app = typer.Typer(help="Manage users: add one, issue an API token.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", help="SQLite store file (default: $CHRONOLOGY_STORE or ./chronology.sqlite)"
    ),
]


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="The user's name, as they log in")],
    role: Annotated[Role, typer.Option(help="What the user may do")],
    organisation: Annotated[
        str | None, typer.Option(help="An uploader's organisation (required for uploaders)")
    ] = None,
    case: Annotated[
        list[str] | None, typer.Option("--case", help="A case given to the user (repeatable)")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Add a user; the password is read from standard input (at least 12 characters)."""
    password = read_password()
    service = _open(store)
    try:
        account = service.accounts.add_user(name, role, password, organisation, case or [])
    except ChronologyError as problem:
        raise _fail(str(problem)) from None
    finally:
        service.close()
    given = ", ".join(sorted(account.cases)) or "none"
    console.print(
        f"User {escape(account.name)} added as {account.role}; cases: {escape(given)}.",
        highlight=False,
    )


@app.command()
def token(
    name: Annotated[str, typer.Argument(help="The user's name")],
    store: StoreOption = None,
) -> None:
    """Print a new API token for the user (shown once; keep it safe)."""
    service = _open(store)
    try:
        issued = service.accounts.issue_token(name)
    except ChronologyError as problem:
        raise _fail(str(problem)) from None
    finally:
        service.close()
    sys.stdout.write(issued + "\n")


def read_password() -> str:
    """At a terminal, asked for without echo; from a pipe, its first line."""
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise _fail("no password on standard input; give one (at least 12 characters)")
    return password


def _open(store: Path | None) -> ChronologyService:
    from chronology.bootstrap import open_service  # the store opens only when a command runs

    return open_service(settings_from_env(store=store))


def _fail(message: str) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(1)
