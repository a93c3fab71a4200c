"""What one row says about its entry: the fields the mapping's `[columns]`, `[event_type]`
and `[attributes]` read from it, before the rows of one record are merged.

Attributes are kept flat (`attributes.dash_risk`) so a conflict names the one attribute.
"""

from __future__ import annotations

import math
from typing import Any

from adapters.mapped.attributes import AttributeField
from adapters.mapped.mapping import Mapping
from adapters.mapped.merging import Described
from adapters.mapped.people import Involved
from adapters.mapped.row import MappedRow
from adapters.mapped.sections import SharedWithField
from adapters.mapped.words import word_key

TEXTS = ("summary", "detail", "source", "child_voice", "outcome")
DATES = ("occurred", "occurred_end", "recorded_on", "shared_on")
ATTRIBUTE = "attributes."
CATEGORY = "category"


def entry_on(row: MappedRow, mapping: Mapping, columns_of: dict[str, str]) -> Described | None:
    """The row's entry fields, keyed by its record ref; None if the row has no ref.
    `columns_of` is `entry_columns(mapping)`, worked out once per file."""
    columns, errors = mapping.columns, len(row.reader.problems)
    ref = row.text(columns.record_ref, limit=100)
    if not ref:
        if len(row.reader.problems) == errors:  # blank, not already reported as unreadable
            _blank_ref(row, columns.record_ref.columns)
        return None
    values: dict[str, Any] = {name: row.text(getattr(columns, name)) for name in TEXTS}
    values |= {name: row.date(getattr(columns, name), f"columns.{name}") for name in DATES}
    values["child_seen"] = row.yes_no(columns.child_seen, "columns.child_seen")
    seen_alone = row.yes_no(columns.seen_alone, "columns.seen_alone")
    values["seen_alone"] = None if seen_alone == "not_applicable" else seen_alone
    values["shared_with"] = _receivers(row, columns.shared_with)
    if mapping.event_type.column:
        values[CATEGORY] = row.reader.text(row.column(mapping.event_type.column), limit=1000)
    for name, kept in mapping.attributes.items():
        values[ATTRIBUTE + name] = _attribute(row, name, kept)
    return Described(ref, row.number, values, columns_of)


def _blank_ref(row: MappedRow, ref_columns: list[str]) -> None:
    place = ref_columns[0] if ref_columns else "record_ref"
    row.fail(
        place,
        f"{row.column(place)} (the record ref) is blank",
        "a record ref on every row (columns.record_ref)",
    )


def entry_columns(mapping: Mapping) -> dict[str, str]:
    """The column each entry field is read from (a template: its first), to place a conflict."""
    columns, placed = mapping.columns, dict[str, str]()
    for name in (*TEXTS, *DATES, "child_seen", "seen_alone"):
        found = getattr(columns, name)
        if found is not None and found.columns:
            placed[name] = found.columns[0]
    if columns.shared_with:
        placed["shared_with"] = columns.shared_with[0].column
    if mapping.event_type.column:
        placed[CATEGORY] = mapping.event_type.column
    for name, kept in mapping.attributes.items():
        placed[ATTRIBUTE + name] = kept.column
    return placed


def _receivers(row: MappedRow, sources: list[SharedWithField]) -> tuple[str, ...]:
    found: list[str] = []
    for source in sources:
        text = row.raw(source.column)
        if source.when is None:
            found += [part.strip() for part in text.split(source.separator) if part.strip()]
        elif text and _says(text, source.when):
            found += source.receivers
    return tuple(dict.fromkeys(found))


def _says(text: str, words: list[str]) -> bool:
    return word_key(text) in {word_key(word) for word in words}


def _attribute(row: MappedRow, name: str, kept: AttributeField) -> Any:
    key = f"attributes.{name}"
    if kept.kind == "yes_no":
        meaning = row.yes_no(kept.as_yes_no, key)
        return None if meaning is None else meaning == "yes"
    if kept.kind == "date":
        found = row.date(kept.as_date, key)
        return found.isoformat() if found else None
    text = row.raw(kept.column)
    if kept.kind == "number":
        return _number(row, kept, text)
    checked = row.reader.checked(row.column(kept.column), text)
    return checked.lower() if checked and kept.kind == "lower" else checked


def _number(row: MappedRow, kept: AttributeField, text: str) -> float | int | None:
    if not text:
        return None
    try:
        number = float(text.replace(",", ""))
        if not math.isfinite(number):
            raise ValueError(text)
    except ValueError:
        row.fail(
            kept.column, f"{text[:40]!r} is not a number", 'a number (attributes kind = "number")'
        )
        return None
    return int(number) if number.is_integer() else number


def entry_attributes(
    values: dict[str, Any], others: tuple[str, ...], involved: list[Involved]
) -> dict[str, Any]:
    """The attributes kept from the rows, the other categories, and everyone's role."""
    found = {name[len(ATTRIBUTE) :]: v for name, v in values.items() if name.startswith(ATTRIBUTE)}
    if others:
        found["other_categories"] = list(others)
    roles: dict[str, list[str]] = {}
    for person in involved:
        said = roles.setdefault(person.ref, [])
        if person.role and person.role not in said:
            said.append(person.role)
    if any(roles.values()):
        found["roles"] = {ref: "; ".join(said) for ref, said in roles.items() if said}
    return dict(sorted(found.items()))
