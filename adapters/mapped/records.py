"""Every row of the export read through the mapping, grouped by record, into records.

Rows sharing a record ref are one entry (a police export has one row per person
involved); the same person ref on many rows is one person. Rows a `[[skip]]` rule matches
are left out before anything is read from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from adapters.canonical import Progress
from adapters.cells import RowReader, cell_text
from adapters.mapped.assemble import EntryAssembler
from adapters.mapped.entries import entry_columns, entry_on
from adapters.mapped.header import Header
from adapters.mapped.mapping import Mapping
from adapters.mapped.merging import Described, merge
from adapters.mapped.people import Involved, people_on
from adapters.mapped.people_records import person_record, relationships
from adapters.mapped.row import MappedRow
from adapters.mapped.source import Sheet
from adapters.tables import MAX_CELL_CHARS
from chronology.problems import Problem
from chronology.records import EntryRecord, PersonRecord, RelationshipRecord

PROGRESS_EVERY = 2000


@dataclass
class RecordRows:
    """The rows of one record: what each says about the entry, and who is on them."""

    entries: list[Described] = field(default_factory=list)
    involved: list[Involved] = field(default_factory=list)
    extra: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rows(self) -> set[int]:
        return {part.row for part in self.entries}


@dataclass
class Found:
    """The records read from the whole export."""

    entries: list[EntryRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    relationships: list[RelationshipRecord] = field(default_factory=list)


def read_records(
    sheet: Sheet,
    header: Header,
    mapping: Mapping,
    today: date,
    problems: list[Problem],
    progress: Progress | None = None,
) -> Found:
    """Entries (one per record ref), people (one per person ref) and relationships."""
    grouped = _grouped(sheet, header, mapping, problems, progress)
    failed = {p.row for p in problems if p.is_error and p.sheet == sheet.name}
    found, assembler = Found(), EntryAssembler(mapping, sheet.name, today, problems, header.shown)
    for rows in grouped.values():
        if rows.rows & failed:
            continue  # its errors are reported; the extract will be refused
        merged, conflicts = merge(rows.entries, sheet.name, "record", header.shown)
        problems += conflicts
        extra = {
            name: " | ".join(dict.fromkeys(texts))[:MAX_CELL_CHARS]  # distinct values, in order
            for name, texts in rows.extra.items()
        }
        entry = assembler.entry(merged, rows.involved, extra)
        if entry is not None:
            found.entries.append(entry)
        found.relationships += relationships(rows.involved, mapping, sheet.name)
    unique: dict[str, RelationshipRecord] = {}
    for relationship in found.relationships:
        unique.setdefault(relationship.key, relationship)
    found.relationships = list(unique.values())
    found.people = _people(grouped, sheet.name, header, problems)
    return found


def _grouped(
    sheet: Sheet,
    header: Header,
    mapping: Mapping,
    problems: list[Problem],
    progress: Progress | None,
) -> dict[str, RecordRows]:
    grouped: dict[str, RecordRows] = {}
    total, columns_of = len(sheet.rows), entry_columns(mapping)
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        if not any(cell_text(cell) for cell in cells):
            continue
        row = MappedRow(sheet.name, number, header.cells(cells), header.names, problems)
        if any(rule.skips(row.raw(rule.column)) for rule in mapping.skip):
            continue
        described = entry_on(row, mapping, columns_of)
        involved = people_on(row, mapping.people, mapping.roles)
        if described is None:
            continue
        rows = grouped.setdefault(described.key, RecordRows())
        rows.entries.append(described)
        rows.involved += involved
        for name, text in _extra(row, header).items():
            rows.extra.setdefault(name, []).append(text)
    return grouped


def _extra(row: MappedRow, header: Header) -> dict[str, str]:
    """The row's unmapped columns; a value with a hidden character is left out, with a warning."""
    kept: dict[str, str] = {}
    for name in header.kept:
        text = cell_text(row.reader.cells.get(name))
        if not text:
            continue
        checks: list[Problem] = []
        if RowReader(row.reader.sheet, row.number, {}, checks).checked(name, text):
            kept[name] = text
        else:
            row.warn(
                name,
                f"{name[:60]} is not kept: {checks[0].message}",
                f"plain text, or {name[:60]!r} in file.ignore",
                text,
            )
    return kept


def _people(
    grouped: dict[str, RecordRows], sheet: str, header: Header, problems: list[Problem]
) -> list[PersonRecord]:
    """One person per ref, in the order first seen; differences between rows are warnings."""
    by_ref: dict[str, list[Described]] = {}
    for rows in grouped.values():
        for person in rows.involved:
            by_ref.setdefault(person.ref, []).append(person.described)
    people = []
    for described in by_ref.values():
        merged, conflicts = merge(described, sheet, "person", header.shown)
        problems += conflicts
        people.append(person_record(merged, sheet))
    return people
