"""The flag review aggregate's rules, and how its actions fold into a review, without a store."""

from __future__ import annotations

from uuid import UUID

import pytest

from chronology.domain.flag_review import FlagReview, ReviewRefused, ReviewStatus
from chronology.flag_reviews import fold

CASE_ID = UUID("6f1e4c1a-0000-4000-8000-000000000001")
FLAG = "b9a0e2de-1111-5222-8333-444455556666"


def _action(action: str, text: str | None, at: str) -> dict[str, object]:
    return {"action": action, "text": text, "by": "Ann", "at": f"2025-03-0{at}T10:00:00Z"}


def test_the_review_id_comes_from_the_case_and_the_flag_id() -> None:
    review = FlagReview.start(CASE_ID, FLAG)
    assert review.id == FlagReview.id_for(CASE_ID, FLAG)
    assert FlagReview.id_for(CASE_ID, "another") != review.id


def test_texts_are_kept_without_surrounding_spaces() -> None:
    review = FlagReview.start(CASE_ID, FLAG)
    review.dismiss("  known to CSC  ", by=" Bo ")
    dismissed = review.collect_events()[-1]
    assert isinstance(dismissed, FlagReview.Dismissed)
    assert (dismissed.reason, dismissed.by) == ("known to CSC", "Bo")
    assert review.status is ReviewStatus.DISMISSED


@pytest.mark.parametrize("by", ["", "   "])
def test_an_action_needs_a_name(by: str) -> None:
    with pytest.raises(ReviewRefused, match="reviewer's name"):
        FlagReview.start(CASE_ID, FLAG).add_note("A note", by)


def test_an_empty_optional_note_is_no_note() -> None:
    review = FlagReview.start(CASE_ID, FLAG)
    review.mark_reviewed("Ann", note="  ")
    marked = review.collect_events()[-1]
    assert isinstance(marked, FlagReview.MarkedReviewed) and marked.note is None


def test_a_note_after_a_dismissal_leaves_the_status_and_reason() -> None:
    review = fold(FLAG, [_action("dismissed", "rebooked", "1"), _action("note", "checked", "2")])
    assert (review.status, review.reason) == (ReviewStatus.DISMISSED, "rebooked")
    assert [note.text for note in review.notes] == ["checked"]


def test_reopening_clears_the_reason() -> None:
    review = fold(FLAG, [_action("dismissed", "rebooked", "1"), _action("reopened", None, "2")])
    assert (review.status, review.reason) == (ReviewStatus.OPEN, None)


def test_the_json_review_has_status_reason_notes_and_history() -> None:
    document = fold(FLAG, [_action("reviewed", "seen at panel", "1")]).document()
    assert document == {
        "status": "reviewed",
        "reason": None,
        "notes": [{"text": "seen at panel", "by": "Ann", "at": "2025-03-01T10:00:00Z"}],
        "history": [
            {
                "action": "reviewed",
                "text": "seen at panel",
                "by": "Ann",
                "at": "2025-03-01T10:00:00Z",
            }
        ],
    }
