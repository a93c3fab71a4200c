"""Timeline read: one 5,000-entry case's timeline, from a store of 1,000,000 entries.

What it measures (QUALITY.md, "timeline read"): the latency of `ChronologyService.timeline(case)`
(check the projection is current, find the case, select its current entries in timeline order,
decode each stored document, attach the subjects' names), p50 and p95 over 100 reads in one warm
process. The target is for a read over HTTP (p95 < 50 ms); the web app arrives with its own
issue, so this is the service call the HTTP route will wrap, a lower bound on the HTTP figure.

Baseline in the same run: an indexed `SELECT doc` of the same rows straight from the database
(the `timeline_current` index: current versions of active entries, in timeline order), fetched
in full over a plain connection, 100 reads alternating with the service's. Target: within 5x.
One extra read runs under cProfile, to show where the service's time goes.
"""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import sqlite3
import time
from collections.abc import Callable
from typing import Any

import psycopg

from benchmarks.big_store import big_size, working_copy
from benchmarks.common import Result, in_child, percentile, say, trimmed_profile, verdict
from benchmarks.stores import FreshStore
from chronology.bootstrap import open_service

NAME = "timeline read"
READS = 100
PAUSED_READS = 30
TARGET_P95_MS = 50.0
TARGET_RATIO = 5.0
RAW_SELECT = ("SELECT doc FROM timeline_versions WHERE case_id = ? AND held_to IS NULL"
              " AND status = 'active' ORDER BY sort_key, organisation, org_order, entry_id")


def read_child(store: FreshStore, case_ref: str, reads: int) -> dict[str, Any]:
    """Alternating service and raw reads of one case's timeline, in milliseconds."""
    service = open_service(store.settings)
    service.catch_up()
    raw, close = _raw_reader(store, case_ref)
    try:
        expected = len(service.timeline(case_ref))
        if len(raw()) != expected:
            raise RuntimeError("the raw SELECT and the service disagree on the rows")
        for _ in range(3):  # warm both paths
            service.timeline(case_ref)
            raw()
        service_ms: list[float] = []
        raw_ms: list[float] = []
        for _ in range(reads):
            began = time.perf_counter()
            service.timeline(case_ref)
            service_ms.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            raw()
            raw_ms.append((time.perf_counter() - began) * 1000)
        # Diagnostic only (not the figure): the same reads with the cyclic collector paused.
        gc.disable()
        try:
            paused_ms = []
            for _ in range(PAUSED_READS):
                began = time.perf_counter()
                service.timeline(case_ref)
                paused_ms.append((time.perf_counter() - began) * 1000)
        finally:
            gc.enable()
        profile = cProfile.Profile()
        profile.runcall(service.timeline, case_ref)
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(8)
    finally:
        close()
        service.close()
    return {"entries": expected, "service_ms": service_ms, "raw_ms": raw_ms,
            "paused_ms": paused_ms,
            "profile": trimmed_profile(text.getvalue())}


def _raw_reader(store: FreshStore, case_ref: str) -> tuple[Callable[[], list[Any]],
                                                           Callable[[], None]]:
    if store.kind == "sqlite":
        assert store.path is not None
        lite = sqlite3.connect(store.path)
        case_id = lite.execute("SELECT case_id FROM timeline_cases WHERE case_ref = ?",
                               [case_ref]).fetchone()[0]
        return (lambda: lite.execute(RAW_SELECT, [case_id]).fetchall()), lite.close
    assert store.url is not None
    pg = psycopg.connect(store.url, autocommit=True)
    found = pg.execute("SELECT case_id FROM timeline_cases WHERE case_ref = %s",
                       [case_ref]).fetchone()
    assert found is not None
    statement = RAW_SELECT.replace("?", "%s")
    return (lambda: pg.execute(statement, [found[0]]).fetchall()), pg.close


def run(kinds: list[str], quick: bool, seed: int = 0) -> list[Result]:
    total = big_size(quick)
    say(f"== timeline read: one 5,000-entry case in a {total:,}-entry store,"
        f" p50/p95 over {READS} reads ==")
    results: list[Result] = []
    for kind in kinds:
        store, info = working_copy(kind, total, seed)
        figures = in_child(read_child, store, info.timeline_case, READS)
        ours, raw = figures["service_ms"], figures["raw_ms"]
        p50, p95 = percentile(ours, 50), percentile(ours, 95)
        raw50, raw95 = percentile(raw, 50), percentile(raw, 95)
        say(f"  [{kind}] {figures['entries']:,} entries:"
            f" service p50 {p50:.1f} ms, p95 {p95:.1f} ms;"
            f" raw SELECT p50 {raw50:.1f} ms, p95 {raw95:.1f} ms;"
            f" ratio p50 {p50 / raw50:.1f}x, p95 {p95 / raw95:.1f}x")
        paused = figures["paused_ms"]
        say(f"  [{kind}] diagnostic: {len(paused)} more service reads with the cyclic garbage"
            f" collector paused: p50 {percentile(paused, 50):.1f} ms,"
            f" p95 {percentile(paused, 95):.1f} ms")
        say(f"  [{kind}] one service read under cProfile (by own time):")
        for line in figures["profile"].splitlines():
            say(f"      {line}")
        measure = f"timeline(case), {figures['entries']:,} entries"
        results += [
            Result(NAME, kind, f"{measure}, p95", p95, "ms",
                   target=f"< {TARGET_P95_MS:.0f} ms (over HTTP)",
                   verdict=verdict(p95 < TARGET_P95_MS),
                   extra={"gc_paused_p50_ms": percentile(paused, 50),
                          "gc_paused_p95_ms": percentile(paused, 95)}),
            Result(NAME, kind, f"{measure}, p50 vs raw SELECT", p50, "ms",
                   baseline=f"raw SELECT p50 {raw50:.1f} ms", ratio=p50 / raw50,
                   target=f"<= {TARGET_RATIO:.0f}x", verdict=verdict(p50 / raw50 <= TARGET_RATIO)),
            Result(NAME, kind, f"{measure}, p95 vs raw SELECT", p95, "ms",
                   baseline=f"raw SELECT p95 {raw95:.1f} ms", ratio=p95 / raw95,
                   target=f"<= {TARGET_RATIO:.0f}x", verdict=verdict(p95 / raw95 <= TARGET_RATIO)),
        ]
    return results
