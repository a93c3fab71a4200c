"""Importing extracts and reading the merged timeline, on in-memory, SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

import pytest

from chronology.errors import CaseNotFound, ExtractRejected
from chronology.projections.timeline_query import TimelineQuery
from chronology.service import ChronologyService
from chronology.vocabulary import Agency, EventType
from tests.builders import GP, ExtractBuilder, health_visiting_extract, police_extract

CASE = "RR-2024-017"


def _import(
    service: ChronologyService, builder: ExtractBuilder, tmp_path: Path, name: str, case: str = CASE
) -> object:
    return service.import_file(builder.write_csv_folder(tmp_path / name), case, "uploader@test")


def _refs(entries: list[dict[str, object]]) -> list[str]:
    return [entry["source"]["record_ref"] for entry in entries]  # type: ignore[index]


def test_two_organisations_merge_into_one_timeline_in_date_order(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "police")
    _import(service, health_visiting_extract(), tmp_path, "hv")
    entries = service.timeline(CASE)
    assert _refs(entries) == ["HV-100", "NP-1", "NP-2", "HV-101", "NP-3"]
    first_police = entries[1]
    assert first_police["organisation"] == "NORTHSHIRE POLICE"
    assert first_police["agency"] == "police" and first_police["area"] == "Northshire"
    assert [s["name"] for s in first_police["subjects"]] == ["Kerry Doyle", "Finn Doyle"]
    assert first_police["source"]["row"] == 2 and first_police["version"] == 1


def test_same_day_entries_keep_the_organisations_own_order(
    service: ChronologyService, tmp_path: Path
) -> None:
    builder = ExtractBuilder(organisation=GP, agency="gp").person("P1", "Finn")
    for ref in ("Z-3", "A-1", "M-2"):
        builder.event(ref, "14/02/2024")
    _import(service, builder, tmp_path, "gp")
    assert _refs(service.timeline(CASE)) == ["Z-3", "A-1", "M-2"]


def test_importing_the_same_file_again_changes_nothing(
    service: ChronologyService, tmp_path: Path
) -> None:
    folder = police_extract().write_csv_folder(tmp_path / "police")
    service.import_file(folder, CASE, "a")
    stored = service.app.recorder.max_notification_id()
    again = service.import_file(folder, CASE, "a")
    assert again.already_imported and again.counts.entries_unchanged == 3
    assert service.app.recorder.max_notification_id() == stored
    assert len(service.timeline(CASE)) == 3


def test_a_new_file_with_the_same_rows_is_all_unchanged(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "police")
    builder = police_extract()
    builder.area = "Northshire "  # a different file, the same records
    outcome = _import(service, builder, tmp_path, "police-again")
    assert outcome.counts.entries_unchanged == 3 and outcome.counts.entries_new == 0  # type: ignore[attr-defined]
    assert [e["version"] for e in service.timeline(CASE)] == [1, 1, 1]


def test_a_corrected_file_amends_the_changed_entry_and_keeps_its_history(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "v1")
    corrected = police_extract()
    corrected.events[1]["summary"] = "Welfare check; Finn seen awake and settled"
    corrected.event("NP-4", "30/03/2024", "police_welfare_check", "P2", "Follow-up check")
    outcome = _import(service, corrected, tmp_path, "v2")
    counts = outcome.counts  # type: ignore[attr-defined]
    assert (counts.entries_new, counts.entries_amended, counts.entries_unchanged) == (1, 1, 2)
    amended = next(e for e in service.timeline(CASE) if e["source"]["record_ref"] == "NP-2")
    assert amended["version"] == 2 and amended["changed_fields"] == ["summary"]
    history = service.app.entry_history(CASE, "Northshire Police", "NP-2")
    assert [type(event).__name__ for event in history] == ["Recorded", "Amended"]
    assert history[1].changes[0].before == "Welfare check; Finn seen asleep"  # type: ignore[attr-defined]


def test_a_withdrawn_entry_leaves_the_timeline_but_not_the_history(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "v1")
    withdrawal = police_extract()
    withdrawal.events[2].update(status="withdrawn", detail="Recorded against the wrong family")
    outcome = _import(service, withdrawal, tmp_path, "v2")
    assert outcome.counts.entries_withdrawn == 1  # type: ignore[attr-defined]
    assert _refs(service.timeline(CASE)) == ["NP-1", "NP-2"]
    shown = service.timeline(CASE, TimelineQuery(include_withdrawn=True))
    assert shown[-1]["status"] == "withdrawn"
    history = service.app.entry_history(CASE, "NORTHSHIRE POLICE", "NP-3")
    assert type(history[-1]).__name__ == "Withdrawn"
    assert history[-1].reason == "Recorded against the wrong family"  # type: ignore[attr-defined]


def test_a_row_missing_from_a_later_upload_is_not_deleted(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "v1")
    shorter = police_extract()
    del shorter.events[0]
    _import(service, shorter, tmp_path, "v2")
    assert _refs(service.timeline(CASE)) == ["NP-1", "NP-2", "NP-3"]


def test_an_extract_with_any_error_is_rejected_whole_and_nothing_is_stored(
    service: ChronologyService, tmp_path: Path
) -> None:
    broken = police_extract().event("NP-9", "31/02/2024")
    before = service.app.recorder.max_notification_id()
    with pytest.raises(ExtractRejected) as rejected:
        _import(service, broken, tmp_path, "broken")
    assert [p.place() for p in rejected.value.problems if p.is_error] == ["events:5:occurred"]
    assert service.app.recorder.max_notification_id() == before
    with pytest.raises(CaseNotFound):
        service.timeline(CASE)


def test_as_at_shows_only_what_agencies_had_recorded_by_then(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "police")
    # NP-1 happened on the 5th but was recorded on the 6th.
    assert _refs(service.timeline(CASE, TimelineQuery(as_at=date(2024, 3, 5)))) == []
    assert _refs(service.timeline(CASE, TimelineQuery(as_at=date(2024, 3, 6)))) == ["NP-1"]
    assert _refs(service.timeline(CASE, TimelineQuery(as_at=date(2024, 3, 27)))) == ["NP-1", "NP-2"]


def test_held_at_shows_what_this_system_held_including_earlier_versions(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "v1")
    between = datetime.now(UTC)
    corrected = police_extract()
    corrected.events[1]["summary"] = "Corrected summary"
    corrected.event("NP-4", "30/03/2024", "police_welfare_check", "P2", "Follow-up check")
    _import(service, corrected, tmp_path, "v2")
    then = service.timeline(CASE, TimelineQuery(held_at=between))
    assert _refs(then) == ["NP-1", "NP-2", "NP-3"]
    assert then[1]["summary"] == "Welfare check; Finn seen asleep" and then[1]["version"] == 1
    assert service.timeline(CASE)[1]["summary"] == "Corrected summary"


def test_filters_by_period_agency_event_type_and_person(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "police")
    _import(service, health_visiting_extract(), tmp_path, "hv")
    march_20_on = TimelineQuery(date_from=date(2024, 3, 20), date_to=date(2024, 3, 21))
    assert _refs(service.timeline(CASE, march_20_on)) == ["NP-2", "HV-101"]
    assert _refs(service.timeline(CASE, TimelineQuery(agencies=(Agency.HEALTH_VISITING,)))) == [
        "HV-100",
        "HV-101",
    ]
    arrests = TimelineQuery(event_types=(EventType("arrest"),))
    assert _refs(service.timeline(CASE, arrests)) == ["NP-3"]
    kerry = UUID(service.timeline(CASE)[1]["subjects"][0]["id"])
    assert _refs(service.timeline(CASE, TimelineQuery(people=(kerry,)))) == ["NP-1", "NP-3"]


def test_cases_are_kept_apart(service: ChronologyService, tmp_path: Path) -> None:
    _import(service, police_extract(), tmp_path, "a", case="CASE-A")
    _import(service, health_visiting_extract(), tmp_path, "b", case="CASE-B")
    assert _refs(service.timeline("CASE-A")) == ["NP-1", "NP-2", "NP-3"]
    assert _refs(service.timeline("CASE-B")) == ["HV-100", "HV-101"]
    assert service.case_refs() == ["CASE-A", "CASE-B"]


def test_the_timeline_is_a_dataframe_for_analysis(
    service: ChronologyService, tmp_path: Path
) -> None:
    _import(service, police_extract(), tmp_path, "police")
    frame = service.timeline_dataframe(CASE)
    assert list(frame["record_ref"]) == ["NP-1", "NP-2", "NP-3"]
    assert frame["occurred_from"].is_monotonic_increasing
    assert set(frame["event_group"]) == {"police_and_domestic_abuse"}


def test_two_uploads_to_one_case_at_the_same_moment_both_land(
    service: ChronologyService, tmp_path: Path
) -> None:
    folders = [
        police_extract().write_csv_folder(tmp_path / "p"),
        health_visiting_extract().write_csv_folder(tmp_path / "h"),
    ]
    failures: list[BaseException] = []

    def upload(folder: Path) -> None:
        try:
            service.import_file(folder, CASE, "concurrent")
        except BaseException as problem:
            failures.append(problem)

    threads = [threading.Thread(target=upload, args=(folder,)) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(service.timeline(CASE)) == 5
