"""Which adapter reads a file: named (`--format`), or recognised from the file itself.

Each agency format is one adapter module with `FORMAT`, `recognises(path)` and `read(...)`.
A file is offered to the specific formats first (CIN census XML, FHIR, Annex A), which
recognise themselves by their own structure; anything else is read as the canonical extract,
whose checks then say what is missing. A mapped spreadsheet is known only by the mapping
given with it.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from adapters.canonical import MetadataOverrides, Progress, read_canonical
from chronology.errors import ChronologyError
from chronology.records import ParsedExtract

CANONICAL, MAPPED = "canonical", "mapped"
# Format name -> its adapter module, imported when first needed (FHIR's models take a while).
# Recognised in this order; the mapped format only ever by its mapping file.
MODULES = {
    "cin-xml": "adapters.cin_census",
    "fhir": "adapters.fhir",
    "annex-a": "adapters.annex_a",
    MAPPED: "adapters.mapped",
}
FORMATS = (CANONICAL, *MODULES)


def adapter(format: str) -> ModuleType:
    return import_module(MODULES[format])


class UnknownFormat(ChronologyError):
    """A format name that is not one of `FORMATS`, or a mapping given with another format."""


def detect(path: Path, mapping: Path | None = None) -> str:
    """The format of `path`: mapped if a mapping is given, else the first that recognises it."""
    if mapping is not None:
        return MAPPED
    for format in MODULES:
        if format != MAPPED and adapter(format).recognises(path):
            return format
    return CANONICAL


def read_extract(
    path: Path,
    overrides: MetadataOverrides | None = None,
    format: str | None = None,
    mapping: Path | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ParsedExtract:
    """Reads a file in its format (named or detected); problems are returned, never raised."""
    chosen = (format or detect(path, mapping)).strip().lower()
    if chosen not in FORMATS:
        raise UnknownFormat(f"there is no format {chosen!r}; use one of {', '.join(FORMATS)}")
    if mapping is not None and chosen != MAPPED:
        raise UnknownFormat(f"a mapping file goes with the mapped format, not {chosen!r}")
    if chosen == CANONICAL:
        return read_canonical(path, overrides, today=today, progress=progress)
    more: dict[str, Any] = {"mapping": mapping} if chosen == MAPPED else {}
    parsed: ParsedExtract = adapter(chosen).read(
        path, overrides, today=today, progress=progress, **more
    )
    return parsed
