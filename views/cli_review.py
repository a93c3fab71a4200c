"""`chronology review ...` and `chronology strategy-discussion`: a reviewer's work on a case
(review period, RAG, analysis notes, key practice episodes) and a chair's record of a
strategy discussion, from the command line.

Every action is an event with who (`--user`, default the login name) and when. Entries are
named by their timeline id (`chronology timeline --json`), whole or by its first eight or
more characters. Free text is printed escaped and never logged.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from chronology.dates import DateError, DatePrecision, FuzzyDate, parse_date
from chronology.domain.review_work import Rag
from chronology.errors import ChronologyError
from chronology.projections.timeline_query import TimelineQuery
from chronology.review_work import ReviewWork
from chronology.service import ChronologyService
from chronology.settings import settings_from_env
from views.cli_access import login_name, record_read
from views.cli_import import print_outcome
from views.timeline_output import uk_date

app = typer.Typer(
    help="A reviewer's work on a case: review period, RAG, analysis notes, key episodes.",
    no_args_is_help=True,
)
episodes = typer.Typer(help="Key practice episodes: named groups of entries.", no_args_is_help=True)
app.add_typer(episodes, name="episode")
console = Console()
errors = Console(stderr=True)
T = TypeVar("T")

CaseOption = Annotated[str, typer.Option("--case", help="The case reference")]
EntryId = Annotated[str, typer.Argument(help="The entry's id (from `timeline --json`)")]
EpisodeId = Annotated[str, typer.Argument(help="The episode's id (from `review show`)")]
EntriesOption = Annotated[
    list[str] | None, typer.Option("--entry", help="An entry id; repeat for each entry")
]
UserOption = Annotated[
    str | None, typer.Option("--user", "--by", help="Who is acting (default: login name)")
]
StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", help="SQLite store file (default: $CHRONOLOGY_STORE or ./chronology.sqlite)"
    ),
]
RAGS = {"red": Rag.RED, "amber": Rag.AMBER, "green": Rag.GREEN, "clear": None}


@app.command()
def period(
    case: CaseOption,
    start: Annotated[str, typer.Option("--from", help="First day the review covers")],
    end: Annotated[str, typer.Option("--to", help="Last day it covers")],
    user: UserOption = None,
    store: StoreOption = None,
) -> None:
    """Set (or change) the review period; the earlier period stays in the history."""
    first, last = _day(start, "--from").start, _day(end, "--to").end
    _act(store, lambda s: s.set_review_period(case, first, last, user or login_name()))
    console.print(f"Review period: {first:%d/%m/%Y} to {last:%d/%m/%Y}.", highlight=False)


@app.command()
def rate(
    entry: EntryId,
    case: CaseOption,
    rag: Annotated[str, typer.Option(help="red, amber, green, or clear")],
    user: UserOption = None,
    store: StoreOption = None,
) -> None:
    """Rate an entry's significance (RAG), or clear its rating."""
    if rag.strip().lower() not in RAGS:
        raise _fail("--rag is red, amber, green or clear", 2)
    chosen = RAGS[rag.strip().lower()]
    _act(store, lambda s: s.rate_entry(case, entry, chosen, user or login_name()))
    console.print(f"Entry {escape(entry)}: {chosen or 'rating cleared'}.", highlight=False)


@app.command()
def note(
    entry: EntryId,
    case: CaseOption,
    text: Annotated[str, typer.Option(help="The analysis note (kept; never edited away)")],
    user: UserOption = None,
    store: StoreOption = None,
) -> None:
    """Add an analysis note to an entry."""
    _act(store, lambda s: s.note_entry(case, entry, text, user or login_name()))
    console.print(f"Entry {escape(entry)}: note added.", highlight=False)


@app.command()
def label(
    case: CaseOption,
    person: Annotated[str, typer.Option(help="The person's id (from `people --json`)")],
    text: Annotated[
        str, typer.Option("--label", help='The label in anonymised documents; "" for the default')
    ],
    user: UserOption = None,
    store: StoreOption = None,
) -> None:
    """Name a person in anonymised documents (the glossary), e.g. "Mother" or "Child A"."""
    _act(store, lambda s: s.set_label(case, person, text, user or login_name()))
    shown = text.strip() or "the default label"
    console.print(f"{escape(person)}: {escape(shown)} in anonymised documents.", highlight=False)


@app.command()
def show(
    case: CaseOption,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout")
    ] = False,
    store: StoreOption = None,
) -> None:
    """The case's review work: period, episodes, rated and noted entries, and the history."""
    work, entries = _act(store, lambda service: _read_work(service, case))
    if json_output:
        sys.stdout.write(orjson.dumps(work.document()).decode() + "\n")
        return
    _print_work(work, entries)


@episodes.command("add")
def add_episode(
    case: CaseOption,
    name: Annotated[str, typer.Option(help="The episode's name, e.g. 'Birth to first CP plan'")],
    entry: EntriesOption = None,
    description: Annotated[str | None, typer.Option(help="What it shows")] = None,
    user: UserOption = None,
    store: StoreOption = None,
) -> None:
    """Add a key practice episode: a named group of entries."""
    who = user or login_name()
    added = _act(store, lambda s: s.add_episode(case, name, entry or [], who, description))
    console.print(f"Episode {added} added.", highlight=False)


@episodes.command("change")
def change_episode(
    episode: EpisodeId,
    case: CaseOption,
    name: Annotated[str | None, typer.Option(help="A new name")] = None,
    entry: EntriesOption = None,
    description: Annotated[str | None, typer.Option(help="A new description ('' clears)")] = None,
    user: UserOption = None,
    store: StoreOption = None,
) -> None:
    """Rename an episode, or replace its entries (all of them, as given) or description."""
    who = user or login_name()
    _act(store, lambda s: s.change_episode(case, episode, who, name, entry or None, description))
    console.print(f"Episode {escape(episode)} changed.", highlight=False)


@episodes.command("remove")
def remove_episode(
    episode: EpisodeId, case: CaseOption, user: UserOption = None, store: StoreOption = None
) -> None:
    """Remove an episode (it stays in the history)."""
    _act(store, lambda s: s.remove_episode(case, episode, user or login_name()))
    console.print(f"Episode {escape(episode)} removed.", highlight=False)


def strategy_discussion(
    case: CaseOption,
    organisation: Annotated[str, typer.Option(help="The chair's organisation")],
    on: Annotated[str, typer.Option(help="The day it was held")],
    subject: Annotated[list[str], typer.Option(help="A person id (`people --json`); repeat")],
    outcome: Annotated[str, typer.Option(help="The decision or outcome")],
    invited: Annotated[
        list[str] | None, typer.Option(help="An agency code or organisation name; repeat")
    ] = None,
    attended: Annotated[list[str] | None, typer.Option(help="Who attended; repeat")] = None,
    summary: Annotated[str | None, typer.Option(help="A short account")] = None,
    agency: Annotated[
        str | None, typer.Option(help="The organisation's agency code, if it is new to the case")
    ] = None,
    area: Annotated[str | None, typer.Option(help="Its area, if it is new to the case")] = None,
    user: UserOption = None,
    store: StoreOption = None,
) -> None:
    """Record a strategy discussion as an entry of the chair's organisation (rules see it)."""
    held = _day(on, "--on")
    if held.precision not in (DatePrecision.DAY, DatePrecision.MINUTE):
        raise _fail("--on: give the day it was held, e.g. 03/10/2025", 2)
    outcome_of = _act(
        store,
        lambda s: s.record_strategy_discussion(
            case,
            organisation,
            held.start,
            subject,
            invited or [],
            attended or [],
            outcome,
            summary,
            user or login_name(),
            agency=agency,
            area=area,
        ),
    )
    if outcome_of.already_imported:
        console.print("This strategy discussion was recorded already: nothing changed.")
        return
    console.print(f"Strategy discussion of {held.start:%d/%m/%Y} recorded.", highlight=False)
    print_outcome(outcome_of, console)


def _entries(service: ChronologyService, case: str) -> dict[str, dict[str, Any]]:
    query = TimelineQuery(include_withdrawn=True)
    return {entry["id"]: entry for entry in service.timeline(case, query)}


def _print_work(work: ReviewWork, entries: dict[str, dict[str, Any]]) -> None:
    period = work.period
    shown = f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}" if period else "not set"
    console.print(f"Case {escape(work.case_ref)}: review period {shown}", highlight=False)
    for episode in work.episodes:
        console.print(
            f"Episode {episode.id}: {escape(episode.name)} ({len(episode.entry_ids)} entries)",
            highlight=False,
        )
    table = Table(title="Rated and noted entries", expand=True)
    for column in ("Date", "Organisation", "What happened", "RAG", "Notes"):
        table.add_column(column, overflow="fold")
    for entry_id, review in work.entries.items():
        entry = entries.get(entry_id, {})
        table.add_row(
            uk_date(entry.get("occurred")),
            escape(str(entry.get("organisation", ""))),
            escape(str(entry.get("summary", entry_id))),
            str(review.rating.rag) if review.rating else "",
            escape("\n".join(f"{n.text} ({n.by})" for n in review.notes)),
        )
    console.print(table)
    console.print(f"{len(work.history)} actions recorded.", highlight=False)


def _day(value: str, option: str) -> FuzzyDate:
    try:
        return parse_date(value)
    except DateError as problem:
        raise _fail(f"{option}: {problem}", 2) from None


def _read_work(
    service: ChronologyService, case: str
) -> tuple[ReviewWork, dict[str, dict[str, Any]]]:
    work, entries = service.review_work(case), _entries(service, case)
    record_read(service, case, "review work")
    return work, entries


def _act(store: Path | None, action: Callable[[ChronologyService], T]) -> T:
    from chronology.bootstrap import open_service  # the store opens only when a command runs

    service = open_service(settings_from_env(store=store))
    try:
        return action(service)
    except ChronologyError as problem:
        raise _fail(str(problem)) from None
    finally:
        service.close()


def _fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(code)
