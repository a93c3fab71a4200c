"""Reviewer actions on flags, on the in-memory, SQLite and PostgreSQL stores.

Notes, "reviewed", dismissals and reopenings are events kept with the flag's stable id, so
they survive recomputation; a review whose flag stops appearing is reported, never lost.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chronology.bootstrap import open_service
from chronology.domain.flag_review import ReviewRefused, ReviewStatus
from chronology.flag_reviews import FlagNotFound
from chronology.rules.flag import Flag
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, ExtractBuilder

CASE = "RR-REVIEWS"
RULE = "was-not-brought"


def _gp(*more: tuple[str, str]) -> ExtractBuilder:
    """Finn, not brought to two GP appointments (a was-not-brought flag), and any `more`."""
    builder = ExtractBuilder(organisation=GP, agency="gp").person(
        "G1", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male"
    )
    for ref, occurred in (("R1", "01/10/2024"), ("R2", "10/12/2024"), *more):
        builder.event(ref, occurred, "appointment_missed", "G1", "Missed appointment for Finn")
    return builder


def _unrelated_police() -> ExtractBuilder:
    return (
        ExtractBuilder()
        .person("P9", "Zara", "Quinn", date_of_birth="03/03/1980", sex="female")
        .event("NP-90", "12/01/2025", "police_welfare_check", "P9", "Welfare check on Zara")
    )


def _import(service: ChronologyService, tmp_path: Path, builder: ExtractBuilder, name: str) -> None:
    service.import_file(builder.write_csv_folder(tmp_path / name), CASE, "test")


def _flag(service: ChronologyService) -> Flag:
    [flag] = [flag for flag in service.flags(CASE) if flag.rule == RULE]
    return flag


@pytest.fixture
def flagged(service: ChronologyService, tmp_path: Path) -> Flag:
    _import(service, tmp_path, _gp(), "gp")
    return _flag(service)


def test_a_note_review_dismissal_and_reopening_are_read_back_with_who_and_when(
    service: ChronologyService, flagged: Flag
) -> None:
    before = datetime.now(UTC)
    service.note_flag(CASE, flagged.id, "Discussed at panel, see minutes", "Ann Reviewer")
    service.mark_flag_reviewed(CASE, flagged.id, "Ann Reviewer", note="GP to follow up")
    service.dismiss_flag(CASE, flagged.id, "Appointments were rebooked and attended", "Bo Chair")
    service.reopen_flag(CASE, flagged.id, "Ann Reviewer", reason="New missed appointment")
    review = service.flag_reviews(CASE).of(flagged.id)
    assert review.status is ReviewStatus.OPEN and review.reason is None
    assert [(a.action, a.by, a.text) for a in review.history] == [
        ("note", "Ann Reviewer", "Discussed at panel, see minutes"),
        ("reviewed", "Ann Reviewer", "GP to follow up"),
        ("dismissed", "Bo Chair", "Appointments were rebooked and attended"),
        ("reopened", "Ann Reviewer", "New missed appointment"),
    ]
    assert [note.text for note in review.notes] == [
        "Discussed at panel, see minutes",
        "GP to follow up",
    ]
    assert all(before <= action.at <= datetime.now(UTC) for action in review.history)


def test_a_dismissal_keeps_its_reason_and_a_later_note_does_not_replace_it(
    service: ChronologyService, flagged: Flag
) -> None:
    service.dismiss_flag(CASE, flagged.id, "  Rebooked and attended  ", "Bo Chair")
    service.note_flag(CASE, flagged.id, "Checked with the GP", "Ann Reviewer")
    review = service.flag_reviews(CASE).of(flagged.id)
    assert (review.status, review.reason) == (ReviewStatus.DISMISSED, "Rebooked and attended")


def test_a_flag_without_any_action_is_open(service: ChronologyService, flagged: Flag) -> None:
    review = service.flag_reviews(CASE).of(flagged.id)
    assert (review.status, review.notes, review.history) == (ReviewStatus.OPEN, (), ())


def test_the_review_survives_recomputation_after_unrelated_entries_arrive(
    service: ChronologyService, flagged: Flag, tmp_path: Path
) -> None:
    service.mark_flag_reviewed(CASE, flagged.id, "Ann Reviewer")
    _import(service, tmp_path, _unrelated_police(), "police")
    assert _flag(service).id == flagged.id
    reviews = service.flag_reviews(CASE)
    assert reviews.of(flagged.id).status is ReviewStatus.REVIEWED
    assert reviews.not_appearing(service.flags(CASE)) == []


def test_a_review_of_a_flag_whose_evidence_changed_is_reported_not_lost(
    service: ChronologyService, flagged: Flag, tmp_path: Path
) -> None:
    service.note_flag(CASE, flagged.id, "Discussed at panel", "Ann Reviewer")
    _import(service, tmp_path, _gp(("R3", "05/11/2024")), "gp-corrected")
    now = _flag(service)
    assert now.id != flagged.id
    reviews = service.flag_reviews(CASE)
    [gone] = reviews.not_appearing(service.flags(CASE))
    assert (gone.flag_id, gone.notes[0].text) == (flagged.id, "Discussed at panel")
    assert reviews.of(now.id).status is ReviewStatus.OPEN


def test_dismissing_with_an_empty_reason_is_refused_and_stores_nothing(
    service: ChronologyService, flagged: Flag
) -> None:
    head = service.app.recorder.max_notification_id()
    with pytest.raises(ReviewRefused, match="the reason for dismissing is empty"):
        service.dismiss_flag(CASE, flagged.id, "   ", "Bo Chair")
    assert service.app.recorder.max_notification_id() == head
    assert service.flag_reviews(CASE).reviews == {}


def test_a_note_over_the_length_limit_is_refused(service: ChronologyService, flagged: Flag) -> None:
    with pytest.raises(ReviewRefused, match="the note has 4,001 characters; the limit is 4,000"):
        service.note_flag(CASE, flagged.id, "x" * 4001, "Ann Reviewer")


def test_an_unknown_flag_id_is_refused_with_the_way_to_find_the_ids(
    service: ChronologyService, flagged: Flag
) -> None:
    with pytest.raises(FlagNotFound, match=rf"run `chronology flags --case {CASE}` to see the ids"):
        service.note_flag(CASE, "00000000-0000-0000-0000-000000000000", "A note", "Ann")


def test_reopening_an_open_flag_is_refused(service: ChronologyService, flagged: Flag) -> None:
    with pytest.raises(ReviewRefused, match="open already"):
        service.reopen_flag(CASE, flagged.id, "Ann Reviewer")


def test_a_flag_can_be_named_by_the_start_of_its_id_as_the_table_shows_it(
    service: ChronologyService, flagged: Flag
) -> None:
    service.mark_flag_reviewed(CASE, flagged.id[:8], "Ann Reviewer")
    assert service.flag_reviews(CASE).of(flagged.id).status is ReviewStatus.REVIEWED


def test_reviews_persist_across_reopening_the_sqlite_store(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store.sqlite")
    first = open_service(settings)
    try:
        _import(first, tmp_path, _gp(), "gp")
        flag_id = _flag(first).id
        first.dismiss_flag(CASE, flag_id, "Rebooked and attended", "Bo Chair")
    finally:
        first.close()
    again = open_service(settings)
    try:
        review = again.flag_reviews(CASE).of(flag_id)
        assert (review.status, review.history[0].by) == (ReviewStatus.DISMISSED, "Bo Chair")
    finally:
        again.close()


def test_with_a_cipher_key_a_note_cannot_be_read_from_the_store_file(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    key = base64.b64encode(bytes(range(32))).decode()
    service = open_service(Settings(store=store, cipher_key=key))
    try:
        _import(service, tmp_path, _gp(), "gp")
        service.note_flag(CASE, _flag(service).id, "Mother disclosed a new partner", "Ann")
        assert service.flag_reviews(CASE).of(_flag(service).id).notes
    finally:
        service.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("store.sqlite*"))
    assert b"disclosed a new partner" not in raw
