"""Flags: every rule over one 5,000-entry case and one 50,000-entry case.

What it measures (QUALITY.md, "flags"): `chronology.rules.engine.evaluate` over one case, as
`ChronologyService.flags` runs it, targets under 1 s for 5,000 entries and under 10 s for
50,000 (near-linear growth: the baseline is the 5,000-entry figure x10).

The case is a generated family (`fixtures.generator.make_case`) of 30 people with three or
more children (four for seed 0), the youngest born during the period, a mother's partner and
relatives, known to 14 organisations in two areas, with all the entry types the rules read:
strategy discussions with invitations, closures, referrals, injuries, missed appointments,
information shared and requested. The same family is used at both sizes. It is imported once
through `ChronologyService.import_file` into a SQLite store cached under
`benchmarks/.data/stores/rules-s<seed>-n<entries>.sqlite`; each run reads the timeline
DataFrame and the resolved people back once (`timeline_dataframe`, `people`) in a fresh
interpreter, then times only `evaluate`: one warm-up, then the median of several runs.
Per-rule figures come from separate runs of the engine's two steps (`prepare`, then each rule
over the prepared case), so they add up to about the whole.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.common import (
    DATA_DIR,
    WORK_DIR,
    Result,
    clear_dir,
    in_child,
    median,
    say,
    verdict,
)
from benchmarks.stores import FreshStore
from chronology.bootstrap import open_service
from chronology.people.graph import build_graph
from chronology.people.models import Person, RelationshipFact
from chronology.rules import engine
from chronology.rules.base import CaseIndex
from chronology.rules.flag import Flag
from chronology.rules.registry import registered
from chronology.rules.settings import rule_settings
from chronology.settings import Settings
from fixtures.generator import make_case, write_case
from fixtures.synthetic.case import case_rng, plan_case

NAME = "flags"
STORES_DIR = DATA_DIR / "stores"
TARGETS = {5_000: 1.0, 50_000: 10.0}
REPEATS = {5_000: 7, 50_000: 3}
PEOPLE = 30
ORGANISATIONS = 14
FIRST_INDEX = 95_000  # far from the cases the store benchmarks number from 0
PREPARE = "prepare: graph, shared index, knowledge"
SHARED = "  of which graph and shared index"


@dataclass(frozen=True)
class RulesCase:
    """A cached store holding one generated case for this benchmark."""

    path: Path
    case_ref: str
    entries: int
    seed: int
    build_seconds: float


def family_index(seed: int) -> int:
    """The first case index (from 95,000) whose family has three or more children, one of
    them born during the period, and a partner of the mother: work for every family rule."""
    for index in range(FIRST_INDEX, FIRST_INDEX + 1000):
        plan = plan_case(case_rng(seed, index), "peek", 1000, PEOPLE, ORGANISATIONS)
        children = [person for person in plan.persons if person.is_child]
        roles = {person.role for person in plan.persons}
        if len(children) >= 3 and plan.newborn is not None and "partner_of_mother" in roles:
            return index
    raise RuntimeError(f"no suitable family among 1,000 cases of seed {seed}")


def cached_case(entries: int, seed: int) -> RulesCase:
    """The store holding the `entries`-entry case, built now if not already cached."""
    path = STORES_DIR / f"rules-s{seed}-n{entries}.sqlite"
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists():
        return RulesCase(**{**json.loads(sidecar.read_text()), "path": path})
    STORES_DIR.mkdir(parents=True, exist_ok=True)
    building = FreshStore("sqlite", path=path.with_suffix(".building"))
    building.discard()
    say(f"  building the {entries:,}-entry case store (seed {seed}) ...")
    case_ref, seconds = in_child(build_child, building, entries, seed)
    assert building.path is not None
    connection = sqlite3.connect(building.path)  # everything into the one file before moving it
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    building.path.replace(path)
    building.discard()
    built = RulesCase(path, case_ref, entries, seed, seconds)
    sidecar.write_text(json.dumps({**asdict(built), "path": str(path)}, indent=2))
    say(f"  built in {seconds:,.0f} s")
    return built


def build_child(store: FreshStore, entries: int, seed: int) -> tuple[str, float]:
    """Generates the case's extracts and imports them one by one; (case ref, seconds)."""
    began = time.perf_counter()
    case = make_case(
        family_index(seed), seed, n_entries=entries, n_people=PEOPLE, n_orgs=ORGANISATIONS
    )
    folder = WORK_DIR / f"rules-extracts-s{seed}-n{entries}"
    clear_dir(folder)
    service = open_service(store.settings)
    try:
        for extract in write_case(case, folder):
            service.import_file(extract, case.case_ref, "bench")
        service.people(case.case_ref)  # resolved once, stored beside the timeline
    finally:
        service.close()
        clear_dir(folder)
    return case.case_ref, time.perf_counter() - began


def measure_child(path: Path, case_ref: str, repeats: int) -> dict[str, Any]:
    """Reads the case back once, then times `evaluate` and, separately, its steps."""
    service = open_service(Settings(store=path))
    try:
        frame = service.timeline_dataframe(case_ref)
        case_people = service.people(case_ref)
    finally:
        service.close()
    as_at = frame["occurred_from"].max().date() + timedelta(days=30)
    settings = rule_settings()
    people, relationships = case_people.people, case_people.relationships

    def evaluate() -> list[Flag]:
        return engine.evaluate(case_ref, as_at, frame, people, settings, relationships)

    flags = evaluate()  # warm: imports, first allocations
    totals = [_seconds(evaluate) for _ in range(repeats)]
    steps: dict[str, list[float]] = {}
    for _ in range(repeats):
        steps.setdefault(SHARED, []).append(_seconds(_shared, frame, people, relationships))
        began = time.perf_counter()
        case = engine.prepare(case_ref, as_at, frame, people, relationships)
        steps.setdefault(PREPARE, []).append(time.perf_counter() - began)
        for rule_id, rule in sorted(registered().items()):
            own = settings.get(rule_id, {})
            steps.setdefault(rule_id, []).append(_seconds(engine.run, rule, case, own))
    return {
        "entries": len(frame),
        "people": len(people),
        "children": sum(person.is_child for person in people),
        "relationships": len(relationships),
        "totals": totals,
        "steps": steps,
        "flags": dict(Counter(flag.rule for flag in flags)),
    }


def _shared(
    frame: pd.DataFrame, people: list[Person], relationships: list[RelationshipFact]
) -> CaseIndex:
    """The part of `prepare` that is the rules' own: the family network and the index."""
    return CaseIndex(frame, build_graph(people, relationships))


def _seconds(work: Callable[..., object], *args: Any) -> float:
    began = time.perf_counter()
    work(*args)
    return time.perf_counter() - began


def run(kinds: list[str], quick: bool, seed: int = 0) -> list[Result]:
    """The figures for each size (only 5,000 entries with `--quick`). The store kind does not
    matter: what is timed is the evaluation of data already read, so SQLite is used."""
    sizes = [5_000] if quick else sorted(TARGETS)
    say(f"== flags: every rule over one case of {' and '.join(f'{n:,}' for n in sizes)} entries ==")
    medians: dict[int, float] = {}
    results: list[Result] = []
    for entries in sizes:
        case = cached_case(entries, seed)
        repeats = 1 if quick else REPEATS[entries]
        figures = in_child(measure_child, case.path, case.case_ref, repeats)
        medians[entries] = median(figures["totals"])
        _report(figures, repeats)
        results.append(_result(entries, figures, medians))
    return results


def _report(figures: dict[str, Any], repeats: int) -> None:
    totals, flags = figures["totals"], figures["flags"]
    target = TARGETS.get(figures["entries"])
    against = f", {median(totals) / target:.2f}x the {target:.0f} s target" if target else ""
    say(
        f"  {figures['entries']:,} entries, {figures['people']} people"
        f" ({figures['children']} children), {figures['relationships']} relationships:"
        f" evaluate median {median(totals):.3f} s over {repeats} runs"
        f" (min {min(totals):.3f}, max {max(totals):.3f}){against}; {sum(flags.values()):,} flags"
    )
    say("  by step (median; each rule over the prepared case):")
    steps = figures["steps"]
    rules = sorted(set(steps) - {PREPARE, SHARED}, key=lambda name: -median(steps[name]))
    for name in [PREPARE, SHARED, *rules]:
        count = f"  {flags.get(name, 0):,} flags" if name in rules else ""
        say(f"    {name:38} {median(steps[name]) * 1000:9.1f} ms{count}")
    together = sum(median(steps[name]) for name in rules) * 1000
    say(f"    {'(the rules together)':38} {together:9.1f} ms")


def _result(entries: int, figures: dict[str, Any], medians: dict[int, float]) -> Result:
    value, target = medians[entries], TARGETS[entries]
    extra = {
        "steps_ms": {name: median(times) * 1000 for name, times in figures["steps"].items()},
        "flags": figures["flags"],
        "totals_s": figures["totals"],
    }
    baseline, ratio = "", None
    if entries != min(TARGETS) and min(TARGETS) in medians:
        small = medians[min(TARGETS)]
        baseline = f"{min(TARGETS):,} entries x10: {small * 10:.2f} s"
        ratio = value / (small * 10)
    flags = sum(figures["flags"].values())
    return Result(
        NAME,
        "sqlite",
        f"all rules, {entries:,} entries ({flags:,} flags)",
        value,
        "s",
        baseline=baseline,
        ratio=ratio,
        target=f"< {target:.0f} s",
        verdict=verdict(value < target),
        extra=extra,
    )
