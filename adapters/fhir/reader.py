"""The FHIR adapter: one R4 Bundle in; records and every problem out. It never touches the store.

The bundle is opened (`bundle`), the resources the chronology reads are validated with their
R4B models (`resources`), then turned into people, relationships and entries. Whatever is
wrong is returned as problems placed at the file, the Bundle or the entry; nothing is raised.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from adapters.canonical.reader import MetadataOverrides, Progress, file_sha256
from adapters.fhir.bundle import load_bundle
from adapters.fhir.contacts import appointment, encounter, immunization
from adapters.fhir.context import EntryContext
from adapters.fhir.findings import condition, flag, observation
from adapters.fhir.metadata import read_metadata
from adapters.fhir.people import read_people
from adapters.fhir.references import References
from adapters.fhir.relationships import read_relationships
from adapters.fhir.resources import Resource, read_resources
from adapters.tables import FileUnreadable
from chronology.dates import LONDON
from chronology.records import EntryRecord, ParsedExtract

Converter = Callable[[Resource, EntryContext], EntryRecord | None]
CONVERTERS: dict[str, Converter] = {
    "Encounter": encounter,
    "Appointment": appointment,
    "Immunization": immunization,
    "Condition": condition,
    "Observation": observation,
    "Flag": flag,
}


def read(
    path: Path,
    overrides: MetadataOverrides | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ParsedExtract:
    """Reads and validates a whole FHIR R4 Bundle; problems are returned, never raised."""
    today = today or datetime.now(LONDON).date()
    sha256 = file_sha256(path) if path.is_file() else ""
    try:
        document = load_bundle(path)
    except FileUnreadable as unusable:  # a whole-file problem is placed at the file itself
        sheet = path.name[:200] or "file"
        placed = tuple(
            p if p.sheet else p.model_copy(update={"sheet": sheet}) for p in unusable.problems
        )
        return ParsedExtract(
            file_name=path.name, file_sha256=sha256, metadata=None, problems=placed
        )
    problems = document.problems
    resources = read_resources(document.entries, problems, _ticker(len(document.entries), progress))
    references = References(resources)
    people = read_people(resources, problems)
    known = {person.person_ref: person for person in people}
    relationships = read_relationships(resources, references, known, today, problems)
    context = EntryContext(references, known, today, problems)
    entries = [found for resource in resources if (found := _entry(resource, context))]
    metadata = read_metadata(
        document.shell, resources, references, overrides or MetadataOverrides(), problems
    )
    return ParsedExtract(
        file_name=path.name,
        file_sha256=sha256,
        metadata=metadata,
        people=tuple(people),
        relationships=tuple(relationships),
        entries=tuple(entries),
        problems=tuple(problems),
    )


def _entry(resource: Resource, context: EntryContext) -> EntryRecord | None:
    convert = CONVERTERS.get(resource.kind)
    return convert(resource, context) if convert is not None else None


def _ticker(total: int, progress: Progress | None, every: int = 500) -> Callable[[], None]:
    """Tells `progress` (entries done, entries in all) every so often while validating."""
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)

    return tick
