"""Resolving a case's mentions into people: identifiers, the model, and reviewers' decisions.

Links are applied strongest first: a reviewer's "same person", then identifiers, then model
scores at or above the auto-link threshold. A link is refused when it would put two
mentions a reviewer said are different, or two different NHS numbers, into one person, and
an unborn child is never linked to a born one without a reviewer. Everything between the
review floor and the threshold that did not end up in one person is a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chronology.people.identifiers import IdentifierFinding, identifier_findings
from chronology.people.model import MODEL_VERSION, PairScore, score_pairs
from chronology.people.normalise import MatchRow

# Set on the synthetic labelled set (fixtures/labelled_matching.py): at 0.93 precision was
# 0.993-1.000 and recall 0.953-0.965 over four seeds of 30-40 cases. Re-tune on real data
# with clerical review before relying on it.
AUTO_LINK = 0.93
REVIEW_FLOOR = 0.5


@dataclass(frozen=True)
class Link:
    """Why two mentions are (or may be) the same person."""

    left: str
    right: str
    method: str  # reviewer, identifier, model
    probability: float
    explanation: str
    status: str  # linked, candidate, rejected


@dataclass
class Resolution:
    clusters: list[list[str]]
    links: list[Link] = field(default_factory=list)
    candidates: list[Link] = field(default_factory=list)
    model_version: str = MODEL_VERSION


class _Clusters:
    """Union-find over mention ids that refuses merges across cannot-link pairs."""

    def __init__(self, ids: list[str], apart: set[frozenset[str]]) -> None:
        self.parent = {mention: mention for mention in ids}
        self.members = {mention: {mention} for mention in ids}
        self.apart = apart

    def find(self, mention: str) -> str:
        while self.parent[mention] != mention:
            self.parent[mention] = self.parent[self.parent[mention]]
            mention = self.parent[mention]
        return mention

    def join(self, left: str, right: str) -> bool:
        a, b = self.find(left), self.find(right)
        if a == b:
            return True
        if any(frozenset((x, y)) in self.apart for x in self.members[a] for y in self.members[b]):
            return False
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        return True

    def groups(self) -> list[list[str]]:
        return sorted(sorted(members) for members in self.members.values())


def resolve(
    rows: list[MatchRow],
    decisions: dict[frozenset[str], str],
    scores: list[PairScore] | None = None,
) -> Resolution:
    """People (clusters of mention ids), the links that made them, and candidates to review.

    `scores` may be given when the model has already scored these rows (a batch of cases).
    """
    found = identifier_findings(rows)
    if scores is None:
        scores = score_pairs([row.as_splink() for row in rows], floor=REVIEW_FLOOR)
    unborn = {row.unique_id for row in rows if row.is_unborn}
    apart = {pair for pair, decision in decisions.items() if decision == "different"}
    apart |= {frozenset((f.left, f.right)) for f in found if f.kind in ("cannot_link", "review")}
    clusters = _Clusters([row.unique_id for row in rows], apart)
    resolution = Resolution(clusters=[])
    _apply_decisions(clusters, decisions, resolution)
    _apply_identifiers(clusters, found, unborn, resolution)
    _apply_scores(clusters, scores, unborn, decisions, resolution)
    _add_identifier_reviews(clusters, found, decisions, resolution)
    resolution.clusters = clusters.groups()
    resolution.candidates = _one_per_pair_of_people(clusters, resolution.candidates)
    return resolution


def resolve_many(cases: dict[str, list[MatchRow]]) -> dict[str, Resolution]:
    """Many cases at once (an identity refresh): one model run, then each case on its own."""
    rows = [
        {**row.as_splink(), "case_key": case} for case, members in cases.items() for row in members
    ]
    by_case: dict[str, list[PairScore]] = {case: [] for case in cases}
    case_of = {row["unique_id"]: row["case_key"] for row in rows}
    for score in score_pairs(rows, floor=REVIEW_FLOOR, within="case_key"):
        by_case[case_of[score.left]].append(score)
    return {case: resolve(members, {}, by_case[case]) for case, members in cases.items()}


def _one_per_pair_of_people(clusters: _Clusters, candidates: list[Link]) -> list[Link]:
    """The strongest candidate between each two people still apart (a reviewer decides once)."""
    best: dict[frozenset[str], Link] = {}
    for link in candidates:
        people = frozenset((clusters.find(link.left), clusters.find(link.right)))
        if len(people) == 2 and (people not in best or _stronger(link, best[people])):
            best[people] = link
    return sorted(best.values(), key=lambda link: (-link.probability, link.left, link.right))


def _stronger(link: Link, other: Link) -> bool:
    return (link.method == "identifier", link.probability) > (
        other.method == "identifier",
        other.probability,
    )


def _apply_decisions(
    clusters: _Clusters, decisions: dict[frozenset[str], str], resolution: Resolution
) -> None:
    for pair, decision in sorted(decisions.items(), key=lambda item: sorted(item[0])):
        left, right = sorted(pair)
        if decision == "same" and clusters.join(left, right):
            resolution.links.append(
                Link(left, right, "reviewer", 1.0, "a reviewer confirmed", "linked")
            )


def _apply_identifiers(
    clusters: _Clusters, found: list[IdentifierFinding], unborn: set[str], resolution: Resolution
) -> None:
    for finding in found:
        if finding.kind != "link":
            continue
        if {finding.left, finding.right} & unborn:
            resolution.candidates.append(
                Link(
                    finding.left,
                    finding.right,
                    "identifier",
                    1.0,
                    f"{finding.reason}; unborn and born: a reviewer links them",
                    "candidate",
                )
            )
        elif clusters.join(finding.left, finding.right):
            resolution.links.append(
                Link(finding.left, finding.right, "identifier", 1.0, finding.reason, "linked")
            )


def _apply_scores(
    clusters: _Clusters,
    scores: list[PairScore],
    unborn: set[str],
    decisions: dict[frozenset[str], str],
    resolution: Resolution,
) -> None:
    for score in sorted(scores, key=lambda s: (-s.probability, s.left, s.right)):
        if score.probability < REVIEW_FLOOR or frozenset((score.left, score.right)) in decisions:
            continue
        explanation = "; ".join(evidence.describe() for evidence in score.evidence)
        left, right = sorted((score.left, score.right))
        automatic = score.probability >= AUTO_LINK and not {left, right} & unborn
        if automatic and clusters.join(left, right):
            resolution.links.append(
                Link(left, right, "model", score.probability, explanation, "linked")
            )
        elif clusters.find(left) != clusters.find(right):
            resolution.candidates.append(
                Link(left, right, "model", score.probability, explanation, "candidate")
            )


def _add_identifier_reviews(
    clusters: _Clusters,
    found: list[IdentifierFinding],
    decisions: dict[frozenset[str], str],
    resolution: Resolution,
) -> None:
    for finding in found:
        pair = frozenset((finding.left, finding.right))
        if finding.kind == "review" and pair not in decisions:
            resolution.candidates.append(
                Link(finding.left, finding.right, "identifier", 0.0, finding.reason, "candidate")
            )
