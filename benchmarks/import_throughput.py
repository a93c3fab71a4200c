"""Import throughput: one 100,000-entry canonical CSV extract into a fresh store, end to end.

What it measures (QUALITY.md, "import throughput"): `ChronologyService.import_file` on a fresh
store, which reads and validates the extract, stores it as events in one transaction and brings
the timeline projection up to date. Reported as entries per second end to end (target: at least
20,000/s) and the peak resident memory of the importing process (target: under 1 GiB). Every run
is a fresh spawned interpreter, so the peak (VmHWM) is that import's own, interpreter included.

Where the time goes: separate runs call the same two steps `import_file` is made of,
`read_file` (parse and validate) then `import_parsed`, whose `on_stored` hook marks the moment
the events are committed, splitting it into store (plan and save the events) and project
(catch the timeline up).

Baselines, measured in the same run on the same kind of store:

(a) raw: the same `events.csv` rows parsed with the csv module and inserted as they are into one
    table with `executemany`, in one transaction: about the physical limit of the database.
(b) bare eventsourcing: as many minimal `eventsourcing` aggregates as there are entries, each
    created from one row's strings (so the stored events are of a similar size) and saved with
    the library's own `Application.save` and JSON transcoder: all in one save (one transaction,
    like an import) and in saves of 1,000. Goal: our import within 2x of (b).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from benchmarks.common import Result, in_child, median, peak_rss_mib, say, verdict
from benchmarks.datasets import event_rows, single_extract
from benchmarks.stores import FreshStore, fresh_store
from chronology.bootstrap import open_service

NAME = "import"
TARGET_RATE = 20_000
TARGET_PEAK_MIB = 1024
GOAL_VS_BARE = 2.0
CASE_REF = "BENCH-IMPORT"


class Note(Aggregate):
    """The bare baseline's aggregate: one row's strings, as an entry holds them."""

    def __init__(self, case_id: str, organisation: str, agency: str, extract_id: str,
                 file_sha256: str, row: dict[str, str]) -> None:
        self.case_id = case_id
        self.organisation = organisation
        self.agency = agency
        self.extract_id = extract_id
        self.file_sha256 = file_sha256
        self.row = row


class BareApplication(Application[UUID]):
    """`eventsourcing` as it comes: default mapper and JSON transcoder."""

    name = "BareBench"


def _peak_memory() -> dict[str, float]:
    return {"peak_mib": peak_rss_mib()}


def ours_child(store: FreshStore, folder: Path, staged: bool) -> dict[str, float]:
    """One import in a fresh interpreter: end to end with `import_file`, or stage by stage."""
    service = open_service(store.settings)
    try:
        rss_before = peak_rss_mib()
        if staged:
            marks: list[tuple[float, float]] = []  # (time, peak memory so far) once stored

            def stored() -> None:
                marks.append((time.perf_counter(), peak_rss_mib()))

            began = time.perf_counter()
            parsed = service.read_file(folder)
            read, read_peak = time.perf_counter(), peak_rss_mib()
            outcome = service.import_parsed(parsed, CASE_REF, "bench", on_stored=stored)
            ended = time.perf_counter()
            (stored_at, stored_peak), = marks
            stages = {"read": read - began, "store": stored_at - read, "project": ended - stored_at,
                      "read_peak_mib": read_peak, "store_peak_mib": stored_peak}
        else:
            began = time.perf_counter()
            outcome = service.import_file(folder, CASE_REF, "bench")
            ended = time.perf_counter()
            stages = {}
        if outcome.counts.entries_new == 0:
            raise RuntimeError("the import stored no entries")
        return {"seconds": ended - began, "entries": outcome.counts.entries_new,
                "peak_before_mib": rss_before, **stages, **_peak_memory()}
    finally:
        service.close()


def raw_child(store: FreshStore, folder: Path) -> dict[str, float]:
    """Baseline (a): csv-parse `events.csv` and insert the rows raw, in one transaction."""
    began = time.perf_counter()
    header, rows = event_rows(folder)
    parsed = time.perf_counter()
    columns = ", ".join(f'"{name}" TEXT' for name in header)
    if store.kind == "sqlite":
        assert store.path is not None
        connection = sqlite3.connect(store.path)
        with connection:
            connection.execute(f"CREATE TABLE raw_events ({columns})")
            connection.executemany(_insert_statement(len(header), "?"), rows)
        connection.close()
    else:
        assert store.url is not None
        with psycopg.connect(store.url) as pg, pg.cursor() as cursor:
            cursor.execute(f"CREATE TABLE raw_events ({columns})")
            cursor.executemany(_insert_statement(len(header), "%s"), rows)
    ended = time.perf_counter()
    return {"seconds": ended - began, "parse": parsed - began, "insert": ended - parsed,
            "entries": len(rows), **_peak_memory()}


def _insert_statement(n_columns: int, placeholder: str) -> str:
    """An INSERT of one row of `n_columns` parameters (placeholders only; no data in the text)."""
    values = ", ".join([placeholder] * n_columns)
    return f"INSERT INTO raw_events VALUES ({values})"  # noqa: S608


def bare_child(store: FreshStore, folder: Path, per_save: int) -> dict[str, float]:
    """Baseline (b): create one `Note` per row and save them (`per_save` 0 means all at once)."""
    header, rows = event_rows(folder)  # parsing is not timed: (b) is the save alone
    records = [dict(zip(header, row, strict=True)) for row in rows]
    app = BareApplication(env=store.settings.eventsourcing_env())
    try:
        # Provenance of the same shape as an entry's, so the stored events are of a similar size.
        case_id, extract_id = str(uuid4()), str(uuid4())
        organisation, agency = "Ashdale Council Children's Services", "childrens_social_care"
        file_sha256 = hashlib.sha256((folder / "events.csv").read_bytes()).hexdigest()
        began = time.perf_counter()
        notes = [Note(case_id, organisation, agency, extract_id, file_sha256, record)
                 for record in records]
        created = time.perf_counter()
        step = per_save or len(notes)
        for start in range(0, len(notes), step):
            app.save(*notes[start:start + step])
        ended = time.perf_counter()
        state_bytes = _mean_state_bytes(app)
    finally:
        app.close()
    return {"seconds": ended - began, "create": created - began, "save": ended - created,
            "entries": len(notes), "state_bytes": state_bytes, **_peak_memory()}


def _mean_state_bytes(app: Application[Any]) -> float:
    sample = app.recorder.select_notifications(start=1, limit=1000)
    return sum(len(n.state) for n in sample) / max(1, len(sample))


def _ours_state_bytes(store: FreshStore) -> float:
    """The mean stored size of our entry events, to compare with (b)'s."""
    service = open_service(store.settings)
    try:
        sample = service.app.recorder.select_notifications(
            start=1, limit=1000, topics=["chronology.domain.entry:Entry.Recorded"])
        return sum(len(n.state) for n in sample) / max(1, len(sample))
    finally:
        service.close()


def _measure(kind: str, label: str, child: Callable[..., dict[str, float]], *args: Any,
             keep: bool = False) -> tuple[dict[str, float], FreshStore]:
    store = fresh_store(kind, label)
    try:
        figures = in_child(child, store, *args)
    finally:
        if not keep:
            store.discard()
    return figures, store


def run(kinds: list[str], quick: bool, seed: int = 0) -> list[Result]:
    n_entries = 20_000 if quick else 100_000
    runs = 1 if quick else 3
    say(f"== import throughput: one {n_entries:,}-entry CSV extract into a fresh store,"
        f" median of {runs} run(s) ==")
    folder = single_extract(n_entries, seed)
    results: list[Result] = []
    for kind in kinds:
        e2e: list[dict[str, float]] = []
        staged: list[dict[str, float]] = []
        raw: list[dict[str, float]] = []
        bare_all: list[dict[str, float]] = []
        bare_1000: list[dict[str, float]] = []
        state_bytes = 0.0
        for index in range(runs):
            say(f"  [{kind}] run {index + 1}/{runs}")
            figures, store = _measure(kind, "import", ours_child, folder, False, keep=True)
            if index == 0:
                state_bytes = _ours_state_bytes(store)
            store.discard()
            e2e.append(figures)
            say(f"    ours, import_file:     {figures['seconds']:7.2f} s"
                f"  {figures['entries'] / figures['seconds']:9,.0f} entries/s"
                f"  peak {figures['peak_mib']:,.0f} MiB")
            figures, _ = _measure(kind, "staged", ours_child, folder, True)
            staged.append(figures)
            say(f"    ours, by stage:        {figures['seconds']:7.2f} s  (read/validate"
                f" {figures['read']:.2f} s, store {figures['store']:.2f} s,"
                f" project {figures['project']:.2f} s; peak memory after read"
                f" {figures['read_peak_mib']:,.0f} MiB, after store"
                f" {figures['store_peak_mib']:,.0f} MiB, after project"
                f" {figures['peak_mib']:,.0f} MiB)")
            figures, _ = _measure(kind, "raw", raw_child, folder)
            raw.append(figures)
            say(f"    (a) raw executemany:   {figures['seconds']:7.2f} s"
                f"  {figures['entries'] / figures['seconds']:9,.0f} rows/s"
                f"  (csv parse {figures['parse']:.2f} s, insert {figures['insert']:.2f} s;"
                f" peak {figures['peak_mib']:,.0f} MiB)")
            for per_save, sink in ((0, bare_all), (1000, bare_1000)):
                figures, _ = _measure(kind, "bare", bare_child, folder, per_save)
                sink.append(figures)
                how = "one save" if per_save == 0 else "saves of 1,000"
                say(f"    (b) bare eventsourcing, {how}: {figures['seconds']:7.2f} s"
                    f"  {figures['entries'] / figures['seconds']:9,.0f} events/s"
                    f"  (create {figures['create']:.2f} s, save {figures['save']:.2f} s,"
                    f" {figures['state_bytes']:.0f} B/event; peak {figures['peak_mib']:,.0f} MiB)")
        results += _results(kind, n_entries, e2e, staged, raw, bare_all, bare_1000, state_bytes)
    return results


def _med(runs: list[dict[str, float]], key: str = "seconds") -> float:
    return median([r[key] for r in runs])


def _results(kind: str, n: int, e2e: list[dict[str, float]], staged: list[dict[str, float]],
             raw: list[dict[str, float]], bare_all: list[dict[str, float]],
             bare_1000: list[dict[str, float]], state_bytes: float) -> list[Result]:
    ours, raw_s, all_s, per_s = _med(e2e), _med(raw), _med(bare_all), _med(bare_1000)
    stored_projected = _med(staged, "store") + _med(staged, "project")
    peak = max(r["peak_mib"] for r in e2e)
    rate = n / ours
    rows = [
        Result(NAME, kind, f"import_file, {n:,} entries", rate, "entries/s",
               target=f">= {TARGET_RATE:,}/s", verdict=verdict(rate >= TARGET_RATE)),
        Result(NAME, kind, "peak memory (VmHWM) of the importing process", peak, "MiB",
               baseline=f"(b) one save: {max(r['peak_mib'] for r in bare_all):,.0f} MiB",
               target=f"< {TARGET_PEAK_MIB} MiB", verdict=verdict(peak < TARGET_PEAK_MIB),
               extra={"after_read_mib": _med(staged, "read_peak_mib"),
                      "after_store_mib": _med(staged, "store_peak_mib")}),
        Result(NAME, kind, "stage: read + validate (read_file)", _med(staged, "read"), "s"),
        Result(NAME, kind, "stage: store events (import_extract)", _med(staged, "store"), "s"),
        Result(NAME, kind, "stage: project timeline (catch_up)", _med(staged, "project"), "s"),
        Result(NAME, kind, "import_file vs (a) raw executemany", rate, "entries/s",
               baseline=f"(a) {n / raw_s:,.0f} rows/s", ratio=ours / raw_s),
        Result(NAME, kind, "import_file vs (b) bare eventsourcing, one save", rate, "entries/s",
               baseline=f"(b) {n / all_s:,.0f} events/s", ratio=ours / all_s,
               target=f"<= {GOAL_VS_BARE:.0f}x", verdict=verdict(ours / all_s <= GOAL_VS_BARE),
               extra={"ours_state_bytes": state_bytes,
                      "bare_state_bytes": _med(bare_all, "state_bytes")}),
        Result(NAME, kind, "import_file vs (b) bare eventsourcing, saves of 1,000", rate,
               "entries/s", baseline=f"(b) {n / per_s:,.0f} events/s", ratio=ours / per_s,
               target=f"<= {GOAL_VS_BARE:.0f}x", verdict=verdict(ours / per_s <= GOAL_VS_BARE)),
        Result(NAME, kind, "store + project only vs (b) one save", n / stored_projected,
               "entries/s", baseline=f"(b) {n / all_s:,.0f} events/s",
               ratio=stored_projected / all_s),
    ]
    say(f"  [{kind}] median import_file {rate:,.0f} entries/s (target {TARGET_RATE:,}):"
        f" {ours / raw_s:.1f}x (a) raw, {ours / all_s:.2f}x (b) one save,"
        f" {ours / per_s:.2f}x (b) saves of 1,000; peak {peak:,.0f} MiB;"
        f" stored event {state_bytes:.0f} B vs bare {_med(bare_all, 'state_bytes'):.0f} B")
    return rows
