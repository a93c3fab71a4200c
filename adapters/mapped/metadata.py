"""Who sent a mapped export: the mapping's `[extract]`, with the command line's options winning.

A mapping is written once per agency system and reused, so it usually names the
organisation and agency itself; an upload form or `--organisation`/`--agency` still wins.
"""

from __future__ import annotations

from adapters.canonical import MetadataOverrides
from adapters.mapped.sections import ExtractSection
from adapters.options import AGENCY_CODES as AGENCIES
from adapters.options import agency_option
from chronology.problems import Problem, error
from chronology.records import ExtractMetadata
from chronology.vocabulary import Agency


def extract_metadata(
    section: ExtractSection, overrides: MetadataOverrides, mapping: str, problems: list[Problem]
) -> ExtractMetadata | None:
    """The metadata, or None (with an error saying what is missing) when it is incomplete."""
    organisation = (overrides.organisation or "").strip() or section.organisation
    if not organisation:
        problems.append(
            error(
                "the organisation is not given",
                sheet=mapping,
                column="extract.organisation",
                expected='--organisation, or organisation = "..." under [extract] in the mapping',
            )
        )
    given = agency_option(overrides.agency, problems)
    agency = given.value if given else None if overrides.agency else section.agency
    if agency is None and not overrides.agency:
        problems.append(
            error(
                "the agency is not given",
                sheet=mapping,
                column="extract.agency",
                expected=f"--agency, or agency under [extract] in the mapping: {AGENCIES}",
            )
        )
    if not organisation or agency is None:
        return None
    return ExtractMetadata(
        organisation=organisation[:200],
        agency=Agency(agency),
        area=((overrides.area or "").strip() or section.area or None),
        source_system=section.source_system,
    )
