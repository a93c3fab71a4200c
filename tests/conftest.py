"""Fixtures shared by every test: stores of each kind, and a PostgreSQL database per worker."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from chronology.bootstrap import open_service
from chronology.service import ChronologyService
from chronology.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
STORE_KINDS = ["memory", "sqlite", "postgres"]


def _postgres_base_url() -> str:
    url = os.environ.get("CHRONOLOGY_TEST_DATABASE_URL")
    if url:
        return url
    script = str(ROOT / "scripts" / "postgres.sh")
    subprocess.run(["bash", script, "start"], check=True)
    return subprocess.run(
        ["bash", script, "url"], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> str:
    """A database of this test worker's own on the test server (made afresh each session)."""
    base = _postgres_base_url()
    name = f"chronology_test_{worker_id}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base.rsplit('/', 1)[0]}/{name}"


@pytest.fixture
def fresh_postgres(postgres_url: str) -> str:
    """The worker's database, emptied."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return postgres_url


def settings_for(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path, cipher_key: str | None = None
) -> Settings:
    if kind == "memory":
        return Settings(in_memory=True, cipher_key=cipher_key)
    if kind == "sqlite":
        return Settings(store=tmp_path / "store.sqlite", cipher_key=cipher_key)
    return Settings(database_url=request.getfixturevalue("fresh_postgres"), cipher_key=cipher_key)


@pytest.fixture(params=STORE_KINDS)
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """The same test, run on the in-memory, SQLite and PostgreSQL stores."""
    return settings_for(request.param, request, tmp_path)


@pytest.fixture
def service(store_settings: Settings) -> Iterator[ChronologyService]:
    opened = open_service(store_settings)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_service(tmp_path: Path) -> Iterator[ChronologyService]:
    opened = open_service(Settings(store=tmp_path / "store.sqlite"))
    yield opened
    opened.close()


@pytest.hookimpl(trylast=True)  # after every conftest has added its marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Puts each test's xdist group in its id, as xdist's loadgroup scheduler expects.

    pytest-xdist 3.8 does this by setting `item._nodeid`, which pytest 9.2 no longer reads (its
    ids are structured, in `item._id`), so `xdist_group` marks alone group nothing
    (pytest-dev/pytest-xdist#1386). Once xdist sets the id itself, ours is left alone."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        mark = item.get_closest_marker("xdist_group")
        structured = getattr(item, "_id", None)
        if mark is None or structured is None or "@" in item.nodeid:
            continue
        group = mark.args[0] if mark.args else mark.kwargs.get("name", "default")
        item._id = type(structured).parse(f"{item.nodeid}@{group}")
