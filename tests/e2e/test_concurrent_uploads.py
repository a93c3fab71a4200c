"""QUALITY.md, reliability: "two uploads of different extracts to the same case at the same
moment both land, with nothing lost", over real HTTP, on SQLite and on PostgreSQL.

Two `chronology serve` processes share one store, and six organisations' extracts are sent to
one case at once, alternately to each server (so uploads race both within a server's worker
threads and between processes). Every upload must be stored whole, and the case must then
hold every entry of every extract.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.settings import Settings
from tests.builders import ExtractBuilder
from tests.e2e.test_cli import ROOT
from tests.e2e.test_serve import _free_port, _wait_for

CASE = "RR-RACE"
SENDERS = 6
ENTRIES = 40


@dataclass
class Servers:
    bases: list[str]
    token: str


def _store(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> tuple[Settings, dict[str, str]]:
    if kind == "sqlite":
        store = tmp_path / "race.sqlite"
        return Settings(store=store), {"CHRONOLOGY_STORE": str(store)}
    url = request.getfixturevalue("fresh_postgres")
    return Settings(database_url=url), {"CHRONOLOGY_DATABASE_URL": url}


@pytest.fixture(params=["sqlite", "postgres"])
def servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Servers]:
    settings, environment = _store(request.param, request, tmp_path)
    service = open_service(settings)
    try:
        service.accounts.add_user(
            "Rae Reviewer", Role.REVIEWER, "correct horse battery", cases=[CASE]
        )
        token = service.accounts.issue_token("Rae Reviewer")
    finally:
        service.close()
    environment |= {"PATH": "/usr/bin:/bin", "CHRONOLOGY_SECRET_KEY": "race"}
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "views.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=environment,
        )
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait_for(base)
        yield Servers(bases, token)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _extract(number: int, folder: Path) -> Path:
    """Organisation `number`'s extract: one child and ENTRIES home visits."""
    builder = ExtractBuilder(organisation=f"NORTHSHIRE AGENCY {number}", agency="other")
    builder.person("C1", "Finn", "Doyle", date_of_birth="14/08/2023")
    for day in range(ENTRIES):
        builder.event(f"A{number}-{day}", f"2024-01-{day % 28 + 1:02d}", "home_visit", "C1")
    return builder.write_xlsx(folder / f"agency-{number}.xlsx")


def test_different_extracts_uploaded_at_the_same_moment_all_land(
    servers: Servers, tmp_path: Path
) -> None:
    files = [_extract(number, tmp_path) for number in range(SENDERS)]
    start = threading.Barrier(SENDERS)
    answers: dict[int, tuple[int, float, float]] = {}

    def send(number: int) -> None:
        path = files[number]
        base = servers.bases[number % len(servers.bases)]
        headers = {"Authorization": f"Bearer {servers.token}"}
        with httpx.Client(base_url=base, timeout=120) as client:
            start.wait()
            began = time.monotonic()
            answer = client.post(
                f"/api/cases/{CASE}/extracts",
                headers=headers,
                files={"file": (path.name, path.read_bytes())},
            )
            answers[number] = (answer.status_code, began, time.monotonic())

    threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(status for status, _, _ in answers.values()) == [201] * SENDERS
    assert _overlapping(answers), "the uploads were meant to be in flight together"
    for base in servers.bases:  # each process sees everything, whichever stored it
        timeline = httpx.get(
            f"{base}/api/cases/{CASE}/timeline",
            headers={"Authorization": f"Bearer {servers.token}"},
            timeout=60,
        ).json()
        assert len(timeline) == SENDERS * ENTRIES
        assert len({entry["organisation"] for entry in timeline}) == SENDERS


def _overlapping(answers: dict[int, tuple[int, float, float]]) -> bool:
    spans = sorted((began, ended) for _, began, ended in answers.values())
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans))
