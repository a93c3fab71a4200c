"""A whole-authority identity refresh: matching about 100,000 person mentions at once.

Generated cases (people only, few entries) are turned into matching rows in memory, then
resolved two ways: `resolve_many` (one splink run over every case, pairs compared only within
a case, then each case clustered) and, for a sample, case by case as `people` does on read.
Precision and recall against the generator's truth are reported for the batch.
"""

from __future__ import annotations

import resource
import sys
import time
from itertools import combinations
from typing import Any

from chronology.dates import DateError, parse_date
from chronology.domain import ids
from chronology.nhs import normalise_nhs_number
from chronology.people.normalise import MatchRow, match_row
from chronology.people.resolve import resolve, resolve_many
from fixtures.generator import generate_cases


def _date(text: str) -> dict[str, Any] | None:
    try:
        return parse_date(text).model_dump(mode="json") if text else None
    except DateError:
        return None


def _record(row: dict[str, str]) -> dict[str, Any]:
    return {
        "person_ref": row["person_ref"],
        "given_names": row.get("given_names") or None,
        "family_name": row.get("family_name") or None,
        "known_as": [a.strip() for a in (row.get("known_as") or "").split(";") if a.strip()],
        "date_of_birth": _date(row.get("date_of_birth", "")),
        "expected_birth_date": _date(row.get("expected_birth_date", "")),
        "sex": row.get("sex") or None,
        "postcode": row.get("postcode") or None,
        "nhs_number": normalise_nhs_number(row.get("nhs_number") or ""),
        **{key: row.get(key) or None for key in ("la_child_id", "upn", "police_ref")},
    }


def authority(target: int, seed: int = 0) -> tuple[dict[str, list[MatchRow]], dict[str, str]]:
    """Cases of mentions adding up to about `target`, and the true person of each mention."""
    cases: dict[str, list[MatchRow]] = {}
    truth: dict[str, str] = {}
    total = 0
    for case in generate_cases(10**6, seed=seed, entries_scale=0.02):
        case_id = ids.case_id(case.case_ref)
        truth_map = case.truth_map()
        rows = cases.setdefault(case.case_ref, [])
        for extract in case.extracts:
            for person in extract.people:
                mention = str(ids.mention_id(case_id, extract.organisation, person["person_ref"]))
                rows.append(
                    match_row(mention, extract.organisation, extract.agency, _record(person))
                )
                truth[mention] = truth_map[
                    (case.case_ref, extract.organisation, person["person_ref"])
                ]
        total += len(rows)
        if total >= target:
            return cases, truth
    return cases, truth


def _pairs(clusters: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for cluster in clusters for pair in combinations(cluster, 2)}


def main(target: int = 100_000) -> None:
    started = time.perf_counter()
    cases, truth = authority(target)
    mentions = sum(len(rows) for rows in cases.values())
    print(
        f"generated {mentions:,} mentions in {len(cases):,} cases"
        f" in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    started = time.perf_counter()
    resolved = resolve_many(cases)
    batch = time.perf_counter() - started
    predicted = set().union(*(_pairs(r.clusters) for r in resolved.values()))
    actual = {
        frozenset((a, b))
        for rows in cases.values()
        for a, b in combinations([row.unique_id for row in rows], 2)
        if truth[a] == truth[b]
    }
    hits = len(predicted & actual)
    print(
        f"batch: {batch:.1f} s ({mentions / batch:,.0f} mentions/s); peak memory"
        f" {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,} MiB;"
        f" precision {hits / len(predicted):.4f}, recall {hits / len(actual):.4f}",
        flush=True,
    )
    sample = list(cases.items())[:100]
    started = time.perf_counter()
    for _, rows in sample:
        resolve(rows, {})
    each = (time.perf_counter() - started) / len(sample)
    print(
        f"case by case (100-case sample): {each * 1000:.0f} ms a case, so about"
        f" {each * len(cases):.0f} s for all {len(cases):,} cases; batch is"
        f" {each * len(cases) / batch:.1f}x faster"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
