"""Import into a big store: 1,000 entries into a store already holding 1,000,000, vs an empty store.

What it measures (QUALITY.md, "import into a big store"): whether an import slows down as the
store grows: indexes deepen, the catch-up reads further along the notification log, and any
step that scans the store would show here. The same 1,000-entry extract is imported with
`ChronologyService.import_file` under a new case ref each time (so every entry is new), five
times into a working copy of the big store and five times into a fresh empty store, alternately
(to spread the machine's noise evenly), in one process that has first done one untimed import
into each (a server is warm). Reported: the ratio of the medians (target: at most 1.5).

The big store is built once per (kind, seed, size) by importing, folder by folder, every extract
of `fixtures.generator.write_store_extracts` plus one 5,000-entry case for the timeline
benchmark, and cached: a SQLite file under `benchmarks/.data/stores/`, or a PostgreSQL database
`chronology_bench_big_s<seed>_n<size>` with a `bench_marker` row written when the build finished.
Each run imports into a copy (a file copy, or `CREATE DATABASE ... TEMPLATE`), so the cache stays
as built. `--quick` uses a 100,000-entry store.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import shutil
import sqlite3
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.common import (
    DATA_DIR,
    WORK_DIR,
    Result,
    in_child,
    median,
    say,
    stopwatch,
    trimmed_profile,
    verdict,
)
from benchmarks.datasets import StoreExtracts, single_extract, store_extracts
from benchmarks.stores import (
    FreshStore,
    create_database,
    database_exists,
    database_url,
    drop_database,
    fresh_store,
)
from chronology.bootstrap import open_service
from chronology.errors import ExtractRejected

NAME = "big store"
STORES_DIR = DATA_DIR / "stores"
TARGET_RATIO = 1.5
IMPORT_ENTRIES = 1000
REPEATS = 5
WORK_DATABASE = "chronology_bench_big_work"


def big_size(quick: bool) -> int:
    return 100_000 if quick else 1_000_000


@dataclass(frozen=True)
class BuildInfo:
    """What the cached big store holds and how long it took to build."""

    kind: str
    seed: int
    total: int
    entries: int
    extracts: int
    rejected: int
    build_seconds: float
    built_at: str
    timeline_case: str
    rates: list[tuple[int, float]]


# ---------------------------------------------------------------------------- building ---

def build_child(store: FreshStore, folders: list[Path]) -> dict[str, Any]:
    """Imports every folder into the store, printing progress (entries/s per tenth of the way)."""
    service = open_service(store.settings)
    entries = rejected = 0
    rates: list[tuple[int, float]] = []
    began = chunk_began = time.perf_counter()
    chunk_entries = 0
    step = max(1, len(folders) // 10)
    try:
        for index, folder in enumerate(folders, start=1):
            try:
                outcome = service.import_file(folder, StoreExtracts.case_ref_of(folder), "bench")
            except ExtractRejected as rejection:
                rejected += 1
                print(f"    rejected {folder}: {rejection}", flush=True)
                continue
            entries += outcome.counts.entries_new
            chunk_entries += outcome.counts.entries_new
            if index % step == 0 or index == len(folders):
                now = time.perf_counter()
                rate = chunk_entries / (now - chunk_began)
                rates.append((entries, rate))
                print(f"    {index:,}/{len(folders):,} extracts, {entries:,} entries stored,"
                      f" {rate:,.0f} entries/s over the last stretch, {now - began:,.0f} s",
                      flush=True)
                chunk_began, chunk_entries = now, 0
    finally:
        service.close()
    return {"entries": entries, "rejected": rejected, "seconds": time.perf_counter() - began,
            "rates": rates}


def _sqlite_cache(seed: int, total: int) -> Path:
    return STORES_DIR / f"big-s{seed}-n{total}.sqlite"


def _pg_cache(seed: int, total: int) -> str:
    return f"chronology_bench_big_s{seed}_n{total}"


def _info(kind: str, extracts: StoreExtracts, built: dict[str, Any]) -> BuildInfo:
    return BuildInfo(kind=kind, seed=extracts.seed, total=extracts.total,
                     entries=built["entries"], extracts=len(extracts.folders),
                     rejected=built["rejected"], build_seconds=built["seconds"],
                     built_at=time.strftime("%Y-%m-%d %H:%M"),
                     timeline_case=extracts.timeline_case,
                     rates=[(int(r[0]), float(r[1])) for r in built["rates"]])


def cached_big_store(kind: str, total: int, seed: int) -> BuildInfo:
    """The big store of this kind, seed and size, built now if not already cached."""
    if kind == "sqlite":
        return _cached_sqlite(total, seed)
    return _cached_postgres(total, seed)


def _cached_sqlite(total: int, seed: int) -> BuildInfo:
    path = _sqlite_cache(seed, total)
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists():
        return _from_json(json.loads(sidecar.read_text()))
    extracts = store_extracts(total, seed)
    STORES_DIR.mkdir(parents=True, exist_ok=True)
    building = FreshStore("sqlite", path=path.with_suffix(".building"))
    building.discard()
    say(f"  building the {total:,}-entry SQLite store ({len(extracts.folders):,} extracts) ...")
    built = in_child(build_child, building, extracts.folders)
    assert building.path is not None
    connection = sqlite3.connect(building.path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    building.path.replace(path)
    building.discard()
    info = _info("sqlite", extracts, built)
    sidecar.write_text(json.dumps(asdict(info), indent=2))
    say(f"  built in {info.build_seconds:,.0f} s: {info.entries:,} entries,"
        f" {path.stat().st_size / 2**30:.2f} GiB")
    return info


def _cached_postgres(total: int, seed: int) -> BuildInfo:
    name = _pg_cache(seed, total)
    if database_exists(name):
        with psycopg.connect(database_url(name)) as connection:
            found = connection.execute(
                "SELECT to_regclass('bench_marker') IS NOT NULL").fetchone()
            if found and found[0]:
                row = connection.execute("SELECT info FROM bench_marker").fetchone()
                if row:
                    return _from_json(json.loads(row[0]))
    extracts = store_extracts(total, seed)
    create_database(name)
    say(f"  building the {total:,}-entry PostgreSQL store ({len(extracts.folders):,} extracts) ...")
    built = in_child(build_child, FreshStore("postgres", url=database_url(name)), extracts.folders)
    info = _info("postgres", extracts, built)
    with psycopg.connect(database_url(name)) as connection:
        connection.execute("CREATE TABLE bench_marker (info TEXT NOT NULL)")
        connection.execute("INSERT INTO bench_marker VALUES (%s)", [json.dumps(asdict(info))])
    _analyze(name)
    say(f"  built in {info.build_seconds:,.0f} s: {info.entries:,} entries")
    return info


def _analyze(name: str) -> None:
    """Planner statistics, as autovacuum would soon gather on a real server."""
    with psycopg.connect(database_url(name), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _from_json(data: dict[str, Any]) -> BuildInfo:
    data["rates"] = [tuple(rate) for rate in data["rates"]]
    return BuildInfo(**data)


# ------------------------------------------------------------------------- working copy ---

_working: dict[tuple[str, int, int], FreshStore] = {}


def working_copy(kind: str, total: int, seed: int) -> tuple[FreshStore, BuildInfo]:
    """A writable copy of the cached big store, made once per process run and shared."""
    info = cached_big_store(kind, total, seed)
    key = (kind, total, seed)
    if key not in _working:
        with stopwatch() as elapsed:
            if kind == "sqlite":
                WORK_DIR.mkdir(parents=True, exist_ok=True)
                copy = FreshStore("sqlite", path=WORK_DIR / f"big-{uuid.uuid4().hex[:8]}.sqlite")
                assert copy.path is not None
                shutil.copyfile(_sqlite_cache(seed, total), copy.path)
            else:
                create_database(WORK_DATABASE, template=_pg_cache(seed, total))
                copy = FreshStore("postgres", url=database_url(WORK_DATABASE))
        say(f"  [{kind}] working copy of the {total:,}-entry store made in {elapsed():.1f} s")
        _working[key] = copy
    return _working[key], info


def discard_working_copies() -> None:
    for store in _working.values():
        if store.kind == "postgres":
            drop_database(WORK_DATABASE)
        else:
            store.discard()
    _working.clear()


# -------------------------------------------------------------------------- measuring ---

def measure_child(kind: str, big: FreshStore, folder: Path, run_id: str) -> dict[str, Any]:
    """Alternating timed imports into fresh empty stores and into the big store (one process)."""
    scratch = fresh_store(kind, "warmup")
    service = open_service(scratch.settings)
    service.import_file(folder, f"WARM-{run_id}", "bench")  # untimed: warms this process
    service.close()
    scratch.discard()
    big_service = open_service(big.settings)
    big_service.catch_up()
    big_service.import_file(folder, f"WARM-BIG-{run_id}", "bench")  # untimed: a warm server
    empty_times: list[float] = []
    big_times: list[float] = []
    try:
        for index in range(REPEATS):
            empty = fresh_store(kind, "empty")
            service = open_service(empty.settings)
            began = time.perf_counter()
            outcome = service.import_file(folder, f"BENCH-EMPTY-{run_id}-{index}", "bench")
            empty_times.append(time.perf_counter() - began)
            service.close()
            empty.discard()
            assert outcome.counts.entries_new == IMPORT_ENTRIES
            began = time.perf_counter()
            outcome = big_service.import_file(folder, f"BENCH-BIG-{run_id}-{index}", "bench")
            big_times.append(time.perf_counter() - began)
            assert outcome.counts.entries_new == IMPORT_ENTRIES
            print(f"    import {index + 1}/{REPEATS}: empty store {empty_times[-1] * 1000:7.1f} ms,"
                  f" big store {big_times[-1] * 1000:7.1f} ms", flush=True)
        profile = cProfile.Profile()
        profile.runcall(big_service.import_file, folder, f"BENCH-PROFILE-{run_id}", "bench")
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(8)
    finally:
        big_service.close()
    return {"empty": empty_times, "big": big_times, "profile": trimmed_profile(text.getvalue())}


def run(kinds: list[str], quick: bool, seed: int = 0) -> list[Result]:
    total = big_size(quick)
    say(f"== import into a big store: {IMPORT_ENTRIES:,} entries into a {total:,}-entry store vs"
        f" an empty one, median of {REPEATS} each ==")
    folder = single_extract(IMPORT_ENTRIES, seed)
    results: list[Result] = []
    for kind in kinds:
        big, info = working_copy(kind, total, seed)
        say(f"  [{kind}] big store: {info.entries:,} entries from {info.extracts:,} extracts"
            f" ({info.rejected} rejected), built in {info.build_seconds:,.0f} s on {info.built_at}")
        figures = in_child(measure_child, kind, big, folder, uuid.uuid4().hex[:8])
        say(f"  [{kind}] one more import into the big store under cProfile (by own time):")
        for line in figures["profile"].splitlines():
            say(f"      {line}")
        empty_s, big_s = median(figures["empty"]), median(figures["big"])
        ratio = big_s / empty_s
        say(f"  [{kind}] median: empty {empty_s * 1000:.1f} ms, big {big_s * 1000:.1f} ms,"
            f" ratio {ratio:.2f} (target <= {TARGET_RATIO})")
        results += [
            Result(NAME, kind, f"{IMPORT_ENTRIES:,} entries into {info.entries:,}",
                   big_s * 1000, "ms", baseline=f"empty store {empty_s * 1000:,.1f} ms",
                   ratio=ratio, target=f"<= {TARGET_RATIO}x",
                   verdict=verdict(ratio <= TARGET_RATIO),
                   extra={"empty_ms": [t * 1000 for t in figures["empty"]],
                          "big_ms": [t * 1000 for t in figures["big"]]}),
            Result(NAME, kind, f"building the {info.entries:,}-entry store (cached)",
                   info.entries / info.build_seconds, "entries/s",
                   extra={"rates": info.rates, "built_at": info.built_at}),
        ]
    return results
