"""The deterministic pass: identifiers that settle a match, or forbid one, before any scoring.

- The same valid NHS number links two mentions, unless their dates of birth or sexes
  conflict: then it goes to a reviewer and never links on its own (a mis-keyed number).
- Two different valid NHS numbers can never be the same person (twins, siblings).
- The same local identifier (LA child id, UPN, police reference) within one organisation
  links its two rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from chronology.people.normalise import MatchRow


@dataclass(frozen=True)
class IdentifierFinding:
    left: str
    right: str
    kind: str  # "link", "review" or "cannot_link"
    reason: str


def identifier_findings(rows: list[MatchRow]) -> list[IdentifierFinding]:
    findings: list[IdentifierFinding] = []
    for left, right in combinations(rows, 2):
        finding = _compare(left, right)
        if finding is not None:
            findings.append(finding)
    return findings


def _compare(left: MatchRow, right: MatchRow) -> IdentifierFinding | None:
    if left.nhs_number and right.nhs_number:
        if left.nhs_number != right.nhs_number:
            return _finding(left, right, "cannot_link", "NHS numbers differ")
        conflict = _conflict(left, right)
        if conflict:
            return _finding(left, right, "review", f"same NHS number, but {conflict}")
        return _finding(left, right, "link", "NHS number: same")
    if left.organisation == right.organisation:
        for key, value in left.local_ids.items():
            if right.local_ids.get(key) == value:
                return _finding(left, right, "link", f"{key.replace('_', ' ')}: same")
    return None


def _conflict(left: MatchRow, right: MatchRow) -> str | None:
    if left.dob and right.dob and left.dob != right.dob:
        return f"dates of birth differ ({left.dob} vs {right.dob})"
    if left.sex and right.sex and left.sex != right.sex:
        return f"sex differs ({left.sex} vs {right.sex})"
    return None


def _finding(left: MatchRow, right: MatchRow, kind: str, reason: str) -> IdentifierFinding:
    first, second = sorted((left.unique_id, right.unique_id))
    return IdentifierFinding(first, second, kind, reason)
