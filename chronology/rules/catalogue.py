"""Imports every rule module so that each registers itself (one line per rule)."""

from chronology.rules import (  # noqa: F401
    cumulative_risk,
    non_mobile_injury,
    repeat_plan,
    was_not_brought,
)

__all__: list[str] = []
