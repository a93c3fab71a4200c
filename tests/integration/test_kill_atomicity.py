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

import pytest

from chronology.bootstrap import open_service
from chronology.domain.entry import Entry
from chronology.domain.extract import Extract
from chronology.settings import Settings
from tests.builders import ExtractBuilder

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


def _start_import(extract: Path, store: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "views.cli",
        "import",
        str(extract),
        "--case",
        CASE,
        "--store",
        str(store),
    ]
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2],
    )


def _timed_import(extract: Path, store: Path) -> float:
    """How long one whole import takes here, start-up included, so kills can aim inside it."""
    started = time.monotonic()
    assert _start_import(extract, store).wait(timeout=300) == 0
    return time.monotonic() - started


class Watcher(threading.Thread):
    """Counts the timeline's rows over and over, on its own connection, as a reader would."""

    def __init__(self, store: Path) -> None:
        super().__init__(daemon=True)
        self.store, self.seen, self.stop = store, Counter[int](), threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with sqlite3.connect(self.store, timeout=30) as connection:
                    (count,) = connection.execute(
                        "SELECT count(*) FROM timeline_versions WHERE held_to IS NULL"
                    ).fetchone()
                self.seen[count] += 1
            except sqlite3.OperationalError:
                pass  # the table does not exist until the first import creates it
            time.sleep(0.01)


def _entry_counts_by_organisation(store: Path) -> tuple[Counter[str], set[str]]:
    service = open_service(Settings(store=store))
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
@pytest.mark.xdist_group("kill")
def test_killed_imports_leave_each_extract_whole_or_absent(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    extracts = [_extract(number, tmp_path) for number in range(ORGANISATIONS)]
    duration = _timed_import(extracts[0], tmp_path / "calibration.sqlite")
    open_service(Settings(store=store)).close()
    watcher = Watcher(store)
    watcher.start()
    chance = random.Random(os.getpid())
    killed = 0
    for attempt in range(KILLS + ORGANISATIONS):
        process = _start_import(extracts[attempt % ORGANISATIONS], store)
        if attempt < KILLS:
            time.sleep(chance.uniform(0.3, 1.0) * duration)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
        process.wait(timeout=300)
    watcher.stop.set()
    watcher.join()

    entries, imported = _entry_counts_by_organisation(store)
    assert killed >= 5, "too few imports were killed mid-way to prove anything"
    assert all(count == ENTRIES for count in entries.values()), entries
    assert set(entries) == imported == {f"ORGANISATION {n}" for n in range(ORGANISATIONS)}
    assert all(count % ENTRIES == 0 for count in watcher.seen), watcher.seen
    service = open_service(Settings(store=store))
    try:
        assert len(service.timeline(CASE)) == ENTRIES * ORGANISATIONS
    finally:
        service.close()
