"""Web: 50 concurrent users reading a case's timeline over real HTTP for 60 s (10 s in quick mode).

What it measures (QUALITY.md, "web"): what users see of a real server process (`chronology
serve`) under load, on SQLite and PostgreSQL: requests, throughput, p50/p95/p99/max latency and
errors (any answer but 200, or none within 30 s). Target: p99 < 300 ms and zero errors.

Each user is a reviewer account of its own, given the cases, with its own connection, and
loops over one route with no pause between requests: a closed loop, 50 requests in flight at
all times, so latency is about 50 x the server's time per request. Two routes, in turn: the
API's `GET /api/cases/{case}/timeline` with the user's API token, and the case page
`GET /cases/{case}` with the session cookie of the user's login (the login form, CSRF token
and all). Every read records an access event (a write) before it answers, as the brief requires.

Two cases, one after the other on the same server: the demo case DEMO-001 as it ships (207
entries from 11 organisations, hand-written to be realistic), and a generated case of 2,000
entries (the generator's sizes run from 200 to 6,000 with a median near 700, so 2,000 is a
large case, about the 90th percentile). Both are real sizes; the pair shows how the figures
grow with the timeline.

Baseline in the same run (a diagnostic; QUALITY.md names none): one user alone, 20 reads in a
row, before each load. The load itself is in `web_load.py`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import Result, clear_dir, percentile, say, stopwatch, verdict
from benchmarks.datasets import EXTRACTS_DIR, MARKER
from benchmarks.stores import FreshStore, fresh_store
from benchmarks.web_load import (
    Figures,
    Target,
    alone,
    api_timeline,
    case_page,
    measure,
    server,
    signed_in,
)
from chronology.bootstrap import open_service
from chronology.domain.account import Role
from fixtures.generator import make_case, write_case
from views.demo import DEMO_CASES, demo_extracts

NAME = "web"
USERS = 50
SECONDS, QUICK_SECONDS = 60.0, 10.0
DEMO_CASE = "DEMO-001"
CASE_ENTRIES = 2000
CASE_INDEX = 91000  # beyond the case indices other benchmarks' stores use
ALONE_READS = 20
TARGET_P99_MS = 300.0
PASSWORD = secrets.token_urlsafe(16)  # throwaway accounts in a scratch store


@dataclass(frozen=True)
class Case:
    ref: str
    folders: list[Path]
    why: str


def cases(seed: int) -> list[Case]:
    """The demo case as it ships, and a large generated case (generated once, then cached)."""
    generated = make_case(CASE_INDEX, seed, n_entries=CASE_ENTRIES)
    root = EXTRACTS_DIR / f"web-s{seed}-n{CASE_ENTRIES}"
    if not (root / MARKER).exists():
        clear_dir(root)
        write_case(generated, root)
        (root / MARKER).write_text("")
    folders = sorted(p.parent for p in root.glob("*/*/events.csv"))
    return [
        Case(DEMO_CASE, demo_extracts(DEMO_CASES / DEMO_CASE), "the demo case as it ships"),
        Case(generated.case_ref, folders, "generated: a large case, about the 90th percentile"),
    ]


@dataclass(frozen=True)
class Loaded:
    """A store holding the cases, and the users given them."""

    store: FreshStore
    entries: dict[str, int]  # case reference -> entries in its timeline
    users: list[str]
    tokens: list[str]


def load_store(kind: str, wanted: list[Case]) -> Loaded:
    """A fresh store holding the cases, and one API token per user (a reviewer given them)."""
    store = fresh_store(kind, "web")
    service = open_service(store.settings)
    refs = [case.ref for case in wanted]
    users = [f"Reviewer {number:02d}" for number in range(USERS)]
    try:
        for case in wanted:
            for folder in case.folders:
                service.import_file(folder, case.ref, "benchmark")
        entries = {ref: len(service.timeline(ref)) for ref in refs}
        for name in users:
            service.accounts.add_user(name, Role.REVIEWER, PASSWORD, cases=refs)
        tokens = [service.accounts.issue_token(name) for name in users]
    finally:
        service.close()
    return Loaded(store, entries, users, tokens)


def run(kinds: list[str], quick: bool, seed: int = 0) -> list[Result]:
    seconds = QUICK_SECONDS if quick else SECONDS
    say(
        f"== web: {USERS} users reading a case's timeline over HTTP, {seconds:.0f} s per case"
        " and route, no pause between requests (latency is about users x the server's time"
        " per request) =="
    )
    wanted = cases(seed)
    results: list[Result] = []
    for kind in kinds:
        with stopwatch() as elapsed:
            loaded = load_store(kind, wanted)
        say(f"  [{kind}] {len(wanted)} cases and {USERS} reviewers with tokens: {elapsed():.1f} s")
        try:
            results += on_server(kind, loaded, wanted, seconds)
        finally:
            loaded.store.discard()
    return results


def on_server(kind: str, loaded: Loaded, wanted: list[Case], seconds: float) -> list[Result]:
    """Each case read through each route in turn, by every user, from one server process."""
    results: list[Result] = []
    with server(loaded.store) as (base, pid):
        cookies = [signed_in(base, name, PASSWORD) for name in loaded.users]
        for case in wanted:
            entries = loaded.entries[case.ref]
            say(f"  [{kind}] {case.ref}, {entries:,} entries ({case.why}):")
            for targets in (
                [api_timeline(case.ref, token) for token in loaded.tokens],
                [case_page(case.ref, cookie) for cookie in cookies],
            ):
                label = f"{targets[0].label}, {case.ref} ({entries:,} entries)"
                what = f"{USERS} users x {seconds:.0f} s, {label}"
                results += load(kind, what, base, pid, targets, seconds)
    return results


def load(
    kind: str, what: str, base: str, pid: int, targets: list[Target], seconds: float
) -> list[Result]:
    """One user alone first (the baseline), then every user at once."""
    size, single = alone(base, targets[0], ALONE_READS)
    say(
        f"  [{kind}]   {targets[0].label}, {size / 1024:,.0f} KiB: one user alone,"
        f" {ALONE_READS} reads: p50 {percentile(single, 50):.1f} ms, max {max(single):.1f} ms"
    )
    figures = measure(base, pid, targets, seconds)
    return report(kind, what, percentile(single, 50), figures)


def report(kind: str, what: str, alone_ms: float, f: Figures) -> list[Result]:
    """Prints the figures and turns them into summary rows."""
    ok = f.ms(99) < TARGET_P99_MS and f.error_count == 0
    say(
        f"  [{kind}]   {f.requests:,} requests, {f.throughput:.1f}/s (answered within the"
        f" {f.seconds:.0f} s; the last after {f.wall_s:.1f} s): p50 {f.ms(50):.0f} ms,"
        f" p95 {f.ms(95):.0f} ms, p99 {f.ms(99):.0f} ms, max {max(f.latencies_ms):.0f} ms;"
        f" errors {f.error_count}" + (f" {f.errors}" if f.errors else "")
    )
    say(
        f"  [{kind}]   CPU: server {f.server_cpu_s / f.wall_s:.0%} of one CPU"
        f" ({f.server_cpu_s / f.requests * 1000:.1f} ms per request), client (this process)"
        f" {f.client_cpu_s / f.wall_s:.0%}; verdict {verdict(ok)}"
    )
    extra = {
        "requests": f.requests,
        "errors": f.errors,
        "wall_s": f.wall_s,
        "server_cpu_s": f.server_cpu_s,
        "client_cpu_s": f.client_cpu_s,
    }
    alone_text = f"one user alone p50 {alone_ms:.1f} ms"

    def row(measure: str, value: float, unit: str, **more: Any) -> Result:
        return Result(NAME, kind, f"{what}, {measure}", value, unit, **more)

    return [
        row(
            "p99",
            f.ms(99),
            "ms",
            baseline=alone_text,
            ratio=f.ms(99) / alone_ms,
            target=f"< {TARGET_P99_MS:.0f} ms, zero errors",
            verdict=verdict(ok),
            extra=extra,
        ),
        row("p50", f.ms(50), "ms", baseline=alone_text, ratio=f.ms(50) / alone_ms),
        row("p95", f.ms(95), "ms"),
        row("max", max(f.latencies_ms), "ms"),
        row("throughput", f.throughput, "requests/s"),
        row("errors", f.error_count, "errors", target="0", verdict=verdict(f.error_count == 0)),
    ]
