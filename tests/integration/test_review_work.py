"""A reviewer's work on a case, on the in-memory, SQLite and PostgreSQL stores: the review
period, RAG, analysis notes and key practice episodes, each read back with who and when;
refusals that store nothing; reviewers acting at once; reopening the store; encryption."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from chronology.bootstrap import open_service
from chronology.domain.review_work import Rag, ReviewWorkRefused
from chronology.errors import CaseNotFound, PersonNotFound
from chronology.review_work import EntryNotFound
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import health_visiting_extract, police_extract
from tests.conftest import settings_for

CASE = "RR-REVIEW-WORK"
OTHER_CASE = "RR-OTHER"


def _import(service: ChronologyService, tmp_path: Path, case: str = CASE) -> list[str]:
    """Police and health visiting entries about Kerry and Finn; their ids in timeline order."""
    for name, builder in (("police", police_extract()), ("hv", health_visiting_extract())):
        service.import_file(builder.write_csv_folder(tmp_path / case / name), case, "test")
    return [entry["id"] for entry in service.timeline(case)]


@pytest.fixture
def entries(service: ChronologyService, tmp_path: Path) -> list[str]:
    return _import(service, tmp_path)


def test_each_action_is_read_back_with_who_and_when(
    service: ChronologyService, entries: list[str]
) -> None:
    before = datetime.now(UTC)
    service.set_review_period(CASE, date(2024, 1, 1), date(2024, 12, 31), "Ann Reviewer")
    service.rate_entry(CASE, entries[1], Rag.RED, "Ann Reviewer")
    service.note_entry(CASE, entries[1], "Children present; no referral made", "Bo Chair")
    episode = service.add_episode(
        CASE, "March 2024 incidents", entries[1:3], "Bo Chair", description="Escalation"
    )
    work = service.review_work(CASE)
    assert work.period is not None
    assert (work.period.start, work.period.end, work.period.by) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
        "Ann Reviewer",
    )
    rated = work.of(entries[1])
    assert rated.rating is not None and (rated.rating.rag, rated.rating.by) == (
        Rag.RED,
        "Ann Reviewer",
    )
    assert [(n.text, n.by) for n in rated.notes] == [
        ("Children present; no referral made", "Bo Chair")
    ]
    [added] = work.episodes
    assert (added.id, added.name, added.entry_ids, added.by) == (
        episode,
        "March 2024 incidents",
        tuple(entries[1:3]),
        "Bo Chair",
    )
    assert [a.action for a in work.history] == [
        "period_set",
        "entry_rated",
        "entry_noted",
        "episode_added",
    ]
    times = [action.at for action in work.history]
    assert times == sorted(times) and before <= times[0] and times[-1] <= datetime.now(UTC)


def test_episodes_are_renamed_regrouped_and_removed_with_the_history_kept(
    service: ChronologyService, entries: list[str]
) -> None:
    episode = service.add_episode(CASE, "Spring", entries[:2], "Ann")
    service.change_episode(CASE, episode, "Bo", name="Spring 2024", entry_ids=entries[2:])
    [changed] = service.review_work(CASE).episodes
    assert (changed.name, changed.entry_ids, changed.changed_by) == (
        "Spring 2024",
        tuple(entries[2:]),
        "Bo",
    )
    service.remove_episode(CASE, episode, "Cy")
    work = service.review_work(CASE)
    assert work.episodes == ()
    assert [(a.action, a.by) for a in work.history] == [
        ("episode_added", "Ann"),
        ("episode_changed", "Bo"),
        ("episode_removed", "Cy"),
    ]


def test_an_entry_can_be_named_by_the_start_of_its_id(
    service: ChronologyService, entries: list[str]
) -> None:
    service.rate_entry(CASE, entries[0][:8].upper(), Rag.AMBER, "Ann")
    rating = service.review_work(CASE).of(entries[0]).rating
    assert rating is not None and rating.rag is Rag.AMBER


def test_an_entry_of_another_case_is_refused_and_nothing_is_stored(
    service: ChronologyService, entries: list[str], tmp_path: Path
) -> None:
    elsewhere = _import(service, tmp_path, OTHER_CASE)
    head = service.app.recorder.max_notification_id()
    with pytest.raises(EntryNotFound, match=rf"no entry .* in case {CASE}; use an id from"):
        service.rate_entry(CASE, elsewhere[0], Rag.RED, "Ann")
    with pytest.raises(EntryNotFound):
        service.add_episode(CASE, "Mixed", [entries[0], elsewhere[0]], "Ann")
    with pytest.raises(EntryNotFound):
        service.note_entry(CASE, "not-an-id", "A note", "Ann")
    assert service.app.recorder.max_notification_id() == head
    assert service.review_work(CASE).history == ()


def test_an_empty_note_is_refused_naming_the_field_only(
    service: ChronologyService, entries: list[str]
) -> None:
    with pytest.raises(ReviewWorkRefused, match=r"^the analysis note is empty; give one$"):
        service.note_entry(CASE, entries[0], "   ", "Ann")
    assert service.review_work(CASE).history == ()


def test_a_case_that_does_not_exist_is_refused(service: ChronologyService) -> None:
    with pytest.raises(CaseNotFound):
        service.set_review_period("NO-SUCH-CASE", date(2024, 1, 1), date(2024, 2, 1), "Ann")
    with pytest.raises(CaseNotFound):
        service.review_work("NO-SUCH-CASE")


@pytest.fixture(params=["sqlite", "postgres"])
def shared_store(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A store that two services (two reviewers' processes) open at once."""
    return settings_for(request.param, request, tmp_path)


@pytest.fixture
def two_services(shared_store: Settings, tmp_path: Path) -> Iterator[list[ChronologyService]]:
    first = open_service(shared_store)
    _import(first, tmp_path)
    second = open_service(shared_store)
    yield [first, second]
    first.close()
    second.close()


def _at_once(actions: list[Callable[[], None]]) -> None:
    """Runs the actions in threads released together; re-raises the first failure."""
    barrier = threading.Barrier(len(actions))
    failures: list[BaseException] = []

    def run(action: Callable[[], None]) -> None:
        barrier.wait()
        try:
            action()
        except BaseException as problem:  # any failure fails the test, below
            failures.append(problem)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def test_two_reviewers_acting_at_once_both_land(two_services: list[ChronologyService]) -> None:
    first, second = two_services
    entries = [entry["id"] for entry in first.timeline(CASE)]

    def notes(service: ChronologyService, who: str) -> Callable[[], None]:
        def act() -> None:
            for number in range(6):
                service.note_entry(CASE, entries[number % len(entries)], f"{who} {number}", who)

        return act

    _at_once([notes(first, "Ann"), notes(second, "Bo")])
    work = second.review_work(CASE)
    written = sorted(note.text for review in work.entries.values() for note in review.notes)
    assert written == sorted(f"{who} {n}" for who in ("Ann", "Bo") for n in range(6))
    assert len(work.history) == 12


def test_a_reviewer_acts_on_what_another_process_recorded_since(
    two_services: list[ChronologyService],
) -> None:
    first, second = two_services
    entries = [entry["id"] for entry in first.timeline(CASE)]
    episode = first.add_episode(CASE, "Autumn", entries[:1], "Ann")
    second.change_episode(CASE, episode, "Bo", name="Autumn 2024")
    with pytest.raises(ReviewWorkRefused, match="already has that name"):
        first.add_episode(CASE, "autumn 2024", entries[1:2], "Ann")
    second.remove_episode(CASE, episode, "Bo")
    with pytest.raises(ReviewWorkRefused, match="was removed"):
        first.change_episode(CASE, episode, "Ann", name="Again")


def test_the_work_persists_across_reopening_the_store(
    shared_store: Settings, tmp_path: Path
) -> None:
    first = open_service(shared_store)
    try:
        entries = _import(first, tmp_path)
        first.set_review_period(CASE, date(2024, 3, 1), date(2024, 3, 31), "Ann")
        first.rate_entry(CASE, entries[0], Rag.GREEN, "Ann")
        first.add_episode(CASE, "March", entries, "Bo")
    finally:
        first.close()
    again = open_service(shared_store)
    try:
        work = again.review_work(CASE)
        assert work.period is not None and work.period.end == date(2024, 3, 31)
        rating = work.of(entries[0]).rating
        assert rating is not None and (rating.rag, rating.by) == (Rag.GREEN, "Ann")
        assert [episode.name for episode in work.episodes] == ["March"]
    finally:
        again.close()


def test_with_a_cipher_key_a_note_cannot_be_read_from_the_store_file(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    key = base64.b64encode(bytes(range(32))).decode()
    service = open_service(Settings(store=store, cipher_key=key))
    try:
        entries = _import(service, tmp_path)
        service.note_entry(CASE, entries[0], "Mother disclosed a new partner", "Ann")
        service.add_episode(CASE, "Kerry's new partner", entries[:1], "Ann")
        assert service.review_work(CASE).of(entries[0]).notes
    finally:
        service.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("store.sqlite*"))
    assert b"disclosed a new partner" not in raw
    assert b"new partner" not in raw


def test_a_persons_label_for_anonymised_exports_is_kept_changed_and_cleared(
    service: ChronologyService, entries: list[str]
) -> None:
    finn = service.people(CASE).people[0].id
    service.set_label(CASE, finn, " Child A ", "Rae Reviewer")
    assert service.review_work(CASE).labels == {finn: "Child A"}
    service.set_label(CASE, finn, "Baby F", "Rae Reviewer")
    service.set_label(CASE, finn, "Baby F", "Rae Reviewer")  # the same again records nothing
    work = service.review_work(CASE)
    assert work.labels == {finn: "Baby F"}
    assert [a.text for a in work.history if a.action == "label_set"] == ["Child A", "Baby F"]
    service.set_label(CASE, finn, "  ", "Rae Reviewer")
    assert service.review_work(CASE).labels == {}


def test_a_label_for_someone_not_in_the_case_or_already_taken_is_refused(
    service: ChronologyService, entries: list[str]
) -> None:
    with pytest.raises(PersonNotFound, match="no person 'nobody' in case RR-REVIEW-WORK"):
        service.set_label(CASE, "nobody", "Mother", "Rae Reviewer")
    kerry, finn = service.people(CASE).people[:2]
    service.set_label(CASE, kerry.id, "Mother", "Rae Reviewer")
    with pytest.raises(ReviewWorkRefused, match="another person has that label"):
        service.set_label(CASE, finn.id, "mother", "Rae Reviewer")
