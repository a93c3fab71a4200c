"""Metadata given as options (`--agency`, the upload form's agency): checked alike by every
adapter, and reported at the place "options" when it will not do."""

from __future__ import annotations

from chronology.problems import Problem, error
from chronology.vocabulary import Agency

AGENCY_CODES = ", ".join(agency.value for agency in Agency)


def agency_option(
    code: str | None, problems: list[Problem], default: Agency | None = None
) -> Agency | None:
    """The agency an option names (`default` if none is given); a problem if it names none."""
    if not code or not code.strip():
        return default
    try:
        return Agency(code.strip().lower())
    except ValueError:
        problems.append(
            error(
                f"'{code[:60]}' is not an agency code",
                sheet="options",
                column="agency",
                value=code[:60],
                expected=f"one of {AGENCY_CODES}",
            )
        )
        return None
