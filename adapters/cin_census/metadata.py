"""The census header (collection, year, local authority number, software) as extract metadata.

The census names its local authority only by its three-digit LEA number, which no other agency
knows it by, so the organisation must be given (`--organisation`). The area defaults to the
LEA number; options and form fields win over anything the file says.
"""

from __future__ import annotations

import re
from datetime import date

from adapters.canonical.reader import MetadataOverrides
from adapters.cin_census.fields import Fields
from adapters.cin_census.xml_tree import Element
from adapters.options import agency_option
from chronology.dates import FuzzyDate
from chronology.problems import Problem, error
from chronology.records import ExtractMetadata
from chronology.vocabulary import Agency

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_metadata(
    message: Element, overrides: MetadataOverrides, problems: list[Problem]
) -> ExtractMetadata | None:
    """The extract's metadata; None (with an error saying which option to use) when incomplete."""
    header = _part(message, "Header")
    details = Fields(_part(header, "CollectionDetails"), problems)
    source = Fields(_part(header, "Source"), problems)  # the first; all name the one council
    lea = source.text("LEA", limit=10)
    organisation = overrides.organisation
    if not organisation:
        _missing_organisation(source, lea, problems)
    agency = agency_option(overrides.agency, problems, Agency.CHILDRENS_SOCIAL_CARE)
    if not organisation or agency is None:
        return None
    year = details.text("Year", limit=10)
    software = source.text("SoftwareCode", limit=100)
    extracted = _day(source, "DateTime") or _day(details, "ReferenceDate")
    return ExtractMetadata(
        organisation=organisation,
        agency=agency,
        area=overrides.area or (f"LEA {lea}" if lea else None),
        source_system=" ".join(filter(None, ("CIN census", year, software and f"({software})"))),
        extracted_on=FuzzyDate(start=extracted) if extracted else None,
    )


def _missing_organisation(source: Fields, lea: str | None, problems: list[Problem]) -> None:
    said = f"only by its LEA number {lea}" if lea else "only by an LEA number, and none is given"
    problems.append(
        error(
            f"the census names its local authority {said}: the organisation must be given",
            sheet="Source",
            row=source.line("LEA") or None,
            column="LEA",
            value=lea or "",
            expected="--organisation with the council's name, e.g. 'Northshire County Council'",
        )
    )


def _part(element: Element, tag: str) -> Element:
    """The child element, or an empty one placed at its parent (so problems have a place)."""
    return element.first(tag) or Element(tag=tag, line=element.line)


def _day(fields: Fields, tag: str) -> date | None:
    """The date (part) of a header date or date-time; an unreadable one is only a warning."""
    value = fields.text(tag, limit=40)
    if value is None:
        return None
    try:
        if _ISO_DAY.match(value):
            return date.fromisoformat(value[:10])
    except ValueError:
        pass
    fields.note(f"{tag} is not a date; left out", tag, value, "a date such as 2026-03-31")
    return None
