"""The people on a row, as each people table of the mapping describes them.

A person is known by their ref; the same ref on many rows is one person (differences are
warnings, see `merging`). A role the mapping says to leave out (a witness) takes the person
out of the chronology altogether: they are not a subject and are not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.mapped.fields import TextField
from adapters.mapped.merging import Described
from adapters.mapped.people_section import PeopleGroup, Roles
from adapters.mapped.row import MappedRow
from chronology.nhs import normalise_nhs_number

_PLAIN = ("known_as", "upn", "la_child_id", "police_ref", "address")


@dataclass(frozen=True)
class Involved:
    """One person on one row, with the role the row gives them."""

    described: Described
    role: str | None

    @property
    def ref(self) -> str:
        return self.described.key


def people_on(row: MappedRow, groups: list[PeopleGroup], roles: Roles) -> list[Involved]:
    """Everyone the row names (a people table whose columns are all blank names no one)."""
    found = []
    for index, group in enumerate(groups):
        key = f"people[{index}]" if len(groups) > 1 else "people"
        involved = _person(row, group, key, roles)
        if involved is not None:
            found.append(involved)
    return found


def _person(row: MappedRow, group: PeopleGroup, key: str, roles: Roles) -> Involved | None:
    if not any(row.raw(column) for column in group.first_columns.values()):
        return None
    role = row.text(group.role, limit=100)
    if role and roles.is_left_out(role):
        return None
    errors = len(row.reader.problems)
    ref = row.text(group.person_ref, limit=100)
    if not ref:
        if len(row.reader.problems) == errors:  # blank, not already reported as unreadable
            _no_ref(row, group.person_ref, key)
        return None
    values = _values(row, group, key)
    if any(problem.is_error for problem in row.reader.problems[errors:]):
        return None
    return Involved(Described(ref, row.number, values, group.first_columns), role)


def _no_ref(row: MappedRow, field: TextField, key: str) -> None:
    column = field.columns[0] if field.columns else "person_ref"
    row.fail(
        column,
        "the row names a person but not their ref",
        f"a value in {row.column(column)} ({key}.person_ref)",
    )


def _values(row: MappedRow, group: PeopleGroup, key: str) -> dict[str, Any]:
    given, family = _names(row, group)
    values: dict[str, Any] = {
        "given_names": given,
        "family_name": family,
        "date_of_birth": row.date(group.date_of_birth, f"{key}.date_of_birth"),
        "sex": row.sex(group.sex, f"{key}.sex"),
        "nhs_number": _nhs_number(row, group.nhs_number, key),
        "postcode": _postcode(row.text(group.postcode, limit=12)),
    }
    for name in _PLAIN:
        values[name] = row.text(getattr(group, name), limit=200)
    values["known_as"] = tuple(
        part.strip() for part in (values["known_as"] or "").split(";") if part.strip()
    )
    return values


def _names(row: MappedRow, group: PeopleGroup) -> tuple[str | None, str | None]:
    """Given and family names; separate columns win over a full name split in two."""
    given, family = row.text(group.given_names, limit=200), row.text(group.family_name, limit=200)
    full = row.text(group.full_name, limit=200)
    if full and not (given and family):
        split_given, split_family = split_name(full, group.name_order)
        return given or split_given, family or split_family
    return given, family


def split_name(full: str, order: str) -> tuple[str | None, str | None]:
    """`HARTLEY, Ellie-Mae` or `Ellie-Mae Hartley` (or family first) as (given, family)."""
    if "," in full:
        family, given = (part.strip() for part in full.split(",", 1))
        return given or None, family or None
    words = full.split()
    if len(words) < 2:
        return full, None
    if order == "family_given":
        return " ".join(words[1:]), words[0]
    return " ".join(words[:-1]), words[-1]


def _nhs_number(row: MappedRow, field: TextField | None, key: str) -> str | None:
    text = row.text(field, limit=40)
    if not text or field is None:
        return None
    number = normalise_nhs_number(text)
    if number is None:
        row.fail(
            field.columns[0] if field.columns else "nhs_number",
            "the NHS number is not valid (wrong length or check digit)",
            f"10 digits passing the NHS modulus-11 check ({key}.nhs_number)",
        )
    return number


def _postcode(text: str | None) -> str | None:
    return " ".join(text.upper().split()) if text else None
