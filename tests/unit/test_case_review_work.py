"""The review work aggregate's rules, and how its events fold into a snapshot, without a store."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from chronology.domain.review_work import CaseReviewWork, Rag, ReviewWorkRefused
from chronology.review_work import ReviewWork, fold

CASE_ID = UUID("6f1e4c1a-0000-4000-8000-000000000002")
E1 = "3e449db5-2478-5a40-9323-81a8dedaabff"
E2 = "3b73df0a-9325-5d3e-9489-129c7061b2ff"
E3 = "913cf949-0995-5932-860b-730c90f74874"


@pytest.fixture
def work() -> CaseReviewWork:
    return CaseReviewWork.start(CASE_ID)


def _snapshot(work: CaseReviewWork) -> ReviewWork:
    """What a reader gets from the events stored so far (as their stored JSON)."""
    events = work.collect_events()
    return fold("C-1", [(get_topic(type(e)), e.model_dump(mode="json")) for e in events])


def test_the_work_id_comes_from_the_case_id(work: CaseReviewWork) -> None:
    assert work.id == CaseReviewWork.id_for(CASE_ID)
    assert CaseReviewWork.id_for(UUID(int=1)) != work.id


def test_a_period_that_ends_before_it_starts_is_refused_with_both_days(
    work: CaseReviewWork,
) -> None:
    with pytest.raises(ReviewWorkRefused, match=r"ends \(31/12/2023\) before it starts"):
        work.set_period(date(2024, 1, 1), date(2023, 12, 31), "Ann")


def test_a_changed_period_keeps_the_earlier_one_in_the_history(work: CaseReviewWork) -> None:
    work.set_period(date(2024, 1, 1), date(2024, 12, 31), "Ann")
    work.set_period(date(2024, 1, 1), date(2024, 12, 31), "Ann")  # the same again: nothing
    work.set_period(date(2023, 6, 1), date(2025, 7, 31), "Bo")
    snapshot = _snapshot(work)
    assert snapshot.period is not None
    assert (snapshot.period.start, snapshot.period.end, snapshot.period.by) == (
        date(2023, 6, 1),
        date(2025, 7, 31),
        "Bo",
    )
    assert [(a.text, a.by) for a in snapshot.history] == [
        ("01/01/2024 to 31/12/2024", "Ann"),
        ("01/06/2023 to 31/07/2025", "Bo"),
    ]


def test_rating_the_same_again_records_nothing_and_clearing_is_kept(work: CaseReviewWork) -> None:
    work.rate(E1, Rag.RED, "Ann")
    work.rate(E1, Rag.RED, "Ann")
    work.rate(E1, None, "Bo")
    work.rate(E2, Rag.GREEN, "Bo")
    snapshot = _snapshot(work)
    assert [(a.action, a.text) for a in snapshot.history] == [
        ("entry_rated", "red"),
        ("rating_cleared", None),
        ("entry_rated", "green"),
    ]
    assert E1 not in snapshot.entries  # cleared, and no notes: nothing to show now
    rating = snapshot.of(E2).rating
    assert rating is not None and (rating.rag, rating.by) == (Rag.GREEN, "Bo")


def test_notes_are_appended_in_order_without_surrounding_spaces(work: CaseReviewWork) -> None:
    work.note(E1, "  First look  ", "Ann")
    work.rate(E1, Rag.AMBER, "Ann")
    work.note(E1, "Second look", " Bo ")
    entry = _snapshot(work).of(E1)
    assert [(n.text, n.by) for n in entry.notes] == [("First look", "Ann"), ("Second look", "Bo")]
    assert entry.rating is not None and entry.rating.rag is Rag.AMBER


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "analysis note is empty"), ("   ", "analysis note is empty"), ("x" * 4001, "4,001")],
)
def test_an_empty_or_overlong_note_is_refused(
    work: CaseReviewWork, text: str, message: str
) -> None:
    with pytest.raises(ReviewWorkRefused, match=message):
        work.note(E1, text, "Ann")
    assert len(work.collect_events()) == 1  # only the start


def test_every_action_needs_a_name(work: CaseReviewWork) -> None:
    with pytest.raises(ReviewWorkRefused, match="reviewer's name"):
        work.rate(E1, Rag.RED, "  ")


def test_an_episode_keeps_its_entries_once_each_in_the_order_given(work: CaseReviewWork) -> None:
    work.add_episode("ep-1", "Birth to CP plan", [E2, E1, E2], "Ann", description="  ")
    [episode] = _snapshot(work).episodes
    assert (episode.name, episode.entry_ids, episode.description) == (
        "Birth to CP plan",
        (E2, E1),
        None,
    )
    assert (episode.by, episode.changed_by) == ("Ann", None)


def test_an_episode_needs_a_name_and_an_entry(work: CaseReviewWork) -> None:
    with pytest.raises(ReviewWorkRefused, match="episode name is empty"):
        work.add_episode("ep-1", " ", [E1], "Ann")
    with pytest.raises(ReviewWorkRefused, match="at least one entry"):
        work.add_episode("ep-1", "Autumn", [], "Ann")


def test_two_episodes_cannot_share_a_name(work: CaseReviewWork) -> None:
    work.add_episode("ep-1", "Autumn 2024", [E1], "Ann")
    with pytest.raises(ReviewWorkRefused, match="episode ep-1 already has that name"):
        work.add_episode("ep-2", "autumn 2024", [E2], "Bo")
    work.add_episode("ep-2", "Winter", [E2], "Bo")
    with pytest.raises(ReviewWorkRefused, match="already has that name"):
        work.change_episode("ep-2", "Bo", name="AUTUMN 2024")


def test_changing_an_episode_replaces_what_is_given_and_keeps_the_rest(
    work: CaseReviewWork,
) -> None:
    work.add_episode("ep-1", "Autumn", [E1, E2], "Ann", description="Bruising missed")
    work.change_episode("ep-1", "Bo", entry_ids=[E2, E3])
    work.change_episode("ep-1", "Bo", entry_ids=[E2, E3])  # no change: nothing recorded
    work.change_episode("ep-1", "Cy", name="Autumn 2024", description="")
    snapshot = _snapshot(work)
    [episode] = snapshot.episodes
    assert (episode.name, episode.entry_ids, episode.description) == (
        "Autumn 2024",
        (E2, E3),
        None,
    )
    assert (episode.by, episode.changed_by) == ("Ann", "Cy")
    assert [a.action for a in snapshot.history] == [
        "episode_added",
        "episode_changed",
        "episode_changed",
    ]


def test_changing_nothing_or_an_unknown_or_removed_episode_is_refused(
    work: CaseReviewWork,
) -> None:
    work.add_episode("ep-1", "Autumn", [E1], "Ann")
    with pytest.raises(ReviewWorkRefused, match="nothing to change"):
        work.change_episode("ep-1", "Ann")
    with pytest.raises(ReviewWorkRefused, match="there is no episode ep-9"):
        work.remove_episode("ep-9", "Ann")
    work.remove_episode("ep-1", "Bo")
    with pytest.raises(ReviewWorkRefused, match="ep-1 was removed"):
        work.change_episode("ep-1", "Ann", name="Again")
    with pytest.raises(ReviewWorkRefused, match="exists already"):
        work.add_episode("ep-1", "Again", [E1], "Ann")


def test_a_removed_episode_is_gone_but_stays_in_the_history(work: CaseReviewWork) -> None:
    work.add_episode("ep-1", "Autumn", [E1], "Ann")
    work.remove_episode("ep-1", "Bo")
    snapshot = _snapshot(work)
    assert snapshot.episodes == ()
    assert [(a.action, a.episode_id, a.text, a.by) for a in snapshot.history] == [
        ("episode_added", "ep-1", "Autumn", "Ann"),
        ("episode_removed", "ep-1", "Autumn", "Bo"),
    ]


def test_the_snapshot_document_is_json_ready(work: CaseReviewWork) -> None:
    work.set_period(date(2024, 1, 1), date(2024, 12, 31), "Ann")
    work.rate(E1, Rag.RED, "Ann")
    document = _snapshot(work).document()
    assert document["period"]["start"] == "2024-01-01"
    assert document["entries"][E1]["rating"]["rag"] == "red"
    assert isinstance(document["history"][0]["at"], str)


def test_an_unknown_event_topic_is_passed_over() -> None:
    snapshot = fold("C-1", [("some.future:Event", {"by": "Ann", "timestamp": "x"})])
    assert snapshot.history == ()
