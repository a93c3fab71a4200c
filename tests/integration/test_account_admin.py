"""An admin gives and takes cases, withdraws a user's API tokens or disables the user at the
command line, and a running server (another process's service, its accounts kept) honours it
from the next request: tokens, page sessions and the login form. Enabling restores access."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from chronology.bootstrap import open_service
from chronology.domain.account import Role
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import ExtractBuilder
from views.cli import app as cli
from views.web.app import create_app

PASSWORD = "correct horse battery staple"
NAME = "Lee Leaver"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "accounts.sqlite"


@pytest.fixture
def server(store: Path) -> Iterator[ChronologyService]:
    """The server process's service: it keeps accounts and brings them up to date."""
    service = open_service(Settings(store=store))
    service.accounts.add_user(NAME, Role.REVIEWER, PASSWORD, cases=["C-1"])
    yield service
    service.close()


@pytest.fixture
def client(server: ChronologyService) -> Iterator[TestClient]:
    with TestClient(create_app(server, secret_key="test-key"), follow_redirects=False) as client:
        yield client


def _admin(store: Path, *command: str) -> str:
    """`chronology user ...` run as an admin would, on its own service of the store."""
    done = CliRunner().invoke(cli, ["user", *command, "--store", str(store)])
    assert done.exit_code == 0, done.output
    return done.output


def _api(client: TestClient, token: str) -> int:
    return client.get("/api/cases", headers={"Authorization": f"Bearer {token}"}).status_code


def _login(client: TestClient) -> int:
    page = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    form = {"name": NAME, "password": PASSWORD, "csrf": csrf.group(1)}
    return client.post("/login", data=form).status_code


def test_withdrawn_tokens_stop_signing_in_at_once_and_a_new_one_works(
    store: Path, server: ChronologyService, client: TestClient
) -> None:
    first, second = server.accounts.issue_token(NAME), server.accounts.issue_token(NAME)
    assert _api(client, first) == 200 and _api(client, second) == 200
    assert "Withdrew 2 API tokens of Lee Leaver." in _admin(store, "withdraw-tokens", NAME)
    assert _api(client, first) == 401 and _api(client, second) == 401
    assert "Withdrew 0 API tokens" in _admin(store, "withdraw-tokens", NAME)
    fresh = _admin(store, "token", NAME).strip()
    assert _api(client, fresh) == 200


def test_a_disabled_user_is_refused_everywhere_until_enabled(
    store: Path, server: ChronologyService, client: TestClient
) -> None:
    token = server.accounts.issue_token(NAME)
    assert _login(client) == 303 and client.get("/cases").status_code == 200
    assert "User Lee Leaver disabled." in _admin(store, "disable", NAME)
    assert client.get("/cases").headers.get("location") == "/login"  # the session ends
    assert client.get("/cases/C-1").headers.get("location") == "/login"
    assert _api(client, token) == 401
    assert _login(client) == 401
    assert "User Lee Leaver enabled." in _admin(store, "enable", NAME)
    assert _api(client, token) == 200
    assert _login(client) == 303 and client.get("/cases").status_code == 200


def test_an_unknown_user_is_named_and_nothing_changes(
    store: Path, server: ChronologyService
) -> None:
    for command in ("withdraw-tokens", "disable", "enable"):
        done = CliRunner().invoke(cli, ["user", command, "Nobody", "--store", str(store)])
        assert done.exit_code == 1 and "there is no user 'Nobody'" in done.output


def test_cases_given_and_taken_show_from_the_next_request(
    store: Path, server: ChronologyService, client: TestClient
) -> None:
    extract = ExtractBuilder().person("P1", "Finn", "Doyle").event("N1", "07/09/2024")
    server.import_file(extract.write_csv_folder(store.parent / "police"), "C-1", "test")
    token = server.accounts.issue_token(NAME)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/cases", headers=bearer).json() == ["C-1"]
    assert client.get("/api/cases/C-1/timeline", headers=bearer).status_code == 200
    assert "Gave C-2, C-3 to Lee Leaver." in _admin(
        store, "give", NAME, "--case", "C-2", "--case", "C-3"
    )
    assert server.accounts.signed_in(NAME).cases == {"C-1", "C-2", "C-3"}  # type: ignore[union-attr]
    assert "Took C-1 from Lee Leaver." in _admin(store, "take", NAME, "--case", "C-1")
    account = server.accounts.authenticate_token(token)
    assert account is not None and account.cases == {"C-2", "C-3"}
    assert client.get("/api/cases/C-1/timeline", headers=bearer).status_code == 404
    assert client.get("/api/cases", headers=bearer).json() == []
    refused = CliRunner().invoke(
        cli, ["user", "take", NAME, "--case", "C-1", "--case", "C-2", "--store", str(store)]
    )
    assert refused.exit_code == 1 and "Lee Leaver has not been given 'C-1'" in refused.output
    assert server.accounts.signed_in(NAME).cases == {"C-2", "C-3"}  # type: ignore[union-attr]
