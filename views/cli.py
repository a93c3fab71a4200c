"""The `chronology` command line (CONTRACT.md): import extracts, read timelines, load the demo."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console

from chronology.dates import DateError, end_of_day_utc, parse_date
from chronology.domain.match_decision import Judgement
from chronology.errors import ChronologyError, ExtractRejected
from chronology.people.assemble import CasePeople
from chronology.people.graph import build_graph
from chronology.projections.timeline_query import TimelineQuery
from chronology.service import ChronologyService
from chronology.settings import settings_from_env
from chronology.vocabulary import Agency, EventType
from views import (
    cli_export,
    cli_flag_review,
    cli_import,
    cli_knowledge,
    cli_review,
    cli_template,
    cli_users,
)
from views.cli_access import login_name, record_read
from views.family_svg import render_family_svg
from views.flags_output import as_json as flags_json
from views.flags_output import flags_table
from views.people_output import as_json as people_json
from views.people_output import (
    candidate_documents,
    candidates_table,
    people_documents,
    people_table,
)
from views.timeline_output import as_csv, as_json, as_table

app = typer.Typer(
    help="Multi-agency chronology builder for child safeguarding reviews.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(cli_flag_review.app, name="flag")
app.add_typer(cli_users.app, name="user")
app.add_typer(cli_review.app, name="review")
app.command("strategy-discussion")(cli_review.strategy_discussion)
app.command("knew")(cli_knowledge.knew)
app.command("template")(cli_template.template)
app.command("export")(cli_export.export)
console = Console()
errors = Console(stderr=True)

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", help="SQLite store file (default: $CHRONOLOGY_STORE or ./chronology.sqlite)"
    ),
]
CaseOption = Annotated[str, typer.Option("--case", help="The case reference")]


def open_store(store: Path | None) -> ChronologyService:
    from chronology.bootstrap import open_service

    return open_service(settings_from_env(store=store))


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value).end
    except DateError as problem:
        raise fail(f"{option}: {problem}", 2) from None


@app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(help="An extract: .xlsx, .zip, .json, .xml, .csv or a folder of CSVs")
    ],
    case: CaseOption,
    organisation: Annotated[str | None, typer.Option(help="Sending organisation")] = None,
    agency: Annotated[str | None, typer.Option(help="Agency code, e.g. police")] = None,
    area: Annotated[str | None, typer.Option(help="Local authority area")] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="canonical, cin-xml, annex-a, fhir or mapped (default: recognised from the file)",
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Mapping file (docs/mapping-format.md): the mapped format")
    ] = None,
    user: Annotated[str | None, typer.Option(help="Who is uploading (default: login name)")] = None,
    store: StoreOption = None,
) -> None:
    """Import one organisation's extract into a case: all of it, or (on any error) nothing."""
    from adapters.formats import FORMATS

    if format is not None and format.strip().lower() not in FORMATS:
        raise fail(f"--format: there is no format {format!r}; use one of {', '.join(FORMATS)}", 2)
    service = open_store(store)
    try:
        cli_import.run(
            service,
            path,
            case,
            user or login_name(),
            cli_import.Reading(cli_import.overrides(organisation, agency, area), format, mapping),
            console,
        )
    except ExtractRejected as rejected:
        cli_import.print_problems(rejected, console)
        raise typer.Exit(1) from None
    except ChronologyError as problem:
        raise fail(str(problem)) from None
    finally:
        service.close()


@app.command()
def timeline(
    case: CaseOption,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (UK or ISO date)")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day")] = None,
    as_at: Annotated[
        str | None,
        typer.Option("--as-at", help="Only what the agencies had recorded by the end of this day"),
    ] = None,
    held_at: Annotated[
        str | None,
        typer.Option("--held-at", help="What this system held at the end of this day (by import)"),
    ] = None,
    agency: Annotated[list[Agency] | None, typer.Option(help="Only these agencies")] = None,
    event_type: Annotated[list[str] | None, typer.Option(help="Only these event types")] = None,
    person: Annotated[
        list[str] | None, typer.Option(help="Only entries about this person id")
    ] = None,
    include_withdrawn: Annotated[bool, typer.Option(help="Show withdrawn entries too")] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout")
    ] = False,
    csv_output: Annotated[bool, typer.Option("--csv", help="CSV on stdout (formula-safe)")] = False,
    store: StoreOption = None,
) -> None:
    """Show a case's merged timeline: every agency's entries in one order."""
    query = TimelineQuery(
        date_from=_start(date_from, "--from"),
        date_to=day(date_to, "--to"),
        as_at=day(as_at, "--as-at"),
        held_at=_held_at(held_at),
        agencies=tuple(agency or ()),
        event_types=_event_types(event_type or []),
        people=_person_ids(person or []),
        include_withdrawn=include_withdrawn,
    )
    service = open_store(store)
    try:
        entries = service.timeline(case, query)
        record_read(service, case, "timeline")
    except ChronologyError as problem:
        raise fail(str(problem)) from None
    finally:
        service.close()
    if json_output:
        sys.stdout.write(as_json(entries) + "\n")
    elif csv_output:
        sys.stdout.write(as_csv(entries))
    else:
        console.print(as_table(entries, f"Case {case}: {len(entries)} entries"))


@app.command()
def history(
    case: CaseOption,
    organisation: Annotated[str, typer.Option(help="The organisation that sent the entry")],
    record_ref: Annotated[str, typer.Option(help="The organisation's record reference")],
    store: StoreOption = None,
) -> None:
    """Show every version of one entry: recorded, amended (what changed), withdrawn."""
    service = open_store(store)
    try:
        events = service.app.entry_history(case, organisation, record_ref)
        if events:
            record_read(service, case, "entry history")
    finally:
        service.close()
    if not events:
        raise fail(f"no entry {record_ref!r} from {organisation!r} in case {case!r}")
    cli_import.print_history(events, console)


def case_people(case: str, store: Path | None, what: str) -> CasePeople:
    """A case's resolved people (the read recorded as `what`), or a clear error; the store is
    closed either way."""
    service = open_store(store)
    try:
        found = service.people(case)
        record_read(service, case, what)
        return found
    except ChronologyError as problem:
        raise fail(str(problem)) from None
    finally:
        service.close()


@app.command()
def people(
    case: CaseOption,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Show the case's people: mentions matched across agencies, with their relationships."""
    documents = people_documents(case_people(case, store, "people"))
    if json_output:
        sys.stdout.write(people_json(documents) + "\n")
    else:
        console.print(people_table(documents, f"Case {case}: {len(documents)} people"))


@app.command()
def matches(
    case: CaseOption,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout")
    ] = False,
    store: StoreOption = None,
) -> None:
    """List possible matches for a reviewer, each with its explanation."""
    documents = candidate_documents(case_people(case, store, "possible matches"))
    if json_output:
        sys.stdout.write(people_json(documents) + "\n")
    else:
        console.print(candidates_table(documents, f"Case {case}: {len(documents)} to review"))


@app.command()
def match(
    action: Annotated[str, typer.Argument(help="confirm (same person), reject (not), or undo")],
    left: Annotated[str, typer.Argument(help="A mention id (from `matches`)")],
    right: Annotated[str, typer.Argument(help="The other mention id")],
    case: CaseOption,
    reason: Annotated[str | None, typer.Option(help="Why (kept with the decision)")] = None,
    user: Annotated[str | None, typer.Option(help="Who decides (default: login name)")] = None,
    store: StoreOption = None,
) -> None:
    """Record a reviewer's decision on two mentions; it survives re-imports and re-matching."""
    judgements = {"confirm": Judgement.SAME, "reject": Judgement.DIFFERENT, "undo": None}
    if action not in judgements:
        raise fail("the action is confirm, reject or undo", 2)
    pair = _person_ids([left, right])
    service = open_store(store)
    try:
        service.decide_match(
            case, pair[0], pair[1], judgements[action], user or login_name(), reason
        )
    except ChronologyError as problem:
        raise fail(str(problem)) from None
    finally:
        service.close()
    console.print(f"Recorded: {action} {left} {right}", markup=False)


@app.command()
def graph(
    case: CaseOption,
    output: Annotated[Path, typer.Option(help="Where to write the SVG picture")],
    on: Annotated[
        str | None, typer.Option(help="The household as at this day (default today)")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Draw the family network: generations in rows, the household grouped, PR on each link."""
    resolved = case_people(case, store, "family network")
    family = build_graph(resolved.people, resolved.relationships)
    output.write_text(render_family_svg(family, f"Case {case}", day(on, "--on")), encoding="utf-8")
    console.print(f"Wrote {output}", markup=False)


@app.command()
def flags(
    case: CaseOption,
    as_at: Annotated[
        str | None,
        typer.Option(
            "--as-at",
            help="Flags that would have shown on this day, from what was recorded by then",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout")
    ] = False,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="Also draw the cumulative concern chart to this PNG file"),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Show the case's flags, most severe first, each with its reasons and evidence."""
    if chart is not None and not chart.parent.is_dir():
        raise fail(f"--chart: the folder {chart.parent} does not exist", 2)
    if chart is not None and chart.is_dir():
        raise fail(f"--chart: {chart} is a folder; give a file name such as concern.png", 2)
    on = day(as_at, "--as-at")
    service = open_store(store)
    try:
        found = service.flags(case, on)
        reviews = service.flag_reviews(case)
        series = None if chart is None else service.concern_series(case, on)
        record_read(service, case, "flags")
    except ChronologyError as problem:
        raise fail(str(problem)) from None
    finally:
        service.close()
    if json_output:
        sys.stdout.write(flags_json(found, reviews) + "\n")
    else:
        console.print(flags_table(found, f"Case {case}: {len(found)} flags", reviews))
    if chart is not None and series is not None:
        from views.concern_chart import case_chart_png  # matplotlib only when asked for

        try:
            chart.write_bytes(case_chart_png(case.strip(), series))
        except OSError as problem:
            raise fail(f"--chart: cannot write {chart}: {problem.strerror}") from None
        (errors if json_output else console).print(f"Wrote {chart}", markup=False)


@app.command()
def cases(store: StoreOption = None) -> None:
    """List the cases in the store."""
    service = open_store(store)
    try:
        for case_ref in service.case_refs():
            console.print(case_ref, markup=False, highlight=False)
    finally:
        service.close()


@app.command()
def demo(store: StoreOption = None) -> None:
    """Load the demo cases from fixtures/ into a fresh embedded store."""
    from views.demo import load_demo

    load_demo(store, console)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    store: StoreOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Server processes (default $CHRONOLOGY_WORKERS, else one per core up to 4)",
        ),
    ] = None,
) -> None:
    """Serve the web pages and the JSON API (CONTRACT.md's HTTP section)."""
    from views.web import serving

    open_store(store).close()  # a store that cannot be opened fails here, plainly, once
    try:
        count = workers or serving.default_workers()
    except ValueError as problem:
        raise fail(str(problem), 2) from None
    console.print(
        f"Serving chronology on http://{host}:{port}/ with {count} worker process(es)"
        " (Ctrl+C stops it)",
        markup=False,
    )
    serving.serve(host, port, store, count)


def _start(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value).start
    except DateError as problem:
        raise fail(f"{option}: {problem}", 2) from None


def _held_at(value: str | None) -> datetime | None:
    last_day = day(value, "--held-at")
    return None if last_day is None else end_of_day_utc(last_day)


def _event_types(codes: list[str]) -> tuple[EventType, ...]:
    try:
        return tuple(EventType(code) for code in codes)
    except ValueError:
        raise fail(f"--event-type: unknown code among {', '.join(codes)}", 2) from None


def _person_ids(values: list[str]) -> tuple[UUID, ...]:
    try:
        return tuple(UUID(value) for value in values)
    except ValueError:
        raise fail("give ids as shown by `timeline --json` or `matches`", 2) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
