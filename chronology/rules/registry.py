"""The rule registry: every rule registers under its id, and no id twice."""

from __future__ import annotations

from typing import TypeVar

from chronology.rules.base import Rule

R = TypeVar("R", bound=type[Rule])
_RULES: dict[str, type[Rule]] = {}


class DuplicateRule(ValueError):
    pass


def register(rule: R) -> R:
    if rule.id in _RULES:
        raise DuplicateRule(f"a rule with id {rule.id!r} is already registered")
    _RULES[rule.id] = rule
    return rule


def registered() -> dict[str, type[Rule]]:
    """Every rule, by id (importing the catalogue registers them)."""
    import chronology.rules.catalogue  # noqa: F401 - registers every rule module

    return dict(_RULES)
