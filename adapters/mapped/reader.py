"""The mapped-spreadsheet adapter: an agency's own export plus a mapping, in; records out.

Police incident logs, school safeguarding systems and housing case lists export their own
columns and words. A mapping file (docs/mapping-format.md) says which column is which field
and what the words mean; this adapter reads the export through it. Like every adapter it
never raises for bad input and never touches the store: every problem is returned, placed.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

from adapters.canonical import MetadataOverrides, Progress
from adapters.canonical.reader import file_sha256
from adapters.mapped.header import match_header
from adapters.mapped.mapping import LoadedMapping, load_mapping
from adapters.mapped.metadata import extract_metadata
from adapters.mapped.records import read_records
from adapters.mapped.source import FileUnreadable, load_sheet
from chronology.dates import LONDON
from chronology.problems import Problem, error
from chronology.records import ExtractMetadata, ParsedExtract

NEEDS_MAPPING = (
    "the TOML mapping for this export (docs/mapping-format.md): --mapping FILE on the command"
    " line, or the mapping file on the upload form"
)


def read(
    path: Path,
    overrides: MetadataOverrides | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    mapping: Path | None = None,
) -> ParsedExtract:
    """Reads an agency's own export through its mapping; problems are returned, never raised."""
    name = path.name[:200] or "file"
    if mapping is None:
        problem = error(
            "a mapped file is read with its mapping file, and none was given",
            sheet=name,
            expected=NEEDS_MAPPING,
        )
        return _rejected(path, "", [problem])
    loaded = load_mapping(mapping)
    sha256 = _sha256(path, loaded)
    if loaded.mapping is None:
        return _rejected(path, sha256, loaded.problems)
    try:
        sheet = load_sheet(path, loaded.mapping.file)
    except FileUnreadable as unusable:
        placed = [p.model_copy(update={"sheet": name}) for p in unusable.problems]
        return _rejected(path, sha256, [*loaded.problems, *placed])
    problems = [*loaded.problems, *sheet.problems]
    metadata = extract_metadata(
        loaded.mapping.extract, overrides or MetadataOverrides(), mapping.name[:200], problems
    )
    header = match_header(sheet, loaded.mapping, problems)
    if header is None:
        return _rejected(path, sha256, problems, metadata)
    found = read_records(sheet, header, loaded.mapping, today or _today(), problems, progress)
    return ParsedExtract(
        file_name=path.name,
        file_sha256=sha256,
        metadata=metadata,
        people=tuple(found.people),
        relationships=tuple(found.relationships),
        entries=tuple(found.entries),
        problems=tuple(problems),
    )


def _rejected(
    path: Path, sha256: str, problems: list[Problem], metadata: ExtractMetadata | None = None
) -> ParsedExtract:
    return ParsedExtract(
        file_name=path.name,
        file_sha256=sha256,
        metadata=metadata,
        problems=tuple(problems),
    )


def _sha256(path: Path, loaded: LoadedMapping) -> str:
    """The export's SHA-256 joined with its mapping's: the same export read through a
    corrected mapping is a new upload (whose changed entries become amendments), not a
    repeat that would change nothing."""
    if not path.is_file():
        return ""
    try:
        data = file_sha256(path)
    except OSError:
        return ""
    return hashlib.sha256(f"mapped:{data}:{loaded.sha256}".encode()).hexdigest()


def _today() -> date:
    return datetime.now(LONDON).date()
