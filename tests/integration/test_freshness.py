"""Reads stay current with what any process stored, while reads that stored only access records
reuse what the read models held (`chronology/projections/freshness.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from chronology.bootstrap import open_service
from chronology.domain.access import Via
from chronology.domain.account import Account, Role
from chronology.domain.match_decision import Judgement
from chronology.projections.catchup import CatchUp
from chronology.projections.freshness import Freshness
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import HEALTH_VISITING, ExtractBuilder
from tests.conftest import settings_for

CASE = "C-FRESH"


@pytest.fixture(params=["sqlite", "postgres"])
def shared_store(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return settings_for(request.param, request, tmp_path)


@pytest.fixture
def reader(shared_store: Settings) -> Iterator[ChronologyService]:
    """A server process reading the case."""
    opened = open_service(shared_store)
    yield opened
    opened.close()


@pytest.fixture
def writer(shared_store: Settings) -> Iterator[ChronologyService]:
    """Another process: an upload or a reviewer's decision elsewhere."""
    opened = open_service(shared_store)
    yield opened
    opened.close()


def _police(rows: int, summary: str = "Incident") -> ExtractBuilder:
    builder = ExtractBuilder().person("P1", "Dean", "Doyle", sex="male")
    for row in range(rows):
        builder.event(f"NP-{row}", f"{row % 28 + 1:02d}/03/2024", summary=f"{summary} {row}")
    return builder


def _health_visiting() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=HEALTH_VISITING, agency="health_visiting")
        .person("HV-1", "Dean", sex="male")
        .event("HV-10", "20/09/2024", "new_birth_visit", "HV-1")
    )


def _reads(service: ChronologyService, account: Account, times: int) -> None:
    """What a chair's reads do between changes: each records an access event, then reads."""
    for _ in range(times):
        service.accounts.record_access(account, CASE, "timeline", Via.API)
        service.timeline(CASE)


def test_reads_that_store_only_access_records_keep_the_stamp_and_another_import_moves_it(
    reader: ChronologyService, writer: ChronologyService, tmp_path: Path
) -> None:
    writer.import_file(_police(30).write_csv_folder(tmp_path / "first"), CASE, "upload")
    chair = reader.accounts.add_user(
        "Cara Chair", Role.CHAIR, "correct horse battery", cases=[CASE]
    )
    stamp = reader.timeline_stamp(CASE)
    _reads(reader, chair, 5)
    assert reader.timeline_stamp(CASE) == stamp
    assert len(reader.timeline(CASE)) == 30

    writer.import_file(_police(40).write_csv_folder(tmp_path / "more"), CASE, "upload")
    assert reader.timeline_stamp(CASE) != stamp
    assert len(reader.timeline(CASE)) == 40
    _reads(reader, chair, 2)
    assert len(reader.timeline(CASE)) == 40


def test_an_amendment_stored_by_another_process_is_read_at_once(
    reader: ChronologyService, writer: ChronologyService, tmp_path: Path
) -> None:
    writer.import_file(_police(3).write_csv_folder(tmp_path / "first"), CASE, "upload")
    assert {entry["summary"] for entry in reader.timeline(CASE)} == {
        f"Incident {n}" for n in range(3)
    }
    writer.import_file(_police(3, "Amended").write_csv_folder(tmp_path / "again"), CASE, "upload")
    assert {entry["summary"] for entry in reader.timeline(CASE)} == {
        f"Amended {n}" for n in range(3)
    }


def test_a_match_decision_in_another_process_changes_the_people_and_the_stamp(
    reader: ChronologyService, writer: ChronologyService, tmp_path: Path
) -> None:
    writer.import_file(_police(2).write_csv_folder(tmp_path / "police"), CASE, "upload")
    writer.import_file(_health_visiting().write_csv_folder(tmp_path / "hv"), CASE, "upload")
    people = reader.people(CASE)
    stamp = reader.timeline_stamp(CASE)
    mentions = {m.person_ref: UUID(m.mention_id) for m in people.mentions.values()}
    police, health = mentions["P1"], mentions["HV-1"]
    same_before = _same_person(reader, police, health)

    writer.decide_match(
        CASE, police, health, Judgement.DIFFERENT if same_before else Judgement.SAME, "reviewer"
    )
    assert reader.timeline_stamp(CASE) != stamp
    assert _same_person(reader, police, health) is not same_before


def _same_person(service: ChronologyService, left: UUID, right: UUID) -> bool:
    for person in service.people(CASE).people:
        ids = {UUID(m.mention_id) for m in person.mentions}
        if left in ids or right in ids:
            return left in ids and right in ids
    raise AssertionError("the mentions are not in the case")


def test_a_read_model_that_names_no_topics_cannot_be_watched(reader: ChronologyService) -> None:
    everything = CatchUp(
        app=reader.app,
        tracking_name="everything",
        view=reader.timeline_view,
        new_batch=lambda: [],  # type: ignore[arg-type, return-value]
        write=lambda cursor, batch: None,
    )
    with pytest.raises(ValueError, match="topics"):
        Freshness([reader.timeline_catch_up, everything], reader.catch_up)
