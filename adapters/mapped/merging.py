"""Rows that describe one thing (an entry, a person) merged into one record.

A police export repeats an occurrence's fields on every row, one row per person involved,
and a person appears on the rows of every occurrence they were part of. The first value
given wins; a blank says nothing; a different value on a later row is a conflict, reported
as a warning at that row so the agency can see which of its records disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chronology.problems import Problem, warning


@dataclass
class Described:
    """What one row says about a record: field values, and the column each came from."""

    key: str
    row: int
    values: dict[str, Any]
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class Merged:
    """A record's values, with the row that gave each one."""

    key: str
    first_row: int
    values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def blank(value: Any) -> bool:
    return value is None or value == "" or value == () or value == {}


def merge(
    described: list[Described], sheet: str, what: str, shown: Callable[[str], str] = str
) -> tuple[Merged, list[Problem]]:
    """One record from the rows that describe it (at least one); conflicts as warnings,
    placed at the column as `shown` spells it (the header's own spelling)."""
    merged = Merged(described[0].key, described[0].row)
    problems: list[Problem] = []
    for part in described:
        for name, value in part.values.items():
            if blank(value):
                continue
            if name not in merged.values:
                merged.values[name], merged.rows[name] = value, part.row
            elif merged.values[name] != value:
                problems.append(_conflict(part, name, merged, sheet, what, shown))
    return merged, problems


def _conflict(
    part: Described, name: str, merged: Merged, sheet: str, what: str, shown: Callable[[str], str]
) -> Problem:
    kept = merged.rows[name]
    return warning(
        f"{what} {part.key[:60]} has a different {name} here than in row {kept}; "
        f"row {kept}'s is kept",
        sheet=sheet,
        row=part.row,
        column=shown(part.columns.get(name, name)),
        value=_shown(part.values[name]),
        expected=f"the same {name} on every row of {what} {part.key[:60]}",
    )


def _shown(value: Any) -> str:
    if hasattr(value, "uk"):
        return str(value.uk())
    if isinstance(value, tuple | list):
        return "; ".join(str(item) for item in value)[:80]
    return str(value)[:80]
