"""Matching many cases in one run (an identity refresh) agrees with matching each on its own."""

from __future__ import annotations

from chronology.people.resolve import resolve, resolve_many
from fixtures.labelled_matching import labelled_cases


def test_a_batch_of_cases_resolves_exactly_as_each_case_alone() -> None:
    cases = {f"case-{n}": rows for n, (rows, _) in enumerate(labelled_cases(6, seed=9))}
    batch = resolve_many(cases)
    for case, rows in cases.items():
        assert batch[case].clusters == resolve(rows, {}).clusters
        assert sorted((c.left, c.right) for c in batch[case].candidates) == sorted(
            (c.left, c.right) for c in resolve(rows, {}).candidates
        )
