"""A reviewer's work on one flag: notes, "reviewed", a dismissal with its reason, a reopening.

Flags are recomputed on every read, so they are never stored; their ids are stable (derived
from the rule and its evidence, RULES.md), which lets a review be an aggregate of its own,
keyed by (case, flag id). A review therefore outlives any recomputation: if the flag stops
appearing (its evidence changed), the review is still there to be shown as such.

Every event says who (`by`: a free-text name until accounts arrive) and when (its timestamp).
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID, uuid5

from chronology.domain.base import Aggregate
from chronology.domain.ids import NAMESPACE
from chronology.errors import ChronologyError

MAX_TEXT = 4000
MAX_NAME = 200


class ReviewStatus(StrEnum):
    OPEN = "open"
    REVIEWED = "reviewed"
    DISMISSED = "dismissed"


class ReviewRefused(ChronologyError):
    """A review action that cannot be recorded as given (nothing was stored)."""


def clean_text(value: str | None, what: str, limit: int = MAX_TEXT) -> str:
    """The text without surrounding spaces; refused if empty or longer than `limit`."""
    text = (value or "").strip()
    if not text:
        raise ReviewRefused(f"the {what} is empty; give one (it is kept with the flag's review)")
    if len(text) > limit:
        raise ReviewRefused(f"the {what} has {len(text):,} characters; the limit is {limit:,}")
    return text


def clean_optional(value: str | None, what: str) -> str | None:
    return None if value is None or not value.strip() else clean_text(value, what)


class FlagReview(Aggregate):
    """The review of one flag in one case: its status (open, reviewed, dismissed) and notes."""

    class Started(Aggregate.Created):
        case_id: UUID
        flag_id: str

    class NoteAdded(Aggregate.Event):
        case_id: UUID
        flag_id: str
        text: str
        by: str

    class MarkedReviewed(Aggregate.Event):
        case_id: UUID
        flag_id: str
        by: str
        note: str | None

        def apply(self, review: FlagReview) -> None:
            review.status = ReviewStatus.REVIEWED

    class Dismissed(Aggregate.Event):
        case_id: UUID
        flag_id: str
        reason: str
        by: str

        def apply(self, review: FlagReview) -> None:
            review.status = ReviewStatus.DISMISSED

    class Reopened(Aggregate.Event):
        case_id: UUID
        flag_id: str
        by: str
        reason: str | None

        def apply(self, review: FlagReview) -> None:
            review.status = ReviewStatus.OPEN

    def __init__(self, case_id: UUID, flag_id: str) -> None:
        self.case_id, self.flag_id = case_id, flag_id
        self.status = ReviewStatus.OPEN

    @staticmethod
    def id_for(case_id: UUID, flag_id: str) -> UUID:
        return uuid5(NAMESPACE, f"flag-review:{case_id}:{flag_id}")

    @classmethod
    def start(cls, case_id: UUID, flag_id: str) -> FlagReview:
        return cls._create(
            cls.Started, id=cls.id_for(case_id, flag_id), case_id=case_id, flag_id=flag_id
        )

    def add_note(self, text: str, by: str) -> None:
        self._trigger(self.NoteAdded, text=clean_text(text, "note"), by=_name(by))

    def mark_reviewed(self, by: str, note: str | None = None) -> None:
        self._trigger(self.MarkedReviewed, by=_name(by), note=clean_optional(note, "note"))

    def dismiss(self, reason: str, by: str) -> None:
        self._trigger(
            self.Dismissed, reason=clean_text(reason, "reason for dismissing"), by=_name(by)
        )

    def reopen(self, by: str, reason: str | None = None) -> None:
        if self.status is ReviewStatus.OPEN:
            raise ReviewRefused(f"flag {self.flag_id} is open already; there is nothing to reopen")
        self._trigger(self.Reopened, by=_name(by), reason=clean_optional(reason, "reason"))

    def _trigger(self, event_class: type[Aggregate.Event], **fields: object) -> None:
        self.trigger_event(event_class, case_id=self.case_id, flag_id=self.flag_id, **fields)


def _name(by: str) -> str:
    return clean_text(by, "reviewer's name (--by)", MAX_NAME)
