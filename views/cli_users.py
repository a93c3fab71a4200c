"""`chronology user ...`: add a user (password from standard input), give and take cases,
issue and withdraw API tokens, disable and enable a user.

The password is read without echo at a terminal, or as one line from a pipe for scripts; it
is never printed, logged or put in an error message. A token is printed once, on stdout
alone, so a script can capture it; only its hash is kept.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from chronology.domain.account import Role
from chronology.errors import ChronologyError
from chronology.service import ChronologyService
from chronology.settings import settings_from_env

T = TypeVar("T")
app = typer.Typer(
    help="Manage users: add one, give or take cases, issue or withdraw API tokens, disable"
    " or enable one.",
    no_args_is_help=True,
)
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
    issued = _change(store, lambda service: service.accounts.issue_token(name))
    sys.stdout.write(issued + "\n")


CasesOption = Annotated[
    list[str], typer.Option("--case", help="A case (repeatable)", show_default=False)
]


@app.command()
def give(
    name: Annotated[str, typer.Argument(help="The user's name")],
    case: CasesOption,
    store: StoreOption = None,
) -> None:
    """Give cases to a user: they see them from their next request."""
    _change(store, lambda service: service.accounts.give_cases(name, case))
    console.print(f"Gave {escape(', '.join(case))} to {escape(name)}.", highlight=False)


@app.command()
def take(
    name: Annotated[str, typer.Argument(help="The user's name")],
    case: CasesOption,
    store: StoreOption = None,
) -> None:
    """Take cases back from a user: from their next request the cases answer as if they did
    not exist. Their past reads stay in the access trail."""
    _change(store, lambda service: service.accounts.take_cases(name, case))
    console.print(f"Took {escape(', '.join(case))} from {escape(name)}.", highlight=False)


@app.command("withdraw-tokens")
def withdraw_tokens(
    name: Annotated[str, typer.Argument(help="The user's name")],
    store: StoreOption = None,
) -> None:
    """Withdraw every API token of the user: they stop signing in at once (a lost laptop, a
    leaked script). Issue a new one with `user token`."""
    withdrawn = _change(store, lambda service: service.accounts.withdraw_tokens(name))
    console.print(
        f"Withdrew {withdrawn} API token{'' if withdrawn == 1 else 's'} of {escape(name)}.",
        highlight=False,
    )


@app.command()
def disable(
    name: Annotated[str, typer.Argument(help="The user's name")],
    store: StoreOption = None,
) -> None:
    """Disable a user (someone who has left): the login form, their page sessions and their
    API tokens are refused from the next request. Nothing of theirs is deleted."""
    _change(store, lambda service: service.accounts.set_disabled(name, True))
    console.print(f"User {escape(name)} disabled.", highlight=False)


@app.command()
def enable(
    name: Annotated[str, typer.Argument(help="The user's name")],
    store: StoreOption = None,
) -> None:
    """Enable a disabled user again (their tokens too, unless withdrawn)."""
    _change(store, lambda service: service.accounts.set_disabled(name, False))
    console.print(f"User {escape(name)} enabled.", highlight=False)


def _change(store: Path | None, act: Callable[[ChronologyService], T]) -> T:
    service = _open(store)
    try:
        return act(service)
    except ChronologyError as problem:
        raise _fail(str(problem)) from None
    finally:
        service.close()


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
