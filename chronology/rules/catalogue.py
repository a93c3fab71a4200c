"""Imports every rule module so that each registers itself (one line per rule)."""

from chronology.rules import repeat_plan, was_not_brought  # noqa: F401

__all__: list[str] = []
