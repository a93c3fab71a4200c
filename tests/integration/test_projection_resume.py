"""A projection stopped mid-way resumes from its tracked position: nothing twice, nothing missed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from adapters.canonical import read_canonical
from chronology.domain.access import Via
from chronology.domain.account import Role
from chronology.projections.catchup import CatchUp
from chronology.projections.timeline import TimelineBatch, write
from chronology.projections.timeline_query import TimelineQuery
from chronology.projections.timeline_rows import TOPICS
from chronology.service import ChronologyService
from tests.builders import ExtractBuilder


class Crash(Exception):
    pass


def _extract(number: int, tmp_path: Path) -> Path:
    builder = ExtractBuilder(organisation=f"ORG {number}").person("P1", "Finn")
    for row in range(40):
        builder.event(f"R{row}", f"{row % 28 + 1:02d}/0{number % 9 + 1}/2024")
    return builder.write_csv_folder(tmp_path / f"org{number}")


def _store_without_projecting(service: ChronologyService, tmp_path: Path, count: int) -> None:
    for number in range(count):
        service.app.import_extract(read_canonical(_extract(number, tmp_path)), "C-1", "u")


def test_a_crash_mid_way_resumes_without_double_counting(
    service: ChronologyService, tmp_path: Path
) -> None:
    _store_without_projecting(service, tmp_path, 3)
    writes: list[int] = []

    def crashing_write(cursor: object, batch: object) -> None:
        if writes:  # the second extract's segment dies before it commits
            raise Crash
        write(cursor, batch)
        writes.append(len(batch))  # type: ignore[arg-type]

    view = service.timeline_view
    crashing = CatchUp(
        app=service.app,
        tracking_name=service.timeline_catch_up.tracking_name,
        view=view,
        new_batch=lambda: TimelineBatch(view),
        write=crashing_write,
        segment_size=1,
        topics=TOPICS,
    )
    with pytest.raises(Crash):
        crashing.run()
    first_extract_end = service.timeline_catch_up.position()
    assert 0 < first_extract_end < service.app.recorder.max_notification_id()
    case_id = view.case_id_of("C-1") or ""
    assert len(view.entries(case_id, TimelineQuery())) == 40
    service.catch_up()
    assert service.timeline_catch_up.is_current()
    assert len(service.timeline("C-1")) == 120


def test_catching_up_twice_changes_nothing(service: ChronologyService, tmp_path: Path) -> None:
    _store_without_projecting(service, tmp_path, 2)
    assert service.catch_up() > 0
    assert service.catch_up() == 0
    assert len(service.timeline("C-1")) == 80


def test_two_catch_ups_at_once_count_each_entry_once(
    service: ChronologyService, tmp_path: Path
) -> None:
    _store_without_projecting(service, tmp_path, 4)
    failures: list[BaseException] = []

    def catch_up() -> None:
        try:
            service.catch_up()
        except BaseException as problem:
            failures.append(problem)

    threads = [threading.Thread(target=catch_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    entries = service.timeline("C-1")
    assert len(entries) == 160
    assert len({entry["id"] for entry in entries}) == 160


def test_reads_of_a_case_do_not_move_the_timelines_position(
    service: ChronologyService, tmp_path: Path
) -> None:
    service.import_file(_extract(1, tmp_path), "C-1", "u")
    stamp = service.timeline_stamp("C-1")
    reader = service.accounts.add_user("Ann Reviewer", Role.REVIEWER, "correct horse battery")
    for _ in range(3):
        service.accounts.record_access(reader, "C-1", "timeline", Via.API)
        assert len(service.timeline("C-1")) == 40
    assert service.timeline_stamp("C-1") == stamp
    assert service.timeline_catch_up.is_current()
    service.import_file(_extract(2, tmp_path), "C-1", "u")
    assert service.timeline_stamp("C-1") != stamp
    assert len(service.timeline("C-1")) == 80
