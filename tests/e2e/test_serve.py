"""`chronology serve` as a real server process, answered over real HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.settings import Settings
from tests.builders import ExtractBuilder
from tests.e2e.test_cli import ROOT

CASE = "RR-SERVE"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    store = tmp_path / "serve.sqlite"
    service = open_service(Settings(store=store))
    try:
        builder = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024")
        builder.event("N1", "07/09/2024", "police_welfare_check", "P1")
        service.import_file(builder.write_csv_folder(tmp_path / "police"), CASE, "test")
        service.accounts.add_user("Cal Chair", Role.CHAIR, "correct horse battery", cases=[CASE])
        token = service.accounts.issue_token("Cal Chair")
    finally:
        service.close()
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "views.cli",
        "serve",
        "--port",
        str(port),
        "--store",
        str(store),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={"PATH": "/usr/bin:/bin"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        yield base, token
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not start within 60 s")


def test_the_server_answers_the_api_to_a_token_and_refuses_without_one(
    server: tuple[str, str],
) -> None:
    base, token = server
    assert httpx.get(f"{base}/api/cases").status_code == 401
    answer = httpx.get(f"{base}/api/cases", headers={"Authorization": f"Bearer {token}"})
    assert answer.json() == [CASE]
    entries = httpx.get(
        f"{base}/api/cases/{CASE}/timeline", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert [entry["source"]["record_ref"] for entry in entries] == ["N1"]
