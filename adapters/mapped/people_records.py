"""People and relationships from the merged rows of an export.

A role the mapping names as a relationship (`Mum = "mother"`) becomes a relationship to each
child (a role listed in `roles.child`) on the rows of the same record.
"""

from __future__ import annotations

from adapters.mapped.mapping import Mapping
from adapters.mapped.merging import Merged
from adapters.mapped.people import Involved
from chronology.records import PersonRecord, RelationshipRecord, RowRef
from chronology.vocabulary import RelationshipType


def person_record(merged: Merged, sheet: str) -> PersonRecord:
    values = {name: value for name, value in merged.values.items() if value is not None}
    return PersonRecord(
        origin=RowRef(sheet=sheet, row=merged.first_row), person_ref=merged.key, **values
    )


def relationships(
    involved: list[Involved], mapping: Mapping, sheet: str
) -> list[RelationshipRecord]:
    """Each role the mapping names as a relationship, to each child of the same record."""
    roles = mapping.roles
    children = [p.ref for p in involved if p.role and roles.is_child(p.role)]
    found = []
    for person in involved:
        code = roles.relationship(person.role) if person.role else None
        if code is None:
            continue
        found += [
            RelationshipRecord(
                origin=RowRef(sheet=sheet, row=person.described.row),
                person_ref=person.ref,
                relationship=RelationshipType(code),
                related_person_ref=child,
            )
            for child in children
            if child != person.ref
        ]
    return found
