"""Imports every rule module so that each registers itself (one line per rule)."""

from chronology.rules import (  # noqa: F401
    closure_without_handover,
    cumulative_risk,
    disengagement_pattern,
    information_not_shared,
    non_mobile_injury,
    parental_responsibility_unrecorded,
    parental_risk_combination,
    repeat_plan,
    siblings_not_considered,
    start_again,
    strategy_discussion_missing_agency,
    unseen_adult,
    voice_of_child_missing,
    was_not_brought,
)

__all__: list[str] = []
