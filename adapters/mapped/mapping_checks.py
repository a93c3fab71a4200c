"""Mistakes in a mapping only seen across its sections, once each section is valid by itself.

Roles with no role column, an attribute named like one the adapter keeps itself, a category
column with no words to look up, people with no name column (a warning: they show by ref).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.mapped.attributes import RESERVED_ATTRIBUTES
from adapters.mapped.toml_places import key_lines, line_of
from chronology.problems import Problem, error, warning

if TYPE_CHECKING:
    from adapters.mapped.mapping import Mapping


def cross_check(mapping: Mapping, text: str, sheet: str) -> list[Problem]:
    """Mistakes only seen across sections, once each section is valid on its own."""
    lines, found = key_lines(text), list[Problem]()

    def note(path: str, message: str, expected: str, *, severe: bool = True) -> None:
        make = error if severe else warning
        found.append(
            make(message, sheet=sheet, row=line_of(path, lines), column=path, expected=expected)
        )

    if mapping.roles.given and not any(group.role for group in mapping.people):
        note(
            "roles",
            "roles are given but no people table names a role column",
            'role = "Role" in the people table',
        )
    for name in RESERVED_ATTRIBUTES:
        if name in mapping.attributes:
            note(
                f"attributes.{name}",
                f"attributes.{name} is kept by the adapter itself",
                "another attribute name",
            )
    if mapping.event_type.column and not mapping.event_type.words:
        note(
            "event_type",
            "event_type.words is empty: every entry would be 'other'",
            '[event_type.words] with lines like "Domestic Incident" = "domestic_abuse_incident"',
        )
    for index, group in enumerate(mapping.people):
        if not (group.given_names or group.family_name or group.full_name or group.known_as):
            place = f"people[{index}]" if len(mapping.people) > 1 else "people"
            note(
                place,
                "the people have no name column; they will be shown by their ref",
                "full_name, or given_names and family_name",
                severe=False,
            )
    return found
