"""Where each flag of a case stands with its reviewers, read from the flag review read model.

A review is folded from its actions (oldest first): a note adds a note; "reviewed" and
"dismissed" set the status (a dismissal keeps its reason); "reopened" makes it open again.
Flags without any action are open. `CaseReviews` pairs the reviews with the flags computed
now, so that a review whose flag no longer appears is reported rather than lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from chronology.domain.flag_review import ReviewStatus
from chronology.errors import ChronologyError
from chronology.rules.flag import Flag

STATUS_AFTER = {
    "reviewed": ReviewStatus.REVIEWED,
    "dismissed": ReviewStatus.DISMISSED,
    "reopened": ReviewStatus.OPEN,
}


class FlagNotFound(ChronologyError):
    """A review action on a flag id the case does not show now."""

    def __init__(self, case_ref: str, flag_id: str) -> None:
        super().__init__(
            f"no flag {flag_id!r} in case {case_ref}; run `chronology flags --case {case_ref}`"
            " to see the ids"
        )


SHORT_ID = 8  # as the table shows it; enough to tell a case's flags apart


def resolve_flag_id(case_ref: str, given: str, flags: Iterable[Flag]) -> str:
    """The full id of the flag among `flags` that `given` names, in full or by its first
    eight or more characters (as the table shows it); refused if none or several match."""
    wanted = given.strip().lower()
    ids = {flag.id for flag in flags}
    if wanted in ids:
        return wanted
    matching = [key for key in ids if len(wanted) >= SHORT_ID and key.startswith(wanted)]
    if len(matching) != 1:
        raise FlagNotFound(case_ref, given.strip())
    return matching[0]


class ReviewAction(BaseModel):
    """One thing a reviewer did: note, reviewed, dismissed or reopened, with its text if any."""

    model_config = ConfigDict(frozen=True)

    action: str
    text: str | None
    by: str
    at: datetime


class ReviewNote(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    by: str
    at: datetime


class FlagReviewState(BaseModel):
    """A flag's review now: its status, the dismissal reason, the notes and every action."""

    model_config = ConfigDict(frozen=True)

    flag_id: str
    status: ReviewStatus = ReviewStatus.OPEN
    reason: str | None = None
    notes: tuple[ReviewNote, ...] = ()
    history: tuple[ReviewAction, ...] = ()

    def document(self) -> dict[str, Any]:
        """The `review` field of a flag in `flags --json`."""
        return self.model_dump(mode="json", exclude={"flag_id"})


def fold(flag_id: str, documents: Iterable[dict[str, Any]]) -> FlagReviewState:
    """The review of one flag from its actions' documents, oldest first."""
    history = tuple(ReviewAction.model_validate(document) for document in documents)
    status, reason = ReviewStatus.OPEN, None
    for action in history:
        if action.action in STATUS_AFTER:  # a note leaves the status (and reason) as it was
            status = STATUS_AFTER[action.action]
            reason = action.text if status is ReviewStatus.DISMISSED else None
    notes = tuple(
        ReviewNote(text=action.text, by=action.by, at=action.at)
        for action in history
        if action.action in ("note", "reviewed") and action.text
    )
    return FlagReviewState(
        flag_id=flag_id, status=status, reason=reason, notes=notes, history=history
    )


@dataclass(frozen=True)
class CaseReviews:
    """A case's flag reviews, by flag id (only flags that have had an action)."""

    reviews: dict[str, FlagReviewState]

    def of(self, flag_id: str) -> FlagReviewState:
        return self.reviews.get(flag_id) or FlagReviewState(flag_id=flag_id)

    def not_appearing(self, flags: Iterable[Flag]) -> list[FlagReviewState]:
        """Reviews of flags that are not among `flags` (their evidence changed, or went)."""
        shown = {flag.id for flag in flags}
        return [review for key, review in sorted(self.reviews.items()) if key not in shown]

    @classmethod
    def none(cls) -> CaseReviews:
        return cls({})
