"""The one family of errors the chronology raises; views map each to an exit code or HTTP status."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chronology.problems import Problem


class ChronologyError(Exception):
    """Base of every error the application raises on purpose."""


class ExtractRejected(ChronologyError):
    """An extract with errors: nothing of it was stored. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(1 for problem in problems if problem.is_error)
        super().__init__(f"extract rejected: {errors} error(s); nothing was stored")


class CaseNotFound(ChronologyError):
    """No case with that reference exists in this store."""


class StoreConfigurationError(ChronologyError):
    """The store settings (path, database URL, cipher key) cannot be used."""


class OrganisationNotFound(ChronologyError):
    """No organisation of that name (or agency code) has entries in the case."""


class PersonNotFound(ChronologyError):
    """No resolved person with that id in the case."""
