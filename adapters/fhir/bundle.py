"""A FHIR R4 Bundle file opened as JSON: its own elements and its entries, not yet validated.

What makes the whole file unusable (too large, not JSON, not a Bundle) is raised as
`FileUnreadable`; a malformed entry is a problem placed at that entry, and the rest is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from fhir.resources.R4B.bundle import Bundle

from adapters.fhir.validation import element_problems, validated
from adapters.tables import MAX_FILE_BYTES, unreadable
from chronology.problems import Problem, error, warning

BOM = b"\xef\xbb\xbf"
EXPECTED = 'a FHIR R4 Bundle in JSON: {"resourceType": "Bundle", "type": ..., "entry": [...]}'


@dataclass(frozen=True)
class RawEntry:
    """One entry's resource as JSON, with its place: `number` counts entries from 1."""

    number: int
    resource_type: str
    resource: dict[str, Any]
    full_url: str | None = None

    @property
    def sheet(self) -> str:
        return f"Bundle.entry[{self.number - 1}] {self.resource_type}"


@dataclass
class BundleDocument:
    """The Bundle's own elements (validated without its entries) and its raw entries."""

    shell: Bundle | None
    entries: list[RawEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_bundle(path: Path) -> BundleDocument:
    """Opens the file as a Bundle; raises `FileUnreadable` if it cannot be one."""
    document = _json_object(path)
    kind = document.get("resourceType")
    if kind != "Bundle":
        shown = kind[:60] if isinstance(kind, str) else ""
        what = f"a FHIR {shown} resource" if shown else "not a FHIR resource"
        raise unreadable(f"the file is {what}, not a Bundle", "", EXPECTED)
    loaded = BundleDocument(shell=None)
    shell = {key: value for key, value in document.items() if key != "entry"}
    loaded.shell = validated(Bundle, shell, "Bundle", None, loaded.problems)
    loaded.entries = _entries(document.get("entry"), loaded.problems)
    return loaded


def _json_object(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise unreadable(f"no file at {path.name[:200]}", "", EXPECTED)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise unreadable("the file is larger than 200 MB", "", "a bundle under 200 MB")
    try:
        document = orjson.loads(path.read_bytes().removeprefix(BOM))
    except orjson.JSONDecodeError as problem:
        raise unreadable(f"the JSON cannot be read ({problem})", "", EXPECTED) from None
    except OSError:
        raise unreadable("the file cannot be read", "", EXPECTED) from None
    if not isinstance(document, dict):
        raise unreadable("the JSON document is not an object", "", EXPECTED)
    return document


def _entries(entries: Any, problems: list[Problem]) -> list[RawEntry]:
    if entries is None or entries == []:
        problems.append(warning("the bundle holds no entries", sheet="Bundle", column="entry"))
        return []
    if not isinstance(entries, list):
        problems.extend(element_problems("Bundle", None, [("entry", "a list of entries")]))
        return []
    found = (_entry(number, entry, problems) for number, entry in enumerate(entries, start=1))
    return [entry for entry in found if entry is not None]


def _entry(number: int, entry: Any, problems: list[Problem]) -> RawEntry | None:
    sheet = f"Bundle.entry[{number - 1}]"
    if not isinstance(entry, dict):
        problems.append(
            error("the entry is not an object", sheet=sheet, row=number, column="entry")
        )
        return None
    resource, full_url = entry.get("resource"), entry.get("fullUrl")
    if resource is None:
        problems.append(
            warning("the entry holds no resource", sheet=sheet, row=number, column="resource")
        )
        return None
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        expected = [("resource", "a FHIR resource object with a resourceType")]
        problems.extend(element_problems(sheet, number, expected))
        return None
    if full_url is not None and not isinstance(full_url, str):
        problems.extend(element_problems(sheet, number, [("fullUrl", "a URL as text")]))
        return None
    return RawEntry(number, resource["resourceType"][:60], resource, full_url)
