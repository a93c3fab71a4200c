"""Precision and recall of person matching at the auto-link threshold, on a labelled synthetic set.

Pooled over 60 generated cases (three seeds of 20): single samples of 20 cases vary
(precision 0.988-1.000, recall 0.948-0.972 at the time of writing), so the target is
checked on the pool, and each seed's figures are printed for the record.
"""

from __future__ import annotations

from chronology.people.resolve import AUTO_LINK
from fixtures.labelled_matching import Scores, evaluate

SEEDS = (1, 5, 23)


def test_auto_links_are_precise_and_find_nearly_everyone() -> None:
    pooled = Scores()
    for seed in SEEDS:
        scores = evaluate(20, seed=seed)
        print(
            f"\nperson matching, seed {seed}: precision {scores.precision:.4f},"
            f" recall {scores.recall:.4f}"
        )
        pooled.true_positives += scores.true_positives
        pooled.predicted += scores.predicted
        pooled.actual += scores.actual
        pooled.unborn_pairs += scores.unborn_pairs
    print(
        f"person matching, 60 cases, auto-link at {AUTO_LINK}: precision"
        f" {pooled.precision:.4f}, recall {pooled.recall:.4f} ({pooled.predicted} linked pairs,"
        f" {pooled.actual} true pairs; {pooled.unborn_pairs} unborn-to-born pairs are left to"
        " reviewers by design)"
    )
    assert pooled.precision >= 0.99
    assert pooled.recall >= 0.95
