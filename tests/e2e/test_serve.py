"""`chronology serve` as a real server process, answered over real HTTP."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.settings import Settings
from tests.builders import ExtractBuilder
from tests.e2e.test_cli import ROOT

CASE = "RR-SERVE"
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _police() -> ExtractBuilder:
    builder = ExtractBuilder().person("P1", "Finn", "Doyle", date_of_birth="14/08/2024")
    return builder.event("N1", "07/09/2024", "police_welfare_check", "P1")


@contextmanager
def _serving(store: Path, workers: int) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "views.cli", "serve", "--port", str(port)]
    command += ["--store", str(store), "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, env={"PATH": "/usr/bin:/bin"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    store = tmp_path / "serve.sqlite"
    service = open_service(Settings(store=store))
    try:
        service.import_file(_police().write_csv_folder(tmp_path / "police"), CASE, "test")
        service.accounts.add_user("Cal Chair", Role.CHAIR, "correct horse battery", cases=[CASE])
        token = service.accounts.issue_token("Cal Chair")
    finally:
        service.close()
    with _serving(store, workers=1) as base:
        yield base, token


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


def test_with_two_workers_every_preview_is_confirmed_whichever_worker_answers(
    tmp_path: Path,
) -> None:
    store = tmp_path / "workers.sqlite"
    service = open_service(Settings(store=store))
    service.accounts.add_user(
        "Pat Police", Role.UPLOADER, PASSWORD, "NORTHSHIRE POLICE", cases=[CASE]
    )
    service.close()
    with _serving(store, workers=2) as base, httpx.Client(base_url=base) as browser:
        form = {"name": "Pat Police", "password": PASSWORD, "csrf": _csrf(browser.get("/login"))}
        assert browser.post("/login", data=form).status_code == 303
        for number in range(6):  # a worker that could not see the other's previews fails ~1 in 2
            extract = _police().event(f"N{number + 2}", "08/09/2024", "police_welfare_check", "P1")
            upload = extract.write_json(tmp_path / f"police-{number}.json")
            files = {"file": (upload.name, upload.read_bytes())}
            csrf = _csrf(browser.get(f"/cases/{CASE}/upload"))
            preview = browser.post(f"/cases/{CASE}/upload", data={"csrf": csrf}, files=files)
            token = re.search(r'name="token" value="([^"]+)"', preview.text)
            assert token, preview.text[:300]
            confirm = {"csrf": _csrf(preview), "token": token.group(1)}
            done = browser.post(f"/cases/{CASE}/upload/confirm", data=confirm)
            assert done.status_code == 200, f"upload {number}: {done.status_code}"
    service = open_service(Settings(store=store))
    refs = [entry["source"]["record_ref"] for entry in service.timeline(CASE)]
    service.close()
    assert sorted(refs) == sorted(["N1", *(f"N{n + 2}" for n in range(6))])


def test_a_worker_count_that_is_not_a_number_is_refused_plainly(tmp_path: Path) -> None:
    answer = subprocess.run(
        [sys.executable, "-m", "views.cli", "serve", "--store", str(tmp_path / "s.sqlite")],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "CHRONOLOGY_WORKERS": "many"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert answer.returncode == 2
    assert "CHRONOLOGY_WORKERS must be a whole number" in answer.stderr
    assert "Traceback" not in answer.stderr


def _csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:300]
    return found.group(1)
