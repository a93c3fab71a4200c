"""Where a fact came from: the organisation, its extract and file, and the row."""

from __future__ import annotations

from uuid import UUID

from chronology.domain.base import Immutable
from chronology.vocabulary import Agency


class Provenance(Immutable):
    """Every recorded fact carries this, back to the row of the file an agency uploaded."""

    organisation: str
    agency: Agency
    area: str | None
    extract_id: UUID
    file_sha256: str
    sheet: str
    row: int


class FieldChange(Immutable):
    """One field of a record as it was and as it became."""

    field: str
    before: object
    after: object


def changes_between(before: dict[str, object], after: dict[str, object]) -> tuple[FieldChange, ...]:
    """The fields whose values differ, in a stable order."""
    fields = sorted(set(before) | set(after))
    return tuple(
        FieldChange(field=name, before=before.get(name), after=after.get(name))
        for name in fields
        if before.get(name) != after.get(name)
    )
