"""`chronology user add` and `user token` as an administrator or a script runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from chronology.bootstrap import open_service
from chronology.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def chronology(*args: str, store: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "views.cli", *args, "--store", str(store)]
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


def test_a_user_added_with_a_piped_password_signs_in_with_it(tmp_path: Path) -> None:
    store = tmp_path / "cli.sqlite"
    added = chronology(
        "user",
        "add",
        "Ann Reviewer",
        "--role",
        "reviewer",
        "--case",
        "C-1",
        "--case",
        "C-2",
        store=store,
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Ann Reviewer" in added.stdout and PASSWORD not in added.stdout + added.stderr
    service = open_service(Settings(store=store))
    try:
        account = service.accounts.authenticate_password("Ann Reviewer", PASSWORD)
        assert account is not None and account.cases == {"C-1", "C-2"}
    finally:
        service.close()


def test_user_token_prints_only_a_token_that_signs_in(tmp_path: Path) -> None:
    store = tmp_path / "cli.sqlite"
    chronology("user", "add", "Bo Chair", "--role", "chair", store=store, stdin=PASSWORD)
    issued = chronology("user", "token", "bo chair", store=store)
    assert issued.returncode == 0, issued.stderr
    [token] = issued.stdout.splitlines()
    service = open_service(Settings(store=store))
    try:
        account = service.accounts.authenticate_token(token)
        assert account is not None and account.name == "Bo Chair"
    finally:
        service.close()


def test_an_empty_or_short_password_is_refused_and_nothing_stored(tmp_path: Path) -> None:
    store = tmp_path / "cli.sqlite"
    for given in ("", "\n", "short pass\n"):
        refused = chronology("user", "add", "Ann", "--role", "admin", store=store, stdin=given)
        assert refused.returncode == 1 and "password" in refused.stderr
        assert "short pass" not in refused.stderr
    assert chronology("user", "token", "Ann", store=store).returncode == 1


def test_an_uploader_needs_an_organisation(tmp_path: Path) -> None:
    store = tmp_path / "cli.sqlite"
    refused = chronology("user", "add", "Una", "--role", "uploader", store=store, stdin=PASSWORD)
    assert refused.returncode == 1 and "organisation" in refused.stderr
    added = chronology(
        "user",
        "add",
        "Una",
        "--role",
        "uploader",
        "--organisation",
        "NORTHSHIRE POLICE",
        store=store,
        stdin=PASSWORD,
    )
    assert added.returncode == 0, added.stderr
