"""Who sent an Annex A return: the workbook does not say, so the uploader must.

The agency is children's social care unless an option says otherwise; the organisation (the
local authority) and area come from the options alone.
"""

from __future__ import annotations

from adapters.canonical.reader import MetadataOverrides
from adapters.options import agency_option
from chronology.problems import Problem, error
from chronology.records import ExtractMetadata
from chronology.vocabulary import Agency


def metadata(overrides: MetadataOverrides, problems: list[Problem]) -> ExtractMetadata | None:
    """The extract's metadata from the options; None (with an error saying why) if unusable."""
    agency = agency_option(overrides.agency, problems, Agency.CHILDRENS_SOCIAL_CARE)
    organisation = (overrides.organisation or "").strip()
    if not organisation:
        problems.append(
            error(
                "the organisation is not given: an Annex A workbook does not name its authority",
                sheet="options",
                column="organisation",
                expected="--organisation, e.g. --organisation 'Northshire County Council'",
            )
        )
    if not organisation or agency is None:
        return None
    area = (overrides.area or "").strip() or None
    return ExtractMetadata(organisation=organisation, agency=agency, area=area)
