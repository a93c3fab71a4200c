"""The canonical adapter: one file in; records and every problem out. It never touches the store."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from adapters.canonical import records as rows_to
from adapters.canonical.schema import REQUIRED_SHEETS
from adapters.canonical.sheets import rows_of
from adapters.cells import RowReader, cell_text
from adapters.json_document import json_tables
from adapters.tables import (
    MAX_FILE_BYTES,
    FileUnreadable,
    Table,
    csv_tables,
    folder_files,
    unreadable,
    zip_files,
)
from adapters.workbook import xlsx_tables
from chronology.dates import LONDON
from chronology.problems import Problem, error, warning
from chronology.records import (
    EntryRecord,
    ExtractMetadata,
    ParsedExtract,
    PersonRecord,
    RelationshipRecord,
)
from chronology.vocabulary import Agency

T = TypeVar("T")
COUNTED = ("people", "relationships", "events")
CONTAINERS = "an .xlsx workbook, a .zip or folder of CSV files, or a .json document"


@dataclass(frozen=True)
class MetadataOverrides:
    """Extract metadata given as options or form fields; these win over the file's own."""

    organisation: str | None = None
    agency: str | None = None
    area: str | None = None


Progress = Callable[[int, int], None]
"""Told (rows done, rows in all) now and then while a large file is read."""


class _RowCounter:
    def __init__(self, total: int, report: Progress | None, every: int = 2000) -> None:
        self.done, self.total, self.report, self.every = 0, total, report, every

    def tick(self) -> None:
        self.done += 1
        if self.report and (self.done % self.every == 0 or self.done == self.total):
            self.report(self.done, self.total)


def read_canonical(
    path: Path,
    overrides: MetadataOverrides | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ParsedExtract:
    """Reads and validates a whole canonical extract; problems are returned, never raised."""
    today = today or _today()
    sha256 = file_sha256(path) if path.exists() else ""
    try:
        tables = load_tables(path)
    except FileUnreadable as unusable:  # a whole-file problem is placed at the file itself
        placed = (
            p if p.sheet else p.model_copy(update={"sheet": path.name[:200] or "file"})
            for p in unusable.problems
        )
        return ParsedExtract(
            file_name=path.name, file_sha256=sha256, metadata=None, problems=tuple(placed)
        )
    problems: list[Problem] = [p for table in tables.values() for p in table.problems]
    metadata = _metadata(tables.get("extract"), overrides or MetadataOverrides(), problems)
    for sheet in REQUIRED_SHEETS:
        if sheet not in tables:
            problems.append(
                error(
                    f"the {sheet} sheet is missing",
                    sheet=sheet,
                    expected=f"a sheet or file named {sheet}",
                )
            )
    keys: dict[str, list[tuple[str, int]]] = {}
    rows = _RowCounter(sum(len(tables[name].rows) for name in COUNTED if name in tables), progress)
    people = _collect(tables.get("people"), problems, rows_to.person, keys, ["person_ref"], rows)
    relationships = _collect(
        tables.get("relationships"),
        problems,
        rows_to.relationship,
        keys,
        ["person_ref", "relationship", "related_person_ref"],
        rows,
    )
    entries = _collect(
        tables.get("events"),
        problems,
        lambda row: rows_to.entry(row, today),
        keys,
        ["record_ref"],
        rows,
    )
    _check_unique(problems, "people", "person_ref", keys.get("people", []))
    _check_unique(problems, "events", "record_ref", keys.get("events", []))
    _check_unique(problems, "relationships", "related_person_ref", keys.get("relationships", []))
    _check_references(problems, people, relationships, entries)
    return ParsedExtract(
        file_name=path.name,
        file_sha256=sha256,
        metadata=metadata,
        people=tuple(people),
        relationships=tuple(relationships),
        entries=tuple(entries),
        problems=tuple(problems),
    )


def load_tables(path: Path) -> dict[str, Table]:
    """The raw sheets of any canonical container."""
    if path.is_dir():
        return csv_tables(folder_files(path))
    if not path.is_file():
        raise unreadable(f"no file or folder at {path.name}", "", CONTAINERS)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise unreadable("the file is larger than 200 MB", "", "an extract under 200 MB")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return xlsx_tables(path)
    if suffix == ".zip":
        return csv_tables(zip_files(path))
    if suffix == ".json":
        return json_tables(path)
    if suffix == ".csv":
        raise unreadable(
            "a single CSV file is not an extract",
            "",
            "a folder or .zip holding people.csv, relationships.csv and events.csv",
        )
    raise unreadable(f"files of type '{suffix or 'none'}' are not extracts", "", CONTAINERS)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, or of a folder's CSV files (names and bytes, in name order)."""
    digest = hashlib.sha256()
    if path.is_dir():
        for name, data in folder_files(path):
            digest.update(name.lower().encode() + b"\0" + data + b"\0")
        return digest.hexdigest()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _today() -> date:
    from datetime import datetime

    return datetime.now(LONDON).date()


def _collect(
    table: Table | None,
    problems: list[Problem],
    convert: Callable[[RowReader], T | None],
    keys: dict[str, list[tuple[str, int]]],
    key_columns: list[str],
    rows: _RowCounter,
) -> list[T]:
    """Converts every row; notes each row's natural key, valid or not, for the duplicate check."""
    if table is None:
        return []
    records, seen = [], keys.setdefault(table.name, [])
    for row in rows_of(table, problems):
        rows.tick()
        key = "|".join(cell_text(row.cells.get(column)) for column in key_columns)
        if key.strip("|"):
            seen.append((key, row.row))
        record = convert(row)
        if record is not None:
            records.append(record)
    return records


def _metadata(
    table: Table | None, overrides: MetadataOverrides, problems: list[Problem]
) -> ExtractMetadata | None:
    rows = list(rows_of(table, problems)) if table is not None else []
    row = rows[0] if rows else None
    if len(rows) > 1:
        problems.append(
            error(
                "the extract sheet has more than one row",
                sheet="extract",
                row=rows[1].row,
                expected="one row of extract metadata",
            )
        )
    organisation = overrides.organisation or (row.text("organisation", limit=200) if row else None)
    agency_code = overrides.agency or (row.text("agency", limit=60) if row else None)
    area = overrides.area or (row.text("area", limit=200) if row else None)
    agency = _agency(agency_code, overrides, problems, row.row if row else None)
    if not organisation and not _reported(problems, "organisation"):
        problems.append(
            error(
                "the organisation is not given",
                sheet="extract",
                row=row.row if row else None,
                column="organisation",
                expected="--organisation, or an organisation in the extract sheet",
            )
        )
    if not organisation or agency is None:
        return None
    return ExtractMetadata(
        organisation=organisation,
        agency=agency,
        area=area,
        source_system=row.text("source_system", limit=200) if row else None,
        extracted_on=row.date("extracted_on") if row else None,
    )


def _agency(
    code: str | None, overrides: MetadataOverrides, problems: list[Problem], row: int | None
) -> Agency | None:
    sheet = "options" if overrides.agency else "extract"
    row = None if overrides.agency else row
    allowed = ", ".join(agency.value for agency in Agency)
    if not code and _reported(problems, "agency"):
        return None  # the cell was given but unusable (too long, a control character...)
    if not code:
        problems.append(
            error(
                "the agency is not given",
                sheet=sheet,
                row=row,
                column="agency",
                expected=f"--agency, or an agency code in the extract sheet: {allowed}",
            )
        )
        return None
    try:
        return Agency(code.strip().lower())
    except ValueError:
        problems.append(
            error(
                f"'{code[:60]}' is not an agency code",
                sheet=sheet,
                row=row,
                column="agency",
                value=code[:60],
                expected=f"one of {allowed}",
            )
        )
        return None


def _reported(problems: list[Problem], column: str) -> bool:
    return any(p.sheet == "extract" and p.column == column for p in problems)


def _check_unique(
    problems: list[Problem], sheet: str, column: str, keys: Iterable[tuple[str, int]]
) -> None:
    seen: dict[str, int] = {}
    for key, row in keys:
        if key in seen:
            problems.append(
                error(
                    f"{column} repeats row {seen[key]}",
                    sheet=sheet,
                    row=row,
                    column=column,
                    value=key.split("|")[-1][:80],
                    expected=f"each {column} once in the extract",
                )
            )
        else:
            seen[key] = row


def _check_references(
    problems: list[Problem],
    people: list[PersonRecord],
    relationships: Iterable[RelationshipRecord],
    entries: Iterable[EntryRecord],
) -> None:
    known = Counter(person.person_ref for person in people)
    for record in relationships:
        for column in ("person_ref", "related_person_ref"):
            ref = getattr(record, column)
            if ref not in known:
                problems.append(
                    warning(
                        f"{ref[:80]} is not in the people sheet",
                        sheet="relationships",
                        row=record.origin.row,
                        column=column,
                        value=ref[:80],
                        expected="a person_ref from the people sheet",
                    )
                )
    for entry in entries:
        for ref in entry.subjects:
            if ref not in known:
                problems.append(
                    warning(
                        f"subject {ref[:80]} is not in the people sheet",
                        sheet="events",
                        row=entry.origin.row,
                        column="subjects",
                        value=ref[:80],
                        expected="a person_ref from the people sheet",
                    )
                )
