"""An extract is stored whole or not at all, even when the importing process is killed (SIGKILL).

Importing processes are killed at random moments, many times, while a reader watches the
timeline; the reader must never see part of an extract, and after restart the store must
hold each extract completely or not at all, with the projection agreeing with the events.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from chronology.bootstrap import open_service
from chronology.domain.entry import Entry
from chronology.domain.extract import Extract
from chronology.settings import Settings
from tests.builders import ExtractBuilder
from tests.conftest import settings_for

ENTRIES = 6000
ORGANISATIONS = 4
KILLS = 20
CASE = "KILL-1"


def _extract(number: int, folder: Path) -> Path:
    builder = ExtractBuilder(organisation=f"ORGANISATION {number}").person("P1", "Finn")
    for row in range(ENTRIES):
        builder.event(
            f"R{row}",
            f"{row % 28 + 1:02d}/{row % 12 + 1:02d}/2023",
            summary=f"Entry {row} of organisation {number}",
        )
    return builder.write_csv_folder(folder / f"org{number}")


def _start_import(extract: Path, settings: Settings) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "views.cli",
        "import",
        str(extract),
        "--case",
        CASE,
        "--store",
        str(settings.store),
    ]
    environment = {"PATH": "/usr/bin:/bin"}
    if settings.database_url:
        environment["CHRONOLOGY_DATABASE_URL"] = settings.database_url
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
    )


def _timed_import(extract: Path, store: Path) -> float:
    """How long one whole import takes here, start-up included, so kills can aim inside it."""
    started = time.monotonic()
    assert _start_import(extract, Settings(store=store)).wait(timeout=300) == 0
    return time.monotonic() - started


class Watcher(threading.Thread):
    """Counts the timeline's rows over and over, on its own connection, as a reader would."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(daemon=True)
        self.settings, self.seen, self.stop = settings, Counter[int](), threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.seen[self._count()] += 1
            time.sleep(0.01)

    def _count(self) -> int:
        query = "SELECT count(*) FROM timeline_versions WHERE held_to IS NULL"
        if self.settings.database_url:
            with psycopg.connect(self.settings.database_url) as connection:
                row = connection.execute(query).fetchone()
        else:
            with sqlite3.connect(self.settings.store, timeout=30) as connection:
                row = connection.execute(query).fetchone()
        return int(row[0]) if row else 0


def _entry_counts_by_organisation(settings: Settings) -> tuple[Counter[str], set[str]]:
    service = open_service(settings)
    try:
        entries, extracts = Counter[str](), set[str]()
        for notification in service.app.recorder.select_notifications(1, 10**9):
            event = service.app.mapper.to_domain_event(notification)
            if isinstance(event, Entry.Recorded):
                entries[event.provenance.organisation] += 1
            elif isinstance(event, Extract.Imported):
                extracts.add(event.organisation)
        return entries, extracts
    finally:
        service.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_killed_imports_leave_each_extract_whole_or_absent(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    settings = settings_for(kind, request, tmp_path)
    extracts = [_extract(number, tmp_path) for number in range(ORGANISATIONS)]
    duration = _timed_import(extracts[0], tmp_path / "calibration.sqlite")
    open_service(settings).close()  # creates the tables the watcher reads
    watcher = Watcher(settings)
    watcher.start()
    chance = random.Random(os.getpid())
    killed = 0
    for attempt in range(KILLS + ORGANISATIONS):
        process = _start_import(extracts[attempt % ORGANISATIONS], settings)
        if attempt < KILLS:
            time.sleep(chance.uniform(0.3, 1.0) * duration)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
        process.wait(timeout=300)
    watcher.stop.set()
    watcher.join()

    entries, imported = _entry_counts_by_organisation(settings)
    assert killed >= 5, "too few imports were killed mid-way to prove anything"
    assert all(count == ENTRIES for count in entries.values()), entries
    assert set(entries) == imported == {f"ORGANISATION {n}" for n in range(ORGANISATIONS)}
    assert all(count % ENTRIES == 0 for count in watcher.seen), watcher.seen
    service = open_service(settings)
    try:
        assert len(service.timeline(CASE)) == ENTRIES * ORGANISATIONS
    finally:
        service.close()
